/**
 * The worker of PageChecker (check-worker.ts): checks each pull page it is given with
 * checkForeign, exactly the checks TillStore.applyForeign makes, and sends back each
 * entry's canonical body text, or the error that refuses the page.
 */
import { parentPort } from 'node:worker_threads';
import { TillError } from '../../src/errors';
import { checkForeign, sameJson } from '../store/foreign-check';
import type { PageCheck, PageCheckRequest } from './check-worker';

parentPort!.on('message', ({ id, text, deviceId }: PageCheckRequest) => {
  let result: PageCheck;
  try {
    const entries = (JSON.parse(text) as { entries: unknown[] }).entries;
    const bodies: (string | null)[] = new Array(entries.length);
    let exact = true;
    for (let i = 0; i < entries.length; i++) {
      const checked = checkForeign(entries[i], deviceId);
      bodies[i] = checked.body;
      if (exact && !sameJson(entries[i], checked.entry)) exact = false;
    }
    result = { bodies, exact };
  } catch (e) {
    result = e instanceof TillError ? { refused: e.toJSON() } : { failed: String(e) };
  }
  parentPort!.postMessage({ id, result });
});
