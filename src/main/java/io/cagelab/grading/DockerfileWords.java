package io.cagelab.grading;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Words and variables of a Dockerfile instruction, read as BuildKit reads them. The arguments are split into words on
 * blanks outside quotes; each word then loses its quotes and escapes, and {@code $VAR}, {@code ${VAR}},
 * {@code ${VAR:-default}}, {@code ${VAR-default}}, {@code ${VAR:+other}}, {@code ${VAR+other}}, {@code ${VAR:?message}}
 * and {@code ${VAR?message}} are replaced. A variable that is not set is empty, as with BuildKit; a substitution that
 * is never closed is kept as written. Linear in the text: where each {@code ${} closes is found in one pass first.
 */
final class DockerfileWords {

	/** Substitutions nested deeper than this are kept as written rather than followed. */
	static final int MAX_DEPTH = 16;

	private static final int UNCLOSED = -1;

	private final String text;

	/** The value of a variable, or null when it is not set. */
	private final UnaryOperator<String> variables;

	private final char escape;

	/** A word of ENV, ARG, USER, EXPOSE or FROM; otherwise the text of a RUN, where the shell has the last word. */
	private final boolean word;

	/** For each {@code $} that opens {@code ${...}}, the index of its closing brace, or {@link #UNCLOSED}. */
	private final int[] closes;

	private DockerfileWords(String text, UnaryOperator<String> variables, char escape, boolean word) {
		this.text = text;
		this.variables = variables;
		this.escape = escape;
		this.word = word;
		this.closes = closes();
	}

	/**
	 * Split arguments into words on blanks outside quotes, as the builder does before it expands them: quotes and
	 * escapes stay in the words, and a {@code ;} is just a character.
	 */
	static List<String> split(String arguments, char escape) {
		List<String> words = new ArrayList<>();
		StringBuilder current = new StringBuilder();
		boolean inWord = false;
		char quote = 0;
		for (int i = 0; i < arguments.length(); i++) {
			char c = arguments.charAt(i);
			if (quote != 0) {
				current.append(c);
				if (c == escape && quote != '\'' && i + 1 < arguments.length()) {
					current.append(arguments.charAt(++i));
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (Character.isWhitespace(c)) {
				if (inWord) {
					words.add(current.toString());
					current.setLength(0);
					inWord = false;
				}
			}
			else {
				inWord = true;
				if (c == escape) {
					if (i + 1 < arguments.length()) {
						current.append(c).append(arguments.charAt(++i));
					}
					continue;
				}
				if (c == '\'' || c == '"') {
					quote = c;
				}
				current.append(c);
			}
		}
		if (inWord) {
			words.add(current.toString());
		}
		return words;
	}

	/**
	 * Expand one word as the builder does for ENV, ARG, USER, EXPOSE and FROM: quotes and escapes removed, variables
	 * replaced, an unset variable empty. {@code ${VAR?message}} with VAR unset throws a
	 * {@link ProblemException} that names the variable.
	 */
	static String expand(String word, UnaryOperator<String> variables, char escape) {
		DockerfileWords words = new DockerfileWords(word, variables, escape, true);
		return words.expand(0, word.length(), 0);
	}

	/**
	 * Replace the variables that the Dockerfile sets in the text of an instruction that a shell runs (RUN, CMD...),
	 * and leave the rest as written: quotes, escapes, and the variables the shell will know.
	 */
	static String substitute(String text, UnaryOperator<String> variables, char escape) {
		DockerfileWords words = new DockerfileWords(text, variables, escape, false);
		return words.expand(0, text.length(), 0);
	}

	/** One pass with a stack of open {@code ${} and double quotes: where each substitution closes, if it does. */
	private int[] closes() {
		int[] found = new int[this.text.length()];
		Arrays.fill(found, UNCLOSED);
		// Open substitutions by the index of their $, and open double quotes as -1.
		Deque<Integer> open = new ArrayDeque<>();
		int i = 0;
		while (i < this.text.length()) {
			char c = this.text.charAt(i);
			boolean inDoubleQuotes = !open.isEmpty() && open.peek() == -1;
			if (c == this.escape) {
				i += (inDoubleQuotes && !isEscapedInDoubleQuotes(i + 1)) ? 1 : 2;
			}
			else if (c == '\'' && !inDoubleQuotes) {
				int close = this.text.indexOf('\'', i + 1);
				i = (close < 0) ? this.text.length() : close + 1;
			}
			else if (c == '"') {
				if (inDoubleQuotes) {
					open.pop();
				}
				else {
					open.push(-1);
				}
				i++;
			}
			else if (c == '}' && !inDoubleQuotes && !open.isEmpty()) {
				found[open.pop()] = i;
				i++;
			}
			else if (c == '$' && i + 1 < this.text.length() && this.text.charAt(i + 1) == '{') {
				int afterName = nameEnd(i + 2);
				if (afterName > i + 2 && afterName < this.text.length() && this.text.charAt(afterName) == '}') {
					found[i] = afterName;
					i = afterName + 1;
				}
				else if (afterName > i + 2 && operatorEnd(afterName) > 0) {
					open.push(i);
					i = operatorEnd(afterName);
				}
				else {
					i++;
				}
			}
			else {
				i++;
			}
		}
		return found;
	}

	/** In double quotes, the escape character only escapes a double quote, a dollar or itself. */
	private boolean isEscapedInDoubleQuotes(int index) {
		return index < this.text.length() && (this.text.charAt(index) == '"' || this.text.charAt(index) == '$'
				|| this.text.charAt(index) == this.escape);
	}

	/** Where a variable name that starts at {@code start} ends. */
	private int nameEnd(int start) {
		int i = start;
		while (i < this.text.length() && (Character.isLetterOrDigit(this.text.charAt(i)) || this.text.charAt(i) == '_')
				&& this.text.charAt(i) < 128) {
			i++;
		}
		return i;
	}

	/** Where the operator of {@code ${NAME:-...}} that starts at {@code start} ends, or 0 when there is none. */
	private int operatorEnd(int start) {
		int i = start;
		if (i < this.text.length() && this.text.charAt(i) == ':') {
			i++;
		}
		return (i < this.text.length() && "-+?".indexOf(this.text.charAt(i)) >= 0) ? i + 1 : 0;
	}

	private String expand(int from, int to, int depth) {
		StringBuilder result = new StringBuilder();
		int i = from;
		while (i < to) {
			char c = this.text.charAt(i);
			if (c == this.escape) {
				if (this.word) {
					if (i + 1 < to) {
						result.append(this.text.charAt(i + 1));
					}
				}
				else {
					result.append(this.text, i, Math.min(i + 2, to));
				}
				i += 2;
			}
			else if (c == '\'') {
				int close = this.text.indexOf('\'', i + 1);
				if (this.word && depth == 0 && (close < 0 || close >= to)) {
					// As BuildKit's lexer: unexpected end of statement while looking for matching single-quote.
					throw new ProblemException("dockerfile.word.quote.single");
				}
				int end = (close < 0 || close >= to) ? to : close;
				result.append(this.text, this.word ? i + 1 : i, (this.word || end == to) ? end : end + 1);
				i = end + 1;
			}
			else if (c == '"') {
				i = doubleQuoted(i + 1, to, depth, result);
			}
			else if (c == '$') {
				i = dollar(i, to, depth, result);
			}
			else {
				result.append(c);
				i++;
			}
		}
		return result.toString();
	}

	/**
	 * Read a double-quoted part whose opening quote is just before {@code from}; return the index after its closing
	 * quote. Outside words, the quotes and escapes are kept for the shell.
	 */
	private int doubleQuoted(int from, int to, int depth, StringBuilder result) {
		if (!this.word) {
			result.append('"');
		}
		int i = from;
		while (i < to) {
			char c = this.text.charAt(i);
			if (c == '"') {
				if (!this.word) {
					result.append('"');
				}
				return i + 1;
			}
			if (c == this.escape && isEscapedInDoubleQuotes(i + 1) && i + 1 < to) {
				if (!this.word) {
					result.append(c);
				}
				result.append(this.text.charAt(i + 1));
				i += 2;
			}
			else if (c == '$') {
				i = dollar(i, to, depth, result);
			}
			else {
				result.append(c);
				i++;
			}
		}
		if (this.word && depth == 0) {
			throw new ProblemException("dockerfile.word.quote.double");
		}
		return to;
	}

	/** Replace the variable whose {@code $} is at {@code at}; return the index after it. */
	private int dollar(int at, int to, int depth, StringBuilder result) {
		if (at + 1 < to && this.text.charAt(at + 1) == '{') {
			int close = this.closes[at];
			if (this.word && (close == UNCLOSED || close >= to)) {
				// BuildKit refuses ${} (bad substitution), a modifier it does not know (${X:=v}) and a ${ never closed.
				int nameEnd = nameEnd(at + 2);
				if (nameEnd == at + 2) {
					throw new ProblemException("dockerfile.word.substitution.bad", this.text.substring(at, Math.min(to,
							at + 3)));
				}
				if (nameEnd < to && this.text.indexOf('}', nameEnd) >= 0) {
					int modifierEnd = Math.min(nameEnd + 2, to);
					throw new ProblemException("dockerfile.word.substitution.modifier",
							this.text.substring(nameEnd, modifierEnd));
				}
				throw new ProblemException("dockerfile.word.substitution.unclosed", this.text.substring(at + 2, nameEnd));
			}
			if (close == UNCLOSED || close >= to) {
				result.append('$');
				return at + 1;
			}
			if (depth >= MAX_DEPTH) {
				result.append(this.text, at, close + 1);
				return close + 1;
			}
			int nameEnd = nameEnd(at + 2);
			String name = this.text.substring(at + 2, nameEnd);
			String value = this.variables.apply(name);
			if (value == null && !this.word) {
				result.append(this.text, at, close + 1);
				return close + 1;
			}
			if (nameEnd == close) {
				result.append((value != null) ? value : "");
				return close + 1;
			}
			boolean colon = this.text.charAt(nameEnd) == ':';
			char operator = this.text.charAt(colon ? nameEnd + 1 : nameEnd);
			int argumentStart = operatorEnd(nameEnd);
			// With a colon, an empty value counts as unset.
			boolean unset = value == null || colon && value.isEmpty();
			if (!this.word && unset && operator == '?') {
				// The shell will stop there when it runs; leave it the message.
				result.append(this.text, at, close + 1);
				return close + 1;
			}
			switch (operator) {
				case '-' -> result.append(unset ? expand(argumentStart, close, depth + 1) : value);
				case '+' -> result.append(unset ? "" : expand(argumentStart, close, depth + 1));
				default -> {
					if (unset) {
						String message = expand(argumentStart, close, depth + 1);
						if (!message.isEmpty()) {
							throw new ProblemException("dockerfile.variable.message", name, message);
						}
						throw new ProblemException((value == null) ? "dockerfile.variable.unset"
								: "dockerfile.variable.empty", name);
					}
					result.append(value);
				}
			}
			return close + 1;
		}
		int nameEnd = nameEnd(at + 1);
		if (at + 1 < to && Character.isDigit(this.text.charAt(at + 1))) {
			// A positional parameter, $1 or $12: its digits only, as BuildKit reads it.
			int digits = at + 1;
			while (digits < to && this.text.charAt(digits) >= '0' && this.text.charAt(digits) <= '9') {
				digits++;
			}
			if (!this.word) {
				result.append(this.text, at, digits);
			}
			return digits;
		}
		if (nameEnd == at + 1 && at + 1 < to && "@*#?-$!".indexOf(this.text.charAt(at + 1)) >= 0) {
			// A special or positional parameter ($@, $*, $#, $1...): no builder sets one, so a word has it empty; the
			// shell of a RUN still reads it.
			if (!this.word) {
				result.append(this.text, at, at + 2);
			}
			return at + 2;
		}
		if (nameEnd == at + 1 || nameEnd > to) {
			result.append('$');
			return at + 1;
		}
		String value = this.variables.apply(this.text.substring(at + 1, nameEnd));
		if (value != null) {
			result.append(value);
		}
		else if (!this.word) {
			result.append(this.text, at, nameEnd);
		}
		return nameEnd;
	}

}
