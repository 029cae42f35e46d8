import { randomBytes } from 'node:crypto';
import { hashPin } from '../../main/store';
import { newDeviceKeys, signWith } from '../../main/sync/keys';
import { businessDate, type Clock, ManualClock, startOfLocalDay, systemClock } from '../../src/clock';
import { newId } from '../../src/ids';
import { entryHash, GENESIS_HASH, type JournalEntry, type UnchainedEntry } from '../../src/journal';
import type { MasterData } from '../../src/sync/master-data';
import {
  HEADER_DEVICE,
  HEADER_NONCE,
  HEADER_SIGNATURE,
  HEADER_TIMESTAMP,
  requestSigningString,
} from '../../src/sync/signing';
import type { OfficerApi } from './server-process';

/**
 * Fixtures for sync tests and the benchmark: a township's master data made through the
 * officer API, and "raw devices" that build hash-chained entries and sign requests by
 * hand, so a test can also send what a correct till never would.
 */
const idClock = new ManualClock(Date.UTC(2026, 9, 1));
const uid = () => {
  idClock.advance(1);
  return newId(idClock);
};

export interface Township {
  townshipId: string;
  villageIds: string[];
  shopIds: string[];
  households: { id: string; villageId: string; cardUid: string }[];
  productIds: string[];
  ruleIds: string[];
  clerkId: string;
  clerkPin: string;
}

// Raw devices name the clerk of the township seeded last (a township-wide manager), as a
// correct till names its logged-in clerk: the server refuses entries no known clerk wrote.
let seededClerkId: string | null = null;
// Card UIDs are physical and unique across townships: each seeded township gets its own range.
let seededTownships = 0;

export async function seedTownship(
  api: OfficerApi,
  size: { villages: number; shopsPerVillage: number; households: number },
): Promise<Township> {
  const townshipId = uid();
  const uidPrefix = `04${(seededTownships++).toString(16).toUpperCase().padStart(2, '0')}`;
  await api.call('PUT', `/api/townships/${townshipId}`, { name: '青山镇', timeZone: 'Asia/Shanghai' });
  const villages = Array.from({ length: size.villages }, (_, i) => ({
    id: uid(),
    townshipId,
    name: `第${i + 1}村`,
  }));
  const shops = villages.flatMap((v) =>
    Array.from({ length: size.shopsPerVillage }, (_, j) => ({
      id: uid(),
      villageId: v.id,
      name: `${v.name}积分超市${j + 1}`,
      receiptHeader: '',
      receiptFooter: '',
      redemptionWindow: null,
    })),
  );
  const households = Array.from({ length: size.households }, (_, i) => ({
    id: uid(),
    villageId: villages[i % villages.length]!.id,
    number: `H${String(i + 1).padStart(4, '0')}`,
    address: `${i + 1}号`,
    status: 'active' as const,
  }));
  const members = households.map((h, i) => ({
    id: uid(),
    householdId: h.id,
    name: `户主${i + 1}`,
    tags: [],
    isHead: true,
  }));
  const cards = households.map((h, i) => ({
    uid: `${uidPrefix}${String(i + 1).padStart(8, '0')}`,
    memberId: members[i]!.id,
    householdId: h.id,
    status: 'active' as const,
  }));
  const rules = [
    {
      id: uid(),
      category: '环境卫生',
      name: '庭院整洁',
      points: 500,
      personType: 'all',
      needsApproval: false,
      active: true,
    },
    {
      id: uid(),
      category: '孝老爱亲',
      name: '照顾老人',
      points: 1000,
      personType: 'all',
      needsApproval: false,
      active: true,
    },
    {
      id: uid(),
      category: '违规扣分',
      name: '乱扔垃圾',
      points: -300,
      personType: 'all',
      needsApproval: false,
      active: true,
    },
  ];
  const products = [
    { name: '食用油', price: 3000, barcode: '6900000000011' },
    { name: '洗衣粉', price: 1500, barcode: '6900000000028' },
    { name: '大米', price: 5000, barcode: '6900000000035' },
  ].map((p) => ({
    id: uid(),
    barcode: p.barcode,
    name: p.name,
    pinyin: '',
    unit: '件',
    pricePoints: p.price,
    category: '日用品',
    isService: false,
    active: true,
    favourite: false,
  }));
  const clerkPin = '1234';
  const clerks = [
    {
      id: uid(),
      name: '店员',
      role: 'manager' as const,
      shopId: null,
      pinHash: hashPin(clerkPin),
      active: true,
    },
  ];
  const patch: Partial<MasterData> = { villages, shops, households, members, cards, rules, products, clerks };
  await api.call('PUT', `/api/townships/${townshipId}/master`, patch);
  seededClerkId = clerks[0]!.id;
  return {
    townshipId,
    villageIds: villages.map((v) => v.id),
    shopIds: shops.map((s) => s.id),
    households: households.map((h, i) => ({ id: h.id, villageId: h.villageId, cardUid: cards[i]!.uid })),
    productIds: products.map((p) => p.id),
    ruleIds: rules.map((r) => r.id),
    clerkId: clerks[0]!.id,
    clerkPin,
  };
}

/** A device that builds its own chain and signs by hand (tests and the benchmark). */
export class RawDevice {
  readonly id = uid();
  readonly keys = newDeviceKeys();
  readonly chain: JournalEntry[] = [];
  serverPublicKey = '';
  clockOffsetMs = 0;
  /** The business date appended entries carry unless `append` names one; default today. */
  entryDate: string | null = null;
  clerkId: string | null = seededClerkId;

  /** `clock` is the device's own clock: pass the server's test clock (ServerProcess.clock). */
  constructor(
    readonly url: string,
    readonly shopId: string,
    readonly clock: Clock = systemClock,
  ) {}

  async enroll(api: OfficerApi): Promise<void> {
    const { code } = await api.call<{ code: string }>('POST', `/api/shops/${this.shopId}/enrollment-codes`);
    const res = await fetch(`${this.url}/sync/enroll`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        code,
        deviceId: this.id,
        name: `raw ${this.id.slice(-4)}`,
        publicKey: this.keys.publicKey,
        previousDeviceId: null,
      }),
    });
    if (!res.ok) throw new Error(`enroll failed: ${await res.text()}`);
    this.serverPublicKey = ((await res.json()) as { serverPublicKey: string }).serverPublicKey;
  }

  /**
   * Appends n entries to the local chain, made by `make(i)`, dated `date` (default: the
   * device's business date today) at 10:00 Shanghai on it, or from `at` (a till that dates
   * entries otherwise than their time: decision 0723); returns them.
   */
  append(
    n: number,
    make: (i: number) => Omit<UnchainedEntry, 'id' | 'deviceId' | 'at' | 'businessDate' | 'clerkId'>,
    date = this.entryDate ?? businessDate(this.clock.now()),
    at = startOfLocalDay(date) + 10 * 60 * 60 * 1000,
  ): JournalEntry[] {
    const tenOClock = at;
    const out: JournalEntry[] = [];
    for (let i = 0; i < n; i++) {
      const prev = this.chain[this.chain.length - 1];
      const unhashed = {
        ...make(i),
        id: uid(),
        deviceId: this.id,
        seq: (prev?.seq ?? 0) + 1,
        at: tenOClock + i,
        businessDate: date,
        clerkId: this.clerkId,
        prevHash: prev?.hash ?? GENESIS_HASH,
      } as Omit<JournalEntry, 'hash'>;
      const e = { ...unhashed, hash: entryHash(unhashed) } as JournalEntry;
      this.chain.push(e);
      out.push(e);
    }
    return out;
  }

  /** Signed POST; `tamper` may change what is sent after signing. */
  async post(
    path: string,
    body: unknown,
    tamper: {
      text?: string;
      timestamp?: number;
      nonce?: string;
      signature?: string;
      headers?: Record<string, string>;
      /** The bytes sent instead of the text (e.g. the text gzipped, with its content-encoding in headers). */
      bytes?: Uint8Array<ArrayBuffer>;
    } = {},
  ): Promise<{
    status: number;
    json: {
      error?: { code: string; zh: string; en: string; details: { reason?: string; expectedSeq?: number } };
    } & Record<string, unknown>;
    text: string;
    nonce: string;
    headers: Headers;
  }> {
    const text = JSON.stringify(body);
    const timestamp = tamper.timestamp ?? this.clock.now() + this.clockOffsetMs;
    const nonce = tamper.nonce ?? randomBytes(18).toString('base64url');
    const signature = signWith(
      this.keys.privateKey,
      requestSigningString({ method: 'POST', path, body: text, deviceId: this.id, timestamp, nonce }),
    );
    const res = await fetch(`${this.url}${path}`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        [HEADER_DEVICE]: this.id,
        [HEADER_TIMESTAMP]: String(timestamp),
        [HEADER_NONCE]: nonce,
        [HEADER_SIGNATURE]: tamper.signature ?? signature,
        ...tamper.headers,
      },
      body: tamper.bytes ?? tamper.text ?? text,
    });
    const raw = await res.text();
    return { status: res.status, json: JSON.parse(raw) as never, text: raw, nonce, headers: res.headers };
  }
}

/** Entry bodies for raw devices. */
export const bodies = {
  award: (householdId: string, amount: number, ruleId: string | null = null) => ({
    kind: 'points.award' as const,
    body: {
      householdId,
      memberId: null,
      ruleId,
      amount,
      reason: '奖励',
      proposedBy: null,
      approvedBy: null,
      reverses: null,
    },
  }),
  sale: (
    shopId: string,
    household: { id: string; cardUid: string },
    productId: string,
    qty: number,
    unitPoints: number,
    unitCostFen: number,
  ) => ({
    kind: 'sale' as const,
    body: {
      shopId,
      householdId: household.id,
      cardUid: household.cardUid,
      receiptNo: `R-${randomBytes(4).toString('hex')}`,
      lines: [
        { productId, name: '商品', qty, unitPoints, points: qty * unitPoints, unitCostFen, isService: false },
      ],
      totalPoints: qty * unitPoints,
      balanceBefore: 0,
      balanceAfter: 0,
      shiftId: null,
    },
  }),
  receive: (shopId: string, productId: string, qty: number, unitCostFen: number) => ({
    kind: 'stock.receive' as const,
    body: { productId, shopId, qty, unitCostFen, reason: '采购入库', reference: '' },
  }),
};
