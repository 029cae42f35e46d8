import type { IncomingMessage } from 'node:http';
import { type Readable, Transform } from 'node:stream';
import { brotliCompressSync, constants, createBrotliDecompress, createGunzip, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { syncRefusal } from '../../src/sync/refusals';

/** Answers smaller than this go as they are. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Bytes each step of unpacking hands on. zlib's default, 16 KiB, cut a push batch's 2-3 MB
 * of JSON into some 150 pieces, each a trip to the thread pool and through two streams, and
 * the server waited on them with nothing else to do: 9-13 ms a 5000-entry batch against
 * 5-6 ms at 256 KiB (issue 14).
 */
const UNPACK_CHUNK_BYTES = 256 * 1024;

/**
 * The request codings this server unpacks, named in every signed sync answer's
 * `accept-encoding` (RFC 9110 §12.5.3) so a till packs its next request in brotli only
 * once its server has said it takes it (decision 0498); an earlier server names none,
 * and the till keeps to gzip.
 */
const REQUEST_CODINGS = 'br, gzip';

/**
 * Request bodies sent with `content-encoding: gzip` or `br` are unpacked before the JSON
 * parser keeps their exact text (rawBody), so the device signature is checked over the
 * unpacked bytes, as before (decisions 0460, 0498). Any other encoding is refused.
 *
 * The unpacked bytes are counted here against the route's bodyLimit, and past it the
 * unpacker is destroyed and the request refused as too large. Fastify's own count would
 * answer 413 too, but it only stops listening: the unpacker ran on to the end of the
 * bomb, and a brotli bomb of 200 KB unpacks to 1 GiB (14 s of a pool thread), before any
 * signature or rate limit is checked.
 */
export function unpackRequests(app: FastifyInstance): void {
  app.addHook('preParsing', async (req: FastifyRequest, _reply: FastifyReply, payload: Readable) => {
    const encoding = req.headers['content-encoding'];
    if (encoding === undefined || encoding === 'identity') return payload;
    if (encoding !== 'gzip' && encoding !== 'br')
      throw syncRefusal('malformed', { issue: `content-encoding ${encoding}` });
    return unpackedWithin(payload, encoding, req.routeOptions.bodyLimit);
  });
}

/** `payload` unpacked, failing with `too-large` and stopping the unpacker once past `limitBytes`. */
function unpackedWithin(payload: Readable, encoding: 'gzip' | 'br', limitBytes: number): Readable {
  const unpacker =
    encoding === 'br'
      ? createBrotliDecompress({ chunkSize: UNPACK_CHUNK_BYTES })
      : createGunzip({ chunkSize: UNPACK_CHUNK_BYTES });
  let unpackedBytes = 0;
  // What Fastify reads: the unpacked bytes, with the packed count for its content-length check.
  const out = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      unpackedBytes += chunk.length;
      if (unpackedBytes > limitBytes) {
        payload.unpipe(unpacker);
        unpacker.destroy();
        done(syncRefusal('too-large', { limitBytes }));
        return;
      }
      done(null, chunk);
    },
  }) as Transform & { receivedEncodedLength: number };
  out.receivedEncodedLength = 0;
  payload.on('data', (chunk: Buffer) => {
    out.receivedEncodedLength += chunk.length;
  });
  payload.on('error', (e) => out.destroy(e));
  unpacker.on('error', () => out.destroy(syncRefusal('malformed', { issue: `body is not ${encoding}` })));
  payload.pipe(unpacker).pipe(out);
  return out;
}

/** The codings an answer may be packed in. */
export type AnswerCoding = 'br' | 'gzip';

/**
 * An answer's text packed as the server sends it. Brotli at quality 1 with a 4 MiB
 * window: a pull page of a month's mix packs to 92 B/entry in 2.3 µs/entry of the
 * server's CPU, where gzip's default level took 97 B in 7.0 µs (decision 0498). A
 * township serves many tills' pulls, and in the bench the server shares the till's two
 * cores, so the CPU counts. gzip stays, at its default level, for earlier tills.
 */
export function packedAnswer(text: string, coding: AnswerCoding): Buffer {
  if (coding === 'gzip') return gzipSync(text);
  return brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  });
}

/** The codings an Accept-Encoding header lists (q=0 is a refusal, so not listed). */
function accepted(header: string | undefined): Set<string> {
  const codings = new Set<string>();
  for (const part of (header ?? '').split(',')) {
    const [coding = '', ...params] = part.trim().toLowerCase().split(';');
    const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
    if (coding && !(q && Number(q.slice(2)) === 0)) codings.add(coding.trim());
  }
  return codings;
}

/**
 * Names the request codings taken, and packs a string answer in a coding the client
 * accepts: brotli if it lists br (tills from decision 0498 on), else gzip (earlier
 * tills), else as it is. Registered after the hook
 * that signs the answer, so the signature covers the JSON text, whatever the packing, and
 * the client checks it after unpacking (decision 0460).
 */
export function packAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  reply.header('accept-encoding', REQUEST_CODINGS);
  if (typeof payload !== 'string' || payload.length < COMPRESS_FROM_BYTES) return payload;
  const codings = accepted((req.raw as IncomingMessage).headers['accept-encoding']);
  const coding: AnswerCoding | null = codings.has('br') ? 'br' : codings.has('gzip') ? 'gzip' : null;
  if (!coding) return payload;
  reply.header('content-encoding', coding);
  reply.header('vary', 'accept-encoding');
  return packedAnswer(payload, coding);
}
