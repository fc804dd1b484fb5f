import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { PASSWORD, SHOTS, settle, skipBrowser, useJourney } from './support.js';

/**
 * Administrators' main paths through the real server and the built web app, in Debian's Chromium:
 * the system administrator adds a division under a department and finds it again by a search
 * without diacritics, then looks at the users and the audit trail; a unit administrator adds a
 * user, who must change the issued password before using anything. Screenshots land in
 * test-results/ for a human to look at.
 */

describe.skipIf(skipBrowser)('admin journey (Chromium)', () => {
  const j = useJourney();

  it('signs in, adds a unit under a department, finds it in the tree, sees users and the audit trail', async () => {
    const code = `E2E-${Date.now().toString(36).toUpperCase()}`;
    const name = 'Phòng Kiểm thử Tự động';

    // Sign in.
    await j.page.goto(`${j.server.url}/`);
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/dang-nhap');
    await j.page.getByRole('heading', { name: 'Hệ thống thông tin báo cáo' }).waitFor();
    await j.page.getByText('THÀNH PHỐ HẢI PHÒNG').waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'login.png'), animations: 'disabled' });
    await j.page.getByLabel('Tên đăng nhập').fill('quantri');
    await j.page.getByLabel('Mật khẩu').fill('wrong-password-1');
    await j.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await j.page.getByText('Tên đăng nhập hoặc mật khẩu không đúng').waitFor();
    await j.page.getByLabel('Mật khẩu').fill(PASSWORD);
    await j.page.getByRole('button', { name: 'Đăng nhập' }).click();

    // Work first ("Việc của tôi"), with the signed-in user in the header; then the units page.
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/viec-cua-toi');
    await j.page.getByText('Quản trị hệ thống · Thành phố Hải Phòng').waitFor();
    await j.page.getByRole('menuitem', { name: 'Đơn vị' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/don-vi');
    const tree = j.page.getByRole('tree');
    await tree.locator('[data-unit-code="DEMO-STC"]').waitFor();

    // Find the department without diacritics and select it.
    const search = j.page.getByPlaceholder('Tìm theo tên hoặc mã đơn vị');
    await search.fill('so tai chinh');
    await tree.locator('[data-unit-code="DEMO-STC"]').click();
    await j.page.getByRole('button', { name: 'Thêm đơn vị trực thuộc' }).click();

    // Add a division under it.
    const dialog = j.page.getByRole('dialog');
    await dialog.getByText('Thêm đơn vị trực thuộc “Sở Tài chính”').waitFor();
    await dialog.getByLabel('Mã đơn vị').fill(code);
    await dialog.getByLabel('Tên đơn vị').fill(name);
    await dialog.locator('.ant-select').filter({ hasText: 'Phòng, ban' }).waitFor();
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await j.page.getByText(`Đã thêm đơn vị ${name}`).waitFor();
    await dialog.waitFor({ state: 'hidden' });

    // The new unit is selected and its branch opened in the tree, with its parent and first history entry.
    await tree.locator(`[data-unit-code="${code}"]`).waitFor();
    await expect.poll(() => j.page.locator('.ant-descriptions').textContent()).toContain(code);
    await expect.poll(() => j.page.locator('.ant-descriptions').textContent()).toContain('Sở Tài chính');
    await j.page.getByRole('cell', { name: 'Tạo mới' }).waitFor();

    // Search for it, again without diacritics: the tree narrows to it and marks the match.
    await search.fill('phong kiem thu tu dong');
    const found = tree.locator(`[data-unit-code="${code}"]`);
    await found.waitFor();
    await expect.poll(() => found.locator('mark').textContent()).toBe(name);
    await j.page.getByText('1 đơn vị phù hợp').waitFor();
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'units-created.png'), animations: 'disabled' });

    // Users of the city, the department's demo accounts among them.
    await j.page.getByRole('menuitem', { name: 'Người dùng' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/nguoi-dung');
    await j.page.getByRole('cell', { name: 'quantri.stc', exact: true }).waitFor();
    await expect.poll(() => j.page.locator('.ant-table').textContent()).toContain('Quản trị đơn vị');
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'users.png'), animations: 'disabled' });

    // The audit trail records the new unit, with a readable action label.
    await j.page.getByRole('menuitem', { name: 'Nhật ký' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/nhat-ky');
    await j.page.getByRole('cell', { name: 'Thêm đơn vị', exact: true }).first().waitFor();
    await expect.poll(() => j.page.locator('.ant-table').textContent()).toContain('Nguyễn Văn Quản');
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'audit.png'), animations: 'disabled' });

    // Sign out returns to the login j.page.
    await j.page.getByRole('button', { name: 'Nguyễn Văn Quản' }).click();
    await j.page.getByRole('menuitem', { name: /Đăng xuất$/ }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toBe('/dang-nhap');

    expect(j.problems).toEqual([]);
  });

  it('a unit administrator adds a user, who must change the issued password before anything else', async () => {
    const username = `chuyenvien.e2e${Date.now() % 1_000_000}`;
    const issued = 'CapMoi-2026-xy';

    await j.page.goto(`${j.server.url}/dang-nhap`);
    await j.page.getByLabel('Tên đăng nhập').fill('quantri.stc');
    await j.page.getByLabel('Mật khẩu').fill(PASSWORD);
    await j.page.getByRole('button', { name: 'Đăng nhập' }).click();
    await j.page.getByText('Quản trị đơn vị · Sở Tài chính').waitFor();

    // The unit administrator's tree starts at their department.
    await j.page.getByRole('menuitem', { name: 'Đơn vị' }).click();
    const tree = j.page.getByRole('tree');
    await tree.locator('[data-unit-code="DEMO-STC"]').waitFor();
    await expect.poll(() => tree.locator('[data-unit-code="31"]').count()).toBe(0);

    await j.page.getByRole('menuitem', { name: 'Người dùng' }).click();
    await j.page.getByRole('button', { name: 'Thêm người dùng' }).click();
    const dialog = j.page.getByRole('dialog');
    await dialog.getByLabel('Tên đăng nhập').fill(username);
    await dialog.getByLabel('Họ và tên').fill('Đỗ Thị Kiểm Thử');
    await dialog.getByLabel('Mật khẩu ban đầu').fill('ngan');
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await dialog.getByText('Tối thiểu 12 ký tự').waitFor(); // the contract's password rule, checked in the browser
    await dialog.getByLabel('Mật khẩu ban đầu').fill(issued);
    await dialog.getByRole('button', { name: 'Lưu' }).click();
    await j.page.getByText(`Đã thêm người dùng ${username}`).waitFor();
    await j.page.getByRole('cell', { name: username, exact: true }).waitFor();

    await j.page.getByRole('button', { name: 'Trần Thị Thu' }).click();
    await j.page.getByRole('menuitem', { name: /Đăng xuất$/ }).click();
    await j.page.getByLabel('Tên đăng nhập').fill(username);
    await j.page.getByLabel('Mật khẩu').fill(issued);
    await j.page.getByRole('button', { name: 'Đăng nhập' }).click();

    // Nothing but the password change until it is done.
    await j.page.getByText('Đổi mật khẩu trước khi sử dụng').waitFor();
    await expect.poll(() => j.page.getByRole('menuitem').count()).toBe(0);
    await j.page.getByLabel('Mật khẩu hiện tại').fill(issued);
    await j.page.getByLabel('Mật khẩu mới', { exact: true }).fill('MatKhauMoi-2026');
    await j.page.getByLabel('Nhập lại mật khẩu mới').fill('MatKhauMoi-2026');
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'password-change.png'), animations: 'disabled' });
    await j.page.getByRole('button', { name: 'Đổi mật khẩu' }).click();

    // Then the application, with only what a specialist may use.
    await j.page.getByText('Chuyên viên · Sở Tài chính').waitFor();
    await j.page.getByRole('menuitem', { name: 'Đơn vị' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Biểu mẫu' }).waitFor(); // specialists design report templates
    await j.page.getByRole('menuitem', { name: 'Chỉ tiêu' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Việc của tôi' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Chế độ báo cáo' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Lịch làm việc' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Khai thác số liệu' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Tổng quan' }).waitFor();
    await j.page.getByRole('menuitem', { name: 'Theo dõi, đánh giá' }).waitFor();
    await expect.poll(() => j.page.getByRole('menuitem').count()).toBe(9);
    expect(j.problems).toEqual([]);
  });
});
