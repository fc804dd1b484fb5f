/**
 * `GET /api/v1/units/tree` for the system administrator (the whole city: 114 commune-level units and
 * the sample departments) on the real server over HTTP, against a bare Fastify route serving the
 * very same JSON. The ratio is the share of a do-nothing route's throughput that the real one keeps
 * after session lookup, scope checks, the database query, tree building and response validation.
 */
import { compareHttp, result, type Bench } from './measure.js';
import { bareTwin, logIn, onEachEngine, withDemoServer } from './server.js';

const PATH = '/api/v1/units/tree';

const unitsTree: Bench = (opts) => onEachEngine((label, url) => measureOn(label, url, opts));

function measureOn(label: string, databaseUrl: string | null, opts: Parameters<Bench>[0]) {
  return withDemoServer(databaseUrl, async (server) => {
    const { cookie } = await logIn(server.url, 'quantri');
    const { bareUrl, body } = await bareTwin(server, PATH, cookie);
    const communes = countKind(body, 'commune');
    if (communes !== 114) throw new Error(`Expected the 114 commune-level units of Hải Phòng in the tree, found ${communes}`);
    const m = await compareHttp({ url: server.url + PATH, headers: { cookie } }, { url: bareUrl }, opts);
    return [
      result(`units-tree requests/s${label}`, 'req/s', m.target.requestsPerSecond, m.baseline.requestsPerSecond),
      result(`units-tree latency p99${label}`, 'ms', m.target.latencyP99, m.baseline.latencyP99),
    ];
  });
}

export default unitsTree;

function countKind(nodes: unknown, kind: string): number {
  if (!Array.isArray(nodes)) return 0;
  return nodes.reduce((n: number, node: { kind?: string; children?: unknown }) => n + (node.kind === kind ? 1 : 0) + countKind(node.children, kind), 0);
}
