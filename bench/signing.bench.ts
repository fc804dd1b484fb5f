/**
 * Issue 6's figure, in process: what a leader waits for after pressing "Ký số" on a large report,
 * without the database: the generated 300-row × 8-column template as an official document rendered
 * to PDF (about ten A4 pages, merged headers repeated) and to DOCX, the PDF signed in place (PAdES) and
 * the canonical JSON signed (detached CMS) with a PKCS#12 certificate from a test CA. Baseline: the two
 * bare RSA-SHA256 signatures (node:crypto) over the same PDF and JSON bytes, i.e. the cryptography alone.
 */
import { createPrivateKey, sign } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildGridModel, canonicalJson, checkForm } from '@baocao/core';
import { loadPkcs12, signDetached, signPdf } from '../packages/server/src/modules/signing/crypto/index.js';
import type { ReportDocument } from '../packages/server/src/modules/signing/documents/document.js';
import { renderDocx } from '../packages/server/src/modules/signing/documents/docx.js';
import { renderPdf } from '../packages/server/src/modules/signing/documents/pdf.js';
import { createTestPki } from '../packages/server/src/modules/signing/pki.js';
import { gridTable } from '../packages/server/src/modules/signing/signing.document.js';
import { compileOrThrow, generateData, generateTemplate } from './generated-template.js';
import { alternate, result, type Bench } from './measure.js';

const signing: Bench = async (opts) => {
  const grid = generateTemplate();
  const model = buildGridModel(grid);
  const inputs = generateData(model, 7).inputs;
  const computed = checkForm(compileOrThrow(grid), inputs, {}).computed;
  const canonical = new TextEncoder().encode(canonicalJson({ format: 'baocao.report', inputs, computed }));
  const doc: ReportDocument = {
    parentAgency: 'UBND THÀNH PHỐ HẢI PHÒNG', agency: 'SỞ TÀI CHÍNH', number: '01/BC-STC', place: 'Hải Phòng', date: '2026-12-01', title: 'BÁO CÁO',
    summary: 'Báo cáo thu, chi ngân sách của các xã, phường (mẫu sinh tự động 300 dòng × 8 cột)',
    sections: [{ kind: 'table', heading: null, table: gridTable(grid, inputs, computed) }],
    signer: { titleLines: ['GIÁM ĐỐC'], name: 'Lê Minh Đức' }, recipients: ['UBND thành phố', 'Lưu: VT'],
    stamp: { signerName: 'Lê Minh Đức', organisation: 'Sở Tài chính (thử nghiệm)', signedAt: '2026-12-01T09:00:00+07:00' }, draft: false,
    meta: { author: 'Sở Tài chính', subject: 'bench', keywords: ['bench'] },
  };
  const pki = await createTestPki(await mkdtemp(join(tmpdir(), 'bench-pki-')), { units: [{ key: 'stc', commonName: 'Sở Tài chính (thử nghiệm)', organisation: 'UBND thành phố Hải Phòng' }] });
  const identity = await loadPkcs12(new Uint8Array(await readFile(pki.units.stc!.p12Path)), pki.password);
  const key = createPrivateKey(pki.units.stc!.keyPem);
  const pdfBytes = await renderPdf(doc);
  const signingTime = new Date();

  const full = async () => {
    const pdf = await signPdf(await renderPdf(doc), identity, { name: 'Sở Tài chính', reason: 'Ký số báo cáo', location: 'Hải Phòng', signingTime });
    const cms = await signDetached(canonical, identity, { signingTime });
    const docx = await renderDocx(doc);
    return pdf.length + cms.length + docx.length;
  };
  const bare = async () => sign('sha256', pdfBytes, key).length + sign('sha256', canonical, key).length;
  const t = await alternate(full, bare, opts.seconds);
  return [result('sign a 300×8 report: PDF + DOCX + PAdES + CMS', 'ms', t.target, t.baseline)];
};

export default signing;
