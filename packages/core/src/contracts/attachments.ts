import { z } from 'zod';
import { Id, Text } from './common.js';

/**
 * Độ mật of a document (R34; Luật Bảo vệ bí mật nhà nước 2018, Art. 8): 'none' is "không mật";
 * 'confidential' Mật, 'secret' Tối mật, 'top_secret' Tuyệt mật. The system takes only 'none':
 * anything declared a state secret is refused before it is stored.
 */
export const Classification = z.enum(['none', 'confidential', 'secret', 'top_secret']);
export type Classification = z.infer<typeof Classification>;

export const CLASSIFICATION_LABELS: Record<Classification, string> = {
  none: 'Không mật',
  confidential: 'Mật',
  secret: 'Tối mật',
  top_secret: 'Tuyệt mật',
};

/** True for Mật, Tối mật and Tuyệt mật: never sent or stored here (R34). */
export const isStateSecret = (c: Classification | undefined | null): boolean => c != null && c !== 'none';

/** What the scanner said about a stored file: clean, or accepted unscanned (demo only, ATTACHMENTS_ALLOW_UNSCANNED). */
export const ScanVerdict = z.enum(['clean', 'unscanned']);

/** A file attached to an assigned report (R35): scanned, then stored by its SHA-256. */
export const Attachment = z.object({
  id: Id,
  assignmentId: Id,
  /** The form's version when the file was attached. */
  version: z.number().int(),
  name: z.string(),
  contentType: z.string(),
  sizeBytes: z.number().int(),
  sha256: z.string(),
  classification: Classification,
  scanVerdict: ScanVerdict,
  scannedAt: z.string().nullable(),
  uploadedById: Id,
  uploadedByName: z.string(),
  uploadedAt: z.string(),
});
export type Attachment = z.infer<typeof Attachment>;

/** Upload as base64 JSON (like the form imports); the server checks the bytes, not the name. */
export const UploadAttachmentInput = z
  .object({
    name: Text(255),
    contentBase64: z.string().min(1),
    /** Declared độ mật; anything but 'none' is refused (R34). */
    classification: Classification.default('none'),
  })
  .strict();
export type UploadAttachmentInput = z.infer<typeof UploadAttachmentInput>;

export const AttachmentParam = z.object({ assignmentId: Id, attachmentId: Id }).strict();
