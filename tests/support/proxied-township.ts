import { join } from 'node:path';
import { openStore, type TillStore } from '../../main/store';
import { SyncClient } from '../../main/sync';
import { type SeededTownship, startSeededTownship } from './seeded-township';
import { type TcpProxy, tcpProxy } from './tcp-proxy';
import { bodies } from './township';

type SyncOptions = Omit<ConstructorParameters<typeof SyncClient>[0], 'store' | 'clock'>;

/**
 * A seeded township server process on SQLite with a real TCP proxy in front of it, for
 * tests that cut or read the link between a till and the server. `close()` stops the
 * proxy, then closes what startSeededTownship opened.
 */
export interface ProxiedTownship extends SeededTownship {
  proxy: TcpProxy;
  /**
   * A till store in the township's dir on the server's clock, enrolled at shop `shop`
   * through `via` ('proxy' or straight to the 'server'), after one sync that ends idle.
   */
  till(name: string, shop: number, via: 'proxy' | 'server', options?: SyncOptions): Promise<ProxiedTill>;
  /** `n` awards by the township's clerk in one transaction, amounts 100, 101, … over the first three households. */
  appendAwards(store: TillStore, n: number): void;
}

export interface ProxiedTill {
  store: TillStore;
  sync: SyncClient;
}

export async function startProxiedTownship(opts: {
  nowMs: number;
  size: Parameters<typeof startSeededTownship>[0]['size'];
  dirPrefix: string;
}): Promise<ProxiedTownship> {
  const town = await startSeededTownship({ dialect: 'sqlite', ...opts });
  let proxy: TcpProxy;
  try {
    proxy = await tcpProxy(town.server.url);
  } catch (e) {
    await town.close();
    throw e;
  }
  return {
    ...town,
    proxy,
    async close() {
      await proxy.close();
      await town.close();
    },
    async till(name, shop, via, options = {}) {
      const store = openStore(join(town.dir, `${name}.db`), { clock: town.server.clock });
      town.stores.push(store);
      const sync = new SyncClient({ ...options, store, clock: town.server.clock });
      const { code } = await town.api.call<{ code: string }>(
        'POST',
        `/api/shops/${town.t.shopIds[shop]}/enrollment-codes`,
      );
      await sync.enroll(via === 'proxy' ? proxy.url : town.server.url, code, name);
      const first = await sync.syncNow();
      if (first.state !== 'idle') throw new Error(`${name}: the first sync ended ${first.state}`);
      return { store, sync };
    },
    appendAwards(store, n) {
      store.transaction(() => {
        for (let i = 0; i < n; i++) {
          const b = bodies.award(town.t.households[i % 3]!.id, 100 + i, town.t.ruleIds[0]!);
          store.append({ ...store.header(town.t.clerkId), ...b } as Parameters<TillStore['append']>[0]);
        }
      });
    },
  };
}
