import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { BatchLineView, HouseholdHit, RuleView } from '../../src/api/points';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts } from '../format/points';
import { usePlateScan } from '../scan/use-plate-scan';
import { fromTillError, type Refusal } from '../state/refusal';
import { useUi } from '../state/ui-store';
import { type ApproverPin, PointsApprover } from './points-approver';
import { RuleChoice } from './points-rule-choice';
import { beep } from './points-sound';

/**
 * Scoring at an event (一事一记录): choose the rule, tap everyone's card one after another
 * (or type a house number or name), then propose the list as one act, or have a second
 * cadre approve it on the spot with their PIN.
 */
export function PointsBatch({ rules }: { rules: RuleView[] }) {
  const { t } = useTranslation();
  const tap = useUi((s) => s.tap);
  const [ruleId, setRuleId] = useState<string | null>(null);
  const [lines, setLines] = useState<BatchLineView[]>([]);
  const linesRef = useRef<BatchLineView[]>([]);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const [query, setQuery] = useState('');
  const [hits, setHits] = useState<HouseholdHit[]>([]);
  const [note, setNote] = useState('');
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [done, setDone] = useState<string | null>(null);
  const [approving, setApproving] = useState(false);
  const [busy, setBusy] = useState(false);
  const rule = rules.find((r) => r.id === ruleId) ?? null;

  const update = (next: BatchLineView[]) => {
    linesRef.current = next;
    setLines(next);
  };

  /** Lines are added one at a time, so a quick second tap sees the first one's line. */
  const addLine = (params: {
    uid?: string;
    houseNumber?: string;
    householdId?: string;
    memberId?: string | null;
  }) => {
    if (!ruleId) {
      setRefusal({
        code: 'INVALID_INPUT',
        details: {},
        text: { zh: '请先选择积分规则', en: 'Choose a rule first' },
      });
      beep(false);
      return;
    }
    queue.current = queue.current.then(async () => {
      try {
        const line = await till.call('points.batchLine', {
          ruleId,
          ...params,
          taken: linesRef.current.map((l) => l.key),
        });
        update([...linesRef.current, line]);
        setRefusal(null);
        setDone(null);
        beep(true);
      } catch (e) {
        setRefusal(fromTillError(toTillError(e)));
        beep(false);
      }
    });
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: each captured tap is handled once
  useEffect(() => {
    if (tap) addLine({ uid: tap.uid });
  }, [tap]);

  // Scoring at the door: the household's door plate, checked by the till (decision 0910).
  usePlateScan((plate) => {
    setQuery('');
    void till.call('plate.find', { plate }).then(
      (found) => addLine({ householdId: found.household.id }),
      (e) => {
        setRefusal(fromTillError(toTillError(e)));
        beep(false);
      },
    );
  });

  const search = async () => {
    const q = query.trim();
    if (!q) return;
    try {
      const found = await till.call('points.findHouseholds', { query: q });
      const exact = found.find((h) => h.number.toUpperCase() === q.toUpperCase() && h.memberId === null);
      if (exact) {
        addLine({ houseNumber: exact.number });
        setQuery('');
        setHits([]);
      } else setHits(found);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  const submit = async (approver: ApproverPin | null) => {
    if (!ruleId || lines.length === 0 || !note.trim()) return;
    setBusy(true);
    try {
      const r = await till.call('points.proposeBatch', {
        ruleId,
        reason: note.trim(),
        lines: lines.map((l) => ({ householdId: l.householdId, memberId: l.memberId })),
        ...(approver ?? {}),
      });
      const posted = r.awards.filter((a) => a.status === 'approved').length;
      setDone(
        posted === r.awards.length
          ? t('points.posted', { count: posted })
          : t('points.proposed', { count: r.awards.length }),
      );
      update([]);
      setApproving(false);
      setRefusal(null);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
    setBusy(false);
  };

  return (
    <div className="points-batch">
      <RuleChoice
        rules={rules}
        value={ruleId}
        onChange={(id) => {
          setRuleId(id);
          update([]);
        }}
      />
      {rule && (
        <div className="points-entry">
          <div className="points-entry-left">
            <p className="hint">{t('points.tapHint')}</p>
            <form
              className="points-search"
              onSubmit={(e) => {
                e.preventDefault();
                void search();
              }}
            >
              <input
                className="text-input"
                value={query}
                placeholder={t('points.houseNumber')}
                onChange={(e) => setQuery(e.target.value)}
                data-testid="batch-query"
              />
              <button type="submit" className="btn" data-testid="batch-add">
                {t('points.add')}
              </button>
            </form>
            {hits.length > 0 && (
              <div className="chip-row">
                {hits.map((h) => (
                  <button
                    key={`${h.householdId}:${h.memberId ?? ''}`}
                    type="button"
                    className="btn chip"
                    data-testid="batch-hit"
                    onClick={() => {
                      addLine({ householdId: h.householdId, memberId: h.memberId });
                      setHits([]);
                      setQuery('');
                    }}
                  >
                    {h.number} {h.memberName ?? h.headName}
                  </button>
                ))}
              </div>
            )}
            <input
              className="text-input"
              value={note}
              placeholder={t('points.note')}
              onChange={(e) => setNote(e.target.value)}
              data-testid="batch-note"
            />
            <div className="button-row">
              <button
                type="button"
                className="btn btn-primary"
                disabled={busy || lines.length === 0 || !note.trim()}
                onClick={() => void submit(null)}
                data-testid="batch-propose"
              >
                {t('points.propose')}
              </button>
              <button
                type="button"
                className="btn"
                disabled={busy || lines.length === 0 || !note.trim()}
                onClick={() => setApproving(true)}
                data-testid="batch-approve-now"
              >
                {t('points.approveNow')}
              </button>
            </div>
            {approving && <PointsApprover busy={busy} onApprove={(a) => void submit(a)} />}
            {refusal && <RefusalMessage refusal={refusal} />}
            {done && (
              <p className="tone-good big-hint" data-testid="batch-done">
                {done}
              </p>
            )}
          </div>
          <div className="points-entry-right">
            <h3 data-testid="batch-count">
              {t('points.lines', { count: lines.length, points: pts(rule.points * lines.length) })}
            </h3>
            <ol className="batch-lines">
              {lines.map((l, i) => (
                <li
                  key={l.key}
                  className={i === lines.length - 1 ? 'batch-line fresh' : 'batch-line'}
                  data-testid="batch-line"
                >
                  <span className="batch-mark" aria-hidden>
                    ✓
                  </span>
                  <span className="batch-number">{l.householdNumber}</span>
                  <span className="batch-name">{l.memberName ?? l.headName}</span>
                  <span className={rule.points < 0 ? 'minus' : 'plus'}>{pts(rule.points)}</span>
                </li>
              ))}
            </ol>
            <button
              type="button"
              className="btn btn-small"
              disabled={lines.length === 0}
              onClick={() => update(lines.slice(0, -1))}
              data-testid="batch-undo"
            >
              {t('points.undo')}
            </button>
          </div>
        </div>
      )}
    </div>
  );
}
