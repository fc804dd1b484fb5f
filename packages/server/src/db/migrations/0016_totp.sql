-- Optional TOTP second factor (issue 8, RFC 6238) for leaders and administrators.

-- One row per user who started or finished enrollment. The secret is never sent again after
-- enrollment; `enabled_at` null means enrollment is pending (the secret waits for a first code).
-- `last_used_step` makes each code single-use. Recovery codes are argon2 hashes, each used once.
create table user_totp (
  user_id uuid primary key references users (id) on delete cascade,
  secret text not null,
  enabled_at timestamptz,
  last_used_step integer,
  recovery_code_hashes text[] not null default '{}',
  created_at timestamptz not null
);

-- A password that was right for a user with TOTP opens a challenge, not a session: the browser then
-- sends the code with the challenge's token (only its SHA-256 is stored). Short-lived, few attempts.
create table login_challenges (
  id text primary key,
  user_id uuid not null references users (id) on delete cascade,
  ip text,
  attempts integer not null default 0,
  created_at timestamptz not null,
  expires_at timestamptz not null
);
create index login_challenges_user on login_challenges (user_id);
