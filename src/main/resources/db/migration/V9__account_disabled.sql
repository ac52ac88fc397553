-- A disabled account keeps its work but can no longer log in.
alter table user_account add column disabled boolean default false not null;
