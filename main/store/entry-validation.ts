import { tillError } from '../../src/errors';
import { isUuid } from '../../src/ids';
import { bodySchemaFor, ENTRY_KINDS, type UnchainedEntry } from '../../src/journal';
import { saleBodyAsZodParses, saleBodyText } from '../../src/journal/sale-body';
import { validationError } from '../../src/validation';

/**
 * What TillStore.append checks of an entry before it is chained, its header then its body by
 * kind: the entry as its schema parses it, and its body's canonical text when that is written already.
 */
export function validateEntry(input: UnchainedEntry): { entry: UnchainedEntry; bodyText: string | null } {
  if (!ENTRY_KINDS.includes(input.kind)) throw invalid(`unknown entry kind ${String(input.kind)}`);
  if (!isUuid(input.id)) throw invalid(`id is not a UUID: ${String(input.id)}`);
  if (!Number.isSafeInteger(input.at) || input.at < 0) throw invalid(`bad time: ${String(input.at)}`);
  if (!/^\d{4}-\d{2}-\d{2}$/.test(input.businessDate))
    throw invalid(`bad date: ${String(input.businessDate)}`);
  // The body checkout built goes without zod's walk; anything it is not sure of, zod checks
  // (decision 0461). An entry with only the header's fields, a text or null clerk among them,
  // is copied field by field (decision 0462).
  if (input.kind === 'sale' && headerOnly(input)) {
    const sale = saleBodyAsZodParses(input.body);
    if (sale !== null) {
      const entry = {
        id: input.id,
        deviceId: input.deviceId,
        at: input.at,
        businessDate: input.businessDate,
        clerkId: input.clerkId,
        kind: input.kind,
        body: sale,
      };
      return { entry, bodyText: saleBodyText(sale) };
    }
  }
  const body = bodySchemaFor(input.kind).safeParse(input.body, { reportInput: true });
  if (!body.success) throw validationError(body.error, { kind: input.kind });
  return { entry: { ...input, body: body.data } as UnchainedEntry, bodyText: null };
}

/**
 * The header's fields and no others, the clerk a text or null: validateEntry and the append
 * check each of the other six by its value, so seven keys leave room for no other.
 */
function headerOnly(input: UnchainedEntry): boolean {
  return Object.keys(input).length === 7 && (input.clerkId === null || typeof input.clerkId === 'string');
}

/** An entry TillStore refuses, in both languages. */
export function invalid(detail: string) {
  return tillError('INVALID_INPUT', `记录内容无效：${detail}`, `Invalid entry: ${detail}`, { detail });
}
