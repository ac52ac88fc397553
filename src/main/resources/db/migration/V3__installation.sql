-- Names this installation on the engine, so that two Cagelabs sharing one engine never reap each other's sandboxes.
create table installation (
    id varchar(36) primary key
);
insert into installation (id) values (cast(random_uuid() as varchar(36)));
