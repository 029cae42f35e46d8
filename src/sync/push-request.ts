import { type JournalEntry, JournalEntrySchema } from '../journal/entry';
import { entryAsZodParses } from '../journal/entry-walk';
import { isPlain, isPlainArray, isSafeIntFrom } from '../journal/walk-checks';
import { MAX_PUSH_BATCH, type PushRequest } from './messages';

/**
 * `PushRequestSchema.parse` of a push as a till sends it, with each entry walked by
 * entryAsZodParses (decision 0453) and any entry the walk is not sure of parsed by zod
 * alone, as zod's array would parse it; other keys are left out, as zod strips them.
 * Null when anything is unusual or any entry is refused: the caller then parses the
 * whole request with zod, so every refusal names zod's issue as before.
 * `push-request.test.ts` holds it to zod.
 */
export function pushRequestAsZodParses(body: unknown): PushRequest | null {
  if (!isPlain(body)) return null;
  const b = body as Record<string, unknown>;
  const entries = b.entries;
  if (!isPlainArray(entries) || entries.length < 1 || entries.length > MAX_PUSH_BATCH) return null;
  const parsed: JournalEntry[] = new Array(entries.length);
  for (let i = 0; i < entries.length; i++) {
    const walked = entryAsZodParses(entries[i]);
    if (walked !== null) {
      parsed[i] = walked;
      continue;
    }
    const r = JournalEntrySchema.safeParse(entries[i]);
    if (!r.success) return null;
    parsed[i] = r.data as JournalEntry;
  }
  if (!Object.hasOwn(b, 'head')) return { entries: parsed };
  const head = b.head;
  if (!isSafeIntFrom(head, 0)) return null;
  return { entries: parsed, head };
}
