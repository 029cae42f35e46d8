import type { Migration } from './types';

/**
 * The print queue lives in the till database so a receipt survives a crash, a power
 * cut and a printer that is out of paper. Jobs keep the receipt as JSON, not bytes:
 * a reprint or a changed printer profile lays it out again. `seq` orders the queue
 * (receipts come out in the order the sales happened); `state` moves pending →
 * sending → done, or to failed when a job can never print (it then stops blocking).
 */
export const migration: Migration = {
  version: 2,
  name: 'print-queue',
  sql: `
CREATE TABLE print_jobs (
  seq INTEGER PRIMARY KEY,
  id TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('sale', 'void', 'return', 'shift-summary', 'test-page')),
  payload_json TEXT NOT NULL,
  sale_id TEXT,
  reprint_of TEXT REFERENCES print_jobs (id),
  state TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sending', 'done', 'failed')),
  attempts INTEGER NOT NULL DEFAULT 0,
  last_attempt_at INTEGER,
  last_error TEXT,
  printed_at INTEGER
) STRICT;
CREATE INDEX print_jobs_open ON print_jobs (seq) WHERE state IN ('pending', 'sending');
CREATE INDEX print_jobs_sale ON print_jobs (sale_id) WHERE sale_id IS NOT NULL;
`,
};
