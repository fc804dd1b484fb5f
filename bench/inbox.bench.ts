/**
 * `GET /api/v1/inbox` for a ward's specialist (chuyenvien.lechan) with 12 reports assigned: the demo
 * monthly regime plus 11 ad hoc requests of Sở Tài chính to every commune-level unit (so 1,368
 * assignments in the database, 12 of them this ward's), against a bare Fastify route serving the
 * same JSON. Every item joins regime, round, template, units and assignee and counts delegations;
 * time left is computed with the working calendar (operator overrides read per request).
 */
import { workingDaysAfter } from './support.js';
import { compareHttp, result, type Bench } from './measure.js';
import { bareTwin, logIn, onEachEngine, withDemoServer } from './server.js';

const PATH = '/api/v1/inbox';
const REQUESTS = 11;

const inbox: Bench = (opts) => onEachEngine((label, url) => measureOn(label, url, opts));

function measureOn(label: string, databaseUrl: string | null, opts: Parameters<Bench>[0]) {
  return withDemoServer(databaseUrl, async (server) => {
    const stc = await logIn(server.url, 'chuyenvien.stc');
    const headers = { cookie: stc.cookie, 'x-csrf-token': stc.csrf, 'content-type': 'application/json' };
    const templates = (await (await fetch(`${server.url}/api/v1/templates?status=official`, { headers })).json()) as { id: string; code: string }[];
    const template = templates.find((t) => t.code === 'DEMO-STC-01');
    if (!template) throw new Error('The demo template DEMO-STC-01 is missing');
    const session = (await (await fetch(`${server.url}/api/v1/auth/session`, { headers })).json()) as { user: { unitId: string } };
    for (let i = 1; i <= REQUESTS; i++) {
      const body = { kind: 'ad_hoc', code: `BENCH-${i}`, name: `Yêu cầu đột xuất số ${i}`, requestingUnitId: session.user.unitId, templateIds: [template.id], targets: [{ type: 'kind', unitKind: 'commune' }], dueOn: workingDaysAfter(i + 2) };
      const res = await fetch(`${server.url}/api/v1/regimes`, { method: 'POST', headers, body: JSON.stringify(body) });
      if (res.status !== 201) throw new Error(`Creating request ${i} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    }
    const ward = await logIn(server.url, 'chuyenvien.lechan');
    const { bareUrl, body } = await bareTwin(server, PATH, ward.cookie);
    const items = (body as { items: unknown[] }).items.length;
    if (items !== REQUESTS + 1) throw new Error(`Expected ${REQUESTS + 1} items in the ward's inbox, found ${items}`);
    const m = await compareHttp({ url: server.url + PATH, headers: { cookie: ward.cookie } }, { url: bareUrl }, opts);
    return [
      result(`inbox requests/s${label}`, 'req/s', m.target.requestsPerSecond, m.baseline.requestsPerSecond),
      result(`inbox latency p99${label}`, 'ms', m.target.latencyP99, m.baseline.latencyP99),
    ];
  });
}

export default inbox;
