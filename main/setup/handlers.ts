import type { ApiParsedParams, SyncStatusView } from '../../src/api/contract';
import type { SetupResults, SetupStateView } from '../../src/api/setup';
import type { Clock } from '../../src/clock';
import { tillError } from '../../src/errors';
import { SyncSettings } from '../sync';
import { enrolOnline, refuseDemoDatabase } from '../sync/enroll';
import { type Actor, isSetUp, type TillContext } from '../till/context';
import { changePin, resetPin } from './pins';
import { loadSetupFile } from './setup-file';

/** What the setup calls need from the service that owns the context. */
export interface SetupDeps {
  ctx: TillContext;
  clock: Clock;
  demo: boolean;
  syncNow(): Promise<SyncStatusView>;
  syncStatus(): SyncStatusView;
  /** Re-reads the shop into the live context; true once the till serves it. */
  reload(): boolean;
}

export function setupState(d: SetupDeps): SetupStateView {
  const enrolment = new SyncSettings(d.ctx.store).enrolment;
  const sync = d.syncStatus();
  const phase = isSetUp(d.ctx) ? 'ready' : enrolment ? 'waiting-for-data' : 'needs-setup';
  return {
    phase,
    demo: d.demo,
    deviceId: d.ctx.store.deviceId,
    serverUrl: enrolment?.serverUrl ?? null,
    message: phase === 'waiting-for-data' ? sync.message : null,
  };
}

function refuseWhenSetUp(d: SetupDeps): void {
  if (isSetUp(d.ctx) || new SyncSettings(d.ctx.store).enrolment) {
    throw tillError(
      'FORBIDDEN',
      '这台收银机已经设置好了，不能再次设置',
      'This till is already set up; it cannot be set up again',
    );
  }
}

type SetupHandlers = {
  [K in keyof SetupResults]: (
    params: ApiParsedParams<K>,
    actor: Actor | null,
  ) => SetupResults[K] | Promise<SetupResults[K]>;
};

/** The first-run calls (no clerk yet, so each refuses once the till is set up) and PIN changes. */
export function setupHandlers(d: SetupDeps): SetupHandlers {
  return {
    'setup.state': () => setupState(d),
    'setup.join': async ({ serverUrl, code, fingerprint, tls, name }) => {
      refuseDemoDatabase(d.ctx.store);
      refuseWhenSetUp(d);
      await enrolOnline(d.ctx.store, d.clock, { serverUrl, code, fingerprint, tls, name });
      d.ctx.store.setSetting('device.name', name);
      // The first pull brings the shop, clerks, households, cards, products and rules.
      await d.syncNow();
      d.reload();
      return setupState(d);
    },
    'setup.loadFile': ({ content, name }) => {
      refuseDemoDatabase(d.ctx.store);
      refuseWhenSetUp(d);
      loadSetupFile(d.ctx.store, d.clock, content, name);
      d.reload();
      // Try the network in the background: the status bar then says offline, or enrols at once.
      void d.syncNow();
      return setupState(d);
    },
    'pin.change': ({ clerkId, pin, newPin }) => {
      changePin(d.ctx, clerkId, pin, newPin);
      return { ok: true };
    },
    'pin.reset': ({ clerkId, newPin }, actor) => {
      if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
      resetPin(d.ctx, actor, clerkId, newPin);
      return { ok: true };
    },
  };
}
