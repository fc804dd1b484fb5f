-- The indicator library (R8, R13): field groups, units of measure, and indicators grouped into
-- versioned indicator sets. Nothing is deleted; an official set version is frozen.

create table field_groups (
  id uuid primary key,
  code text not null,
  name text not null,
  created_at timestamptz not null
);
create unique index field_groups_code_key on field_groups (lower(code));
create unique index field_groups_name_key on field_groups (lower(name));

create table units_of_measure (
  id uuid primary key,
  code text not null,
  name text not null,
  created_at timestamptz not null
);
create unique index units_of_measure_code_key on units_of_measure (lower(code));
create unique index units_of_measure_name_key on units_of_measure (lower(name));

create table indicator_sets (
  id uuid primary key,
  code text not null,
  version integer not null check (version >= 1),
  name text not null,
  legal_basis text not null default '',
  description text not null default '',
  status text not null default 'draft' check (status in ('draft', 'official', 'retired')),
  is_demo boolean not null default false,
  -- null: the city's shared library, maintained by system administrators
  owner_unit_id uuid references units (id),
  previous_id uuid references indicator_sets (id),
  published_at timestamptz,
  retired_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index indicator_sets_code_version_key on indicator_sets (lower(code), version);
-- At most one draft and one official version of a set at a time.
create unique index indicator_sets_one_draft on indicator_sets (lower(code)) where status = 'draft';
create unique index indicator_sets_one_official on indicator_sets (lower(code)) where status = 'official';

create table indicators (
  id uuid primary key,
  set_id uuid not null references indicator_sets (id),
  -- the same indicator in every version of its set
  lineage_id uuid not null,
  code text not null,
  name text not null,
  -- folded code and name (no diacritics, lower case) for accent-insensitive search
  search_text text not null,
  unit_of_measure_id uuid references units_of_measure (id),
  field_group_id uuid references field_groups (id),
  concept text not null default '',
  calculation_method text not null default '',
  main_disaggregations text not null default '',
  periodicity text[] not null
    check (periodicity <@ array['month', 'quarter', 'half_year', 'nine_months', 'year']::text[]),
  data_source text not null default '',
  responsible_unit text not null default '',
  responsible_unit_id uuid references units (id),
  parent_id uuid references indicators (id),
  position integer not null,
  active boolean not null default true,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index indicators_set_code_key on indicators (set_id, lower(code));
create index indicators_set_position_idx on indicators (set_id, position);
create index indicators_lineage_idx on indicators (lineage_id);
create index indicators_field_group_idx on indicators (field_group_id);

-- The database itself keeps an official or retired version frozen, whatever the code above it does.
create function indicator_sets_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'indicator sets are never deleted' using errcode = 'insufficient_privilege';
  end if;
  if old.status <> 'draft' and (new.code, new.version, new.name, new.legal_basis, new.description, new.is_demo, new.owner_unit_id, new.previous_id)
      is distinct from (old.code, old.version, old.name, old.legal_basis, old.description, old.is_demo, old.owner_unit_id, old.previous_id) then
    raise exception 'indicator set % is %: it is frozen', old.id, old.status using errcode = 'check_violation';
  end if;
  if new.status <> old.status and (old.status, new.status) not in (('draft', 'official'), ('draft', 'retired'), ('official', 'retired')) then
    raise exception 'indicator set % cannot go from % to %', old.id, old.status, new.status using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger indicator_sets_guard before update or delete on indicator_sets
  for each row execute function indicator_sets_guard();

create function indicators_guard() returns trigger language plpgsql as $$
begin
  if tg_op = 'DELETE' then
    raise exception 'indicators are never deleted' using errcode = 'insufficient_privilege';
  end if;
  if tg_op = 'UPDATE' and new.set_id <> old.set_id then
    raise exception 'an indicator never moves to another set' using errcode = 'check_violation';
  end if;
  if (select status from indicator_sets where id = new.set_id) <> 'draft' then
    raise exception 'indicator set % is not a draft: its indicators are frozen', new.set_id using errcode = 'check_violation';
  end if;
  return new;
end $$;
create trigger indicators_guard before insert or update or delete on indicators
  for each row execute function indicators_guard();
