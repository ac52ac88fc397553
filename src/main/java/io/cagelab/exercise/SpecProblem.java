package io.cagelab.exercise;

import java.util.List;

import org.springframework.context.MessageSourceResolvable;

/**
 * One thing wrong with an exercise spec, told in the reader's language when shown (WIP, issue 13 step 2): where it
 * is, as a path into the spec ({@code checks[2].expect}) and, when the spec was text, its line and column from 1
 * (0 when unknown), and what is wrong, as a message key of the app's MessageSource with its arguments.
 */
public record SpecProblem(String path, int line, int column, String key, List<Object> arguments)
		implements MessageSourceResolvable {

	public SpecProblem {
		arguments = List.copyOf(arguments);
	}

	@Override
	public String[] getCodes() {
		return new String[] { this.key };
	}

	@Override
	public Object[] getArguments() {
		return this.arguments.toArray();
	}

}
