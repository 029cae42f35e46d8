import { v7 } from 'uuid';
import type { Clock } from './clock';

/** UUIDv7: time-ordered, so ids sort by creation and index well in SQLite and PostgreSQL. */
export function newId(clock: Clock): string {
  return v7({ msecs: clock.now() });
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

export function isUuid(s: string): boolean {
  return UUID.test(s);
}
