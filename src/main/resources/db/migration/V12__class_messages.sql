-- What trainers told their class, or one learner of it (learner_id null: the whole class). Kept so that a learner
-- who opens a page soon after still reads it, and the trainer sees what was sent.
create table class_message (
    id           varchar(36)   primary key,
    classroom_id varchar(36)   not null,
    learner_id   bigint,
    sender_id    bigint        not null,
    body         varchar(1000) not null,
    sent_at      timestamp with time zone not null,
    constraint class_message_class_fk foreign key (classroom_id) references classroom (id) on delete cascade,
    constraint class_message_learner_fk foreign key (learner_id) references user_account (id) on delete cascade,
    constraint class_message_sender_fk foreign key (sender_id) references user_account (id) on delete cascade
);
create index class_message_class on class_message (classroom_id, sent_at);
