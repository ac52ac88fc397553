-- A class: its owner, an optional window and seat limit, and a join code (null when joining is switched off).
create table classroom (
    id         varchar(36)  primary key,
    name       varchar(120) not null,
    owner_id   bigint       not null,
    join_code  varchar(16),
    opens_at   timestamp with time zone,
    closes_at  timestamp with time zone,
    seats      int,
    created_at timestamp with time zone not null,
    constraint classroom_join_code_unique unique (join_code),
    constraint classroom_owner_fk foreign key (owner_id) references user_account (id) on delete cascade
);
-- The exercises assigned to a class, in the order learners meet them.
create table classroom_exercise (
    classroom_id varchar(36)  not null,
    position     int          not null,
    exercise_id  varchar(128) not null,
    primary key (classroom_id, position),
    constraint classroom_exercise_class_fk foreign key (classroom_id) references classroom (id) on delete cascade
);
-- Assistants: trainers who see and act on this class only (the owner is in classroom.owner_id).
create table classroom_trainer (
    classroom_id varchar(36) not null,
    trainer_id   bigint      not null,
    primary key (classroom_id, trainer_id),
    constraint classroom_trainer_class_fk foreign key (classroom_id) references classroom (id) on delete cascade,
    constraint classroom_trainer_account_fk foreign key (trainer_id) references user_account (id) on delete cascade
);
create table enrolment (
    classroom_id varchar(36) not null,
    learner_id   bigint      not null,
    joined_at    timestamp with time zone not null,
    primary key (classroom_id, learner_id),
    constraint enrolment_class_fk foreign key (classroom_id) references classroom (id) on delete cascade,
    constraint enrolment_account_fk foreign key (learner_id) references user_account (id) on delete cascade
);
create index enrolment_learner on enrolment (learner_id);
-- The language an account chose, for what is shown to it outside a request (null: the browser's).
alter table user_account add column language varchar(2);
