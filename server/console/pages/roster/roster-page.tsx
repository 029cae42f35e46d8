import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import {
  ROSTER_FIELDS,
  type RosterApplyView,
  type RosterCheckView,
  type RosterMapping,
  type RosterUploadView,
} from '../../../../src/console/people';
import { api, ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { asApiError } from '../../hooks/use-load';
import { pick } from '../../i18n/language';
import { points } from '../households/format';
import type { PageProps } from '../types';

/** The server refuses bigger files from their size alone; the page says so before sending. */
const MAX_MB = 20;

/** Upload → map headers → preview with every problem → confirm (nothing is written before). */
export function RosterPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const [upload, setUpload] = useState<RosterUploadView | null>(null);
  const [mapping, setMapping] = useState<RosterMapping | null>(null);
  const [check, setCheck] = useState<RosterCheckView | null>(null);
  const [skip, setSkip] = useState(false);
  const [done, setDone] = useState<RosterApplyView | null>(null);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [busy, setBusy] = useState(false);
  const base = `/townships/${townshipId}/roster/uploads`;

  const reset = () => {
    setUpload(null);
    setMapping(null);
    setCheck(null);
    setSkip(false);
    setDone(null);
    setError(null);
  };

  const run = async (step: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    try {
      await step();
    } catch (e) {
      setError(asApiError(e));
    } finally {
      setBusy(false);
    }
  };

  const choose = (file: File | undefined) => {
    if (!file) return;
    reset();
    if (file.size > MAX_MB * 1024 * 1024) {
      const msg = {
        zh: t('roster.tooLarge', { mb: MAX_MB, lng: 'zh-CN' }),
        en: t('roster.tooLarge', { mb: MAX_MB, lng: 'en' }),
      };
      setError(new ConsoleApiError(413, { code: 'INVALID_INPUT', ...msg, details: { reason: 'too-large' } }));
      return;
    }
    void run(async () => {
      // Raw bytes: the server detects XLSX, UTF-8 (with or without BOM) or GB18030 itself.
      const res = await fetch(`/console/api${base}?name=${encodeURIComponent(file.name)}`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'content-type': 'application/octet-stream', 'x-csrf-token': session.csrf },
        body: file,
      });
      const json = (await res.json()) as RosterUploadView & { error?: ConsoleApiError['error'] };
      if (!res.ok || json.error)
        throw new ConsoleApiError(
          res.status,
          json.error ?? { code: 'INTERNAL', zh: '', en: '', details: {} },
        );
      setUpload(json);
      setMapping(json.mapping);
    });
  };

  const doCheck = () =>
    run(async () => {
      if (!upload || !mapping) return;
      setCheck(await api.post<RosterCheckView>(`${base}/${upload.uploadId}/check`, { mapping }));
    });

  const apply = () =>
    run(async () => {
      if (!upload || !mapping) return;
      setDone(
        await api.post<RosterApplyView>(`${base}/${upload.uploadId}/apply`, { mapping, skipBadRows: skip }),
      );
    });

  return (
    <section>
      <h1>{t('roster.title')}</h1>
      <div className="card">
        <h2>{t('roster.step1')}</h2>
        <p className="hint">{t('roster.hint', { mb: MAX_MB })}</p>
        <label className="field">
          <span>{t('roster.file')}</span>
          <input
            type="file"
            accept=".xlsx,.csv,.txt"
            disabled={busy}
            onChange={(e) => choose(e.target.files?.[0])}
          />
        </label>
        {busy && <p className="hint">{t('roster.uploading')}</p>}
      </div>
      <ErrorBox error={error} />
      {rowProblems(error) && <ProblemTable problems={rowProblems(error) ?? []} />}

      {upload && mapping && !done && (
        <div className="card">
          <h2>{t('roster.step2')}</h2>
          <p>{t('roster.read', { file: upload.fileName, rows: upload.dataRows, row: upload.headerRow })}</p>
          <div className="row">
            {ROSTER_FIELDS.map((f) => (
              <label key={f} className="field">
                <span>{t(`roster.fields.${f}`)}</span>
                <select
                  value={mapping[f] ?? ''}
                  onChange={(e) => {
                    setCheck(null);
                    setMapping({ ...mapping, [f]: e.target.value === '' ? null : Number(e.target.value) });
                  }}
                >
                  <option value="">{t('roster.unmapped')}</option>
                  {upload.headers.map((h, i) => (
                    // biome-ignore lint/suspicious/noArrayIndexKey: columns are positions
                    <option key={i} value={i}>
                      {h || `#${i + 1}`}
                    </option>
                  ))}
                </select>
              </label>
            ))}
            <button type="button" className="primary" disabled={busy} onClick={() => void doCheck()}>
              {t('roster.check')}
            </button>
          </div>
        </div>
      )}

      {check && !done && (
        <div className="card">
          <h2>{t('roster.step3')}</h2>
          {check.problems.length > 0 ? (
            <>
              <p className="warn">
                {t('roster.problems', { count: check.problems.length, rows: check.total })}
              </p>
              <ProblemTable problems={check.problems} />
            </>
          ) : (
            <p className="ok-box">{t('roster.noProblems', { rows: check.total })}</p>
          )}
          {check.changes && (
            <p data-testid="changes">
              {t('roster.changes', {
                new: check.changes.newHouseholds,
                changed: check.changes.changedHouseholds,
                unchanged: check.changes.unchanged,
                members: check.changes.newMembers,
                entries: check.changes.openingEntries,
                points: points(check.changes.openingPoints),
              })}
            </p>
          )}
          {check.importable && check.badRows.length > 0 && (
            <label>
              <input type="checkbox" checked={skip} onChange={(e) => setSkip(e.target.checked)} />{' '}
              {t('roster.skipBad', { count: check.badRows.length })}
            </label>
          )}
          {check.preview.length > 0 && (
            <table data-testid="preview">
              <thead>
                <tr>
                  <th className="num">{t('roster.row')}</th>
                  {(['village', 'number', 'head', 'members', 'address', 'opening'] as const).map((f) => (
                    <th key={f}>{t(`roster.fields.${f}`)}</th>
                  ))}
                </tr>
              </thead>
              <tbody>
                {check.preview.map((r) => (
                  <tr key={r.row}>
                    <td className="num">{r.row}</td>
                    <td>{r.villageName}</td>
                    <td>{r.number}</td>
                    <td>{r.head}</td>
                    <td>{r.members.join('、')}</td>
                    <td>{r.address}</td>
                    <td className="num">{r.opening === null ? '' : points(r.opening)}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <p className="hint">{t('roster.nothingYet')}</p>
          <button
            type="button"
            className="primary"
            disabled={
              busy || !check.importable || (check.problems.length > 0 && !skip) || check.validRows === 0
            }
            onClick={() => void apply()}
          >
            {t('roster.confirm')}
          </button>
        </div>
      )}

      {done && (
        <div className="card">
          <p className="ok-box" role="status">
            {t('roster.done', {
              created: done.created,
              updated: done.updated,
              members: done.membersAdded,
              entries: done.openingEntries,
              skipped: done.skipped,
            })}
          </p>
          <button type="button" onClick={reset}>
            {t('roster.again')}
          </button>
        </div>
      )}
    </section>
  );
}

/** A refusal's problems worth a table: those that name a row (a file-level one is already the message). */
function rowProblems(error: ConsoleApiError | null): RosterCheckView['problems'] | null {
  const list = (error?.error.details.problems ?? []) as RosterCheckView['problems'];
  return list.some((p) => p.row > 0) ? list : null;
}

function ProblemTable({ problems }: { problems: RosterCheckView['problems'] }) {
  const { t } = useTranslation();
  return (
    <table data-testid="problems">
      <thead>
        <tr>
          <th className="num">{t('roster.row')}</th>
          <th>{t('roster.column')}</th>
          <th>{t('roster.reason')}</th>
        </tr>
      </thead>
      <tbody>
        {problems.map((p, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: a problem list has no ids
          <tr key={i} className="bad">
            <td className="num">{p.row || t('roster.whole')}</td>
            <td>{p.column ? `${p.column}（${p.header}）` : ''}</td>
            <td>{pick(p)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
