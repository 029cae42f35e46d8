import type { Migration } from './types';

/**
 * Door plates (decision 0910): each household keeps the signed plate text the township
 * server sent with it (the demo seed signs with the demo township's key), for the plate
 * sheet. A scanned plate is checked by its signature, never by this column. An enrolled till
 * pulls the whole master data once more (master version back to 0): a delta pull sends changed
 * rows only, and the households it already has would otherwise never bring their plates.
 */
export const migration: Migration = {
  version: 9,
  name: 'door-plates',
  sql: `
ALTER TABLE households ADD COLUMN plate TEXT;
UPDATE settings SET value = '0' WHERE key = 'sync.master_version';
`,
};
