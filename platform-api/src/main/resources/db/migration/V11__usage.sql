-- Usage roll-ups: what each rate-limit policy allowed and refused, kept past the 15 minutes the
-- instances hold in memory. The usage-rollup job copies the cluster's per-minute counts here every
-- few minutes (a minute's counts only ever rise: an instance that restarts forgets its own) and
-- sums them per hour; minutes are kept two days, hours backplane.usage.retention-days.
create table usage_minute (
    policy_id    bigint not null,
    epoch_minute bigint not null,
    allowed      bigint not null,
    refused      bigint not null,
    primary key (policy_id, epoch_minute)
);

create table usage_hour (
    policy_id   bigint not null,
    policy_name varchar(64) not null,
    epoch_hour  bigint not null,
    allowed     bigint not null,
    refused     bigint not null,
    primary key (policy_id, epoch_hour)
);

create index usage_hour_epoch_hour on usage_hour (epoch_hour);
