import type { ApiParsedParams, ApiResults } from '../../src/api/contract';
import type { PrinterSettings, SettingsResults, SettingsView } from '../../src/api/settings';
import { tillError } from '../../src/errors';
import type { PrinterProfileInput } from '../printer';
import { type Actor, requireRole, type TillContext } from './context';
import { effectiveShop, saveLocalShop, townshipSets, townshipShop } from './shop-settings';

/** What the settings calls need from the service: the live printer and receipt text. */
export interface SettingsDeps {
  ctx: TillContext;
  /** The profile in use now (saved setting, else the start-up flags). */
  printerProfile(): PrinterProfileInput | null;
  /** Saves nothing: switches the live printer to this profile. */
  usePrinter(profile: PrinterProfileInput): void;
  /** Re-reads the shop's header and footer into the printer. */
  reloadReceipt(): void;
}

type SettingsHandlers = {
  [K in keyof SettingsResults]: (
    params: ApiParsedParams<K>,
    actor: Actor | null,
  ) => ApiResults[K] | Promise<ApiResults[K]>;
};

function manager(actor: Actor | null, action: { zh: string; en: string }): void {
  if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
  requireRole(actor, ['manager', 'officer'], action);
}

const SETTINGS_ACTION = { zh: '更改收银机设置', en: 'change the till settings' };

/** Managers set the printer and, where the township allows, the shop's receipt and window. */
export function createSettingsHandlers(d: SettingsDeps): SettingsHandlers {
  const { ctx } = d;
  const view = (): SettingsView => {
    const p = d.printerProfile();
    const printer: PrinterSettings | null = p
      ? {
          connection:
            p.connection.type === 'tcp'
              ? { type: 'tcp', host: p.connection.host, port: p.connection.port ?? 9100 }
              : p.connection.type === 'serial'
                ? { type: 'serial', path: p.connection.path, baudRate: p.connection.baudRate ?? 9600 }
                : { type: 'device', path: p.connection.path },
          width: p.width,
          charset: p.charset ?? 'GB18030',
        }
      : null;
    return {
      printer,
      readerPreference: ctx.store.getSetting<string>('reader.preferred'),
      shop: effectiveShop(ctx.store, ctx.shopId),
      townshipSets: townshipSets(townshipShop(ctx.store, ctx.shopId)),
    };
  };
  return {
    'settings.get': (_p, actor) => {
      manager(actor, SETTINGS_ACTION);
      return view();
    },
    'settings.setPrinter': (profile, actor) => {
      manager(actor, SETTINGS_ACTION);
      // Kept in the till's database: a restart (or a new `npm start` without flags) keeps it.
      ctx.store.setSetting('printer.profile', profile);
      d.usePrinter(profile);
      return view();
    },
    'settings.setShop': (input, actor) => {
      manager(actor, SETTINGS_ACTION);
      const sets = townshipSets(townshipShop(ctx.store, ctx.shopId));
      const current = effectiveShop(ctx.store, ctx.shopId);
      const changed = (k: keyof typeof sets) => JSON.stringify(input[k]) !== JSON.stringify(current[k]);
      const locked = (Object.keys(sets) as (keyof typeof sets)[]).filter((k) => sets[k] && changed(k));
      if (locked.length > 0) {
        throw tillError(
          'FORBIDDEN',
          '这一项由乡镇统一设定，收银台不能改',
          'The township sets this for the shop; it cannot be changed at the till',
          { fields: locked },
        );
      }
      saveLocalShop(ctx.store, input);
      d.reloadReceipt();
      return view();
    },
  };
}
