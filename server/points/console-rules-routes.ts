import { RuleEditSchema, type RuleVersionView, type RuleView } from '../../src/console/points';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import { audited } from '../console-api/audited';
import type { ConsoleRouteModule } from '../console-api/deps';
import { outOfScope, requireOfficer, requireTownship, sessionOf } from '../console-api/guard';
import { num } from '../console-api/township-of';
import type { Db } from '../db/connect';
import { appendServerEntriesIn } from '../journal/server-journal';
import { parseWith } from '../routes/errors';
import { namesOf, T, TR } from './console-params';

async function rulesOf(db: Db, townshipId: string): Promise<RuleView[]> {
  const rows = await db
    .selectFrom('rules')
    .select([
      'id',
      'category',
      'name',
      'points',
      'personType',
      'limitKind',
      'yearCap',
      'needsApproval',
      'active',
    ])
    .where('townshipId', '=', townshipId)
    .orderBy('active', 'desc')
    .orderBy('category')
    .orderBy('points', 'desc')
    .orderBy('name')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    category: r.category,
    name: r.name,
    points: Number(r.points),
    personType: r.personType,
    limit: r.limitKind ?? 'none',
    yearCap: num(r.yearCap),
    needsApproval: r.needsApproval === 1,
    active: r.active === 1,
  }));
}

/**
 * The rule catalog, edited by officers as rule.define entries of the server device (tills
 * get the row with the master-data pull and the entry with the journal); every version is
 * kept for the rule's history.
 */
export const pointsRulesRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;

  api.get('/townships/:townshipId/rules', async (req): Promise<RuleView[]> => {
    const { townshipId } = parseWith(T, req.params, false);
    requireTownship(sessionOf(req), townshipId);
    return rulesOf(db, townshipId);
  });

  api.get('/townships/:townshipId/rules/:ruleId/history', async (req): Promise<RuleVersionView[]> => {
    const p = parseWith(TR, req.params, false);
    requireTownship(sessionOf(req), p.townshipId);
    const rows = await db
      .selectFrom('ruleVersions as v')
      .leftJoin('devices as d', 'd.id', 'v.deviceId')
      .select(['v.entryId', 'v.at', 'v.clerkId', 'v.body', 'd.name as deviceName', 'd.kind as deviceKind'])
      .where('v.townshipId', '=', p.townshipId)
      .where('v.ruleId', '=', p.ruleId)
      .orderBy('v.at')
      .orderBy('v.entryId')
      .execute();
    const names = await namesOf(
      db,
      rows.map((r) => r.clerkId),
    );
    return rows.map((r) => {
      const b = JSON.parse(r.body) as RuleVersionView['rule'];
      return {
        entryId: r.entryId,
        at: Number(r.at),
        by: r.clerkId ? (names.get(r.clerkId) ?? null) : null,
        deviceName: r.deviceKind === 'server' ? null : (r.deviceName ?? null),
        rule: b,
      };
    });
  });

  const saveRule = async (req: Parameters<typeof sessionOf>[0], ruleId: string | null) => {
    const { townshipId } = parseWith(T, req.params, false);
    const s = sessionOf(req);
    requireOfficer(s, townshipId);
    const b = parseWith(RuleEditSchema, req.body, false);
    if (ruleId) {
      const row = await db
        .selectFrom('rules')
        .select('townshipId')
        .where('id', '=', ruleId)
        .executeTakeFirst();
      if (!row || row.townshipId !== townshipId) {
        if (row) throw outOfScope({ ruleId });
        throw tillError('UNKNOWN_RULE', `没有这条积分规则：${ruleId}`, `Unknown rule: ${ruleId}`, { ruleId });
      }
    }
    const target = ruleId ?? newId(clock);
    const body = { ...b, ruleId: target, yearCap: b.limit === 'year' ? b.yearCap : null };
    await audited(
      deps,
      s,
      townshipId,
      { action: ruleId ? 'rule.update' : 'rule.create', target: `rule:${target}`, details: body },
      (trx) =>
        appendServerEntriesIn(trx, clock, townshipId, [{ kind: 'rule.define', clerkId: s.officer.id, body }]),
    );
    return (await rulesOf(db, townshipId)).find((r) => r.id === target);
  };
  api.post('/townships/:townshipId/rules', (req) => saveRule(req, null));
  api.put('/townships/:townshipId/rules/:ruleId', (req) =>
    saveRule(req, parseWith(TR, req.params, false).ruleId),
  );
};
