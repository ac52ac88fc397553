-- Quiz answers handed in with an attempt, as JSON (check id to the choices ticked); '{}' when there were none.
alter table submission add column answers clob default '{}' not null;
