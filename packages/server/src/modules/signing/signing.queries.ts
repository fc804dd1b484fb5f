import { randomUUID } from 'node:crypto';
import { sql } from 'kysely';
import type { CertificateInfo } from '@baocao/core';
import type { Db } from '../../db/database.js';

const parse = <T>(v: unknown): T => (typeof v === 'string' ? JSON.parse(v) : v) as T;
const bytes = (v: unknown): Uint8Array => (v instanceof Uint8Array ? v : new Uint8Array(v as ArrayBuffer));

export type VersionRow = {
  number: number;
  inputs: Record<string, string>;
  computed: Record<string, string | null>;
  explanations: Record<string, string>;
  narrative: Record<string, string>;
  submitted_at: Date;
  submitted_by: string | null;
  correction_id: string | null;
};

export async function findVersion(db: Db, assignmentId: string, number: number): Promise<VersionRow | undefined> {
  const r = await db
    .selectFrom('submission_versions')
    .select(['number', 'inputs', 'computed', 'explanations', 'narrative', 'submitted_at', 'submitted_by', 'correction_id'])
    .where('assignment_id', '=', assignmentId)
    .where('number', '=', number)
    .executeTakeFirst();
  return r && { ...r, inputs: parse(r.inputs), computed: parse(r.computed), explanations: parse(r.explanations), narrative: parse(r.narrative) };
}

export async function latestVersionNumber(db: Db, assignmentId: string): Promise<number | null> {
  const r = await db.selectFrom('submission_versions').select((eb) => eb.fn.max('number').as('n')).where('assignment_id', '=', assignmentId).executeTakeFirst();
  return r?.n === null || r?.n === undefined ? null : Number(r.n);
}

/** The next document number of a unit in a year: 1, 2, … restarting each January (Decree 30, Art. 15). */
export async function allocateNumber(db: Db, unitId: string, year: number): Promise<number> {
  const { rows } = await sql<{ last: number }>`
    insert into document_numbers (unit_id, year, last) values (${unitId}, ${year}, 1)
    on conflict (unit_id, year) do update set last = document_numbers.last + 1
    returning last`.execute(db);
  return Number(rows[0]!.last);
}

export type NewSignature = {
  assignmentId: string;
  versionNumber: number;
  documentNumber: string;
  method: 'server' | 'external';
  canonical: Uint8Array;
  cms: Uint8Array;
  pdf: Uint8Array;
  docx: Uint8Array;
  certificate: CertificateInfo;
  signedBy: string;
  signedAt: Date;
};

export async function insertSignature(db: Db, s: NewSignature): Promise<string> {
  const id = randomUUID();
  await db
    .insertInto('report_signatures')
    .values({
      id, assignment_id: s.assignmentId, version_number: s.versionNumber, document_number: s.documentNumber, method: s.method,
      canonical: Buffer.from(s.canonical), cms: Buffer.from(s.cms), pdf: Buffer.from(s.pdf), docx: Buffer.from(s.docx),
      certificate: JSON.stringify(s.certificate), signed_by: s.signedBy, signed_at: s.signedAt,
    })
    .execute();
  return id;
}

export type SignatureRow = {
  id: string;
  version_number: number;
  document_number: string;
  method: 'server' | 'external';
  canonical: Uint8Array;
  cms: Uint8Array;
  pdf: Uint8Array;
  certificate: CertificateInfo;
  signed_by_name: string;
  signed_at: Date;
};

/** Every signature of an assignment, oldest first (the files but the DOCX). */
export async function listSignatures(db: Db, assignmentId: string): Promise<SignatureRow[]> {
  const rows = await db
    .selectFrom('report_signatures as s')
    .innerJoin('users as u', 'u.id', 's.signed_by')
    .select(['s.id', 's.version_number', 's.document_number', 's.method', 's.canonical', 's.cms', 's.pdf', 's.certificate', 'u.full_name as signed_by_name', 's.signed_at'])
    .where('s.assignment_id', '=', assignmentId)
    .orderBy('s.seq')
    .execute();
  return rows.map((r) => ({ ...r, method: r.method as 'server' | 'external', canonical: bytes(r.canonical), cms: bytes(r.cms), pdf: bytes(r.pdf), certificate: parse(r.certificate) }));
}

export type SignatureFile = 'pdf' | 'docx' | 'cms' | 'canonical';

export async function signatureFile(db: Db, assignmentId: string, signatureId: string, file: SignatureFile): Promise<{ data: Uint8Array; documentNumber: string; versionNumber: number } | undefined> {
  const r = await db
    .selectFrom('report_signatures')
    .select([file, 'document_number', 'version_number'])
    .where('assignment_id', '=', assignmentId)
    .where('id', '=', signatureId)
    .executeTakeFirst();
  return r && { data: bytes((r as Record<string, unknown>)[file]), documentNumber: r.document_number, versionNumber: r.version_number };
}

export async function findSignatureForDelivery(db: Db, signatureId: string) {
  const r = await db
    .selectFrom('report_signatures as s')
    .innerJoin('assignments as a', 'a.id', 's.assignment_id')
    .innerJoin('units as u', 'u.id', 'a.unit_id')
    .innerJoin('users as us', 'us.id', 's.signed_by')
    .select(['s.id', 's.assignment_id', 's.version_number', 's.document_number', 's.canonical', 's.cms', 's.pdf', 's.docx', 's.certificate', 's.signed_at', 'u.code as unit_code', 'u.name as unit_name', 'us.full_name as signed_by_name'])
    .where('s.id', '=', signatureId)
    .executeTakeFirst();
  return r && { ...r, canonical: bytes(r.canonical), cms: bytes(r.cms), pdf: bytes(r.pdf), docx: bytes(r.docx), certificate: parse<CertificateInfo>(r.certificate) };
}

export type DraftRow = { version_number: number; document_number: string; canonical: Uint8Array; prepared_pdf: Uint8Array; docx: Uint8Array; signed_at: Date; created_by: string };

export async function saveDraft(db: Db, assignmentId: string, d: DraftRow, now: Date): Promise<void> {
  const values = {
    version_number: d.version_number, document_number: d.document_number, canonical: Buffer.from(d.canonical), prepared_pdf: Buffer.from(d.prepared_pdf),
    docx: Buffer.from(d.docx), signed_at: d.signed_at, created_by: d.created_by, created_at: now,
  };
  await db
    .insertInto('signing_drafts')
    .values({ assignment_id: assignmentId, ...values })
    .onConflict((c) => c.column('assignment_id').doUpdateSet(values))
    .execute();
}

export async function findDraft(db: Db, assignmentId: string): Promise<DraftRow | undefined> {
  const r = await db.selectFrom('signing_drafts').selectAll().where('assignment_id', '=', assignmentId).executeTakeFirst();
  return r && { ...r, canonical: bytes(r.canonical), prepared_pdf: bytes(r.prepared_pdf), docx: bytes(r.docx) };
}

export async function deleteDraft(db: Db, assignmentId: string): Promise<void> {
  await db.deleteFrom('signing_drafts').where('assignment_id', '=', assignmentId).execute();
}
