import { sql } from 'kysely';
import { signPlate } from '../../src/points/door-plate';
import { MASTER_TABLES, type MasterData, type MasterTable } from '../../src/sync/master-data';
import { syncRefusal } from '../../src/sync/refusals';
import type { Db } from '../db/connect';

/**
 * Master data as changes since the till's version (decision 0701): rows whose
 * row_version is above the till's and at most the township's version when the pull
 * began, table by table in reference order, keyed pages. A page that stops inside the
 * changes carries a cursor; the till keeps its old version until the last page, so a
 * pull cut off half-way repeats harmlessly (upserts). Devices are few: sent whole.
 */
const b = (v: unknown) => v === 1 || v === true;

interface TableSpec {
  key: 'id' | 'uid';
  /** Column naming the township (camelCase, as Kysely sees it). */
  township: 'id' | 'townshipId';
  columns: readonly string[];
  wire(row: Record<string, unknown>): Record<string, unknown>;
}

const same = (r: Record<string, unknown>) => r;

const SPECS: Partial<Record<MasterTable, TableSpec>> = {
  townships: { key: 'id', township: 'id', columns: ['id', 'name', 'timeZone'], wire: same },
  villages: { key: 'id', township: 'townshipId', columns: ['id', 'townshipId', 'name'], wire: same },
  shops: {
    key: 'id',
    township: 'townshipId',
    columns: ['id', 'villageId', 'name', 'receiptHeader', 'receiptFooter', 'redemptionWindow'],
    wire: same,
  },
  clerks: {
    key: 'id',
    township: 'townshipId',
    columns: ['id', 'name', 'role', 'shopId', 'pinHash', 'active', 'mustChangePin'],
    wire: (r) => ({ ...r, active: b(r.active), mustChangePin: b(r.mustChangePin) }),
  },
  households: {
    key: 'id',
    township: 'townshipId',
    columns: ['id', 'villageId', 'number', 'address', 'status', 'plateVersion'],
    // The version goes inside the signed plate, not as a field of its own.
    wire: ({ plateVersion: _, ...r }) => r,
  },
  members: {
    key: 'id',
    township: 'townshipId',
    columns: ['id', 'householdId', 'name', 'tags', 'isHead'],
    wire: (r) => ({ ...r, tags: JSON.parse(r.tags as string) as string[], isHead: b(r.isHead) }),
  },
  cards: {
    key: 'uid',
    township: 'townshipId',
    columns: ['uid', 'memberId', 'householdId', 'status'],
    wire: same,
  },
  rules: {
    key: 'id',
    township: 'townshipId',
    columns: [
      'id',
      'category',
      'name',
      'points',
      'personType',
      'needsApproval',
      'active',
      'limitKind',
      'yearCap',
    ],
    wire: (r) => ({
      ...r,
      needsApproval: b(r.needsApproval),
      active: b(r.active),
      yearCap: r.yearCap === null ? null : Number(r.yearCap),
    }),
  },
  products: {
    key: 'id',
    township: 'townshipId',
    columns: [
      'id',
      'barcode',
      'name',
      'pinyin',
      'unit',
      'pricePoints',
      'category',
      'isService',
      'active',
      'favourite',
      'costFen',
      'packSize',
      'lowStock',
      'updatedAt',
      'barcodes',
    ],
    wire: ({ updatedAt, ...r }) => ({
      ...r,
      isService: b(r.isService),
      active: b(r.active),
      favourite: b(r.favourite),
      barcodes: JSON.parse(r.barcodes as string) as string[],
      // Unstamped (written through the old PUT /master without a time): the till takes it as before.
      ...(Number(updatedAt) > 0 ? { updatedAt: Number(updatedAt) } : {}),
    }),
  },
};

/** Where a paged catch-up stands: the version it catches up to, and the last row sent. */
interface Cursor {
  head: number;
  table: number;
  key: string;
}

function encode(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.head, c.table, c.key])).toString('base64url');
}

function decode(text: string, version: number): Cursor {
  try {
    const [head, table, key] = JSON.parse(Buffer.from(text, 'base64url').toString()) as unknown[];
    if (
      Number.isSafeInteger(head) &&
      (head as number) <= version &&
      Number.isInteger(table) &&
      (table as number) >= 0 &&
      (table as number) < MASTER_TABLES.length &&
      typeof key === 'string' &&
      key.length <= 64
    ) {
      return { head: head as number, table: table as number, key };
    }
  } catch {
    // falls through to the refusal
  }
  throw syncRefusal('malformed', { field: 'masterCursor' });
}

export const MASTER_PAGE_ROWS = 5000;

export interface MasterChanges {
  master: MasterData;
  /** Set while more changed rows remain for this catch-up. */
  cursor: string | null;
  /** The version the till holds once it applied this page. */
  versionAfter: number;
}

/**
 * One page of master rows changed after `after`, up to `version` (the township's
 * version now, or the catch-up's target when a cursor continues one). Clerks of other
 * shops are left out (only their shop's tills hold their PIN hashes), except that a
 * till which already holds data learns that a clerk left it: the row comes inactive,
 * without the hash, so that till stops offering the clerk.
 */
export async function masterChanges(
  db: Db,
  device: { townshipId: string; shopId?: string | null },
  after: number,
  version: number,
  cursorText: string | null | undefined,
  limit = MASTER_PAGE_ROWS,
  /** The server key's signer: each household row carries its signed door plate (decision 0910). */
  sign?: (text: string) => string,
): Promise<MasterChanges> {
  const start = cursorText ? decode(cursorText, version) : { head: version, table: 0, key: '' };
  const master = Object.fromEntries(MASTER_TABLES.map((t) => [t, [] as unknown[]])) as unknown as Record<
    MasterTable,
    Record<string, unknown>[]
  >;
  let left = limit;
  for (let ti = start.table; ti < MASTER_TABLES.length; ti++) {
    const table = MASTER_TABLES[ti]!;
    const spec = SPECS[table];
    if (!spec) continue;
    if (left === 0) {
      return {
        master: master as unknown as MasterData,
        cursor: encode({ head: start.head, table: ti, key: '' }),
        versionAfter: after,
      };
    }
    let q = db
      // biome-ignore lint/suspicious/noExplicitAny: one generic reader over nine tables
      .selectFrom(table as any)
      .select(spec.columns as never)
      .where(spec.township as never, '=', device.townshipId as never)
      .where(sql`row_version`, '<=', start.head)
      .orderBy(spec.key as never)
      .limit(left + 1);
    if (after > 0) q = q.where(sql`row_version`, '>', after);
    if (ti === start.table && start.key) q = q.where(spec.key as never, '>', start.key as never);
    const rows = (await q.execute()) as Record<string, unknown>[];
    const page = rows.slice(0, left);
    for (const r of page) {
      const w = spec.wire(r);
      if (table === 'households' && sign)
        w.plate = signPlate(
          { townshipId: device.townshipId, householdId: String(w.id), version: Number(r.plateVersion) },
          sign,
        );
      if (table === 'clerks' && w.shopId !== null && w.shopId !== device.shopId) {
        if (after > 0)
          master.clerks.push({ ...w, shopId: null, pinHash: '!', active: false, mustChangePin: false });
        continue;
      }
      master[table].push(w);
    }
    left -= page.length;
    if (rows.length > page.length) {
      const last = page[page.length - 1]!;
      return {
        master: master as unknown as MasterData,
        cursor: encode({ head: start.head, table: ti, key: String(last[spec.key]) }),
        versionAfter: after,
      };
    }
  }
  if (start.head > after) {
    master.devices = (await db
      .selectFrom('devices')
      .select(['id', 'shopId', 'name', 'previousDeviceId'])
      .where('townshipId', '=', device.townshipId)
      .orderBy('id')
      .execute()) as Record<string, unknown>[];
  }
  return { master: master as unknown as MasterData, cursor: null, versionAfter: start.head };
}
