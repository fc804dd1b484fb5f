import type { Attachment } from '@baocao/core';
import type { Db } from '../../db/database.js';

const iso = (v: Date | string | null) => (v === null ? null : new Date(v).toISOString());

function base(db: Db) {
  return db
    .selectFrom('attachments as a')
    .innerJoin('users as u', 'u.id', 'a.uploaded_by')
    .where('a.removed_at', 'is', null)
    .select(['a.id', 'a.assignment_id', 'a.version', 'a.original_name', 'a.content_type', 'a.size_bytes', 'a.sha256', 'a.classification', 'a.scan_verdict', 'a.scanned_at', 'a.uploaded_by', 'a.uploaded_at', 'u.full_name']);
}
type Row = Awaited<ReturnType<ReturnType<typeof base>['executeTakeFirstOrThrow']>>;

export function toAttachment(r: Row): Attachment {
  return {
    id: r.id,
    assignmentId: r.assignment_id,
    version: r.version,
    name: r.original_name,
    contentType: r.content_type,
    sizeBytes: Number(r.size_bytes),
    sha256: r.sha256,
    classification: r.classification as Attachment['classification'],
    scanVerdict: r.scan_verdict as Attachment['scanVerdict'],
    scannedAt: iso(r.scanned_at),
    uploadedById: r.uploaded_by,
    uploadedByName: r.full_name,
    uploadedAt: iso(r.uploaded_at)!,
  };
}

/** The report's attachments still in place, oldest first. */
export async function findAttachments(db: Db, assignmentId: string): Promise<Attachment[]> {
  const rows = await base(db).where('a.assignment_id', '=', assignmentId).orderBy('a.uploaded_at').orderBy('a.id').execute();
  return rows.map(toAttachment);
}

export async function findAttachment(db: Db, assignmentId: string, id: string): Promise<Attachment | undefined> {
  const row = await base(db).where('a.assignment_id', '=', assignmentId).where('a.id', '=', id).executeTakeFirst();
  return row && toAttachment(row);
}

export async function findBySha(db: Db, assignmentId: string, sha256: string): Promise<Attachment | undefined> {
  const row = await base(db).where('a.assignment_id', '=', assignmentId).where('a.sha256', '=', sha256).executeTakeFirst();
  return row && toAttachment(row);
}

export type NewAttachment = {
  id: string; assignmentId: string; version: number; name: string; contentType: string; sizeBytes: number; sha256: string;
  scanVerdict: 'clean' | 'unscanned'; scannedAt: Date | null; uploadedBy: string; uploadedAt: Date;
};

export async function insertAttachment(db: Db, a: NewAttachment): Promise<void> {
  await db
    .insertInto('attachments')
    .values({
      id: a.id, assignment_id: a.assignmentId, version: a.version, original_name: a.name, content_type: a.contentType, size_bytes: a.sizeBytes, sha256: a.sha256,
      classification: 'none', scan_verdict: a.scanVerdict, scanned_at: a.scannedAt, uploaded_by: a.uploadedBy, uploaded_at: a.uploadedAt,
    })
    .execute();
}

/** Marks the attachment removed; false when it was already gone. The bytes stay: other rows may share them. */
export async function removeAttachment(db: Db, id: string, by: string, at: Date): Promise<boolean> {
  const r = await db.updateTable('attachments').set({ removed_at: at, removed_by: by }).where('id', '=', id).where('removed_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}
