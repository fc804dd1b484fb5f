import ExcelJS from 'exceljs';
import { formatDateVi, vietnamDateOf } from '@baocao/core';
import type { Db } from '../../db/database.js';
import type { Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { notFound } from '../../platform/errors.js';
import { neutraliseFormula, neutraliseWorkbook } from '../../platform/tabular.js';
import type { ReportDocument } from '../signing/documents/document.js';
import { renderDocx } from '../signing/documents/docx.js';
import { agencyName, signerTitles } from '../signing/signing.document.js';
import { findUnit } from '../units/units.queries.js';
import { getOversight, type OversightAnswer } from './oversight.service.js';

export type UsagePart = 'H1' | 'H2' | 'Y';
const PART: Record<UsagePart, { label: string; from: string; to: string }> = {
  H1: { label: '6 tháng đầu năm', from: '01-01', to: '06-30' },
  H2: { label: '6 tháng cuối năm', from: '07-01', to: '12-31' },
  Y: { label: 'năm', from: '01-01', to: '12-31' },
};
const TIMELINESS_VI = { on_time: 'Đúng hạn', late: 'Trễ hạn', missing: 'Không gửi', pending: 'Chưa đến hạn' } as const;

/** The unit's own use of the system over a half-year or a year (R38): its reports due, how each went, its score. */
async function usageOf(db: Db, config: Config, ctx: Ctx, unitId: string, year: number, part: UsagePart) {
  const unit = await findUnit(db, unitId);
  if (!unit) notFound('unit');
  const p = PART[part];
  const view = await getOversight(db, config, ctx, { rootUnitId: unitId, from: `${year}-${p.from}`, to: `${year}-${p.to}` });
  const own: OversightAnswer = { ...view, rows: view.rows.filter((r) => r.unitId === unitId), items: view.items.filter((i) => i.unitId === unitId) };
  return { unit, view: own, title: `Tình hình sử dụng Hệ thống thông tin báo cáo ${p.label} ${year}`, period: `${formatDateVi(`${year}-${p.from}`)} – ${formatDateVi(`${year}-${p.to}`)}` };
}

/**
 * The 6-month or yearly report of a unit on its use of the system (R38), as a DOCX in the Decree 30
 * layout for the unit to complete, number and sign: the figures of oversight (R37) for its own reports.
 */
export async function usageReportDocx(db: Db, config: Config, ctx: Ctx, unitId: string, year: number, part: UsagePart): Promise<Buffer> {
  const { unit, view, title, period } = await usageOf(db, config, ctx, unitId, year, part);
  const r = view.rows[0] ?? { due: 0, onTime: 0, late: 0, daysLate: 0, missing: 0, pending: 0, returned: 0, score: null };
  const text = (t: string) => ({ runs: [{ text: t }] });
  const doc: ReportDocument = {
    parentAgency: config.documentParentAgency,
    agency: agencyName(unit),
    number: null,
    place: config.documentPlace,
    date: vietnamDateOf(ctx.clock.now()),
    title: 'BÁO CÁO',
    summary: title,
    sections: [
      {
        kind: 'text',
        heading: 'I. Kết quả thực hiện chế độ báo cáo trên Hệ thống',
        paragraphs: [
          text(`Trong kỳ (${period}), ${unit.name} có ${r.due} báo cáo đến hạn: ${r.onTime} báo cáo gửi đúng hạn, ${r.late} báo cáo gửi trễ hạn (tổng cộng ${r.daysLate} ngày), ${r.missing} báo cáo không gửi; ${r.returned} lần báo cáo bị trả lại.`),
          text(r.score === null ? 'Trong kỳ không có báo cáo đến hạn nên chưa chấm điểm.' : `Điểm đánh giá mức độ sử dụng Hệ thống: ${String(r.score).replace('.', ',')}/100 (${view.formula.text}).`),
        ],
      },
      {
        kind: 'table',
        heading: 'II. Chi tiết các báo cáo',
        table: {
          columns: [{ width: 0.5, align: 'center' }, { width: 1.6, align: 'left' }, { width: 1.4, align: 'left' }, { width: 1, align: 'center' }, { width: 1, align: 'center' }, { width: 1, align: 'center' }, { width: 0.7, align: 'right' }],
          header: [[{ text: 'STT' }, { text: 'Chế độ / biểu mẫu' }, { text: 'Kỳ báo cáo' }, { text: 'Hạn gửi' }, { text: 'Ngày gửi' }, { text: 'Kết quả' }, { text: 'Số ngày trễ' }].map((c) => ({ ...c, bold: true, align: 'center' as const }))],
          body: view.items.map((i, n) => [
            { text: String(n + 1) }, { text: `${i.regimeCode} / ${i.templateCode}` }, { text: i.roundLabel }, { text: formatDateVi(i.dueOn) },
            { text: i.sentOn ? formatDateVi(i.sentOn) : '—' }, { text: TIMELINESS_VI[i.timeliness] }, { text: String(i.daysLate) },
          ]),
          note: null,
        },
      },
      { kind: 'text', heading: 'III. Khó khăn, vướng mắc và kiến nghị', paragraphs: [text('(Đơn vị bổ sung nội dung.)')] },
    ],
    signer: { titleLines: signerTitles(unit), name: '' },
    recipients: ['Văn phòng UBND thành phố', 'Lưu: VT'],
    stamp: null,
    draft: false,
    meta: { author: unit.name, subject: title, keywords: ['baocao', 'R38', String(year), part] },
  };
  return Buffer.from(await renderDocx(doc));
}

/** The same figures as a workbook: a summary sheet and one line per report. */
export async function usageReportXlsx(db: Db, config: Config, ctx: Ctx, unitId: string, year: number, part: UsagePart): Promise<Buffer> {
  const { unit, view, title, period } = await usageOf(db, config, ctx, unitId, year, part);
  const r = view.rows[0];
  const wb = new ExcelJS.Workbook();
  wb.creator = 'baocao';
  const sum = wb.addWorksheet('Tong hop');
  sum.addRow([neutraliseFormula(`${title} — ${unit.name}`)]).font = { bold: true, size: 13 };
  sum.addRow([`Kỳ: ${period}`]);
  sum.addRow([]);
  for (const [k, v] of [
    ['Báo cáo đến hạn', r?.due ?? 0], ['Đúng hạn', r?.onTime ?? 0], ['Trễ hạn', r?.late ?? 0], ['Tổng số ngày trễ', r?.daysLate ?? 0],
    ['Không gửi', r?.missing ?? 0], ['Chưa đến hạn', r?.pending ?? 0], ['Số lần bị trả lại', r?.returned ?? 0], ['Điểm (0–100)', r?.score ?? null],
  ] as const) sum.addRow([k, v]);
  sum.addRow([]);
  sum.addRow([view.formula.text]).font = { italic: true };
  sum.getColumn(1).width = 28;
  sum.getColumn(2).width = 14;
  const list = wb.addWorksheet('Chi tiet', { views: [{ state: 'frozen', ySplit: 1 }] });
  list.addRow(['STT', 'Chế độ', 'Biểu mẫu', 'Kỳ báo cáo', 'Hạn gửi', 'Ngày gửi', 'Kết quả', 'Số ngày trễ', 'Số lần bị trả lại']).font = { bold: true };
  view.items.forEach((i, n) => list.addRow([n + 1, neutraliseFormula(i.regimeCode), neutraliseFormula(i.templateCode), neutraliseFormula(i.roundLabel), formatDateVi(i.dueOn), i.sentOn ? formatDateVi(i.sentOn) : '', TIMELINESS_VI[i.timeliness], i.daysLate, i.returned]));
  list.columns.forEach((c) => (c.width = 16));
  neutraliseWorkbook(wb);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
