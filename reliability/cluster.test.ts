/**
 * Issue 9 (stateless app servers): three app servers on one PostgreSQL database behind nginx on loopback
 * (reliability/nginx.ts), started at the same moment on an empty database (they take turns to migrate and
 * seed), each running its scheduler every second and its outbox worker, mail going to a local SMTP server.
 * The deadline rush is driven through nginx, so a person's requests land on all three servers in turn
 * (sessions, CSRF tokens and uploads must be shared); half-way through one server is killed with SIGKILL
 * and stays down. Meanwhile a commune is created, which every scheduler then races to assign.
 * Afterwards: every acknowledged write is there once, no assignment or notice made twice, every mail
 * delivered (a mail the killed server had handed over but not marked goes again, with the same Message-ID),
 * no 500. Prints the counts.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { expectIntact, ledgerCounts, rushFigures } from './checks.js';
import { startSmtpSink } from '../packages/server/test/smtp-sink.js';
import { appProcess, Client, newLedger, ownCluster, postgresStore, rushOne, setUpRush, sleep, until, verifyLedger, type Store } from './harness.js';
import { NGINX, startNginx } from './nginx.js';

const CLIENTS = Number(process.env.CLUSTER_CLIENTS ?? 120);
const INSTANCES = 3;
const hasPostgres = Boolean(process.env.TEST_DATABASE_URL) || existsSync('/usr/lib/postgresql');
const cleanups: (() => Promise<unknown> | unknown)[] = [];
afterAll(async () => {
  // Each clean-up gets 30 s, so that one that hangs cannot hide the test's result.
  for (const c of cleanups.reverse()) {
    const t0 = Date.now();
    await Promise.race([Promise.resolve(c()).catch(() => undefined), sleep(30_000)]);
    if (Date.now() - t0 > 5000) process.stdout.write(`cluster: a clean-up took ${((Date.now() - t0) / 1000).toFixed(0)} s: ${c.toString().slice(0, 80)}\n`);
  }
}, 300_000);

async function store(): Promise<Store> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const cluster = await ownCluster();
    cleanups.push(() => cluster.stop());
    adminUrl = cluster.url;
  }
  const s = await postgresStore(adminUrl);
  cleanups.push(() => s.drop());
  return s;
}

// Outside CI it skips without nginx or PostgreSQL; in CI a missing one fails the run.
describe.skipIf((!NGINX || !hasPostgres) && !process.env.CI)('several app servers behind nginx', () => {
  it('three servers, one killed during the rush: nothing lost, no assignment or notice twice, every mail once per Message-ID', async () => {
    if (!NGINX || !hasPostgres) throw new Error('nginx and PostgreSQL are required in CI (apt-get install nginx-light)');
    const began = Date.now();
    const s = await store();
    const smtp = await startSmtpSink();
    cleanups.push(() => smtp.close());
    // Uploads, signing keys and backups: one folder all servers see (shared storage in a city, docs/deployment.md).
    const shared = mkdtempSync(join(tmpdir(), 'baocao-shared-'));
    cleanups.push(() => rmSync(shared, { recursive: true, force: true }));
    const env = {
      BAOCAO_DATA_DIR: shared, SCHEDULER_INTERVAL_SECONDS: '1', OUTBOX_INTERVAL_MS: '200', SMTP_URL: smtp.url, TRUST_PROXY: 'true',
      ATTACHMENTS_ALLOW_UNSCANNED: 'true', PUBLIC_URL: 'https://baocao.example.test',
      // A claim on an outbox row lapses after 10 s (default 600): the servers left deliver what the killed one had claimed.
      OUTBOX_LEASE_SECONDS: '10',
    };
    const apps = await Promise.all(Array.from({ length: INSTANCES }, () => appProcess(s, env)));
    for (const a of apps) cleanups.push(() => a.kill());
    // All at once on the empty database: one migrates and seeds, the others wait for its locks.
    await Promise.all(apps.map((a) => a.start()));
    const started = (Date.now() - began) / 1000;
    const lb = await startNginx(apps.map((a) => a.base.replace('http://', '')));
    cleanups.push(() => lb.stop());

    const clients = await setUpRush(lb.base, { clients: CLIENTS, figures: rushFigures, dueInWorkingDays: 1, emails: true });

    // An upload through nginx is read back through every server (round robin), from the shared folder.
    const uploader = clients[0]!;
    const pdf = Buffer.from('%PDF-1.4\n% Bien ban hop (thu nghiem nhieu may chu)\n%%EOF\n');
    const attachment = await uploader.client.ok<{ id: string }>('POST', `/assignments/${uploader.assignmentId}/attachments`, { name: 'Biên bản họp.pdf', contentBase64: pdf.toString('base64') });
    const reads = await Promise.all(Array.from({ length: INSTANCES * 2 }, () => uploader.client.call('GET', `/assignments/${uploader.assignmentId}/attachments/${attachment.id}/content`)));
    expect(reads.map((r) => r.status)).toEqual(Array(INSTANCES * 2).fill(200));
    expect(reads.every((r) => r.text === pdf.toString('latin1'))).toBe(true);

    const ledger = newLedger();
    const rushStarted = Date.now();
    const rush = Promise.all(clients.map((c) => rushOne(c, ledger, Date.now() + 180_000)));
    while (ledger.saves.length < clients.length / 2) await sleep(10);
    const savesBeforeKill = ledger.saves.length;
    await apps[1]!.kill('SIGKILL');
    // A commune set up mid-rush: the schedulers of the two servers left race to give it its reports.
    const admin = new Client(lb.base, 'quantri');
    await admin.login();
    const tree = await admin.ok<{ id: string; kind: string }[]>('GET', '/units/tree');
    const city = tree[0]!;
    const commune = await admin.ok<{ id: string }>('POST', '/units', { code: `THU-${Date.now().toString(36).toUpperCase()}`, name: 'Xã Thử Nghiệm Nhiều Máy Chủ', kind: 'commune', parentId: city.id });
    const outcomes = await rush;
    const seconds = (Date.now() - rushStarted) / 1000;
    expect(outcomes.every((o) => o === 'done')).toBe(true);

    const database = await s.open();
    try {
      const db = database.db;
      // The schedulers have given the new commune one report per regime that asks every commune.
      const communeRegimes = await db.selectFrom('regimes').select('id').where('status', '=', 'active').where(sql<boolean>`targets @> '[{"type":"kind","unitKind":"commune"}]'::jsonb`).execute();
      const given = await until('the schedulers to assign the new commune', async () => {
        const rows = await db.selectFrom('assignments').select(['regime_id', 'round_key']).where('unit_id', '=', commune.id).execute();
        return rows.length >= communeRegimes.length ? rows : undefined;
      }, 60_000);
      // The reminders queued by the schedulers (due tomorrow) have all gone out as mail, those the killed server had claimed too.
      await until('the outbox to be drained', async () => {
        const row = await db.selectFrom('outbox').select(sql<number>`count(*)::int`.as('n')).where('kind', '=', 'mail').where('status', '=', 'pending').executeTakeFirst();
        return Number(row?.n ?? 1) === 0;
      }, 90_000);
      await sleep(1000);
      for (const a of [apps[0]!, apps[2]!]) await a.kill('SIGTERM');

      const result = await verifyLedger(db, clients, ledger);
      const dupAssignments = await sql<{ n: number }>`
        select count(*)::int as n from (select 1 from assignments where parent_id is null group by regime_id, round_key, lineage_id, unit_id having count(*) > 1) d`.execute(db);
      const extended = await db.selectFrom('audit_log').select(['target_id', sql<string>`details->>'round'`.as('round')])
        .where('action', '=', 'regime.round_extended').where(sql<boolean>`(details->>'assignments')::int > 0`).execute();
      const newNotices = await db.selectFrom('notifications').select(sql<number>`count(*)::int`.as('n')).where('unit_id', '=', commune.id).where('kind', '=', 'assignment.new').executeTakeFirstOrThrow();
      const dupNotices = await sql<{ n: number }>`select count(*)::int as n from (select 1 from notifications group by unit_id, user_id, kind, link, title having count(*) > 1) d`.execute(db);
      const mailRows = await db.selectFrom('outbox').select(['status', sql<number>`count(*)::int`.as('n')]).where('kind', '=', 'mail').groupBy('status').execute();
      const byStatus = Object.fromEntries(mailRows.map((r) => [r.status, Number(r.n)]));
      // A mail's Message-ID comes from its outbox row's key (platform/mailer.ts): one per row.
      const received = new Map<string, number>();
      for (const m of smtp.mails) received.set(m.messageId ?? 'none', (received.get(m.messageId ?? 'none') ?? 0) + 1);
      const dupMails = [...received.values()].filter((n) => n > 1).length;
      process.stdout.write(
        `cluster: ${INSTANCES} app servers up together in ${started.toFixed(1)} s behind nginx; ${clients.length} clients, ${seconds.toFixed(1)} s; server 2 killed after ${savesBeforeKill} saves; ` +
          `${ledgerCounts(result, ledger)}; new commune: ${given.length} assignments from ${communeRegimes.length} regimes, ${extended.length} round extensions, ${Number(newNotices.n)} notices; duplicate assignments ${dupAssignments.rows[0]!.n}, duplicate notices ${dupNotices.rows[0]!.n}; ` +
          `mail outbox ${JSON.stringify(byStatus)}, ${smtp.mails.length} mails received, ${received.size} Message-IDs, ${dupMails} sent again after the kill\n`,
      );
      expectIntact(clients, result, ledger);
      // One assignment per regime and round for the new commune, one extension and one notice each.
      expect(given.length).toBe(communeRegimes.length);
      expect(new Set(given.map((g) => `${g.regime_id}/${g.round_key}`)).size).toBe(given.length);
      expect(extended.length).toBe(given.length);
      expect(Number(newNotices.n)).toBe(given.length);
      expect(dupAssignments.rows[0]!.n).toBe(0);
      expect(dupNotices.rows[0]!.n).toBe(0);
      // Reminders went out as mail (due tomorrow): every row sent, every mail received. A mail goes out twice
      // only when its server died between the SMTP hand-over and marking it sent: at most one per sender of the
      // killed server (its outbox worker and its scheduler), and with the same Message-ID.
      expect(byStatus.sent ?? 0).toBeGreaterThan(0);
      expect(byStatus.pending ?? 0).toBe(0);
      expect(received.size).toBe(byStatus.sent);
      expect(dupMails).toBeLessThanOrEqual(2);
      expect(received.has('none')).toBe(false);
    } finally {
      await database.close();
    }
  }, 420_000);
});
