import { randomUUID } from 'node:crypto';
import { CreateTemplateInput } from '@baocao/core';
import type { Db } from '../db/database.js';
import { recordAudit, type Ctx } from '../platform/audit.js';
import { insertTemplate } from '../modules/templates/templates.queries.js';
import { findUnitByCode } from '../modules/units/units.queries.js';

/**
 * Two official demo templates of the sample finance department (codes DEMO-…, labelled "mẫu minh
 * họa"), so that a new user can set up a regime at once. Demo mode only; not official forms.
 */
const DEMO_TEMPLATES = [
  {
    info: {
      code: 'DEMO-STC-01', name: 'Tình hình thu, chi ngân sách (mẫu minh họa)', regimeKind: 'periodic', periodicities: ['month', 'quarter'],
      fieldGroup: 'Tài chính', legalBasis: 'Mẫu minh họa, không phải biểu mẫu chính thức', description: 'Biểu mẫu dùng thử của chế độ demo.',
    },
    definition: {
      kind: 'numeric',
      grid: {
        rows: [
          { code: 'R00', displayNo: 'I', name: 'Tổng thu ngân sách trên địa bàn', unitOfMeasure: 'triệu đồng', level: 0, formula: 'SUM(CHILDREN)', indicatorCode: 'DEMO-06' },
          { code: 'R01', displayNo: '1', name: 'Thu thuế', unitOfMeasure: 'triệu đồng', level: 1, indicatorCode: 'DEMO-06.1' },
          { code: 'R02', displayNo: '2', name: 'Thu phí, lệ phí', unitOfMeasure: 'triệu đồng', level: 1 },
          { code: 'R03', displayNo: '3', name: 'Thu khác', unitOfMeasure: 'triệu đồng', level: 1 },
          { code: 'R10', displayNo: 'II', name: 'Tổng chi ngân sách', unitOfMeasure: 'triệu đồng', level: 0, indicatorCode: 'DEMO-07' },
        ],
        columns: [
          { code: 'KH', headerPath: ['Kế hoạch năm'], valueType: 'decimal', scale: 2, aggregation: 'sum' },
          { code: 'TH', headerPath: ['Thực hiện kỳ báo cáo'], valueType: 'decimal', scale: 2, aggregation: 'sum' },
          { code: 'TL', headerPath: ['% so kế hoạch'], valueType: 'percent', scale: 1, aggregation: 'formula', formula: 'TH / KH * 100' },
        ],
        constraints: [{ id: 'tong', kind: 'sum_children', severity: 'error', message: 'Dòng tổng phải bằng tổng các dòng con' }],
      },
      layout: { title: 'BÁO CÁO TÌNH HÌNH THU, CHI NGÂN SÁCH', orientation: 'portrait' },
    },
  },
  {
    info: {
      code: 'DEMO-STC-02', name: 'Báo cáo thuyết minh tình hình tài chính (mẫu minh họa)', regimeKind: 'periodic', periodicities: ['month', 'quarter'],
      fieldGroup: 'Tài chính', legalBasis: 'Mẫu minh họa, không phải biểu mẫu chính thức', description: 'Đề cương dùng thử của chế độ demo.',
    },
    definition: {
      kind: 'narrative',
      outline: [
        { number: 'I', title: 'Tình hình thực hiện trong kỳ', guidance: 'Nêu kết quả thu, chi ngân sách và nguyên nhân tăng, giảm.' },
        { number: 'II', title: 'Khó khăn, vướng mắc và kiến nghị', guidance: '' },
      ],
      layout: { symbol: 'BC', summary: 'Tình hình tài chính trong kỳ' },
    },
  },
] as const;

/**
 * Rows name their indicator of the demo library by code (`indicatorCode`); the template stores its id, so
 * exploration can ask for the indicator across templates. A code missing from the library links nothing.
 */
async function linkIndicators(db: Db, definition: (typeof DEMO_TEMPLATES)[number]['definition']): Promise<unknown> {
  if (definition.kind !== 'numeric') return definition;
  const codes = definition.grid.rows.flatMap((r) => ('indicatorCode' in r ? [r.indicatorCode] : []));
  const found = codes.length ? await db.selectFrom('indicators as i').innerJoin('indicator_sets as s', 's.id', 'i.set_id').select(['i.id', 'i.code']).where('s.is_demo', '=', true).where('i.code', 'in', codes).execute() : [];
  const ids = new Map(found.map((i) => [i.code, i.id]));
  return {
    ...definition,
    grid: {
      ...definition.grid,
      rows: definition.grid.rows.map((r) => {
        if (!('indicatorCode' in r)) return r;
        const { indicatorCode, ...row } = r;
        return ids.has(indicatorCode) ? { ...row, indicatorId: ids.get(indicatorCode) } : row;
      }),
    },
  };
}

export async function seedDemoTemplates(db: Db, ctx: Ctx): Promise<boolean> {
  const unit = await findUnitByCode(db, 'DEMO-STC');
  if (!unit) return false;
  return db.transaction().execute(async (tx) => {
    let added = false;
    for (const t of DEMO_TEMPLATES) {
      if (await tx.selectFrom('templates').select('id').where('code', '=', t.info.code).executeTakeFirst()) continue;
      const parsed = CreateTemplateInput.parse({ info: { ...t.info, requestingUnitId: unit.id }, definition: await linkIndicators(tx, t.definition) });
      const id = randomUUID();
      const now = ctx.clock.now();
      await insertTemplate(tx, {
        id, lineageId: id, version: 1, code: parsed.info.code, name: parsed.info.name, kind: parsed.definition.kind, regimeKind: parsed.info.regimeKind,
        periodicities: parsed.info.periodicities, fieldGroup: parsed.info.fieldGroup, requestingUnitId: unit.id, info: parsed.info, definition: parsed.definition,
        basedOnId: null, createdBy: null, now,
      });
      await tx.updateTable('templates').set({ status: 'official', published_at: now, testing_at: now }).where('id', '=', id).execute();
      await recordAudit(tx, ctx, { action: 'seed.demo_template', unitId: unit.id, targetType: 'template', targetId: id, details: { code: parsed.info.code, demo: true } });
      added = true;
    }
    return added;
  });
}
