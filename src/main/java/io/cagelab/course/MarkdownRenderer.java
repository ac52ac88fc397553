package io.cagelab.course;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.FencedCodeBlock;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.AttributeProvider;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;
import org.jsoup.safety.Safelist;

import org.springframework.context.MessageSource;
import org.springframework.stereotype.Component;

/**
 * Turn course Markdown into HTML that is safe to embed: authors' raw HTML is cleaned, never trusted. Tables and code
 * blocks scroll in boxes of their own that a keyboard can reach, and each code block gets a copy button; a shell block
 * ({@code ```sh}) is a command to type, which the lab page can also run in the terminal, unless its info string says
 * {@code example} (shown, never run) or {@code destructive} (run only once the learner confirms).
 */
@Component
public class MarkdownRenderer {

	/** Heading anchors get a prefix, so that a heading can never take the id of an element of the page itself. */
	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
			HeadingAnchorExtension.builder().idPrefix("section-").build());

	private static final Set<String> SHELLS = Set.of("sh", "shell", "bash");

	private static final String FENCE_MARK = java.util.UUID.randomUUID().toString().substring(0, 8);

	/** Classes of the app's own controls and boxes, which no author's markup may borrow. */
	private static final java.util.regex.Pattern RESERVED_CLASS = java.util.regex.Pattern
		.compile("code-.*|table-scroll|visually-hidden|button.*|notice.*|lab-.*|terminal.*");

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer htmlRenderer = HtmlRenderer.builder()
		.extensions(EXTENSIONS)
		.attributeProviderFactory((context) -> new CodeKindMarker())
		.build();

	private final TextContentRenderer textRenderer = TextContentRenderer.builder().build();

	private final Safelist safelist = Safelist.relaxed()
		.addAttributes(":all", "class")
		.addAttributes("h1", "id")
		.addAttributes("h2", "id")
		.addAttributes("h3", "id")
		.addAttributes("h4", "id")
		.addAttributes("a", "title")
		.preserveRelativeLinks(true);

	private final MessageSource messages;

	MarkdownRenderer(MessageSource messages) {
		this.messages = messages;
	}

	/**
	 * Render a page whose first top-level heading is its title and first paragraph its summary.
	 */
	public ModulePage renderPage(Language language, String markdown) {
		Node document = this.parser.parse(markdown);
		TitleAndSummary parts = new TitleAndSummary();
		document.accept(parts);
		String title = (parts.title != null) ? this.textRenderer.render(parts.title).trim() : "";
		if (parts.title != null) {
			parts.title.unlink();
		}
		String summary = (parts.summary != null) ? this.textRenderer.render(parts.summary).trim() : "";
		String html = boxed(sanitize(this.htmlRenderer.render(document)), language.locale());
		return new ModulePage(language, title, summary, html);
	}

	String sanitize(String html) {
		// A base URI is needed for relative links to survive; it never reaches the output.
		Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
		return Jsoup.clean(html, "https://course.invalid/", this.safelist, output);
	}

	/** Put clean HTML's tables and code blocks in boxes of their own; the controls are the app's, never an author's. */
	private String boxed(String html, Locale locale) {
		Document document = Jsoup.parseBodyFragment(html);
		document.outputSettings().prettyPrint(false);
		for (Element element : document.body().select("[class]")) {
			for (String name : List.copyOf(element.classNames())) {
				boolean fence = element.tagName().equals("pre") && name.endsWith("-" + FENCE_MARK);
				if (!fence && RESERVED_CLASS.matcher(name).matches()) {
					element.removeClass(name);
				}
			}
			if (element.classNames().isEmpty()) {
				element.removeAttr("class");
			}
		}
		for (Element table : document.select("table")) {
			List<String> headings = table.select("thead th").eachText();
			String label = headings.isEmpty() ? message("course.table", locale)
					: message("course.table.columns", locale, String.join(", ", headings));
			table.wrap("<div class=\"table-scroll\" tabindex=\"0\" role=\"region\"></div>");
			table.parent().attr("aria-label", label);
		}
		for (Element pre : document.select("pre")) {
			CodeKind kind = CodeKind.of(pre);
			pre.removeClass(kind.cssClass()).attr("tabindex", "0").attr("role", "region")
				.attr("aria-label", message("course.code." + kind.key(), locale));
			if (pre.classNames().isEmpty()) {
				pre.removeAttr("class");
			}
			pre.wrap("<div class=\"code-block\"></div>");
			Element block = pre.parent();
			block.attr("data-code", kind.key());
			Element actions = block.appendElement("div").addClass("code-actions");
			actions.appendElement("button").attr("type", "button").addClass("button button-small button-quiet")
				.attr("data-copy", "").attr("hidden", true).attr("data-copied", message("course.code.copied", locale))
				.attr("data-copy-failed", message("course.code.copy-failed", locale))
				.text(message("course.code.copy", locale));
			if (kind != CodeKind.EXAMPLE) {
				Element run = actions.appendElement("button").attr("type", "button").addClass("button button-small")
					.attr("data-run", "").attr("hidden", true).attr("data-ran", message("course.code.ran", locale))
					.text(message("course.code.run", locale));
				if (kind == CodeKind.DESTRUCTIVE) {
					run.attr("data-confirm-title", message("course.code.confirm.title", locale))
						.attr("data-confirm-text", message("course.code.confirm.text", locale))
						.attr("data-confirm-run", message("course.code.confirm.run", locale))
						.attr("data-confirm-cancel", message("course.code.confirm.cancel", locale));
				}
			}
			actions.appendElement("span").addClass("code-status").attr("role", "status").attr("aria-live", "polite");
		}
		return document.body().html();
	}

	private String message(String key, Locale locale, Object... arguments) {
		return this.messages.getMessage(key, arguments, locale);
	}

	/** What a code block is for, as its fence's info string says ({@code ```sh destructive}). */
	enum CodeKind {

		/** A command to type in the sandbox. */
		COMMAND,

		/** A command that breaks things on purpose (a fork bomb, a kill loop, a shell that ends): asked before run. */
		DESTRUCTIVE,

		/** Anything else: a file, an output, a command for another machine. Copied, never run. */
		EXAMPLE;

		String key() {
			return name().toLowerCase(Locale.ROOT);
		}

		/** A class only this renderer knows: raw HTML an author wrote cannot pose as a fenced block. */
		String cssClass() {
			return "code-kind-" + key() + "-" + FENCE_MARK;
		}

		static CodeKind of(String info) {
			List<String> words = Arrays.asList(info.trim().toLowerCase(Locale.ROOT).split("\\s+"));
			if (!SHELLS.contains(words.get(0)) || words.contains("example")) {
				return EXAMPLE;
			}
			return words.contains("destructive") ? DESTRUCTIVE : COMMAND;
		}

		static CodeKind of(Element pre) {
			for (CodeKind kind : values()) {
				if (pre.hasClass(kind.cssClass())) {
					return kind;
				}
			}
			return EXAMPLE;
		}

	}

	/** Mark each fenced block's {@code pre} with its kind, which the info string says and HTML would otherwise lose. */
	private static final class CodeKindMarker implements AttributeProvider {

		@Override
		public void setAttributes(Node node, String tagName, Map<String, String> attributes) {
			if (node instanceof FencedCodeBlock block && tagName.equals("pre")) {
				String info = (block.getInfo() != null) ? block.getInfo() : "";
				attributes.put("class", CodeKind.of(info.isBlank() ? "text" : info).cssClass());
			}
		}

	}

	private static final class TitleAndSummary extends AbstractVisitor {

		private Heading title;

		private Paragraph summary;

		@Override
		public void visit(Heading heading) {
			if (this.title == null && heading.getLevel() == 1) {
				this.title = heading;
			}
		}

		@Override
		public void visit(Paragraph paragraph) {
			if (this.summary == null && paragraph.getParent() instanceof org.commonmark.node.Document) {
				this.summary = paragraph;
			}
		}

	}

}
