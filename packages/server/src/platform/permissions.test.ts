/**
 * R2: walks every route of the app (from its own route table, so a new route joins by
 * construction) with an actor of each role from an unrelated unit, pointing every id at
 * another unit's data: nothing of it is read or changed. Without a session: 401.
 */
import { randomUUID } from 'node:crypto';
import { ROLES, type Role } from '@baocao/core';
import { beforeAll, describe, expect, it } from 'vitest';
import { authAs, call, makeUnit, makeUser, type Auth, type TestUser } from '../../test/factories.js';
import { useTestApp } from '../../test/harness.js';
import type { UnitRow } from '../modules/units/units.queries.js';
import { sampleTemplate } from '../../test/templates.fixtures.js';
import { attachToVictim, victimAttachment } from '../../test/attachments.fixtures.js';

const templateFile = (unitId: string) => {
  const { info, definition } = sampleTemplate(unitId, 'CAI-VAO-BM');
  const { requestingUnitId: _u, ...rest } = info;
  return Buffer.from(JSON.stringify({ format: 'baocao-template', formatVersion: 1, info: rest, definition })).toString('base64');
};

const t = useTestApp();

type Ids = { victimUnit: string; victimRoot: string; victimUser: string; victimTemplate: string; ownUnit: string; ownUser: string };

/** The victim's reporting: a regime, its assignment to a commune, that commune's delegation, a unit group. */
let reporting: { regime: string; assignment: string; delegation: string; group: string; commune: string; signature: string; lineage: string };
const adHoc = (requestingUnitId: string, templateId: string, unitIds: string[]) => ({
  kind: 'ad_hoc', code: `CAI-VAO-${requestingUnitId.slice(0, 4)}`, name: 'Yêu cầu cài vào', requestingUnitId, templateIds: [templateId], targets: [{ type: 'units', unitIds }], dueOn: '2026-03-06',
});
type Probe = { params?: Record<string, string>; query?: Record<string, string | undefined>; body?: unknown };

/**
 * How to aim each route at the victim. A route missing here fails the test: add its probe.
 * Several probes per route mix own and foreign ids (own unit in the path, foreign parent in the body).
 */
/** A question about the victim's accepted figures (its template's first cell, the whole of 2026). */
const seriesOf = (rootUnitId: string) => ({
  measure: { kind: 'cell', lineageId: reporting.lineage, rowCode: 'R01', columnCode: 'KH' }, units: { rootUnitId }, periods: { from: '2026-01-01', to: '2026-12-31' },
});

const PROBES: Record<string, (ids: Ids) => Probe[]> = {
  'GET /api/v1/auth/session': () => [{}],
  'POST /api/v1/auth/logout': () => [{ body: {} }],
  'POST /api/v1/auth/logout-others': () => [{}],
  // The caller's own second factor: nothing of another user's is named, so nothing can leak.
  'GET /api/v1/auth/totp': () => [{}],
  'POST /api/v1/auth/totp/setup': () => [{ body: {} }],
  'POST /api/v1/auth/totp/confirm': () => [{ body: { code: '123456' } }],
  'POST /api/v1/auth/totp/disable': () => [{ body: { code: '123456' } }],
  'GET /api/v1/exchange/packets/:type': (i) => [
    { params: { type: 'regime' }, query: { id: reporting.regime } },
    { params: { type: 'template' }, query: { id: i.victimTemplate } },
    { params: { type: 'reportData' }, query: { id: reporting.assignment } },
    { params: { type: 'listReportData' }, query: { id: reporting.regime, periodKey: 'ad-hoc' } },
    { params: { type: 'reportStatus' }, query: { id: reporting.regime } },
    { params: { type: 'kpiData' }, query: { periodKey: 'ad-hoc', rootUnitId: i.victimRoot } },
    { params: { type: 'periodCatalogue' }, query: { year: '2026' } },
    { params: { type: 'indicatorCatalogue' }, query: { id: catalog.official } },
    { params: { type: 'kpiSet' } },
    { params: { type: 'kpiGroupCatalogue' } },
    { params: { type: 'kpiDisaggregationCatalogue' } },
  ],
  'POST /api/v1/exchange/exports': () => [
    { body: { type: 'regime', filters: { id: reporting.regime } } },
    { body: { type: 'reportData', filters: { id: reporting.assignment } } },
    { body: { type: 'kpiData', filters: { periodKey: 'ad-hoc', rootUnitId: reporting.commune } } },
  ],
  'POST /api/v1/exchange/imports': () => [
    {
      body: {
        format: 'baocao.qcvn125', version: 1, type: 'indicatorCatalogue', id: randomUUID(), createdAt: '2026-03-02T02:00:00Z', sender: { unitCode: 'CAI-VAO', system: 'cai-vao' },
        payload: { code: 'CT-B', version: 1, name: 'Bị ghi đè', legalBasis: '', description: '', indicators: [{ code: 'CT-01', name: 'Bị đổi', parentCode: null, unitOfMeasure: '', group: '', periodicity: ['year'], concept: '', calculationMethod: '', mainDisaggregations: '', dataSource: '', responsibleUnit: '', active: true }] },
      },
    },
  ],
  'GET /api/v1/exchange/imports': () => [{}],
  'GET /api/v1/exchange/api-keys': (i) => [{}, { query: { unitId: i.victimUnit } }],
  'POST /api/v1/exchange/api-keys': (i) => [{ body: { name: 'Khóa cài vào', unitId: i.victimUnit, scopes: ['exchange.export', 'exchange.import'] } }],
  'POST /api/v1/exchange/api-keys/:keyId/revoke': () => [{ params: { keyId: randomUUID() }, body: {} }],
  // Federation: the victim's lower system, a request it received, and its report sent up.
  'GET /api/v1/exchange/peers': () => [{}],
  'POST /api/v1/exchange/peers': (i) => [{ body: { name: 'Kết nối cài vào', unitId: i.victimUnit, url: 'http://127.0.0.1:9/api/v1/exchange/imports', token: 'bck_cai-vao-khoa' } }],
  'POST /api/v1/exchange/peers/:peerId/revoke': () => [{ params: { peerId: federation.peer }, body: {} }, { params: { peerId: randomUUID() }, body: {} }],
  'POST /api/v1/exchange/requests': () => [{ body: { regimeId: reporting.regime } }],
  'POST /api/v1/exchange/imports/:importId/setup': (i) => [{ params: { importId: federation.request }, body: { reportingUnitId: i.ownUnit } }, { params: { importId: federation.request }, body: { reportingUnitId: i.victimUnit, requestingUnitId: i.victimRoot } }],
  'POST /api/v1/exchange/reports/:assignmentId/send-up': () => [{ params: { assignmentId: reporting.assignment } }],
  'GET /api/v1/exchange/answers': () => [{}, { query: { regimeId: reporting.regime } }],
  'POST /api/v1/auth/password': () => [{ body: { currentPassword: 'sai-mat-khau', newPassword: 'MatKhauMoi-123' } }],
  // Operations (R31-R33): the operator's lists and changes are the system administrator's; anyone may report an incident.
  'GET /api/v1/maintenance': () => [{}],
  'POST /api/v1/maintenance': () => [{ body: { startsAt: '2026-03-10T01:00:00Z', endsAt: '2026-03-10T03:00:00Z', changes: 'Cài vào', message: 'Cài vào', emergency: false } }],
  'PUT /api/v1/maintenance/:id': () => [{ params: { id: randomUUID() }, body: { startsAt: '2026-03-10T01:00:00Z', endsAt: '2026-03-10T03:00:00Z', changes: 'Cài vào', message: 'Cài vào' } }],
  'POST /api/v1/maintenance/:id/cancel': () => [{ params: { id: randomUUID() }, body: {} }],
  'POST /api/v1/incidents': () => [{ body: { kind: 'help', subject: 'Cần hỗ trợ', description: 'Không mở được biểu mẫu', pageUrl: '/viec-cua-toi', requestId: null } }],
  'GET /api/v1/incidents': () => [{}, { query: { status: 'new' } }],
  'POST /api/v1/incidents/:id/notes': () => [{ params: { id: randomUUID() }, body: { status: 'resolved', note: 'Cài vào' } }],
  'GET /api/v1/outages': () => [{}],
  'POST /api/v1/outages': (i) => [{ body: { startsAt: '2026-03-02T01:00:00Z', endsAt: '2026-03-02T08:00:00Z', reason: 'Cài vào', unitIds: [i.victimUnit] } }],
  'POST /api/v1/outages/:id/cancel': () => [{ params: { id: randomUUID() }, body: {} }],
  'GET /api/v1/backups': () => [{}],
  'POST /api/v1/backups': () => [{}],
  'GET /api/v1/units/tree': () => [{}, { query: { includeInactive: 'true' } }],
  // Saved views and the overview page: an id of no view of the attacker's (only its owner may change one; dashboards.test.ts
  // covers a colleague's and another unit's views), and a question about the victim's figures.
  'GET /api/v1/dashboard': () => [{}],
  'GET /api/v1/saved-views': () => [{}],
  'POST /api/v1/saved-views': (i) => [{ body: { name: 'Cài vào', kind: 'dashboard', query: seriesOf(i.victimRoot), sharedWithUnit: true } }],
  'PATCH /api/v1/saved-views/:viewId': () => [{ params: { viewId: reporting.assignment }, body: { name: 'Bị đổi tên', sharedWithUnit: true } }],
  'DELETE /api/v1/saved-views/:viewId': () => [{ params: { viewId: reporting.assignment } }],
  'GET /api/v1/units': (i) => [{}, { query: { parentId: i.victimRoot } }, { query: { q: 'Nạn nhân' } }],
  'GET /api/v1/units/export': (i) => [{ query: { format: 'csv' } }, { query: { format: 'csv', rootId: i.victimRoot } }, { query: { format: 'xlsx', rootId: i.victimUnit } }],
  'POST /api/v1/units/import': () => [
    { body: { format: 'csv', contentBase64: Buffer.from('code,name,kind,parent_code,active\nNN-DEPT,Bị đổi tên,department,NN-ROOT,true\n').toString('base64') } },
    { body: { format: 'csv', contentBase64: Buffer.from('code,name,kind,parent_code,active\nNN-NEW,Đơn vị cài vào,department,NN-ROOT,true\n').toString('base64') } },
  ],
  'GET /api/v1/units/:unitId': (i) => [{ params: { unitId: i.victimUnit } }],
  // attachments (R35): aimed at the victim's report and its attached file
  'GET /api/v1/assignments/:assignmentId/attachments': () => [{ params: { assignmentId: reporting.assignment } }],
  'POST /api/v1/assignments/:assignmentId/attachments': () => [{ params: { assignmentId: reporting.assignment }, body: { name: 'cai-vao.pdf', contentBase64: Buffer.from('%PDF-1.4\n%%EOF\n').toString('base64') } }],
  'GET /api/v1/assignments/:assignmentId/attachments/:attachmentId/content': () => [{ params: { assignmentId: reporting.assignment, attachmentId: victimAttachment.id } }],
  'DELETE /api/v1/assignments/:assignmentId/attachments/:attachmentId': () => [{ params: { assignmentId: reporting.assignment, attachmentId: victimAttachment.id } }],
  'GET /api/v1/units/:unitId/history': (i) => [{ params: { unitId: i.victimUnit } }],
  'POST /api/v1/units': (i) => [{ body: { code: 'CAI-VAO', name: 'Đơn vị cài vào', kind: 'department', parentId: i.victimUnit } }],
  'PATCH /api/v1/units/:unitId': (i) => [{ params: { unitId: i.victimUnit }, body: { name: 'Bị đổi tên' } }],
  'POST /api/v1/units/:unitId/move': (i) => [
    { params: { unitId: i.victimUnit }, body: { parentId: i.ownUnit } },
    { params: { unitId: i.ownUnit }, body: { parentId: i.victimUnit } },
  ],
  'POST /api/v1/units/:unitId/deactivate': (i) => [{ params: { unitId: i.victimUnit }, body: {} }],
  'POST /api/v1/units/:unitId/activate': (i) => [{ params: { unitId: i.victimUnit }, body: {} }],
  'GET /api/v1/users': (i) => [{}, { query: { unitId: i.victimUnit } }, { query: { q: 'nannhan' } }],
  'GET /api/v1/users/:userId': (i) => [{ params: { userId: i.victimUser } }],
  'POST /api/v1/users': (i) => [{ body: { username: 'cai.vao', fullName: 'Cài vào', role: 'viewer', unitId: i.victimUnit, password: 'MatKhau-12345' } }],
  'PATCH /api/v1/users/:userId': (i) => [
    { params: { userId: i.victimUser }, body: { fullName: 'Bị đổi' } },
    { params: { userId: i.ownUser }, body: { unitId: i.victimUnit } },
  ],
  'POST /api/v1/users/:userId/reset-password': (i) => [{ params: { userId: i.victimUser }, body: {} }],
  'POST /api/v1/users/:userId/unlock': (i) => [{ params: { userId: i.victimUser }, body: {} }],
  'POST /api/v1/users/:userId/totp/reset': (i) => [{ params: { userId: i.victimUser }, body: {} }],
  'GET /api/v1/audit': (i) => [{}, { query: { unitId: i.victimUnit } }, { query: { actorId: i.victimUser } }],
  'GET /api/v1/audit/actions': () => [{}],
  'GET /api/v1/catalog/field-groups': () => [{}],
  'POST /api/v1/catalog/field-groups': () => [{ body: { code: 'NLV-CAI-VAO', name: 'Nhóm cài vào' } }],
  'GET /api/v1/catalog/units-of-measure': () => [{}],
  'POST /api/v1/catalog/units-of-measure': () => [{ body: { code: 'DVT-CAI-VAO', name: 'đơn vị cài vào' } }],
  'GET /api/v1/catalog/sets': () => [{}, { query: { status: 'official' } }, { query: { q: 'Nạn nhân' } }],
  'POST /api/v1/catalog/sets': (i) => [{ body: { code: 'CAI-VAO', name: 'Bộ cài vào', ownerUnitId: i.victimUnit } }, { body: { code: 'CAI-VAO-2', name: 'Bộ cài vào', ownerUnitId: null } }],
  'GET /api/v1/catalog/sets/:setId': () => [{ params: { setId: catalog.official } }, { params: { setId: catalog.draft } }],
  'PATCH /api/v1/catalog/sets/:setId': () => [{ params: { setId: catalog.draft }, body: { name: 'Bị đổi tên' } }],
  'POST /api/v1/catalog/sets/:setId/publish': () => [{ params: { setId: catalog.draft }, body: {} }],
  'POST /api/v1/catalog/sets/:setId/retire': () => [{ params: { setId: catalog.official }, body: {} }],
  'POST /api/v1/catalog/sets/:setId/new-version': () => [{ params: { setId: catalog.official }, body: {} }],
  'GET /api/v1/catalog/sets/:setId/export': () => [{ params: { setId: catalog.official }, query: { format: 'csv' } }, { params: { setId: catalog.draft }, query: { format: 'xlsx' } }],
  'POST /api/v1/catalog/sets/:setId/import': () => [{ params: { setId: catalog.draft }, body: { format: 'csv', contentBase64: Buffer.from('Mã chỉ tiêu,Tên chỉ tiêu,Kỳ công bố\nCT-01,Bị đổi tên,Năm\n').toString('base64') } }],
  'GET /api/v1/catalog/indicators': () => [{}, { query: { setId: catalog.draft } }, { query: { q: 'Nạn nhân' } }],
  'POST /api/v1/catalog/indicators': () => [{ body: { setId: catalog.draft, code: 'CAI-VAO', name: 'Chỉ tiêu cài vào', periodicity: ['year'] } }],
  'GET /api/v1/catalog/indicators/:indicatorId': () => [{ params: { indicatorId: catalog.indicator } }],
  'PATCH /api/v1/catalog/indicators/:indicatorId': () => [{ params: { indicatorId: catalog.indicator }, body: { name: 'Bị đổi tên', active: false } }],
  'GET /api/v1/templates': () => [{}, { query: { scope: 'library' } }, { query: { q: 'Nạn nhân' } }],
  'POST /api/v1/templates': (i) => [{ body: sampleTemplate(i.victimUnit, 'CAI-VAO-BM') }],
  'POST /api/v1/templates/import': (i) => [{ body: { format: 'json', contentBase64: templateFile(i.victimUnit), requestingUnitId: i.victimUnit } }],
  'GET /api/v1/templates/:templateId': (i) => [{ params: { templateId: i.victimTemplate } }],
  'PUT /api/v1/templates/:templateId': (i) => [{ params: { templateId: i.victimTemplate }, body: { ...sampleTemplate(i.victimUnit, 'NN-BM'), revision: 3 } }],
  'POST /api/v1/templates/:templateId/transition': (i) => [{ params: { templateId: i.victimTemplate }, body: { to: 'retired', revision: 3 } }],
  'POST /api/v1/templates/:templateId/versions': (i) => [{ params: { templateId: i.victimTemplate }, body: {} }],
  'POST /api/v1/templates/:templateId/copy': (i) => [{ params: { templateId: i.victimTemplate }, body: { code: 'CAI-VAO-BM2', requestingUnitId: i.ownUnit } }],
  'POST /api/v1/templates/:templateId/share': (i) => [{ params: { templateId: i.victimTemplate }, body: { shared: true } }],
  'GET /api/v1/templates/:templateId/export': (i) => [{ params: { templateId: i.victimTemplate }, query: { format: 'json' } }, { params: { templateId: i.victimTemplate }, query: { format: 'xlsx' } }],
  'GET /api/v1/notifications': () => [{}],
  'GET /api/v1/regimes': () => [{}, { query: { q: 'Nạn nhân' } }, { query: { status: 'active', kind: 'ad_hoc' } }],
  'POST /api/v1/regimes': (i) => [{ body: adHoc(i.victimUnit, i.victimTemplate, [reporting.commune]) }, { body: adHoc(i.ownUnit, i.victimTemplate, [reporting.commune]) }],
  'POST /api/v1/regimes/preview': (i) => [{ body: adHoc(i.victimUnit, i.victimTemplate, [reporting.commune]) }, { body: adHoc(i.ownUnit, i.victimTemplate, [reporting.commune]) }],
  'GET /api/v1/regimes/target-units': (i) => [{ query: { requestingUnitId: i.victimUnit } }, { query: { requestingUnitId: i.victimRoot } }],
  'GET /api/v1/regimes/:regimeId': () => [{ params: { regimeId: reporting.regime } }],
  'PUT /api/v1/regimes/:regimeId': (i) => [
    { params: { regimeId: reporting.regime }, body: { name: 'Bị đổi tên', legalBasis: '', targets: [{ type: 'units', unitIds: [i.ownUnit] }], reminderDaysBefore: [1], endsOn: '2026-03-06', revision: 1 } },
  ],
  'POST /api/v1/regimes/:regimeId/end': () => [{ params: { regimeId: reporting.regime }, body: { revision: 1, reason: 'Phá' } }],
  'GET /api/v1/regimes/:regimeId/schedule': () => [{ params: { regimeId: reporting.regime } }],
  'GET /api/v1/regimes/:regimeId/rounds/:roundKey': () => [{ params: { regimeId: reporting.regime, roundKey: 'ad-hoc' } }],
  'GET /api/v1/unit-groups': () => [{}],
  'POST /api/v1/unit-groups': (i) => [
    { body: { name: 'Nhóm cài vào', ownerUnitId: i.victimUnit, unitIds: [reporting.commune] } },
    { body: { name: 'Nhóm cài vào', ownerUnitId: i.ownUnit, unitIds: [reporting.commune] } },
  ],
  'PUT /api/v1/unit-groups/:groupId': (i) => [{ params: { groupId: reporting.group }, body: { name: 'Bị đổi tên', unitIds: [i.ownUnit], revision: 1 } }],
  'DELETE /api/v1/unit-groups/:groupId': () => [{ params: { groupId: reporting.group } }],
  'GET /api/v1/inbox': () => [{}],
  'GET /api/v1/assignments/:assignmentId': () => [{ params: { assignmentId: reporting.assignment } }, { params: { assignmentId: reporting.delegation } }],
  'POST /api/v1/assignments/:assignmentId/delegations': (i) => [{ params: { assignmentId: reporting.assignment }, body: { unitIds: [i.ownUnit], dueOn: '2026-03-04' } }],
  'PUT /api/v1/assignments/:assignmentId/assignee': (i) => [{ params: { assignmentId: reporting.assignment }, body: { userId: i.ownUser } }, { params: { assignmentId: reporting.assignment }, body: { userId: null } }],
  'POST /api/v1/assignments/:assignmentId/withdraw': () => [{ params: { assignmentId: reporting.delegation }, body: { reason: 'Phá' } }],
  'PUT /api/v1/assignments/:assignmentId/due': () => [{ params: { assignmentId: reporting.delegation }, body: { dueOn: '2026-03-03' } }],
  'GET /api/v1/assignments/:assignmentId/form': () => [{ params: { assignmentId: reporting.assignment } }, { params: { assignmentId: reporting.delegation } }],
  'PUT /api/v1/assignments/:assignmentId/values': () => [{ params: { assignmentId: reporting.assignment }, body: { baseVersion: 0, changes: { 'R01!KH': '1' } } }],
  'PUT /api/v1/assignments/:assignmentId/narrative': () => [{ params: { assignmentId: reporting.assignment }, body: { baseVersion: 0, sections: { I: '<p>Phá</p>' } } }],
  'POST /api/v1/assignments/:assignmentId/submit': () => [{ params: { assignmentId: reporting.assignment }, body: { version: 0 } }],
  'GET /api/v1/assignments/:assignmentId/form.xlsx': () => [{ params: { assignmentId: reporting.assignment } }],
  'GET /api/v1/assignments/:assignmentId/form.csv': () => [{ params: { assignmentId: reporting.assignment } }],
  'POST /api/v1/assignments/:assignmentId/upload': () => [{ params: { assignmentId: reporting.assignment }, body: { format: 'csv', contentBase64: Buffer.from('row_code,KH\nR01,1\n').toString('base64'), version: 0 } }],
  'GET /api/v1/assignments/:assignmentId/history': () => [{ params: { assignmentId: reporting.assignment } }],
  'GET /api/v1/assignments/:assignmentId/versions': () => [{ params: { assignmentId: reporting.assignment } }],
  'POST /api/v1/assignments/:assignmentId/review': () => [{ params: { assignmentId: reporting.assignment }, body: { decision: 'reject', reason: 'Phá' } }],
  'GET /api/v1/assignments/:assignmentId/workflow': () => [{ params: { assignmentId: reporting.assignment } }],
  'POST /api/v1/assignments/:assignmentId/sign': () => [{ params: { assignmentId: reporting.assignment }, body: { versionNumber: 1 } }],
  'POST /api/v1/assignments/:assignmentId/sign/external': () => [{ params: { assignmentId: reporting.assignment }, body: { versionNumber: 1 } }],
  'PUT /api/v1/assignments/:assignmentId/sign/external': () => [{ params: { assignmentId: reporting.assignment }, body: { versionNumber: 1, cms: 'AAAA', pdfCms: 'AAAA' } }],
  'POST /api/v1/assignments/:assignmentId/leader-return': () => [{ params: { assignmentId: reporting.assignment }, body: { reason: 'Phá' } }],
  'POST /api/v1/assignments/:assignmentId/corrections': () => [{ params: { assignmentId: reporting.assignment }, body: { reason: 'Phá' } }],
  'POST /api/v1/assignments/:assignmentId/corrections/decision': () => [{ params: { assignmentId: reporting.assignment }, body: { decision: 'approve' } }],
  'GET /api/v1/assignments/:assignmentId/preview.pdf': () => [{ params: { assignmentId: reporting.assignment } }],
  'GET /api/v1/assignments/:assignmentId/preview.docx': () => [{ params: { assignmentId: reporting.assignment } }],
  'GET /api/v1/assignments/:assignmentId/signatures/:signatureId/report.pdf': () => [{ params: { assignmentId: reporting.assignment, signatureId: reporting.signature } }],
  'GET /api/v1/assignments/:assignmentId/signatures/:signatureId/report.docx': () => [{ params: { assignmentId: reporting.assignment, signatureId: reporting.signature } }],
  'GET /api/v1/assignments/:assignmentId/signatures/:signatureId/report.p7s': () => [{ params: { assignmentId: reporting.assignment, signatureId: reporting.signature } }],
  'GET /api/v1/assignments/:assignmentId/signatures/:signatureId/report.json': () => [{ params: { assignmentId: reporting.assignment, signatureId: reporting.signature } }],
  'POST /api/v1/analytics/series': (i) => [{ body: seriesOf(i.victimRoot) }],
  'POST /api/v1/analytics/series.xlsx': (i) => [{ body: seriesOf(i.victimRoot) }],
  'POST /api/v1/analytics/series.csv': (i) => [{ body: seriesOf(i.victimRoot) }],
  // The library is readable city-wide (R13) and so are the headers of the official templates carrying an indicator.
  'GET /api/v1/analytics/indicators/:indicatorId/columns': () => [{ params: { indicatorId: catalog.indicator } }],
  'POST /api/v1/analytics/framework-report.docx': (i) => [{ body: { rootUnitId: i.victimRoot, year: 2026, periodKind: 'month', indicatorIds: [catalog.indicator] } }],
  'POST /api/v1/analytics/framework-report.xlsx': (i) => [{ body: { rootUnitId: i.victimUnit, year: 2026, periodKind: 'month', indicatorIds: [catalog.indicator] } }],
  'GET /api/v1/oversight': (i) => [{ query: { rootUnitId: i.victimRoot, from: '2026-01-01', to: '2026-12-31' } }],
  'GET /api/v1/oversight/usage-report.docx': (i) => [{ query: { unitId: i.victimUnit, year: '2026', part: 'Y' } }],
  'GET /api/v1/oversight/usage-report.xlsx': (i) => [{ query: { unitId: i.victimUnit, year: '2026', part: 'H2' } }],
  'GET /api/v1/assignments/:assignmentId/aggregate': () => [{ params: { assignmentId: reporting.assignment } }],
  'POST /api/v1/assignments/:assignmentId/aggregate': () => [{ params: { assignmentId: reporting.assignment }, body: { version: 0, note: 'Phá' } }],
  'GET /api/v1/regimes/:regimeId/rounds/:roundKey/aggregate': () => [{ params: { regimeId: reporting.regime, roundKey: 'ad-hoc' } }],
  'GET /api/v1/calendar/:year': () => [{ params: { year: '2026' } }],
  'PUT /api/v1/calendar/overrides/:date': () => [{ params: { date: '2026-03-09' }, body: { kind: 'off', note: 'Phá' } }],
  'DELETE /api/v1/calendar/overrides/:date': () => [{ params: { date: '2026-03-10' } }],
  'POST /api/v1/scheduler/run': () => [{ body: {} }],
};

/**
 * The indicator library is readable city-wide (R13), so its probes aim at sets of a third unit,
 * outside every attacker's scope and holding nothing of the victim: reads answer, changes are refused.
 */
let catalog: { official: string; draft: string; indicator: string };
beforeAll(async () => {
  const owner = await makeUnit(t.db, { name: 'Sở Chủ quản chỉ tiêu' });
  const auth = await authAs(t, await makeUser(t.db, owner, 'unit_admin'));
  const set = async (code: string) => (await call(t.app, 'POST', '/api/v1/catalog/sets', { auth, body: { code, name: `Bộ ${code}`, ownerUnitId: owner.id } })).json.id as string;
  const indicator = async (setId: string) => (await call(t.app, 'POST', '/api/v1/catalog/indicators', { auth, body: { setId, code: 'CT-01', name: 'Chỉ tiêu thử', periodicity: ['year'] } })).json.id as string;
  const official = await set('CT-A');
  await indicator(official);
  await call(t.app, 'POST', `/api/v1/catalog/sets/${official}/publish`, { auth, body: {} });
  const draft = await set('CT-B');
  catalog = { official, draft, indicator: await indicator(draft) };
});

/** The app's API routes; logout last, since it ends the attacker's session. */
function apiRoutes() {
  return t.app.routeTable
    .filter((r) => r.url.startsWith('/api/') && !r.url.startsWith('/api/v1/docs') && r.access !== 'public')
    .sort((a, b) => Number(a.url.endsWith('/logout')) - Number(b.url.endsWith('/logout')));
}

function urlOf(template: string, probe: Probe): string {
  const path = template.replace(/:(\w+)/g, (_, name: string) => {
    const v = probe.params?.[name];
    if (!v) throw new Error(`probe for ${template} lacks :${name}`);
    return v;
  });
  const qs = new URLSearchParams(Object.entries(probe.query ?? {}).filter((e): e is [string, string] => e[1] !== undefined)).toString();
  return qs ? `${path}?${qs}` : path;
}

let victim: { root: UnitRow; unit: UnitRow; user: TestUser; template: string; secrets: string[] };
let federation: { peer: string; request: string };

async function victimState() {
  const units = await t.db.selectFrom('units').selectAll().where('path', 'like', `${victim.root.path}%`).orderBy('id').execute();
  const users = await t.db.selectFrom('users').selectAll().where('unit_id', 'in', units.map((u) => u.id)).orderBy('id').execute();
  const templates = await t.db.selectFrom('templates').selectAll().where('requesting_unit_id', 'in', units.map((u) => u.id)).orderBy('id').execute();
  const history = await t.db.selectFrom('unit_history').selectAll().where('unit_id', 'in', units.map((u) => u.id)).orderBy('unit_id').orderBy('version').execute();
  const foreign = await t.db.selectFrom('templates').select('id').where('code', 'like', 'CAI-VAO%').execute();
  const ids = units.map((u) => u.id);
  const regimes = await t.db.selectFrom('regimes').selectAll().orderBy('id').execute();
  const assignments = await t.db.selectFrom('assignments').selectAll().where('unit_id', 'in', ids).orderBy('id').execute();
  const forms = await t.db.selectFrom('report_forms').selectAll().orderBy('assignment_id').execute();
  const cells = await t.db.selectFrom('cell_changes').selectAll().orderBy('id').execute();
  const groups = await t.db.selectFrom('unit_groups').selectAll().orderBy('id').execute();
  const members = await t.db.selectFrom('unit_group_members').selectAll().orderBy('group_id').orderBy('unit_id').execute();
  const calendar = await t.db.selectFrom('calendar_overrides').selectAll().orderBy('date').execute();
  const peers = await t.db.selectFrom('exchange_peers').selectAll().where('unit_id', 'in', units.map((u) => u.id)).orderBy('id').execute();
  const setups = await t.db.selectFrom('exchange_request_setups').selectAll().orderBy('import_id').execute();
  return JSON.stringify({ units, users, history, templates, foreign, regimes, assignments, groups, members, calendar, forms, cells, peers, setups });
}

beforeAll(async () => {
  const root = await makeUnit(t.db, { code: 'NN-ROOT', name: 'Thành phố Nạn nhân' });
  const unit = await makeUnit(t.db, { parent: root, code: 'NN-DEPT', name: 'Sở Nạn nhân' });
  const user = await makeUser(t.db, unit, 'specialist');
  await makeUser(t.db, unit, 'unit_admin');
  // The victim's own activity, so that audit and history have something to leak.
  const vAdmin = await makeUser(t.db, root, 'unit_admin');
  await call(t.app, 'PATCH', `/api/v1/units/${unit.id}`, { auth: await authAs(t, vAdmin), body: { name: 'Sở Nạn nhân' , kind: 'department' } });
  await call(t.app, 'PATCH', `/api/v1/users/${user.id}`, { auth: await authAs(t, vAdmin), body: { fullName: 'Nannhan Chuyên viên' } });
  const vAuth = await authAs(t, vAdmin);
  const tpl = sampleTemplate(unit.id, 'NN-BM');
  tpl.info.name = 'Biểu mẫu Nạn nhân';
  const created = await call(t.app, 'POST', '/api/v1/templates', { auth: vAuth, body: tpl });
  await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: vAuth, body: { to: 'testing', revision: 1 } });
  await call(t.app, 'POST', `/api/v1/templates/${created.json.id}/transition`, { auth: vAuth, body: { to: 'official', revision: 2 } });
  // Its reporting: an ad hoc request to a ward, which passes it on to a division; a unit group.
  const commune = await makeUnit(t.db, { parent: root, kind: 'commune', code: 'NN-XA', name: 'Phường Nạn nhân' });
  const division = await makeUnit(t.db, { parent: commune, kind: 'division', code: 'NN-PHONG', name: 'Phòng Nạn nhân' });
  const regime = await call(t.app, 'POST', '/api/v1/regimes', { auth: vAuth, body: { ...adHoc(unit.id, created.json.id, [commune.id]), code: 'NN-CD', name: 'Yêu cầu Nạn nhân' } });
  expect(regime.status, JSON.stringify(regime.json)).toBe(201);
  const inbox = await call(t.app, 'GET', '/api/v1/inbox', { auth: await authAs(t, await makeUser(t.db, commune, 'leader')) });
  const assignment = inbox.json.items[0].id as string;
  const delegated = await call(t.app, 'POST', `/api/v1/assignments/${assignment}/delegations`, { auth: await authAs(t, await makeUser(t.db, commune, 'specialist')), body: { unitIds: [division.id], dueOn: '2026-03-05' } });
  expect(delegated.status, JSON.stringify(delegated.json)).toBe(201);
  const group = await call(t.app, 'POST', '/api/v1/unit-groups', { auth: vAuth, body: { name: 'Nhóm Nạn nhân', ownerUnitId: unit.id, unitIds: [commune.id] } });
  expect(group.status, JSON.stringify(group.json)).toBe(201);
  // A signed version, written directly (its bytes are not a real signature: only access is probed here).
  const signedBy = await makeUser(t.db, commune, 'leader');
  await t.db.insertInto('submission_versions').values({ assignment_id: assignment, number: 1, inputs: '{"R01!KH":"7"}', computed: '{}', explanations: '{}', submitted_by: signedBy.id, submitted_at: new Date() }).execute();
  const signature = randomUUID();
  const blob = Buffer.from('Nạn nhân');
  await t.db.insertInto('report_signatures').values({
    id: signature, assignment_id: assignment, version_number: 1, document_number: '01/BC-UBND', method: 'server', canonical: blob, cms: blob, pdf: blob, docx: blob,
    certificate: JSON.stringify({ subject: 'CN=Nạn nhân', commonName: 'Nạn nhân', organisation: null, issuer: 'CN=CA', serialNumber: '01', notBefore: '2020-01-01T00:00:00.000Z', notAfter: '2030-01-01T00:00:00.000Z', sha256: '00' }),
    signed_by: signedBy.id, signed_at: new Date(),
  }).execute();
  await attachToVictim(t, assignment, signedBy.id);
  // A lower system the victim sends requests to, and a request from above it received (written directly).
  federation = { peer: randomUUID(), request: randomUUID() };
  await t.db.insertInto('exchange_peers').values({ id: federation.peer, unit_id: commune.id, name: 'Hệ thống Nạn nhân', url: 'http://127.0.0.1:9/api/v1/exchange/imports', token: 'bck_nan-nhan', created_by: vAdmin.id, created_at: new Date() }).execute();
  const requestPacket = {
    format: 'baocao.qcvn125', version: 1, type: 'regime', id: randomUUID(), createdAt: '2026-03-02T02:00:00Z', sender: { unitCode: 'TREN', system: 'baocao' },
    payload: { code: 'NN-YC', name: 'Yêu cầu Nạn nhân', kind: 'ad_hoc', status: 'active', periodicity: null, requestingUnit: { code: 'TREN', name: 'Cấp trên' }, legalBasis: '', startsOn: '2026-03-02', endsOn: null, dueOn: '2026-03-20', templates: [], rounds: [] },
  };
  await t.db.insertInto('exchange_imports').values({
    id: federation.request, packet_id: requestPacket.id, type: 'regime', sender_unit_code: 'TREN', sender_system: 'baocao', packet: JSON.stringify(requestPacket),
    result: JSON.stringify({ packetId: requestPacket.id, type: 'regime', replayed: false, created: 1, updated: 0, unchanged: 0, targetId: null, importedAt: '2026-03-02T02:00:00.000Z' }),
    unit_id: root.id, imported_by: vAdmin.id, api_key_id: null, imported_at: new Date(),
  }).execute();
  reporting = { regime: regime.json.id, assignment, delegation: delegated.json.delegations[0].id, group: group.json.id, commune: commune.id, signature, lineage: created.json.lineageId };
  victim = { root, unit, user, template: created.json.id, secrets: [root.id, unit.id, user.id, created.json.id, 'NN-ROOT', 'NN-DEPT', 'NN-BM', 'Nạn nhân', 'Nannhan', user.username, regime.json.id, assignment, group.json.id, commune.id, 'NN-CD'] };
});

describe('every route keeps to the actor\'s unit subtree (R2)', () => {
  it('has a probe for every route in the app', () => {
    const missing = apiRoutes().map((r) => `${r.method} ${r.url}`).filter((k) => !PROBES[k]);
    expect(missing, 'add these routes to PROBES in permissions.test.ts').toEqual([]);
  });

  it('answers 401 to every non-public route without a session', async () => {
    for (const r of apiRoutes()) {
      for (const probe of PROBES[`${r.method} ${r.url}`]!({ victimUnit: victim.unit.id, victimRoot: victim.root.id, victimUser: victim.user.id, victimTemplate: victim.template, ownUnit: victim.unit.id, ownUser: victim.user.id })) {
        const res = await call(t.app, r.method, urlOf(r.url, probe), { body: probe.body });
        expect(res.status, `${r.method} ${r.url}`).toBe(401);
        expect(res.json.code).toBe('auth.unauthenticated');
      }
    }
  });

  it('aims well: a system administrator (city-wide scope) reads the victim through the same GET probes', async () => {
    const admin = await makeUser(t.db, victim.root, 'system_admin');
    const auth = await authAs(t, admin);
    const ids: Ids = { victimUnit: victim.unit.id, victimRoot: victim.root.id, victimUser: victim.user.id, victimTemplate: victim.template, ownUnit: victim.unit.id, ownUser: victim.user.id };
    let leaks = 0;
    for (const r of apiRoutes().filter((x) => x.method === 'GET')) {
      for (const probe of PROBES[`${r.method} ${r.url}`]!(ids)) {
        const res = await call(t.app, r.method, urlOf(r.url, probe), { auth });
        expect(res.status, `${r.method} ${urlOf(r.url, probe)}`).toBe(200);
        if (victim.secrets.some((s) => res.body.includes(s))) leaks++;
      }
    }
    expect(leaks).toBeGreaterThan(10);
  });

  const attackerRoles = ROLES.filter((r): r is Exclude<Role, 'system_admin'> => r !== 'system_admin');
  for (const role of attackerRoles) {
    it(`a ${role} of an unrelated unit neither reads nor changes another unit's data`, async () => {
      const ownRoot = await makeUnit(t.db, { name: 'Thành phố khác' });
      const own = await makeUnit(t.db, { parent: ownRoot });
      const ownUnit = await makeUnit(t.db, { parent: own });
      const attacker = await makeUser(t.db, own, role);
      const ownUser = await makeUser(t.db, ownUnit, 'viewer');
      const auth: Auth = await authAs(t, attacker);
      const ids: Ids = { victimUnit: victim.unit.id, victimRoot: victim.root.id, victimUser: victim.user.id, victimTemplate: victim.template, ownUnit: ownUnit.id, ownUser: ownUser.id };
      const before = await victimState();
      for (const r of apiRoutes()) {
        for (const probe of PROBES[`${r.method} ${r.url}`]!(ids)) {
          const label = `${role}: ${r.method} ${urlOf(r.url, probe)} ${JSON.stringify(probe.body ?? '')}`;
          const res = await call(t.app, r.method, urlOf(r.url, probe), { auth, body: probe.body });
          expect(res.status, label).toBeLessThan(500);
          if (res.status < 300) {
            for (const secret of victim.secrets) expect(res.body, `${label} leaked ${secret}`).not.toContain(secret);
          } else {
            expect([400, 403, 404, 409], label).toContain(res.status);
          }
        }
      }
      expect(await victimState(), 'the victim unit\'s data changed').toBe(before);
    });
  }
});
