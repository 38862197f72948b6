-- Rate-limit policies (RateLimitPolicy): what is limited, how much, partitioned by what. Lists
-- (paths, methods, roles, clients) are stored one entry per line. Portable SQL: H2 and PostgreSQL.
create table rate_limit_policy (
    id             bigint primary key,
    name           varchar(64) not null unique,
    quota          bigint not null,
    window_seconds bigint not null,
    algorithm      varchar(20) not null,
    partition_by   varchar(20) not null,
    claim          varchar(100),
    paths          text not null,
    methods        text not null,
    roles          text not null,
    clients        text not null,
    callers        varchar(20) not null,
    enabled        boolean not null,
    mode           varchar(10) not null,
    failure_mode   varchar(10) not null,
    updated_at     timestamp with time zone not null
);

-- Ids 50 at a time per instance (see V2); the first block starts above the default policy's id.
create sequence rate_limit_policy_seq start with 100 increment by 50;

-- The default: calls without a token, by client address, 300 a minute. It protects the platform
-- from anonymous floods; administrators may tighten, loosen or disable it.
insert into rate_limit_policy (id, name, quota, window_seconds, algorithm, partition_by, claim,
                               paths, methods, roles, clients, callers, enabled, mode,
                               failure_mode, updated_at)
values (1, 'anonymous', 300, 60, 'sliding-window', 'ip', null, '', '', '', '', 'anonymous', true,
        'exact', 'open', current_timestamp);
