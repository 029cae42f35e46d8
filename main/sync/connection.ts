import { randomBytes } from 'node:crypto';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import type { Clock } from '../../src/clock';
import { fromSerialized, type SerializedTillError, type TillError, tillError } from '../../src/errors';
import { refusalReason } from '../../src/sync/refusals';
import {
  HEADER_CLOCK_OFFSET,
  HEADER_DEVICE,
  HEADER_NONCE,
  HEADER_SERVER_SIGNATURE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  requestSigningString,
  responseSigningString,
} from '../../src/sync/signing';
import { signWith, verifyWith } from './keys';
import { pinnedRequest, TlsPinMismatch, tlsMismatchError } from './pinned-request';

/** Smaller bodies are sent as they are: gzip would save little and cost a round of CPU. */
const COMPRESS_FROM_BYTES = 1024;

/** A request body already written as JSON text (a push batch, push-batch.ts): sent and signed as it is. */
export class JsonText {
  constructor(readonly text: string) {}
}

/** A packed body (plain JSON text below COMPRESS_FROM_BYTES goes as it is). */
interface Packed {
  bytes: Buffer;
  coding: RequestCoding;
}

/** gzip, which every server version unpacks, or brotli, once the server has named it. */
export type RequestCoding = 'br' | 'gzip';

/**
 * A request body's text packed as the till sends it. gzip at level 1 packs push batches
 * to within 4% of the default level's bytes for two thirds of the CPU (decision 0490).
 * Brotli at quality 1 with a 4 MiB window packs them to 93 against gzip's 108 B/entry
 * in 70% of gzip's CPU (decision 0498).
 */
export function packedRequest(text: string, coding: RequestCoding): Buffer {
  if (coding === 'gzip') return gzipSync(text, { level: 1 });
  return brotliCompressSync(text, {
    params: {
      [constants.BROTLI_PARAM_QUALITY]: 1,
      [constants.BROTLI_PARAM_LGWIN]: 22,
      [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
      [constants.BROTLI_PARAM_SIZE_HINT]: Buffer.byteLength(text),
    },
  });
}

const pack = (text: string, coding: RequestCoding): string | Packed =>
  text.length >= COMPRESS_FROM_BYTES ? { bytes: packedRequest(text, coding), coding } : text;

/** A signed request ready to go: its text is signed and packed, its nonce fresh. */
export interface SignedRequest {
  identity: Identity;
  path: string;
  body: unknown;
  nonce: string;
  payload: string | Packed;
  headers: Record<string, string>;
}

/** The server could not be reached (or did not answer): the till keeps trading offline. */
export class SyncOffline extends Error {}

export interface Identity {
  deviceId: string;
  privateKey: string;
  serverPublicKey: string;
}

export interface ConnectionOptions {
  serverUrl: string;
  clock: Clock;
  /** Server clock minus till clock, learnt from a clock-skew refusal. */
  clockOffsetMs: () => number;
  onClockOffset: (ms: number) => void;
  timeoutMs?: number;
  /** SHA-256 of the server's self-signed certificate, from the enrolment code (pinned-request.ts). */
  tlsFingerprint?: string | null;
  /**
   * How requests are packed, shared by the connections one till opens to its server in
   * turn, so that what one answer taught is not lost when the next sync connects anew.
   */
  packing?: RequestPacking;
}

/**
 * How the next request is packed: brotli once the server's last answer named it among the
 * codings it takes (decision 0498), else gzip. Learnt from each answer afresh, so a till
 * whose server was put back to an earlier version, which refuses brotli as malformed and
 * names nothing, sends that request once more in gzip and keeps to gzip. (The header is
 * not under the server's signature, which covers the body; one forged into an answer
 * costs that one extra request and nothing else.)
 */
export interface RequestPacking {
  coding: RequestCoding;
}

/** Whether an answer's `accept-encoding` names brotli among the request codings its server takes. */
const takesBrotli = (header: string | null): boolean =>
  (header ?? '').split(',').some((c) => c.trim().toLowerCase() === 'br');

/** A wrong certificate is refused as such; anything else on the way is "offline, try later". */
function unreachable(e: unknown): Error {
  if (e instanceof TlsPinMismatch) return tlsMismatchError(e.message);
  return new SyncOffline(`server unreachable: ${(e as Error).message}`);
}

/**
 * One signed request/answer exchange with the township server. The request carries the
 * device signature over method, path, body digest, time and a fresh nonce; the answer
 * must carry the server's signature bound to that nonce, or it is not believed.
 */
export class SyncConnection {
  private readonly packing: RequestPacking;

  constructor(private readonly opts: ConnectionOptions) {
    this.packing = opts.packing ?? { coding: 'gzip' };
  }

  async unsigned<T>(path: string, body: unknown): Promise<T> {
    const res = await this.send(path, pack(JSON.stringify(body), this.packing.coding), {});
    return (await this.read(res, null, null)) as T;
  }

  /**
   * An unsigned request (enrolment: the till has no key the server knows yet) whose answer
   * must carry the signature of the key the caller pinned, bound to a fresh nonce.
   */
  async unsignedPinned<T>(path: string, body: unknown, serverPublicKey: string): Promise<T> {
    const nonce = randomBytes(18).toString('base64url');
    const res = await this.send(path, pack(JSON.stringify(body), this.packing.coding), {
      [HEADER_NONCE]: nonce,
    });
    return (await this.read(res, serverPublicKey, nonce)) as T;
  }

  /** A plain GET (the server's /health names its public key before a code is spent). */
  async get<T>(path: string): Promise<T> {
    let res: Response;
    try {
      res = await pinnedRequest(new URL(path, this.opts.serverUrl), {
        method: 'GET',
        headers: {},
        timeoutMs: this.opts.timeoutMs ?? 30_000,
        tlsFingerprint: this.opts.tlsFingerprint ?? null,
      });
    } catch (e) {
      throw unreachable(e);
    }
    return (await this.read(res, null, null)) as T;
  }

  async signed<T>(identity: Identity, path: string, body: unknown): Promise<T> {
    return this.sendSigned<T>(this.prepareSigned(identity, path, body));
  }

  /**
   * Writes, signs and packs a request without sending it, so a push can make batch n+1
   * ready while the server stores batch n (decision 0490). Requests still go one at a time.
   */
  prepareSigned(identity: Identity, path: string, body: unknown): SignedRequest {
    const text = body instanceof JsonText ? body.text : JSON.stringify(body);
    const offset = this.opts.clockOffsetMs();
    const timestamp = this.opts.clock.now() + offset;
    const nonce = randomBytes(18).toString('base64url');
    const signature = signWith(
      identity.privateKey,
      requestSigningString({
        method: 'POST',
        path,
        body: text,
        deviceId: identity.deviceId,
        timestamp,
        nonce,
      }),
    );
    return {
      identity,
      path,
      body,
      nonce,
      payload: pack(text, this.packing.coding),
      headers: {
        [HEADER_DEVICE]: identity.deviceId,
        [HEADER_TIMESTAMP]: String(timestamp),
        [HEADER_NONCE]: nonce,
        [HEADER_SIGNATURE]: signature,
        [HEADER_CLOCK_OFFSET]: String(offset),
      },
    };
  }

  /** Sends a prepared request; `onSent` runs once its bytes are handed to the OS. */
  async sendSigned<T>(req: SignedRequest, onSent?: () => void): Promise<T> {
    return (await this.sendSignedWithText<T>(req, onSent)).value;
  }

  /**
   * sendSigned, also giving the answer's text as it was read, signature-checked and parsed
   * (a pull hands it to a worker thread to check its entries: decision 0496).
   */
  async sendSignedWithText<T>(req: SignedRequest, onSent?: () => void): Promise<{ value: T; text: string }> {
    try {
      return await this.exchange<T>(req, onSent);
    } catch (e) {
      // A till whose clock drifted learns the server's time from the refusal and retries once.
      if (refusalReason(e) === 'clock-skew' && typeof (e as TillError).details.serverTime === 'number') {
        this.opts.onClockOffset(((e as TillError).details.serverTime as number) - this.opts.clock.now());
        return this.exchange<T>(this.prepareSigned(req.identity, req.path, req.body));
      }
      // A server put back to an earlier version refuses a brotli body as malformed and names
      // no brotli, so the coding is gzip again: the same body goes once more, in gzip (0498).
      if (
        refusalReason(e) === 'malformed' &&
        typeof req.payload !== 'string' &&
        req.payload.coding === 'br' &&
        this.packing.coding === 'gzip'
      ) {
        return this.exchange<T>(this.prepareSigned(req.identity, req.path, req.body));
      }
      throw e;
    }
  }

  private async exchange<T>(req: SignedRequest, onSent?: () => void): Promise<{ value: T; text: string }> {
    const res = await this.send(req.path, req.payload, req.headers, onSent);
    const read = await this.readText(res, req.identity.serverPublicKey, req.nonce);
    return { value: read.json as T, text: read.text };
  }

  private async send(
    path: string,
    payload: string | Packed,
    headers: Record<string, string>,
    onSent?: () => void,
  ): Promise<Response> {
    // Bodies travel packed; the signature covers the JSON text itself, before packing (decision 0460).
    const packed = typeof payload !== 'string';
    let res: Response;
    try {
      res = await pinnedRequest(new URL(path, this.opts.serverUrl), {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          // Answers in brotli from a server that has it (0498), gzip from an earlier one.
          'accept-encoding': 'br, gzip',
          ...(packed ? { 'content-encoding': payload.coding } : {}),
          ...headers,
        },
        body: packed ? payload.bytes : payload,
        timeoutMs: this.opts.timeoutMs ?? 30_000,
        tlsFingerprint: this.opts.tlsFingerprint ?? null,
        onSent,
      });
    } catch (e) {
      throw unreachable(e);
    }
    this.packing.coding = takesBrotli(res.headers.get('accept-encoding')) ? 'br' : 'gzip';
    return res;
  }

  private async read(res: Response, serverPublicKey: string | null, nonce: string | null): Promise<unknown> {
    return (await this.readText(res, serverPublicKey, nonce)).json;
  }

  private async readText(
    res: Response,
    serverPublicKey: string | null,
    nonce: string | null,
  ): Promise<{ json: unknown; text: string }> {
    let text: string;
    try {
      text = await res.text();
    } catch (e) {
      throw new SyncOffline(`answer lost: ${(e as Error).message}`);
    }
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch {
      if (res.status >= 500) throw new SyncOffline(`server error ${res.status}`);
      throw tillError('SYNC_REFUSED', '服务器回答无法识别', 'The server answer is not readable', {
        status: res.status,
      });
    }
    if (!res.ok) {
      const err = (json as { error?: SerializedTillError }).error;
      if (res.status >= 500 && err?.code !== 'SYNC_REFUSED')
        throw new SyncOffline(`server error ${res.status}`);
      throw err
        ? fromSerialized(err)
        : tillError('SYNC_REFUSED', '服务器拒绝', 'The server refused', { status: res.status });
    }
    if (serverPublicKey && nonce) {
      const sig = res.headers.get(HEADER_SERVER_SIGNATURE);
      if (!sig || !verifyWith(serverPublicKey, responseSigningString(text, nonce), sig)) {
        throw tillError(
          'SYNC_REFUSED',
          '服务器签名不对，已丢弃回答',
          'Wrong server signature; answer discarded',
          {
            reason: 'bad-server-signature',
          },
        );
      }
    }
    return { json, text };
  }
}
