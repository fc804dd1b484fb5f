import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createWorkingCalendar, vietnamDateOf } from '@baocao/core';
import type { Page } from 'playwright-core';
import { afterAll, describe, expect, it } from 'vitest';
import { startServer } from '../packages/server/src/server.js';
import { sampleTemplate } from '../packages/server/test/templates.fixtures.js';
import { apiAs, choose, chooseUnit, PASSWORD, SHOTS, settle, skipBrowser, useJourney, WEB, type UnitRow } from './support.js';

/**
 * R27, federation (docs/federation.md): the demo (Hải Phòng) below a Government-level instance on another
 * port. The Government's administrator sends a request down from "Kết nối liên thông"; Hải Phòng's
 * administrator sets it up in one step from "Gói tin đã nhận"; the ward's report is signed and accepted; the
 * Government sees the province's figures with their packet. Screenshots: test-results/federation-*.png.
 */
describe.skipIf(skipBrowser)('federation journey (Chromium)', () => {
  const j = useJourney();
  const dirs: string[] = [];
  let upper: Awaited<ReturnType<typeof startServer>> | undefined;
  afterAll(async () => {
    await upper?.close();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  /** Signs in on either server (both are 127.0.0.1: one cookie jar, so each sign-in starts afresh). */
  async function signInAt(page: Page, base: string, username: string, who: string) {
    await j.context.clearCookies();
    await page.goto(`${base}/dang-nhap`);
    await page.getByLabel('Tên đăng nhập').fill(username);
    await page.getByLabel('Mật khẩu').fill(PASSWORD);
    await page.getByRole('button', { name: 'Đăng nhập' }).click();
    await page.getByText(who).waitFor();
    await page.goto(`${base}/ket-noi`);
  }


  it('a request goes down, is set up in one step, and the accepted figures come back up', async () => {
    // ---- the Government level on its own port and data folder ----
    const dataDir = mkdtempSync(join(tmpdir(), 'baocao-e2e-cp-'));
    dirs.push(dataDir);
    const saved = process.env.BAOCAO_LEVEL;
    process.env.BAOCAO_LEVEL = 'government';
    try {
      upper = await startServer({
        port: 0, host: '127.0.0.1', dataDir, mode: 'demo', level: 'government', logLevel: 'warn', webDist: join(WEB, 'dist'), outboxIntervalMs: 200,
        signingKeysDir: join(dataDir, 'pki', 'keys'), trustStoreDir: join(dataDir, 'pki', 'trust'),
      });
    } finally {
      if (saved === undefined) delete process.env.BAOCAO_LEVEL;
      else process.env.BAOCAO_LEVEL = saved;
    }
    const gov = await apiAs(upper.url, 'quantri');
    const haiPhong = (await gov.call<UnitRow[]>('GET', `/units?q=${encodeURIComponent('Hải Phòng')}`)).find((u) => u.code === '31')!;
    const tpl = sampleTemplate(gov.session.user.unitId, 'CP-E2E-BM');
    tpl.info.regimeKind = 'ad_hoc' as never;
    tpl.info.periodicities = [] as never;
    const template = await gov.call<{ id: string }>('POST', '/templates', tpl);
    await gov.call('POST', `/templates/${template.id}/transition`, { to: 'testing', revision: 1 });
    await gov.call('POST', `/templates/${template.id}/transition`, { to: 'official', revision: 2 });
    await gov.call('POST', '/regimes', {
      kind: 'ad_hoc', code: 'CP-E2E-YC', name: 'Báo cáo nhanh thu ngân sách (thử liên thông)', requestingUnitId: gov.session.user.unitId, templateIds: [template.id],
      targets: [{ type: 'units', unitIds: [haiPhong.id] }], legalBasis: 'Thử nghiệm', dueOn: createWorkingCalendar().addWorkingDays(vietnamDateOf(new Date()), 10),
    });
    const upKey = await gov.call<{ key: string }>('POST', '/exchange/api-keys', { name: 'Hệ thống báo cáo Hải Phòng', unitId: haiPhong.id, scopes: ['exchange.import'] });

    // ---- Hải Phòng (the demo) answers up with that key, and gives the Government a key to send down with ----
    j.server.config.exchangeUrl = `${upper.url}/api/v1/exchange/imports`;
    j.server.config.exchangeToken = upKey.key;
    const hp = await apiAs(j.server.url, 'quantri');
    const downKey = await hp.call<{ key: string }>('POST', '/exchange/api-keys', { name: 'Hệ thống Chính phủ', unitId: hp.session.user.unitId, scopes: ['exchange.import'] });
    await gov.call('POST', '/exchange/peers', { name: 'Hệ thống báo cáo Hải Phòng', unitId: haiPhong.id, url: `${j.server.url}/api/v1/exchange/imports`, token: downKey.key });

    // ---- the Government sends the request from the web ----
    const page = j.page;
    await signInAt(page, upper.url, 'quantri', 'Nguyễn Văn Quản');
    await page.getByRole('button', { name: 'Gửi yêu cầu xuống cấp dưới' }).click();
    const send = page.getByRole('dialog', { name: 'Gửi yêu cầu xuống cấp dưới' });
    await choose(page, send.getByLabel('Chế độ báo cáo'), 'CP-E2E-YC');
    await send.getByRole('button', { name: 'Gửi yêu cầu' }).click();
    await page.getByText(/Đã xếp hàng gửi 2 gói tin tới 1 hệ thống cấp dưới/).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'federation-upper-request.png'), animations: 'disabled', fullPage: true });

    // ---- Hải Phòng sets it up in one step: Sở Tài chính asks Phường Lê Chân ----
    await expect.poll(async () => (await hp.call<{ type: string }[]>('GET', '/exchange/imports')).some((i) => i.type === 'regime'), { timeout: 20_000 }).toBe(true);
    await signInAt(page, j.server.url, 'quantri', 'Nguyễn Văn Quản');
    const request = page.getByRole('row').filter({ hasText: 'Chế độ báo cáo' }).filter({ hasText: 'CHINHPHU' });
    await request.getByRole('button', { name: 'Tạo chế độ báo cáo từ yêu cầu' }).click();
    const setup = page.getByRole('dialog', { name: 'Tạo chế độ báo cáo từ yêu cầu' });
    await chooseUnit(page, setup.getByLabel('Đơn vị yêu cầu báo cáo'), 'Tài chính', 'Sở Tài chính');
    await chooseUnit(page, setup.getByLabel('Đơn vị tổng hợp, trả lời yêu cầu'), 'Lê Chân', 'Phường Lê Chân');
    await setup.getByRole('button', { name: 'Tạo chế độ báo cáo' }).click();
    await request.getByRole('link', { name: 'Đã tạo chế độ CP-E2E-YC' }).waitFor();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'federation-lower-setup.png'), animations: 'disabled', fullPage: true });

    // ---- the ward enters, its leader signs, Sở Tài chính accepts: the figures go up by themselves ----
    const ward = await apiAs(j.server.url, 'chuyenvien.lechan');
    const item = (await ward.call<{ items: { id: string; regimeName: string }[] }>('GET', '/inbox')).items.find((i) => i.regimeName.includes('thử liên thông'))!;
    const form = await ward.call<{ version: number }>('GET', `/assignments/${item.id}/form`);
    const filled = await ward.call<{ version: number }>('PUT', `/assignments/${item.id}/values`, { baseVersion: form.version, changes: { 'R01!KH': '2500000', 'R01!TH': '1234567.89' }, explanations: {} });
    await ward.call('POST', `/assignments/${item.id}/submit`, { version: filled.version });
    const leader = await apiAs(j.server.url, 'lanhdao.lechan');
    const { latestVersion } = await leader.call<{ latestVersion: number }>('GET', `/assignments/${item.id}/workflow`);
    await leader.call('POST', `/assignments/${item.id}/sign`, { versionNumber: latestVersion });
    await (await apiAs(j.server.url, 'chuyenvien.stc')).call('POST', `/assignments/${item.id}/review`, { decision: 'accept' });
    await expect.poll(async () => (await gov.call<unknown[]>('GET', '/exchange/answers')).length, { timeout: 20_000 }).toBe(1);

    // ---- the Government sees the province's figures and the packet they came in ----
    await signInAt(page, upper.url, 'quantri', 'Nguyễn Văn Quản');
    const answer = page.getByRole('row').filter({ hasText: 'Thành phố Hải Phòng (31)' }).filter({ hasText: 'CP-E2E-YC' });
    await answer.getByText('Đang dùng').waitFor();
    await answer.scrollIntoViewIfNeeded();
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'federation-upper-answers.png'), animations: 'disabled', fullPage: true });
    expect(j.problems).toEqual([]);
  });
});
