import { execFile } from 'node:child_process';
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUser, type Auth, type TestUser } from '../../../test/factories.js';
import { startDmsReceiver } from '../../../test/dms-receiver.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, type City } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';
import { drainOutbox } from '../../platform/outbox.js';
import { createDmsDeliverer } from './dms.js';
import type { TestPki } from './pki.js';

const run = promisify(execFile);
const signing = testSigning();
const t = useTestApp(signing.config);
let c: City;
let pki: TestPki;
let work: string;
let regimeId: string;
const auth: Record<string, Auth> = {};
const ids: Record<string, string> = {};
const users: Record<string, TestUser> = {};
const receiver = startDmsReceiver();

afterAll(async () => (await receiver).close());

async function form(who: string, id: string) {
  return (await call(t.app, 'GET', `/api/v1/assignments/${id}/form`, { auth: auth[who]! })).json;
}
async function enterAndSubmit(who: string, id: string, changes: Record<string, string | null>) {
  const saved = await call(t.app, 'PUT', `/api/v1/assignments/${id}/values`, { auth: auth[who]!, body: { baseVersion: (await form(who, id)).version, changes, explanations: {} } });
  expect(saved.status, JSON.stringify(saved.json)).toBe(200);
  const submitted = await call(t.app, 'POST', `/api/v1/assignments/${id}/submit`, { auth: auth[who]!, body: { version: saved.json.version } });
  expect(submitted.status, JSON.stringify(submitted.json)).toBe(200);
  return submitted.json;
}
const workflow = async (who: string, id: string) => (await call(t.app, 'GET', `/api/v1/assignments/${id}/workflow`, { auth: auth[who]! })).json;
const counts = async () => ({
  signatures: Number((await t.db.selectFrom('report_signatures').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n),
  numbers: Number((await sql<{ n: number }>`select coalesce(sum(last), 0)::int as n from document_numbers`.execute(t.db)).rows[0]!.n),
  outbox: Number((await t.db.selectFrom('outbox').select((eb) => eb.fn.countAll().as('n')).where('kind', '=', 'dms').executeTakeFirstOrThrow()).n),
});
async function factsOf(id: string) {
  const rows = await t.db.selectFrom('facts').select(['row_code', 'column_code', 'value', 'version_number', 'superseded_at', 'period_key']).where('assignment_id', '=', id).orderBy('id').execute();
  return rows.map((r) => ({ cell: `${r.row_code}!${r.column_code}`, value: String(Number(r.value)), version: r.version_number, current: r.superseded_at === null, period: r.period_key }));
}
async function download(who: string, id: string, signatureId: string, kind: 'pdf' | 'docx' | 'p7s' | 'json'): Promise<string> {
  const res = await call(t.app, 'GET', `/api/v1/assignments/${id}/signatures/${signatureId}/report.${kind}`, { auth: auth[who]! });
  expect(res.status).toBe(200);
  const path = join(work, `${signatureId}.${kind}`);
  await writeFile(path, res.raw.rawPayload);
  return path;
}
async function pdfsig(path: string): Promise<string> {
  // pdfsig exits non-zero when a signature does not verify; its report is what we read.
  const r = await run('pdfsig', [path]).catch((e: { stdout: string }) => ({ stdout: e.stdout }));
  return r.stdout;
}

beforeAll(async () => {
  t.clock.set('2026-12-01T02:00:00Z');
  work = await mkdtemp(join(tmpdir(), 'signing-test-'));
  c = await makeCity(t);
  for (const [key, unit] of [['a', c.communes[0]!], ['b', c.communes[1]!], ['c', c.communes[2]!]] as const) {
    auth[key] = await authAs(t, await makeUser(t.db, unit, 'specialist'));
    users[`lead:${key}`] = key === 'a' ? c.leader : await makeUser(t.db, unit, 'leader');
    auth[`lead:${key}`] = await authAs(t, users[`lead:${key}`]!);
  }
  auth['lead2:b'] = await authAs(t, await makeUser(t.db, c.communes[1]!, 'leader'));
  auth.dept = c.designerAuth;
  pki = await signing.install([c.communes[0]!, c.communes[1]!]);
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c) });
  regimeId = regime.json.id;
  for (const key of ['a', 'b', 'c']) {
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: auth[key]! });
    ids[key] = inbox.json.items.find((i: { regimeId: string }) => i.regimeId === regimeId).id;
  }
});

describe('from entry to acceptance, and one correction round (R19–R23)', () => {
  let firstSignature: string;

  it('the specialist submits to the leader, who sees it to sign with the unit certificate', async () => {
    const submitted = await enterAndSubmit('a', ids.a!, { 'R01!KH': '1000', 'R01!TH': '950.5', 'R02!KH': '200', 'R02!TH': '210' });
    expect(submitted).toMatchObject({ status: 'awaiting_signature', editable: false });
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: auth['lead:a']! });
    expect(inbox.json.items.find((i: { id: string }) => i.id === ids.a).categories).toContain('to_sign');
    const wf = await workflow('lead:a', ids.a!);
    expect(wf).toMatchObject({ status: 'awaiting_signature', latestVersion: 1, signatures: [], serverSigning: { available: true, certificate: { commonName: c.communes[0]!.name } } });
    expect(wf.actions.sort()).toEqual(['leader_return', 'sign']);
    expect((await workflow('a', ids.a!)).actions).toEqual([]);
    const preview = await call(t.app, 'GET', `/api/v1/assignments/${ids.a}/preview.pdf`, { auth: auth['lead:a']! });
    expect([preview.status, preview.headers['content-type'], preview.body.slice(0, 5)]).toEqual([200, 'application/pdf', '%PDF-']);
  });

  it('the leader signs: numbered, CMS and PAdES signatures valid, sent to the department and queued for the DMS', async () => {
    const specialistSigns = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/sign`, { auth: auth.a!, body: { versionNumber: 1 } });
    expect([specialistSigns.status, specialistSigns.json.code]).toEqual([403, 'forbidden']);
    const signed = await signAs(t, auth['lead:a']!, ids.a!);
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    expect(signed.json.status).toBe('sent');
    const [s] = signed.json.signatures;
    firstSignature = s.id;
    expect(s).toMatchObject({ versionNumber: 1, documentNumber: '01/BC-UBND', method: 'server', current: true, certificate: { commonName: c.communes[0]!.name } });
    expect(s.verification).toMatchObject({ valid: true, dataUnchanged: true, data: { valid: true, code: 'ok' }, pdf: { valid: true, coversWholeFile: true } });
    expect(s.certificate.issuer).toContain('Trung tâm Chứng thực điện tử chuyên dùng Chính phủ (thử nghiệm)');

    const deptInbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: auth.dept! });
    expect(deptInbox.json.items.find((i: { id: string }) => i.id === ids.a).categories).toEqual(['to_review']);
    const audit = await t.db.selectFrom('audit_log').select(['action']).where('target_id', '=', ids.a!).execute();
    expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['form.submitted_to_leader', 'report.signed', 'report.sent']));
    expect((await counts()).outbox).toBe(1);
  });

  it('OpenSSL verifies the CMS over the canonical JSON, pdfsig the PDF, and LibreOffice opens the DOCX', async () => {
    const p7s = await download('dept', ids.a!, firstSignature, 'p7s');
    const json = await download('dept', ids.a!, firstSignature, 'json');
    const verified = await run('openssl', ['cms', '-verify', '-binary', '-inform', 'DER', '-in', p7s, '-content', json, '-CAfile', pki.caFilePath, '-out', '/dev/null']);
    expect(verified.stderr).toContain('Verification successful');
    const canonical = JSON.parse(await readFile(json, 'utf8'));
    expect(canonical).toMatchObject({ format: 'baocao.report', documentNumber: '01/BC-UBND', inputs: { 'R01!TH': '950.5' }, unit: { name: c.communes[0]!.name } });

    const pdf = await download('dept', ids.a!, firstSignature, 'pdf');
    const report = await pdfsig(pdf);
    expect(report).toContain('Signature is Valid.');
    expect(report).toContain('ETSI.CAdES.detached');
    const bytes = await readFile(pdf);
    const tampered = Buffer.from(bytes);
    const at = tampered.indexOf('/Producer');
    tampered[at + 2] = tampered[at + 2]! ^ 0x01; // one bit inside the signed range
    await writeFile(join(work, 'tampered.pdf'), tampered);
    expect(await pdfsig(join(work, 'tampered.pdf'))).not.toContain('Signature is Valid.');
    const text = (await run('pdftotext', ['-layout', pdf, '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('Số: 01/BC-UBND');
    expect(text).toContain('950,50'); // to the column's two decimals
    expect(text).toMatch(/Thời gian ký: 2026-12-01T09:00:00\+07:00/);

    const docx = await download('dept', ids.a!, firstSignature, 'docx');
    await run('soffice', ['--headless', `-env:UserInstallation=file://${work}/lo-profile`, '--convert-to', 'pdf', '--outdir', join(work, 'lo'), docx], { timeout: 120_000 });
    const fromWord = (await run('pdftotext', ['-layout', join(work, 'lo', docx.split('/').pop()!.replace(/\.docx$/, '.pdf')), '-'])).stdout.replace(/\s+/g, ' ');
    expect(fromWord).toContain('Số: 01/BC-UBND');
    expect(fromWord).toContain('CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM');
  }, 150_000);

  it('the outbox delivers the signed report to the DMS once, with the same idempotency key on a retry', async () => {
    const dms = await receiver;
    const deliverer = createDmsDeliverer(t.db, { dmsUrl: dms.url, dmsToken: 'bi-mat' })!;
    dms.mode = 'fail';
    expect(await drainOutbox(t.db, t.clock, { dms: deliverer }, { retryBaseSeconds: 30 })).toMatchObject({ sent: 0, failed: 1 });
    dms.mode = 'ok';
    expect(await drainOutbox(t.db, t.clock, { dms: deliverer })).toMatchObject({ sent: 0 }); // backing off
    t.clock.advance(31_000);
    expect(await drainOutbox(t.db, t.clock, { dms: deliverer })).toMatchObject({ sent: 1 });
    expect(dms.requests.map((r) => [r.key, r.attempt])).toEqual([[`dms:${firstSignature}`, 1], [`dms:${firstSignature}`, 2]]);
    expect(dms.filed.size).toBe(1);
    const filed = dms.filed.get(`dms:${firstSignature}`)!;
    expect(filed.body.documentNumber).toBe('01/BC-UBND');
    expect(Buffer.from(filed.body.files.pdf!, 'base64').subarray(0, 5).toString()).toBe('%PDF-');
  });

  it('the department accepts; a correction is requested, approved, re-entered, signed again and sent again', async () => {
    const early = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/corrections`, { auth: auth.a!, body: { reason: 'Nhập nhầm số thu' } });
    expect([early.status, early.json.code]).toEqual([409, 'correction.not_accepted']);
    const accepted = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/review`, { auth: auth.dept!, body: { decision: 'accept' } });
    expect(accepted.status, JSON.stringify(accepted.json)).toBe(200);
    // Accepted figures are facts for analysis (R25): typed and computed, with their period.
    expect(await factsOf(ids.a!)).toEqual(expect.arrayContaining([
      { cell: 'R02!TH', value: '210', version: 1, current: true, period: 'ad-hoc' },
      { cell: 'R00!KH', value: '1200', version: 1, current: true, period: 'ad-hoc' },
    ]));

    const requested = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/corrections`, { auth: auth.a!, body: { reason: 'Số thu phí tháng này nhập thiếu một khoản' } });
    expect(requested.status, JSON.stringify(requested.json)).toBe(200);
    expect(requested.json[0]).toMatchObject({ versionNumber: 1, decision: null });
    let round = await call(t.app, 'GET', `/api/v1/regimes/${regimeId}/rounds/ad-hoc/aggregate`, { auth: auth.dept! });
    expect(round.json.sources.find((s: { assignmentId: string }) => s.assignmentId === ids.a)).toMatchObject({ status: 'correction_requested', included: true, correction: 'pending' });
    expect(round.json.inputs['R02!TH']).toBe('210.00');
    const refuseWithout = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/corrections/decision`, { auth: auth.dept!, body: { decision: 'refuse' } });
    expect([refuseWithout.status, refuseWithout.json.code]).toEqual([400, 'validation']);
    const approved = await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/corrections/decision`, { auth: auth.dept!, body: { decision: 'approve' } });
    expect(approved.status, JSON.stringify(approved.json)).toBe(200);
    expect(approved.json[0]).toMatchObject({ decision: 'approved' });

    t.clock.advance(3_600_000);
    const resubmitted = await enterAndSubmit('a', ids.a!, { 'R02!TH': '235' });
    expect(resubmitted.status).toBe('awaiting_signature');
    const signed = await signAs(t, auth['lead:a']!, ids.a!);
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    expect(signed.json.signatures.map((s: { documentNumber: string; versionNumber: number; current: boolean; verification: { valid: boolean } }) => [s.documentNumber, s.versionNumber, s.current, s.verification.valid])).toEqual([
      ['01/BC-UBND', 1, false, true],
      ['02/BC-UBND', 2, true, true],
    ]);
    round = await call(t.app, 'GET', `/api/v1/regimes/${regimeId}/rounds/ad-hoc/aggregate`, { auth: auth.dept! });
    expect(round.json.sources.find((s: { assignmentId: string }) => s.assignmentId === ids.a)).toMatchObject({ status: 'sent', included: true, correction: 'corrected' });
    expect(round.json.inputs['R02!TH']).toBe('235.00');
    const notices = await call(t.app, 'GET', '/api/v1/notifications', { auth: auth.dept! });
    expect(notices.json.map((n: { body: string }) => n.body).join('\n')).toContain('bản đính chính');
    expect((await call(t.app, 'POST', `/api/v1/assignments/${ids.a}/review`, { auth: auth.dept!, body: { decision: 'accept' } })).status).toBe(200);
    // The correction replaced the facts; the old ones are kept, no longer current.
    const facts = await factsOf(ids.a!);
    expect(facts.filter((f) => f.cell === 'R02!TH')).toEqual([
      { cell: 'R02!TH', value: '210', version: 1, current: false, period: 'ad-hoc' },
      { cell: 'R02!TH', value: '235', version: 2, current: true, period: 'ad-hoc' },
    ]);
    expect(facts.filter((f) => f.current).length).toBe(facts.filter((f) => !f.current).length);
    // The first signed version is still there, still verifiable, from its own files.
    const old = await download('dept', ids.a!, firstSignature, 'pdf');
    expect(await pdfsig(old)).toContain('Signature is Valid.');
  });
});

describe('the leader returns, two leaders sign at once, and a report altered after signing fails', () => {
  it('a leader returns the report with a reason; it comes back to the specialist to re-enter', async () => {
    await enterAndSubmit('b', ids.b!, { 'R01!KH': '500', 'R01!TH': '480' });
    const noReason = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/leader-return`, { auth: auth['lead:b']!, body: { reason: '' } });
    expect([noReason.status, noReason.json.code]).toEqual([400, 'validation']);
    const back = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/leader-return`, { auth: auth['lead:b']!, body: { reason: 'Bổ sung số thu phí' } });
    expect(back.status, JSON.stringify(back.json)).toBe(200);
    expect(back.json.status).toBe('returned');
    expect(await form('b', ids.b!)).toMatchObject({ status: 'returned', editable: true, returnReason: 'Bổ sung số thu phí' });
    await enterAndSubmit('b', ids.b!, { 'R02!KH': '100', 'R02!TH': '90' });
  });

  it('two leaders sign at once: one wins, the other gets 409, one document number is used', async () => {
    const before = await counts();
    const [x, y] = await Promise.all([signAs(t, auth['lead:b']!, ids.b!), signAs(t, auth['lead2:b']!, ids.b!)]);
    expect([x.status, y.status].sort()).toEqual([200, 409]);
    expect([x, y].find((r) => r.status === 409)!.json.code).toMatch(/^(signing\.already_signed|workflow\.stale)$/);
    const after = await counts();
    expect([after.signatures - before.signatures, after.numbers - before.numbers, after.outbox - before.outbox]).toEqual([1, 1, 1]);
    const again = await signAs(t, auth['lead:b']!, ids.b!);
    expect([again.status, again.json.code]).toEqual([409, 'signing.already_signed']);
  });

  it('figures changed in the database after signing fail verification; the department returns it to the leader, who signs again', async () => {
    await sql`update submission_versions set inputs = jsonb_set(inputs, '{R01!TH}', '"4800"') where assignment_id = ${ids.b!}`.execute(t.db);
    const wf = await workflow('dept', ids.b!);
    expect(wf.signatures[0].verification).toMatchObject({ valid: false, dataUnchanged: false, message: 'Số liệu đã bị thay đổi sau khi ký' });
    const accept = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/review`, { auth: auth.dept!, body: { decision: 'accept' } });
    expect([accept.status, accept.json.code]).toEqual([409, 'review.signature_invalid']);
    const back = await call(t.app, 'POST', `/api/v1/assignments/${ids.b}/review`, { auth: auth.dept!, body: { decision: 'return_to_leader', reason: 'Chữ ký không khớp số liệu' } });
    expect(back.status, JSON.stringify(back.json)).toBe(200);
    expect((await workflow('lead:b', ids.b!)).status).toBe('awaiting_signature');
    const resigned = await signAs(t, auth['lead:b']!, ids.b!);
    expect(resigned.json.signatures.map((s: { current: boolean; verification: { valid: boolean } }) => [s.current, s.verification.valid])).toEqual([
      [false, false],
      [true, true],
    ]);
  });
});

describe('bad certificates and signatures are refused and change nothing', () => {
  const refuse = async (expected: [number, string], action: () => Promise<{ status: number; json: { code: string } }>) => {
    const before = await counts();
    const res = await action();
    expect([res.status, res.json.code], JSON.stringify(res.json)).toEqual(expected);
    expect(await counts()).toEqual(before);
    expect((await workflow('lead:c', ids.c!)).status).toBe('awaiting_signature');
  };
  const keyOf = () => join(signing.config.signingKeysDir!, `${c.communes[2]!.code}.p12`);

  it('no certificate, a wrong PKCS#12 password, an expired, untrusted or wrong-purpose certificate', async () => {
    await enterAndSubmit('c', ids.c!, { 'R01!KH': '10', 'R01!TH': '9' });
    await refuse([409, 'signing.no_certificate'], () => signAs(t, auth['lead:c']!, ids.c!));
    const other = await mkdtemp(join(tmpdir(), 'pki-other-'));
    await run('openssl', ['pkcs12', '-export', '-inkey', join(pki.dir, 'unit-' + c.communes[0]!.code.replace(/[^A-Za-z0-9_-]/g, '_') + '.key'), '-in', join(pki.dir, 'unit-' + c.communes[0]!.code.replace(/[^A-Za-z0-9_-]/g, '_') + '.pem'), '-passout', 'pass:Mat-khau-khac', '-out', join(other, 'x.p12')]);
    await copyFile(join(other, 'x.p12'), keyOf());
    await refuse([422, 'signing.bad_password'], () => signAs(t, auth['lead:c']!, ids.c!));
    for (const [bad, code] of [[pki.expired, 'signature.expired'], [pki.untrusted, 'signature.untrusted'], [pki.wrongPurpose, 'signature.wrong_purpose']] as const) {
      await copyFile(bad.p12Path, keyOf());
      await refuse([422, code], () => signAs(t, auth['lead:c']!, ids.c!));
    }
  });

  it('signing with a token: not CMS, other bytes, untrusted signer refused; a valid pair is accepted and pdfsig agrees', async () => {
    // The token (openssl here) dates its signatures by the real clock.
    t.clock.set(new Date());
    auth['lead:c'] = await authAs(t, users['lead:c']!);
    const prepared = await call(t.app, 'POST', `/api/v1/assignments/${ids.c}/sign/external`, { auth: auth['lead:c']!, body: { versionNumber: 1 } });
    expect(prepared.status, JSON.stringify(prepared.json)).toBe(200);
    const { canonical, pdfToBeSigned, documentNumber } = prepared.json;
    expect(documentNumber).toBe('01/BC-UBND');
    const again = await call(t.app, 'POST', `/api/v1/assignments/${ids.c}/sign/external`, { auth: auth['lead:c']!, body: { versionNumber: 1 } });
    expect(again.json.documentNumber).toBe(documentNumber);
    await writeFile(join(work, 'canonical.json'), Buffer.from(canonical, 'base64'));
    await writeFile(join(work, 'tbs.bin'), Buffer.from(pdfToBeSigned, 'base64'));
    await writeFile(join(work, 'other.bin'), 'không phải báo cáo này');
    const sign = async (input: string, signer: { certPem: string; keyPem: string }) => {
      await writeFile(join(work, 'cert.pem'), signer.certPem);
      await writeFile(join(work, 'key.pem'), signer.keyPem);
      const out = join(work, `${input}.p7s`);
      await run('openssl', ['cms', '-sign', '-binary', '-md', 'sha256', '-cades', '-in', join(work, input), '-signer', join(work, 'cert.pem'), '-inkey', join(work, 'key.pem'), '-certfile', pki.caFilePath, '-outform', 'DER', '-out', out]);
      return (await readFile(out)).toString('base64');
    };
    const put = (cms: string, pdfCms: string) => call(t.app, 'PUT', `/api/v1/assignments/${ids.c}/sign/external`, { auth: auth['lead:c']!, body: { versionNumber: 1, cms, pdfCms } });
    const ward = pki.units[c.communes[0]!.code.replace(/[^A-Za-z0-9_-]/g, '_')]!;
    const good = await sign('canonical.json', ward);
    const goodPdf = await sign('tbs.bin', ward);
    await refuse([422, 'signature.not_cms'], () => put(Buffer.from('xin chào').toString('base64'), goodPdf));
    await refuse([422, 'signature.digest_mismatch'], async () => put(await sign('other.bin', ward), goodPdf));
    await refuse([422, 'signature.untrusted'], async () => put(await sign('canonical.json', pki.untrusted), goodPdf));
    await refuse([422, 'signature.digest_mismatch'], () => put(good, good));
    const ok = await put(good, goodPdf);
    expect(ok.status, JSON.stringify(ok.json)).toBe(200);
    expect(ok.json.status).toBe('sent');
    expect(ok.json.signatures[0]).toMatchObject({ method: 'external', documentNumber: '01/BC-UBND', verification: { valid: true } });
    const pdf = await download('lead:c', ids.c!, ok.json.signatures[0].id, 'pdf');
    expect(await pdfsig(pdf)).toContain('Signature is Valid.');
    const twice = await put(good, goodPdf);
    expect([twice.status, twice.json.code]).toEqual([409, 'signing.already_signed']);
  });
});
