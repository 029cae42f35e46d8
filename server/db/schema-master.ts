import type { Generated } from 'kysely';

/** Master data the township keeps and tills pull: villages, shops, clerks, households, members, cards, rules and products. Conventions: see schema.ts. */
export interface TownshipTable {
  id: string;
  name: string;
  timeZone: string;
}
export interface VillageTable {
  id: string;
  townshipId: string;
  name: string;
}
export interface ShopTable {
  id: string;
  townshipId: string;
  villageId: string;
  name: string;
  receiptHeader: string;
  receiptFooter: string;
  redemptionWindow: string | null;
}
export interface ClerkTable {
  id: string;
  townshipId: string;
  name: string;
  role: 'clerk' | 'stockkeeper' | 'cadre' | 'manager' | 'officer';
  shopId: string | null;
  pinHash: string;
  active: number;
  /** 1: the PIN was set by an officer or manager and must be changed at the next till login (0620). */
  mustChangePin?: number;
}
export interface HouseholdTable {
  id: string;
  townshipId: string;
  villageId: string;
  number: string;
  address: string;
  status: 'active' | 'closed';
  /** The door plate's version (decision 0911): 1 until a reissue. */
  plateVersion: Generated<number>;
}
export interface MemberTable {
  id: string;
  townshipId: string;
  householdId: string;
  name: string;
  tags: string;
  isHead: number;
  /** Pinyin initials of the name, lower case (张三 → zs), written with the name (0620). */
  initials?: string;
}
export interface CardTable {
  uid: string;
  townshipId: string;
  memberId: string | null;
  householdId: string;
  status: 'active' | 'replaced';
}
export interface RuleTable {
  id: string;
  townshipId: string;
  category: string;
  name: string;
  points: number;
  personType: string;
  needsApproval: number;
  active: number;
  /** Decision 0920: once per event / month, a yearly cap on the sum (hundredths). */
  limitKind?: 'none' | 'event' | 'month' | 'year';
  yearCap?: number | null;
}
/** Every version of a rule, as each rule.define entry wrote it (0920). */
export interface RuleVersionTable {
  entryId: string;
  townshipId: string;
  ruleId: string;
  at: number;
  clerkId: string | null;
  deviceId: string;
  /** JSON of the rule.define body. */
  body: string;
}
export interface ProductTable {
  id: string;
  townshipId: string;
  barcode: string | null;
  name: string;
  pinyin: string;
  unit: string;
  pricePoints: number;
  category: string;
  isService: number;
  active: number;
  favourite: number;
  /** Yuan cost in fen as the console's price list keeps it (0622). */
  costFen?: number;
  /** Units per case, low-stock threshold, township change time (ms, 0 = none), barcodes (JSON list). */
  packSize?: number;
  lowStock?: number;
  updatedAt?: number;
  barcodes?: string;
}
