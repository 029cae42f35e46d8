import { maskName } from './mask';

/** One approved award, deduction or reversal of the month, as the notice lists it. */
export interface NoticeEntry {
  id: string;
  businessDate: string;
  householdId: string;
  householdNumber: string;
  /** The member named by the entry, else the household head. */
  name: string;
  ruleName: string;
  reason: string;
  /** Signed hundredths. */
  amount: number;
}

export interface NoticeHousehold {
  id: string;
  number: string;
  headName: string;
}

export interface NoticeListing {
  householdId: string;
  householdNumber: string;
  name: string;
  reason: string;
  /** Black list: suspended from .. until the last suspended day. */
  from: string;
  until: string | null;
}

export interface NoticeInput {
  villageName: string;
  /** YYYY-MM */
  period: string;
  households: readonly NoticeHousehold[];
  entries: readonly NoticeEntry[];
  red: readonly NoticeListing[];
  black: readonly NoticeListing[];
  maskNames: boolean;
}

export interface NoticeTotal {
  householdId: string;
  householdNumber: string;
  name: string;
  awarded: number;
  deducted: number;
  net: number;
}

export interface Notice {
  villageName: string;
  period: string;
  entries: NoticeEntry[];
  totals: NoticeTotal[];
  top10: (NoticeTotal & { rank: number })[];
  red: NoticeListing[];
  black: NoticeListing[];
  awarded: number;
  deducted: number;
  net: number;
}

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * The monthly public notice (一月一公示) of one village. Pure and ordered by content only
 * (date, house number, entry id), so a closed month printed twice gives the same page.
 */
export function buildNotice(input: NoticeInput): Notice {
  const show = (n: string) => (input.maskNames ? maskName(n) : n);
  const entries = [...input.entries]
    .sort(
      (a, b) =>
        byText(a.businessDate, b.businessDate) ||
        byText(a.householdNumber, b.householdNumber) ||
        byText(a.id, b.id),
    )
    .map((e) => ({ ...e, name: show(e.name) }));
  const sums = new Map<string, { awarded: number; deducted: number }>();
  for (const e of input.entries) {
    const s = sums.get(e.householdId) ?? { awarded: 0, deducted: 0 };
    if (e.amount > 0) s.awarded += e.amount;
    else s.deducted += e.amount;
    sums.set(e.householdId, s);
  }
  const totals: NoticeTotal[] = input.households
    .filter((h) => sums.has(h.id))
    .map((h) => {
      const s = sums.get(h.id)!;
      return {
        householdId: h.id,
        householdNumber: h.number,
        name: show(h.headName),
        awarded: s.awarded,
        deducted: s.deducted,
        net: s.awarded + s.deducted,
      };
    })
    .sort((a, b) => byText(a.householdNumber, b.householdNumber));
  const ranked = [...totals].sort((a, b) => b.net - a.net || byText(a.householdNumber, b.householdNumber));
  const top10: Notice['top10'] = [];
  for (const [i, t] of ranked
    .filter((t) => t.net > 0)
    .slice(0, 10)
    .entries()) {
    // Equal totals share a rank (1, 2, 2, 4).
    const prev = top10[i - 1];
    top10.push({ ...t, rank: prev && prev.net === t.net ? prev.rank : i + 1 });
  }
  const listing = (xs: readonly NoticeListing[]) =>
    [...xs]
      .map((x) => ({ ...x, name: show(x.name) }))
      .sort((a, b) => byText(a.householdNumber, b.householdNumber) || byText(a.from, b.from));
  const awarded = totals.reduce((s, t) => s + t.awarded, 0);
  const deducted = totals.reduce((s, t) => s + t.deducted, 0);
  return {
    villageName: input.villageName,
    period: input.period,
    entries,
    totals,
    top10,
    red: listing(input.red),
    black: listing(input.black),
    awarded,
    deducted,
    net: awarded + deducted,
  };
}
