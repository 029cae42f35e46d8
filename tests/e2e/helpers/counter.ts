import type { Page } from 'playwright-core';
import { DEMO_CLERKS } from '../../../main/demo/seed';
import type { ApiName, ApiParams, ApiResults } from '../../../src/api/contract';
import { placeCard } from '../../support/virtual-card';

/** What a clerk does at the counter, in the words of the screen (test ids only where text changes). */

export const CLERK = DEMO_CLERKS.find((c) => c.role === 'clerk')!;
export const MANAGER = DEMO_CLERKS.find((c) => c.role === 'manager')!;

export async function login(page: Page, name: string = CLERK.name, pin: string = CLERK.pin): Promise<void> {
  await page.getByTestId('clerk-button').filter({ hasText: name }).click();
  await page.keyboard.type(pin);
  await page.keyboard.press('Enter');
  const open = page.getByTestId('shift-open');
  const waiting = page.getByTestId('waiting-screen');
  await open.or(waiting).first().waitFor();
  if (await open.isVisible()) await open.click();
  await waiting.waitFor();
}

/** Puts a virtual card on the vpcd reader, waits for the counter to react, lifts it. */
export async function tapCard(page: Page, uid: string, expect: 'household' | 'refused' = 'household') {
  const card = await placeCard({ uid });
  try {
    await page.getByTestId(expect === 'household' ? 'household-panel' : 'refused-screen').waitFor();
  } finally {
    await card.remove();
  }
}

/** Calls the till API from inside the page, with the page's own session (as the UI would). */
export async function pageCall<K extends ApiName>(
  page: Page,
  name: K,
  params: ApiParams<K>,
): Promise<ApiResults[K]> {
  return page.evaluate(
    async ([n, p]) => {
      const token = sessionStorage.getItem('jifen-till.token');
      const res = await fetch(`/api/${n}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          ...(token ? { authorization: `Bearer ${token}` } : {}),
        },
        body: JSON.stringify(p),
      });
      const body = await res.json();
      if (!body.ok) throw new Error(JSON.stringify(body.error));
      return body.result;
    },
    [name, params] as const,
  ) as Promise<ApiResults[K]>;
}

export async function text(page: Page, testId: string): Promise<string> {
  return ((await page.getByTestId(testId).first().textContent()) ?? '').trim();
}

/** Waits until the element shows the expected text (the UI updates asynchronously). */
export async function expectText(page: Page, testId: string, expected: string | RegExp, timeoutMs = 10_000) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    const loc = page.getByTestId(testId).first();
    last = (await loc.count()) > 0 ? ((await loc.textContent()) ?? '').trim() : '(not on screen)';
    if (typeof expected === 'string' ? last === expected : expected.test(last)) return;
    if (Date.now() > deadline)
      throw new Error(`${testId}: expected ${String(expected)}, screen shows "${last}"`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function waitForCount(page: Page, testId: string, count: number): Promise<void> {
  await page.waitForFunction(([id, n]) => document.querySelectorAll(`[data-testid="${id}"]`).length === n, [
    testId,
    count,
  ] as const);
}
