-- The version of the exercise an attempt was graded against, so that it is always shown with that version's titles,
-- hints and answers, whatever was published since; its score is never recomputed. 0 is a shipped exercise as its
-- folder has it (its history is the repository's): every attempt made before this column is one, since only shipped
-- exercises were served; a published exercise's attempts carry the authored version published, from 1.
alter table submission add column exercise_version int default 0 not null;
