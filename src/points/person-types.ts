import { tillError } from '../errors';

/** Who a rule is for: everyone, a member tag the township defines, or the masses. */
export const EVERYONE = '全体';
/** 群众: members who are not party members (the field reports score them apart). */
export const MASSES = '群众';
export const PARTY_MEMBER = '党员';

export interface Recipient {
  /** Null when the entry is for the household as a whole. */
  memberId: string | null;
  memberName: string | null;
  tags: readonly string[];
}

/** Whether a rule with this person type may go to this recipient. */
export function mayReceive(personType: string, r: Recipient): boolean {
  if (personType === EVERYONE) return true;
  if (r.memberId === null) return false;
  if (personType === MASSES) return !r.tags.includes(PARTY_MEMBER);
  return r.tags.includes(personType);
}

export function requireMayReceive(rule: { name: string; personType: string }, r: Recipient): void {
  if (mayReceive(rule.personType, r)) return;
  const who = r.memberName ?? '全户';
  const whoEn = r.memberName ?? 'the whole household';
  throw tillError(
    'RULE_NOT_FOR_PERSON',
    `“${rule.name}”只适用于${rule.personType}，${who}不能获得`,
    `"${rule.name}" is only for ${rule.personType}; ${whoEn} may not receive it`,
    { personType: rule.personType, memberId: r.memberId },
  );
}
