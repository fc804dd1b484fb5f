import { createHash, randomUUID } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { blobPath } from '../src/modules/attachments/attachments.service.js';
import type { TestApp } from './harness.js';

/** The permission test's victim attachment: filled in by `attachToVictim`, read by its probes. */
export const victimAttachment = { id: randomUUID() };

/** Puts a small PDF on the victim's report as if uploaded and scanned, so probes can aim at a real file. */
export async function attachToVictim(t: TestApp, assignmentId: string, uploadedBy: string): Promise<void> {
  const bytes = Buffer.from('%PDF-1.4\n% Nannhan attachment\n%%EOF\n');
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  const path = blobPath(t.config.dataDir, sha256);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
  const now = t.clock.now();
  await t.db.insertInto('attachments').values({
    id: victimAttachment.id, assignment_id: assignmentId, version: 0, original_name: 'Nannhan.pdf', content_type: 'application/pdf', size_bytes: bytes.length, sha256,
    scan_verdict: 'clean', scanned_at: now, uploaded_by: uploadedBy, uploaded_at: now,
  }).execute();
}
