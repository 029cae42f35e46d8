import QRCode from 'qrcode';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DoorPlateSheet } from '../../src/api/door-plate';
import { till, toTillError } from '../api';
import { RefusalMessage } from '../components/refusal-message';
import { fromTillError, type Refusal } from '../state/refusal';
import { useSession } from '../state/session-store';
import './points-plates.css';

/**
 * Door plates (decision 0910): the village's sheet of signed QR plates, printed on A4 through
 * the same print path as the notice, and the shop's "redeem by plate" setting (a manager's).
 */
export function PointsPlates() {
  const { t } = useTranslation();
  const role = useSession((s) => s.clerk?.role);
  const manager = role === 'manager' || role === 'officer';
  const [sheet, setSheet] = useState<DoorPlateSheet | null>(null);
  const [codes, setCodes] = useState<Record<string, string>>({});
  const [redeem, setRedeem] = useState(false);
  const [saved, setSaved] = useState<boolean | null>(null);
  const [refusal, setRefusal] = useState<Refusal | null>(null);

  useEffect(() => {
    void till.call('plate.settings', {}).then((s) => setRedeem(s.redeemAllowed));
  }, []);

  const show = async () => {
    try {
      const s = await till.call('plate.sheet', { villageId: null });
      const images = await Promise.all(
        s.plates.map((p) => QRCode.toDataURL(p.plate, { errorCorrectionLevel: 'M', margin: 1, width: 220 })),
      );
      setCodes(Object.fromEntries(s.plates.map((p, i) => [p.householdId, images[i]!])));
      setSheet(s);
      setRefusal(null);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  const save = async () => {
    try {
      const r = await till.call('plate.saveSettings', { redeemAllowed: redeem });
      setSaved(r.redeemAllowed);
      setRefusal(null);
    } catch (e) {
      setRefusal(fromTillError(toTillError(e)));
    }
  };

  return (
    <div className="points-plates">
      <p className="hint">{t('plates.plateHint')}</p>
      <div className="points-search">
        <button type="button" className="btn" onClick={() => void show()} data-testid="plates-show">
          {t('plates.show')}
        </button>
        <button
          type="button"
          className="btn"
          disabled={!sheet || sheet.plates.length === 0}
          onClick={() => window.print()}
          data-testid="plates-print"
        >
          {t('plates.printSheet')}
        </button>
        {manager && (
          <>
            <label className="plates-setting">
              <input
                type="checkbox"
                checked={redeem}
                onChange={(e) => setRedeem(e.target.checked)}
                data-testid="plates-redeem"
              />{' '}
              {t('plates.redeemSetting')}
            </label>
            <button type="button" className="btn" onClick={() => void save()} data-testid="plates-save">
              {t('plates.saveSetting')}
            </button>
          </>
        )}
      </div>
      {saved !== null && (
        <p className="tone-good" data-testid="plates-saved">
          {t('plates.settingSaved', { state: t(saved ? 'plates.allowed' : 'plates.notAllowed') })}
        </p>
      )}
      {refusal && <RefusalMessage refusal={refusal} />}
      {sheet && sheet.plates.length === 0 && <p className="hint">{t('plates.none')}</p>}
      {sheet && sheet.plates.length > 0 && (
        <article className="notice-print plate-sheet" data-testid="plate-sheet">
          {sheet.plates.map((p) => (
            <section key={p.householdId} className="plate-card" data-testid="plate-card">
              <div className="plate-text">
                <div className="plate-village">{sheet.villageName}</div>
                <div className="plate-number">{p.number}</div>
                <div className="plate-head">户主 {p.headName}</div>
                <div className="plate-address">{p.address}</div>
                <div className="plate-foot">积分超市 · 门牌二维码</div>
              </div>
              {codes[p.householdId] && <img className="plate-qr" src={codes[p.householdId]} alt={p.number} />}
            </section>
          ))}
        </article>
      )}
    </div>
  );
}
