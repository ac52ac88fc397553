-- What each check said, without its words: the line it points at, the key of its message and the message's
-- arguments as JSON, told in the reader's language whenever the attempt is shown. Attempts graded before have none:
-- they are shown with the words their result kept, in the language they were graded in.
alter table attempt_check add column line int;
alter table attempt_check add column message_key varchar(255);
alter table attempt_check add column message_args clob;
