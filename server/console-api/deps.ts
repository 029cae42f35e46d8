import type { FastifyInstance } from 'fastify';
import type { Clock } from '../../src/clock';
import type { ServerKey } from '../crypto/server-key';
import type { Db } from '../db/connect';
import type { SetupGate } from '../setup/setup-gate';
import type { SessionTimes } from './sessions';

/** What every console route module receives. */
export interface ConsoleDeps {
  db: Db;
  clock: Clock;
  key: ServerKey;
  gate: SetupGate;
  times: SessionTimes;
  /** True when served over HTTPS (cookies get Secure). */
  secure: boolean;
  /** SHA-256 of the TLS certificate, when serving HTTPS. */
  tlsFingerprint: string | null;
  /** Address tills dial, when set (JIFEN_PUBLIC_URL); else taken from the request's Host. */
  publicUrl: string | null;
}

/** A console route module: registers its routes under /console/api on `api`. */
export type ConsoleRouteModule = (api: FastifyInstance, deps: ConsoleDeps) => void;
