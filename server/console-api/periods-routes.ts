import ExcelJS from 'exceljs';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { PeriodCloseSchema, type PeriodListView, type PeriodPreviewView } from '../../src/console/periods';
import { tillError } from '../../src/errors';
import { reportCsv, reportHtml } from '../../src/reports/render';
import { keyFingerprint } from '../../src/sync/setup-file';
import { closePeriod, periodReport } from '../periods/close';
import { PERIOD, periodCutoff } from '../periods/cutoff';
import { reportXlsx } from '../periods/xlsx';
import { parseWith } from '../routes/errors';
import { auditedAfter } from './audited';
import type { ConsoleRouteModule } from './deps';
import { requireOfficer, sessionOf } from './guard';
import { currentPeriod, id, num, townshipParam, townshipRow } from './township-of';

const PeriodParams = z.object({ townshipId: id, period: z.string().regex(PERIOD) });
const signatureLines = (signature: string, fingerprint: string) => [
  ['服务器签名 Server signature (Ed25519, over the canonical JSON report)', signature],
  ['服务器密钥指纹 Server key fingerprint', fingerprint],
];

/** Month-end close: list, preview by village and shop, close after confirming, signed downloads. */
export const periodsRoutes: ConsoleRouteModule = (api, deps) => {
  const { db, clock, key } = deps;
  const fingerprint = keyFingerprint(key.publicKey);

  const periodFor = (req: FastifyRequest) => {
    const s = sessionOf(req);
    const p = parseWith(PeriodParams, req.params, false);
    requireOfficer(s, p.townshipId);
    return { s, t: p.townshipId, period: p.period };
  };

  api.get('/townships/:townshipId/periods', async (req): Promise<PeriodListView> => {
    const s = sessionOf(req);
    const t = townshipParam(req.params);
    requireOfficer(s, t);
    const township = await townshipRow(db, t);
    const [counts, closed] = await Promise.all([
      db.selectFrom('periodCounts').select(['period', 'entries']).where('townshipId', '=', t).execute(),
      db.selectFrom('periods').select(['period', 'closedAt']).where('townshipId', '=', t).execute(),
    ]);
    const current = currentPeriod(clock.now(), township.timeZone);
    const closedAt = new Map(closed.map((c) => [c.period, Number(c.closedAt)]));
    const all = new Set([...counts.map((c) => c.period), ...closed.map((c) => c.period)]);
    return {
      current,
      periods: [...all]
        .sort()
        .reverse()
        .map((period) => ({
          period,
          entries: Number(counts.find((c) => c.period === period)?.entries ?? 0),
          closedAt: closedAt.get(period) ?? null,
        })),
    };
  });

  api.get('/townships/:townshipId/periods/:period', async (req): Promise<PeriodPreviewView> => {
    const { t, period } = periodFor(req);
    const township = await townshipRow(db, t);
    const [{ report, signature }, closed, devices] = await Promise.all([
      periodReport(db, clock, t, period),
      db
        .selectFrom('periods as p')
        .leftJoin('officers as o', 'o.id', 'p.closedBy')
        .select(['p.closedAt', 'o.name'])
        .where('p.townshipId', '=', t)
        .where('p.period', '=', period)
        .executeTakeFirst(),
      db.selectFrom('devices').selectAll().where('townshipId', '=', t).execute(),
    ]);
    const byId = new Map(devices.map((d) => [d.id, d]));
    return {
      report,
      signature,
      closedAt: closed ? Number(closed.closedAt) : null,
      closedBy: closed?.name ?? null,
      ended: clock.now() >= periodCutoff(period, township.timeZone),
      behind: report.devices
        .filter((d) => !d.syncedPastCutoff)
        .map((d) => {
          const head = num(byId.get(d.deviceId)?.reportedHead);
          return {
            deviceId: d.deviceId,
            name: d.name,
            shopName: d.shopName,
            missing: head === null ? null : Math.max(0, head - d.lastSeq),
            lastSyncAt: d.lastSyncAt,
          };
        }),
    };
  });

  api.post('/townships/:townshipId/periods/:period/close', async (req) => {
    const { s, t, period } = periodFor(req);
    const b = parseWith(PeriodCloseSchema, req.body, false);
    if (b.confirm.trim() !== period) {
      throw tillError('INVALID_INPUT', `请输入 ${period} 确认结账`, `Type ${period} to confirm the close`, {
        reason: 'not-confirmed',
      });
    }
    const closed = await auditedAfter(
      deps,
      s,
      t,
      { action: 'period.close', target: `period:${period}`, details: { force: b.force } },
      () => closePeriod(db, clock, key, t, period, s.officer.id, b.force),
    );
    return { signature: closed.signature };
  });

  api.get('/townships/:townshipId/periods/:period/report.:format', async (req, reply) => {
    const { t, period } = periodFor(req);
    const { format } = parseWith(z.object({ format: z.enum(['csv', 'xlsx', 'html']) }), req.params, false);
    const { report, signature } = await periodReport(db, clock, t, period);
    if (!signature) {
      throw tillError(
        'PERIOD_LOCKED',
        `${period} 还没结账，没有签名的报表`,
        `${period} is not closed yet: no signed report`,
        {
          reason: 'not-closed',
        },
      );
    }
    const file = `jifen-${report.townshipName}-${period}`;
    const disposition = (ext: string) =>
      `attachment; filename="jifen-${period}.${ext}"; filename*=UTF-8''${encodeURIComponent(`${file}.${ext}`)}`;
    void reply.header('x-jifen-report-signature', signature);
    if (format === 'csv') {
      const tail = signatureLines(signature, fingerprint)
        .map((r) => r.map((c) => `"${c.replace(/"/g, '""')}"`).join(','))
        .join('\r\n');
      return reply
        .type('text/csv; charset=utf-8')
        .header('content-disposition', disposition('csv'))
        .send(`${reportCsv(report)}\r\n${tail}\r\n`);
    }
    if (format === 'xlsx') {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load((await reportXlsx(report)) as unknown as ExcelJS.Buffer);
      const ws = wb.addWorksheet('签名 Signature');
      for (const row of signatureLines(signature, fingerprint)) ws.addRow(row);
      ws.getColumn(1).width = 40;
      ws.getColumn(2).width = 100;
      return reply
        .type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet')
        .header('content-disposition', disposition('xlsx'))
        .send(Buffer.from(await wb.xlsx.writeBuffer()));
    }
    // Printable on A4 from the browser's print dialog, with the key fingerprint to check the signature by.
    const page = reportHtml(report, signature)
      .replace('</style>', '@page{size:A4;margin:15mm}@media print{body{margin:0;font-size:10pt}}</style>')
      .replace('</body>', `<p>服务器密钥指纹 Server key fingerprint: <code>${fingerprint}</code></p></body>`);
    return reply
      .type('text/html; charset=utf-8')
      .header('content-security-policy', "default-src 'none'; style-src 'unsafe-inline'")
      .send(page);
  });
};
