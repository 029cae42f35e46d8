/**
 * Shapes the console's people pages and the server's routes for them share (decision
 * 0620): households and members, statements, cards, clerks and the roster import.
 * Points are hundredths, as everywhere.
 */

export type ProblemReason =
  | 'too-large'
  | 'empty-file'
  | 'wrong-encoding'
  | 'old-excel'
  | 'unreadable'
  | 'no-header'
  | 'unmapped'
  | 'empty-cell'
  | 'merged-cell'
  | 'unknown-village'
  | 'duplicate-number'
  | 'too-long'
  | 'bad-points';

export interface HouseholdHit {
  id: string;
  number: string;
  villageId: string;
  villageName: string;
  address: string;
  status: 'active' | 'closed';
  head: string | null;
  memberCount: number;
  /** Hundredths of a point, household-wide, as the server's ledger has it. */
  balance: number;
}

export interface StatementLine {
  entryId: string;
  /** Device clock of the entry (ms). */
  at: number;
  businessDate: string;
  /**
   * The month (YYYY-MM) the line is counted in, fixed when it arrived (decision 0404): its
   * business month, or the next open month when that one was already closed (a late entry).
   */
  period: string;
  /** Journal kind: sale, points.award, points.opening, … */
  kind: string;
  category: string;
  /** Signed hundredths. */
  points: number;
  balanceAfter: number;
  /** The shop or device that wrote it ("township server" for console entries). */
  where: string;
  /** Reason, receipt number or rule as the entry carries it. */
  note: string;
}

export interface HouseholdView {
  id: string;
  number: string;
  villageId: string;
  villageName: string;
  address: string;
  status: 'active' | 'closed';
  balance: number;
  /** The door plate's version; a reissue raises it and retires the older plate. */
  plateVersion: number;
  members: {
    id: string;
    name: string;
    tags: string[];
    isHead: boolean;
    cards: { uid: string; status: string; reason: string }[];
  }[];
}

export interface CardView {
  uid: string;
  householdId: string;
  householdNumber: string;
  memberId: string | null;
  memberName: string | null;
  /** 'replaced' from master data, else the newest card event's state. */
  status: 'active' | 'lost' | 'blocked' | 'replaced';
  reason: string;
}

export interface ClerkView {
  id: string;
  name: string;
  role: 'clerk' | 'stockkeeper' | 'cadre' | 'manager' | 'officer';
  shopId: string | null;
  shopName: string | null;
  active: boolean;
  mustChangePin: boolean;
}

/**
 * One thing wrong with a roster, where a person can find it in Excel: the sheet row
 * (1-based, as Excel numbers it; 0 for the file as a whole) and the column letter
 * with its header. Every problem carries both languages.
 */
export interface RosterProblem {
  row: number;
  /** 'C' … ; '' for a whole row or the whole file. */
  column: string;
  /** The column's header text as it is in the file. */
  header: string;
  reason: ProblemReason;
  zh: string;
  en: string;
}

/** A roster row that passed every check, ready to apply. */
export interface RosterRow {
  row: number;
  villageId: string;
  villageName: string;
  number: string;
  head: string;
  /** Other members, in file order, the head not repeated. */
  members: string[];
  address: string;
  /** Hundredths; null when the file has no opening balance for the row. */
  opening: number | null;
}

export interface RosterSummary {
  created: number;
  updated: number;
  unchanged: number;
  membersAdded: number;
  openingEntries: number;
  /** Hundredths posted by this import (deltas). */
  openingPoints: number;
}

export const ROSTER_FIELDS = ['village', 'number', 'head', 'members', 'address', 'opening'] as const;
export type RosterField = (typeof ROSTER_FIELDS)[number];
/** Column index per field; null when the file has no such column. */
export type RosterMapping = Record<RosterField, number | null>;

export interface RosterUploadView {
  uploadId: string;
  fileName: string;
  format: 'xlsx' | 'csv';
  encoding: 'utf-8-bom' | 'utf-8' | 'gb18030' | null;
  /** The sheet row holding the headers. */
  headerRow: number;
  headers: string[];
  dataRows: number;
  mapping: RosterMapping;
  sample: string[][];
}

export interface RosterCheckView {
  total: number;
  importable: boolean;
  validRows: number;
  badRows: number[];
  problems: RosterProblem[];
  changes: {
    newHouseholds: number;
    changedHouseholds: number;
    unchanged: number;
    newMembers: number;
    openingEntries: number;
    openingPoints: number;
  } | null;
  preview: RosterRow[];
}

export type RosterApplyView = RosterSummary & { skipped: number };

export interface PeopleOptionsView {
  villages: { id: string; name: string }[];
  shops: { id: string; name: string; villageId: string }[];
}

/** A product of the township's price list as the console edits it (points in hundredths, cost in fen). */
export interface ProductView {
  id: string;
  /** The main barcode (the first of `barcodes`), or null. */
  barcode: string | null;
  /** Every barcode of the product, each unique across the township's products (decision 0800). */
  barcodes: string[];
  name: string;
  unit: string;
  pricePoints: number;
  costFen: number;
  category: string;
  isService: boolean;
  active: boolean;
  /** Units per case and the low-stock threshold, as the till keeps them. */
  packSize: number;
  lowStock: number;
}
