-- Saved views (issue 7, dashboards): a question of the exploration page kept under a name by its owner,
-- optionally shared with everyone of the owner's unit. A 'dashboard' view is also pinned to the unit's
-- overview page as a key indicator with its trend; an 'analytics' view is only listed for reopening.
create table saved_views (
  id uuid primary key,
  unit_id uuid not null references units (id),
  owner_id uuid not null references users (id),
  name text not null,
  kind text not null check (kind in ('analytics', 'dashboard')),
  -- the SeriesQuery the server answers (validated by the contract on the way in)
  query jsonb not null,
  -- the exploration page's URL query (?t=…&l=…), to reopen the view exactly as it was built
  page_query text not null default '',
  shared_with_unit boolean not null default false,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index saved_views_owner_idx on saved_views (owner_id, updated_at);
create index saved_views_unit_idx on saved_views (unit_id, updated_at) where shared_with_unit;
