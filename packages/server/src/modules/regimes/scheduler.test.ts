import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity, monthlyRegime, type City } from '../../../test/reporting.fixtures.js';
import { startSmtpSink } from '../../../test/smtp-sink.js';
import { createMailSender } from '../../platform/mailer.js';
import { runScheduler } from './scheduler.js';

const t = useTestApp();
let sink: Awaited<ReturnType<typeof startSmtpSink>>;

beforeAll(async () => {
  sink = await startSmtpSink();
});
afterAll(async () => {
  await sink?.close();
});

/** One scheduler pass, as the server runs it, sending mail to the local SMTP sink. */
function run(withMail = true) {
  const config = { ...t.config, smtpUrl: sink.url, publicUrl: 'https://baocao.haiphong.gov.vn' };
  return runScheduler({ db: t.db, clock: t.clock, config, sender: withMail ? createMailSender(config) : null });
}

async function cityWithMail(): Promise<City> {
  const c = await makeCity(t);
  for (const u of [...c.specialists, c.designer]) await t.db.updateTable('users').set({ email: `${u.username}@example.vn` }).where('id', '=', u.id).execute();
  return c;
}

const mailsTo = (users: { username: string }[]) => sink.mails.filter((m) => users.some((u) => m.to.includes(`${u.username}@example.vn`)));
const regimeCount = async (regimeId: string) => ({
  rounds: (await t.db.selectFrom('regime_rounds').select('key').where('regime_id', '=', regimeId).orderBy('opens_on').execute()).map((r) => r.key),
  assignments: (await t.db.selectFrom('assignments').select('id').where('regime_id', '=', regimeId).execute()).length,
});

describe('automatic assignment (R15)', () => {
  it('opens each period as it opens, never twice even with two runs at once, and catches up after downtime', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await makeCity(t);
    const created = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
    const id = created.json.id as string;
    expect(await regimeCount(id)).toEqual({ rounds: ['2026-M12'], assignments: 3 });

    await run();
    expect(await regimeCount(id)).toEqual({ rounds: ['2026-M12'], assignments: 3 });

    // 15 December, 08:00 in Hải Phòng: January's window opens. Two passes at once (two servers).
    t.clock.set('2026-12-15T01:00:00Z');
    const [a, b] = await Promise.all([run(), run()]);
    expect(a.today).toBe('2026-12-15');
    expect(await regimeCount(id)).toEqual({ rounds: ['2026-M12', '2027-M01'], assignments: 6 });
    expect(a.assignmentsCreated + b.assignmentsCreated).toBeGreaterThanOrEqual(3);
    const opened = await t.db.selectFrom('audit_log').select('details').where('target_id', '=', id).where('action', '=', 'regime.round_opened').execute();
    expect(opened).toHaveLength(2);

    // The system was down from mid-December to 20 April: February to May open on the next pass.
    t.clock.set('2027-04-20T02:00:00Z');
    await run();
    expect(await regimeCount(id)).toEqual({ rounds: ['2026-M12', '2027-M01', '2027-M02', '2027-M03', '2027-M04', '2027-M05'], assignments: 18 });
    const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: await authAs(t, c.specialists[0]!) });
    const mine = inbox.json.items.filter((i: { regimeId: string }) => i.regimeId === id);
    expect(mine.map((i: { roundKey: string; categories: string[] }) => [i.roundKey, i.categories])).toEqual([
      ['2026-M12', ['to_enter', 'overdue']],
      ['2027-M01', ['to_enter', 'overdue']],
      ['2027-M02', ['to_enter', 'overdue']],
      ['2027-M03', ['to_enter', 'overdue']],
      ['2027-M04', ['to_enter', 'overdue']],
      ['2027-M05', ['to_enter']],
    ]);
  });

  it('assigns nothing from a retired template, and says so in the audit trail', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await makeCity(t);
    const created = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: monthlyRegime(c) });
    const leader = await authAs(t, await makeUser(t.db, c.department, 'leader'));
    const tpl = await call(t.app, 'GET', `/api/v1/templates/${c.templateId}`, { auth: c.designerAuth });
    const retired = await call(t.app, 'POST', `/api/v1/templates/${c.templateId}/transition`, { auth: leader, body: { to: 'retired', revision: tpl.json.revision } });
    expect(retired.json.status).toBe('retired');

    t.clock.set('2026-12-15T01:00:00Z');
    const report = await run();
    expect(report.skippedRetired).toBeGreaterThanOrEqual(1);
    expect(await regimeCount(created.json.id)).toEqual({ rounds: ['2026-M12', '2027-M01'], assignments: 3 });
    const audit = await t.db.selectFrom('audit_log').select('details').where('target_id', '=', created.json.id).where('action', '=', 'regime.round_opened').orderBy('seq', 'desc').executeTakeFirstOrThrow();
    expect(audit.details).toMatchObject({ round: '2027-M01', assignments: 0, notAssignedRetired: [tpl.json.code] });
    // The clock moved two weeks: sign in again.
    const regime = await call(t.app, 'GET', `/api/v1/regimes/${created.json.id}`, { auth: await authAs(t, c.designer) });
    expect(regime.status, JSON.stringify(regime.json)).toBe(200);
    expect(regime.json.templates[0].officialTemplateId).toBeNull();
  });
});

describe('reminders (in the app and by e-mail)', () => {
  it('reminds 3 and 1 days before the due date and once it has passed, each once however often the scheduler runs', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await cityWithMail();
    await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { dueOn: '2026-12-08' }) });
    await run();
    expect(mailsTo(c.specialists)).toHaveLength(0);

    t.clock.set('2026-12-05T02:00:00Z'); // 3 days before
    await run();
    await run();
    const first = mailsTo(c.specialists);
    expect(first).toHaveLength(3);
    expect(first[0]!.subject).toBe('[Báo cáo] Sắp đến hạn: Kết quả thu ngân sách');
    expect(first[0]!.text).toContain('phải gửi trước hết ngày 08/12/2026');
    expect(first[0]!.text).toMatch(/https:\/\/baocao\.haiphong\.gov\.vn\/viec-cua-toi\/[0-9a-f-]{36}/);
    const notices = await call(t.app, 'GET', '/api/v1/notifications', { auth: await authAs(t, c.specialists[1]!) });
    expect(notices.json.filter((n: { kind: string }) => n.kind === 'assignment.reminder')).toHaveLength(1);

    t.clock.set('2026-12-07T02:00:00Z'); // 1 day before
    await run();
    expect(mailsTo(c.specialists)).toHaveLength(6);

    t.clock.set('2026-12-09T02:00:00Z'); // passed
    await run();
    await run();
    const overdue = mailsTo(c.specialists).slice(6);
    expect(overdue).toHaveLength(3);
    expect(overdue[0]!.subject).toBe('[Báo cáo] Quá hạn: Kết quả thu ngân sách');
    expect(overdue[0]!.text).toContain('đã quá hạn 08/12/2026 (1 ngày)');
  });

  it('sends the requesting unit one digest a day: answered, missing, late', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await cityWithMail();
    const created = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { dueOn: '2026-12-08' }) });
    // One ward has sent its report (the state the entry and signing issues will produce).
    await t.db.updateTable('assignments').set({ status: 'sent', sent_at: new Date('2026-12-07T03:00:00Z') }).where('regime_id', '=', created.json.id).where('unit_id', '=', c.communes[0]!.id).execute();

    t.clock.set('2026-12-09T00:30:00Z'); // 07:30 in Hải Phòng
    await run();
    await run();
    const digests = mailsTo([c.designer]);
    expect(digests).toHaveLength(1);
    expect(digests[0]!.subject).toBe('[Báo cáo] Tổng hợp tình hình báo cáo ngày 09/12/2026');
    expect(digests[0]!.text).toContain('đã gửi 1/3; chưa gửi: Phường Lê Chân Thử, Phường Ngô Quyền Thử; quá hạn: Phường Lê Chân Thử (1 ngày), Phường Ngô Quyền Thử (1 ngày)');

    t.clock.set('2026-12-10T00:30:00Z');
    await run();
    expect(mailsTo([c.designer])).toHaveLength(2);
  });

  it('keeps a mail the server refused and sends it on a later pass; without SMTP, notices stay in the app', async () => {
    t.clock.set('2026-12-10T02:00:00Z');
    const c = await cityWithMail();
    await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { dueOn: '2026-12-11' }) });
    sink.failNext(1000);
    await run();
    expect(mailsTo(c.specialists)).toHaveLength(0);
    const waiting = await t.db.selectFrom('outbox').select(['status', 'attempts', 'last_error']).where('payload', '@>', JSON.stringify({ to: `${c.specialists[0]!.username}@example.vn` }) as never).execute();
    expect(waiting).toEqual([{ status: 'pending', attempts: 1, last_error: expect.stringContaining('451') }]);
    sink.failNext(0);
    t.clock.advance(3 * 60_000);
    await run();
    expect(mailsTo(c.specialists)).toHaveLength(3);

    const quiet = await cityWithMail();
    await call(t.app, 'POST', '/api/v1/regimes', { auth: quiet.designerAuth, body: adHocRequest(quiet, { dueOn: '2026-12-11' }) });
    await run(false);
    const skipped = await t.db.selectFrom('outbox').select('status').where('payload', '@>', JSON.stringify({ to: `${quiet.specialists[0]!.username}@example.vn` }) as never).execute();
    expect(skipped).toEqual([{ status: 'skipped' }]);
    const notices = await call(t.app, 'GET', '/api/v1/notifications', { auth: await authAs(t, quiet.specialists[0]!) });
    expect(notices.json.some((n: { kind: string }) => n.kind === 'assignment.reminder')).toBe(true);
  });
});
