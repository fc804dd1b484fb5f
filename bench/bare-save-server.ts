/**
 * The rush benchmark's baseline (bench/rush.bench.ts): a bare Fastify server on PostgreSQL that takes the
 * same PUT body as the real save route and inserts it as one JSON row, in its own process like the real
 * server. Argument: the PostgreSQL URL. Prints its port on stdout.
 */
import Fastify from 'fastify';
import pg from 'pg';

const url = process.argv[2];
if (!url) throw new Error('usage: bare-save-server.ts <postgres url>');
const pool = new pg.Pool({ connectionString: url, max: 10 });
// Stored the way the product stores a form's working copy (migration 0019): `json`, lz4-compressed where
// the server has lz4, so the ratio prices what the product does beyond the write, not a cheaper column.
await pool.query('create table if not exists bare_saves (id bigserial primary key, assignment_id text not null, version int not null, body json not null)');
await pool.query(`do $$ begin alter table bare_saves alter column body set compression lz4; exception when feature_not_supported then null; end $$`);
const app = Fastify({ bodyLimit: 4 * 1024 * 1024 });
let version = 0;
app.put<{ Params: { id: string }; Body: unknown }>('/save/:id', async (req) => {
  version++;
  await pool.query('insert into bare_saves (assignment_id, version, body) values ($1, $2, $3)', [req.params.id, version, JSON.stringify(req.body)]);
  return { version };
});
const address = await app.listen({ port: 0, host: '127.0.0.1' });
process.stdout.write(`${new URL(address).port}\n`);
