import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../pki.js';
import { embedSignature, loadPkcs12, loadTrustStore, preparePdf, SigningError, signPdf, verifyPdf, type SigningIdentity, type TrustStore } from './index.js';

const run = promisify(execFile);

let dir: string;
let pki: TestPki;
let trust: TrustStore;
let identity: SigningIdentity;
let pdf: Uint8Array;
const info = { name: 'Nguyễn Văn Thành', reason: 'Ký báo cáo quý III/2026', location: 'Hà Nội', contactInfo: 'stc@example.gov.vn', signingTime: new Date() };

/** pdfsig's report for a PDF (it exits non-zero for some invalid signatures; the text is what counts). */
async function pdfsig(bytes: Uint8Array, name: string): Promise<string> {
  const file = join(dir, name);
  await writeFile(file, bytes);
  try {
    const { stdout } = await run('pdfsig', [file]);
    return stdout;
  } catch (error) {
    return String((error as { stdout?: string }).stdout ?? error);
  }
}

/** Flips B → C in the document title (UTF-16 hex in the Info dictionary): inside the signed range, still a valid PDF. */
function tamper(signed: Uint8Array): Uint8Array {
  const text = Buffer.from(signed).toString('latin1');
  const at = text.indexOf('<FEFF0042');
  expect(at).toBeGreaterThan(0);
  const out = new Uint8Array(signed);
  out[at + 8] = 0x33; // '2' → '3'
  return out;
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baocao-pades-'));
  pki = await createTestPki(join(dir, 'pki'), { units: [{ key: 'stc', commonName: 'Nguyễn Văn Thành', organisation: 'Sở Tài chính tỉnh Thử nghiệm' }] });
  trust = await loadTrustStore(pki.trustDir);
  identity = await loadPkcs12(new Uint8Array(await readFile(pki.units.stc!.p12Path)), pki.password);
  const doc = await PDFDocument.create();
  doc.setTitle('Bao cao thu nghiem');
  const page = doc.addPage([595, 842]);
  page.drawText('BAO CAO so 12/BC-STC', { x: 50, y: 780, size: 14, font: await doc.embedFont(StandardFonts.Helvetica) });
  pdf = await doc.save();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PAdES', () => {
  it('signs a PDF that pdfsig and verifyPdf accept', async () => {
    const signed = await signPdf(pdf, identity, info);
    const report = await pdfsig(signed, 'signed.pdf');
    expect(report).toContain('Signature Validation: Signature is Valid.');
    expect(report).toContain('Signer Certificate Common Name: Nguyễn Văn Thành');
    expect(report).toContain('ETSI.CAdES.detached');
    const result = await verifyPdf(signed, trust);
    expect(result).toMatchObject({ valid: true, code: 'ok', coversWholeFile: true });
    expect(result.signer?.commonName).toBe('Nguyễn Văn Thành');
    expect(Buffer.from(signed).toString('latin1')).toContain(Buffer.from('\ufeffHà Nội', 'utf16le').swap16().toString('hex').toUpperCase());
  });

  it('detects a byte changed inside the signed range', async () => {
    const tampered = tamper(await signPdf(pdf, identity, info));
    const report = await pdfsig(tampered, 'tampered.pdf');
    expect(report).not.toContain('Signature is Valid.');
    expect(report).toContain('Signature Validation: Digest Mismatch.');
    expect(await verifyPdf(tampered, trust)).toMatchObject({ valid: false, code: 'signature.digest_mismatch' });
  });

  it('embeds a CMS made outside (openssl cms -sign -cades) over toBeSigned', async () => {
    const { prepared, toBeSigned } = await preparePdf(pdf, info);
    expect(await verifyPdf(prepared, trust)).toMatchObject({ valid: false, code: 'signature.not_cms' });
    const unit = pki.units.stc!;
    await writeFile(join(dir, 'tbs.bin'), toBeSigned);
    await writeFile(join(dir, 'signer.pem'), unit.certPem);
    await writeFile(join(dir, 'signer.key'), unit.keyPem);
    const out = join(dir, 'external.der');
    await run('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-cades', '-outform', 'DER', '-in', join(dir, 'tbs.bin'), '-signer', join(dir, 'signer.pem'), '-inkey', join(dir, 'signer.key'), '-certfile', pki.caFilePath, '-out', out]);
    const signed = embedSignature(prepared, new Uint8Array(await readFile(out)));
    expect(signed.length).toBe(prepared.length);
    expect(await pdfsig(signed, 'external.pdf')).toContain('Signature Validation: Signature is Valid.');
    expect(await verifyPdf(signed, trust)).toMatchObject({ valid: true, code: 'ok', coversWholeFile: true });
  });

  it('reports an unsigned PDF, bytes appended after signing and an oversized CMS', async () => {
    expect(await verifyPdf(pdf, trust)).toMatchObject({ valid: false, code: 'signature.missing' });
    const signed = await signPdf(pdf, identity, info);
    const appended = new Uint8Array([...signed, ...new TextEncoder().encode('\n% appended\n')]);
    expect(await verifyPdf(appended, trust)).toMatchObject({ valid: true, coversWholeFile: false });
    const { prepared } = await preparePdf(pdf, info);
    const tooBig = () => embedSignature(prepared, new Uint8Array(20_000));
    expect(tooBig).toThrow(SigningError);
    expect(tooBig).toThrow(expect.objectContaining({ code: 'signing.signature_too_large' }));
    await expect(preparePdf(new TextEncoder().encode('not a pdf'), info)).rejects.toMatchObject({ code: 'signing.bad_pdf' });
  });
});
