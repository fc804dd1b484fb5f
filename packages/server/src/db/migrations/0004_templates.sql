-- Report templates (R6, R9-R12, R14): numeric e-forms and narrative outlines, versioned.
create table templates (
  id uuid primary key,
  -- every version of one template shares its lineage (and its code)
  lineage_id uuid not null,
  version integer not null,
  code text not null,
  name text not null,
  kind text not null check (kind in ('numeric', 'narrative')),
  status text not null check (status in ('draft', 'testing', 'official', 'retired')),
  regime_kind text not null check (regime_kind in ('periodic', 'thematic', 'ad_hoc')),
  periodicities text not null default '',
  field_group text not null default '',
  requesting_unit_id uuid not null references units (id),
  info jsonb not null,
  definition jsonb not null,
  shared boolean not null default false,
  based_on_id uuid references templates (id),
  -- bumped by every save: a save carrying an older revision is refused
  revision integer not null default 1,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  testing_at timestamptz,
  published_at timestamptz,
  retired_at timestamptz
);
create unique index templates_lineage_version_key on templates (lineage_id, version);
create index templates_code_idx on templates (lower(code));
-- a new lineage always starts at version 1: no two lineages share a code
create unique index templates_code_key on templates (lower(code)) where version = 1;
create index templates_unit_idx on templates (requesting_unit_id);
-- one lineage owns a code; one official version per lineage at a time
create unique index templates_one_official on templates (lineage_id) where status = 'official';
create unique index templates_one_open_draft on templates (lineage_id) where status in ('draft', 'testing');

-- Notices to the people of a unit's subtree (a template became official, …).
create table notifications (
  id uuid primary key,
  unit_id uuid not null references units (id),
  kind text not null,
  title text not null,
  body text not null,
  link text,
  created_at timestamptz not null
);
create index notifications_unit_idx on notifications (unit_id, created_at);
