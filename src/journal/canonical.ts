import canonicalize from 'canonicalize';

/**
 * RFC 8785 (JCS) canonical JSON, byte for byte what npm `canonicalize` 4 writes, at a
 * fraction of its cost: no `seen` set, no rest-spread copy of each entry, and the entry
 * header written in its fixed sorted order. Anything unusual (toJSON, undefined,
 * bigint, NaN, a lone surrogate) goes to `canonicalize` itself, so errors and edge
 * cases stay its own. tests/hash-fixtures*.test.ts hold it to the stored fixtures and
 * to `canonicalize` on random values.
 */
export function canonicalJson(value: unknown): string {
  const text = write(value);
  if (text === undefined) throw new Error('value cannot be canonicalised');
  return text;
}

/** Keys of an entry without its hash, in JCS order (UTF-16 code units). */
const HEADER = ['at', 'body', 'businessDate', 'clerkId', 'deviceId', 'id', 'kind', 'prevHash', 'seq'];
const IN_HEADER = new Set([...HEADER, 'hash']);

/** Canonical JSON of a journal entry without its own `hash`. */
export function canonicalEntryText(entry: object): string {
  const e = entry as Record<string, unknown>;
  if (hasEntryShape(e)) {
    const clerk = e.clerkId === null ? 'null' : str(e.clerkId as string);
    return `{"at":${num(e.at as number)},"body":${obj(e.body as Record<string, unknown>)},"businessDate":${str(e.businessDate as string)},"clerkId":${clerk},"deviceId":${str(e.deviceId as string)},"id":${str(e.id as string)},"kind":${str(e.kind as string)},"prevHash":${str(e.prevHash as string)},"seq":${num(e.seq as number)}}`;
  }
  const { hash: _omit, ...rest } = e;
  return canonicalJson(rest);
}

/** Exactly the header keys (hash optional), each of the type a valid entry has. */
function hasEntryShape(e: Record<string, unknown>): boolean {
  const keys = Object.keys(e);
  const withHash = keys.length === HEADER.length + 1;
  if (!withHash && keys.length !== HEADER.length) return false;
  for (const k of keys) if (!IN_HEADER.has(k)) return false;
  if (!withHash && 'hash' in e) return false;
  const body = e.body;
  return (
    typeof e.at === 'number' &&
    typeof e.seq === 'number' &&
    typeof e.businessDate === 'string' &&
    typeof e.deviceId === 'string' &&
    typeof e.id === 'string' &&
    typeof e.kind === 'string' &&
    typeof e.prevHash === 'string' &&
    (e.clerkId === null || typeof e.clerkId === 'string') &&
    typeof body === 'object' &&
    body !== null &&
    !Array.isArray(body) &&
    typeof (body as { toJSON?: unknown }).toJSON !== 'function'
  );
}

function write(v: unknown): string | undefined {
  switch (typeof v) {
    case 'string':
      return str(v);
    case 'number':
      return num(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'object':
      if (v === null) return 'null';
      if (typeof (v as { toJSON?: unknown }).toJSON === 'function') return canonicalize(v);
      return Array.isArray(v) ? arr(v) : obj(v as Record<string, unknown>);
    default:
      return canonicalize(v);
  }
}

function obj(o: Record<string, unknown>): string {
  const keys = Object.keys(o).sort();
  let out = '{';
  let first = true;
  for (const k of keys) {
    const v = o[k];
    if (v === undefined || typeof v === 'symbol') continue;
    out += `${first ? '' : ','}${str(k)}:${write(v)}`;
    first = false;
  }
  return `${out}}`;
}

function arr(a: unknown[]): string {
  let out = '[';
  for (let i = 0; i < a.length; i++) {
    const v = a[i];
    out += `${i === 0 ? '' : ','}${v === undefined || typeof v === 'symbol' ? 'null' : write(v)}`;
  }
  return `${out}]`;
}

// JCS strings and numbers are ECMAScript's JSON.stringify / Number#toString, which
// escapes only quotes, backslashes, control characters and lone surrogates.
const ESCAPED = /["\\\u0000-\u001f\uD800-\uDFFF]/;
const SURROGATE = /[\uD800-\uDFFF]/;
function str(s: string): string {
  if (!ESCAPED.test(s)) return `"${s}"`;
  if (SURROGATE.test(s)) return canonicalize(s) as string;
  return JSON.stringify(s);
}

function num(n: number): string {
  return Number.isFinite(n) ? `${n}` : (canonicalize(n) as string);
}
