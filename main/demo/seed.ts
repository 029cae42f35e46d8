import { pinyin } from 'pinyin-pro';
import { withCheckDigit } from '../../src/barcode';
import { ManualClock } from '../../src/clock';
import { newId } from '../../src/ids';
import { signPlate } from '../../src/points/door-plate';
import type { MasterData } from '../../src/sync/master-data';
import { applyMasterData, hashPin, TillStore } from '../store';
import { newDeviceKeys, signWith } from '../sync/keys';
import { commitSale } from '../till/checkout';
import { type Actor, contextFor } from '../till/context';
import { DEMO_PLATE_KEY } from '../till/door-plates';
import { receiveStock } from '../till/inventory';
import { blockCard, postPoints } from '../till/points';
import { blackList as blackListHousehold } from '../till/points-lists';
import { defineRule } from '../till/points-rules';
import { DEMO_PRODUCTS, DEMO_RULES, GIVEN, SURNAMES } from './catalog';

/** Demo clerks and their PINs, printed on the login screen in demo mode. */
export const DEMO_CLERKS = [
  { name: '王秀兰', role: 'clerk', pin: '1234' },
  { name: '赵强', role: 'stockkeeper', pin: '2345' },
  { name: '陈书记', role: 'cadre', pin: '3456' },
  { name: '李建国', role: 'manager', pin: '8888' },
  { name: '刘科长', role: 'officer', pin: '9999' },
  /** A second cadre: awards need a different person to approve them. */
  { name: '周主任', role: 'cadre', pin: '4567' },
] as const;

/** Cards worth tapping in a demo: each shows a different screen. */
export const DEMO_CARDS = {
  /** A household with plenty of points. */
  rich: '04A1B2C3',
  /** A household with only a few points. */
  poor: '04D4E5F6',
  /** Black-listed: redemption suspended. */
  suspended: '04778899',
  /** Reported lost. */
  lost: '04AABBCC',
  /** Not registered anywhere. */
  unknown: 'DEADBEEF',
} as const;

export interface SeedOptions {
  households?: number;
  /** Days of history before `now`. */
  historyDays?: number;
  now?: number;
  seed?: number;
  /** Fewer entries for fast tests. */
  light?: boolean;
}

function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const DAY = 86_400_000;

/**
 * Creates a demo database: a township with two villages and a shop each, ~200
 * households with 2–5 members and a card each, a rule catalog, ~60 goods and
 * services, and months of history written through the real use cases (awards,
 * stock receipts, redemptions, one black-listed household, one lost card).
 */
export function seedDemo(path: string, options: SeedOptions = {}): { shopId: string; households: number } {
  const now = options.now ?? Date.now();
  const days = options.historyDays ?? 90;
  const clock = new ManualClock(now - days * DAY);
  const rnd = prng(options.seed ?? 7);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const store = new TillStore(path, { clock });
  try {
    const id = () => newId(clock);
    const townshipId = id();
    const villages = [
      { id: id(), townshipId, name: '东岭村', code: 'DL' },
      { id: id(), townshipId, name: '西坪村', code: 'XP' },
    ];
    const shops = villages.map((v) => ({
      id: id(),
      villageId: v.id,
      name: `${v.name}积分超市`,
      receiptHeader: `${v.name}积分超市\n文明积分 兑换幸福`,
      receiptFooter: '谢谢惠顾，积分越多越光荣！',
      redemptionWindow: null,
    }));
    const shop = shops[0]!;
    const clerks = DEMO_CLERKS.map((c) => ({
      id: id(),
      name: c.name,
      role: c.role,
      shopId: c.role === 'officer' ? null : shop.id,
      pinHash: hashPin(c.pin),
      active: true,
    }));
    const householdCount = options.households ?? 200;
    const households: MasterData['households'] = [];
    const members: MasterData['members'] = [];
    const cards: MasterData['cards'] = [];
    const specialUids = [DEMO_CARDS.rich, DEMO_CARDS.poor, DEMO_CARDS.suspended, DEMO_CARDS.lost];
    for (let i = 0; i < householdCount; i++) {
      const village = villages[i % 2]!;
      const hid = id();
      const number = `${village.code}-${String(Math.floor(i / 2) + 1).padStart(3, '0')}`;
      households.push({
        id: hid,
        villageId: village.id,
        number,
        address: `${village.name}${Math.floor(i / 2) + 1}号`,
        status: 'active',
      });
      const surname = pick([...SURNAMES]);
      const size = 2 + Math.floor(rnd() * 4);
      let headId = '';
      for (let m = 0; m < size; m++) {
        const mid = id();
        if (m === 0) headId = mid;
        const tags = [rnd() < 0.15 ? '党员' : null, rnd() < 0.05 ? '网格员' : null].filter(
          (t): t is string => t !== null,
        );
        members.push({ id: mid, householdId: hid, name: `${surname}${pick(GIVEN)}`, tags, isHead: m === 0 });
      }
      const uid =
        specialUids[i] ?? (0x04000000 + i * 7919 + 0x100000).toString(16).toUpperCase().padStart(8, '0');
      cards.push({ uid, memberId: headId, householdId: hid, status: 'active' });
    }
    const products = DEMO_PRODUCTS.map((p, i) => ({
      id: id(),
      barcode: withCheckDigit(`6901234${String(10000 + i).slice(-5)}`),
      name: p.name,
      pinyin: pinyin(p.name, { pattern: 'first', toneType: 'none', type: 'array', nonZh: 'consecutive' })
        .join('')
        .replace(/\s/g, '')
        .toLowerCase(),
      unit: p.unit,
      pricePoints: Math.round(p.points * 100),
      category: p.category,
      isService: p.service === true,
      active: true,
      favourite: p.favourite === true,
    }));
    const rules = DEMO_RULES.map(({ limit: _limit, yearCap: _cap, ...r }) => ({
      id: id(),
      ...r,
      points: Math.round(r.points * 100),
      active: true,
    }));
    // Door plates signed as the township server signs them (decision 0910), with a demo
    // township key made for this database: the till checks them with its public half.
    const demoTownship = newDeviceKeys();
    for (const h of households) {
      h.plate = signPlate({ townshipId, householdId: h.id, version: 1 }, (t) =>
        signWith(demoTownship.privateKey, t),
      );
    }
    applyMasterData(store.db, {
      townships: [{ id: townshipId, name: '清河镇', timeZone: 'Asia/Shanghai' }],
      villages: villages.map(({ code: _code, ...v }) => v),
      shops,
      devices: [],
      clerks,
      households,
      members,
      cards,
      rules,
      products,
    });
    store.setSetting('shop.id', shop.id);
    store.setSetting('demo', true);
    store.setSetting(DEMO_PLATE_KEY, demoTownship.publicKey);
    const ctx = contextFor(store);
    const actor = (role: string): Actor => {
      const c = clerks.find((x) => x.role === role)!;
      return { id: c.id, name: c.name, role: c.role };
    };
    const [clerk, keeper, cadre, manager] = [
      actor('clerk'),
      actor('stockkeeper'),
      actor('cadre'),
      actor('manager'),
    ];
    const light = options.light === true;
    store.transaction(() => {
      // The catalog's limits are rule definitions in the journal, as a manager's edit would be.
      for (const [i, r] of rules.entries()) {
        const d = DEMO_RULES[i]!;
        defineRule(ctx, manager, {
          ruleId: r.id,
          category: r.category,
          name: r.name,
          points: r.points,
          personType: r.personType,
          limit: d.limit,
          yearCap: d.yearCap === undefined ? null : Math.round(d.yearCap * 100),
          needsApproval: r.needsApproval,
          active: true,
        });
      }
      // Opening stock: purchases, and a donation of rice from a local company.
      for (const [i, p] of products.entries()) {
        if (p.isService) continue;
        const cost = Math.round(DEMO_PRODUCTS[i]!.costYuan * 100);
        receiveStock(ctx, keeper, {
          productId: p.id,
          qty: light ? 50 : 40 + Math.floor(rnd() * 60),
          unitCostFen: cost,
          donation: false,
          reference: '镇采购单 2026-001',
        });
      }
      const rice = products[2]!;
      receiveStock(ctx, keeper, {
        productId: rice.id,
        qty: 30,
        unitCostFen: 3000,
        donation: true,
        reference: '清河粮油公司捐赠',
      });
      const steps = light ? 10 : days;
      for (let d = 0; d < steps; d++) {
        clock.advance(DAY * (days / steps));
        const awardsToday = light ? 3 : 8;
        for (let a = 0; a < awardsToday; a++) {
          const h = pick(households.slice(4));
          const rule = pick(rules.filter((r) => r.points > 0));
          postPoints(ctx, cadre, {
            householdId: h.id,
            ruleId: rule.id,
            reason: rule.name,
            proposedBy: clerk.id,
          });
        }
        const salesToday = light ? 1 : 3;
        for (let s = 0; s < salesToday; s++) {
          const card = pick(cards.slice(4));
          const balance = store.balance(card.householdId);
          const affordable = products.filter((p) => p.pricePoints <= balance);
          if (affordable.length === 0) continue;
          const p = pick(affordable);
          try {
            commitSale(
              ctx,
              clerk,
              { saleId: id(), cardUid: card.uid, lines: [{ productId: p.id, qty: 1 }] },
              null,
            );
          } catch {
            // out of stock in a long demo history: the villager chose something else
          }
        }
      }
      const [rich, poor, suspended] = [households[0]!, households[1]!, households[2]!];
      postPoints(ctx, cadre, {
        householdId: rich.id,
        amount: 50000,
        reason: '年度文明家庭奖励',
        proposedBy: clerk.id,
      });
      postPoints(ctx, cadre, {
        householdId: poor.id,
        amount: 350,
        reason: '参加村民会议',
        proposedBy: clerk.id,
      });
      postPoints(ctx, cadre, {
        householdId: suspended.id,
        amount: 8000,
        reason: '志愿服务',
        proposedBy: clerk.id,
      });
      const blackList = rules.find((r) => r.category === '一票否决')!;
      blackListHousehold(ctx, cadre, manager, {
        householdId: suspended.id,
        ruleId: blackList.id,
        reason: '列入黑榜：违规搭建',
        months: 3,
      });
      blockCard(ctx, clerk, { uid: DEMO_CARDS.lost, lost: true, reason: '村民来电挂失' });
    });
    return { shopId: shop.id, households: householdCount };
  } finally {
    store.close();
  }
}
