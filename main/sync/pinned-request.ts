import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { isIP } from 'node:net';
import { type TLSSocket, connect as tlsConnect } from 'node:tls';
import { brotliDecompress, gunzip } from 'node:zlib';
import { tillError } from '../../src/errors';

/**
 * HTTP(S) to the township server. A township server makes its own self-signed certificate
 * on first run (no CA will sign a village office PC), so a till cannot trust it the way a
 * browser trusts a web site. Instead it pins the certificate: the enrolment code's QR and
 * the setup file carry its SHA-256, and every connection checks the certificate the server
 * presents against that before a single byte of the request is sent. Without a pin an
 * https:// address is checked against the system's CAs (a server behind a proper proxy).
 */
export interface PinnedRequest {
  method: string;
  headers: Record<string, string>;
  body?: string | Buffer;
  timeoutMs: number;
  /** The most bytes a packed answer may unpack to (a bigger one is refused, not unpacked). */
  maxAnswerBytes?: number;
  /** SHA-256 of the server's certificate, "AA:BB:…" (32 bytes); null: CA-verified or plain HTTP. */
  tlsFingerprint: string | null;
  /** Called once the whole request is handed to the OS (the caller may work while the server does). */
  onSent?: () => void;
}

export class TlsPinMismatch extends Error {}

const DEFAULT_MAX_ANSWER_BYTES = 64 * 1024 * 1024;
/**
 * Bytes each step of unpacking hands back: at zlib's 16 KiB a 2000-entry pull page (1-2 MB
 * of JSON) came back in about a hundred trips through the pool, 4.4-7.8 ms a page against
 * 2.5-2.9 ms at 256 KiB (issue 14).
 */
const UNPACK_CHUNK_BYTES = 256 * 1024;

export function normaliseTlsFingerprint(s: string): string {
  const hex = s.replace(/[^0-9a-f]/gi, '').toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? '';
}

/** Opens TLS, checks the certificate against the pin, and only then hands the socket over. */
function pinnedSocket(url: URL, fingerprint: string, timeoutMs: number): Promise<TLSSocket> {
  const want = normaliseTlsFingerprint(fingerprint);
  return new Promise((resolve, reject) => {
    const host = url.hostname.replace(/^\[|\]$/g, '');
    const socket = tlsConnect({
      host,
      port: Number(url.port || 443),
      servername: isIP(host) ? undefined : host,
      // The chain cannot verify (self-signed); the pin below is the check instead.
      rejectUnauthorized: false,
      timeout: timeoutMs,
    });
    socket.once('timeout', () => socket.destroy(new Error('TLS connect timed out')));
    socket.once('error', reject);
    socket.once('secureConnect', () => {
      const got = socket.getPeerCertificate().fingerprint256 ?? '';
      if (got !== want) {
        socket.destroy();
        reject(new TlsPinMismatch(`server certificate ${got} is not the pinned ${want}`));
        return;
      }
      socket.removeListener('error', reject);
      resolve(socket);
    });
  });
}

/** The answer as a fetch Response, so callers read it the same way whichever transport ran. */
export async function pinnedRequest(url: URL, r: PinnedRequest): Promise<Response> {
  const https = url.protocol === 'https:';
  const socket = https && r.tlsFingerprint ? await pinnedSocket(url, r.tlsFingerprint, r.timeoutMs) : null;
  return new Promise<Response>((resolve, reject) => {
    const options = {
      method: r.method,
      headers:
        r.body === undefined
          ? r.headers
          : { ...r.headers, 'content-length': String(Buffer.byteLength(r.body)) },
      timeout: r.timeoutMs,
    };
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.once('error', reject);
      res.once('aborted', () => reject(new Error('answer cut off')));
      res.once('end', () => {
        const headers = new Headers();
        for (const [k, v] of Object.entries(res.headers)) {
          if (typeof v === 'string') headers.set(k, v);
          else if (Array.isArray(v)) for (const one of v) headers.append(k, one);
        }
        const status = res.statusCode ?? 502;
        const body: Buffer<ArrayBuffer> | null =
          status === 204 || status === 304 ? null : (Buffer.concat(chunks) as Buffer<ArrayBuffer>);
        const coding = res.headers['content-encoding'];
        if (!body || (coding !== 'br' && coding !== 'gzip')) {
          resolve(new Response(body, { status, headers }));
          return;
        }
        // The server packs large answers (brotli, or gzip for a till that asks only for it);
        // its signature covers the unpacked bytes (decisions 0460, 0498). Unpacked on
        // libuv's pool, so a pull applying one page meanwhile is not held up (0495).
        const limits = {
          maxOutputLength: r.maxAnswerBytes ?? DEFAULT_MAX_ANSWER_BYTES,
          chunkSize: UNPACK_CHUNK_BYTES,
        };
        const done = (e: Error | null, unpacked: Buffer) => {
          if (e) {
            reject(new Error(`answer does not unpack: ${e.message}`));
            return;
          }
          headers.delete('content-encoding');
          headers.delete('content-length');
          resolve(new Response(unpacked as Buffer<ArrayBuffer>, { status, headers }));
        };
        if (coding === 'br') brotliDecompress(body, limits, done);
        else gunzip(body, limits, done);
      });
    };
    const req = socket
      ? // Plain HTTP framing over the already verified TLS socket.
        httpRequest(
          {
            ...options,
            host: url.hostname,
            port: url.port || 443,
            path: `${url.pathname}${url.search}`,
            createConnection: () => socket,
          },
          onAnswer,
        )
      : (https ? httpsRequest : httpRequest)(url, options, onAnswer);
    req.once('timeout', () => req.destroy(new Error('request timed out')));
    req.once('error', reject);
    if (r.onSent) req.once('finish', r.onSent);
    req.end(r.body);
  });
}

/** The refusal a till shows when the server's certificate is not the one its code named. */
export function tlsMismatchError(detail: string) {
  return tillError(
    'KEY_MISMATCH',
    '服务器的证书与登记码上的不一致，已拒绝连接（什么也没有发送）。可能连错了服务器或被冒充，请向乡镇核对。',
    "The server's certificate does not match the one on the enrolment code; the connection was refused and nothing was sent. You may have reached the wrong or an impostor server: check with the township.",
    { detail },
  );
}
