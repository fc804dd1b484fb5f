/**
 * Issue 8: the deadline rush. 200 clients at once, each a commune's specialist with a report of the
 * 300 × 8 city-wide template (bench/generated-template.ts; 1,750 input cells), save the whole form, save it
 * again with every actual changed, then submit. The real server runs as a child process on PostgreSQL
 * (BENCH_DATABASE_URL, default the local server), in a database of its own. Reported: saves per second,
 * save latency p50 and p99, submit p99, lost and duplicated writes (checked in the database against every
 * acknowledged write), and the ratio of saves per second to a bare Fastify + PostgreSQL route that inserts
 * the same JSON as one row (bench/bare-save-server.ts, also its own process), run before and after.
 * RUSH_BENCH_CLIENTS changes the 200. RUSH_BENCH_SERVERS=N runs N app servers on the one database behind
 * nginx (reliability/nginx.ts), as a city with several app servers would (docs/deployment.md). Also
 * reported, for capacity planning: saves per second per app server, and how much the database grows per
 * report (two saves and a submission of the 1,750-cell form: values, history, audit, indexes).
 */
import { spawn } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildGridModel } from '../packages/core/src/templates/grid-model.js';
import { generateData, generateTemplate } from './generated-template.js';
import { result, type Bench, type BenchResult } from './measure.js';
import pg from 'pg';
import { startNginx } from '../reliability/nginx.js';
import { appProcess, Client, newLedger, percentile, postgresStore, setUpRush, verifyLedger, type RushClient } from '../reliability/harness.js';

const here = dirname(fileURLToPath(import.meta.url));
const CLIENTS = Number(process.env.RUSH_BENCH_CLIENTS ?? 200);
const SERVERS = Number(process.env.RUSH_BENCH_SERVERS ?? 1);

type Phase = { saves: number; seconds: number; latencies: number[] };

/** Every client saves `first`, then `second`, all at once; the wall time of the whole is the rate's. */
async function savePhase(clients: RushClient[], put: (c: RushClient, body: unknown) => Promise<{ status: number; version?: number }>, onSaved?: (c: RushClient, version: number, changes: Record<string, string>) => void): Promise<Phase> {
  const latencies: number[] = [];
  let saves = 0;
  const started = performance.now();
  await Promise.all(
    clients.map(async (c) => {
      let version = 0;
      for (const changes of [c.first, c.second]) {
        const t0 = performance.now();
        const r = await put(c, { baseVersion: version, changes, explanations: {} });
        latencies.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`save answered ${r.status}`);
        version = r.version ?? version + 1;
        saves++;
        onSaved?.(c, version, changes);
      }
    }),
  );
  return { saves, seconds: (performance.now() - started) / 1000, latencies };
}

async function bareServer(url: string): Promise<{ base: string; stop: () => void }> {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'bare-save-server.ts'), url], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<string>((ok, fail) => {
    child.stdout.once('data', (d: Buffer) => ok(d.toString().trim()));
    child.once('exit', (code) => fail(new Error(`bare server exited with ${code}`)));
  });
  return { base: `http://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

const rush: Bench = async () => {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const store = await postgresStore(adminUrl);
  const apps = await Promise.all(Array.from({ length: SERVERS }, () => appProcess(store, { RATE_LIMIT_API_PER_MINUTE: '0' })));
  const bareStore = await postgresStore(adminUrl);
  const bare = await bareServer(bareStore.env.DATABASE_URL!);
  let lb: Awaited<ReturnType<typeof startNginx>> | null = null;
  const sizeOf = async () => {
    const c = new pg.Client({ connectionString: store.env.DATABASE_URL });
    await c.connect();
    const { rows } = await c.query<{ bytes: string }>('select pg_database_size(current_database())::text as bytes');
    await c.end();
    return Number(rows[0]!.bytes);
  };
  try {
    for (const a of apps) await a.start();
    lb = SERVERS > 1 ? await startNginx(apps.map((a) => a.base.replace('http://', ''))) : null;
    const app = { base: lb?.base ?? apps[0]!.base };
    // The 300 × 8 template, designed by Sở Tài chính's specialist.
    const stc = new Client(app.base, 'chuyenvien.stc');
    await stc.login();
    const session = await stc.ok<{ user: { unitId: string } }>('GET', '/auth/session');
    const grid = generateTemplate();
    const created = await stc.ok<{ id: string }>('POST', '/templates', {
      info: { code: 'BENCH-300X8', name: 'Báo cáo thử tải 300 dòng × 8 cột', regimeKind: 'ad_hoc', periodicities: [], fieldGroup: 'Tài chính', requestingUnitId: session.user.unitId, legalBasis: 'Thử tải', description: '' },
      definition: { kind: 'numeric', grid, layout: { title: 'BÁO CÁO THỬ TẢI', orientation: 'landscape' } },
    });
    // Publishing is the department's administrator's.
    const stcAdmin = new Client(app.base, 'quantri.stc');
    await stcAdmin.login();
    await stcAdmin.ok('POST', `/templates/${created.id}/transition`, { to: 'testing', revision: 1 });
    await stcAdmin.ok('POST', `/templates/${created.id}/transition`, { to: 'official', revision: 2 });
    const model = buildGridModel(grid);
    const clients = await setUpRush(app.base, {
      clients: CLIENTS,
      templateId: created.id,
      figures: (i) => {
        const first = generateData(model, 1000 + i).inputs;
        const again = generateData(model, 5000 + i).inputs;
        const second = Object.fromEntries(Object.keys(first).filter((k) => k.endsWith('!TH')).map((k) => [k, again[k]!]));
        return { first, second };
      },
    });
    const cells = Object.keys(clients[0]!.first).length;
    process.stdout.write(`rush: ${clients.length} clients ready, ${cells} cells per form\n`);

    const barePut = async (c: RushClient, body: unknown) => {
      const r = await fetch(`${bare.base}/save/${c.assignmentId}`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, version: ((await r.json()) as { version: number }).version };
    };
    const before = await savePhase(clients, barePut);
    const sizeBefore = await sizeOf();
    const ledger = newLedger();
    const real = await savePhase(
      clients,
      async (c, body) => {
        const r = await c.client.call('PUT', `/assignments/${c.assignmentId}/values`, body);
        return { status: r.status, version: (r.json as { version?: number } | null)?.version };
      },
      (c, version, changes) => ledger.saves.push({ assignmentId: c.assignmentId, version, changes }),
    );
    const submitLatencies: number[] = [];
    await Promise.all(
      clients.map(async (c) => {
        const form = await c.client.ok<{ version: number }>('GET', `/assignments/${c.assignmentId}/form`);
        const t0 = performance.now();
        const r = await c.client.call('POST', `/assignments/${c.assignmentId}/submit`, { version: form.version });
        submitLatencies.push(performance.now() - t0);
        if (r.status !== 200) throw new Error(`submit answered ${r.status}: ${r.text.slice(0, 300)}`);
        ledger.submits.push({ assignmentId: c.assignmentId, version: form.version });
      }),
    );
    const perReport = ((await sizeOf()) - sizeBefore) / clients.length;
    const after = await savePhase(clients, barePut);
    process.stdout.write(`rush: saves ${(real.saves / real.seconds).toFixed(1)}/s, bare ${(before.saves / before.seconds).toFixed(1)}/s and ${(after.saves / after.seconds).toFixed(1)}/s\n`);
    for (const a of apps) await a.kill('SIGTERM');
    const db = await store.open();
    const check = await verifyLedger(db.db, clients, ledger).finally(() => db.close());
    const lost = check.lostCells + check.lostSubmissions + check.wrongFinal;
    const duplicated = check.duplicatedCells + check.duplicateSubmissions;
    if (lost || duplicated) throw new Error(`the rush lost ${lost} and duplicated ${duplicated} writes: ${JSON.stringify(check)}`);
    const rate = (p: Phase) => p.saves / p.seconds;
    const bareRate = (rate(before) + rate(after)) / 2;
    const bareLatencies = [...before.latencies, ...after.latencies];
    process.stdout.write(
      `rush: ${real.saves} saves in ${real.seconds.toFixed(1)} s (${rate(real).toFixed(1)}/s), bare ${rate(before).toFixed(1)}/s before and ${rate(after).toFixed(1)}/s after; ` +
        `save p50 ${percentile(real.latencies, 0.5).toFixed(0)} ms p99 ${percentile(real.latencies, 0.99).toFixed(0)} ms; submit p99 ${percentile(submitLatencies, 0.99).toFixed(0)} ms; ` +
        `${check.acknowledgedSaves} saves and ${check.acknowledgedSubmits} submissions acknowledged, lost ${lost}, duplicated ${duplicated}; ` +
        `${SERVERS} app server(s)${lb ? ' behind nginx' : ''}, ${(rate(real) / SERVERS).toFixed(1)} saves/s each; the database grew ${(perReport / 1024).toFixed(0)} kB per report\n`,
    );
    const rows: BenchResult[] = [
      result(`rush saves/s (${clients.length} clients, 300×8 form, PostgreSQL${SERVERS > 1 ? `, ${SERVERS} app servers behind nginx` : ''})`, 'saves/s', rate(real), bareRate),
      // Capacity (docs/deployment.md): per app server, and the database's growth per report, against the bare row's size.
      result(`rush saves/s per app server (${SERVERS} app server${SERVERS > 1 ? 's' : ''})`, 'saves/s', rate(real) / SERVERS, bareRate),
      { name: 'database growth per report (300×8 form: 2 saves, submitted)', value: Math.round(perReport / 1024), unit: 'kB', baseline: 0, ratio: 0 },
      result('rush save latency p50', 'ms', percentile(real.latencies, 0.5), percentile(bareLatencies, 0.5)),
      result('rush save latency p99', 'ms', percentile(real.latencies, 0.99), percentile(bareLatencies, 0.99)),
      // A submit has no bare twin: its baseline is the bare insert's p99, for scale.
      result('rush submit latency p99', 'ms', percentile(submitLatencies, 0.99), percentile(bareLatencies, 0.99)),
      { name: 'rush lost writes', value: lost, unit: 'writes', baseline: 0, ratio: 0 },
      { name: 'rush duplicated writes', value: duplicated, unit: 'writes', baseline: 0, ratio: 0 },
    ];
    return rows;
  } finally {
    await lb?.stop();
    for (const a of apps) await a.kill();
    bare.stop();
    await store.drop();
    await bareStore.drop();
  }
};

export default rush;
