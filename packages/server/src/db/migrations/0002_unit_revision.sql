-- A counter bumped by every change to units: readers cache the unit tree and check one number.
create table unit_revision (
  id boolean primary key default true check (id),
  rev bigint not null
);
insert into unit_revision (id, rev) values (true, 0);

create function bump_unit_revision() returns trigger language plpgsql as $$
begin
  update unit_revision set rev = rev + 1;
  return null;
end $$;
create trigger units_bump_revision after insert or update or delete on units
  for each statement execute function bump_unit_revision();
