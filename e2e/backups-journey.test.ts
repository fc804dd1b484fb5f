import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SHOTS, settle, signInAs, skipBrowser, useJourney } from './support.js';

/**
 * Backups (R30): the system administrator opens "Sao lưu", sees the schedule and where the files
 * are, backs up now and watches the run end in success, with its file, size and checksum.
 */
describe.skipIf(skipBrowser)('backups journey (Chromium)', () => {
  const j = useJourney();

  it('backs up on demand and shows the result', async () => {
    const page = j.page;
    await signInAs(j, 'quantri', 'Quản trị hệ thống · Thành phố Hải Phòng');
    await page.getByRole('menuitem', { name: 'Sao lưu' }).click();
    await page.getByRole('heading', { name: 'Sao lưu dữ liệu' }).waitFor();
    await page.getByText('Hằng ngày lúc 02:00 (giờ Việt Nam)').waitFor();
    await page.getByText(j.server.config.backupDir).first().waitFor();

    // The button is disabled while any backup runs (one at a time).
    const button = page.getByRole('button', { name: 'Sao lưu ngay' });
    await expect.poll(() => button.isEnabled(), { timeout: 60_000 }).toBe(true);
    await button.click();
    const row = page.getByRole('row').filter({ hasText: 'Quản trị chạy' }).first();
    await row.waitFor();
    await row.getByText('Thành công').waitFor({ timeout: 60_000 });
    const fileName = (await row.locator('code').first().textContent())!;
    expect(fileName).toMatch(/^baocao-pglite-\d{8}-\d{6}(-\d+)?\.tar\.gz$/);
    expect(existsSync(join(j.server.config.backupDir, fileName))).toBe(true);
    await settle(page);
    await page.screenshot({ path: join(SHOTS, 'backups.png'), animations: 'disabled' });
    expect(j.problems).toEqual([]);
  }, 300_000);
});
