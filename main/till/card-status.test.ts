import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { newId } from '../../src/ids';
import { type TillFixture, tillFixture } from '../../tests/support/till-fixture';
import { blockCard } from './points';
import { cardFacts } from './queries';
import { saleOpening } from './sale-facts';

/**
 * A card's status as the till's two reads of it give it: cardFacts (awards, a block) and a
 * sale's first read (saleOpening, raw). Both map the same columns through one rule: a
 * journal event (block, lost, unblock, replace) wins over the status master data issued.
 */

let f: TillFixture;
beforeEach(() => {
  f = tillFixture({ households: 6 });
});
afterEach(() => f.cleanup());

/** The card as both reads give it; they must agree. */
function bothReads(uid: string) {
  const facts = cardFacts(f.ctx, uid);
  const opening = f.store.transaction(() => saleOpening(f.ctx, newId(f.clock), uid).card);
  expect(opening).toEqual(facts);
  return facts;
}

describe('a card’s status, through cardFacts and through a sale’s first read', () => {
  it('is the issued status until a journal event, and then the event’s, whatever master data says', () => {
    const uid = f.cards.poor;
    const householdId = f.householdOf(uid);
    const issued = (status: string) =>
      f.store.sql('UPDATE cards SET status = ? WHERE uid = ?').run(status, uid);
    expect(bothReads(uid)).toMatchObject({ uid, householdId, status: 'active' });

    // No event yet: the township's issued status counts.
    issued('replaced');
    expect(bothReads(uid)).toMatchObject({ status: 'replaced', reason: null });

    // A block at this till wins over the issued status, "active" or "replaced"...
    issued('active');
    blockCard(f.ctx, f.manager, { uid, lost: false, reason: '暂停使用' });
    expect(bothReads(uid)).toMatchObject({ status: 'blocked', reason: '暂停使用' });
    issued('replaced');
    expect(bothReads(uid)).toMatchObject({ status: 'blocked', reason: '暂停使用' });

    // ...and so does the unblock that lifts it.
    f.store.append({
      ...f.store.header(f.manager.id),
      kind: 'card.unblock',
      body: { cardUid: uid, householdId, reason: '恢复使用' },
    });
    expect(bothReads(uid)).toMatchObject({ status: 'active', reason: '恢复使用' });
    expect(bothReads(f.cards.rich)).toMatchObject({ status: 'active', reason: null });
    expect(bothReads('0000DEAD')).toBeNull();
  });
});
