-- Who acted, by id as well as by name: the console shows the actor's user name and links to the
-- user by this id. Entries written before this column have none.
alter table audit_event add column actor_id varchar(255);
