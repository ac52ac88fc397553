package io.cagelab.course;

/**
 * One module's page in one language, rendered and sanitized.
 *
 * @param title the page's first-level heading
 * @param summary the first paragraph, as plain text
 * @param html the body after the title, safe to embed
 */
public record ModulePage(Language language, String title, String summary, String html) {

}
