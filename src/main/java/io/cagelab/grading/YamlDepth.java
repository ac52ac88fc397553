package io.cagelab.grading;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * How deep the tree of a compose file goes once its aliases are expanded, read from the parser's events before any
 * tree is built. Whatever walks the tree (SnakeYAML's constructor, interpolation, merging, counting) recurses as deep
 * as the tree goes: an alias inside the node its anchor names makes the tree infinite, and is refused at the alias;
 * a tree deeper than {@link #MAX_DEPTH} is refused where it gets too deep.
 */
final class YamlDepth {

	/**
	 * The levels of mappings and sequences a compose file may nest, aliases expanded. A real one nests about six
	 * (the file, services, a service, deploy, resources, limits); 64 leaves room for any x- extension, and walking
	 * that deep takes a few hundred stack frames, far fewer than a thread's stack holds.
	 */
	static final int MAX_DEPTH = 64;

	private YamlDepth() {
	}

	/** A node read so far: a scalar, or a mapping or sequence, and the levels of them it spans. */
	private static final class Span {

		/** True while the events of its mapping or sequence are still being read: an alias to it then is inside it. */
		boolean reading;

		/** While reading, the levels that its deepest content spans; once read, the levels it spans itself. */
		int levels;

	}

	/** Throw a {@link GradingException} at the first alias that repeats itself, or at the first level too deep. */
	static void check(Iterable<Event> events) {
		// An anchor written again names its latest node from then on, as with SnakeYAML.
		Map<String, Span> anchors = new HashMap<>();
		Deque<Span> open = new ArrayDeque<>();
		for (Event event : events) {
			if (event instanceof CollectionStartEvent start) {
				if (open.size() == MAX_DEPTH) {
					throw tooDeep(start.getStartMark());
				}
				Span collection = new Span();
				collection.reading = true;
				open.push(collection);
				if (start.getAnchor() != null) {
					anchors.put(start.getAnchor(), collection);
				}
			}
			else if (event instanceof CollectionEndEvent) {
				Span collection = open.pop();
				collection.reading = false;
				collection.levels++;
				holds(open, collection);
			}
			else if (event instanceof ScalarEvent scalar && scalar.getAnchor() != null) {
				anchors.put(scalar.getAnchor(), new Span());
			}
			else if (event instanceof AliasEvent alias && anchors.containsKey(alias.getAnchor())) {
				// An alias to no anchor is left to SnakeYAML, which refuses it with its line.
				Span repeated = anchors.get(alias.getAnchor());
				if (repeated.reading) {
					Mark mark = alias.getStartMark();
					throw new GradingException(mark.getLine() + 1, mark.getColumn() + 1, "compose.alias.recursive",
							alias.getAnchor());
				}
				if (open.size() + repeated.levels > MAX_DEPTH) {
					throw tooDeep(alias.getStartMark());
				}
				holds(open, repeated);
			}
		}
	}

	/** The mapping or sequence being read holds {@code content}, and spans at least as many levels. */
	private static void holds(Deque<Span> open, Span content) {
		if (!open.isEmpty()) {
			open.peek().levels = Math.max(open.peek().levels, content.levels);
		}
	}

	private static GradingException tooDeep(Mark mark) {
		return new GradingException(mark.getLine() + 1, mark.getColumn() + 1, "compose.nesting.tooDeep", MAX_DEPTH);
	}

}
