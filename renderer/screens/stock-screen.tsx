import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { createWedgeListener } from '../scan/wedge';
import { useSession } from '../state/session-store';
import { StockCountScreen } from './stock-count-screen';
import { StockFilesScreen } from './stock-files-screen';
import { StockProductsScreen } from './stock-products-screen';
import { StockReceiveScreen } from './stock-receive-screen';
import { StockReportsScreen } from './stock-reports-screen';
import { dispatchStockScan, type StockTab, useStockNav } from './stock-store';
import { StockWriteOffScreen } from './stock-writeoff-screen';
import './stock-screen.css';

const TABS: StockTab[] = ['receive', 'count', 'writeOff', 'products', 'reports', 'files'];

/** The stockkeeper's screens, one tab each; the barcode scanner works on every one. */
export function StockScreen() {
  const { t } = useTranslation();
  const tab = useStockNav((s) => s.tab);
  const clerk = useSession((s) => s.clerk);
  const logout = useSession((s) => s.logout);

  useEffect(() => {
    const wedge = createWedgeListener({
      onScan(code) {
        unTypeScan(code);
        dispatchStockScan(code);
      },
    });
    window.addEventListener('keydown', wedge, true);
    return () => {
      window.removeEventListener('keydown', wedge, true);
      // Leaving (back, or a logout): the next clerk starts at the counter.
      useStockNav.getState().hide();
    };
  }, []);

  return (
    <section className="stock" data-testid="stock-screen">
      <nav className="stock-tabs">
        {TABS.map((k) => (
          <button
            key={k}
            type="button"
            className={k === tab ? 'btn stock-tab selected' : 'btn stock-tab'}
            onClick={() => useStockNav.getState().show(k)}
            data-testid={`stock-tab-${k}`}
          >
            {t(`stock.tabs.${k}`)}
          </button>
        ))}
        <span className="stock-tabs-gap" />
        {clerk?.role === 'stockkeeper' ? (
          <button type="button" className="btn" onClick={() => void logout()} data-testid="stock-logout">
            {t('stock.logout')}
          </button>
        ) : (
          <button
            type="button"
            className="btn"
            onClick={() => useStockNav.getState().hide()}
            data-testid="stock-back"
          >
            {t('stock.back')}
          </button>
        )}
      </nav>
      <p className="hint stock-scan-hint">{t('stock.scanHint')}</p>
      <div className="stock-body">
        {tab === 'receive' && <StockReceiveScreen />}
        {tab === 'count' && <StockCountScreen />}
        {tab === 'writeOff' && <StockWriteOffScreen />}
        {tab === 'products' && <StockProductsScreen />}
        {tab === 'reports' && <StockReportsScreen />}
        {tab === 'files' && <StockFilesScreen />}
      </div>
    </section>
  );
}

/**
 * A scan while a text box has focus also typed its digits there (the wedge only stops the
 * Enter): take them back out, through React's own value setter so its state follows.
 */
function unTypeScan(code: string): void {
  const el = document.activeElement;
  if (!(el instanceof HTMLInputElement) || !el.value.endsWith(code)) return;
  const setter = Object.getOwnPropertyDescriptor(HTMLInputElement.prototype, 'value')?.set;
  setter?.call(el, el.value.slice(0, -code.length));
  el.dispatchEvent(new Event('input', { bubbles: true }));
}
