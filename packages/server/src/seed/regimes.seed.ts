import { randomUUID } from 'node:crypto';
import { vietnamDateOf } from '@baocao/core';
import type { Db } from '../db/database.js';
import { recordAudit, type Ctx } from '../platform/audit.js';
import { insertRegime } from '../modules/regimes/regimes.queries.js';
import { findUnitByCode } from '../modules/units/units.queries.js';

export const DEMO_REGIME_CODE = 'DEMO-CD-THANG';

/**
 * A demo monthly regime of the sample finance department to every commune-level unit, with the
 * Decree 09 windows, starting the day the demo database is created. Demo mode only.
 */
export async function seedDemoRegime(db: Db, ctx: Ctx): Promise<boolean> {
  const unit = await findUnitByCode(db, 'DEMO-STC');
  const template = await db.selectFrom('templates').select('lineage_id').where('code', '=', 'DEMO-STC-01').where('status', '=', 'official').executeTakeFirst();
  if (!unit || !template) return false;
  if (await db.selectFrom('regimes').select('id').where('code', '=', DEMO_REGIME_CODE).executeTakeFirst()) return false;
  const id = randomUUID();
  const targets = [{ type: 'kind', unitKind: 'commune' }];
  await db.transaction().execute(async (tx) => {
    await insertRegime(tx, {
      id, code: DEMO_REGIME_CODE, name: 'Báo cáo tháng tình hình thu, chi ngân sách (demo)', kind: 'periodic', requestingUnitId: unit.id,
      periodicity: 'month', cutoffRule: { kind: 'decree_09' }, deadlineRule: { kind: 'working_days_after_cutoff', days: 2 }, rounds: null, asOf: null, dueOn: null,
      targets, legalBasis: 'Chế độ minh họa (demo), không phải văn bản chính thức', startsOn: vietnamDateOf(ctx.clock.now()), endsOn: null,
      reminderDays: [3, 1], createdBy: null, now: ctx.clock.now(),
    }, [template.lineage_id]);
    await recordAudit(tx, ctx, { action: 'seed.demo_regime', unitId: unit.id, targetType: 'regime', targetId: id, details: { code: DEMO_REGIME_CODE, targets, demo: true } });
  });
  return true;
}
