/** A forward migration: runs once, in a transaction, after a backup of the file. */
export interface Migration {
  version: number;
  name: string;
  sql: string;
}
