import type { ApiParsedParams, ApiResults } from '../../src/api/contract';
import type { OverdraftResults } from '../../src/api/overdraft';
import { tillError } from '../../src/errors';
import { type Actor, requireRole, type TillContext } from './context';
import { shopOverdrafts } from './overdrafts';

type OverdraftHandlers = {
  [K in keyof OverdraftResults]: (
    params: ApiParsedParams<K>,
    actor: Actor | null,
  ) => ApiResults[K] | Promise<ApiResults[K]>;
};

/** The managers' review list of the shop's open overdrafts. */
export function createOverdraftHandlers(ctx: TillContext): OverdraftHandlers {
  return {
    'overdraft.list': (_p, actor) => {
      if (!actor) throw tillError('NOT_LOGGED_IN', '请先登录', 'Please log in first');
      requireRole(actor, ['manager', 'officer'], { zh: '查看透支名单', en: 'see the overdraft list' });
      return shopOverdrafts(ctx);
    },
  };
}
