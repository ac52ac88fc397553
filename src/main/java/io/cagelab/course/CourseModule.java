package io.cagelab.course;

import java.util.Map;

/**
 * A module of the course, with its page in each language it has been written in.
 *
 * @param id the module's stable identifier, used in URLs ({@code fork-bomb})
 * @param number the module's place in the course, from 1
 */
public record CourseModule(String id, int number, Map<Language, ModulePage> pages) {

	public boolean hasPage(Language language) {
		return this.pages.containsKey(language);
	}

	/** Return the page in the wanted language, or in another one when it has not been translated yet. */
	public ModulePage page(Language wanted) {
		ModulePage page = this.pages.get(wanted);
		return (page != null) ? page : this.pages.values().iterator().next();
	}

}
