-- Every watch of a learner's terminal: who watched whose sandbox, from when to when (ended_at is null while it
-- lasts). No foreign keys: the record outlives the sandbox, and says who watched even once an account is gone.
create table terminal_watch (
    id          varchar(36)  primary key,
    sandbox_id  varchar(36)  not null,
    exercise_id varchar(128) not null,
    learner_id  bigint       not null,
    watcher_id  bigint       not null,
    started_at  timestamp with time zone not null,
    ended_at    timestamp with time zone
);
create index terminal_watch_learner on terminal_watch (learner_id, started_at);
