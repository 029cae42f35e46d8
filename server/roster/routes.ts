import { z } from 'zod';
import { tillError } from '../../src/errors';
import type { ConsoleRouteModule } from '../console-api/deps';
import { requireOfficer, sessionOf } from '../console-api/guard';
import { scopedChange } from '../console-api/scoped-change';
import type { Db } from '../db/connect';
import { parseWith } from '../routes/errors';
import { applyRoster, planRoster } from './apply';
import { MAX_ROSTER_BYTES } from './limits';
import { findHeaderRow, ROSTER_FIELDS, type RosterMapping, suggestMapping } from './mapping';
import type { RosterProblem } from './problems';
import { readTable } from './read-table';
import { RosterStaging, type StagedRoster } from './staging';
import { checkRoster } from './validate';

const id = z.uuid();
const column = z.number().int().min(0).max(200).nullable();
const Mapping = z.object(
  Object.fromEntries(ROSTER_FIELDS.map((f) => [f, column])) as Record<
    (typeof ROSTER_FIELDS)[number],
    typeof column
  >,
);
const Params = z.object({ townshipId: id, uploadId: z.uuid() });

const refused = (problem: RosterProblem) =>
  tillError('INVALID_INPUT', problem.zh, problem.en, { reason: problem.reason, problems: [problem] });

/**
 * Roster import in three steps (decision 0621): upload (read and parsed, kept in memory),
 * check (mapping → every problem by row and column, and what would change), apply (only
 * on confirmation; rows with problems only when the officer chose to skip them).
 */
export const rosterRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock } = deps;
  const staging = new RosterStaging();

  void api.register(async (r) => {
    r.addContentTypeParser(
      'application/octet-stream',
      { parseAs: 'buffer', bodyLimit: MAX_ROSTER_BYTES },
      (_req, body, done) => done(null, body),
    );

    r.post(
      '/townships/:townshipId/roster/uploads',
      {
        bodyLimit: MAX_ROSTER_BYTES,
        // Refused from the declared size, before the body is read or parsed.
        onRequest: async (req) => {
          if (Number(req.headers['content-length'] ?? 0) > MAX_ROSTER_BYTES) {
            const mb = MAX_ROSTER_BYTES / 1024 / 1024;
            throw tillError(
              'INVALID_INPUT',
              `文件太大（最大 ${mb} MB），请检查是否选错了文件`,
              `The file is too large (at most ${mb} MB); check it is the right file`,
              {
                reason: 'too-large',
              },
            );
          }
        },
      },
      async (req) => {
        const { townshipId } = parseWith(z.object({ townshipId: id }), req.params, false);
        const { name } = parseWith(
          z.object({ name: z.string().max(200).default('roster') }),
          req.query,
          false,
        );
        const s = sessionOf(req);
        requireOfficer(s, townshipId);
        if (!Buffer.isBuffer(req.body)) {
          throw tillError('INVALID_INPUT', '请选择一个 XLSX 或 CSV 文件', 'Choose an XLSX or CSV file', {
            reason: 'no-file',
          });
        }
        const read = await readTable(req.body);
        if (!read.ok) throw refused(read.problem);
        const headerIndex = findHeaderRow(read.table.rows);
        const staged = staging.put({
          townshipId,
          officerId: s.officer.id,
          fileName: name,
          table: read.table,
          headerIndex,
          at: clock.now(),
        });
        const headers = read.table.rows[headerIndex]?.cells ?? [];
        return {
          uploadId: staged.id,
          fileName: name,
          format: read.table.format,
          encoding: read.table.encoding,
          headerRow: read.table.rows[headerIndex]?.row ?? 1,
          headers,
          dataRows: read.table.rows.length - headerIndex - 1,
          mapping: suggestMapping(headers),
          sample: read.table.rows.slice(headerIndex + 1, headerIndex + 6).map((x) => x.cells),
        };
      },
    );
  });

  const check = async (staged: StagedRoster, mapping: RosterMapping, q: Db) => {
    const villages = await q
      .selectFrom('villages')
      .select(['id', 'name'])
      .where('townshipId', '=', staged.townshipId)
      .execute();
    return checkRoster(staged.table, staged.headerIndex, mapping, { villages });
  };

  api.post('/townships/:townshipId/roster/uploads/:uploadId/check', async (req) => {
    const p = parseWith(Params, req.params, false);
    const s = sessionOf(req);
    requireOfficer(s, p.townshipId);
    const { mapping } = parseWith(z.object({ mapping: Mapping }), req.body, false);
    const staged = staging.get(p.uploadId, p.townshipId, s.officer.id, clock.now());
    const result = await check(staged, mapping, db);
    const plan = result.importable ? await planRoster(db, p.townshipId, result.rows) : null;
    return {
      total: result.total,
      importable: result.importable,
      validRows: result.rows.length,
      badRows: result.badRows,
      problems: result.problems,
      changes: plan && {
        newHouseholds: plan.newHouseholds.length,
        changedHouseholds: plan.changedHouseholds.length,
        unchanged: plan.unchanged,
        newMembers: plan.newMembers.length,
        openingEntries: plan.openingDeltas.length,
        openingPoints: plan.openingDeltas.reduce((n, o) => n + o.amount, 0),
      },
      preview: result.rows.slice(0, 20),
    };
  });

  api.post('/townships/:townshipId/roster/uploads/:uploadId/apply', async (req) => {
    const p = parseWith(Params, req.params, false);
    const s = sessionOf(req);
    requireOfficer(s, p.townshipId);
    const b = parseWith(
      z.object({ mapping: Mapping, skipBadRows: z.boolean().default(false) }),
      req.body,
      false,
    );
    const staged = staging.get(p.uploadId, p.townshipId, s.officer.id, clock.now());
    const result = await check(staged, b.mapping, db);
    if (!result.importable || (result.problems.length > 0 && !b.skipBadRows)) {
      throw tillError(
        'INVALID_INPUT',
        `花名册有 ${result.problems.length} 个问题，没有导入任何数据。请改好文件，或选择跳过有问题的行`,
        `The roster has ${result.problems.length} problems; nothing was imported. Fix the file or choose to skip the rows with problems`,
        { reason: 'roster-problems', problems: result.problems.slice(0, 500) },
      );
    }
    const summary = await scopedChange(
      deps,
      req,
      p.townshipId,
      {},
      {
        action: 'roster.import',
        target: `roster:${staged.fileName}`,
        details: { file: staged.fileName, rows: result.rows.length, skippedRows: result.badRows },
      },
      (trx) => applyRoster(trx, clock, p.townshipId, s.officer.id, result.rows, staged.fileName),
    );
    staging.drop(staged.id);
    return { ...summary, skipped: result.badRows.length };
  });
};
