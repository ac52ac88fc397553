package io.cagelab.course;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class MarkdownRendererTests {

	MarkdownRenderer renderer = new MarkdownRenderer();

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

}
