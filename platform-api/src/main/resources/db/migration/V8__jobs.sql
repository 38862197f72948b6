-- Jobs: work taken off the request path, run by any instance of the cluster.
-- Portable SQL: runs on H2 (one instance) and PostgreSQL (clusters).

-- db-scheduler's executions (its PostgreSQL table): which task is due when, and which instance has
-- picked it (with its heartbeat, so that another takes over when the instance is gone).
create table scheduled_tasks (
    task_name            varchar(100) not null,
    task_instance        varchar(100) not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean not null,
    picked_by            varchar(128),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint not null,
    priority             smallint,
    primary key (task_name, task_instance)
);

create index scheduled_tasks_execution_time on scheduled_tasks (execution_time);
create index scheduled_tasks_last_heartbeat on scheduled_tasks (last_heartbeat);
create index scheduled_tasks_priority on scheduled_tasks (priority desc, execution_time asc);

-- The jobs as people see them: what was asked, where it is, its progress, its last error and its
-- result. A job is enqueued in the transaction of the change that asks for it. Each attempt's
-- number fences its writes: an attempt that lost its lease cannot overwrite the next one's.
create table job (
    id             varchar(36) primary key,
    type           varchar(64) not null,
    state          varchar(16) not null,
    input          text,
    result         text,
    error          text,
    progress_done  bigint not null,
    progress_total bigint,
    attempts       int not null,
    max_attempts   int not null,
    created_by     varchar(255) not null,
    created_at     timestamp with time zone not null,
    updated_at     timestamp with time zone not null,
    next_attempt_at timestamp with time zone,
    started_at     timestamp with time zone,
    finished_at    timestamp with time zone
);

create index job_created_at on job (created_at);
create index job_state on job (state, created_at);
create index job_type on job (type, created_at);

create table job_attempt (
    job_id      varchar(36) not null references job (id) on delete cascade,
    attempt     int not null,
    instance_id varchar(128),
    started_at  timestamp with time zone not null,
    finished_at timestamp with time zone,
    outcome     varchar(16) not null,
    error       text,
    primary key (job_id, attempt)
);

-- Files a job reads or writes (an import's upload, an export's output), in parts of at most 1 MB,
-- so that any instance serves them.
create table job_file (
    job_id  varchar(36) not null references job (id) on delete cascade,
    name    varchar(64) not null,
    part    int not null,
    content bytea not null,
    primary key (job_id, name, part)
);
