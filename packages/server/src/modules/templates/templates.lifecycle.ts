import { randomUUID } from 'node:crypto';
import { transitionGrant, type Template, type TemplateStatus, type TransitionInput } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import { conflict, forbidden } from '../../platform/errors.js';
import { roleCan } from '@baocao/core';
import { assertCan } from '../../platform/scope.js';
import { loadWorkingCalendar } from '../calendar/calendar.service.js';
import { notifyUnit } from '../notifications/notifications.service.js';
import * as q from './templates.queries.js';
import { assertCompiles, loadForChange, toTemplate } from './templates.service.js';
import type { TemplateDefinition } from '@baocao/core';

const STATUS_VI: Record<TemplateStatus, string> = { draft: 'soạn thảo', testing: 'thử nghiệm', official: 'chính thức', retired: 'ngừng sử dụng' };

/**
 * Moves a template along its lifecycle with a guarded update (a stale or concurrent move gets 409).
 * Going official retires the lineage's previous official version and notifies the requesting unit's
 * subtree. Designers send to testing and back; publishers make official and retire.
 */
export async function transitionTemplate(db: Db, ctx: Ctx, id: string, input: TransitionInput): Promise<Template> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const row = await q.findTemplate(tx, id);
    assertCan(actor, 'template.read', row?.unit_path, 'template');
    const from = row!.status as TemplateStatus;
    const grant = transitionGrant(from, input.to);
    if (!grant) conflict('template.bad_transition', `Không chuyển được biểu mẫu từ trạng thái ${STATUS_VI[from]} sang ${STATUS_VI[input.to]}`);
    if (!roleCan(actor.role, grant)) forbidden();
    const now = ctx.clock.now();
    let retired: string | undefined;
    if (input.to === 'official') {
      assertCompiles(row!.definition as TemplateDefinition);
      if (input.revision !== row!.revision) conflict('template.stale', 'Biểu mẫu vừa được người khác thay đổi; hãy tải lại');
      retired = await q.retireOfficial(tx, row!.lineage_id, now);
    }
    if (!(await q.moveStatus(tx, id, from, input.to, input.revision, now))) {
      conflict('template.stale', 'Biểu mẫu vừa được người khác thay đổi; hãy tải lại');
    }
    if (input.to === 'official') {
      await notifyUnit(tx, {
        unitId: row!.requesting_unit_id,
        kind: 'template.official',
        title: `Biểu mẫu ${row!.code} đã được ban hành chính thức`,
        body: `${row!.name} (phiên bản ${row!.version}) được đưa vào sử dụng chính thức${retired ? '; phiên bản trước ngừng sử dụng' : ''}.`,
        link: `/bieu-mau/${id}`,
        now,
      });
    }
    await recordAudit(tx, ctx, { action: `template.${input.to === 'draft' ? 'returned_to_draft' : input.to}`, unitId: row!.requesting_unit_id, targetType: 'template', targetId: id, details: { from, to: input.to, version: row!.version, retiredVersionId: retired ?? null } });
    return toTemplate((await q.findTemplate(tx, id))!, await loadWorkingCalendar(tx));
  });
}

/** Starts a new draft version of an official template; the official one stays in use until the new one is published. Designers. */
export async function newTemplateVersion(db: Db, ctx: Ctx, id: string): Promise<Template> {
  const actor = ctx.actor!;
  return db.transaction().execute(async (tx) => {
    const row = await loadForChange(tx, actor, id, 'template.manage');
    if (row.status !== 'official' && row.status !== 'retired') conflict('template.not_official', 'Chỉ tạo phiên bản mới từ biểu mẫu đã ban hành');
    const versions = await q.lineageVersions(tx, row.lineage_id);
    if (versions.some((v) => v.status === 'draft' || v.status === 'testing')) conflict('template.open_version', 'Biểu mẫu đã có một phiên bản đang soạn hoặc thử nghiệm');
    const newId = randomUUID();
    const info = row.info as { name: string; regimeKind: string; periodicities: string[]; fieldGroup: string; requestingUnitId: string };
    await q.insertTemplate(tx, {
      id: newId,
      lineageId: row.lineage_id,
      version: Math.max(...versions.map((v) => v.version)) + 1,
      code: row.code,
      name: row.name,
      kind: row.kind,
      regimeKind: row.regime_kind,
      periodicities: info.periodicities,
      fieldGroup: row.field_group,
      requestingUnitId: row.requesting_unit_id,
      info: row.info,
      definition: row.definition,
      basedOnId: row.id,
      createdBy: actor.id,
      now: ctx.clock.now(),
    });
    await recordAudit(tx, ctx, { action: 'template.version_started', unitId: row.requesting_unit_id, targetType: 'template', targetId: newId, details: { from: row.id } });
    return toTemplate((await q.findTemplate(tx, newId))!);
  });
}
