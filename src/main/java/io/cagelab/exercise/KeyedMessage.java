package io.cagelab.exercise;

import java.util.List;

import org.springframework.context.MessageSourceResolvable;

/** A message of the app's MessageSource named by one key, with its arguments: told in the reader's language. */
interface KeyedMessage extends MessageSourceResolvable {

	String key();

	List<Object> arguments();

	@Override
	default String[] getCodes() {
		return new String[] { key() };
	}

	@Override
	default Object[] getArguments() {
		return arguments().toArray();
	}

}
