import { randomUUID } from 'node:crypto';
import { tillError } from '../../src/errors';
import type { RawTable } from './read-table';

/**
 * Uploaded rosters waiting for the officer's mapping and confirmation. They live in the
 * server's memory only: nothing reaches the database until the officer confirms, and a
 * restart simply asks for the file again. One officer's upload is invisible to others.
 */
export interface StagedRoster {
  id: string;
  townshipId: string;
  officerId: string;
  fileName: string;
  table: RawTable;
  headerIndex: number;
  at: number;
}

const TTL_MS = 60 * 60 * 1000;
const MAX_STAGED = 20;

export class RosterStaging {
  private readonly items = new Map<string, StagedRoster>();

  put(item: Omit<StagedRoster, 'id'>): StagedRoster {
    this.prune(item.at);
    while (this.items.size >= MAX_STAGED) this.items.delete(this.items.keys().next().value as string);
    const staged = { ...item, id: randomUUID() };
    this.items.set(staged.id, staged);
    return staged;
  }

  get(id: string, townshipId: string, officerId: string, now: number): StagedRoster {
    this.prune(now);
    const s = this.items.get(id);
    if (!s || s.townshipId !== townshipId || s.officerId !== officerId) {
      throw tillError(
        'INVALID_INPUT',
        '上传的文件已过期，请重新选择文件',
        'The upload has expired; choose the file again',
        {
          reason: 'upload-expired',
        },
      );
    }
    return s;
  }

  drop(id: string): void {
    this.items.delete(id);
  }

  private prune(now: number): void {
    for (const [id, s] of this.items) if (now - s.at > TTL_MS) this.items.delete(id);
  }
}
