import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createGlyphRasterizer, encodeBlocks } from '../main/printer';
import { verifyStore } from '../main/store';
import { newDeviceKeys, signWith } from '../main/sync/keys';
import { createDoorPlateHandlers } from '../main/till/door-plate-handlers';
import { saleReceiptFor } from '../main/till/receipts';
import { isTillError, type TillError } from '../src/errors';
import { parsePlate, signPlate } from '../src/points/door-plate';
import { layoutReceipt } from '../src/receipt';
import { decodeEscPos } from './support/printer-emulator-decode';
import { ledgerCounts, type TillFixture, tillFixture } from './support/till-fixture';

function refusal(fn: () => unknown): TillError {
  try {
    fn();
  } catch (e) {
    if (isTillError(e)) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

/** Door plates at the till (decision 0910): signed by the township key, checked with the pinned one. */
describe('household door plates', () => {
  let f: TillFixture;
  let printed: string[];
  let h: ReturnType<typeof createDoorPlateHandlers>;
  const plateOf = (uid: string) =>
    f.store.db.prepare('SELECT plate FROM households WHERE id = ?').pluck().get(f.householdOf(uid)) as string;
  const township = () =>
    f.store.db
      .prepare('SELECT v.township_id FROM shops s JOIN villages v ON v.id = s.village_id WHERE s.id = ?')
      .pluck()
      .get(f.ctx.shopId) as string;

  beforeEach(() => {
    f = tillFixture();
    printed = [];
    h = createDoorPlateHandlers({
      ctx: f.ctx,
      shiftId: () => null,
      printSale: (sale) => printed.push(sale.saleId),
    });
  });
  afterEach(() => f.cleanup());

  /** Refused with a clear message in both languages, and nothing written. */
  const refusesCleanly = (code: string, fn: () => unknown) => {
    const before = ledgerCounts(f.store);
    const jobs = printed.length;
    const e = refusal(fn);
    expect(e.code).toBe(code);
    expect(e.zh).toMatch(/[\u4e00-\u9fff]/);
    expect(e.en).toMatch(/[a-z]/);
    expect(ledgerCounts(f.store)).toEqual(before);
    expect(printed).toHaveLength(jobs);
    return e;
  };

  it('a valid plate finds its household; an edited or forged one is refused with one message', () => {
    const plate = plateOf(f.cards.rich);
    const found = h['plate.find']({ plate }, f.cadre);
    expect(found.household.id).toBe(f.householdOf(f.cards.rich));
    expect(found.version).toBe(1);
    expect(found.redeemAllowed).toBe(false);

    const other = f.householdOf(f.cards.poor);
    const p = parsePlate(plate)!;
    const sig = plate.split('.')[3]!;
    const edits = {
      // Another household's id under this plate's signature.
      household: plate.replace(p.householdId, other),
      // A later version with the old signature.
      version: plate.replace('.1.', '.2.'),
      // One character of the signature changed.
      signature: plate.replace(sig, (sig[0] === 'A' ? 'B' : 'A') + sig.slice(1)),
      // Well signed, but with a key that is not the township's.
      forged: signPlate({ townshipId: township(), householdId: other, version: 1 }, (t) =>
        signWith(newDeviceKeys().privateKey, t),
      ),
      garbage: 'JFDP1.hello',
    };
    for (const [what, text] of Object.entries(edits)) {
      const e = refusesCleanly('PLATE_INVALID', () => h['plate.find']({ plate: text }, f.cadre));
      expect(e.zh, what).toContain('门牌二维码无效');
    }
  });

  it('the counter: refused while the shop setting is off; on, a sale by plate whose receipt says so', () => {
    const plate = plateOf(f.cards.rich);
    const rice = f.product('东北大米 5kg');
    const sale = {
      saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000001',
      plate,
      lines: [{ productId: rice.id, qty: 1 }],
    };
    const off = refusesCleanly('PLATE_REDEEM_OFF', () => h['checkout.commitByPlate'](sale, f.clerk));
    expect(off.zh).toMatch(/本店不允许凭门牌兑换/);
    refusesCleanly('PLATE_REDEEM_OFF', () => h['plate.forSale']({ plate }, f.clerk));
    // Only a manager turns it on.
    refusesCleanly('FORBIDDEN', () => h['plate.saveSettings']({ redeemAllowed: true }, f.clerk));
    expect(h['plate.saveSettings']({ redeemAllowed: true }, f.manager)).toEqual({ redeemAllowed: true });

    const hid = f.householdOf(f.cards.rich);
    const before = f.store.balance(hid);
    const view = h['checkout.commitByPlate'](sale, f.clerk);
    expect(view.householdId).toBe(hid);
    expect(f.store.balance(hid)).toBe(before - rice.pricePoints);
    expect(printed).toEqual([view.saleId]);
    // A resend is the same sale, printed once.
    h['checkout.commitByPlate'](sale, f.clerk);
    expect(printed).toHaveLength(1);
    const body = JSON.parse(
      f.store.db
        .prepare("SELECT body FROM journal WHERE id = ? AND kind = 'sale'")
        .pluck()
        .get(view.saleId) as string,
    );
    expect(body.doorPlate).toEqual({ version: 1 });
    expect(body.cardUid).toBeUndefined();
    expect(verifyStore(f.store.db, f.store.deviceId).ok).toBe(true);

    const bytes = encodeBlocks(
      layoutReceipt(
        { header: [], footer: [], reprint: false, ...saleReceiptFor(f.ctx, view.saleId, 'sale') },
        { width: 58 },
      ),
      {
        width: 58,
        charset: 'GB18030',
        cutter: true,
        rasterizer: createGlyphRasterizer(),
      },
    );
    const receipt = decodeEscPos(bytes).documents[0]!;
    expect(receipt.text).toContain('凭门牌兑换 BY DOOR PLATE');

    // A forged plate still opens nothing with the setting on.
    const forged = signPlate({ townshipId: township(), householdId: hid, version: 1 }, (t) =>
      signWith(newDeviceKeys().privateKey, t),
    );
    refusesCleanly('PLATE_INVALID', () =>
      h['checkout.commitByPlate'](
        { ...sale, saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000002', plate: forged },
        f.clerk,
      ),
    );
  });

  it('a suspended household is refused by plate as by card', () => {
    h['plate.saveSettings']({ redeemAllowed: true }, f.manager);
    const rice = f.product('东北大米 5kg');
    const e = refusesCleanly('HOUSEHOLD_SUSPENDED', () =>
      h['checkout.commitByPlate'](
        {
          saleId: '0193a1b2-c3d4-7e5f-8a9b-000000000003',
          plate: plateOf(f.cards.suspended),
          lines: [{ productId: rice.id, qty: 1 }],
        },
        f.clerk,
      ),
    );
    expect(e.zh).toMatch(/暂停兑换至/);
  });

  it('the plate sheet lists the village households with their signed plates, by house number', () => {
    const sheet = h['plate.sheet']({ villageId: null }, f.cadre);
    expect(sheet.villageName).toBe('东岭村');
    expect(sheet.plates.length).toBeGreaterThan(3);
    expect(sheet.plates.map((p) => p.number)).toEqual([...sheet.plates.map((p) => p.number)].sort());
    for (const p of sheet.plates)
      expect(h['plate.find']({ plate: p.plate }, f.cadre).household.id).toBe(p.householdId);
  });
});
