import { execFile } from 'node:child_process';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { authAs, call, makeUser } from '../../../test/factories.js';
import { useTestApp } from '../../../test/harness.js';
import { adHocRequest, makeCity } from '../../../test/reporting.fixtures.js';
import { signAs, testSigning } from '../../../test/signing.fixtures.js';

const run = promisify(execFile);
const signing = testSigning();

const t = useTestApp(signing.config);

describe('narrative reports (R17)', () => {
  it('stores each section sanitised, resolves placeholders from the unit\'s figures, and submits', async () => {
    t.clock.set('2026-12-01T02:00:00Z');
    const c = await makeCity(t);
    const numeric = await call(t.app, 'GET', `/api/v1/templates/${c.templateId}`, { auth: c.designerAuth });
    const publisher = await authAs(t, await makeUser(t.db, c.department, 'leader'));
    const outline = {
      info: { code: 'DC-THU', name: 'Báo cáo thuyết minh thu ngân sách', regimeKind: 'ad_hoc', periodicities: [], fieldGroup: 'Tài chính', requestingUnitId: c.department.id, legalBasis: '', description: '' },
      definition: {
        kind: 'narrative',
        outline: [
          { number: 'I', title: 'Kết quả thu', guidance: 'Nêu số thu', placeholders: [{ key: 'thu_thue', label: 'Thu thuế (kế hoạch)', source: { kind: 'cell', templateCode: numeric.json.code, row: 'R01', column: 'KH' } }] },
          { number: 'II', title: 'Kiến nghị' },
        ],
        layout: {},
      },
    };
    const draft = await call(t.app, 'POST', '/api/v1/templates', { auth: c.designerAuth, body: outline });
    expect(draft.status, JSON.stringify(draft.json)).toBe(201);
    await call(t.app, 'POST', `/api/v1/templates/${draft.json.id}/transition`, { auth: c.designerAuth, body: { to: 'testing', revision: 1 } });
    await call(t.app, 'POST', `/api/v1/templates/${draft.json.id}/transition`, { auth: publisher, body: { to: 'official', revision: 2 } });
    const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: c.designerAuth, body: adHocRequest(c, { templateIds: [c.templateId, draft.json.id], targets: [{ type: 'units', unitIds: [c.communes[0]!.id] }] }) });
    expect(regime.status, JSON.stringify(regime.json)).toBe(201);

    const ward = await authAs(t, c.specialists[0]!);
    const items = (await call(t.app, 'GET', '/api/v1/inbox', { auth: ward })).json.items.filter((i: { regimeId: string }) => i.regimeId === regime.json.id);
    const numericId = items.find((i: { template: { kind: string } }) => i.template.kind === 'numeric').id;
    const narrativeId = items.find((i: { template: { kind: string } }) => i.template.kind === 'narrative').id;
    await call(t.app, 'PUT', `/api/v1/assignments/${numericId}/values`, { auth: ward, body: { baseVersion: 0, changes: { 'R01!KH': '1250.5' } } });

    const empty = await call(t.app, 'POST', `/api/v1/assignments/${narrativeId}/submit`, { auth: ward, body: { version: 0 } });
    expect([empty.status, empty.json.code]).toEqual([400, 'form.empty']);
    const saved = await call(t.app, 'PUT', `/api/v1/assignments/${narrativeId}/narrative`, {
      auth: ward,
      body: { baseVersion: 0, sections: { I: '<p onclick="alert(1)">Thu thuế đạt <strong>kế hoạch</strong> <span data-placeholder="thu_thue"></span></p><script>alert(1)</script><img src=x onerror=alert(1)><a href="javascript:alert(1)">xem</a>' } },
    });
    expect(saved.status, JSON.stringify(saved.json)).toBe(200);
    expect(saved.json.narrative).toEqual({ I: '<p>Thu thuế đạt <strong>kế hoạch</strong> <span data-placeholder="thu_thue"></span></p>xem' });
    expect(saved.json.placeholders.thu_thue).toMatchObject({ label: 'Thu thuế (kế hoạch)', value: '1250.5' });
    const unknown = await call(t.app, 'PUT', `/api/v1/assignments/${narrativeId}/narrative`, { auth: ward, body: { baseVersion: 1, sections: { IX: '<p>?</p>' } } });
    expect([unknown.status, unknown.json.code]).toEqual([400, 'form.unknown_sections']);
    const sent = await call(t.app, 'POST', `/api/v1/assignments/${narrativeId}/submit`, { auth: ward, body: { version: 1 } });
    expect(sent.status, JSON.stringify(sent.json)).toBe(200);
    expect(sent.json.status).toBe('awaiting_signature');

    // The leader signs: the document carries the section text with the placeholder's figure, frozen.
    await signing.install([c.communes[0]!]);
    const signed = await signAs(t, await authAs(t, c.leader), narrativeId);
    expect(signed.status, JSON.stringify(signed.json)).toBe(200);
    expect(signed.json.signatures[0].verification.valid).toBe(true);
    const pdf = await call(t.app, 'GET', `/api/v1/assignments/${narrativeId}/signatures/${signed.json.signatures[0].id}/report.pdf`, { auth: ward });
    const dir = await mkdtemp(join(tmpdir(), 'narrative-'));
    await writeFile(join(dir, 'r.pdf'), pdf.raw.rawPayload);
    const text = (await run('pdftotext', ['-layout', join(dir, 'r.pdf'), '-'])).stdout.replace(/\s+/g, ' ');
    expect(text).toContain('I. Kết quả thu');
    expect(text).toContain('Thu thuế đạt kế hoạch 1.250,5');
  });
});
