-- Operations (issue 8): maintenance notices (R31), incidents and requests for help (R33), outages (R32).

-- A maintenance window the system administrator announces; the web app shows it from 24 hours before
-- its start until its end. Less notice is allowed only as an emergency, with the reason kept.
create table maintenance_windows (
  id uuid primary key,
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  -- what changes (for the operator's records) and the Vietnamese text of the banner
  changes text not null,
  message text not null,
  emergency boolean not null default false,
  emergency_reason text,
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  cancelled_at timestamptz,
  cancelled_by uuid references users (id),
  check (not emergency or emergency_reason is not null)
);
create index maintenance_windows_ends_idx on maintenance_windows (ends_at) where cancelled_at is null;

-- An incident or a request for help, with the context the reporter's browser saw.
create table incidents (
  id uuid primary key,
  number serial not null unique,
  kind text not null check (kind in ('incident', 'help')),
  subject text not null,
  description text not null,
  page_url text not null,
  -- the last x-request-id the web client received: ties the report to the server's log
  request_id text,
  user_agent text,
  reporter_id uuid not null references users (id),
  unit_id uuid not null references units (id),
  status text not null default 'new' check (status in ('new', 'in_progress', 'resolved')),
  created_at timestamptz not null,
  updated_at timestamptz not null,
  resolved_at timestamptz
);
create index incidents_status_idx on incidents (status, created_at);

create table incident_notes (
  id uuid primary key,
  incident_id uuid not null references incidents (id),
  author_id uuid not null references users (id),
  -- the status the incident moved to with this note, if it moved
  status text check (status in ('new', 'in_progress', 'resolved')),
  text text not null,
  created_at timestamptz not null
);
create index incident_notes_incident_idx on incident_notes (incident_id, created_at);

-- An outage the operator declares (R32). Deadlines on the Vietnam days it touched, first_day..last_day,
-- move to extends_to (the outage's last day + grace_working_days working days, fixed when declared),
-- for the units listed in outage_units and their subtrees, or for every unit when none is listed.
create table outages (
  id uuid primary key,
  starts_at timestamptz not null,
  ends_at timestamptz not null check (ends_at > starts_at),
  reason text not null,
  first_day date not null,
  last_day date not null,
  grace_working_days int not null check (grace_working_days >= 0),
  extends_to date not null,
  created_by uuid not null references users (id),
  created_at timestamptz not null,
  cancelled_at timestamptz,
  cancelled_by uuid references users (id)
);
create index outages_days_idx on outages (first_day, last_day) where cancelled_at is null;

create table outage_units (
  outage_id uuid not null references outages (id),
  unit_id uuid not null references units (id),
  primary key (outage_id, unit_id)
);
