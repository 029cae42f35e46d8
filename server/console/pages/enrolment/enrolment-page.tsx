import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { EnrolmentPageView, NewEnrolmentCode } from '../../../../src/console/enrolment';
import { SETUP_FILE_NAME, type SetupFile } from '../../../../src/sync/setup-file';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { when } from '../../format';
import { asApiError, useLoad } from '../../hooks/use-load';
import type { PageProps } from '../types';

function NewCode({ code }: { code: NewEnrolmentCode }) {
  const { t } = useTranslation();
  const [qr, setQr] = useState<string | null>(null);
  useEffect(() => {
    void QRCode.toDataURL(JSON.stringify(code.qr), { errorCorrectionLevel: 'M', margin: 2, width: 240 }).then(
      setQr,
    );
  }, [code]);
  return (
    <div className="card new-code" data-testid="new-code">
      <h2>{t('enrolment.newCode', { shop: code.shopName })}</h2>
      <div className="row">
        {qr && <img src={qr} alt="QR" width={240} height={240} data-testid="code-qr" />}
        <div>
          <p className="code mono" data-testid="code-text">
            {code.code}
          </p>
          <dl className="facts">
            <dt>{t('enrolment.server')}</dt>
            <dd className="mono">{code.qr.server}</dd>
            <dt>{t('enrolment.fingerprint')}</dt>
            <dd className="mono small">{code.qr.fingerprint}</dd>
            <dt>{t('enrolment.expires')}</dt>
            <dd>{when(code.expiresAt)}</dd>
          </dl>
          <p className="notice">{t('enrolment.codeOnce')}</p>
        </div>
      </div>
    </div>
  );
}

function download(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  URL.revokeObjectURL(url);
}

export function EnrolmentPage({ townshipId }: PageProps) {
  const { t } = useTranslation();
  const view = useLoad(
    () => api.get<EnrolmentPageView>(`/townships/${townshipId}/enrolment-codes`),
    townshipId,
  );
  const [fresh, setFresh] = useState<NewEnrolmentCode | null>(null);
  const [file, setFile] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const d = view.data;

  const makeCode = async (shopId: string) => {
    setError(null);
    setFile(null);
    try {
      setFresh(await api.post<NewEnrolmentCode>(`/townships/${townshipId}/shops/${shopId}/enrolment-codes`));
      view.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };
  const makeFile = async (shopId: string) => {
    setError(null);
    setFresh(null);
    try {
      const f = await api.post<SetupFile>(`/townships/${townshipId}/shops/${shopId}/setup-file`);
      const name = SETUP_FILE_NAME(f.shopName);
      download(name, JSON.stringify(f));
      setFile(name);
      view.reload();
    } catch (e) {
      setError(asApiError(e));
    }
  };

  return (
    <section>
      <h1>{t('enrolment.title')}</h1>
      <p className="hint">{t('enrolment.intro')}</p>
      <ErrorBox error={view.error ?? error} />
      {d && (
        <dl className="facts card">
          <dt>{t('enrolment.server')}</dt>
          <dd className="mono">{d.server}</dd>
          <dt>{t('enrolment.fingerprint')}</dt>
          <dd className="mono" data-testid="fingerprint">
            {d.fingerprint}
          </dd>
          {d.tlsFingerprint && (
            <>
              <dt>{t('enrolment.tlsFingerprint')}</dt>
              <dd className="mono small">{d.tlsFingerprint}</dd>
            </>
          )}
        </dl>
      )}
      {fresh && <NewCode code={fresh} />}
      {file && (
        <p className="ok-box" role="status">
          {t('enrolment.downloaded', { name: file })}
        </p>
      )}
      {d && d.shops.length === 0 && <p className="notice">{t('enrolment.noShops')}</p>}
      {d && d.shops.length > 0 && (
        <table>
          <thead>
            <tr>
              <th>{t('enrolment.village')}</th>
              <th>{t('enrolment.shop')}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {d.shops.map((s) => (
              <tr key={s.id} data-shop={s.name}>
                <td>{s.villageName}</td>
                <td>{s.name}</td>
                <td>
                  <div className="toolbar">
                    <button type="button" className="primary" onClick={() => void makeCode(s.id)}>
                      {t('enrolment.makeCode')}
                    </button>
                    <button type="button" onClick={() => void makeFile(s.id)}>
                      {t('enrolment.setupFile')}
                    </button>
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p className="hint">{t('enrolment.setupFileHint')}</p>
      <h2>{t('enrolment.codes')}</h2>
      {d && d.codes.length === 0 ? (
        <p className="hint">{t('enrolment.noCodes')}</p>
      ) : (
        <table data-testid="codes">
          <thead>
            <tr>
              <th>{t('enrolment.shop')}</th>
              <th>{t('enrolment.createdBy')}</th>
              <th>{t('enrolment.expires')}</th>
              <th>{t('enrolment.state')}</th>
              <th>{t('enrolment.usedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {d?.codes.map((c) => (
              <tr key={`${c.shopId}-${c.expiresAt}-${c.usedAt}`}>
                <td>{c.shopName}</td>
                <td>{c.createdBy}</td>
                <td>{when(c.expiresAt)}</td>
                <td>
                  <span className={`badge ${c.state === 'open' ? 'good' : ''}`}>
                    {t(`enrolment.states.${c.state}`)}
                  </span>
                </td>
                <td className="mono small">{c.usedByDevice ?? '—'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
