import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ShopInput, ShopView, VillageView } from '../../../../src/console/shops';
import { api, type ConsoleApiError } from '../../api/client';
import { ErrorBox } from '../../components/error-box';
import { Field } from '../../components/field';
import { asApiError, useLoad } from '../../hooks/use-load';
import type { PageProps } from '../types';
import { fromForm, toForm, WindowEditor, type WindowForm, WindowText } from './window-editor';

interface ShopForm {
  name: string;
  receiptHeader: string;
  receiptFooter: string;
  window: WindowForm;
}

function ShopEditor({
  initial,
  onSave,
  onCancel,
}: {
  initial: ShopForm;
  onSave(f: ShopForm): Promise<void>;
  onCancel(): void;
}) {
  const { t } = useTranslation();
  const [form, setForm] = useState(initial);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [rangeError, setRangeError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setRangeError(null);
    try {
      fromForm(form.window);
    } catch (err) {
      setRangeError(t('shops.badRange', { line: (err as Error).message }));
      return;
    }
    try {
      await onSave(form);
    } catch (err) {
      setError(asApiError(err));
    }
  };
  return (
    <form className="card shop-editor" onSubmit={submit}>
      <Field
        label={t('shops.shopName')}
        value={form.name}
        onChange={(e) => setForm({ ...form, name: e.target.value })}
      />
      <Field
        label={t('shops.header')}
        value={form.receiptHeader}
        onChange={(e) => setForm({ ...form, receiptHeader: e.target.value })}
      />
      <Field
        label={t('shops.footer')}
        value={form.receiptFooter}
        onChange={(e) => setForm({ ...form, receiptFooter: e.target.value })}
      />
      <WindowEditor value={form.window} onChange={(w) => setForm({ ...form, window: w })} />
      {rangeError && (
        <p className="error-box" role="alert">
          {rangeError}
        </p>
      )}
      <ErrorBox error={error} />
      <div className="toolbar">
        <button type="submit" className="primary">
          {t('shops.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('shops.cancel')}
        </button>
      </div>
    </form>
  );
}

const blank: ShopForm = { name: '', receiptHeader: '', receiptFooter: '', window: toForm(null) };
const formOf = (s: ShopView): ShopForm => ({
  name: s.name,
  receiptHeader: s.receiptHeader,
  receiptFooter: s.receiptFooter,
  window: toForm(s.redemptionWindow),
});

export function ShopsPage({ session, townshipId }: PageProps) {
  const { t } = useTranslation();
  const list = useLoad(() => api.get<VillageView[]>(`/townships/${townshipId}/villages`), townshipId);
  const [villageName, setVillageName] = useState('');
  const [editing, setEditing] = useState<string | null>(null);
  const [error, setError] = useState<ConsoleApiError | null>(null);
  const [saved, setSaved] = useState(false);
  const canEdit = session.officer.role === 'officer';

  const addVillage = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    try {
      await api.post(`/townships/${townshipId}/villages`, { name: villageName });
      setVillageName('');
      list.reload();
    } catch (err) {
      setError(asApiError(err));
    }
  };

  const save = (villageId: string, shopId: string | null) => async (f: ShopForm) => {
    const body: ShopInput = {
      villageId,
      name: f.name,
      receiptHeader: f.receiptHeader,
      receiptFooter: f.receiptFooter,
      redemptionWindow: fromForm(f.window),
    };
    if (shopId) await api.put(`/townships/${townshipId}/shops/${shopId}`, body);
    else await api.post(`/townships/${townshipId}/shops`, body);
    setEditing(null);
    setSaved(true);
    list.reload();
  };

  return (
    <section>
      <h1>{t('shops.title')}</h1>
      <ErrorBox error={list.error ?? error} />
      {saved && (
        <p className="ok-box" role="status">
          {t('shops.saved')}
        </p>
      )}
      {!canEdit && <p className="hint">{t('shops.cadreReadOnly')}</p>}
      {canEdit && (
        <form className="row card" onSubmit={addVillage}>
          <Field
            label={t('shops.villageName')}
            value={villageName}
            onChange={(e) => setVillageName(e.target.value)}
          />
          <button type="submit" className="primary" disabled={!villageName.trim()}>
            {t('shops.addVillage')}
          </button>
        </form>
      )}
      {list.data?.length === 0 && <p className="notice">{t('shops.noVillages')}</p>}
      {list.data?.map((v) => (
        <div key={v.id} className="village" data-village={v.name}>
          <h2>{v.name}</h2>
          {v.shops.length > 0 && (
            <table>
              <thead>
                <tr>
                  <th>{t('shops.shopName')}</th>
                  <th>{t('shops.window')}</th>
                  <th>{t('shops.header')}</th>
                  <th>{t('shops.footer')}</th>
                  <th className="num">{t('shops.tills')}</th>
                  {canEdit && <th />}
                </tr>
              </thead>
              <tbody>
                {v.shops.map((s) => (
                  <tr key={s.id} data-shop={s.name}>
                    <td>{s.name}</td>
                    <td>
                      <WindowText value={s.redemptionWindow} />
                    </td>
                    <td>{s.receiptHeader}</td>
                    <td>{s.receiptFooter}</td>
                    <td className="num">{s.tills}</td>
                    {canEdit && (
                      <td>
                        <button type="button" onClick={() => setEditing(s.id)}>
                          {t('shops.edit')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          {v.shops
            .filter((s) => s.id === editing)
            .map((s) => (
              <ShopEditor
                key={s.id}
                initial={formOf(s)}
                onSave={save(v.id, s.id)}
                onCancel={() => setEditing(null)}
              />
            ))}
          {canEdit &&
            (editing === `new:${v.id}` ? (
              <ShopEditor initial={blank} onSave={save(v.id, null)} onCancel={() => setEditing(null)} />
            ) : (
              <button type="button" onClick={() => setEditing(`new:${v.id}`)}>
                {t('shops.newShop')}
              </button>
            ))}
        </div>
      ))}
    </section>
  );
}
