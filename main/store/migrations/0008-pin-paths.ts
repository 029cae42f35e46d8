import type { Migration } from './types';

/**
 * Wrong PINs are counted per clerk and per path (login, approval, unlock), so wrong PINs
 * typed at the login for the manager do not stop the manager approving a void
 * (decision 0310). Counts carried over from the one-per-clerk table belong to the login.
 */
export const migration: Migration = {
  version: 8,
  name: 'pin-paths',
  sql: `
CREATE TABLE pin_lockouts (
  clerk_id TEXT NOT NULL REFERENCES clerks(id),
  path TEXT NOT NULL CHECK (path IN ('login','approve','unlock')),
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until INTEGER,
  PRIMARY KEY (clerk_id, path)
) STRICT;
INSERT INTO pin_lockouts (clerk_id, path, failed_attempts, locked_until)
  SELECT clerk_id, 'login', failed_attempts, locked_until FROM clerk_lockouts;
DROP TABLE clerk_lockouts;
`,
};
