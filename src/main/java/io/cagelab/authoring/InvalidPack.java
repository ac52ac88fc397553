package io.cagelab.authoring;

import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.web.Refusal;

import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;

/**
 * A pack that cannot be imported: 422, nothing imported. Either an archive refused at its first hostile entry (a
 * link, a path out of the pack, a bomb...), reading stopped there and told as the answer's detail, or exercises with
 * problems, every one of them listed with the file it is in.
 */
class InvalidPack extends Refusal {

	private final transient List<PackProblem> problems;

	private InvalidPack(List<PackProblem> problems, String key, Object... arguments) {
		super(HttpStatus.UNPROCESSABLE_CONTENT, key, arguments);
		this.problems = List.copyOf(problems);
	}

	/** The exercises of a pack that have problems. */
	static InvalidPack of(List<PackProblem> problems) {
		return new InvalidPack(problems, "pack.invalid", problems.size());
	}

	/** An archive refused as a whole, because of this entry (empty: the archive itself). */
	static InvalidPack refused(String entry, String key, Object... arguments) {
		return new InvalidPack(List.of(PackProblem.of(entry, key, arguments)), key, arguments);
	}

	List<PackProblem> problems() {
		return this.problems;
	}

	@Override
	public Map<String, Object> properties(MessageSource messages, Locale locale) {
		return Map.of("problems", PackProblem.View.of(this.problems, messages, locale));
	}

}
