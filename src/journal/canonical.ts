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

/**
 * The canonical text of an entry without its hash, and of its body alone (the till
 * stores the body's canonical text, so verify can hash the stored bytes as they are).
 */
export function canonicalEntryParts(entry: object): { text: string; body: string } {
  const e = entry as Record<string, unknown>;
  if (hasEntryShape(e)) {
    const body = obj(e.body as Record<string, unknown>);
    return { text: entryTextWithBody(e as unknown as EntryHeader, body), body };
  }
  const { hash: _omit, ...rest } = e;
  return { text: canonicalJson(rest), body: canonicalJson(e.body) };
}

/**
 * canonicalEntryParts around a body whose canonical text its caller wrote already (a body
 * of known shape, knownBodyText); an entry of any other shape is written as before.
 */
export function canonicalEntryPartsWith(entry: object, body: string): { text: string; body: string } {
  const e = entry as Record<string, unknown>;
  if (hasEntryShape(e)) return { text: entryTextWithBody(e as unknown as EntryHeader, body), body };
  return canonicalEntryParts(entry);
}

/** The header fields of an entry, as a valid entry has them. */
export interface EntryHeader {
  at: number;
  businessDate: string;
  clerkId: string | null;
  deviceId: string;
  id: string;
  kind: string;
  prevHash: string;
  seq: number;
}

/**
 * An entry's canonical text around a body already written canonically. For a stored
 * entry this is only a candidate: it is its canonical text exactly when its hash
 * matches, because a JSON value's text delimits itself (verify falls back otherwise).
 */
export function entryTextWithBody(e: EntryHeader, body: string): string {
  const clerk = e.clerkId === null ? 'null' : str(e.clerkId);
  return `{"at":${num(e.at)},"body":${body},"businessDate":${str(e.businessDate)},"clerkId":${clerk},"deviceId":${str(e.deviceId)},"id":${str(e.id)},"kind":${str(e.kind)},"prevHash":${str(e.prevHash)},"seq":${num(e.seq)}}`;
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
/** Whether a string's JCS text is the string between quotes, nothing escaped. */
export function needsNoEscape(s: string): boolean {
  return !ESCAPED.test(s);
}

/** A string's JCS text. */
export function str(s: string): string {
  if (!ESCAPED.test(s)) return `"${s}"`;
  if (SURROGATE.test(s)) return canonicalize(s) as string;
  return JSON.stringify(s);
}

/** A number's JCS text. */
export function num(n: number): string {
  return Number.isFinite(n) ? `${n}` : (canonicalize(n) as string);
}
