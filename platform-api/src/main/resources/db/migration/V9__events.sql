-- Events: every change that matters, written in the transaction of the change (an outbox), with an
-- id per stream that rises by one with each event. A stream's counter row is locked by the
-- change that takes its next id until that change commits, so a stream's events commit in the
-- order of their ids and without gaps: a subscriber that has seen id n misses nothing by asking
-- for the events after n.
create table event_stream (
    name    varchar(100) primary key,
    last_id bigint not null
);

create table event (
    stream      varchar(100) not null,
    id          bigint not null,
    type        varchar(64) not null,
    subject     varchar(255),
    owner       varchar(255),
    data        text,
    occurred_at timestamp with time zone not null,
    primary key (stream, id)
);

create index event_occurred_at on event (occurred_at);

-- the streams there are: users, policies, and one per collection (a collection made later makes
-- its own)
insert into event_stream (name, last_id) values ('users', 0);
insert into event_stream (name, last_id) values ('rate-limit-policies', 0);
insert into event_stream (name, last_id) select 'collections.' || name, 0 from collection_schema;
