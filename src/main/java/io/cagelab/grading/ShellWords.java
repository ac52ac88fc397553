package io.cagelab.grading;

import java.util.ArrayList;
import java.util.List;

/**
 * Split shell text into commands and words the way a POSIX shell would for simple commands: quotes, backslash
 * escapes, line continuations and comments. Pipes, {@code ;}, {@code &&} and {@code ||} end a command. Expansions
 * are kept as written: grading looks at what was typed, not at what a shell would make of it.
 */
final class ShellWords {

	private ShellWords() {
	}

	/** One word and where it starts (1-based line and column), for messages that point at it. */
	record Word(String text, int line, int column) {
	}

	static List<List<Word>> commands(String text) {
		List<List<Word>> commands = new ArrayList<>();
		List<Word> current = new ArrayList<>();
		StringBuilder word = null;
		int line = 1;
		int column = 0;
		int wordLine = 0;
		int wordColumn = 0;
		char quote = 0;
		int quoteLine = 0;
		int quoteColumn = 0;
		for (int i = 0; i < text.length(); i++) {
			char c = text.charAt(i);
			column++;
			if (quote == '\'') {
				if (c == '\'') {
					quote = 0;
				}
				else {
					word.append(c);
				}
			}
			else if (quote == '"') {
				if (c == '"') {
					quote = 0;
				}
				else if (c == '\\' && i + 1 < text.length() && "$`\"\\\n".indexOf(text.charAt(i + 1)) >= 0) {
					char next = text.charAt(++i);
					if (next != '\n') {
						word.append(next);
					}
					column++;
				}
				else {
					word.append(c);
				}
			}
			else if (c == '\\' && i + 1 < text.length()) {
				char next = text.charAt(++i);
				if (next == '\n' || next == '\r' && i + 1 < text.length() && text.charAt(i + 1) == '\n') {
					// A line continuation joins the next line to this command.
					if (next == '\r') {
						i++;
					}
					line++;
					column = 0;
				}
				else {
					if (word == null) {
						word = new StringBuilder();
						wordLine = line;
						wordColumn = column;
					}
					word.append(next);
					column++;
				}
			}
			else if (c == '\'' || c == '"') {
				if (word == null) {
					word = new StringBuilder();
					wordLine = line;
					wordColumn = column;
				}
				quote = c;
				quoteLine = line;
				quoteColumn = column;
			}
			else if (c == '#' && word == null) {
				while (i + 1 < text.length() && text.charAt(i + 1) != '\n') {
					i++;
				}
			}
			else if (c == ' ' || c == '\t' || c == '\r') {
				endWord(current, word, wordLine, wordColumn);
				word = null;
			}
			else if (c == '\n' || c == ';' || c == '|' || c == '&') {
				endWord(current, word, wordLine, wordColumn);
				word = null;
				endCommand(commands, current);
				current = new ArrayList<>();
				if ((c == '|' || c == '&') && i + 1 < text.length() && text.charAt(i + 1) == c) {
					i++;
					column++;
				}
				if (c == '\n') {
					line++;
					column = 0;
				}
			}
			else {
				if (word == null) {
					word = new StringBuilder();
					wordLine = line;
					wordColumn = column;
				}
				word.append(c);
			}
			if (quote != 0 && c == '\n') {
				line++;
				column = 0;
			}
		}
		if (quote != 0) {
			throw new GradingException(quoteLine, quoteColumn, "this " + (quote == '\'' ? "single" : "double")
					+ " quote is never closed");
		}
		endWord(current, word, wordLine, wordColumn);
		endCommand(commands, current);
		return commands;
	}

	private static void endWord(List<Word> command, StringBuilder word, int line, int column) {
		if (word != null) {
			command.add(new Word(word.toString(), line, column));
		}
	}

	private static void endCommand(List<List<Word>> commands, List<Word> command) {
		if (!command.isEmpty()) {
			commands.add(command);
		}
	}

}
