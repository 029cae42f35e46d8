import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import canonicalize from 'canonicalize';
import { afterAll, describe, expect, it } from 'vitest';
import { TillStore } from '../main/store';
import { type EntryRow, entryFromRow } from '../main/store/rows';
import { PageChecker } from '../main/sync/check-worker';
import { foreignReader, pushRequestText } from '../main/sync/push-batch';
import { ManualClock } from '../src/clock';
import { fromSerialized, type TillError } from '../src/errors';
import {
  canonicalEntry,
  canonicalJson,
  checkChain,
  ENTRY_KINDS,
  entryHash,
  entryTextWithBody,
  type JournalEntry,
  JournalEntrySchema,
  pureSha256,
  useSha256,
} from '../src/journal';
import { SAMPLES, sampleEntry } from './fixtures/hash-samples';

/**
 * Byte identity of the hash chain: the canonical text and SHA-256 of every entry kind,
 * stored once from the implementation of 2026-12-01 (npm `canonicalize` + @noble/hashes,
 * kept below as the reference), must come out of today's code unchanged on the till's
 * path and on the server's. Any faster canonical JSON or hashing must pass this.
 */
interface Fixture {
  kind: string;
  label: string;
  entry: JournalEntry;
  canonical: string;
  hash: string;
}

const nodeSha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const FILE = join(import.meta.dirname, 'fixtures', 'hash-fixtures.json');

function reference(entry: object): { canonical: string; hash: string } {
  const { hash: _omit, ...rest } = entry as { hash?: string };
  const canonical = canonicalize(rest) as string;
  return { canonical, hash: bytesToHex(sha256(utf8ToBytes(canonical))) };
}

function load(): Fixture[] {
  const stored = JSON.parse(readFileSync(FILE, 'utf8')) as Fixture[];
  if (process.env.JIFEN_ADD_HASH_FIXTURES !== '1') return stored;
  // Adds samples that have no fixture yet, from the reference; never rewrites a stored one.
  const have = new Set(stored.map((f) => `${f.kind}/${f.label}`));
  SAMPLES.forEach((s, i) => {
    if (have.has(`${s.kind}/${s.label}`)) return;
    const unhashed = sampleEntry(s, stored.length + i);
    const { canonical, hash } = reference(unhashed);
    stored.push({
      kind: s.kind,
      label: s.label,
      entry: { ...unhashed, hash } as JournalEntry,
      canonical,
      hash,
    });
  });
  writeFileSync(FILE, `${JSON.stringify(stored, null, 2)}\n`);
  return stored;
}

/** The same object with every key order reversed, as another runtime might build it. */
function reversed(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(reversed);
  if (v && typeof v === 'object') {
    return Object.fromEntries(
      Object.entries(v)
        .reverse()
        .map(([k, x]) => [k, reversed(x)]),
    );
  }
  return v;
}

const fixtures = load();
const dirs: string[] = [];

/** Each fixture as written by its own device, so none is a chain of another, hashed again. */
function fromOwnDevices(): JournalEntry[] {
  return fixtures.map((f, i) => {
    const e = { ...f.entry, deviceId: f.entry.deviceId.replace(/\d{4}$/, String(i).padStart(4, '0')) };
    return { ...e, hash: reference(e).hash } as JournalEntry;
  });
}
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

describe('stored hash fixtures', () => {
  it('cover every entry kind and every sample', () => {
    const kinds = new Set(fixtures.map((f) => f.kind));
    const missing = ENTRY_KINDS.filter((k) => !kinds.has(k));
    expect(
      missing,
      'add a sample to tests/fixtures/hash-samples.ts, then run with JIFEN_ADD_HASH_FIXTURES=1',
    ).toEqual([]);
    const stored = new Set(fixtures.map((f) => `${f.kind}/${f.label}`));
    expect(SAMPLES.filter((s) => !stored.has(`${s.kind}/${s.label}`)).map((s) => s.label)).toEqual([]);
  });

  it('are valid entries, unchanged by the schema, and the reference output', () => {
    for (const f of fixtures) {
      expect(JournalEntrySchema.parse(f.entry)).toEqual(f.entry);
      expect(reference(f.entry)).toEqual({ canonical: f.canonical, hash: f.hash });
      expect(f.entry.hash).toBe(f.hash);
    }
  });

  it.each([
    ['the host hash (node:crypto)', nodeSha256],
    ['the pure hash (@noble/hashes, as in the browser)', pureSha256],
  ])('come out of src/journal byte for byte, whatever the key order, with %s', (_name, impl) => {
    useSha256(impl);
    for (const f of fixtures) {
      const { hash: _h, ...unhashed } = f.entry;
      for (const e of [f.entry, unhashed, reversed(f.entry), JSON.parse(JSON.stringify(f.entry))]) {
        expect(canonicalEntry(e as JournalEntry), `${f.kind}/${f.label}`).toBe(f.canonical);
        expect(entryHash(e as JournalEntry), `${f.kind}/${f.label}`).toBe(f.hash);
      }
    }
  });

  it('pass the server push check (checkChain) with no hash mismatch', () => {
    const problems = checkChain(fixtures.map((f) => f.entry));
    expect(problems.filter((p) => p.kind === 'hash-mismatch')).toEqual([]);
    const tampered = fixtures.map((f) => ({ ...f.entry, at: f.entry.at + 1 }) as JournalEntry);
    expect(checkChain(tampered).filter((p) => p.kind === 'hash-mismatch')).toHaveLength(fixtures.length);
  });

  it('survive the till database: stored as foreign entries, read back, same text and hash', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jifen-hash-fixtures-'));
    dirs.push(dir);
    const store = new TillStore(join(dir, 'till.db'), { clock: new ManualClock(Date.UTC(2026, 9, 15)) });
    // The samples name households and products this till has never seen: the bytes are under test, not master data.
    store.db.pragma('foreign_keys = OFF');
    try {
      const rehashed = fromOwnDevices();
      expect(store.applyForeign(rehashed).applied).toBe(rehashed.length);
      const rows = store.db.prepare('SELECT * FROM foreign_entries ORDER BY device_id').all() as (EntryRow & {
        device_id: string;
      })[];
      const back = rows.map((r) => entryFromRow(r, r.device_id));
      expect(back).toHaveLength(rehashed.length);
      for (const e of back) {
        expect(canonicalEntry(e)).toBe(reference(e).canonical);
        expect(entryHash(e)).toBe(e.hash);
      }
      // The body is stored as its canonical text, so verify hashes the stored bytes as they are.
      for (const r of rows) {
        const e = entryFromRow(r, r.device_id);
        expect(r.body).toBe(canonicalJson(e.body));
        expect(entryTextWithBody(e, r.body)).toBe(reference(e).canonical);
      }
      // The sync client leaves entry validation to applyForeign: a page with one malformed entry stores nothing.
      const fresh = rehashed.map((e, i) => ({
        ...e,
        id: e.id.replace(/^0193/, '0194'),
        seq: e.seq + 1000 + i,
      }));
      const broken = {
        ...fresh[1]!,
        body: { ...fresh[1]!.body, householdId: 42 },
      } as unknown as JournalEntry;
      expect(() => store.applyForeign([fresh[0]!, broken])).toThrow();
      expect(store.db.prepare('SELECT count(*) FROM foreign_entries').pluck().get()).toBe(rehashed.length);
    } finally {
      store.close();
    }
  });

  it("are checked on the pull's worker thread exactly as applyForeign checks them, and a changed one refuses its page", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'jifen-hash-fixtures-'));
    dirs.push(dir);
    const store = new TillStore(join(dir, 'till.db'), { clock: new ManualClock(Date.UTC(2026, 9, 15)) });
    store.db.pragma('foreign_keys = OFF');
    const checker = new PageChecker();
    const refusalOf = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as TillError).toJSON();
      }
      throw new Error('not refused');
    };
    try {
      const page = fromOwnDevices();
      const text = JSON.stringify({ entries: page, cursor: 1, more: true });
      const checked = await checker.check(text, store.deviceId);
      expect(checked).toEqual({ bodies: page.map((e) => canonicalJson(e.body)), exact: true });
      // Stored from the main thread's own parse of the same text, with the worker's body texts.
      const own = JSON.parse(text).entries as JournalEntry[];
      expect(store.applyCheckedForeign(own, (checked as { bodies: string[] }).bodies).applied).toBe(
        page.length,
      );
      const rows = store.db.prepare('SELECT * FROM foreign_entries ORDER BY device_id').all() as (EntryRow & {
        device_id: string;
      })[];
      for (const r of rows) {
        const e = entryFromRow(r, r.device_id);
        expect(entryTextWithBody(e, r.body)).toBe(reference(e).canonical);
        expect(entryHash(e)).toBe(e.hash);
      }

      // Any changed field fails its hash: the worker refuses the page with applyForeign's own error.
      const fresh = page.map((e, i) => ({ ...e, id: e.id.replace(/^0193/, '0194'), seq: e.seq + 1000 + i }));
      const rehashed = fresh.map((e) => ({ ...e, hash: reference(e).hash }) as JournalEntry);
      const changed = [...rehashed];
      changed[3] = { ...changed[3]!, at: changed[3]!.at + 1 };
      const hashRefusal = await checker.check(JSON.stringify({ entries: changed }), store.deviceId);
      expect(hashRefusal).toEqual({ refused: refusalOf(() => store.applyForeign(changed)) });
      expect(fromSerialized((hashRefusal as { refused: TillError }).refused).code).toBe('SYNC_REFUSED');
      expect((hashRefusal as { refused: TillError }).refused.details).toEqual({ id: changed[3]!.id });
      // So does one the schema refuses.
      const malformed = [...rehashed];
      malformed[1] = {
        ...malformed[1]!,
        body: { ...malformed[1]!.body, householdId: 42 },
      } as unknown as JournalEntry;
      expect(await checker.check(JSON.stringify({ entries: malformed }), store.deviceId)).toEqual({
        refused: refusalOf(() => store.applyForeign(malformed)),
      });
      // This till's own entry is skipped unhashed, as applyForeign skips it.
      const mine = { ...changed[3]!, deviceId: store.deviceId };
      expect(await checker.check(JSON.stringify({ entries: [mine] }), store.deviceId)).toEqual({
        bodies: [null],
        exact: true,
      });
      // An entry the schema changes (it trims text) is not the one the main thread parsed: not exact.
      const sale = rehashed.find((e) => e.kind === 'sale')! as JournalEntry & {
        body: { lines: { name: string }[] };
      };
      const padded = {
        ...sale,
        body: {
          ...sale.body,
          lines: sale.body.lines.map((l, i) => (i === 0 ? { ...l, name: ` ${l.name} ` } : l)),
        },
      };
      const trimmed = JournalEntrySchema.parse(padded) as JournalEntry;
      const signed = { ...padded, hash: reference(trimmed).hash };
      expect(await checker.check(JSON.stringify({ entries: [signed] }), store.deviceId)).toEqual({
        bodies: [canonicalJson(trimmed.body)],
        exact: false,
      });
      expect(store.db.prepare('SELECT count(*) FROM foreign_entries').pluck().get()).toBe(page.length);
      await checker.close();
      expect(await checker.check(text, store.deviceId)).toBeNull();
    } finally {
      await checker.close();
      store.close();
    }
  });

  it('go on the push wire as the very entries: the JSON SQLite writes is the old text, and a body cannot add a field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'jifen-hash-fixtures-'));
    dirs.push(dir);
    const store = new TillStore(join(dir, 'till.db'), { clock: new ManualClock(Date.UTC(2026, 9, 15)) });
    store.db.pragma('foreign_keys = OFF');
    try {
      const device = fixtures[0]!.entry.deviceId;
      // One chain of every sample, so one read gives them all in seq order.
      const entries = fixtures.map((f, i) => ({ ...f.entry, deviceId: device, seq: i + 1 }) as JournalEntry);
      const chained = entries.map((e) => ({ ...e, hash: reference(e).hash }) as JournalEntry);
      expect(store.applyForeign(chained).applied).toBe(chained.length);
      const rows = store.db
        .prepare('SELECT * FROM foreign_entries WHERE device_id = ? ORDER BY seq')
        .all(device) as EntryRow[];
      const before = rows.map((r) => entryFromRow(r, device));
      const batch = foreignReader(store, device)(0, 1000);
      expect(batch.map((b) => [b.seq, b.hash])).toEqual(before.map((e) => [e.seq, e.hash]));
      // Byte for byte what JSON.stringify of the parsed entries sent before (decision 0490).
      expect(pushRequestText(batch, 42)).toBe(JSON.stringify({ entries: before, head: 42 }));
      expect(pushRequestText(batch, undefined)).toBe(JSON.stringify({ entries: before }));
      for (const e of JSON.parse(pushRequestText(batch, 42)).entries as JournalEntry[]) {
        expect(canonicalEntry(e)).toBe(reference(e).canonical);
        expect(entryHash(e)).toBe(e.hash);
      }
      // A stored body that is not one JSON value never reaches the wire as text around the entry.
      const forged = { ...rows[0]!, seq: 999, id: rows[0]!.id.replace(/^0193/, '0195') };
      store.db
        .prepare(
          `INSERT INTO foreign_entries (device_id, seq, id, kind, at, business_date, clerk_id, body, prev_hash, hash)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          device,
          999,
          forged.id,
          forged.kind,
          forged.at,
          forged.business_date,
          forged.clerk_id,
          `${forged.body},"hash":"${'0'.repeat(64)}"`,
          forged.prev_hash,
          forged.hash,
        );
      expect(() => foreignReader(store, device)(998, 10)).toThrow(/JSON/);
    } finally {
      store.close();
    }
  });
});
