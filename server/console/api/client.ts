import type { SerializedTillError } from '../../../src/errors';

/**
 * The console's one way to the server: same-origin fetch under /console/api with the
 * HttpOnly session cookie (the browser sends it; scripts never see it) and, on every
 * change, the CSRF token the session answer gave us.
 */
export class ConsoleApiError extends Error {
  constructor(
    readonly status: number,
    readonly error: SerializedTillError,
  ) {
    super(`${status} ${error.code}: ${error.en}`);
  }
}

const BASE = '/console/api';
let csrf = '';
let onSignedOut: ((expired: boolean) => void) | null = null;

export function setCsrfToken(token: string): void {
  csrf = token;
}

/** Called when the server says the session is gone (expired, signed out elsewhere). */
export function onSessionLost(handler: (expired: boolean) => void): void {
  onSignedOut = handler;
}

const networkError: SerializedTillError = {
  code: 'INTERNAL',
  zh: '连不上乡镇服务器，请检查网络',
  en: 'Cannot reach the township server; check the network',
  details: { reason: 'network' },
};

async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
  let res: Response;
  try {
    res = await fetch(`${BASE}${path}`, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': csrf }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch {
    throw new ConsoleApiError(0, networkError);
  }
  const text = await res.text();
  const json = text
    ? (JSON.parse(text) as T & { error?: SerializedTillError })
    : ({} as T & { error?: undefined });
  if (!res.ok) {
    const error = json.error ?? { ...networkError, details: { status: res.status } };
    if (res.status === 401 && !path.startsWith('/sign-in') && !path.startsWith('/setup'))
      onSignedOut?.(error.details.reason === 'session-expired');
    throw new ConsoleApiError(res.status, error);
  }
  return json;
}

export const api = {
  get: <T>(path: string) => call<T>('GET', path),
  post: <T>(path: string, body: unknown = {}) => call<T>('POST', path, body),
  put: <T>(path: string, body: unknown) => call<T>('PUT', path, body),
  delete: <T>(path: string) => call<T>('DELETE', path),
  /** A same-origin download link (the cookie goes with it; GETs need no CSRF token). */
  href: (path: string) => `${BASE}${path}`,
};
