/**
 * `npm run bench [-- name-filter...]`: runs every `bench/*.bench.ts` (or those whose file name
 * contains one of the filters) one after another, prints a table and writes bench/results.json.
 * BENCH_SECONDS (default 5) and BENCH_CONNECTIONS (default 10) tune the load.
 */
import { readdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { Bench, BenchOptions, BenchResult } from './measure.js';

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2);
const opts: BenchOptions = { seconds: positive('BENCH_SECONDS', 5), connections: positive('BENCH_CONNECTIONS', 10) };

const files = (await readdir(here))
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => !filters.length || filters.some((x) => f.includes(x)))
  .sort();
if (!files.length) throw new Error(`No benchmark in ${here} matches ${filters.join(', ') || '*.bench.ts'}`);

const results: BenchResult[] = [];
for (const file of files) {
  const started = Date.now();
  process.stdout.write(`${file}: ${opts.seconds} s per target, ${opts.connections} connections…\n`);
  const mod = (await import(pathToFileURL(join(here, file)).href)) as { default?: Bench };
  if (typeof mod.default !== 'function') throw new Error(`${file} must export default a function returning its results`);
  const rows = await mod.default(opts);
  results.push(...rows);
  process.stdout.write(`${file}: done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
}

await writeFile(join(here, 'results.json'), JSON.stringify(results, null, 2) + '\n');
printTable(results);
process.stdout.write(`\nwrote ${join('bench', 'results.json')}\n`);

function printTable(rows: BenchResult[]): void {
  const cells = [
    ['benchmark', 'value', 'baseline', 'unit', 'ratio'],
    ...rows.map((r) => [r.name, fmt(r.value), fmt(r.baseline), r.unit, r.ratio.toFixed(3)]),
  ];
  const widths = cells[0]!.map((_, i) => Math.max(...cells.map((c) => c[i]!.length)));
  const line = (c: string[]) => c.map((s, i) => (i === 0 || i === 3 ? s.padEnd(widths[i]!) : s.padStart(widths[i]!))).join('  ');
  process.stdout.write('\n' + [line(cells[0]!), widths.map((w) => '-'.repeat(w)).join('  '), ...cells.slice(1).map(line)].join('\n') + '\n');
}

function fmt(n: number): string {
  return n.toLocaleString('en-US', { maximumFractionDigits: 1 });
}

function positive(name: string, fallback: number): number {
  const raw = process.env[name];
  if (!raw) return fallback;
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`${name} must be a positive number, not ${raw}`);
  return n;
}
