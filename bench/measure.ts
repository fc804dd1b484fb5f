/**
 * Shared pieces of the benchmarks: the result row every `*.bench.ts` returns, and an HTTP load
 * helper that measures a target and its baseline in alternating segments of the same run, so that
 * whatever the machine is doing at that moment weighs on both alike.
 */
import autocannon from 'autocannon';

/** One figure in bench/results.json. `ratio` is value / baseline. */
export type BenchResult = { name: string; value: number; unit: string; baseline: number; ratio: number };

export type BenchOptions = {
  /** Measured seconds per target (split over the alternating segments). */
  seconds: number;
  connections: number;
};

/** A benchmark module's default export. */
export type Bench = (opts: BenchOptions) => Promise<BenchResult[]>;

export type HttpTarget = { url: string; headers?: Record<string, string> };

export type HttpFigures = { requestsPerSecond: number; latencyP50: number; latencyP99: number; requests: number };

/** Builds a result row, rounding to what the noise of a short run allows. */
export function result(name: string, unit: string, value: number, baseline: number): BenchResult {
  const round = (n: number) => Math.round(n * 10) / 10;
  return { name, value: round(value), unit, baseline: round(baseline), ratio: Math.round((value / baseline) * 1000) / 1000 };
}

/**
 * Loads `target` and `baseline` for `seconds` each with autocannon, in the order baseline, target,
 * target, baseline (after one unmeasured warm-up second each). The client runs in a worker thread so
 * that it does not take the event loop from servers living in this process.
 */
export async function compareHttp(target: HttpTarget, baseline: HttpTarget, opts: BenchOptions): Promise<{ target: HttpFigures; baseline: HttpFigures }> {
  await load(baseline, 1, opts.connections);
  await load(target, 1, opts.connections);
  const half = opts.seconds / 2;
  const runs = { target: [] as autocannon.Result[], baseline: [] as autocannon.Result[] };
  runs.baseline.push(await load(baseline, half, opts.connections));
  runs.target.push(await load(target, half, opts.connections));
  runs.target.push(await load(target, half, opts.connections));
  runs.baseline.push(await load(baseline, half, opts.connections));
  return { target: combine(runs.target), baseline: combine(runs.baseline) };
}

async function load(t: HttpTarget, seconds: number, connections: number): Promise<autocannon.Result> {
  const url = new URL(t.url);
  if (url.hostname !== '127.0.0.1' && url.hostname !== 'localhost') throw new Error(`Benchmarks only load this machine, not ${url.host}`);
  const r = await autocannon({ url: t.url, headers: t.headers ?? {}, connections, duration: seconds, workers: 1 });
  if (r.errors || r.timeouts || r.non2xx || !r['2xx']) {
    throw new Error(`${t.url}: ${r['2xx']} ok, ${r.non2xx} non-2xx (${JSON.stringify(r.statusCodeStats ?? {})}), ${r.errors} errors, ${r.timeouts} timeouts`);
  }
  return r;
}

/** Successful responses over measured time; latency percentiles weighted by each segment's count. */
function combine(rs: autocannon.Result[]): HttpFigures {
  const ok = rs.reduce((n, r) => n + r['2xx'], 0);
  const seconds = rs.reduce((s, r) => s + r.duration, 0);
  const weighted = (pick: (r: autocannon.Result) => number) => rs.reduce((s, r) => s + pick(r) * r['2xx'], 0) / ok;
  return { requestsPerSecond: ok / seconds, latencyP50: weighted((r) => r.latency.p50), latencyP99: weighted((r) => r.latency.p99), requests: ok };
}

/** Milliseconds per call of an async target and baseline, alternating (baseline, target, target, baseline) × 3, medians. */
export async function alternate(target: () => Promise<unknown>, baseline: () => Promise<unknown>, seconds: number): Promise<{ target: number; baseline: number }> {
  await timeFor(baseline, 0.5);
  await timeFor(target, 0.5);
  const rounds = 3;
  const segment = seconds / (2 * rounds);
  const t: number[] = [];
  const b: number[] = [];
  for (let i = 0; i < rounds; i++) {
    b.push(await timeFor(baseline, segment));
    t.push(await timeFor(target, segment), await timeFor(target, segment));
    b.push(await timeFor(baseline, segment));
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  return { target: median(t), baseline: median(b) };
}

/** Milliseconds per call over about `seconds` (at least 2 calls). */
async function timeFor(fn: () => Promise<unknown>, seconds: number): Promise<number> {
  const start = performance.now();
  let calls = 0;
  while (calls < 2 || performance.now() - start < seconds * 1000) {
    await fn();
    calls++;
  }
  return (performance.now() - start) / calls;
}
