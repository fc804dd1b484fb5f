-- Federation of reporting systems (R27, issue 9; docs/federation.md, decision 0019): an upper system (the
-- Government level) asks its lower systems (provinces, ministries) for reports with QCVN 125 packets, and
-- files their answers as facts. Every instance has all three tables; which ones fill depends on its place.

-- On an upper system: the lower systems it pushes requests to, one active per unit of its tree (a
-- province). `token` is a key the lower system issued for us (scope exchange.import on its side): it is
-- written once, sent as a bearer token, never returned by the API; revoking it there is what cuts us off.
create table exchange_peers (
  id uuid primary key,
  unit_id uuid not null references units (id),
  name text not null,
  url text not null,
  token text not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  revoked_at timestamptz,
  revoked_by uuid references users (id)
);
create unique index exchange_peers_unit_key on exchange_peers (unit_id) where revoked_at is null;

-- On a lower system: a regime set up from a request from above (a `regime` packet kept in
-- exchange_imports), with the upper's codes, so an accepted report answers with what the upper asked for.
-- `templates`: [{ lineageId (ours), code, version (the upper's) }].
create table exchange_request_setups (
  import_id uuid primary key references exchange_imports (id),
  regime_id uuid not null unique references regimes (id),
  upper_unit_code text not null,
  upper_regime_code text not null,
  templates jsonb not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null
);

-- On an upper system: every report answered by a lower system's packet. The facts of
-- (assignment_id, version_number) came from packet `packet_id` (exchange_imports holds it as received).
create table exchange_answers (
  packet_id uuid primary key,
  assignment_id uuid not null references assignments (id),
  version_number integer not null,
  sender_unit_id uuid not null references units (id),
  source_report_id uuid not null,
  source_version integer not null,
  source_submitted_at timestamptz not null,
  received_at timestamptz not null,
  unique (assignment_id, version_number)
);
create index exchange_answers_assignment_idx on exchange_answers (assignment_id, version_number desc);
