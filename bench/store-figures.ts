import { openDatabase } from '../main/store';

/** One ledger size's figures in the store bench (bench/store.ts). */
export interface Row {
  entries: number;
  buildS: number;
  commitP50: number;
  commitP99: number;
  commitMax: number;
  commitCpu: number;
  rowsCpu: number;
  floorP50: number;
  floorP99: number;
  floorCpu: number;
  lookupP50Us: number;
  lookupP99Us: number;
  verifyS: number;
  verifyOk: boolean;
  fileBytes: number;
  peakRssMiB: number;
}

/** What any durable commit costs here (fsync of the WAL), to read the commit figures against. */
export function durableFloor(path: string, samples: number): { p50: number; p99: number; cpu: number } {
  const db = openDatabase(path);
  try {
    db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY, v TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO t (v) VALUES (?)');
    const times: number[] = [];
    const cpu = process.cpuUsage();
    for (let i = 0; i < samples; i++) {
      const started = performance.now();
      db.transaction(() => insert.run('x'.repeat(200))).immediate();
      times.push(performance.now() - started);
    }
    const used = process.cpuUsage(cpu);
    return { ...quantiles(times), cpu: (used.user + used.system) / 1000 / samples };
  } finally {
    db.close();
  }
}

export function quantiles(xs: number[]): { p50: number; p99: number; max: number } {
  const s = Float64Array.from(xs).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)]!;
  return { p50: at(0.5), p99: at(0.99), max: at(1) };
}

export function printTable(rows: Row[]): void {
  const head = [
    'entries',
    'build s',
    'commit p50 ms',
    'commit p99 ms',
    'commit max ms',
    'commit CPU ms',
    'rows CPU ms',
    'floor p50 ms',
    'floor p99 ms',
    'floor CPU ms',
    'p99 / floor p99',
    'balance p50 µs',
    'balance p99 µs',
    'verify s',
    'db size MiB',
    'peak RSS MiB',
  ];
  const body = rows.map((r) => [
    r.entries.toLocaleString('en'),
    r.buildS.toFixed(1),
    r.commitP50.toFixed(3),
    r.commitP99.toFixed(3),
    r.commitMax.toFixed(2),
    r.commitCpu.toFixed(3),
    r.rowsCpu.toFixed(3),
    r.floorP50.toFixed(3),
    r.floorP99.toFixed(3),
    r.floorCpu.toFixed(3),
    `${(r.commitP99 / r.floorP99).toFixed(2)}×`,
    r.lookupP50Us.toFixed(2),
    r.lookupP99Us.toFixed(2),
    `${r.verifyS.toFixed(1)}${r.verifyOk ? '' : ' FAILED'}`,
    (r.fileBytes / 1024 ** 2).toFixed(1),
    r.peakRssMiB.toFixed(0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
  const line = (cells: string[]) => `  ${cells.map((c, i) => c.padStart(widths[i]!)).join('  ')}`;
  console.log(line(head));
  for (const b of body) console.log(line(b));
}
