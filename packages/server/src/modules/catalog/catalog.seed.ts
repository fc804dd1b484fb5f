import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { parseIndicatorRows } from './catalog.file-rows.js';
import { readCells } from './catalog.files.js';
import { applyIndicatorRows } from './catalog.import.js';
import { insertIndicatorSet } from './indicator-sets.service.js';
import * as q from './catalog.queries.js';

export const DEMO_SET_FILE = join(dirname(fileURLToPath(import.meta.url)), '../../../../../seed/indicators.demo.csv');
export const DEMO_SET_CODE = 'DEMO-KTXH';

/**
 * At first start, loads the bundled demo set (seed/indicators.demo.csv) into an empty library
 * through the importer, as an official set of the shared library that says everywhere it is a
 * demo. Returns its id, or null when the library already holds a set. The seed step only.
 */
export async function seedDemoIndicators(db: Db, ctx: Ctx, file = DEMO_SET_FILE): Promise<string | null> {
  if (await q.hasAnySet(db)) return null;
  const rows = parseIndicatorRows(await readCells('csv', readFileSync(file)));
  return db.transaction().execute(async (tx) => {
    if (await q.hasAnySet(tx)) return null;
    const id = await insertIndicatorSet(tx, ctx, {
      code: DEMO_SET_CODE,
      name: 'Bộ chỉ tiêu mẫu (demo) — chỉ tiêu kinh tế - xã hội',
      legalBasis: '',
      description:
        'Bộ mẫu để dùng thử, không phải danh mục chính thức. Tên chỉ tiêu theo các ví dụ của Quyết định 293/QĐ-TTg; mã DEMO-… không phải mã chính thức. ' +
        'Nạp bộ chỉ tiêu chính thức của Quyết định 293/QĐ-TTg và 1661/QĐ-UBND bằng chức năng nhập tệp.',
      ownerUnitId: null,
      isDemo: true,
    });
    const set = (await q.findSet(tx, id, true))!;
    await applyIndicatorRows(tx, ctx, set, rows, { source: 'seed/indicators.demo.csv' });
    const now = ctx.clock.now();
    await q.moveSetStatus(tx, id, ['draft'], 'official', now);
    await recordAudit(tx, ctx, { action: 'indicator_set.published', targetType: 'indicator_set', targetId: id, details: { code: DEMO_SET_CODE, version: 1, indicators: rows.length, demo: true } });
    return id;
  });
}
