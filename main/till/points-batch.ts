import type { BatchLineView } from '../../src/api/points';
import { tillError } from '../../src/errors';
import type { TillContext } from './context';
import { checkEntry, duplicate, recipientFacts } from './points-awards';
import { requireActiveRule } from './points-rules';
import { cardFacts } from './queries';

/**
 * Turns one card tap (or a typed house number) into a line of a batch at an event: the
 * card's holder, or the household head. A lost, blocked or unknown card, someone already
 * on the list and a person the rule is not for are refused here, tap by tap.
 */
export function batchLine(
  ctx: TillContext,
  input: {
    ruleId: string;
    uid: string | null;
    houseNumber: string | null;
    householdId?: string | null;
    memberId?: string | null;
    taken: string[];
  },
): BatchLineView {
  const rule = requireActiveRule(ctx, input.ruleId);
  let householdId: string;
  let memberId: string | null;
  if (input.uid) {
    const card = cardFacts(ctx, input.uid);
    if (!card) {
      throw tillError(
        'UNKNOWN_CARD',
        `此卡未登记，不能记分：${input.uid}`,
        `This card is not registered: ${input.uid}`,
        {
          uid: input.uid,
        },
      );
    }
    if (card.status === 'lost' || card.status === 'blocked' || card.status === 'replaced') {
      throw tillError(
        card.status === 'lost' ? 'CARD_LOST' : card.status === 'blocked' ? 'CARD_BLOCKED' : 'CARD_REPLACED',
        `此卡已${card.status === 'lost' ? '挂失' : card.status === 'blocked' ? '停用' : '换卡'}，不能记分：${input.uid}`,
        `This card is ${card.status}; it cannot be scored: ${input.uid}`,
        { uid: input.uid, status: card.status },
      );
    }
    householdId = card.householdId;
    memberId = card.memberId;
  } else if (input.householdId) {
    householdId = input.householdId;
    memberId = input.memberId ?? headOf(ctx, input.householdId);
  } else if (input.houseNumber) {
    const number = input.houseNumber.trim().toUpperCase();
    const h = ctx.store
      .sql("SELECT id FROM households WHERE upper(number) = ? AND status = 'active'")
      .pluck()
      .get(number) as string | undefined;
    if (!h) {
      throw tillError('UNKNOWN_HOUSEHOLD', `没有这个户号：${number}`, `No household numbered ${number}`, {
        houseNumber: number,
      });
    }
    householdId = h;
    memberId = headOf(ctx, h);
  } else {
    throw tillError('INVALID_INPUT', '请刷卡或输入户号', 'Tap a card or type a house number');
  }
  const r = recipientFacts(ctx, { householdId, memberId });
  const key = memberId ?? householdId;
  if (input.taken.includes(key)) throw duplicate(r);
  // Person type, limits and floor, tap by tap, with what the till already knows.
  checkEntry(ctx, rule, { householdId, memberId }, rule.points, null, null);
  return {
    key,
    householdId,
    householdNumber: r.householdNumber,
    memberId,
    memberName: r.member?.name ?? null,
    headName: r.headName,
    cardUid: input.uid,
  };
}

function headOf(ctx: TillContext, householdId: string): string | null {
  return (
    (ctx.store
      .sql('SELECT id FROM members WHERE household_id = ? ORDER BY is_head DESC, name LIMIT 1')
      .pluck()
      .get(householdId) as string | undefined) ?? null
  );
}
