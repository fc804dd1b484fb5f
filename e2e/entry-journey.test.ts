import { createWorkingCalendar, vietnamDateOf } from '@baocao/core';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { SHOTS, settle, signInAs, skipBrowser, useJourney, apiAs } from './support.js';

/**
 * R17 through the real server and the built web app in Debian's Chromium: Sở Tài chính issues an ad
 * hoc request to Phường Lê Chân with a form whose checks say that the actual figure may not exceed
 * twice the plan (an error) and that more than 150 % of plan needs an explanation (a warning); set
 * up through the HTTP API. The ward's specialist opens it from "Việc của tôi", types figures with
 * the keyboard, pastes a 2×2 block copied from Excel, sees the error at the cell, corrects it,
 * explains the warning, settles a collision with the ward leader's change, uploads a CSV, waits for
 * the auto-save and sends the report; returned with a flagged cell, the form opens for editing again.
 * Screenshots in test-results/.
 */

type Template = { id: string; revision: number };

/** A budget form with merged headers, a computed total row and percent column, an error check and a warning check. */
const definition = {
  kind: 'numeric',
  grid: {
    rows: [
      { code: 'R00', displayNo: 'I', name: 'Tổng thu ngân sách trên địa bàn', unitOfMeasure: 'triệu đồng', level: 0, formula: 'SUM(CHILDREN)' },
      { code: 'R01', displayNo: '1', name: 'Thu thuế', unitOfMeasure: 'triệu đồng', level: 1 },
      { code: 'R02', displayNo: '2', name: 'Thu phí, lệ phí', unitOfMeasure: 'triệu đồng', level: 1 },
      { code: 'R03', displayNo: '3', name: 'Thu khác', unitOfMeasure: 'triệu đồng', level: 1 },
    ],
    columns: [
      { code: 'KH', headerPath: ['Năm 2026', 'Kế hoạch'], valueType: 'decimal', scale: 2, aggregation: 'sum' },
      { code: 'TH', headerPath: ['Năm 2026', 'Thực hiện'], valueType: 'decimal', scale: 2, aggregation: 'sum' },
      { code: 'TL', headerPath: ['Năm 2026', '% so kế hoạch'], valueType: 'percent', scale: 1, aggregation: 'formula', formula: 'TH / KH * 100' },
      { code: 'GC', headerPath: ['Ghi chú'], valueType: 'text', aggregation: 'none' },
    ],
    constraints: [
      { id: 'gioihan', kind: 'formula', severity: 'error', expression: 'TH <= KH * 2', message: 'Số thực hiện của dòng “{rowName}” vượt quá 2 lần kế hoạch' },
      { id: 'vuot150', kind: 'formula', severity: 'warning', expression: 'TL <= 150', message: 'Dòng “{rowName}” đạt trên 150% kế hoạch, cần giải trình' },
    ],
  },
  layout: { title: 'BÁO CÁO TÌNH HÌNH THU NGÂN SÁCH', orientation: 'landscape' },
};

/** A cell of the grid by row and column code (AG Grid marks rows with row-id and cells with col-id). */
const cell = (page: Page, row: string, column: string) => page.locator(`[data-testid="entry-grid"] [row-id="${row}"] .ag-cell[col-id="${column}"]`);

/** Focuses a cell and types into it as a person would: the first key opens the editor, Enter commits. */
async function typeInto(page: Page, row: string, column: string, text: string) {
  await cell(page, row, column).click();
  await page.keyboard.type(text, { delay: 20 });
  await page.keyboard.press('Enter');
}

describe.skipIf(skipBrowser)('entry journey (Chromium)', () => {
  const j = useJourney();

  it('a ward specialist types and pastes figures, sees a check fail at the cell, fixes it, explains a warning and sends the report', async () => {
    const base = j.server.url;
    const stamp = Date.now().toString(36).toUpperCase();
    const dueOn = createWorkingCalendar().addWorkingDays(vietnamDateOf(new Date()), 6);

    // Set-up: Sở Tài chính designs the form and makes it official, then asks Phường Lê Chân for it.
    const stc = await apiAs(base, 'chuyenvien.stc');
    const leader = await apiAs(base, 'lanhdao.stc');
    const created = await stc.call<Template>('POST', '/templates', {
      info: { code: `E2E-NL-${stamp}`, name: 'Tình hình thu ngân sách trên địa bàn', regimeKind: 'ad_hoc', fieldGroup: 'Tài chính', requestingUnitId: stc.session.user.unitId },
      definition,
    });
    const testing = await stc.call<Template>('POST', `/templates/${created.id}/transition`, { to: 'testing', revision: created.revision });
    await leader.call('POST', `/templates/${created.id}/transition`, { to: 'official', revision: testing.revision });
    const admin = await apiAs(base, 'quantri');
    const wards = await admin.call<{ id: string; code: string }[]>('GET', `/units?q=${encodeURIComponent('Lê Chân')}`);
    const ward = wards.find((u) => u.code === '11383');
    expect(ward, 'Phường Lê Chân').toBeDefined();
    const regimeName = `Báo cáo nhanh thu ngân sách trên địa bàn ${stamp}`;
    await stc.call('POST', '/regimes', {
      kind: 'ad_hoc',
      code: `E2E-NL-${stamp}`,
      name: regimeName,
      requestingUnitId: stc.session.user.unitId,
      templateIds: [created.id],
      targets: [{ type: 'units', unitIds: [ward!.id] }],
      legalBasis: 'Công văn số 2345/STC-NS của Sở Tài chính',
      dueOn,
    });

    // The ward's specialist opens the request from "Việc của tôi" and goes to data entry.
    await signInAs(j, 'chuyenvien.lechan', 'Chuyên viên · Phường Lê Chân');
    await j.page.getByRole('row').filter({ hasText: regimeName }).click();
    await j.page.getByRole('button', { name: 'Nhập số liệu' }).click();
    await expect.poll(() => new URL(j.page.url()).pathname).toMatch(/^\/viec-cua-toi\/[0-9a-f-]{36}\/nhap-lieu$/);
    await j.page.getByText('Chưa lưu lần nào').waitFor();
    await j.page.getByRole('columnheader', { name: 'Năm 2026' }).waitFor();

    // Keyboard: plan then actual of "Thu thuế"; the actual is more than twice the plan. Enter
    // commits and moves down, the arrows move back up and right.
    await typeInto(j.page, 'R01', 'KH', '1.000');
    await j.page.keyboard.press('ArrowUp');
    await j.page.keyboard.press('ArrowRight');
    await j.page.keyboard.type('2.500', { delay: 20 });
    await j.page.keyboard.press('Enter');
    await expect.poll(() => cell(j.page, 'R01', 'KH').textContent()).toBe('1.000,00');
    await expect.poll(() => cell(j.page, 'R01', 'TH').textContent()).toBe('2.500,00');

    // Paste a 2×2 block copied from Excel (Vietnamese decimals) at "Thu phí, lệ phí" / plan.
    await cell(j.page, 'R02', 'KH').click();
    await j.page.evaluate((text) => {
      const data = new DataTransfer();
      data.setData('text/plain', text);
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    }, '300\t250,5\r\n200\t150\r\n');
    await j.page.getByText('Đã dán 4 ô').waitFor();
    await expect.poll(() => cell(j.page, 'R02', 'TH').textContent()).toBe('250,50');
    await expect.poll(() => cell(j.page, 'R03', 'KH').textContent()).toBe('200,00');
    // The total row and the percentages are computed as the figures come in.
    await expect.poll(() => cell(j.page, 'R00', 'KH').textContent()).toBe('1.500,00');
    await expect.poll(() => cell(j.page, 'R00', 'TH').textContent()).toBe('2.900,50');
    await expect.poll(() => cell(j.page, 'R02', 'TL').textContent()).toBe('83,5');

    // A note in the text column, pasted for real (Ctrl+V from the system clipboard), then cleared with Delete.
    await j.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: base });
    await j.page.evaluate(() => navigator.clipboard.writeText('Ước thực hiện'));
    await cell(j.page, 'R03', 'GC').click();
    await j.page.keyboard.press('Control+V');
    await expect.poll(() => cell(j.page, 'R03', 'GC').textContent()).toBe('Ước thực hiện');
    await cell(j.page, 'R03', 'GC').click();
    await j.page.keyboard.press('Delete');
    await expect.poll(() => cell(j.page, 'R03', 'GC').textContent()).toBe('');

    // A paste over the computed total is refused as a whole, naming the cell.
    await cell(j.page, 'R00', 'KH').click();
    await j.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/plain', '1\t2');
      document.activeElement!.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
    });
    await j.page.getByText(/Không dán được: Dòng I “Tổng thu ngân sách trên địa bàn”, cột “Năm 2026 – Kế hoạch” là ô tự tính/).waitFor();

    // The error shows at the cell and in the checks panel; sending is blocked.
    const error = 'Số thực hiện của dòng “Thu thuế” vượt quá 2 lần kế hoạch';
    await expect.poll(() => cell(j.page, 'R01', 'TH').getAttribute('class')).toContain('entry-error');
    await j.page.getByTestId('checks-panel').getByText(error).waitFor();
    await expect.poll(() => j.page.getByRole('button', { name: 'Trình lãnh đạo ký' }).isDisabled()).toBe(true);
    await j.page.getByText(/Đã lưu lúc/).waitFor();
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await cell(j.page, 'R01', 'TH').hover();
    await j.page.locator('.ag-tooltip').getByText(error).waitFor();
    await settle(j.page);
    await cell(j.page, 'R01', 'TH').hover();
    await j.page.locator('.ag-tooltip').getByText(error).waitFor();
    await j.page.screenshot({ path: join(SHOTS, 'entry-grid.png'), fullPage: true, animations: 'disabled' });

    // Clicking the check goes to its cell; the specialist corrects the figure.
    await j.page.getByTestId('checks-panel').getByText('Dòng 1 “Thu thuế”, cột “Năm 2026 – Thực hiện”').first().click();
    await j.page.keyboard.type('1.800', { delay: 20 });
    await j.page.keyboard.press('Enter');
    await expect.poll(() => cell(j.page, 'R01', 'TH').textContent()).toBe('1.800,00');
    await expect.poll(() => cell(j.page, 'R01', 'TH').getAttribute('class')).not.toContain('entry-error');
    await expect.poll(() => j.page.getByTestId('check-error').count()).toBe(0);

    // 180 % of plan is a warning: it needs an explanation before sending.
    const warning = 'Dòng “Thu thuế” đạt trên 150% kế hoạch, cần giải trình';
    await j.page.getByTestId('checks-panel').getByText(warning).waitFor();
    await expect.poll(() => cell(j.page, 'R01', 'TL').getAttribute('class')).toContain('entry-warning');
    await j.page.getByLabel(`Giải trình: ${warning}`).fill('Thu hồi nợ thuế năm trước của hai doanh nghiệp lớn.');
    await j.page.getByText(/Đã lưu lúc/).waitFor();

    // Meanwhile the ward's leader changes the plan of "Thu phí, lệ phí" (through the API); the
    // specialist's own change of that cell then collides, and they keep the leader's figure.
    const assignmentId = new URL(j.page.url()).pathname.split('/')[2]!;
    const wardLeader = await apiAs(base, 'lanhdao.lechan');
    const before = await wardLeader.call<{ version: number }>('GET', `/assignments/${assignmentId}/form`);
    await wardLeader.call('PUT', `/assignments/${assignmentId}/values`, { baseVersion: before.version, changes: { 'R02!KH': '350' }, explanations: {} });
    await typeInto(j.page, 'R02', 'KH', '320');
    const conflict = j.page.getByRole('dialog').filter({ hasText: 'Có người khác vừa sửa cùng ô' });
    await conflict.getByText('Ngô Quang Vinh').waitFor();
    await conflict.getByText('320,00').waitFor();
    await conflict.getByText('350,00').waitFor();
    await conflict.getByRole('button', { name: 'Giữ số đã lưu' }).click();
    await expect.poll(() => cell(j.page, 'R02', 'KH').textContent()).toBe('350,00');
    await expect.poll(() => cell(j.page, 'R02', 'TL').textContent()).toBe('71,6');

    // Upload of the CSV form filled outside the system: a file with a wrong figure is refused
    // whole, naming the cell as the spreadsheet shows it; the corrected file is taken.
    const csv = await j.page.evaluate((id) => fetch(`/api/v1/assignments/${id}/form.csv`).then((r) => r.text()), assignmentId);
    const withR03 = (th: string) =>
      csv
        .split(/\r?\n/)
        .map((line) => (line.startsWith('R03,') ? line.split(',').map((v, i) => (i === 3 ? th : v)).join(',') : line))
        .join('\r\n');
    const upload = async (text: string) => {
      await j.page.getByRole('button', { name: 'Tải lên Excel/CSV' }).click();
      const dialog = j.page.getByRole('dialog').filter({ hasText: 'Tải lên số liệu từ Excel/CSV' });
      await dialog.locator('input[type=file]').setInputFiles({ name: 'bao-cao-le-chan.csv', mimeType: 'text/csv', buffer: Buffer.from(text, 'utf8') });
      await dialog.getByRole('button', { name: 'Tải lên', exact: true }).click();
      return dialog;
    };
    const refused = await upload(withR03('15O'));
    await refused.getByText('Tệp có lỗi, chưa ghi ô nào:').waitFor();
    await refused.getByRole('cell', { name: /!D6$/ }).waitFor();
    await refused.getByRole('button', { name: 'Hủy' }).click();
    await upload(withR03('160'));
    await j.page.getByText('Đã nhận số liệu từ tệp').waitFor();
    await expect.poll(() => cell(j.page, 'R03', 'TH').textContent()).toBe('160,00');

    // Submit to the ward's leader (R19): the form becomes read only while it waits for the signature.
    await j.page.getByRole('button', { name: 'Trình lãnh đạo ký' }).click();
    await j.page.locator('.ant-popconfirm').getByRole('button', { name: 'Trình lãnh đạo ký' }).click();
    await j.page.getByText('Đã trình lãnh đạo ký').waitFor();
    await j.page.getByText('Báo cáo đang ở trạng thái “Chờ ký”: chỉ xem, không sửa được.').waitFor();
    await expect.poll(() => j.page.locator('.ant-tag').filter({ hasText: 'Chờ ký' }).count()).toBeGreaterThan(0);
    await expect.poll(() => j.page.getByRole('button', { name: 'Trình lãnh đạo ký' }).count()).toBe(0);
    // The leader signs (the signing page has its own journey): the report goes to Sở Tài chính.
    const latest = (await wardLeader.call<{ latestVersion: number }>('GET', `/assignments/${assignmentId}/workflow`)).latestVersion;
    expect((await wardLeader.call<{ status: string }>('POST', `/assignments/${assignmentId}/sign`, { versionNumber: latest })).status).toBe('sent');
    await j.page.reload();
    await expect.poll(() => j.page.locator('.ant-tag').filter({ hasText: 'Đã gửi' }).count()).toBeGreaterThan(0);

    // The history of the corrected cell lists both values, by the specialist.
    await cell(j.page, 'R01', 'TH').click({ button: 'right' });
    const history = j.page.getByTestId('cell-history');
    await history.getByText('2.500,00').first().waitFor();
    await history.getByText('1.800,00').first().waitFor();
    await j.page.keyboard.press('Escape');
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'entry-submitted.png'), fullPage: true, animations: 'disabled' });

    // Sở Tài chính returns it with a flagged cell: the ward sees why and where, and may edit again.
    await stc.call('POST', `/assignments/${assignmentId}/review`, { decision: 'reject', reason: 'Đề nghị kiểm tra lại số thu thuế thực hiện.', flaggedCells: ['R01!TH'] }, 200);
    await j.page.reload();
    const banner = j.page.getByTestId('returned-banner');
    await banner.getByText('Lý do: Đề nghị kiểm tra lại số thu thuế thực hiện.').waitFor();
    await banner.getByText('Dòng 1 “Thu thuế”, cột “Năm 2026 – Thực hiện”').waitFor();
    await expect.poll(() => cell(j.page, 'R01', 'TH').getAttribute('class')).toContain('entry-flagged');
    await expect.poll(() => j.page.getByRole('button', { name: 'Trình lãnh đạo ký' }).count()).toBe(1);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'entry-returned.png'), fullPage: true, animations: 'disabled' });

    expect(j.problems).toEqual([]);
  });

  it('a narrative report is written in a rich-text editor, with a figure of the unit inserted, saved and sent', async () => {
    const base = j.server.url;
    const stamp = Date.now().toString(36).toUpperCase();
    const stc = await apiAs(base, 'chuyenvien.stc');
    const leader = await apiAs(base, 'lanhdao.stc');
    const templates = await stc.call<{ id: string; code: string }[]>('GET', '/templates?status=official');
    const numeric = templates.find((t) => t.code === 'DEMO-STC-01');
    expect(numeric, 'demo template DEMO-STC-01').toBeDefined();
    // The outline of the demo DEMO-STC-02, with a placeholder in section I: the unit's actual tax revenue from the
    // numeric report of the same round.
    const code = `E2E-TMD-${stamp}`;
    const created = await stc.call<Template>('POST', '/templates', {
      info: { code, name: 'Thuyết minh tình hình thu ngân sách', regimeKind: 'ad_hoc', fieldGroup: 'Tài chính', requestingUnitId: stc.session.user.unitId },
      definition: {
        kind: 'narrative',
        outline: [
          {
            number: 'I',
            title: 'Tình hình thực hiện trong kỳ',
            guidance: 'Nêu kết quả thu, chi ngân sách và nguyên nhân tăng, giảm.',
            placeholders: [{ key: 'thu_thue', label: 'Thu thuế thực hiện', source: { kind: 'cell', templateCode: 'DEMO-STC-01', row: 'R01', column: 'TH' } }],
          },
          { number: 'II', title: 'Khó khăn, vướng mắc và kiến nghị', guidance: '' },
        ],
        layout: { symbol: 'BC', summary: 'Tình hình thu ngân sách trong kỳ' },
      },
    });
    const testing = await stc.call<Template>('POST', `/templates/${created.id}/transition`, { to: 'testing', revision: created.revision });
    await leader.call('POST', `/templates/${created.id}/transition`, { to: 'official', revision: testing.revision });
    const admin = await apiAs(base, 'quantri');
    const ward = (await admin.call<{ id: string; code: string }[]>('GET', `/units?q=${encodeURIComponent('Lê Chân')}`)).find((u) => u.code === '11383');
    const regimeName = `Báo cáo thuyết minh tình hình tài chính ${stamp}`;
    await stc.call('POST', '/regimes', {
      kind: 'ad_hoc',
      code: `E2E-TM-${stamp}`,
      name: regimeName,
      requestingUnitId: stc.session.user.unitId,
      templateIds: [numeric!.id, created.id],
      targets: [{ type: 'units', unitIds: [ward!.id] }],
      dueOn: createWorkingCalendar().addWorkingDays(vietnamDateOf(new Date()), 6),
    });

    // The ward has entered the figure in the numeric report of the same round (through the API).
    const specialist = await apiAs(base, 'chuyenvien.lechan');
    const inbox = await specialist.call<{ items: { id: string; regimeName: string; template: { code: string } }[] }>('GET', '/inbox');
    const mine = inbox.items.filter((a) => a.regimeName === regimeName);
    const numericId = mine.find((a) => a.template.code === 'DEMO-STC-01')!.id;
    const narrativeId = mine.find((a) => a.template.code === code)!.id;
    const numericForm = await specialist.call<{ version: number }>('GET', `/assignments/${numericId}/form`);
    await specialist.call('PUT', `/assignments/${numericId}/values`, { baseVersion: numericForm.version, changes: { 'R01!KH': '1000', 'R01!TH': '1250.5' }, explanations: {} });

    await signInAs(j, 'chuyenvien.lechan', 'Chuyên viên · Phường Lê Chân');
    await j.page.getByRole('row').filter({ hasText: regimeName }).filter({ hasText: code }).click();
    await j.page.getByRole('button', { name: 'Viết báo cáo' }).click();
    await j.page.getByTestId('narrative-outline').getByText('I. Tình hình thực hiện trong kỳ').waitFor();
    await j.page.getByText('Nêu kết quả thu, chi ngân sách và nguyên nhân tăng, giảm.').waitFor();
    await j.page.getByText(/Soạn nội dung từng mục ngay trong khung dưới đây/).waitFor();
    await j.page.getByTestId('narrative-outline').getByText('Thu thuế thực hiện: 1.250,5').waitFor();

    // Type two paragraphs, make "146,7%" bold with the toolbar, and insert the figure at the end.
    const editor = j.page.getByRole('textbox', { name: 'I. Tình hình thực hiện trong kỳ' });
    await editor.click();
    await j.page.keyboard.type('Thu ngân sách trên địa bàn phường đạt 146,7% kế hoạch năm.', { delay: 5 });
    await j.page.keyboard.press('Enter');
    await j.page.keyboard.type('Chi ngân sách bảo đảm các nhiệm vụ chính trị của địa phương; thu thuế đạt ', { delay: 5 });
    await j.page.getByRole('button', { name: 'Chèn: Thu thuế thực hiện' }).click();
    await j.page.keyboard.type('triệu đồng.', { delay: 5 });
    await editor.evaluate((el) => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      for (let node = walker.nextNode(); node; node = walker.nextNode()) {
        const at = node.textContent!.indexOf('146,7%');
        if (at < 0) continue;
        const range = document.createRange();
        range.setStart(node, at);
        range.setEnd(node, at + '146,7%'.length);
        document.getSelection()!.removeAllRanges();
        document.getSelection()!.addRange(range);
        return;
      }
    });
    await j.page.getByRole('button', { name: 'Đậm' }).first().click();
    await editor.locator('b, strong').filter({ hasText: '146,7%' }).waitFor();
    await j.page.getByText(/Đã lưu lúc/).waitFor();

    // Stored: the bold word, and the placeholder by its key only (the figure is filled on screen).
    const stored = await specialist.call<{ narrative: Record<string, string> }>('GET', `/assignments/${narrativeId}/form`);
    expect(stored.narrative.I).toMatch(/^<p>Thu ngân sách trên địa bàn phường đạt <b>146,7%<\/b> kế hoạch năm\.<\/p><p>Chi ngân sách/);
    expect(stored.narrative.I).toContain('<span data-placeholder="thu_thue"></span>');

    await j.page.reload();
    await editor.locator('b, strong').filter({ hasText: '146,7%' }).waitFor();
    await expect.poll(() => editor.locator('span[data-placeholder="thu_thue"]').textContent()).toBe('1.250,5');
    await expect.poll(() => editor.textContent()).toMatch(/thu thuế đạt\s1\.250,5\s+triệu đồng\.$/);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'entry-narrative-editor.png'), animations: 'disabled' });
    await j.page.getByRole('button', { name: 'Trình lãnh đạo ký' }).click();
    await j.page.locator('.ant-popconfirm').getByRole('button', { name: 'Trình lãnh đạo ký' }).click();
    await j.page.getByText('Đã trình lãnh đạo ký').waitFor();
    const section = j.page.getByTestId('section-I');
    await section.locator('b, strong').filter({ hasText: '146,7%' }).waitFor();
    await section.locator('span[data-placeholder="thu_thue"]').filter({ hasText: '1.250,5' }).waitFor();
    await section.getByText(/^Chi ngân sách bảo đảm các nhiệm vụ chính trị/).waitFor();
    await expect.poll(() => j.page.locator('.ant-message-notice').count(), { timeout: 10_000 }).toBe(0);
    await settle(j.page);
    await j.page.screenshot({ path: join(SHOTS, 'entry-narrative.png'), animations: 'disabled' });
    expect(j.problems).toEqual([]);
  });
});
