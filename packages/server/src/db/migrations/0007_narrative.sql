-- Narrative reports (R17): the sanitised HTML of each outline section, in the working copy and in
-- every submitted version.
alter table report_forms add column narrative jsonb not null default '{}';
alter table submission_versions add column narrative jsonb not null default '{}';
