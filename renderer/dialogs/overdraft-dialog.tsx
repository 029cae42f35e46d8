import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { OverdraftView } from '../../src/api/overdraft';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { pts, when } from '../format/points';
import { fromTillError, type Refusal } from '../state/refusal';
import { useUi } from '../state/ui-store';
import { Modal } from './modal';

/** Managers: the shop's open overdrafts, as the last sync brought them from the township. */
export function OverdraftDialog() {
  const { t } = useTranslation();
  const close = useUi((s) => s.close);
  const [rows, setRows] = useState<OverdraftView[] | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    till.call('overdraft.list', {}).then(setRows, (e) => setRefusal(fromTillError(toTillError(e))));
  }, []);

  return (
    <Modal title={t('day.overdrafts.title')} onClose={close}>
      {refusal && <RefusalMessage refusal={refusal} />}
      {rows && rows.length === 0 && <p className="hint">{t('day.overdrafts.none')}</p>}
      {rows && rows.length > 0 && (
        <table className="overdraft-table" data-testid="overdraft-list">
          <thead>
            <tr>
              <th>{t('day.overdrafts.household')}</th>
              <th>{t('day.overdrafts.head')}</th>
              <th>{t('day.overdrafts.owed')}</th>
              <th>{t('day.overdrafts.when')}</th>
              <th>{t('day.overdrafts.shop')}</th>
              <th>{t('day.overdrafts.receipt')}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map((o) => (
              <tr key={o.id} data-testid="overdraft-row">
                <td>{o.householdNumber}</td>
                <td>{o.headName}</td>
                <td className="minus">{pts(o.balanceAfter)}</td>
                <td>{o.at === null ? '' : when(o.at).slice(0, 10)}</td>
                <td>{o.shopName ?? ''}</td>
                <td>{o.receiptNo ?? ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}
