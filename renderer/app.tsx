import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { StatusBar } from './components/status-bar';
import { DialogHost } from './dialogs/dialog-host';
import { CounterScreen } from './screens/counter-screen';
import { LoginScreen } from './screens/login-screen';
import { SetupScreen } from './screens/setup-screen';
import { useSetup } from './screens/setup-store';
import { ShiftOpenScreen } from './screens/shift-open-screen';
import { StockScreen } from './screens/stock-screen';
import { useStockNav } from './screens/stock-store';
import { useCounter } from './state/counter-store';
import { wireEvents } from './state/events';
import { useSession } from './state/session-store';
import { useStatus } from './state/status-store';

export function App() {
  const { t } = useTranslation();
  const clerk = useSession((s) => s.clerk);
  const shift = useSession((s) => s.shift);
  const shiftKnown = useSession((s) => s.shiftKnown);
  const stockOpen = useStockNav((s) => s.open);
  const trading = Boolean(clerk && shift && !shift.closedAt);
  const setupPhase = useSetup((s) => s.state?.phase);

  useEffect(() => {
    wireEvents();
    void useStatus.getState().refresh();
    void useSession.getState().loadClerks();
    void useSession.getState().resume();
  }, []);

  useEffect(() => {
    if (trading) void useCounter.getState().restore();
  }, [trading]);

  // A till on an empty data folder sets up first; once its shop has arrived, the login shows.
  useEffect(() => {
    if (setupPhase === undefined) void useSetup.getState().refresh();
    if (setupPhase === 'ready') {
      void useStatus.getState().refresh();
      void useSession.getState().loadClerks();
    }
  }, [setupPhase]);

  useEffect(() => {
    document.title = t('app.title');
  }, [t]);

  let screen: React.ReactNode;
  if (setupPhase === undefined) screen = <p className="loading">{t('common.loading')}</p>;
  else if (setupPhase !== 'ready') screen = <SetupScreen />;
  else if (!clerk) screen = <LoginScreen />;
  else if (stockOpen || clerk.role === 'stockkeeper') screen = <StockScreen />;
  else if (!shiftKnown) screen = <p className="loading">{t('common.loading')}</p>;
  else if (!trading) screen = <ShiftOpenScreen />;
  else screen = <CounterScreen />;

  return (
    <div className="app">
      <StatusBar />
      <main className="app-main">{screen}</main>
      {trading && <DialogHost />}
    </div>
  );
}
