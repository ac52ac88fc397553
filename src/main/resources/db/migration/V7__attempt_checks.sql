-- Every check's verdict on an attempt, in the exercise's order, without the words shown to the learner: what class
-- progress counts in SQL, whatever language the attempt was graded in. The primary key, led by submission_id, is the
-- index that looks up an attempt's checks.
create table attempt_check (
    submission_id varchar(36)  not null,
    position      int          not null,
    check_id      varchar(255) not null,
    kind          varchar(32)  not null,
    rule          varchar(64),
    cis           varchar(64),
    passed        boolean      not null,
    points        int          not null,
    earned        int          not null,
    primary key (submission_id, position),
    constraint attempt_check_submission_fk foreign key (submission_id) references submission (id) on delete cascade
);
