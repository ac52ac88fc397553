-- Proving an exercise: the version its reference solution and wrong answers were last proven at on the engine, and
-- a digest of the spec and instructions proven, so that a publish takes exactly the texts that were proven (a save
-- racing the proof changes the digest). state is PROVEN only while version = proven_version.
alter table authored_exercise add column proven_version int;
alter table authored_exercise add column proven_digest varchar(64);
-- Each publish of an exercise, frozen: what learners are served is the latest publication of each exercise, read
-- from here and never from the draft's files, so editing a draft changes nothing learners see until it is proven
-- and published again; attempts graded against a version are shown with it. Never updated or deleted. In the
-- database, so that backups carry it. No foreign key to the publisher: a removed account keeps its publications.
create table exercise_publication (
    exercise_id  varchar(100) not null,
    version      int          not null,
    module       varchar(100) not null,
    spec         clob         not null,
    readme_en    clob         not null,
    readme_fr    clob         not null,
    published_by bigint       not null,
    published_at timestamp with time zone not null,
    primary key (exercise_id, version)
);
