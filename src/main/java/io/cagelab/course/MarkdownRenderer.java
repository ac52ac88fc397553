package io.cagelab.course;

import java.util.List;

import org.commonmark.Extension;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.node.AbstractVisitor;
import org.commonmark.node.Heading;
import org.commonmark.node.Node;
import org.commonmark.node.Paragraph;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;
import org.commonmark.renderer.text.TextContentRenderer;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.safety.Safelist;

import org.springframework.stereotype.Component;

/**
 * Turn course Markdown into HTML that is safe to embed: authors' raw HTML is cleaned, never trusted.
 */
@Component
public class MarkdownRenderer {

	/** Heading anchors get a prefix, so that a heading can never take the id of an element of the page itself. */
	private static final List<Extension> EXTENSIONS = List.of(TablesExtension.create(),
			HeadingAnchorExtension.builder().idPrefix("section-").build());

	private final Parser parser = Parser.builder().extensions(EXTENSIONS).build();

	private final HtmlRenderer htmlRenderer = HtmlRenderer.builder().extensions(EXTENSIONS).build();

	private final TextContentRenderer textRenderer = TextContentRenderer.builder().build();

	private final Safelist safelist = Safelist.relaxed()
		.addAttributes(":all", "class")
		.addAttributes("h1", "id")
		.addAttributes("h2", "id")
		.addAttributes("h3", "id")
		.addAttributes("h4", "id")
		.addAttributes("a", "title")
		.preserveRelativeLinks(true);

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
		return new ModulePage(language, title, summary, sanitize(this.htmlRenderer.render(document)));
	}

	String sanitize(String html) {
		// A base URI is needed for relative links to survive; it never reaches the output.
		Document.OutputSettings output = new Document.OutputSettings().prettyPrint(false);
		return Jsoup.clean(html, "https://course.invalid/", this.safelist, output);
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
