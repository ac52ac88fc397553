create table user_account (
    id            bigint auto_increment primary key,
    username      varchar(64)  not null,
    password_hash varchar(255) not null,
    role          varchar(16)  not null,
    created_at    timestamp with time zone not null,
    constraint user_account_username_unique unique (username)
);
