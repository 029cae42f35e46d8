import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPrinterService, type PrinterService } from '../main/printer';
import type { Actor } from '../main/till/context';
import { postPoints } from '../main/till/points';
import { createPointsHandlers } from '../main/till/points-handlers';
import { blackList, honour } from '../main/till/points-lists';
import { listRules } from '../main/till/points-rules';
import { formatPoints } from '../src/money/points';
import { textWidth } from '../src/receipt';
import { type PrinterEmulator, startPrinterEmulator } from './support/printer-emulator';
import type { PrintedDocument } from './support/printer-emulator-decode';
import { type TillFixture, tillFixture } from './support/till-fixture';

const FAST = { retryBaseMs: 20, retryMaxMs: 200, statusPollMs: 20, idleProbeMs: 50 };

/**
 * The short monthly notice through the real print queue to the TCP printer emulator: the
 * bytes are decoded back into lines, and the household totals read off the paper must be the
 * ledger's own sums for the village and month.
 */
describe('the monthly notice on the receipt printer', () => {
  let f: TillFixture;
  let emulator: PrinterEmulator;
  let printer: PrinterService | null = null;

  beforeEach(async () => {
    f = tillFixture();
    emulator = await startPrinterEmulator();
  });
  afterEach(async () => {
    await printer?.close();
    printer = null;
    await emulator.close();
    f.cleanup();
  });

  /** The ledger's sums by house number for the shop's village and month, straight from points_entries. */
  const ledgerTotals = (period: string) =>
    new Map(
      (
        f.store.db
          .prepare(
            `SELECT h.number, sum(pe.amount) AS net FROM points_entries pe
             JOIN households h ON h.id = pe.household_id
             JOIN shops s ON s.village_id = h.village_id AND s.id = ?
             WHERE substr(pe.business_date, 1, 7) = ?
               AND (pe.kind IN ('award', 'deduction') OR (pe.kind = 'reversal' AND pe.sale_id IS NULL))
             GROUP BY h.number`,
          )
          .all(f.ctx.shopId, period) as { number: string; net: number }[]
      ).map((r) => [r.number, r.net]),
    );

  /** The lines of one printed section: after its title, up to the next separator. */
  const section = (doc: PrintedDocument, title: string) => {
    const texts = doc.lines.map((l) => l.text);
    const start = texts.findIndex((t) => t.startsWith(title));
    expect(start, `${title} printed`).toBeGreaterThanOrEqual(0);
    const end = texts.findIndex((t, i) => i > start && /^-+$/.test(t));
    return texts.slice(start + 1, end);
  };

  for (const width of [58, 80] as const) {
    it(`at ${width} mm: village and month, top ten, every household's total equal to the ledger, red and black lists`, async () => {
      const columns = width === 58 ? 32 : 48;
      const cadre2 = f.store.db
        .prepare("SELECT id, name, role FROM clerks WHERE name = '周主任'")
        .get() as Actor;
      const households = f.store.db.prepare('SELECT id, number FROM households ORDER BY number').all() as {
        id: string;
        number: string;
      }[];
      postPoints(f.ctx, f.cadre, { householdId: households[2]!.id, amount: 1250, reason: '义务巡逻' });
      postPoints(f.ctx, f.cadre, { householdId: households[3]!.id, amount: -75, reason: '乱堆柴草' });
      const black = listRules(f.ctx, false).find((r) => r.name === '列入黑榜')!;
      blackList(f.ctx, f.cadre, cadre2, {
        householdId: households[4]!.id,
        ruleId: black.id,
        reason: '违规搭建',
        months: null,
      });
      honour(f.ctx, f.cadre, { householdId: households[2]!.id, title: '文明家庭', reason: '孝老爱亲' });

      printer = createPrinterService({
        db: f.store.db,
        profile: {
          connection: { type: 'tcp', host: emulator.host, port: emulator.port },
          width,
          charset: 'GB18030',
        },
        header: ['东岭村积分超市'],
        timing: FAST,
      });
      const handlers = createPointsHandlers(f.ctx, { printDocument: (d) => printer!.enqueueDocument(d) });
      const answer = await handlers['points.printNotice']({ villageId: null, period: '2026-11' }, f.cadre);
      expect(answer).toEqual({ queued: true, period: '2026-11' });
      const [doc] = await emulator.waitForDocuments(1);

      const notice = await handlers['points.notice']({ villageId: null, period: '2026-11' }, f.cadre);
      expect(doc!.cut).toBe(true);
      expect(doc!.text).toContain(`${notice.villageName} 2026-11`);
      expect(doc!.text).toContain('积分公示 POINTS NOTICE');
      for (const l of doc!.lines) expect(l.columns).toBeLessThanOrEqual(columns);

      // Every household total on paper, against the ledger's own sums.
      const ledger = ledgerTotals('2026-11');
      expect(ledger.size).toBeGreaterThan(2);
      const printed = new Map(
        section(doc!, '各户合计').map((line) => {
          const m = line.match(/^(\S+) .*?(-?\d+(?:\.\d+)?)$/);
          expect(m, line).not.toBeNull();
          return [m![1]!, m![2]!] as const;
        }),
      );
      expect(printed).toEqual(new Map([...ledger].map(([n, net]) => [n, formatPoints(net)])));
      const ledgerNet = [...ledger.values()].reduce((s, v) => s + v, 0);
      expect(doc!.text).toMatch(new RegExp(`净增 Net\\s+${formatPoints(ledgerNet).replace('.', '\\.')}\\n`));
      expect(doc!.text).toMatch(new RegExp(`户数 Households\\s+${ledger.size}\\n`));

      // The top ten as ranked by the notice, in order.
      const top = section(doc!, '前十名');
      expect(top).toHaveLength(notice.top10.length);
      notice.top10.forEach((t, i) => {
        expect(top[i]).toMatch(
          new RegExp(`^${t.rank}\\. ${t.householdNumber} ${t.name}\\s+${formatPoints(t.net)}$`),
        );
      });
      expect(section(doc!, '红榜').join('\n')).toContain(`${households[2]!.number}`);
      expect(section(doc!, '红榜').join('\n')).toContain('文明家庭：孝老爱亲');
      const blackLines = section(doc!, '黑榜').join('\n');
      expect(blackLines).toContain(`${households[4]!.number}`);
      expect(blackLines).toContain('违规搭建');
      expect(blackLines).toMatch(/2026-11-20 至 2027-02-19/);
      expect(textWidth(doc!.lines[0]!.text)).toBeGreaterThan(0);
    });
  }
});
