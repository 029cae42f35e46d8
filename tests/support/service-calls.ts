import { DEMO_CLERKS } from '../../main/demo/seed';
import type { TillService } from '../../main/till/service';
import type { ApiName, ApiResponse, ApiResults } from '../../src/api/contract';

/**
 * Calls on a till service as its transports make them, for tests of the service door:
 * `ok` answers the result or throws the refusal; `login` signs a demo clerk in by name.
 * `till` is asked at each call, so a test can start the service in its beforeAll.
 */
export function serviceCalls(till: () => TillService) {
  async function ok<K extends ApiName>(
    name: K,
    params: unknown,
    token: string | null,
  ): Promise<ApiResults[K]> {
    const r: ApiResponse<K> = await till().call(name, params, token);
    if (!r.ok) throw new Error(`${name}: ${r.error.code} ${r.error.en}`);
    return r.result;
  }
  async function login(name: string): Promise<string> {
    const clerks = await ok('session.clerks', {}, null);
    const clerk = clerks.find((c) => c.name === name)!;
    const pin = DEMO_CLERKS.find((c) => c.name === name)!.pin;
    return (await ok('session.login', { clerkId: clerk.id, pin }, null)).token;
  }
  return { ok, login };
}
