package io.cagelab.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * Split shell text into commands and words the way a POSIX shell would for simple commands: quotes, backslash
 * escapes, line continuations and comments. Pipes, {@code ;}, {@code &&} and {@code ||} end a command. Expansions
 * are kept as written: grading looks at what was typed, not at what a shell would make of it.
 */
final class ShellWords {

	/** One word and where it starts (1-based line and column), for messages that point at it. */
	record Word(String text, int line, int column) {
	}

	private final String text;

	private final List<List<Word>> commands = new ArrayList<>();

	private List<Word> command = new ArrayList<>();

	private StringBuilder word;

	private int wordLine;

	private int wordColumn;

	private int position;

	private int line = 1;

	private int column;

	private ShellWords(String text) {
		this.text = text;
	}

	static List<List<Word>> commands(String text) {
		ShellWords words = new ShellWords(text);
		words.split();
		return words.commands;
	}

	private void split() {
		while (this.position < this.text.length()) {
			char c = next();
			if (c == '\\' && this.position < this.text.length()) {
				escaped(next());
			}
			else if (c == '\'' || c == '"') {
				quoted(c);
			}
			else if (c == '#' && this.word == null) {
				while (this.position < this.text.length() && this.text.charAt(this.position) != '\n') {
					next();
				}
			}
			else if (c == ' ' || c == '\t' || c == '\r') {
				endWord();
			}
			else if (c == '\n' || c == ';' || c == '|' || c == '&') {
				endWord();
				endCommand();
				if ((c == '|' || c == '&') && this.position < this.text.length() && this.text.charAt(this.position) == c) {
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
		if (c == '\r' && this.position < this.text.length() && this.text.charAt(this.position) == '\n') {
			next();
		}
		else if (c != '\n' && c != '\r') {
			append(c);
		}
	}

	private void quoted(char quote) {
		int quoteLine = this.line;
		int quoteColumn = this.column;
		startWord();
		while (this.position < this.text.length()) {
			char c = next();
			if (c == quote) {
				return;
			}
			if (quote == '"' && c == '\\' && this.position < this.text.length()
					&& "$`\"\\\n".indexOf(this.text.charAt(this.position)) >= 0) {
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
