-- Hardening (issue 8): login attempt counters shared by every app server, and the previous password.

-- One row per failed login, under two keys: `user:<name>` and `ip:<address>`. Counting rows of the last
-- 15 minutes is the limit; the database (not memory) keeps it, so several app servers share it.
create table login_attempts (
  id bigserial primary key,
  key text not null,
  attempted_at timestamptz not null
);
create index login_attempts_key_at on login_attempts (key, attempted_at);

-- A new password may not repeat the one it replaces, also after an administrator's reset.
alter table users add column previous_password_hash text;
