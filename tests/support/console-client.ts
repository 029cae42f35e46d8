/**
 * The console API from Node, as the browser uses it: sign in for the HttpOnly session
 * cookie, read the CSRF token from /console/api/session, send both on every change.
 * For server tests that need a console account without a browser.
 */
export class ConsoleClient {
  private cookie = '';
  private csrf = '';
  constructor(readonly url: string) {}

  async signIn(username: string, password: string): Promise<this> {
    const res = await fetch(`${this.url}/console/api/sign-in`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    if (!res.ok) throw new Error(`sign-in failed: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0]!;
    const s = await this.call<{ csrf: string }>('GET', '/session');
    this.csrf = s.csrf;
    return this;
  }

  /** Status and JSON body of a call under /console/api; never throws on a refusal. */
  async raw<T = unknown>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<{
    status: number;
    body: T & { error?: { code: string; zh: string; en: string; details: Record<string, unknown> } };
  }> {
    const res = await fetch(`${this.url}/console/api${path}`, {
      method,
      headers: {
        cookie: this.cookie,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        ...(method === 'GET' ? {} : { 'x-csrf-token': this.csrf }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : {} };
  }

  async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const r = await this.raw<T>(method, path, body);
    if (r.status >= 400) throw new Error(`${method} ${path}: ${r.status} ${JSON.stringify(r.body)}`);
    return r.body;
  }
}
