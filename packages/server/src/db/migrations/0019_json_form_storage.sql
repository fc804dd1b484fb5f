-- The deadline rush (issue 8, bench/README.md): a save writes the form's whole working copy and one cell
-- history row, both JSON (a 300 × 8 form: 38 kB and 51 kB). Neither is ever searched inside by the
-- database: the server reads them whole. As `jsonb` every save paid for converting both to the binary
-- form and back; as `json` the text is checked and kept as written (measured on PostgreSQL 15 here, the
-- two written together: jsonb 6.4 ms, json 4.3 ms; with lz4 compression 1.5 ms). Values read back are
-- the same JSON. The submitted versions (`submission_versions`) stay jsonb: written once per submission.

drop view cell_changes;

alter table cell_change_sets drop constraint cell_change_sets_changes_check;
alter table cell_change_sets alter column changes type json using changes::json;
-- json_typeof reads the first token only; the count of changes (1 to 20,000 a save) is the API's to check
-- (SaveValuesInput), since counting would parse the whole text once more on every save.
alter table cell_change_sets add constraint cell_change_sets_changes_check check (json_typeof(changes) = 'array');

alter table report_forms alter column inputs drop default;
alter table report_forms alter column inputs type json using inputs::json;
alter table report_forms alter column inputs set default '{}';

create view cell_changes as
select s.id * 100000 + c.n as id, s.assignment_id, c.value ->> 0 as cell, c.value ->> 1 as old_value, c.value ->> 2 as new_value,
       s.version, s.source, s.changed_by, s.changed_at
from cell_change_sets s
cross join lateral json_array_elements(s.changes) with ordinality as c(value, n);

-- lz4 compresses these large values several times faster than the default pglz. A server built without
-- lz4 (the embedded PGlite) refuses it and keeps pglz: same data, same SQL.
do $$
begin
  alter table report_forms alter column inputs set compression lz4;
  alter table cell_change_sets alter column changes set compression lz4;
exception when feature_not_supported then
  null;
end $$;
