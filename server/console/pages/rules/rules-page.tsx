import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { RuleLimitKind, RuleVersionView, RuleView } from '../../../../src/console/points';
import { api } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { when } from '../../format';
import { useEditor } from '../../hooks/use-editor';
import { useLoad } from '../../hooks/use-load';
import { points } from '../households/format';
import type { PageProps } from '../types';

const LIMITS: RuleLimitKind[] = ['none', 'event', 'month', 'year'];
/** Person types the field reports use; the township may type any member tag. */
const PERSON_TYPES = ['全体', '群众', '党员', '网格员'];

type Form = {
  category: string;
  name: string;
  points: string;
  personType: string;
  limit: RuleLimitKind;
  yearCap: string;
  needsApproval: boolean;
  active: boolean;
};

const EMPTY: Form = {
  category: '',
  name: '',
  points: '',
  personType: '全体',
  limit: 'none',
  yearCap: '',
  needsApproval: true,
  active: true,
};

/** "-2.5" → -250; null when not a number with at most two decimals. */
export function signedHundredths(s: string): number | null {
  const m = /^([+-]?)(\d{1,9})(?:\.(\d{1,2}))?$/.exec(s.trim());
  if (!m) return null;
  const v = Number(m[2]) * 100 + Number((m[3] ?? '').padEnd(2, '0'));
  return m[1] === '-' ? -v : v;
}

const toForm = (r: RuleView): Form => ({
  category: r.category,
  name: r.name,
  points: points(r.points),
  personType: r.personType,
  limit: r.limit,
  yearCap: r.yearCap === null ? '' : points(r.yearCap),
  needsApproval: r.needsApproval,
  active: r.active,
});

/** The township's rule catalog: officers add and edit rules; cadres read them. */
export function RulesPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const path = `/townships/${townshipId}/rules`;
  const list = useLoad(() => api.get<RuleView[]>(path), path);
  const editor = useEditor(EMPTY, list.reload);
  const [historyOf, setHistoryOf] = useState<string | null>(null);
  const canEdit = session.officer.role === 'officer';
  const { form: f, set, error, message } = editor;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    editor.begin();
    const pts = signedHundredths(f.points);
    if (!pts) {
      editor.refuse(t('rules.badPoints'));
      return;
    }
    const cap = f.limit === 'year' ? signedHundredths(f.yearCap) : null;
    if (f.limit === 'year' && (!cap || cap < 0)) {
      editor.refuse(t('rules.badCap'));
      return;
    }
    const body = {
      category: f.category,
      name: f.name,
      points: pts,
      personType: f.personType,
      limit: f.limit,
      yearCap: cap,
      needsApproval: f.needsApproval,
      active: f.active,
    };
    await editor.save(path, body, t('rules.saved', { name: f.name }));
  };

  return (
    <section>
      <h1>{t('rules.title')}</h1>
      <p className="hint">{t('rules.intro')}</p>
      {message && (
        <p className="ok-box" role="status">
          {message}
        </p>
      )}
      <ErrorBox error={list.error} />
      {list.data?.length === 0 && <p className="hint">{t('rules.none')}</p>}
      {list.data && list.data.length > 0 && (
        <table data-testid="rules">
          <thead>
            <tr>
              <th>{t('rules.category')}</th>
              <th>{t('rules.name')}</th>
              <th className="num">{t('rules.points')}</th>
              <th>{t('rules.personType')}</th>
              <th>{t('rules.limit')}</th>
              <th>{t('rules.needsApproval')}</th>
              <th>{t('rules.active')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {list.data.map((r) => (
              <RuleRow
                key={r.id}
                rule={r}
                path={path}
                canEdit={canEdit}
                showHistory={historyOf === r.id}
                onHistory={() => setHistoryOf(historyOf === r.id ? null : r.id)}
                onEdit={() => editor.edit(r.id, toForm(r))}
              />
            ))}
          </tbody>
        </table>
      )}
      {canEdit && (
        <form
          className="card"
          onSubmit={submit}
          aria-label={editor.id ? t('rules.edit') : t('rules.newRule')}
        >
          <h2>{editor.id ? `${t('rules.edit')}：${f.name}` : t('rules.newRule')}</h2>
          <div className="row">
            <Field
              label={t('rules.category')}
              value={f.category}
              onChange={(e) => set({ category: e.target.value })}
            />
            <Field label={t('rules.name')} value={f.name} onChange={(e) => set({ name: e.target.value })} />
            <Field
              label={t('rules.points')}
              value={f.points}
              inputMode="decimal"
              placeholder="5 / -3 / 0.5"
              onChange={(e) => set({ points: e.target.value })}
            />
            <Field
              label={t('rules.personType')}
              value={f.personType}
              list="rule-person-types"
              onChange={(e) => set({ personType: e.target.value })}
            />
            <datalist id="rule-person-types">
              {PERSON_TYPES.map((p) => (
                <option key={p} value={p} />
              ))}
            </datalist>
            <label className="field">
              <span>{t('rules.limit')}</span>
              <select value={f.limit} onChange={(e) => set({ limit: e.target.value as RuleLimitKind })}>
                {LIMITS.map((l) => (
                  <option key={l} value={l}>
                    {t(`rules.limits.${l}`)}
                  </option>
                ))}
              </select>
            </label>
            {f.limit === 'year' && (
              <Field
                label={t('rules.yearCap')}
                value={f.yearCap}
                inputMode="decimal"
                onChange={(e) => set({ yearCap: e.target.value })}
              />
            )}
            <label>
              <input
                type="checkbox"
                checked={f.needsApproval}
                onChange={(e) => set({ needsApproval: e.target.checked })}
              />{' '}
              {t('rules.needsApproval')}
            </label>
            <label>
              <input type="checkbox" checked={f.active} onChange={(e) => set({ active: e.target.checked })} />{' '}
              {t('rules.active')}
            </label>
            <button
              type="submit"
              className="primary"
              disabled={!f.name.trim() || !f.category.trim() || !f.points.trim()}
            >
              {t('rules.save')}
            </button>
            {editor.id && (
              <button type="button" onClick={editor.cancel}>
                {t('rules.cancel')}
              </button>
            )}
          </div>
          <ErrorBox error={error} />
        </form>
      )}
    </section>
  );
}

function RuleRow(props: {
  rule: RuleView;
  path: string;
  canEdit: boolean;
  showHistory: boolean;
  onHistory(): void;
  onEdit(): void;
}) {
  const { t } = useTranslation();
  const r = props.rule;
  const limit =
    r.limit === 'year' && r.yearCap !== null
      ? `${t('rules.limits.year')} ${points(r.yearCap)}`
      : t(`rules.limits.${r.limit}`);
  return (
    <>
      <tr className={r.active ? '' : 'warn'} data-rule={r.name}>
        <td>{r.category}</td>
        <td>{r.name}</td>
        <td className={`num ${r.points < 0 ? 'bad' : ''}`}>{points(r.points)}</td>
        <td>{r.personType}</td>
        <td>{limit}</td>
        <td>{r.needsApproval ? t('rules.yes') : t('rules.no')}</td>
        <td>{r.active ? t('rules.yes') : t('rules.no')}</td>
        <td>
          <div className="toolbar">
            {props.canEdit && (
              <button type="button" onClick={props.onEdit}>
                {t('rules.edit')}
              </button>
            )}
            <button type="button" onClick={props.onHistory}>
              {props.showHistory ? t('rules.hideHistory') : t('rules.history')}
            </button>
          </div>
        </td>
      </tr>
      {props.showHistory && (
        <tr>
          <td colSpan={8}>
            <RuleHistory path={`${props.path}/${r.id}/history`} />
          </td>
        </tr>
      )}
    </>
  );
}

function RuleHistory({ path }: { path: string }) {
  const { t } = useTranslation();
  const versions = useLoad(() => api.get<RuleVersionView[]>(path), path);
  return (
    <>
      <ErrorBox error={versions.error} />
      <ol className="small" data-testid="rule-history">
        {versions.data?.map((v) => (
          <li key={v.entryId}>
            {when(v.at)} · {v.rule.name} · {points(v.rule.points)} · {v.rule.personType} ·{' '}
            {t(`rules.limits.${v.rule.limit}`)}
            {v.rule.limit === 'year' && v.rule.yearCap !== null ? ` ${points(v.rule.yearCap)}` : ''}
            {' · '}
            {v.rule.needsApproval ? t('rules.needsApproval') : ''}
            {v.by ? ` · ${t('rules.by', { name: v.by })}` : ''}
            {v.deviceName ? t('rules.atTill', { device: v.deviceName }) : ''}
          </li>
        ))}
      </ol>
    </>
  );
}
