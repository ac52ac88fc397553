package io.cagelab.course;

import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import io.cagelab.exercise.Exercise;
import io.cagelab.exercise.ExerciseCatalog;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.Select;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.MessageSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The course pages and the lab instructions in a real Chromium: nothing wider than a phone or spilling over the
 * terminal, a copy button on every code block and "run in my terminal" on commands to type (asking first for the
 * destructive ones), diagrams that follow dark mode, chosen by the system or by the page's own toggle, and axe-core
 * finding nothing serious in either language or theme.
 */
class CoursePagesEndToEndTests extends BrowserTest {

	private static final Duration WAIT = Duration.ofSeconds(20);

	@Autowired
	CourseCatalog catalog;

	@Autowired
	ExerciseCatalog exercises;

	@Autowired
	MessageSource messages;

	@BeforeEach
	void start() {
		// The lab pages are opened for their instructions only: no sandbox is started behind them.
		this.browser.block("*/js/lab.js");
		// Four developers' tests share two cores: a page may take longer than usual to arrive.
		this.browser.driver().manage().timeouts().pageLoadTimeout(Duration.ofSeconds(90));
	}

	@Test
	void noModulePageIsWiderThanAPhone() {
		this.browser.size(390, 844);
		for (String language : List.of("en", "fr")) {
			open("/modules?lang=" + language);
			assertFitsTheScreen("/modules (" + language + ")");
			for (CourseModule module : modules()) {
				open("/modules/" + module.id() + "?lang=" + language);
				assertFitsTheScreen(module.id() + " (" + language + ")");
				assertThat(this.browser.findAll(".prose table")).as("tables of %s", module.id())
					.allMatch((table) -> table.findElement(org.openqa.selenium.By.xpath("..")).getDomAttribute("class")
						.contains("table-scroll"));
			}
		}
		open("/modules/fork-bomb?lang=fr");
		this.browser.screenshot("module-phone-fr.png");
		open("/modules/cgroups?lang=en");
		this.browser.script("document.querySelector('.table-scroll').scrollIntoView({ block: 'center' });");
		this.browser.screenshot("module-phone-table-en.png");
	}

	@Test
	void everyLabsInstructionsFitAPhoneAndNeverRunUnderTheWorkbench() {
		learner("cp-reader");
		this.browser.logIn("cp-reader", LEARNER_PASSWORD, "en");
		List<String> ids = this.exercises.exercises().block().stream().map(Exercise::id).toList();
		assertThat(ids).contains("oom-kill");
		// Each page is opened once, read on a phone, then widened to a desktop: the layout follows the window.
		for (String language : List.of("en", "fr")) {
			for (String id : ids) {
				this.browser.size(390, 844);
				open("/labs/" + id + "?lang=" + language);
				Map<?, ?> fit = (Map<?, ?>) this.browser.script("""
						const column = document.querySelector('.lab-instructions');
						const box = column.getBoundingClientRect();
						return { left: box.left, right: box.right, scroll: column.scrollWidth, client: column.clientWidth,
						         screen: window.innerWidth };""");
				assertThat(number(fit.get("scroll"))).as("%s (%s) on a phone: nothing overflows the instructions", id, language)
					.isLessThanOrEqualTo(number(fit.get("client")));
				assertThat(number(fit.get("right"))).as("%s (%s) on a phone: the instructions are on the screen", id, language)
					.isLessThanOrEqualTo(number(fit.get("screen")) + 0.5);
				this.browser.size(1280, 800);
				List<?> overlaps = (List<?>) this.browser.script("""
						const workbench = document.querySelector('.lab-workbench').getBoundingClientRect();
						const column = document.querySelector('.lab-instructions');
						const spills = [...column.querySelectorAll('table, pre')]
						  .map((element) => element.closest('.table-scroll, pre') || element)
						  .filter((box) => box.getBoundingClientRect().right > workbench.left + 0.5)
						  .map((box) => box.tagName + ' ' + Math.round(box.getBoundingClientRect().right) + ' > ' + workbench.left);
						if (column.scrollWidth > column.clientWidth) spills.push('column ' + column.scrollWidth);
						return spills;""");
				assertThat(overlaps).as("%s (%s): instructions under the workbench", id, language).isEmpty();
			}
		}
		open("/labs/oom-kill?lang=en");
		this.browser.screenshot("lab-oom-kill-instructions-desktop-en.png");
		this.browser.size(390, 844);
		open("/labs/oom-kill?lang=fr");
		this.browser.script("document.querySelector('.lab-instructions .table-scroll').scrollIntoView({ block: 'center' });");
		this.browser.screenshot("lab-oom-kill-instructions-phone-fr.png");
	}

	@Test
	void aCopyButtonPutsTheCommandOnTheClipboardAndSaysSoInTheReadersLanguage() {
		this.browser.grantClipboard();
		this.browser.size(1280, 800);
		for (String[] language : new String[][] { { "en", "Copy", "Copied" }, { "fr", "Copier", "Copié" } }) {
			open("/modules/cgroups?lang=" + language[0]);
			List<WebElement> blocks = this.browser.findAll(".prose .code-block");
			assertThat(blocks).as("code blocks").isNotEmpty();
			assertThat(this.browser.findAll(".prose pre")).as("every code block has its copy button").hasSameSizeAs(blocks);
			WebElement block = blocks.get(1);
			WebElement copy = block.findElement(org.openqa.selenium.By.cssSelector("button[data-copy]"));
			assertThat(copy.isDisplayed()).isTrue();
			assertThat(copy.getText()).isEqualTo(language[1]);
			// By keyboard: the copy button comes in the tab order, and Enter presses it.
			this.browser.script("arguments[0].focus();", copy);
			this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
			WebElement status = block.findElement(org.openqa.selenium.By.cssSelector(".code-status"));
			this.browser.waitFor(WAIT, () -> status.getText().equals(language[2]));
			assertThat(status.getDomAttribute("role")).isEqualTo("status");
			String expected = block.findElement(org.openqa.selenium.By.tagName("pre")).getDomProperty("textContent").strip();
			assertThat(clipboard()).isEqualTo(expected);
			this.browser.screenshot("module-copied-" + language[0] + ".png");
		}
	}

	@Test
	void runShowsOnlyWhenTheTerminalIsReadySendsTheCommandAndAsksFirstForADestructiveOne() {
		learner("cp-runner");
		this.browser.size(1280, 800);
		this.browser.logIn("cp-runner", LEARNER_PASSWORD, "en");
		for (String language : List.of("en", "fr")) {
			open("/labs/fork-bomb-contained?lang=" + language);
			this.browser.script("""
					window.ran = [];
					document.addEventListener('cagelab:run-command', (event) => window.ran.push(event.detail.command));""");
			List<WebElement> runs = this.browser.findAll(".lab-instructions [data-run]");
			assertThat(runs).as("run buttons").isNotEmpty();
			assertThat(runs).as("no run button before the terminal is ready").noneMatch(WebElement::isDisplayed);

			this.browser.script("document.body.dataset.terminal = 'ready';");
			this.browser.waitFor(WAIT, () -> runs.stream().allMatch(WebElement::isDisplayed));

			WebElement command = this.browser.find(".lab-instructions .code-block[data-code=command]");
			String typed = command.findElement(org.openqa.selenium.By.tagName("pre")).getDomProperty("textContent").strip();
			press(command.findElement(org.openqa.selenium.By.cssSelector("[data-run]")));
			this.browser.waitFor(WAIT, () -> ran().size() == 1);
			assertThat(ran()).containsExactly((Object) typed);
			assertThat(this.browser.findAll("dialog[open]")).as("no question for a harmless command").isEmpty();

			WebElement bomb = this.browser.find(".lab-instructions .code-block[data-code=destructive]");
			String bombText = bomb.findElement(org.openqa.selenium.By.tagName("pre")).getDomProperty("textContent").strip();
			WebElement runBomb = bomb.findElement(org.openqa.selenium.By.cssSelector("[data-run]"));
			press(runBomb);
			this.browser.waitFor(WAIT, () -> !this.browser.findAll("dialog.confirm-dialog[open]").isEmpty());
			WebElement dialog = this.browser.find("dialog.confirm-dialog[open]");
			assertThat(dialog.findElement(org.openqa.selenium.By.tagName("pre")).getText()).isEqualTo(bombText);
			assertThat(dialog.findElement(org.openqa.selenium.By.tagName("h2")).getText())
				.isEqualTo(message("course.code.confirm.title", language).replace('\u00a0', ' '));
			assertThat(this.browser.driver().switchTo().activeElement().getDomAttribute("value"))
				.as("Cancel has the focus").isEqualTo("cancel");
			assertThat(this.browser.accessibilityViolations("dialog.confirm-dialog")).as("the confirmation (%s)", language).isEmpty();
			assertThat(this.browser.accessibilityViolations(".lab-instructions")).as("the instructions (%s)", language).isEmpty();
			this.browser.screenshot("lab-confirm-destructive-" + language + ".png");
			this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
			this.browser.waitFor(WAIT, () -> this.browser.findAll("dialog.confirm-dialog[open]").isEmpty());
			assertThat(ran()).as("Cancel runs nothing").hasSize(1);

			press(runBomb);
			this.browser.waitFor(WAIT, () -> !this.browser.findAll("dialog.confirm-dialog[open]").isEmpty());
			this.browser.driver().switchTo().activeElement().sendKeys(Keys.ESCAPE);
			this.browser.waitFor(WAIT, () -> this.browser.findAll("dialog.confirm-dialog[open]").isEmpty());
			assertThat(ran()).as("Escape runs nothing").hasSize(1);

			press(runBomb);
			this.browser.waitFor(WAIT, () -> !this.browser.findAll("dialog.confirm-dialog[open]").isEmpty());
			this.browser.find("dialog.confirm-dialog[open] button[value=run]").click();
			this.browser.waitFor(WAIT, () -> ran().size() == 2);
			assertThat(ran().get(1)).isEqualTo(bombText);
			assertThat(this.browser.driver().switchTo().activeElement()).as("the focus is back on the button")
				.isEqualTo(runBomb);

			this.browser.script("document.body.dataset.terminal = 'ended';");
			this.browser.waitFor(WAIT, () -> runs.stream().noneMatch(WebElement::isDisplayed));
		}
		open("/modules/fork-bomb?lang=en");
		assertThat(this.browser.findAll(".code-block[data-code=destructive]")).as("the bombs of the module page").hasSize(2);
		assertThat(this.browser.findAll(".code-block [data-run]")).as("no terminal, no run button")
			.noneMatch(WebElement::isDisplayed);
	}

	@Test
	void diagramsFollowDarkModeFromTheSystemAndFromTheToggleWhichIsRememberedWithoutAFlash() {
		this.browser.size(1280, 800);
		// Where the theme stands when the page's body is first created, before anything could be painted.
		this.browser.onEveryPage("""
				new MutationObserver((changes, observer) => {
				  if (document.body) {
				    window.themeAtFirstBody = document.documentElement.dataset.theme || 'system';
				    observer.disconnect();
				  }
				}).observe(document, { childList: true, subtree: true });""");
		open("/modules/namespaces?lang=en");
		String diagram = ".prose img[src$='.svg']";
		assertThat(brightShare(diagram)).as("a light diagram in light mode").isGreaterThan(0.4);

		this.browser.colorScheme("dark");
		for (CourseModule module : modules()) {
			for (String language : List.of("en", "fr")) {
				open("/modules/" + module.id() + "?lang=" + language);
				int count = this.browser.findAll(diagram).size();
				assertThat(count).as("diagrams of %s", module.id()).isPositive();
				for (int index = 0; index < count; index++) {
					String nth = "(" + index + ")";
					int at = index;
					this.browser.waitFor(WAIT, () -> brightShare(diagram, at) < 0.05);
					assertThat(brightShare(diagram, index)).as("bright pixels in diagram %s of %s (%s), system dark", nth,
							module.id(), language).isLessThan(0.05);
				}
			}
		}
		open("/modules/namespaces?lang=fr");
		this.browser.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", diagram);
		this.browser.screenshot("module-dark-system-fr.png");

		// The toggle wins over the system, both ways, and is remembered.
		new Select(this.browser.find("#theme-choice")).selectByValue("light");
		this.browser.waitFor(WAIT, () -> brightShare(diagram) > 0.4);
		this.browser.colorScheme("light");
		new Select(this.browser.find("#theme-choice")).selectByValue("dark");
		this.browser.waitFor(WAIT, () -> brightShare(diagram) < 0.05);
		assertThat(this.browser.script("return localStorage.getItem('cagelab-theme');")).isEqualTo("dark");
		open("/modules/capabilities?lang=en");
		assertThat(this.browser.script("return window.themeAtFirstBody;")).as("the theme before the first paint")
			.isEqualTo("dark");
		assertThat(this.browser.find("#theme-choice").getDomProperty("value")).isEqualTo("dark");
		assertThat(brightShare(diagram)).as("a remembered dark theme").isLessThan(0.05);
		assertThat(background("body")).as("the page's own background").isLessThan(60);
		this.browser.script("document.querySelector(arguments[0]).scrollIntoView({ block: 'center' });", diagram);
		this.browser.screenshot("module-dark-toggle-en.png");

		new Select(this.browser.find("#theme-choice")).selectByValue("system");
		this.browser.waitFor(WAIT, () -> brightShare(diagram) > 0.4);
		assertThat(this.browser.script("return localStorage.getItem('cagelab-theme');")).isNull();
		assertThat(this.browser.script("return document.documentElement.dataset.theme || null;")).isNull();
	}

	@Test
	void theCoursePagesAreAccessibleInBothLanguagesLightAndDark() {
		this.browser.size(1280, 800);
		for (String theme : List.of("light", "dark")) {
			open("/modules");
			new Select(this.browser.find("#theme-choice")).selectByValue(theme);
			// Dark mode changes colours, not structure: its contrasts are swept once, on the longer French pages.
			for (String language : theme.equals("light") ? List.of("en", "fr") : List.of("fr")) {
				List<String> pages = new ArrayList<>(List.of("/modules"));
				modules().forEach((module) -> pages.add("/modules/" + module.id()));
				for (String page : pages) {
					open(page + "?lang=" + language);
					assertThat(this.browser.findAll("[data-copy]")).as("copy buttons shown on %s", page)
						.allMatch(WebElement::isDisplayed);
					assertThat(this.browser.accessibilityViolations()).as("%s (%s, %s)", page, language, theme).isEmpty();
				}
			}
		}
		this.browser.size(390, 844);
		open("/modules/best-practices?lang=fr");
		assertThat(this.browser.accessibilityViolations()).as("best practices on a phone, dark").isEmpty();
		this.browser.screenshot("module-dark-phone-fr.png");
	}

	@Test
	void theForkBombModuleSaysThatCtrlCCannotStopTheBombAndThatResetRecoversTheSandbox() {
		this.browser.size(1280, 800);
		for (String[] language : new String[][] { { "en", "about a second" }, { "fr", "une seconde environ" } }) {
			open("/modules/fork-bomb?lang=" + language[0]);
			String section = (String) this.browser.script("""
					const heading = [...document.querySelectorAll('.prose h2')].find((h) => h.textContent.includes('Ctrl-C'));
					if (!heading) return '';
					let text = heading.textContent;
					for (let next = heading.nextElementSibling; next && next.tagName !== 'H2'; next = next.nextElementSibling) {
					  text += '\\n' + next.textContent;
					}
					return text;""");
			assertThat(section).as("where the bomb is taught (%s)", language[0]).contains("Ctrl-C")
				.contains(message("lab.reset", language[0])).contains(language[1]);
		}
	}

	private String message(String key, String language) {
		return this.messages.getMessage(key, null, Locale.forLanguageTag(language));
	}

	private void open(String path) {
		this.browser.open(path);
		this.browser.waitFor(WAIT, () -> "complete".equals(this.browser.script("return document.readyState;"))
				&& Boolean.TRUE.equals(this.browser.script(
						"return [...document.images].every((image) => image.complete && image.naturalWidth > 0);")));
	}

	private List<CourseModule> modules() {
		return this.catalog.modules().block();
	}

	private void assertFitsTheScreen(String page) {
		Map<?, ?> widths = (Map<?, ?>) this.browser.script(
				"return { page: document.documentElement.scrollWidth, screen: window.innerWidth };");
		assertThat(number(widths.get("page"))).as("width of %s on a phone", page).isLessThanOrEqualTo(number(widths.get("screen")));
	}

	/** Press a button as a keyboard user does: focus it, then Enter. */
	private void press(WebElement button) {
		this.browser.script("arguments[0].focus();", button);
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
	}

	@SuppressWarnings("unchecked")
	private List<Object> ran() {
		return (List<Object>) this.browser.script("return window.ran;");
	}

	private String clipboard() {
		return (String) ((org.openqa.selenium.JavascriptExecutor) this.browser.driver()).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				navigator.clipboard.readText().then(done, (error) => done('clipboard refused: ' + error));""");
	}

	private double brightShare(String css) {
		return brightShare(css, 0);
	}

	/** Return the share of a diagram's pixels on the screen that are near white. */
	private double brightShare(String css, int index) {
		Map<?, ?> box = (Map<?, ?>) this.browser.script("""
				const element = document.querySelectorAll(arguments[0])[arguments[1]];
				element.scrollIntoView({ block: 'center' });
				const box = element.getBoundingClientRect();
				return { x: box.x, y: box.y, width: box.width, height: box.height, ratio: window.devicePixelRatio };""",
				css, index);
		BufferedImage screen = this.browser.screen();
		double ratio = number(box.get("ratio"));
		int left = (int) Math.max(0, Math.ceil(number(box.get("x")) * ratio));
		int top = (int) Math.max(0, Math.ceil(number(box.get("y")) * ratio));
		int right = (int) Math.min(screen.getWidth(), Math.floor((number(box.get("x")) + number(box.get("width"))) * ratio));
		int bottom = (int) Math.min(screen.getHeight(), Math.floor((number(box.get("y")) + number(box.get("height"))) * ratio));
		long bright = 0;
		long all = 0;
		for (int y = top; y < bottom; y++) {
			for (int x = left; x < right; x++) {
				int rgb = screen.getRGB(x, y);
				all++;
				if (((rgb >> 16) & 0xff) > 235 && ((rgb >> 8) & 0xff) > 235 && (rgb & 0xff) > 235) {
					bright++;
				}
			}
		}
		assertThat(all).as("pixels of %s on the screen", css).isGreaterThan(1000);
		return (double) bright / all;
	}

	/** Return the brightest channel of an element's background colour. */
	private int background(String css) {
		String colour = (String) this.browser.script("return getComputedStyle(document.querySelector(arguments[0])).backgroundColor;", css);
		return java.util.Arrays.stream(colour.replaceAll("[^0-9,]", "").split(",")).limit(3).mapToInt(Integer::parseInt).max()
			.orElseThrow();
	}

	private static double number(Object value) {
		return ((Number) value).doubleValue();
	}

}
