import { onServiceUnreachable, till } from '../api';
import { useCounter } from './counter-store';
import { noteUnreachable, startHeartbeat } from './service-health';
import { useSession } from './session-store';
import { useStatus } from './status-store';
import { TAP_TAKING_DIALOGS, useUi } from './ui-store';

let wired = false;

/** Routes pushed till events into the stores; once per page. */
export function wireEvents(): void {
  if (wired) return;
  wired = true;
  till.on('card.tapped', ({ uid, reader, card, refusal }) => {
    const ui = useUi.getState();
    if (TAP_TAKING_DIALOGS.has(ui.dialog)) {
      ui.captureTap({ uid, reader });
      return;
    }
    const { clerk, shift } = useSession.getState();
    if (clerk && shift && !shift.closedAt) void useCounter.getState().cardTapped(uid, card, refusal);
  });
  till.on('reader.status', (e) => useStatus.getState().setReaders(e));
  till.on('printer.status', (p) => useStatus.getState().setPrinter(p));
  till.on('sync.status', (s) => useStatus.getState().setSync(s));
  onServiceUnreachable(noteUnreachable);
  startHeartbeat();
}
