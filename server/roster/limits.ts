/**
 * The largest roster accepted. A township of 50,000 households is about 3 MB as XLSX
 * and 4 MB as CSV; anything far bigger is the wrong file, and is refused from its
 * Content-Length before a byte is parsed.
 */
export const MAX_ROSTER_BYTES = 20 * 1024 * 1024;
export const MAX_ROSTER_ROWS = 100_000;
