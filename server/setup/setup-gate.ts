import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { Db } from '../db/connect';

/**
 * The first-run door: while the server has no officer, one random token made at this
 * process start opens the setup page. It is never stored, so a restart makes a new one
 * and an old printed address stops working; it closes for good once an officer exists.
 */
export class SetupGate {
  private token: string | null;

  private constructor(token: string | null) {
    this.token = token;
  }

  static async open(db: Db): Promise<SetupGate> {
    return new SetupGate((await hasOfficer(db)) ? null : randomBytes(24).toString('base64url'));
  }

  static closed(): SetupGate {
    return new SetupGate(null);
  }

  /** The token to print, or null when setup is done. */
  get pending(): string | null {
    return this.token;
  }

  matches(candidate: string): boolean {
    if (!this.token) return false;
    const a = Buffer.from(candidate);
    const b = Buffer.from(this.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }

  close(): void {
    this.token = null;
  }

  /** Setup failed after closing (say, a database error): the same printed address works again. */
  reopen(token: string): void {
    this.token = token;
  }
}

export async function hasOfficer(db: Db): Promise<boolean> {
  return !!(await db.selectFrom('officers').select('id').executeTakeFirst());
}
