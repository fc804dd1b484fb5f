-- Attachments (issue 8, R35): files attached to an assigned report, scanned before they are stored.
-- The bytes live outside the web root at <dataDir>/attachments/<sha256 prefix>/<sha256>, shared by every
-- row with the same content; a row is the file's place in one report.
create table attachments (
  id uuid primary key,
  assignment_id uuid not null references assignments (id),
  -- the form's version when the file was attached
  version integer not null,
  original_name text not null,
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null check (sha256 ~ '^[0-9a-f]{64}$'),
  -- R34: only 'none' (không mật) is ever stored; the column records the declaration
  classification text not null default 'none' check (classification = 'none'),
  scan_verdict text not null check (scan_verdict in ('clean', 'unscanned')),
  scanned_at timestamptz,
  uploaded_by uuid not null references users (id),
  uploaded_at timestamptz not null,
  removed_at timestamptz,
  removed_by uuid references users (id)
);
-- the same content attached twice to one report is one attachment
create unique index attachments_live_content_idx on attachments (assignment_id, sha256) where removed_at is null;
create index attachments_sha_idx on attachments (sha256);
