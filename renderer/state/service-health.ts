import { create } from 'zustand';
import { till } from '../api';
import { useCounter } from './counter-store';
import { useSession } from './session-store';
import { useStatus } from './status-store';

/** How often the page asks the till service whether it is there, and how long it waits. */
const BEAT_MS = 2_000;
const ANSWER_MS = 3_000;
/** Down this long, the service is no longer "restarting" but "stopped": the clerk must act. */
export const STOPPED_AFTER_MS = 15_000;

interface HealthState {
  /** 'down': the last call or heartbeat got no answer from the till service. */
  service: 'up' | 'down';
  downSince: number | null;
  /** Ticks while down, so "restarting" turns into "stopped" on screen. */
  now: number;
}

export const useServiceHealth = create<HealthState>()(() => ({ service: 'up', downSince: null, now: 0 }));

export function noteUnreachable(): void {
  const s = useServiceHealth.getState();
  if (s.service === 'down') return;
  const now = Date.now();
  useServiceHealth.setState({ service: 'down', downSince: now, now });
}

/** The service answered again: fresh reader and printer state, and find out whether the session survived. */
function noteAnswered(): void {
  if (useServiceHealth.getState().service === 'up') return;
  useServiceHealth.setState({ service: 'up', downSince: null });
  // "Not answering" is no longer true: the clerk presses Confirm again without it.
  if (useCounter.getState().notice?.details.unreachable === true) useCounter.getState().dismissNotice();
  void useStatus.getState().refresh();
  void useSession.getState().loadClerks();
  void useSession.getState().resume();
}

let started = false;

/**
 * Asks `status.get` every two seconds. No answer within three seconds (a killed service,
 * a host that is gone, a service that hangs) marks the service down; the status bar then
 * says so in plain words and shows readers and printer as unknown until it answers again.
 */
export function startHeartbeat(): void {
  if (started) return;
  started = true;
  const beat = async () => {
    const timeout = new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), ANSWER_MS));
    const answer = till.call('status.get', {}).then(
      () => 'ok' as const,
      () => 'failed' as const,
    );
    const result = await Promise.race([answer, timeout]);
    if (result === 'ok') noteAnswered();
    else noteUnreachable();
    if (useServiceHealth.getState().service === 'down') useServiceHealth.setState({ now: Date.now() });
    setTimeout(() => void beat(), BEAT_MS);
  };
  setTimeout(() => void beat(), BEAT_MS);
}
