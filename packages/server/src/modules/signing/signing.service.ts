import { createHash } from 'node:crypto';
import {
  allowedActions, nextState,
  type ExternalSigningPayload, type ReportSignature, type SignatureCheck, type WorkflowAction, type WorkflowState, type WorkflowView,
} from '@baocao/core';
import type { Db } from '../../db/database.js';
import { recordAudit, type Ctx } from '../../platform/audit.js';
import type { Config } from '../../platform/config.js';
import { AppError, badRequest, conflict, forbidden, notFound } from '../../platform/errors.js';
import { enqueueOutbox } from '../../platform/outbox.js';
import type { Actor } from '../../platform/scope.js';
import { lockAssignment, type AssignmentRow } from '../assignments/assignments.queries.js';
import { visible, WORKER_ROLES } from '../assignments/assignments.service.js';
import { moveAssignment, needsSignature } from '../assignments/assignments.workflow.js';
import { notifyUnit } from '../notifications/notifications.service.js';
import { listCorrections } from '../submissions/submissions.corrections.js';
import { setReview } from '../submissions/submissions.queries.js';
import { embedSignature, preparePdf, signDetached, signPdf, verifyDetached, verifyPdf, type VerifyResult } from './crypto/index.js';
import { renderDocx } from './documents/docx.js';
import { renderPdf } from './documents/pdf.js';
import { agencySymbol, buildDocument, snapshot, vietnamDay, vietnamIso, type CanonicalReport } from './signing.document.js';
import { trustStore, unitIdentity } from './signing.keys.js';
import * as q from './signing.queries.js';

/** What the signing service needs from the app: configuration, and a nudge to the outbox worker after a commit. */
export type SigningDeps = { db: Db; config: Config; wakeOutbox: () => void };

const isLeaderOf = (actor: Actor, a: AssignmentRow) => actor.role === 'leader' && actor.unitId === a.unit_id;
const receiverOf = (a: AssignmentRow) => a.parent_unit_id ?? a.requesting_unit_id;

/** The workflow steps this person may take on this report now. */
function actionsFor(actor: Actor, a: AssignmentRow): WorkflowAction[] {
  const state = a.status as WorkflowState;
  const out = new Set<WorkflowAction>();
  const worker = WORKER_ROLES.includes(actor.role);
  const reporter = worker && (a.assignee_id ? a.assignee_id === actor.id || isLeaderOf(actor, a) : actor.unitId === a.unit_id);
  if (reporter) for (const x of allowedActions(state, 'reporter')) out.add(x);
  if (isLeaderOf(actor, a)) for (const x of allowedActions(state, 'leader')) out.add(x);
  if (worker && actor.unitId === receiverOf(a) && actor.unitId !== a.unit_id) for (const x of allowedActions(state, 'receiver')) out.add(x);
  out.delete('save');
  out.delete(needsSignature(a) ? 'submit_unsigned' : 'submit_to_leader');
  if (!needsSignature(a)) out.delete('return_to_leader');
  return [...out];
}

const check = (r: VerifyResult): SignatureCheck => ({ valid: r.valid, code: r.code, message: r.message, signer: r.signer, signingTime: r.signingTime });

/**
 * Checks a stored signature again, now: the CMS over the signed bytes, the PDF's own signature, and
 * that the figures stored for that version still give exactly the signed bytes (a report altered in
 * the database after signing fails here).
 */
async function verifyStored(db: Db, config: Config, a: AssignmentRow, s: q.SignatureRow, now: Date): Promise<ReportSignature['verification']> {
  const trust = await trustStore(config);
  const [data, pdf] = await Promise.all([verifyDetached(s.cms, s.canonical, trust, { now }), verifyPdf(s.pdf, trust, { now })]);
  let dataUnchanged = false;
  try {
    const signed = JSON.parse(new TextDecoder().decode(s.canonical)) as CanonicalReport;
    const again = await snapshot(db, a, s.version_number, signed.documentNumber, signed.issuedOn, signed.placeholders);
    dataUnchanged = Buffer.from(again.bytes).equals(Buffer.from(s.canonical));
  } catch {
    dataUnchanged = false;
  }
  const valid = data.valid && pdf.valid && pdf.coversWholeFile && dataUnchanged;
  const message = valid
    ? 'Chữ ký số hợp lệ; số liệu không thay đổi từ khi ký'
    : !dataUnchanged
      ? 'Số liệu đã bị thay đổi sau khi ký'
      : !data.valid
        ? `Chữ ký số liệu không hợp lệ: ${data.message}`
        : !pdf.valid
          ? `Chữ ký trên tệp PDF không hợp lệ: ${pdf.message}`
          : 'Tệp PDF có nội dung thêm vào sau khi ký';
  return { valid, dataUnchanged, data: check(data), pdf: { ...check(pdf), coversWholeFile: pdf.coversWholeFile }, message };
}

async function signaturesOf(db: Db, config: Config, a: AssignmentRow, now: Date): Promise<ReportSignature[]> {
  const rows = await q.listSignatures(db, a.id);
  return Promise.all(
    rows.map(async (s, i) => ({
      id: s.id, versionNumber: s.version_number, documentNumber: s.document_number, method: s.method, signedByName: s.signed_by_name,
      signedAt: s.signed_at.toISOString(), certificate: s.certificate, current: i === rows.length - 1,
      verification: await verifyStored(db, config, a, s, now),
    })),
  );
}

/** The current signature of a report checked now; null when it has none (R22: the receiver returns it). */
export async function currentSignatureCheck(db: Db, config: Config, a: AssignmentRow, now: Date): Promise<ReportSignature['verification'] | null> {
  const rows = await q.listSignatures(db, a.id);
  const last = rows.at(-1);
  const latest = await q.latestVersionNumber(db, a.id);
  if (!last || last.version_number !== latest) return null;
  return verifyStored(db, config, a, last, now);
}

/** Where the report stands, what this person may do, its signatures (checked now) and corrections. Anyone who may see it. */
export async function getWorkflow(deps: SigningDeps, ctx: Ctx, id: string): Promise<WorkflowView> {
  const { db, config } = deps;
  const actor = ctx.actor as Actor;
  const a = await visible(db, actor, id);
  let serverSigning: WorkflowView['serverSigning'] = null;
  if (isLeaderOf(actor, a) && needsSignature(a)) {
    try {
      const identity = await unitIdentity(config, a.unit_code);
      serverSigning = { available: true, certificate: identity.info, problem: null };
    } catch (e) {
      serverSigning = { available: false, certificate: null, problem: e instanceof AppError ? e.message : 'Không mở được chứng thư số của đơn vị' };
    }
  }
  return {
    assignmentId: a.id,
    status: a.status as WorkflowState,
    actions: actionsFor(actor, a),
    latestVersion: await q.latestVersionNumber(db, a.id),
    signatures: await signaturesOf(db, config, a, ctx.clock.now()),
    corrections: await listCorrections(db, a.id),
    serverSigning,
  };
}

/** Refuses unless the actor is the unit's leader and the report waits for signature; the version must be the latest. */
async function signable(tx: Db, actor: Actor, id: string, versionNumber: number): Promise<AssignmentRow> {
  await lockAssignment(tx, id);
  const a = await visible(tx, actor, id);
  if (!isLeaderOf(actor, a)) forbidden('Chỉ lãnh đạo của đơn vị báo cáo mới ký số được');
  if (!needsSignature(a)) badRequest('signing.not_required', 'Báo cáo nội bộ không cần ký số');
  if (!nextState(a.status as WorkflowState, 'sign')) {
    conflict(a.status === 'sent' || a.status === 'accepted' || a.status === 'signed' ? 'signing.already_signed' : 'workflow.not_allowed', a.status === 'sent' || a.status === 'accepted' || a.status === 'signed' ? 'Báo cáo đã được ký số' : 'Báo cáo không ở trạng thái chờ lãnh đạo ký');
  }
  const latest = await q.latestVersionNumber(tx, id);
  if (latest !== versionNumber) conflict('signing.version_changed', `Báo cáo đã được trình lại (lần ${latest}); hãy xem lại trước khi ký`);
  return a;
}

async function documentNumberFor(tx: Db, a: AssignmentRow, day: string): Promise<string> {
  const n = await q.allocateNumber(tx, a.unit_id, Number(day.slice(0, 4)));
  return `${String(n).padStart(2, '0')}/BC-${agencySymbol({ name: a.unit_name, kind: a.unit_kind })}`;
}

/** After signing: the report goes to the requesting unit (R21) and, through the outbox, to the document management system. */
async function issue(tx: Db, ctx: Ctx, a: AssignmentRow, sig: { id: string; documentNumber: string; versionNumber: number; method: 'server' | 'external'; certificate: { commonName: string; serialNumber: string; sha256: string } }, now: Date): Promise<void> {
  const actor = ctx.actor as Actor;
  await moveAssignment(tx, a, 'sign', now);
  await recordAudit(tx, ctx, {
    action: 'report.signed', unitId: a.unit_id, targetType: 'assignment', targetId: a.id,
    details: { signatureId: sig.id, documentNumber: sig.documentNumber, version: sig.versionNumber, method: sig.method, certificate: sig.certificate },
  });
  await moveAssignment(tx, a, 'send', now, { sent_at: now });
  await enqueueOutbox(tx, `dms:${sig.id}`, { kind: 'dms', signatureId: sig.id, assignmentId: a.id, documentNumber: sig.documentNumber }, now);
  const version = await q.findVersion(tx, a.id, sig.versionNumber);
  const corrected = version?.correction_id ? ' (bản đính chính; số liệu tổng hợp đã được tính lại)' : '';
  await notifyUnit(tx, {
    unitId: receiverOf(a), kind: 'report.received', now, link: `/viec-cua-toi/${a.id}`,
    title: `Đã nhận báo cáo ký số: ${a.unit_name}`,
    body: `${a.unit_name} gửi báo cáo số ${sig.documentNumber} "${a.template_name}" (${a.round_label}), ${actor.fullName} ký số${corrected}.`,
  });
  await recordAudit(tx, ctx, { action: 'report.sent', unitId: a.unit_id, targetType: 'assignment', targetId: a.id, details: { documentNumber: sig.documentNumber, to: receiverOf(a), dms: true } });
}

/**
 * The leader signs with the unit's certificate held on the server (R20): numbers the document, renders
 * the PDF and DOCX, signs the canonical report (CMS) and the PDF (PAdES), checks the signature against
 * the trust store, and issues it (R21), all in one transaction. Leaders of the report's unit only.
 */
export async function signOnServer(deps: SigningDeps, ctx: Ctx, id: string, versionNumber: number): Promise<WorkflowView> {
  const { db, config } = deps;
  const actor = ctx.actor as Actor;
  const pre = await visible(db, actor, id);
  if (!isLeaderOf(actor, pre)) forbidden('Chỉ lãnh đạo của đơn vị báo cáo mới ký số được');
  const identity = await unitIdentity(config, pre.unit_code);
  const trust = await trustStore(config);
  await db.transaction().execute(async (tx) => {
    const a = await signable(tx, actor, id, versionNumber);
    const now = ctx.clock.now();
    const day = vietnamDay(now);
    const documentNumber = await documentNumberFor(tx, a, day);
    const snap = await snapshot(tx, a, versionNumber, documentNumber, day, null);
    const doc = buildDocument(config, a, snap, { signerName: actor.fullName, organisation: identity.info.commonName, signedAt: vietnamIso(now) }, actor.fullName);
    const cms = await signDetached(snap.bytes, identity, { signingTime: now });
    const verdict = await verifyDetached(cms, snap.bytes, trust, { now });
    if (!verdict.valid) throw new AppError(verdict.code, `Không ký được bằng chứng thư của đơn vị: ${verdict.message}`, 422);
    const pdf = await signPdf(await renderPdf(doc), identity, { name: identity.info.commonName, reason: `Ký số báo cáo số ${documentNumber}`, location: config.documentPlace, signingTime: now });
    const docx = await renderDocx(doc);
    const sigId = await q.insertSignature(tx, {
      assignmentId: a.id, versionNumber, documentNumber, method: 'server', canonical: snap.bytes, cms, pdf, docx, certificate: identity.info, signedBy: actor.id, signedAt: now,
    });
    await q.deleteDraft(tx, a.id);
    await issue(tx, ctx, a, { id: sigId, documentNumber, versionNumber, method: 'server', certificate: { commonName: identity.info.commonName, serialNumber: identity.info.serialNumber, sha256: identity.info.sha256 } }, now);
  });
  deps.wakeOutbox();
  return getWorkflow(deps, ctx, id);
}

const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

/**
 * Signing with a token outside the system, step 1: numbers the document and hands out the two byte
 * strings the token signs (the canonical report, and the prepared PDF's signed byte range). Asking
 * again for the same version keeps its number. Leaders of the report's unit only.
 */
export async function prepareExternal(deps: SigningDeps, ctx: Ctx, id: string, versionNumber: number): Promise<ExternalSigningPayload> {
  const { db, config } = deps;
  const actor = ctx.actor as Actor;
  return db.transaction().execute(async (tx) => {
    const a = await signable(tx, actor, id, versionNumber);
    const now = ctx.clock.now();
    const day = vietnamDay(now);
    const existing = await q.findDraft(tx, a.id);
    const documentNumber = existing?.version_number === versionNumber ? existing.document_number : await documentNumberFor(tx, a, day);
    const snap = await snapshot(tx, a, versionNumber, documentNumber, day, null);
    const doc = buildDocument(config, a, snap, { signerName: actor.fullName, organisation: a.unit_name, signedAt: vietnamIso(now) }, actor.fullName);
    const { prepared, toBeSigned } = await preparePdf(await renderPdf(doc), { name: actor.fullName, reason: `Ký số báo cáo số ${documentNumber}`, location: config.documentPlace, signingTime: now });
    await q.saveDraft(tx, a.id, { version_number: versionNumber, document_number: documentNumber, canonical: snap.bytes, prepared_pdf: prepared, docx: await renderDocx(doc), signed_at: now, created_by: actor.id }, now);
    await recordAudit(tx, ctx, { action: 'report.signing_prepared', unitId: a.unit_id, targetType: 'assignment', targetId: a.id, details: { documentNumber, version: versionNumber } });
    return {
      versionNumber, documentNumber,
      canonical: Buffer.from(snap.bytes).toString('base64'), canonicalSha256: sha256(snap.bytes),
      pdfToBeSigned: Buffer.from(toBeSigned).toString('base64'), pdfToBeSignedSha256: sha256(toBeSigned),
    };
  });
}

/** A detached CMS as uploaded: base64 of DER, or a PEM block ("-----BEGIN CMS-----" / PKCS7). */
function decodeCms(text: string): Uint8Array {
  const body = text.replace(/-----(BEGIN|END) [A-Z0-9 ]+-----/g, '').replace(/\s+/g, '');
  return new Uint8Array(Buffer.from(body, 'base64'));
}

/**
 * Signing with a token outside the system, step 2: both uploaded signatures are checked against the
 * trust store (right bytes, trusted, valid, for signing, not revoked) and must come from one
 * certificate; only then is the report signed and issued. Leaders of the report's unit only.
 */
export async function signExternal(deps: SigningDeps, ctx: Ctx, id: string, input: { versionNumber: number; cms: string; pdfCms: string }): Promise<WorkflowView> {
  const { db, config } = deps;
  const actor = ctx.actor as Actor;
  const trust = await trustStore(config);
  await db.transaction().execute(async (tx) => {
    const a = await signable(tx, actor, id, input.versionNumber);
    const draft = await q.findDraft(tx, a.id);
    if (!draft || draft.version_number !== input.versionNumber) conflict('signing.not_prepared', 'Chưa lấy dữ liệu để ký bằng thiết bị ký số cho lần trình này');
    const now = ctx.clock.now();
    const cms = decodeCms(input.cms);
    const data = await verifyDetached(cms, draft.canonical, trust, { now });
    if (!data.valid) throw new AppError(data.code, `Chữ ký số liệu không được chấp nhận: ${data.message}`, 422);
    let pdf: Uint8Array;
    try {
      pdf = embedSignature(draft.prepared_pdf, decodeCms(input.pdfCms));
    } catch (e) {
      throw e instanceof AppError ? e : new AppError('signature.not_cms', 'Chữ ký tệp PDF không phải chữ ký CMS', 422);
    }
    const onPdf = await verifyPdf(pdf, trust, { now });
    if (!onPdf.valid) throw new AppError(onPdf.code, `Chữ ký tệp PDF không được chấp nhận: ${onPdf.message}`, 422);
    if (data.signer?.sha256 !== onPdf.signer?.sha256) badRequest('signing.signer_mismatch', 'Hai chữ ký phải do cùng một chứng thư số tạo ra');
    const sigId = await q.insertSignature(tx, {
      assignmentId: a.id, versionNumber: input.versionNumber, documentNumber: draft.document_number, method: 'external',
      canonical: draft.canonical, cms, pdf, docx: draft.docx, certificate: data.signer!, signedBy: actor.id, signedAt: now,
    });
    await q.deleteDraft(tx, a.id);
    await issue(tx, ctx, a, { id: sigId, documentNumber: draft.document_number, versionNumber: input.versionNumber, method: 'external', certificate: { commonName: data.signer!.commonName, serialNumber: data.signer!.serialNumber, sha256: data.signer!.sha256 } }, now);
  });
  deps.wakeOutbox();
  return getWorkflow(deps, ctx, id);
}

/** The leader sends the report back for re-entry with a reason (R20). Leaders of the report's unit only. */
export async function leaderReturn(deps: SigningDeps, ctx: Ctx, id: string, reason: string): Promise<WorkflowView> {
  const actor = ctx.actor as Actor;
  await deps.db.transaction().execute(async (tx) => {
    await lockAssignment(tx, id);
    const a = await visible(tx, actor, id);
    if (!isLeaderOf(actor, a)) forbidden('Chỉ lãnh đạo của đơn vị báo cáo mới trả lại được');
    const now = ctx.clock.now();
    await moveAssignment(tx, a, 'leader_return', now);
    await setReview(tx, id, reason, [], now);
    await q.deleteDraft(tx, a.id);
    const latest = await q.latestVersionNumber(tx, id);
    const submitter = latest === null ? null : (await q.findVersion(tx, id, latest))?.submitted_by;
    await notifyUnit(tx, {
      unitId: a.unit_id, userId: submitter ?? undefined, kind: 'report.leader_returned', now, link: `/viec-cua-toi/${id}`,
      title: `Lãnh đạo trả lại: ${a.template_name}`, body: `${actor.fullName} trả lại báo cáo (${a.round_label}). Lý do: ${reason}`,
    });
    await recordAudit(tx, ctx, { action: 'report.leader_returned', unitId: a.unit_id, targetType: 'assignment', targetId: id, details: { reason, version: latest } });
  });
  return getWorkflow(deps, ctx, id);
}

export type DownloadKind = 'pdf' | 'docx' | 'p7s' | 'json';
const FILE_OF: Record<DownloadKind, q.SignatureFile> = { pdf: 'pdf', docx: 'docx', p7s: 'cms', json: 'canonical' };
const TYPES: Record<DownloadKind, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  p7s: 'application/pkcs7-signature',
  json: 'application/json; charset=utf-8',
};

/** A signed version's files: the signed PDF, the DOCX copy, the detached CMS and the exact bytes it signs. Anyone who may see the report. */
export async function signatureDownload(deps: SigningDeps, ctx: Ctx, id: string, signatureId: string, kind: DownloadKind): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const a = await visible(deps.db, ctx.actor as Actor, id);
  const f = await q.signatureFile(deps.db, a.id, signatureId, FILE_OF[kind]);
  if (!f) notFound();
  const base = `BC-${a.unit_code}-${a.round_key}-lan${f.versionNumber}`.replace(/[^A-Za-z0-9._-]/g, '_');
  return { body: Buffer.from(f.data), contentType: TYPES[kind], filename: `${base}.${kind === 'json' ? 'json' : kind}` };
}

/** The document as it would be issued, unsigned and marked as a preview, for the leader to read before signing. Anyone who may see the report. */
export async function previewDocument(deps: SigningDeps, ctx: Ctx, id: string, kind: 'pdf' | 'docx'): Promise<{ body: Buffer; contentType: string; filename: string }> {
  const { db, config } = deps;
  const a = await visible(db, ctx.actor as Actor, id);
  const latest = await q.latestVersionNumber(db, a.id);
  if (latest === null) conflict('signing.no_version', 'Báo cáo chưa được trình');
  const snap = await snapshot(db, a, latest, `…/BC-${agencySymbol({ name: a.unit_name, kind: a.unit_kind })}`, vietnamDay(ctx.clock.now()), null);
  const doc = { ...buildDocument(config, a, snap, null, ''), number: null };
  const body = Buffer.from(kind === 'pdf' ? await renderPdf(doc) : await renderDocx(doc));
  return { body, contentType: TYPES[kind], filename: `xem-truoc-${a.unit_code}-${a.round_key}.${kind}`.replace(/[^A-Za-z0-9._-]/g, '_') };
}
