import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { frameworkRefusal, httpStatusFor } from '../../src/api/http-status';
import { TillError, tillError } from '../../src/errors';
import { syncRefusal } from '../../src/sync/refusals';
import { loneSurrogateError, loneSurrogatePath } from '../../src/validation';

const REFUSAL_STATUS: Record<string, number> = {
  malformed: 400,
  'too-large': 413,
  unsigned: 401,
  'unknown-device': 401,
  'bad-signature': 401,
  'clock-skew': 401,
  replayed: 401,
  'bad-code': 403,
  revoked: 403,
  superseded: 403,
  'device-exists': 409,
  'wrong-device': 400,
  'seq-gap': 409,
  'chain-broken': 409,
  conflict: 409,
  'bad-bundle': 400,
  'rate-limited': 429,
  'not-permitted': 403,
};

/** Every failure leaves as a serialized TillError with both messages; nothing else leaks. */
export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  let e: TillError;
  const isSync = req.url.startsWith('/sync/');
  const refused = err instanceof TillError ? null : frameworkRefusal(err);
  if (err instanceof TillError) e = err;
  else if (refused === 'too-large') e = syncRefusal('too-large');
  else if (refused) {
    e = isSync ? syncRefusal('malformed') : tillError('INVALID_INPUT', '请求格式不对', 'Malformed request');
  } else {
    req.log.error(err);
    e = tillError('INTERNAL', '服务器内部错误', 'Internal server error');
  }
  const status =
    e.code === 'SYNC_REFUSED' ? (REFUSAL_STATUS[String(e.details.reason)] ?? 400) : httpStatusFor(e.code);
  void reply.status(status).send({ error: e.toJSON() });
}

/**
 * Parses with a zod schema; bad input is refused before anything is touched. A console
 * text with a lone surrogate, which no canonical JSON can hold, is refused here too; the
 * sync messages (`sync`) are signed entries whose hashes are checked as they are.
 */
export function parseWith<T>(
  schema: {
    safeParse(
      v: unknown,
    ):
      | { success: true; data: T }
      | { success: false; error: { issues: { path: PropertyKey[]; message: string }[] } };
  },
  value: unknown,
  sync: boolean,
): T {
  const r = schema.safeParse(value);
  if (r.success) {
    const lone = sync ? null : loneSurrogatePath(r.data);
    if (lone !== null) throw loneSurrogateError(lone);
    return r.data;
  }
  const issue = r.error.issues[0];
  const where = issue ? `${issue.path.map(String).join('.')}: ${issue.message}` : '';
  if (sync) throw syncRefusal('malformed', { issue: where });
  throw tillError('INVALID_INPUT', `输入不对：${where}`, `Invalid input: ${where}`, { issue: where });
}
