-- Regimes, reporting rounds, assignments and delegation (R5, R7, R15, R16, R24); reminders through
-- an outbox; the operator's working calendar.

-- Organisations and individuals outside the state hierarchy report too (R7).
alter table units drop constraint units_kind_check;
alter table units add constraint units_kind_check
  check (kind in ('city', 'department', 'district', 'commune', 'organisation', 'individual', 'division'));

-- A requesting unit's named set of units, used as a regime target.
create table unit_groups (
  id uuid primary key,
  owner_unit_id uuid not null references units (id),
  name text not null,
  revision integer not null default 1,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create unique index unit_groups_name_key on unit_groups (owner_unit_id, lower(name));
create table unit_group_members (
  group_id uuid not null references unit_groups (id) on delete cascade,
  unit_id uuid not null references units (id),
  primary key (group_id, unit_id)
);

-- The Government's yearly swapped days off and make-up working days, entered by the operator.
create table calendar_overrides (
  date date primary key,
  kind text not null check (kind in ('off', 'working')),
  note text not null,
  created_by uuid references users (id),
  created_at timestamptz not null
);

create table regimes (
  id uuid primary key,
  code text not null,
  name text not null,
  kind text not null check (kind in ('periodic', 'thematic', 'ad_hoc')),
  status text not null check (status in ('active', 'ended')),
  requesting_unit_id uuid not null references units (id),
  periodicity text check (periodicity in ('month', 'quarter', 'half_year', 'nine_months', 'year')),
  cutoff_rule jsonb,
  deadline_rule jsonb,
  rounds jsonb,
  as_of date,
  due_on date,
  targets jsonb not null,
  legal_basis text not null default '',
  starts_on date not null,
  ends_on date,
  reminder_days jsonb not null,
  revision integer not null default 1,
  ended_reason text,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  check ((kind = 'periodic') = (periodicity is not null and cutoff_rule is not null and deadline_rule is not null)),
  check ((kind = 'thematic') = (rounds is not null)),
  check ((kind = 'ad_hoc') = (due_on is not null))
);
create unique index regimes_code_key on regimes (lower(code));
create index regimes_unit_idx on regimes (requesting_unit_id);

-- A regime follows template lineages: each round gets the lineage's official version of the day.
create table regime_templates (
  regime_id uuid not null references regimes (id),
  lineage_id uuid not null,
  position integer not null,
  primary key (regime_id, lineage_id)
);

-- A round that has opened: a period, a thematic round or the ad hoc request.
create table regime_rounds (
  regime_id uuid not null references regimes (id),
  key text not null,
  label text not null,
  cutoff_from date not null,
  cutoff_to date not null,
  opens_on date not null,
  due_on date not null,
  opened_at timestamptz not null,
  primary key (regime_id, key)
);

create table assignments (
  id uuid primary key,
  regime_id uuid not null,
  round_key text not null,
  template_id uuid not null references templates (id),
  lineage_id uuid not null,
  unit_id uuid not null references units (id),
  -- a delegation points at the assignment it was passed on from
  parent_id uuid references assignments (id),
  due_on date not null,
  assignee_id uuid references users (id),
  -- the internal deadline given to the assignee, before the unit's own
  assignee_due_on date,
  status text not null check (status in ('open', 'draft', 'awaiting_signature', 'signed', 'sent', 'accepted', 'returned', 'withdrawn')),
  note text not null default '',
  sent_at timestamptz,
  withdrawn_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  foreign key (regime_id, round_key) references regime_rounds (regime_id, key)
);
-- The scheduler's idempotence (R15): one assignment per regime, round, template and unit, whoever runs it.
create unique index assignments_regime_key on assignments (regime_id, round_key, lineage_id, unit_id) where parent_id is null;
-- One live delegation per parent and unit.
create unique index assignments_delegation_key on assignments (parent_id, unit_id) where parent_id is not null and status <> 'withdrawn';
create index assignments_unit_idx on assignments (unit_id, status);
create index assignments_parent_idx on assignments (parent_id);
create index assignments_assignee_idx on assignments (assignee_id);
create index assignments_round_idx on assignments (regime_id, round_key);

-- Personal notices and a key that makes a rerun of the scheduler send nothing twice.
alter table notifications add column user_id uuid references users (id);
alter table notifications add column dedupe_key text;
create unique index notifications_dedupe_key on notifications (dedupe_key) where dedupe_key is not null;
create index notifications_user_idx on notifications (user_id, created_at);

-- Messages to the outside world (e-mail now; deliveries later), written in the transaction that
-- decides them and sent afterwards with retries. The key makes each message exist once.
create table outbox (
  id uuid primary key,
  kind text not null,
  dedupe_key text not null,
  payload jsonb not null,
  status text not null check (status in ('pending', 'sent', 'failed', 'skipped')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null,
  last_error text,
  created_at timestamptz not null,
  sent_at timestamptz
);
create unique index outbox_dedupe_key on outbox (dedupe_key);
create index outbox_pending_idx on outbox (next_attempt_at) where status = 'pending';
