create table submission (
    id           varchar(36)  primary key,
    exercise_id  varchar(128) not null,
    owner_id     bigint       not null,
    content      clob         not null,
    score        int          not null,
    max_score    int          not null,
    result       clob         not null,
    submitted_at timestamp with time zone not null
);
create index submission_owner_exercise on submission (owner_id, exercise_id, submitted_at);
