-- Gateway routes (/api/v1/admin/routes): a path prefix and the upstream services it goes to. The
-- definition is the route's JSON (RouteSpec, defaults filled in); name and prefix are unique.
create table gateway_route (
    name       varchar(63) primary key,
    prefix     varchar(200) not null unique,
    definition text not null,
    created_at timestamp with time zone not null,
    updated_at timestamp with time zone not null
);
