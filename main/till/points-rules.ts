import type { RuleFacts, RuleVersionView } from '../../src/api/points';
import { tillError } from '../../src/errors';
import { newId } from '../../src/ids';
import type { EntryBody } from '../../src/journal';
import type { RuleLimit } from '../../src/points';
import { type Actor, requireRole, type TillContext } from './context';

interface RuleRow {
  id: string;
  category: string;
  name: string;
  points: number;
  person_type: string;
  limit_kind: RuleLimit;
  year_cap: number | null;
  needs_approval: number;
  active: number;
}

const RULE_COLUMNS = 'id, category, name, points, person_type, limit_kind, year_cap, needs_approval, active';

function fromRow(r: RuleRow): RuleFacts {
  return {
    id: r.id,
    category: r.category,
    name: r.name,
    points: r.points,
    personType: r.person_type,
    limit: r.limit_kind,
    yearCap: r.year_cap,
    needsApproval: r.needs_approval === 1,
    active: r.active === 1,
  };
}

export function ruleFacts(ctx: TillContext, ruleId: string): RuleFacts | null {
  const r = ctx.store.sql(`SELECT ${RULE_COLUMNS} FROM rules WHERE id = ?`).get(ruleId) as
    | RuleRow
    | undefined;
  return r ? fromRow(r) : null;
}

export function requireActiveRule(ctx: TillContext, ruleId: string): RuleFacts {
  const rule = ruleFacts(ctx, ruleId);
  if (!rule?.active) {
    throw tillError('UNKNOWN_RULE', `没有这条积分规则：${ruleId}`, `Unknown rule: ${ruleId}`, { ruleId });
  }
  return rule;
}

/** The catalog by category, active rules first; managers also see retired ones. */
export function listRules(ctx: TillContext, includeInactive: boolean): RuleFacts[] {
  return (
    ctx.store
      .sql(`SELECT ${RULE_COLUMNS} FROM rules ORDER BY active DESC, category, points DESC, name`)
      .all() as RuleRow[]
  )
    .map(fromRow)
    .filter((r) => includeInactive || r.active);
}

export type RuleInput = Omit<EntryBody<'rule.define'>, 'ruleId'> & { ruleId?: string | null };

/**
 * Adds or edits a rule (manager). The edit is a journal entry, so every version stays in
 * rule_versions, and entries already made keep the name and points they copied.
 */
export function defineRule(ctx: TillContext, actor: Actor, input: RuleInput): RuleFacts {
  requireRole(actor, ['manager', 'officer'], { zh: '修改积分规则', en: 'edit the rule catalog' });
  if (input.limit === 'year' && input.yearCap === null) {
    throw tillError('INVALID_INPUT', '按年封顶的规则要填写年度上限', 'A yearly limit needs a yearly cap');
  }
  return ctx.store.transaction(() => {
    if (input.ruleId && !ruleFacts(ctx, input.ruleId)) {
      throw tillError('UNKNOWN_RULE', `没有这条积分规则：${input.ruleId}`, `Unknown rule: ${input.ruleId}`);
    }
    const ruleId = input.ruleId ?? newId(ctx.store.clock);
    ctx.store.append({
      ...ctx.store.header(actor.id),
      kind: 'rule.define',
      body: { ...input, ruleId, yearCap: input.limit === 'year' ? input.yearCap : null },
    });
    return ruleFacts(ctx, ruleId)!;
  });
}

export function ruleHistory(ctx: TillContext, ruleId: string): RuleVersionView[] {
  return (
    ctx.store
      .sql(
        `SELECT v.entry_id, v.at, c.name AS clerk, v.body FROM rule_versions v
         LEFT JOIN clerks c ON c.id = v.clerk_id WHERE v.rule_id = ? ORDER BY v.at, v.entry_id`,
      )
      .all(ruleId) as { entry_id: string; at: number; clerk: string | null; body: string }[]
  ).map((r) => ({ entryId: r.entry_id, at: r.at, clerkName: r.clerk, rule: JSON.parse(r.body) }));
}
