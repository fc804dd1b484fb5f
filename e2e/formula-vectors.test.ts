import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { chromium, type BrowserContext } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import vectors from '../packages/core/src/formula/vectors.json' with { type: 'json' };
import { runVectorCase, type VectorFile } from '../packages/core/src/formula/vectors.js';

/**
 * The formula engine's shared vectors (packages/core/src/formula/vectors.json) run in Debian's
 * Chromium, from the same engine source bundled for the browser: live checks while typing and the
 * server's authoritative checks give the same answers, case by case.
 */
const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const CHROMIUM = '/usr/bin/chromium';
const noBrowser = !existsSync(CHROMIUM);
const file = vectors as unknown as VectorFile;

describe.skipIf(noBrowser && !process.env.CI)('formula vectors in the browser', () => {
  let context: BrowserContext;
  const profile = mkdtempSync(join(tmpdir(), 'baocao-vectors-chromium-'));

  beforeAll(async () => {
    if (noBrowser) throw new Error(`Chromium is required at ${CHROMIUM} in CI`);
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  });

  afterAll(async () => {
    await context?.close();
    rmSync(profile, { recursive: true, force: true });
  });

  it('gives in Chromium exactly what it gives in Node, and what each vector expects', async () => {
    const bundle = await build({
      stdin: {
        contents: `import vectors from './vectors.json';
import { runVectorCase } from './vectors.ts';
window.runVectors = () => vectors.cases.map((c) => ({ name: c.name, ...runVectorCase(vectors, c) }));`,
        resolveDir: join(ROOT, 'packages/core/src/formula'),
        loader: 'ts',
      },
      bundle: true,
      format: 'iife',
      platform: 'browser',
      target: 'chrome120',
      write: false,
    });
    const page = await context.newPage();
    await page.setContent('<!doctype html><meta charset="utf-8"><title>vectors</title>');
    await page.addScriptTag({ content: bundle.outputFiles[0]!.text });
    const inBrowser = (await page.evaluate('window.runVectors()')) as { name: string; expected: unknown; actual: unknown }[];
    expect(inBrowser).toHaveLength(file.cases.length);
    for (const [i, c] of file.cases.entries()) {
      const inNode = runVectorCase(file, c);
      expect(inBrowser[i]!.name).toBe(c.name);
      expect(inBrowser[i]!.actual, c.name).toEqual(inNode.actual);
      expect(inBrowser[i]!.actual, c.name).toEqual(inBrowser[i]!.expected);
    }
    expect(await page.evaluate('typeof process')).toBe('undefined');
  });
});
