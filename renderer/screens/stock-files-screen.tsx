import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ImportReport } from '../../src/api/stock';
import { till } from '../api';
import { pick } from '../i18n';
import type { Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';
import { Problem } from './stock-lines';
import { attempt } from './stock-store';

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let bin = '';
  for (let i = 0; i < bytes.length; i += 0x8000) bin += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(bin);
}

/** Catalog import (every problem at once) and export, and the negative-stock setting. */
export function StockFilesScreen() {
  const { t } = useTranslation();
  const [file, setFile] = useState<{ fileName: string; dataBase64: string } | null>(null);
  const [report, setReport] = useState<ImportReport | null>(null);
  const [skipBad, setSkipBad] = useState(false);
  const [refusal, setRefusal] = useState<Refusal | null>(null);
  const [allowNegative, setAllowNegative] = useState<boolean | null>(null);
  const manager = useSession((s) => s.clerk?.role === 'manager');

  useEffect(() => {
    void till.call('stock.settings.get', {}).then((s) => setAllowNegative(s.allowNegative));
  }, []);

  const choose = async (f: File | undefined) => {
    if (!f) return;
    const input = { fileName: f.name, dataBase64: await toBase64(f) };
    setFile(input);
    setReport(await attempt(() => till.call('stock.import.preview', input), setRefusal));
  };

  const download = async (format: 'csv' | 'xlsx') => {
    const out = await attempt(() => till.call('stock.export', { format }), setRefusal);
    if (!out) return;
    const a = document.createElement('a');
    a.href = `data:application/octet-stream;base64,${out.dataBase64}`;
    a.download = out.fileName;
    a.click();
  };

  return (
    <>
      <div className="stock-panel">
        <h2>{t('stock.files.import')}</h2>
        <input
          type="file"
          accept=".csv,.xlsx"
          onChange={(e) => void choose(e.target.files?.[0])}
          data-testid="import-file"
        />
        {report && (
          <div data-testid="import-report">
            <p>{t('stock.files.preview', { ...report })}</p>
            {report.problems.length > 0 && (
              <>
                <p className="tone-bad">{t('stock.files.problems', { n: report.problems.length })}</p>
                <table className="stock-table stock-problems">
                  <thead>
                    <tr>
                      <th>{t('stock.files.row')}</th>
                      <th>{t('stock.files.column')}</th>
                      <th>{t('stock.files.reason')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {report.problems.map((p, i) => (
                      // biome-ignore lint/suspicious/noArrayIndexKey: a fixed list from one check
                      <tr key={i} data-testid="import-problem">
                        <td>{p.row}</td>
                        <td>{p.column}</td>
                        <td>{pick(p)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={skipBad}
                    onChange={(e) => setSkipBad(e.target.checked)}
                    data-testid="import-skip"
                  />
                  {t('stock.files.skipBad')}
                </label>
              </>
            )}
            <button
              type="button"
              className="btn btn-primary"
              disabled={!file || (report.problems.length > 0 && !skipBad)}
              onClick={async () => {
                if (!file) return;
                setReport(
                  await attempt(() => till.call('stock.import.apply', { ...file, skipBad }), setRefusal),
                );
              }}
              data-testid="import-apply"
            >
              {t('stock.files.apply')}
            </button>
            {report.written !== undefined && (
              <p className="tone-good" data-testid="import-written">
                {t('stock.files.applied', { n: report.written })}
              </p>
            )}
          </div>
        )}
      </div>
      <div className="stock-panel">
        <h2>{t('stock.files.export')}</h2>
        <div className="stock-row">
          <button type="button" className="btn" onClick={() => void download('csv')}>
            CSV
          </button>
          <button type="button" className="btn" onClick={() => void download('xlsx')}>
            XLSX
          </button>
        </div>
      </div>
      <div className="stock-panel">
        <h2>{t('stock.files.settings')}</h2>
        {allowNegative !== null && (
          <label className="check">
            <input
              type="checkbox"
              checked={allowNegative}
              disabled={!manager}
              onChange={async (e) => {
                const s = await attempt(
                  () => till.call('stock.settings.set', { allowNegative: e.target.checked }),
                  setRefusal,
                );
                if (s) setAllowNegative(s.allowNegative);
              }}
              data-testid="setting-negative"
            />
            {allowNegative ? t('stock.files.allowNegative') : t('stock.files.refuseNegative')}
          </label>
        )}
      </div>
      <Problem refusal={refusal} />
    </>
  );
}
