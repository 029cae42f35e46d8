import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { TillStore } from '../../main/store';
import { type Postgres, startPostgres } from './postgres';
import { OfficerApi, type ServerProcess, startServer } from './server-process';
import { seedTownship, type Township } from './township';

/**
 * A township server process on the chosen dialect, its clock started at `nowMs`, an
 * officer logged in and a township seeded through the API. `close()` closes the till
 * stores the test opened (pushed to `stores`), stops the server and PostgreSQL, and
 * removes the temp dir.
 */
export interface SeededTownship {
  dir: string;
  /** The PostgreSQL database the server uses; undefined on SQLite (the file is `dir`/server.db). */
  databaseUrl: string | undefined;
  server: ServerProcess;
  api: OfficerApi;
  t: Township;
  stores: TillStore[];
  close(): Promise<void>;
}

export async function startSeededTownship(opts: {
  dialect: 'sqlite' | 'postgres';
  nowMs: number;
  size: Parameters<typeof seedTownship>[1];
  dirPrefix: string;
}): Promise<SeededTownship> {
  const dir = mkdtempSync(join(tmpdir(), opts.dirPrefix));
  let pgsql: Postgres | null = null;
  let server: ServerProcess | null = null;
  const stores: TillStore[] = [];
  const close = async () => {
    for (const s of stores.splice(0)) s.close();
    await server?.stop();
    await pgsql?.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    if (opts.dialect === 'postgres') pgsql = await startPostgres();
    const databaseUrl = pgsql ? await pgsql.newDatabase() : undefined;
    server = await startServer({ dir, nowMs: opts.nowMs, databaseUrl });
    const api = new OfficerApi(server.url);
    await api.login();
    const t = await seedTownship(api, opts.size);
    return { dir, databaseUrl, server, api, t, stores, close };
  } catch (e) {
    await close();
    throw e;
  }
}
