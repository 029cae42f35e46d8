import type { Statement } from 'better-sqlite3';
import { MASTER_TABLES, type MasterDataPatch, MasterDataPatchSchema } from '../../src/sync/master-data';
import { validationError } from '../../src/validation';
import { yieldBarcodes } from '../stock/barcode-clashes';
import type { Db } from './database';

const PRIMARY_KEY: Partial<Record<string, string>> = { cards: 'uid' };

const snake = (k: string) => k.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function toColumn(value: unknown): unknown {
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (Array.isArray(value)) return JSON.stringify(value);
  return value;
}

/** A product row that says when it changed never overwrites a newer change made on this till (decision 0800). */
function newerOnly(table: string, cols: string[]): string {
  return table === 'products' && cols.includes('updated_at')
    ? ' WHERE excluded.updated_at >= products.updated_at'
    : '';
}

/**
 * Upserts master data (from a township pull, the demo seed or a test fixture) in one
 * transaction, tables in reference order. Master data never touches the ledgers:
 * balances, stock and card blocks come only from journal entries.
 */
export function applyMasterData(db: Db, patch: MasterDataPatch): number {
  const parsed = MasterDataPatchSchema.safeParse(patch, { reportInput: true });
  if (!parsed.success) throw validationError(parsed.error, { what: 'master data' });
  const statements = new Map<string, Statement<unknown[]>>();
  let count = 0;
  const pageProducts = new Set((parsed.data.products ?? []).map((p) => p.id));
  db.transaction(() => {
    for (const table of MASTER_TABLES) {
      for (const row of parsed.data[table] ?? []) {
        // A barcode held by another product here goes to the township's product (decision 0721).
        if (table === 'products') yieldBarcodes(db, row as { id: string; name: string }, pageProducts);
        const keys = Object.keys(row);
        const cols = keys.map(snake);
        const pk = PRIMARY_KEY[table] ?? 'id';
        const sqlKey = `${table}:${cols.join(',')}`;
        let stmt = statements.get(sqlKey);
        if (!stmt) {
          const updates = cols.filter((c) => c !== pk).map((c) => `${c} = excluded.${c}`);
          stmt = db.prepare(
            `INSERT INTO ${table} (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})
             ON CONFLICT (${pk}) DO ${updates.length ? `UPDATE SET ${updates.join(', ')}` : 'NOTHING'}${newerOnly(table, cols)}`,
          );
          statements.set(sqlKey, stmt);
        }
        stmt.run(...keys.map((k) => toColumn((row as Record<string, unknown>)[k])));
        count++;
      }
    }
  })();
  return count;
}
