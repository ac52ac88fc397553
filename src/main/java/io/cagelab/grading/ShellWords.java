package io.cagelab.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * Split shell text into commands and words the way bash would for simple commands: quotes, {@code $'...'} (ANSI-C
 * quoting, whose escapes bash replaces), backslash escapes, line continuations and comments. Pipes, {@code ;},
 * {@code &&}, {@code ||}, {@code &} and the parentheses of a subshell end a command; the text of a command
 * substitution, {@code $(...)} or {@code `...`}, is a command of its own too, so that {@code CID=$(docker run ...)} is
 * read. Other expansions are kept as written: grading looks at what was typed, not at what a shell would make of it.
 * A backslash before a Windows line end (CR LF) is refused: bash escapes the CR there and ends the command at the LF,
 * so the next line is not a continuation. An invisible character (a zero-width space, say) is refused too: Docker
 * reads it as part of a word, where it makes {@code host} another word.
 */
final class ShellWords {

	/** One word and where it starts (1-based line and column), for messages that point at it. */
	record Word(String text, int line, int column) {
	}

	/** Command substitutions nested deeper than this are refused rather than followed. */
	static final int MAX_DEPTH = 16;

	private final String text;

	private final List<List<Word>> commands;

	private List<Word> command = new ArrayList<>();

	private StringBuilder word;

	private int wordLine;

	private int wordColumn;

	private int position;

	private final int end;

	private int line;

	private int column;

	private final int depth;

	private ShellWords(String text, int start, int end, int line, int column, int depth, List<List<Word>> commands) {
		this.text = text;
		this.position = start;
		this.end = end;
		this.line = line;
		this.column = column;
		this.depth = depth;
		this.commands = commands;
	}

	static List<List<Word>> commands(String text) {
		List<List<Word>> commands = new ArrayList<>();
		new ShellWords(text, 0, text.length(), 1, 0, 0, commands).split();
		return commands;
	}

	private boolean more() {
		return this.position < this.end;
	}

	private char peek() {
		return this.text.charAt(this.position);
	}

	private void split() {
		while (more()) {
			char c = next();
			if (Character.getType(c) == Character.FORMAT) {
				throw new GradingException(this.line, this.column, "shell.invisible",
						String.format("%04X", (int) c));
			}
			if (c == '\\' && more()) {
				escaped(next());
			}
			else if (c == '\'' || c == '"') {
				quoted(c);
			}
			else if (c == '$' && more() && peek() == '\'') {
				next();
				ansiQuoted();
			}
			else if (c == '$' && more() && peek() == '"') {
				// $"..." is translated by the locale, which changes nothing here.
				next();
				quoted('"');
			}
			else if (c == '$' && more() && peek() == '(') {
				next();
				substitution(')');
			}
			else if (c == '`') {
				substitution('`');
			}
			else if (c == '#' && this.word == null) {
				while (more() && peek() != '\n') {
					next();
				}
			}
			else if (c == '\r' && more() && peek() == '\n') {
				// A Windows line end outside quotes ends the line, as an editor means it to.
				endWord();
			}
			else if (c == ' ' || c == '\t' || c == '\r') {
				endWord();
			}
			else if (c == '\n' || c == ';' || c == '|' || c == '&' || c == '(' || c == ')') {
				endWord();
				endCommand();
				if ((c == '|' || c == '&') && more() && peek() == c) {
					next();
				}
			}
			else {
				append(c);
			}
		}
		endWord();
		endCommand();
	}

	/** A backslash outside quotes: a line continuation, or the next character taken literally. */
	private void escaped(char c) {
		if (c == '\r' && more() && peek() == '\n') {
			throw new GradingException(this.line, this.column - 1, "shell.backslash.crlf");
		}
		if (c != '\n') {
			append(c);
		}
	}

	private void quoted(char quote) {
		int quoteLine = this.line;
		int quoteColumn = this.column;
		startWord();
		while (more()) {
			char c = next();
			if (c == quote) {
				return;
			}
			if (quote == '"' && c == '$' && more() && peek() == '(') {
				next();
				substitution(')');
				continue;
			}
			if (quote == '"' && c == '`') {
				substitution('`');
				continue;
			}
			if (quote == '"' && c == '\\' && more() && "$`\"\\\n".indexOf(peek()) >= 0) {
				char escaped = next();
				if (escaped != '\n') {
					this.word.append(escaped);
				}
			}
			else {
				this.word.append(c);
			}
		}
		throw new GradingException(quoteLine, quoteColumn,
				(quote == '\'') ? "shell.quote.single.unclosed" : "shell.quote.double.unclosed");
	}

	/** {@code $'...'}, whose backslash escapes bash replaces, as {@code $'--privileged'} or {@code $'\x30'}. */
	private void ansiQuoted() {
		int quoteLine = this.line;
		int quoteColumn = this.column - 1;
		startWord();
		while (more()) {
			char c = next();
			if (c == '\'') {
				return;
			}
			if (c != '\\' || !more()) {
				this.word.append(c);
				continue;
			}
			char e = next();
			switch (e) {
				case 'n' -> this.word.append('\n');
				case 't' -> this.word.append('\t');
				case 'r' -> this.word.append('\r');
				case 'a' -> this.word.append('\007');
				case 'b' -> this.word.append('\b');
				case 'e', 'E' -> this.word.append('\033');
				case 'f' -> this.word.append('\f');
				case 'v' -> this.word.append('\013');
				case '\\', '\'', '"', '?' -> this.word.append(e);
				case 'x' -> this.word.appendCodePoint(digits(16, 2, 0));
				case 'u' -> this.word.appendCodePoint(digits(16, 4, 0));
				case 'U' -> this.word.appendCodePoint(digits(16, 8, 0));
				case 'c' -> {
					if (more()) {
						this.word.append((char) (next() & 0x1f));
					}
				}
				default -> {
					if (e >= '0' && e <= '7') {
						this.word.appendCodePoint(digits(8, 2, e - '0'));
					}
					else {
						this.word.append('\\').append(e);
					}
				}
			}
		}
		throw new GradingException(quoteLine, quoteColumn, "shell.quote.single.unclosed");
	}

	/** Up to {@code most} more digits of a number in {@code base}, after the value read so far. */
	private int digits(int base, int most, int value) {
		int result = value;
		for (int i = 0; i < most && more() && Character.digit(peek(), base) >= 0; i++) {
			result = result * base + Character.digit(next(), base);
		}
		return Character.isValidCodePoint(result) ? result : '?';
	}

	/**
	 * A command substitution, {@code $(...)} or {@code `...`}: its text is read as commands of their own; the word it
	 * is in keeps it as written.
	 */
	private void substitution(char close) {
		int startLine = this.line;
		int startColumn = this.column;
		int start = this.position;
		int nesting = 0;
		char quote = 0;
		while (more()) {
			char c = peek();
			if (quote != 0) {
				if (c == '\\' && quote == '"' && this.position + 1 < this.end) {
					next();
				}
				else if (c == quote) {
					quote = 0;
				}
			}
			else if (c == '\\' && this.position + 1 < this.end) {
				next();
			}
			else if (c == '\'' || c == '"') {
				quote = c;
			}
			else if (close == ')' && c == '(') {
				nesting++;
			}
			else if (c == close) {
				if (nesting == 0) {
					break;
				}
				nesting--;
			}
			next();
		}
		if (!more()) {
			throw new GradingException(startLine, startColumn, "shell.substitution.unclosed");
		}
		int stop = this.position;
		next();
		if (this.depth >= MAX_DEPTH) {
			throw new GradingException(startLine, startColumn, "shell.substitution.tooDeep", MAX_DEPTH);
		}
		new ShellWords(this.text, start, stop, startLine, startColumn, this.depth + 1, this.commands).split();
		startWord();
		this.word.append((close == ')') ? "$(" : "`").append(this.text, start, stop).append(close);
	}

	private char next() {
		char c = this.text.charAt(this.position++);
		if (c == '\n') {
			this.line++;
			this.column = 0;
		}
		else {
			this.column++;
		}
		return c;
	}

	private void startWord() {
		if (this.word == null) {
			this.word = new StringBuilder();
			this.wordLine = this.line;
			this.wordColumn = this.column;
		}
	}

	private void append(char c) {
		startWord();
		this.word.append(c);
	}

	private void endWord() {
		if (this.word != null) {
			this.command.add(new Word(this.word.toString(), this.wordLine, this.wordColumn));
			this.word = null;
		}
	}

	private void endCommand() {
		if (!this.command.isEmpty()) {
			this.commands.add(this.command);
			this.command = new ArrayList<>();
		}
	}

}
