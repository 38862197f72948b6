-- The collections' definitions: one row per collection, its fields, indexes and access rules as
-- JSON, versioned (each schema change adds one). Each collection's records live in a table of its
-- own, c_<name>, created and changed by the platform from this definition.
create table collection_schema (
    name        varchar(48) primary key,
    version     bigint not null,
    definition  text not null,
    created_at  timestamp with time zone not null,
    updated_at  timestamp with time zone not null
);
