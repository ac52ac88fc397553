create table sandbox (
    id             varchar(36)  primary key,
    owner_id       bigint       not null,
    owner_name     varchar(64)  not null,
    exercise_id    varchar(128) not null,
    container_id   varchar(80),
    status         varchar(16)  not null,
    created_at     timestamp with time zone not null,
    expires_at     timestamp with time zone not null,
    last_active_at timestamp with time zone not null,
    -- one live sandbox per learner and exercise, even when two requests race
    constraint sandbox_owner_exercise_unique unique (owner_id, exercise_id)
);
