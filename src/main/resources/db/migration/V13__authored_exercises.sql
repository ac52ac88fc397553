-- Exercises written in the browser: their files under $CAGELAB_DATA_DIR/exercises/ are the truth for what they say;
-- this is who owns each one, its state and the version optimistic concurrency compares (one saving wins, the other
-- is told). No foreign key to the owner: a removed account must not take its exercises' files with it.
create table authored_exercise (
    id         varchar(100) primary key,
    module     varchar(100) not null,
    owner_id   bigint       not null,
    state      varchar(16)  not null,
    version    int          not null,
    updated_at timestamp with time zone not null
);
