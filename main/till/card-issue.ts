import type { CardView } from '../../src/api/contract';
import { tillError } from '../../src/errors';
import { type Actor, requireRole, type TillContext } from './context';
import { cardView } from './queries';

const MANAGER_ROLES = ['manager', 'officer'] as const;

/**
 * Issues a tapped card to a household's head at the till, offline too: a `card.issue`
 * journal entry (synced up like any other) that binds the UID; with `replaceOld` the
 * head's current card is retired by the same entry. A UID that already belongs to
 * another household is refused: it would spend someone else's points.
 */
export function issueCard(
  ctx: TillContext,
  actor: Actor,
  input: { uid: string; householdNumber: string; replaceOld: boolean; reason: string },
): CardView {
  requireRole(actor, MANAGER_ROLES, { zh: '发卡或补卡', en: 'issue or replace a card' });
  const { store } = ctx;
  return store.transaction(() => {
    const households = store
      .sql("SELECT id FROM households WHERE number = ? AND status = 'active'")
      .pluck()
      .all(input.householdNumber) as string[];
    if (households.length !== 1) {
      throw tillError(
        'UNKNOWN_HOUSEHOLD',
        households.length === 0
          ? `没有户号为 ${input.householdNumber} 的在册农户`
          : `户号 ${input.householdNumber} 不止一户，请到乡镇管理台发卡`,
        households.length === 0
          ? `No active household numbered ${input.householdNumber}`
          : `More than one household is numbered ${input.householdNumber}; issue this card in the township console`,
        { householdNumber: input.householdNumber },
      );
    }
    const householdId = households[0]!;
    const existing = store.sql('SELECT household_id, status FROM cards WHERE uid = ?').get(input.uid) as
      | { household_id: string; status: string }
      | undefined;
    if (existing && existing.household_id !== householdId) {
      throw tillError(
        'INVALID_INPUT',
        '这张卡已经发给别的农户了，不能再发',
        'This card is already issued to another household',
        { uid: input.uid },
      );
    }
    if (existing?.status === 'active') {
      throw tillError(
        'INVALID_INPUT',
        '这张卡已经是这一户的卡了',
        'This card already belongs to this household',
        {
          uid: input.uid,
        },
      );
    }
    const head = store
      .sql('SELECT id FROM members WHERE household_id = ? ORDER BY is_head DESC, name LIMIT 1')
      .pluck()
      .get(householdId) as string | undefined;
    const replaces = input.replaceOld
      ? ((store
          .sql(
            `SELECT uid FROM cards WHERE household_id = ? AND status = 'active' AND uid <> ?
             AND (member_id IS ? OR member_id IS NULL) ORDER BY uid LIMIT 1`,
          )
          .pluck()
          .get(householdId, input.uid, head ?? null) as string | undefined) ?? null)
      : null;
    store.append({
      ...store.header(actor.id),
      kind: 'card.issue',
      body: { cardUid: input.uid, householdId, memberId: head ?? null, replaces, reason: input.reason },
    });
    return cardView(ctx, input.uid);
  });
}

export function cardIssueHandlers(ctx: TillContext) {
  return {
    'card.issue': (
      input: { uid: string; householdNumber: string; replaceOld: boolean; reason: string },
      actor: Actor | null,
    ): CardView => {
      if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
      return issueCard(ctx, actor, input);
    },
  };
}
