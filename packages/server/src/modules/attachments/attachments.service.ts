import { createHash, randomUUID } from 'node:crypto';
import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { Attachment, UploadAttachmentInput } from '@baocao/core';
import type { Db } from '../../db/database.js';
import { nothingChanged, recordAudit, type Ctx } from '../../platform/audit.js';
import { refuseStateSecret } from '../../platform/classification.js';
import type { Config } from '../../platform/config.js';
import { AppError, forbidden, notFound } from '../../platform/errors.js';
import type { Actor } from '../../platform/scope.js';
import { lockAssignment } from '../assignments/assignments.queries.js';
import { visible } from '../assignments/assignments.service.js';
import { mayEnter } from '../submissions/submissions.form.js';
import { findForm } from '../submissions/submissions.queries.js';
import { scanBytes } from './attachments.scan.js';
import { ALLOWED_EXTENSIONS, detectType } from './attachments.types.js';
import * as q from './attachments.queries.js';

type AttachmentsConfig = Pick<Config, 'dataDir' | 'clamd' | 'attachmentMaxBytes' | 'attachmentsAllowUnscanned'>;

/** Where a file's bytes live: outside the web root, addressed by content. */
export const blobPath = (dataDir: string, sha256: string) => join(dataDir, 'attachments', sha256.slice(0, 2), sha256);

/** The report's attachments. Anyone who may see the assignment (R2). */
export async function listAttachments(db: Db, ctx: Ctx, assignmentId: string): Promise<Attachment[]> {
  await visible(db, ctx.actor as Actor, assignmentId);
  return q.findAttachments(db, assignmentId);
}

/**
 * Attaches a file to a report its actor may still enter (R35): declared not secret (R34), within the size
 * limit, found clean by clamd (every file, whatever its type, so an infected one is always recorded) and of
 * an allowed type by its bytes, all before a byte is written. The same
 * content twice on one report is the existing attachment; across reports the bytes are stored once.
 * An infected file is refused with 422 and the refusal is audited.
 */
export async function addAttachment(db: Db, config: AttachmentsConfig, ctx: Ctx, assignmentId: string, input: UploadAttachmentInput): Promise<{ created: boolean; attachment: Attachment }> {
  const actor = ctx.actor as Actor;
  const a = await visible(db, actor, assignmentId);
  if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn sửa được, hoặc không được giao cho bạn');
  refuseStateSecret(input.classification);
  const bytes = Buffer.from(input.contentBase64, 'base64');
  if (bytes.length === 0) throw new AppError('attachment.empty', 'Tệp rỗng', 400);
  if (bytes.length > config.attachmentMaxBytes) {
    throw new AppError('attachment.too_large', `Tệp lớn hơn giới hạn ${Math.floor(config.attachmentMaxBytes / 1024 / 1024)} MB`, 413);
  }
  const sha256 = createHash('sha256').update(bytes).digest('hex');

  const scannedAt = ctx.clock.now();
  let scanVerdict: 'clean' | 'unscanned';
  if (config.clamd) {
    const result = await scanBytes(config.clamd, bytes).catch((e: Error) => {
      throw new AppError('attachment.scan_failed', `Không quét được virus cho tệp (${e.message}); tệp chưa được lưu, hãy thử lại sau`, 503);
    });
    if (!result.clean) {
      await db.transaction().execute((tx) =>
        recordAudit(tx, ctx, {
          action: 'attachment.refused_infected', unitId: a.unit_id, targetType: 'assignment', targetId: a.id,
          details: { name: input.name, sha256, sizeBytes: bytes.length, signature: result.signature },
        }),
      );
      throw new AppError('attachment.infected', `Tệp "${input.name}" chứa mã độc (${result.signature}); tệp không được lưu`, 422, undefined, { signature: result.signature });
    }
    scanVerdict = 'clean';
  } else if (config.attachmentsAllowUnscanned) {
    scanVerdict = 'unscanned';
  } else {
    throw new AppError('attachment.scanner_unavailable', 'Hệ thống chưa có dịch vụ quét virus nên chưa nhận tệp đính kèm (R35)', 503);
  }

  const contentType = detectType(input.name, bytes);
  if (!contentType) {
    throw new AppError('attachment.type_not_allowed', `Chỉ nhận tệp ${ALLOWED_EXTENSIONS.filter((e) => e !== 'jpeg').map((e) => e.toUpperCase()).join(', ')} đúng định dạng`, 415);
  }

  await storeBlob(config.dataDir, sha256, bytes);
  return db.transaction().execute(async (tx) => {
    await lockAssignment(tx, assignmentId);
    const locked = await visible(tx, actor, assignmentId);
    if (!mayEnter(actor, locked)) forbidden('Báo cáo này không còn sửa được, hoặc không được giao cho bạn');
    const existing = await q.findBySha(tx, assignmentId, sha256);
    if (existing) {
      nothingChanged(ctx);
      return { created: false, attachment: existing };
    }
    const id = randomUUID();
    const { version } = await findForm(tx, assignmentId);
    await q.insertAttachment(tx, {
      id, assignmentId, version, name: input.name, contentType, sizeBytes: bytes.length, sha256,
      scanVerdict, scannedAt: scanVerdict === 'clean' ? scannedAt : null, uploadedBy: actor.id, uploadedAt: ctx.clock.now(),
    });
    await recordAudit(tx, ctx, {
      action: 'attachment.added', unitId: locked.unit_id, targetType: 'attachment', targetId: id,
      details: { assignmentId, name: input.name, contentType, sizeBytes: bytes.length, sha256, scanVerdict, version },
    });
    return { created: true, attachment: (await q.findAttachment(tx, assignmentId, id))! };
  });
}

/** Writes the bytes once: to a temporary name, then renamed into place, so a half-written file is never served. */
async function storeBlob(dataDir: string, sha256: string, bytes: Buffer): Promise<void> {
  const path = blobPath(dataDir, sha256);
  if (await stat(path).then(() => true, () => false)) return;
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${randomUUID()}.tmp`;
  await writeFile(tmp, bytes, { mode: 0o640 });
  await rename(tmp, path);
}

/** The attachment's bytes. Anyone who may see the assignment (R2). */
export async function readAttachment(db: Db, config: Pick<Config, 'dataDir'>, ctx: Ctx, assignmentId: string, id: string): Promise<{ attachment: Attachment; body: Buffer }> {
  await visible(db, ctx.actor as Actor, assignmentId);
  const attachment = (await q.findAttachment(db, assignmentId, id)) ?? notFound();
  return { attachment, body: await readFile(blobPath(config.dataDir, attachment.sha256)) };
}

/** Removes an attachment from a report its actor may still enter; the removal is audited. */
export async function removeAttachment(db: Db, ctx: Ctx, assignmentId: string, id: string): Promise<void> {
  const actor = ctx.actor as Actor;
  await db.transaction().execute(async (tx) => {
    await lockAssignment(tx, assignmentId);
    const a = await visible(tx, actor, assignmentId);
    const attachment = (await q.findAttachment(tx, assignmentId, id)) ?? notFound();
    if (!mayEnter(actor, a)) forbidden('Báo cáo này không còn sửa được, hoặc không được giao cho bạn');
    if (!(await q.removeAttachment(tx, id, actor.id, ctx.clock.now()))) notFound();
    await recordAudit(tx, ctx, {
      action: 'attachment.removed', unitId: a.unit_id, targetType: 'attachment', targetId: id,
      details: { assignmentId, name: attachment.name, sha256: attachment.sha256 },
    });
  });
}
