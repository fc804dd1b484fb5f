import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM, CHROMIUM_ARGS, SHOTS, skipBrowser, WEB } from './support.js';

/**
 * The note under figures read from a replica (docs/read-replica.md), rendered by the web app's own
 * component, i18n and Ant Design theme in Chromium: the journeys run on one database, so the replica's
 * note is checked here, component by component, for the lags a page can receive.
 */
describe.skipIf(skipBrowser)('the read replica note (Khai thác số liệu, Tổng quan)', () => {
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'baocao-note-chromium-'));

  beforeAll(async () => {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  });
  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('says nothing for the primary, the lag for a replica, and warns above a minute', async () => {
    const bundle = await build({
      stdin: {
        contents: `import { createRoot } from 'react-dom/client';
import { ConfigProvider } from 'antd';
import './shared/i18n';
import { ReadSourceNote } from './features/analytics/read-source-note';
const sources = { primary: { replica: false }, caughtUp: { replica: true, lagSeconds: 0 }, behind: { replica: true, lagSeconds: 2.4 }, lagging: { replica: true, lagSeconds: 150 } };
for (const [id, source] of Object.entries(sources)) {
  const el = document.createElement('div');
  el.id = id;
  document.body.appendChild(el);
  createRoot(el).render(<ConfigProvider><ReadSourceNote source={source} /></ConfigProvider>);
}`,
        resolveDir: join(WEB, 'src'),
        loader: 'tsx',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      logLevel: 'silent',
    });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    // An http origin of its own (about:blank has no localStorage, which the i18n setup reads).
    await page.route('http://note.test/', (route) => route.fulfill({ contentType: 'text/html; charset=utf-8', body: '<!doctype html><html lang="vi"><meta charset="utf-8"><title>note</title><body style="padding:16px"></body></html>' }));
    await page.goto('http://note.test/');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    await page.locator('#lagging [data-testid="read-source-note"]').waitFor({ timeout: 10_000 }).catch(() => undefined);
    expect(problems).toEqual([]);
    const text = (id: string) => page.locator(`#${id}`).innerText();
    expect(await text('primary')).toBe('');
    expect(await text('caughtUp')).toBe('Số liệu đọc từ bản sao, đã cập nhật kịp cơ sở dữ liệu chính');
    expect(await text('behind')).toBe('Số liệu đọc từ bản sao, trễ khoảng 2 giây so với cơ sở dữ liệu chính');
    expect(await text('lagging')).toMatch(/^Số liệu đọc từ bản sao, trễ khoảng 3 phút so với cơ sở dữ liệu chính: /);
    const colour = (id: string) => page.locator(`#${id} [data-testid="read-source-note"]`).evaluate((el) => getComputedStyle(el).color);
    // Secondary grey for a small lag, Ant Design's warning gold above 60 s.
    expect(await colour('behind')).not.toBe(await colour('lagging'));
    expect(await page.locator('#lagging .ant-typography-warning').count()).toBe(1);
    mkdirSync(SHOTS, { recursive: true });
    await page.screenshot({ path: join(SHOTS, 'read-source-note.png') });
  });
});
