// Child process for the crash test: appends sale-like transactions to a till database
// as fast as it can and reports each committed sale id on stdout, until it is killed.

import { TillStore } from '../../main/store';
import { type Actor, commitSale, contextFor, postPoints, receiveStock } from '../../main/till';
import { newId } from '../../src/ids';

const [path, uid] = process.argv.slice(2) as [string, string];
const store = new TillStore(path);
const ctx = contextFor(store);
const actor = (role: string) =>
  store.db.prepare('SELECT id, name, role FROM clerks WHERE role = ?').get(role) as Actor;
const [clerk, cadre, keeper] = [actor('clerk'), actor('cadre'), actor('stockkeeper')];
const household = store.db.prepare('SELECT household_id FROM cards WHERE uid = ?').pluck().get(uid) as string;
const products = store.db
  .prepare('SELECT id FROM products WHERE is_service = 0 ORDER BY name LIMIT 3')
  .pluck()
  .all() as string[];

process.stdout.write('ready\n');
for (;;) {
  if (store.balance(household) < 100_000) {
    postPoints(ctx, cadre, { householdId: household, amount: 1_000_000, reason: '补充积分' });
  }
  for (const productId of products) {
    const qty = store.db
      .prepare('SELECT qty FROM stock_levels WHERE product_id = ?')
      .pluck()
      .get(productId) as number;
    if (qty < 10)
      receiveStock(ctx, keeper, {
        productId,
        qty: 500,
        unitCostFen: 123,
        donation: false,
        reference: '补货',
      });
  }
  const saleId = newId(store.clock);
  commitSale(
    ctx,
    clerk,
    { saleId, cardUid: uid, lines: products.map((productId) => ({ productId, qty: 1 })) },
    null,
  );
  process.stdout.write(`ok ${saleId}\n`);
}
