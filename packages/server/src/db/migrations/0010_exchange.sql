-- Exchange with the Government reporting information system through the LGSP (R27, QCVN 125:2021):
-- API keys for system-to-system clients, packets exported (delivered through the outbox), packets
-- imported (catalogues and requests from above), and the KPI disaggregation catalogue.

-- A key is shown once at creation; only its SHA-256 is kept, with a short prefix for display.
-- It acts for its unit with exactly its scopes, and is revoked, never deleted.
create table api_keys (
  id uuid primary key,
  name text not null,
  unit_id uuid not null references units (id),
  scopes text[] not null check (scopes <@ array['exchange.export', 'exchange.import']::text[] and cardinality(scopes) > 0),
  key_hash text not null,
  key_prefix text not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by uuid references users (id),
  last_used_at timestamptz
);
create unique index api_keys_hash_key on api_keys (key_hash);
create index api_keys_unit_idx on api_keys (unit_id);

-- Every packet exported, as it was built: what the outbox delivers and what a pull returns again.
create table exchange_exports (
  id uuid primary key,
  type text not null,
  filters jsonb not null,
  packet jsonb not null,
  unit_id uuid not null references units (id),
  created_by uuid references users (id),
  api_key_id uuid references api_keys (id),
  created_at timestamptz not null
);
create index exchange_exports_unit_idx on exchange_exports (unit_id, created_at);

-- Every packet imported, once per packet id (a replay answers with the first result).
create table exchange_imports (
  id uuid primary key,
  packet_id uuid not null,
  type text not null,
  sender_unit_code text not null,
  sender_system text not null,
  packet jsonb not null,
  result jsonb not null,
  unit_id uuid not null references units (id),
  imported_by uuid references users (id),
  api_key_id uuid references api_keys (id),
  imported_at timestamptz not null
);
create unique index exchange_imports_packet_key on exchange_imports (packet_id);
create index exchange_imports_unit_idx on exchange_imports (unit_id, imported_at);

-- Danh mục phân tổ chỉ số: a disaggregation (e.g. sex) and its values (male, female).
create table kpi_disaggregations (
  id uuid primary key,
  code text not null,
  name text not null,
  "values" jsonb not null,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index kpi_disaggregations_code_key on kpi_disaggregations (lower(code));
