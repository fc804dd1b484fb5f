-- R30: one row per backup run, whoever started it. A scheduled run carries its Vietnam-time day in
-- `schedule_day`, unique: with two servers, only the first to insert the day's row takes the backup.
create table backups (
  id uuid primary key,
  trigger text not null check (trigger in ('schedule', 'admin', 'cli')),
  schedule_day date unique,
  engine text not null check (engine in ('postgres', 'pglite')),
  status text not null check (status in ('running', 'succeeded', 'failed')),
  started_at timestamptz not null,
  finished_at timestamptz,
  file_name text,
  size_bytes bigint,
  sha256 text,
  encrypted boolean not null default false,
  error text,
  started_by uuid references users (id)
);
create index backups_started_idx on backups (started_at desc);
-- One backup at a time, whoever asks: a second start while one runs fails on this index.
create unique index backups_one_running on backups ((true)) where status = 'running';
