import { localDateTime } from '../clock';
import { csvCell } from './csv-cell';
import { LINE_KINDS, type PeriodReport, type ReportRow } from './reconciliation';

/** Exports of a month-end report: CSV (UTF-8 with BOM so Excel reads Chinese) and printable HTML. */
const pts = (h: number) => (h / 100).toFixed(2);
const yuan = (f: number) => (f / 100).toFixed(2);

export const KIND_LABELS: Record<string, string> = {
  issued: '发放 Issued',
  deducted: '扣减 Deducted',
  redeemed: '兑换 Redeemed',
  reversed: '冲正 Reversed',
  voided: '撤销 Voided',
};

export interface Table {
  title: string;
  header: string[];
  rows: (string | number)[][];
}

const rowCells = (r: ReportRow) => [
  r.name,
  ...LINE_KINDS.map((k) => pts(r[k])),
  pts(r.net),
  yuan(r.goodsCostFen),
];
const rowHeader = (first: string) => [
  first,
  ...LINE_KINDS.map((k) => KIND_LABELS[k] ?? k),
  '净额 Net',
  '商品成本(元) Goods cost (yuan)',
];

/** The report as plain tables, shared by CSV, XLSX and HTML. */
export function reportTables(r: PeriodReport): Table[] {
  return [
    {
      title: '汇总 Summary',
      header: ['项目 Item', '值 Value'],
      rows: [
        ['乡镇 Township', r.townshipName],
        ['期间 Period', r.period],
        ['状态 Status', r.closed ? '已结账 Closed' : '预览 Preview'],
        ['截止 Cut-off', localDateTime(r.cutoff)],
        ...LINE_KINDS.map((k) => [KIND_LABELS[k] ?? k, pts(r.totals[k])]),
        ['净额 Net', pts(r.totals.net)],
        ['兑换商品成本(元) Goods redeemed at cost (yuan)', yuan(r.totals.goodsCostFen)],
        ['库存价值(元) Stock value (yuan)', yuan(r.stockValueFen)],
        ['期末积分余额 Closing points balance', pts(r.closingBalance)],
        ['记录数 Entries', r.totals.entries],
        ['补记(锁定月份) Late entries', r.totals.lateEntries],
        ['透支 Overdrafts', r.overdrafts.length],
      ],
    },
    { title: '按村 By village', header: rowHeader('村 Village'), rows: r.byVillage.map(rowCells) },
    { title: '按店 By shop', header: rowHeader('店 Shop'), rows: r.byShop.map(rowCells) },
    {
      title: '按规则类别 By rule category',
      header: ['类型 Kind', '类别 Category', '积分 Points', '笔数 Count'],
      rows: r.byCategory.map((c) => [KIND_LABELS[c.kind] ?? c.kind, c.category, pts(c.points), c.count]),
    },
    {
      title: '库存 Stock',
      header: ['店 Shop', '数量 Qty', '价值(元) Value (yuan)'],
      rows: r.stock.map((s) => [s.name, s.qty, yuan(s.valueFen)]),
    },
    {
      title: '透支待审 Overdrafts for review',
      header: ['户号 Household', '记录 Entry', '设备 Device', '透支后余额 Balance after'],
      rows: r.overdrafts.map((o) => [o.householdNumber, o.entryId, o.deviceId, pts(o.balanceAfter)]),
    },
    {
      title: '撤销 Voids',
      header: ['记录 Entry', '店 Shop', '户号 Household', '积分 Points', '成本(元) Cost (yuan)'],
      rows: r.voids.map((v) => [v.entryId, v.shopName, v.householdNumber, pts(v.points), yuan(v.costFen)]),
    },
    {
      title: '设备同步 Device sync',
      header: [
        '设备 Device',
        '店 Shop',
        '最后同步 Last sync',
        '序号 Seq',
        '时钟偏差 Clock off',
        '已过截止 Past cut-off',
      ],
      rows: r.devices.map((d) => [
        d.name,
        d.shopName,
        d.lastSyncAt === null ? '-' : localDateTime(d.lastSyncAt),
        d.lastSeq,
        clockSkewText(d.clockSkewMs),
        d.syncedPastCutoff ? '是 yes' : '否 NO',
      ]),
    },
  ];
}

/**
 * How far a till's clock was from the server's at its last sync, in words: village PCs
 * drift and reset, and the officer must see which one dated its entries off.
 */
export function clockSkewText(skewMs: number | null): string {
  if (skewMs === null) return '-';
  const minutes = Math.round(Math.abs(skewMs) / 60_000);
  if (minutes < 2) return '准 ok';
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  const zh = `${h > 0 ? `${h} 小时` : ''}${m > 0 ? `${m} 分` : ''}`;
  const en = `${h > 0 ? `${h} h` : ''}${h > 0 && m > 0 ? ' ' : ''}${m > 0 ? `${m} min` : ''}`;
  return skewMs > 0 ? `快 ${zh} / ${en} fast` : `慢 ${zh} / ${en} slow`;
}

export function reportCsv(r: PeriodReport): string {
  const out: string[] = [];
  for (const t of reportTables(r)) {
    out.push(
      csvCell(t.title),
      t.header.map(csvCell).join(','),
      ...t.rows.map((row) => row.map(csvCell).join(',')),
      '',
    );
  }
  return `\uFEFF${out.join('\r\n')}`;
}

const esc = (s: string | number) =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c,
  );

export function reportHtml(r: PeriodReport, signature: string | null): string {
  const tables = reportTables(r)
    .map(
      (t) =>
        `<h2>${esc(t.title)}</h2><table><thead><tr>${t.header.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${t.rows
          .map((row) => `<tr>${row.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`)
          .join('')}</tbody></table>`,
    )
    .join('\n');
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${esc(r.townshipName)} ${esc(r.period)} 月结对账单</title>
<style>body{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:2em}table{border-collapse:collapse;margin-bottom:1.5em}
th,td{border:1px solid #444;padding:2px 8px;text-align:right}th:first-child,td:first-child{text-align:left}
@media print{h2{page-break-after:avoid}table{page-break-inside:avoid}}</style></head><body>
<h1>${esc(r.townshipName)} 积分超市月结对账单 Month-end statement ${esc(r.period)}</h1>
${tables}
<p>生成时间 Generated: ${esc(localDateTime(r.generatedAt))}</p>
${signature ? `<p style="word-break:break-all">服务器签名 Server signature (Ed25519): <code>${esc(signature)}</code></p>` : '<p>预览，未结账 Preview, not closed</p>'}
<p>签字 Signatures: ______________ ______________</p></body></html>`;
}
