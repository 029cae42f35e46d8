import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { freePort } from './server-process';

/**
 * A throwaway PostgreSQL for one test file: Debian's binaries, a private data dir,
 * socket dir and loopback port, run as the postgres user (root may not run initdb).
 * Installs the package with apt-get when it is missing and we are root; otherwise
 * fails naming the command.
 *
 *   const pgsql = await startPostgres();
 *   const url = await pgsql.newDatabase();   // a fresh database per server under test
 *   await pgsql.stop();                      // stops exactly this cluster
 */
export const POSTGRES_INSTALL_COMMAND = 'apt-get update && apt-get install -y postgresql';

export interface Postgres {
  readonly port: number;
  newDatabase(): Promise<string>;
  /**
   * CPU time in ms (user + system) of this cluster's processes so far: the postmaster, its
   * living children (backends, WAL writer, checkpointer…) and the children it has reaped.
   * Benches take it before and after a phase to show PostgreSQL's own share.
   */
  cpuMs(): number;
  stop(): Promise<void>;
}

/** The fields of /proc/<pid>/stat after the command name (state is [0], ppid [1]). */
function statOf(pid: number): string[] | null {
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  } catch {
    return null; // ended between the listing and the read
  }
}

/** utime + stime of `pid`, plus cutime + cstime when `reaped`; 100 ticks a second. */
const ticks = (f: string[], reaped: boolean) =>
  Number(f[11]) + Number(f[12]) + (reaped ? Number(f[13]) + Number(f[14]) : 0);

function clusterCpuMs(postmaster: number): number {
  const own = statOf(postmaster);
  if (!own) throw new Error(`postmaster ${postmaster} is gone`);
  let sum = ticks(own, true);
  for (const name of readdirSync('/proc')) {
    if (!/^\d+$/.test(name)) continue;
    const f = statOf(Number(name));
    if (f && Number(f[1]) === postmaster) sum += ticks(f, false);
  }
  return sum * 10;
}

function pgBin(): string {
  const root = '/usr/lib/postgresql';
  if (!existsSync(root)) {
    const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
    if (!isRoot) throw new Error(`PostgreSQL is missing; run as root: ${POSTGRES_INSTALL_COMMAND}`);
    execFileSync(
      'sh',
      ['-c', `DEBIAN_FRONTEND=noninteractive ${POSTGRES_INSTALL_COMMAND.replace('-y', '-y -qq')}`],
      {
        stdio: 'inherit',
      },
    );
  }
  const versions = readdirSync(root).sort((a, b) => Number(a) - Number(b));
  const bin = join(root, versions[versions.length - 1] ?? '', 'bin');
  if (!existsSync(join(bin, 'initdb')))
    throw new Error(`PostgreSQL binaries not found in ${bin}; run ${POSTGRES_INSTALL_COMMAND}`);
  return bin;
}

const asPostgres = (args: string[], cwd: string) => {
  const r = spawnSync('runuser', ['-u', 'postgres', '--', ...args], { cwd, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`${args.join(' ')} failed:\n${r.stdout}\n${r.stderr}`);
};

export async function startPostgres(): Promise<Postgres> {
  const bin = pgBin();
  const dir = mkdtempSync(join(tmpdir(), 'jifen-pg-'));
  chmodSync(dir, 0o777);
  execFileSync('chown', ['postgres:postgres', dir]);
  const port = await freePort();
  asPostgres(
    [
      join(bin, 'initdb'),
      '-D',
      join(dir, 'data'),
      '-U',
      'postgres',
      '--auth=trust',
      '-E',
      'UTF8',
      '--locale=C.UTF-8',
      '--no-sync',
    ],
    dir,
  );
  asPostgres(
    [
      join(bin, 'pg_ctl'),
      '-D',
      join(dir, 'data'),
      '-l',
      join(dir, 'log'),
      '-w',
      'start',
      '-o',
      `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1`,
    ],
    dir,
  );
  let n = 0;
  const postmaster = Number(readFileSync(join(dir, 'data', 'postmaster.pid'), 'utf8').split('\n')[0]);
  return {
    port,
    cpuMs: () => clusterCpuMs(postmaster),
    async newDatabase() {
      const name = `jifen_${process.pid}_${++n}`;
      const client = new pg.Client({ connectionString: `postgres://postgres@127.0.0.1:${port}/postgres` });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return `postgres://postgres@127.0.0.1:${port}/${name}`;
    },
    async stop() {
      asPostgres([join(bin, 'pg_ctl'), '-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop'], dir);
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
