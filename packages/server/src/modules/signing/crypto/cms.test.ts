import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestPki, type TestPki } from '../pki.js';
import { describeCertificate, loadPkcs12, loadTrustStore, signDetached, SigningError, trustStoreFrom, verifyDetached, type SigningIdentity, type TrustStore } from './index.js';

const run = promisify(execFile);
const content = new TextEncoder().encode('Báo cáo tình hình kinh tế - xã hội quý III/2026');

let dir: string;
let pki: TestPki;
let trust: TrustStore;
let identity: SigningIdentity;

async function identityOf(p12Path: string): Promise<SigningIdentity> {
  return loadPkcs12(new Uint8Array(await readFile(p12Path)), pki.password);
}

async function signWith(p12Path: string, signingTime = new Date()): Promise<Uint8Array> {
  return signDetached(content, await identityOf(p12Path), { signingTime });
}

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'baocao-cms-'));
  pki = await createTestPki(join(dir, 'pki'), {
    units: [
      { key: 'stc', commonName: 'Nguyễn Văn Thành', organisation: 'Sở Tài chính tỉnh Thử nghiệm' },
      { key: 'ec', commonName: 'Trần Thị Bình', organisation: 'Sở Nội vụ tỉnh Thử nghiệm', keyAlgorithm: 'ec' },
    ],
  });
  trust = await loadTrustStore(pki.trustDir);
  identity = await identityOf(pki.units.stc!.p12Path);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('PKCS#12', () => {
  it('loads an OpenSSL 3 PKCS#12 with its key, certificate and chain', () => {
    expect(identity.info.commonName).toBe('Nguyễn Văn Thành');
    expect(identity.info.organisation).toBe('Sở Tài chính tỉnh Thử nghiệm');
    expect(identity.info.subject).toBe('CN=Nguyễn Văn Thành, O=Sở Tài chính tỉnh Thử nghiệm, C=VN');
    expect(identity.info.issuer).toMatch(/^CN=Trung tâm Chứng thực điện tử .*, O=Ban Cơ yếu Chính phủ \(thử nghiệm\), C=VN$/);
    expect(identity.chain).toHaveLength(2);
    expect(describeCertificate(identity.chain[1]!).subject).toBe('CN=Cục Chứng thực số và Bảo mật thông tin (thử nghiệm), O=Ban Cơ yếu Chính phủ (thử nghiệm), C=VN');
    expect(identity.privateKey.extractable).toBe(false);
  });

  it('refuses a wrong password and a file that is not PKCS#12', async () => {
    const bytes = new Uint8Array(await readFile(pki.units.stc!.p12Path));
    const wrong = await loadPkcs12(bytes, 'sai-mat-khau').catch((e: unknown) => e);
    expect(wrong).toBeInstanceOf(SigningError);
    expect(wrong).toMatchObject({ code: 'signing.bad_password', status: 400 });
    await expect(loadPkcs12(new TextEncoder().encode('không phải p12'), pki.password)).rejects.toMatchObject({ code: 'signing.bad_pkcs12' });
    await expect(loadPkcs12(new TextEncoder().encode(pki.rootPem), pki.password)).rejects.toMatchObject({ code: 'signing.bad_pkcs12' });
  });
});

describe('detached CMS', () => {
  it('signs and verifies, naming the Vietnamese signer', async () => {
    const signingTime = new Date(Math.floor(Date.now() / 1000) * 1000);
    const cms = await signDetached(content, identity, { signingTime });
    const result = await verifyDetached(cms, content, trust);
    expect(result).toMatchObject({ valid: true, code: 'ok', message: 'Chữ ký hợp lệ', signingTime: signingTime.toISOString() });
    expect(result.signer?.commonName).toBe('Nguyễn Văn Thành');
    expect(result.signer?.sha256).toBe(identity.info.sha256);
  });

  it('signs with an EC P-256 key too', async () => {
    const result = await verifyDetached(await signWith(pki.units.ec!.p12Path), content, trust);
    expect(result).toMatchObject({ valid: true, code: 'ok' });
    expect(result.signer?.commonName).toBe('Trần Thị Bình');
  });

  it.each(['stc', 'ec'])('is accepted by openssl cms -verify (%s)', async (unit) => {
    const cms = await signWith(pki.units[unit]!.p12Path);
    await writeFile(join(dir, 'sig.der'), cms);
    await writeFile(join(dir, 'data.bin'), content);
    const { stderr } = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', join(dir, 'sig.der'), '-content', join(dir, 'data.bin'), '-CAfile', pki.caFilePath, '-out', '/dev/null']);
    expect(stderr).toContain('Verification successful');
  });

  it.each([
    { label: 'with -cades', extra: ['-cades'] },
    { label: 'without -cades', extra: [] },
  ])('accepts a CMS made by openssl cms -sign $label', async ({ extra }) => {
    const unit = pki.units.stc!;
    await writeFile(join(dir, 'data.bin'), content);
    await writeFile(join(dir, 'signer.pem'), unit.certPem);
    await writeFile(join(dir, 'signer.key'), unit.keyPem);
    const out = join(dir, `openssl${extra.join('')}.der`);
    await run('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', ...extra, '-outform', 'DER', '-in', join(dir, 'data.bin'), '-signer', join(dir, 'signer.pem'), '-inkey', join(dir, 'signer.key'), '-certfile', pki.caFilePath, '-out', out]);
    const result = await verifyDetached(new Uint8Array(await readFile(out)), content, trust);
    expect(result).toMatchObject({ valid: true, code: 'ok' });
    expect(result.signer?.commonName).toBe('Nguyễn Văn Thành');
    expect(result.signingTime).not.toBeNull();
  });

  it('reports changed content, garbage and a signing time in the future', async () => {
    const cms = await signDetached(content, identity, { signingTime: new Date() });
    const changed = content.slice();
    changed[0] = changed[0]! ^ 1;
    expect(await verifyDetached(cms, changed, trust)).toMatchObject({ valid: false, code: 'signature.digest_mismatch', message: 'Nội dung đã bị thay đổi sau khi ký' });
    expect(await verifyDetached(new Uint8Array([0x30, 0x03, 1, 2, 3]), content, trust)).toMatchObject({ valid: false, code: 'signature.not_cms', signer: null });
    expect((await verifyDetached(new Uint8Array(), content, trust)).code).toBe('signature.not_cms');
    const future = await signDetached(content, identity, { signingTime: new Date(Date.now() + 3600_000) });
    expect((await verifyDetached(future, content, trust)).code).toBe('signature.not_yet_valid');
  });

  it('reports a tampered signature', async () => {
    const cms = await signDetached(content, identity, { signingTime: new Date() });
    // The RSA signature value is the last 256 bytes of our encoding (no unsigned attributes).
    cms[cms.length - 10] = cms[cms.length - 10]! ^ 0xff;
    expect((await verifyDetached(cms, content, trust)).code).toBe('signature.bad_signature');
  });

  it.each([
    ['expired', 'signature.expired', 'Chứng thư số đã hết hạn tại thời điểm ký'],
    ['wrongPurpose', 'signature.wrong_purpose', 'Chứng thư số không dùng để ký số'],
    ['untrusted', 'signature.untrusted', 'Chứng thư số không do tổ chức tin cậy cấp'],
    ['revoked', 'signature.revoked', 'Chứng thư số đã bị thu hồi'],
  ] as const)('refuses the %s certificate', async (which, code, message) => {
    const result = await verifyDetached(await signWith(pki[which].p12Path), content, trust);
    expect(result).toMatchObject({ valid: false, code, message });
    expect(result.signer).not.toBeNull();
  });

  it('accepts a signature made before the revocation', async () => {
    const before = new Date(Date.now() - 86400_000);
    expect((await verifyDetached(await signWith(pki.revoked.p12Path, before), content, trust)).code).toBe('ok');
  });

  it('trusts only what the store holds', async () => {
    const cms = await signDetached(content, identity, { signingTime: new Date() });
    expect((await verifyDetached(cms, content, await loadTrustStore(join(dir, 'no-such-dir')))).code).toBe('signature.untrusted');
    const der = (pem: string) => new Uint8Array(Buffer.from(pem.replace(/-----[^-]+-----|\s/g, ''), 'base64'));
    const rootOnly = trustStoreFrom({ certificates: [der(pki.rootPem)] });
    expect((await verifyDetached(cms, content, rootOnly)).code).toBe('ok');
    const intermediateOnly = trustStoreFrom({ certificates: [der(pki.intermediatePem)] });
    expect((await verifyDetached(cms, content, intermediateOnly)).code).toBe('signature.untrusted');
  });
});
