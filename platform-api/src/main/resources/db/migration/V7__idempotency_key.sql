-- Idempotency keys (the IETF Idempotency-Key header): a create retried with the same key makes one
-- record and answers the same. A key is its caller's (owner: the token's subject, '' for anonymous
-- callers), written in the transaction of the change it asked for, and kept 24 hours.
create table idempotency_key (
    owner        varchar(255) not null,
    idem_key     varchar(255) not null,
    scope        varchar(100) not null,
    fingerprint  varchar(64) not null,
    answer       text,
    created_at   timestamp with time zone not null,
    primary key (owner, idem_key)
);

create index idempotency_key_created_at on idempotency_key (created_at);
