/**
 * `npm run bench [-- name ...]`: runs each bench module that exists, in this order, one
 * after another (they share the machine, so never in parallel). A name picks that bench
 * exactly (`sync` is bench/sync.ts, not sync-client too); a name that is no bench's whole
 * name picks every bench it is part of (`peer` → peer-pouchdb). The 1,000-kill run takes
 * about 100 minutes, so only a run that names it (`npm run bench -- kill`) includes it.
 */
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const BENCHES = [
  'store',
  'nfc',
  'printer',
  'sync',
  'sync-client',
  'peer-pouchdb',
  'sync-wire',
  'slow-link',
  'verify',
  'checkout-ui',
  'stock',
  'server-stock',
  'master-pull',
  'points',
  'roster',
  'fuzz',
  'kill',
] as const;
type Bench = (typeof BENCHES)[number];
/** Benches too long for the everyday `npm run bench`; run when named. */
const ONLY_WHEN_NAMED: readonly Bench[] = ['kill'];

function matches(filter: string): Bench[] {
  const exact = BENCHES.filter((b) => b === filter);
  return exact.length > 0 ? exact : BENCHES.filter((b) => b.includes(filter));
}

async function main(filters: string[]): Promise<number> {
  const unknown = filters.filter((f) => matches(f).length === 0);
  if (unknown.length > 0) {
    console.error(`未知的基准测试 / Unknown bench: ${unknown.join(', ')} (have: ${BENCHES.join(', ')})`);
    return 2;
  }
  const named = new Set(filters.flatMap(matches));
  const chosen = BENCHES.filter((b) => (filters.length === 0 ? !ONLY_WHEN_NAMED.includes(b) : named.has(b)));
  if (filters.length === 0) {
    console.log(`不含长时基准 / Not in this run (name it to run it): ${ONLY_WHEN_NAMED.join(', ')}`);
  }
  let failed = 0;
  for (const name of chosen) {
    const file = fileURLToPath(new URL(`./${name}.ts`, import.meta.url));
    if (!existsSync(file)) continue;
    console.log(`\n=== bench: ${name} ===`);
    const started = performance.now();
    try {
      const mod = (await import(`./${name}.ts`)) as { run?: () => Promise<void> };
      if (typeof mod.run !== 'function') throw new Error(`bench/${name}.ts does not export run()`);
      await mod.run();
      console.log(`=== ${name}: done in ${((performance.now() - started) / 1000).toFixed(1)} s ===`);
    } catch (e) {
      failed++;
      console.error(`=== ${name}: FAILED ===`);
      console.error(e);
    }
  }
  return failed === 0 ? 0 : 1;
}

// Explicit exit: a bench that leaves a handle open (a reader, a socket) must not hang the run.
main(process.argv.slice(2)).then((code) => {
  process.stdout.write('', () => process.exit(code));
});
