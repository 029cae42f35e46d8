import type { IncomingMessage } from 'node:http';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { syncRefusal } from '../../src/sync/refusals';

/** Answers smaller than this go as they are. */
const COMPRESS_FROM_BYTES = 1024;

/**
 * Bytes each step of unpacking hands on. zlib's default, 16 KiB, cut a push batch's 2-3 MB
 * of JSON into some 150 pieces, each a trip to the thread pool and through two streams, and
 * the server waited on them with nothing else to do: 9-13 ms a 5000-entry batch against
 * 5-6 ms at 256 KiB (issue 14). bodyLimit still counts the unpacked bytes as they come.
 */
const UNPACK_CHUNK_BYTES = 256 * 1024;

/**
 * Request bodies sent with `content-encoding: gzip` are unpacked before the JSON parser
 * keeps their exact text (rawBody), so the device signature is checked over the
 * unpacked bytes, as before (decision 0460). Fastify's bodyLimit counts the unpacked
 * bytes, so a small gzip bomb is refused once it unpacks past the limit. Any other
 * encoding is refused.
 */
export function gunzipRequests(app: FastifyInstance): void {
  app.addHook('preParsing', async (req: FastifyRequest, _reply: FastifyReply, payload: Readable) => {
    const encoding = req.headers['content-encoding'];
    if (encoding === undefined || encoding === 'identity') return payload;
    if (encoding !== 'gzip') throw syncRefusal('malformed', { issue: `content-encoding ${encoding}` });
    const unpacked = createGunzip({ chunkSize: UNPACK_CHUNK_BYTES });
    // What Fastify reads: the unpacked bytes, with the packed count for its content-length check.
    const out = new PassThrough() as PassThrough & { receivedEncodedLength: number };
    out.receivedEncodedLength = 0;
    payload.on('data', (chunk: Buffer) => {
      out.receivedEncodedLength += chunk.length;
    });
    payload.on('error', (e) => out.destroy(e));
    unpacked.on('error', () => out.destroy(syncRefusal('malformed', { issue: 'body is not gzip' })));
    payload.pipe(unpacked).pipe(out);
    return out;
  });
}

/**
 * Gzips a string answer when the client accepts gzip. Registered after the hook that
 * signs the answer, so the signature covers the JSON text and the client checks it
 * after unpacking.
 */
export function gzipAnswer(req: FastifyRequest, reply: FastifyReply, payload: unknown): unknown {
  if (typeof payload !== 'string' || payload.length < COMPRESS_FROM_BYTES) return payload;
  const accepts = (req.raw as IncomingMessage).headers['accept-encoding'] ?? '';
  if (!/\bgzip\b/.test(accepts)) return payload;
  reply.header('content-encoding', 'gzip');
  reply.header('vary', 'accept-encoding');
  return gzipSync(payload);
}
