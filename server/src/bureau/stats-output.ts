import ExcelJS from 'exceljs';
import { neutralizeFormula, type StatsResponse } from '@yaojia/shared';
import { coverageChart } from '../lib/png-chart.js';
import { TABLE_ROWS } from './stats.js';

/** Display width: CJK and full-width characters take two columns in a terminal. */
export function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
const padEnd = (s: string, w: number) => s + ' '.repeat(Math.max(0, w - displayWidth(s)));
const padStart = (s: string, w: number) => ' '.repeat(Math.max(0, w - displayWidth(s))) + s;

const pct = (v: number | null) => (v === null ? '—' : `${(v * 100).toFixed(1)}%`);

function matrix(s: StatsResponse): string[][] {
  return [['', ...s.columns.map((c) => c.label)], ...TABLE_ROWS.map((r) => [r.label, ...s.columns.map((c) => String(r.value(c)))])];
}

function coverageLines(s: StatsResponse): string[] {
  const c = s.coverage;
  const lines = [
    `覆盖率（${s.period}末）：“三进”单位 ${c.joined} / 医保定点医药机构 ${c.designated ?? '未录入'} = ${pct(c.share)}`,
    ...c.targets.map((t) => `  目标 ${t.by} ≥ ${Math.round(t.share * 100)}%：${t.met === null ? '无法判断' : t.met ? '达到' : '未达到'}（${t.source}）`),
    `  按季度：${c.series.map((p) => `${p.period} ${pct(p.share)}`).join('，')}`,
  ];
  return lines;
}

/** The 附件3 table as aligned text, with the coverage lines and footnotes. */
export function statsTable(s: StatsResponse): string {
  const m = matrix(s);
  const widths = m[0]!.map((_, i) => Math.max(...m.map((row) => displayWidth(row[i]!))));
  const line = (row: string[]) => row.map((cell, i) => (i === 0 ? padEnd(cell, widths[i]!) : padStart(cell, widths[i]!))).join('  ');
  const rule = '─'.repeat(widths.reduce((a, b) => a + b + 2, -2));
  return [
    `集采药品“三进”相关数据统计表（宁夏 附件3 格式）— ${s.regionName} ${s.period}（${s.start} 至 ${s.end} 前）`,
    rule,
    line(m[0]!),
    rule,
    ...m.slice(1).map(line),
    rule,
    ...coverageLines(s),
    '',
    '注：',
    ...s.notes.map((n, i) => `${i + 1}. ${n}`),
  ].join('\n');
}

/** a CSV cell: formula-like text neutralised (a leading apostrophe), then quoted when needed */
const csvCell = (raw: string) => {
  const v = neutralizeFormula(raw);
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
};

/** CSV (UTF-8 with BOM so Excel opens the Chinese headers correctly). */
export function statsCsv(s: StatsResponse): string {
  const rows = matrix(s);
  rows.push([]);
  rows.push(['覆盖率', `${s.coverage.joined}`, `${s.coverage.designated ?? ''}`, pct(s.coverage.share)]);
  for (const n of s.notes) rows.push([`注：${n}`]);
  return `\uFEFF${rows.map((r) => r.map(csvCell).join(',')).join('\r\n')}\r\n`;
}

/** The PNG bar chart of coverage per quarter with 江西's target lines. */
export function coveragePng(s: StatsResponse): Buffer {
  const series = s.coverage.series;
  const bars = series.map((p) => ({ label: p.period.slice(2), value: p.share }));
  // a target line is drawn from the first quarter of its year: 80 % over 2025, 90 % over 2026
  const targets = s.coverage.targets
    .map((t) => {
      const year = t.by.slice(0, 4);
      const from = series.findIndex((p) => p.end.slice(0, 4) >= year);
      return { share: t.share, label: `${Math.round(t.share * 100)}%`, fromIndex: from };
    })
    .filter((t) => t.fromIndex >= 0);
  return coverageChart(bars, targets);
}

/**
 * The workbook: sheet 附件3 (the table and footnotes) and sheet 覆盖率 (the quarterly figures and a PNG
 * bar chart drawn by lib/png-chart.ts; exceljs cannot create native Excel charts, so the chart is an image
 * and the figures beside it are the source of truth).
 */
export async function statsXlsx(s: StatsResponse): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '药价通';
  const ws = wb.addWorksheet('附件3');
  ws.addRow([`集采药品“三进”相关数据统计表 — ${s.regionName} ${s.period}`]).font = { bold: true, size: 14 };
  ws.mergeCells(1, 1, 1, s.columns.length + 1);
  const m = matrix(s);
  const header = ws.addRow(m[0]);
  header.font = { bold: true };
  for (const [i, r] of TABLE_ROWS.entries()) {
    const row = ws.addRow([r.label, ...s.columns.map((c) => {
      const v = r.value(c);
      return typeof v === 'string' ? Number(v) : v;
    })]);
    if (i >= 4) row.eachCell((cell, col) => { if (col > 1) cell.numFmt = '#,##0.00'; });
  }
  for (let r = 2; r <= 2 + TABLE_ROWS.length; r++) {
    ws.getRow(r).eachCell({ includeEmpty: true }, (cell) => {
      cell.border = { top: { style: 'thin' }, left: { style: 'thin' }, bottom: { style: 'thin' }, right: { style: 'thin' } };
    });
  }
  ws.getColumn(1).width = 40;
  for (let i = 2; i <= s.columns.length + 1; i++) ws.getColumn(i).width = 16;
  ws.addRow([]);
  ws.addRow(['注：']);
  s.notes.forEach((n, i) => ws.addRow([`${i + 1}. ${n}`]));

  const cs = wb.addWorksheet('覆盖率');
  cs.addRow(['季度', '期末日期', '“三进”单位', '医保定点医药机构', '覆盖率']).font = { bold: true };
  for (const p of s.coverage.series) {
    const row = cs.addRow([p.period, p.end, p.joined, p.designated ?? '', p.share ?? '']);
    row.getCell(5).numFmt = '0.0%';
  }
  cs.addRow([]);
  for (const t of s.coverage.targets) cs.addRow([`目标 ${t.by}`, '', '', '', t.share]).getCell(5).numFmt = '0%';
  [12, 12, 12, 18, 10].forEach((w, i) => (cs.getColumn(i + 1).width = w));
  const image = wb.addImage({ buffer: coveragePng(s) as unknown as ExcelJS.Buffer, extension: 'png' });
  cs.addImage(image, { tl: { col: 6, row: 0 }, ext: { width: 720, height: 360 } });
  cs.getCell('G21').value = '图：各季度末“三进”单位覆盖率（柱）与江西目标（红色虚线：2025年80%、2026年90%）。绿柱达标，橙柱未达标。';
  // every text cell: formula-like text from the data (names, notes) stays text when the sheet is opened
  wb.eachSheet((sheet) => sheet.eachRow((row) => row.eachCell((cell) => {
    if (typeof cell.value === 'string') cell.value = neutralizeFormula(cell.value);
  })));
  return Buffer.from(await wb.xlsx.writeBuffer());
}
