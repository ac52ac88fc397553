package io.cagelab.terminal;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import io.cagelab.sandbox.Sandbox;
import io.cagelab.security.Viewer;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.interactions.Actions;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A learner at a terminal lab in a real Chromium, as a person uses it: by mouse, by keyboard only, on a phone, in
 * dark mode and in French. The terminal draws what sits below the baseline, lets the keyboard out, says plainly when
 * its sandbox ended, points at Reset during a fork bomb, stays in view beside long instructions, and takes commands
 * from the instructions.
 */
class LabTerminalEndToEndTests extends BrowserTest {

	private static final String LEARNER = "lterm-learner";

	private static final Duration READY = Duration.ofSeconds(40);

	@BeforeEach
	void start() {
		learner(LEARNER);
		this.browser.size(1280, 800);
	}

	@AfterEach
	void closeSandboxes() {
		closeSandboxesOf(LEARNER);
	}

	@Test
	void underscoresAndOtherDescendersAreDrawnAtOneToOne() throws Exception {
		openLab("shared-kernel", "en");
		assertThat(this.browser.script("return window.devicePixelRatio;")).isIn(1L, 1.0);
		type("clear; printf '%s\\n' ________________________________ 'uid_map cap_net_bind_service'" + Keys.ENTER);
		this.browser.waitFor(READY, () -> rowIndex("uid_map cap_net_bind_service") >= 0);

		BufferedImage terminal = ImageIO.read(new ByteArrayInputStream(
				this.browser.find("#terminal").getScreenshotAs(OutputType.BYTES)));
		assertThat(litPixels(terminal, "________________________________", 0, 32))
			.as("a row of underscores is drawn, not clipped away").isGreaterThan(32);
		// The underscore of "uid_map" is drawn in its own cell: the word does not read "uid map".
		assertThat(litPixels(terminal, "uid_map cap_net_bind_service", 3, 1)).as("the _ of uid_map").isGreaterThan(2);
		assertThat(litPixels(terminal, "uid_map cap_net_bind_service", 11, 1)).as("the _ of cap_net").isGreaterThan(2);
		// A blank cell stays blank: the count above is the glyph, not the background.
		assertThat(litPixels(terminal, "uid_map cap_net_bind_service", 7, 1)).as("the space").isZero();
		Files.createDirectories(Chromium.SCREENSHOTS);
		ImageIO.write(terminal, "png", Chromium.SCREENSHOTS.resolve("lab-terminal-underscores.png").toFile());
	}

	@Test
	void aKeyboardUserReachesTheTerminalTypesLeavesItAndReachesCheckAndReset() {
		openLab("fork-bomb-contained", "en");
		assertThat(inTerminal()).as("the terminal does not take the focus on load").isFalse();

		for (int i = 0; i < 80 && !inTerminal(); i++) {
			keys(Keys.TAB);
		}
		assertThat(inTerminal()).as("Tab reaches the terminal").isTrue();
		keys("echo kb-$((40+2))" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("kb-42"));
		// In the terminal Tab is the shell's: it completes.
		keys("ech", Keys.TAB);
		this.browser.waitFor(READY, () -> lastPromptLine().endsWith("$ echo"));
		keys("tab-stays" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("\ntab-stays"));
		assertThat(inTerminal()).isTrue();

		// The documented way out: Esc then Tab, forwards or backwards.
		assertThat(this.browser.find("#terminal-hint").getText()).contains("Esc then Tab");
		keys(Keys.ESCAPE, Keys.TAB);
		assertThat(activeId()).isEqualTo("lab-tab-moves-focus");
		shiftTab();
		assertThat(inTerminal()).as("back into the terminal, not %s", active()).isTrue();
		keys(Keys.ESCAPE);
		shiftTab();
		assertThat(inTerminal()).isFalse();
		for (int i = 0; i < 5 && !"lab-check".equals(activeId()); i++) {
			shiftTab();
		}
		assertThat(activeId()).isEqualTo("lab-check");
		// However short the check, what its busy status said is kept for the assertion below.
		this.browser.script("window.busySaid = []; new MutationObserver(() => window.busySaid.push("
				+ "document.getElementById('lab-check-busy').textContent)).observe("
				+ "document.getElementById('lab-check-busy'), { childList: true, characterData: true, subtree: true });");
		keys(Keys.ENTER);
		this.browser.waitFor(READY, () -> !this.browser.findAll("#lab-results [data-check]").isEmpty());
		assertThat(String.valueOf(this.browser.script("return window.busySaid.join('|');"))).contains("Checking");
		// Each check run in the sandbox is named by its own title, never only "Verified in your sandbox".
		assertThat(this.browser.findAll("#lab-results [data-check] .check-title")).extracting(WebElement::getText)
			.containsExactly("The fork bomb hit the pids ceiling", "The fork bomb is over");
		shiftTab();
		assertThat(activeId()).isEqualTo("lab-reset");
		keys(Keys.ENTER);
		this.browser.waitFor(READY, () -> "reset".equals(status().getDomAttribute("data-state")));
		waitReady();
		this.browser.waitFor(READY, () -> !screen().contains("kb-42") && screen().contains("learner@sandbox"));

		// "Tab moves focus", switched on by keyboard: then Tab alone leaves the terminal.
		assertThat(activeId()).as("Reset keeps the focus it had").isEqualTo("lab-reset");
		for (int i = 0; i < 10 && !inTerminal(); i++) {
			keys(Keys.TAB);
		}
		keys(Keys.TAB);
		assertThat(inTerminal()).as("Tab alone stays in the terminal").isTrue();
		keys(Keys.ESCAPE, Keys.TAB);
		assertThat(activeId()).isEqualTo("lab-tab-moves-focus");
		keys(Keys.SPACE);
		assertThat(this.browser.find("#lab-tab-moves-focus").getDomAttribute("aria-pressed")).isEqualTo("true");
		shiftTab();
		assertThat(inTerminal()).isTrue();
		keys(Keys.TAB);
		assertThat(activeId()).isEqualTo("lab-tab-moves-focus");
		assertThat(this.browser.accessibilityViolations()).as("a terminal lab").isEmpty();
	}

	@Test
	void theInstructionsRunACommandInTheTerminalOnlyWhileOneIsConnected() {
		openLab("shared-kernel", "en");
		this.browser.waitFor(READY, () -> "ready".equals(this.browser.script("return document.body.dataset.terminal;")));
		this.browser.script("""
				document.dispatchEvent(new CustomEvent('cagelab:run-command', { detail: { command: 'echo run-$((6*7))' } }));""");
		this.browser.waitFor(READY, () -> screen().contains("\nrun-42"));
		assertThat(inTerminal()).as("the terminal has the keyboard after a command was run in it").isTrue();

		Sandbox sandbox = this.sandboxes.list(Viewer.system()).filter((s) -> s.ownerName().equals(LEARNER)).blockFirst();
		this.sandboxes.close(Viewer.system(), sandbox.id()).block();
		this.browser.waitFor(READY, () -> this.browser.find("#lab-ended").isDisplayed());
		assertThat(this.browser.script("return document.body.dataset.terminal === undefined;")).isEqualTo(true);
	}

	@Test
	void anEndedSandboxIsShownEndedWithOneButtonToStartAgain() {
		openLab("fork-bomb-contained", "en");
		this.browser.waitFor(READY, () -> gaugeText("pids").contains("/"));
		Sandbox sandbox = this.sandboxes.list(Viewer.system()).filter((s) -> s.ownerName().equals(LEARNER)).blockFirst();
		this.sandboxes.close(Viewer.system(), sandbox.id()).block();

		this.browser.waitFor(READY, () -> this.browser.find("#lab-ended").isDisplayed());
		assertThat(this.browser.find("#lab-ended-text").getText()).startsWith("This sandbox has ended: it was stopped.");
		// The cover lies over the terminal: nothing there looks like a prompt waiting for keys.
		assertThat(this.browser.script("""
				const box = document.getElementById('terminal').getBoundingClientRect();
				return document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 4).closest('#lab-ended') !== null;"""))
			.isEqualTo(true);
		for (String name : List.of("pids", "memory", "cpu")) {
			assertThat(gaugeText(name)).isEqualTo("ended");
		}
		assertThat(this.browser.find("#lab-reset").isDisplayed()).as("no Reset for a sandbox that is gone").isFalse();
		assertThat(status().getText()).isEqualTo(this.browser.find("#lab-ended-text").getText());
		assertThat(this.browser.find("#lab-clock").isDisplayed()).isFalse();
		assertThat(this.browser.findAll("button").stream().filter(WebElement::isDisplayed)
			.filter((button) -> button.getText().equals("Start again"))).hasSize(1);
		assertThat(this.browser.accessibilityViolations()).as("an ended terminal lab").isEmpty();
		this.browser.screenshot("lab-terminal-ended.png");

		this.browser.find("#lab-start-again").click();
		waitReady();
		assertThat(this.browser.find("#lab-ended").isDisplayed()).isFalse();
		this.browser.waitFor(READY, () -> screen().contains("learner@sandbox"));
		assertThat(inTerminal()).as("the keyboard goes on in the new terminal").isTrue();
		keys("echo again-$((1+1))" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("again-2"));
		this.browser.waitFor(READY, () -> gaugeText("pids").contains("/"));
	}

	@Test
	void aBareForkBombMakesResetStandOutAndResetRecovers() {
		openLab("fork-bomb-contained", "en");
		assertThat(this.browser.find("#lab-prose").getText()).contains("Ctrl-C cannot stop it")
			.contains("in about a second");
		assertThat(this.browser.find("#lab-reset").getDomAttribute("class")).doesNotContain("button-urgent");
		type(":(){ :|:& };:" + Keys.ENTER);
		this.browser.waitFor(Duration.ofSeconds(60), () -> this.browser.find("[data-gauge='pids']")
			.getDomAttribute("class").contains("gauge-full"));
		this.browser.waitFor(Duration.ofSeconds(10),
				() -> this.browser.find("#lab-reset").getDomAttribute("class").contains("button-urgent"));
		assertThat(this.browser.find("#lab-rescue").getText()).contains("Ctrl-C cannot stop a fork bomb")
			.contains("about a second");
		// Ctrl-C is tried, as a learner would: the ceiling stays.
		type(Keys.chord(Keys.CONTROL, "c"));
		assertThat(this.browser.find("[data-gauge='pids']").getDomAttribute("class")).contains("gauge-full");
		this.browser.screenshot("lab-fork-bomb-reset.png");

		long clicked = System.nanoTime();
		this.browser.find("#lab-reset").click();
		waitReady();
		this.browser.waitFor(READY, () -> screen().contains("learner@sandbox") && !screen().contains(":(){"));
		Duration recovered = Duration.ofNanos(System.nanoTime() - clicked);
		System.out.println("Reset during a fork bomb, click to a ready terminal: " + recovered.toMillis() + " ms");
		this.browser.waitFor(READY, () -> !this.browser.find("#lab-reset").getDomAttribute("class").contains("button-urgent"));
		assertThat(this.browser.find("#lab-rescue").getText()).isEmpty();
	}

	@Test
	void theTerminalStaysInViewWhileLongInstructionsScrollAndTheSplitMovesByMouseAndKeyboard() {
		openLab("oom-kill", "en");
		assertThat(this.browser.script("""
				const pane = document.getElementById('lab-instructions');
				return pane.scrollHeight > pane.clientHeight + 200;""")).as("the instructions are longer than their pane").isEqualTo(true);
		assertThat(inView("#terminal") && inView("#lab-gauges") && inView("#lab-reset")).as("all in view at first").isTrue();
		// Scrolled as a keyboard user would: the instructions pane takes the focus and End goes to its bottom.
		this.browser.script("document.getElementById('lab-instructions').focus();");
		keys(Keys.END);
		this.browser.waitFor(Duration.ofSeconds(5), () -> Boolean.TRUE.equals(this.browser.script("""
				const pane = document.getElementById('lab-instructions');
				return pane.scrollTop + pane.clientHeight >= pane.scrollHeight - 2;""")));
		assertThat((Long) this.browser.script("return document.documentElement.scrollHeight - window.innerHeight;"))
			.as("the page itself does not scroll").isLessThanOrEqualTo(1L);
		this.browser.screenshot("lab-terminal-scrolled.png");
		this.browser.waitFor(Duration.ofSeconds(5), () -> inView("#terminal") && inView("#lab-gauges"));
		assertThat(inView("#lab-reset")).as("Reset at %s", rect("#lab-reset")).isTrue();

		// Code blocks and tables stay within the instructions, scrolling sideways when they are wider.
		assertThat(this.browser.script("""
				const pane = document.getElementById('lab-instructions').getBoundingClientRect();
				return [...document.querySelectorAll('#lab-prose pre, #lab-prose table')]
				  .filter((block) => block.getBoundingClientRect().right > pane.right + 1
				    || (block.scrollWidth > block.clientWidth && !['auto', 'scroll'].includes(getComputedStyle(block).overflowX)))
				  .map((block) => block.textContent.slice(0, 40));""")).asInstanceOf(InstanceOfAssertFactories.LIST).isEmpty();

		WebElement splitter = this.browser.find("#lab-splitter");
		assertThat(splitter.getDomAttribute("role")).isEqualTo("separator");
		assertThat(splitter.getDomAttribute("aria-valuenow")).isEqualTo("40");
		double before = width("#lab-instructions");
		this.browser.script("arguments[0].focus();", splitter);
		keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT);
		assertThat(splitter.getDomAttribute("aria-valuenow")).isEqualTo("50");
		assertThat(width("#lab-instructions")).isGreaterThan(before + 80);
		keys(Keys.HOME);
		assertThat(splitter.getDomAttribute("aria-valuenow")).isEqualTo("20");

		new Actions(this.browser.driver()).dragAndDropBy(splitter, 300, 0).perform();
		assertThat(Integer.parseInt(splitter.getDomAttribute("aria-valuenow"))).isBetween(40, 50);
		assertThat(this.browser.accessibilityViolations()).as("a long terminal lab").isEmpty();
		this.browser.screenshot("lab-terminal-split.png");
	}

	@Test
	void onAPhoneTheTerminalComesRightAfterTheTitleWithKeysAPhoneHasNot() {
		this.browser.size(390, 844);
		openLab("fork-bomb-contained", "en");
		long viewport = (Long) this.browser.script("return window.innerHeight;");
		this.browser.screenshot("lab-terminal-phone.png");
		assertThat(this.browser.find("#lab-prose").isDisplayed()).as("instructions folded").isFalse();
		assertThat(rect("#terminal").get("bottom")).as("the terminal fits the first screen").isLessThan(viewport);
		assertThat((Long) this.browser.script("return document.documentElement.scrollWidth;"))
			.isLessThanOrEqualTo((Long) this.browser.script("return window.innerWidth;"));
		assertThat(this.browser.find("#terminal-keys").isDisplayed()).isTrue();
		assertThat(this.browser.accessibilityViolations()).as("a terminal lab on a phone").isEmpty();

		// 38 columns: short commands, so that the screen's lines read whole.
		type("sleep 99" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("sleep 99"));
		key("ctrl");
		assertThat(this.browser.find(".terminal-key[data-key='ctrl']").getDomAttribute("aria-pressed")).isEqualTo("true");
		type("c");
		type("echo after-$((1+1))" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("\nafter-2"));
		type("ech");
		key("tab");
		this.browser.waitFor(READY, () -> lastPromptLine().endsWith("$ echo"));
		type("phone-$((2+3))" + Keys.ENTER);
		this.browser.waitFor(READY, () -> screen().contains("\nphone-5"));
		// The shell reads the keys in order: the line recalled, then edited.
		key("up");
		key("left");
		key("left");
		type("0");
		type(Keys.ENTER);
		// Two steps left put the cursor before "))": phone-$((2+30)).
		this.browser.waitFor(READY, () -> screen().contains("\nphone-32"));
		key("esc");

		this.browser.find("#lab-instructions-toggle").click();
		assertThat(this.browser.find("#lab-prose").isDisplayed()).isTrue();
		assertThat(this.browser.find("#lab-instructions-toggle").getDomAttribute("aria-expanded")).isEqualTo("true");
		assertThat((Long) this.browser.script("return document.documentElement.scrollWidth;"))
			.isLessThanOrEqualTo((Long) this.browser.script("return window.innerWidth;"));
		this.browser.screenshot("lab-terminal-phone-instructions.png");

		// The site's links fold behind Menu, which opens them and reaches My sandboxes.
		assertThat(this.browser.find(".nav-links").isDisplayed()).as("links folded").isFalse();
		this.browser.find(".nav-toggle").click();
		assertThat(this.browser.find(".nav-toggle").getDomAttribute("aria-expanded")).isEqualTo("true");
		assertThat(this.browser.find(".nav-links").isDisplayed()).isTrue();
		this.browser.screenshot("lab-terminal-phone-menu.png");
		this.browser.find(".nav-links a[href='/sandboxes']").click();
		this.browser.waitFor(READY, () -> this.browser.driver().getCurrentUrl().contains("/sandboxes"));
	}

	@Test
	void aFrenchLearnerIsGreetedInFrenchAndSeesTheTimeLeftAndExtendsIt() {
		openLab("shared-kernel", "fr");
		this.browser.waitFor(READY, () -> screen().contains("Bienvenue dans votre bac à sable Cagelab"));
		assertThat(screen()).doesNotContain("Welcome to your Cagelab sandbox");
		assertThat(this.browser.find("#terminal-hint").getText()).contains("Échap puis Tab");
		this.browser.waitFor(READY, () -> this.browser.find("#lab-time-left").getText().matches("Temps restant[\u00a0 ]: [56]\\d:\\d\\d"));
		String first = this.browser.find("#lab-time-left").getText();
		this.browser.waitFor(Duration.ofSeconds(5), () -> !this.browser.find("#lab-time-left").getText().equals(first));
		assertThat(this.browser.find("#lab-idle-warning").isDisplayed()).isFalse();

		this.browser.find("#lab-extend").click();
		this.browser.waitFor(READY, () -> status().getText().equals("Votre bac à sable a de nouveau tout son temps."));
		assertThat(this.browser.find("#lab-time-left").getText()).matches("Temps restant[\u00a0 ]: (60:00|59:5\\d)");
		assertThat(this.browser.accessibilityViolations()).as("a terminal lab in French").isEmpty();
		this.browser.screenshot("lab-terminal-fr.png");

		this.browser.size(390, 844);
		this.browser.open("/labs/shared-kernel?lang=fr");
		waitReady();
		this.browser.screenshot("lab-terminal-phone-fr.png");

		this.browser.size(1280, 800);
		this.browser.open("/labs/shared-kernel?lang=en");
		waitReady();
		this.browser.waitFor(READY, () -> screen().contains("Welcome to your Cagelab sandbox"));
	}

	@Test
	void inDarkModeTheTerminalLabStaysReadable() {
		((ChromeDriver) this.browser.driver()).executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", "dark"))));
		openLab("oom-kill", "en");
		assertThat(this.browser.script("return matchMedia('(prefers-color-scheme: dark)').matches;")).isEqualTo(true);
		assertThat(this.browser.accessibilityViolations()).as("a terminal lab in dark mode").isEmpty();
		this.browser.screenshot("lab-terminal-dark.png");
		this.browser.size(390, 844);
		this.browser.open("/labs/oom-kill");
		waitReady();
		assertThat(this.browser.accessibilityViolations()).as("a terminal lab on a phone in dark mode").isEmpty();
		this.browser.screenshot("lab-terminal-phone-dark.png");
	}

	private void openLab(String exercise, String language) {
		this.browser.logIn(LEARNER, LEARNER_PASSWORD, language);
		this.browser.open("/labs/" + exercise);
		waitReady();
		this.browser.waitFor(READY, () -> screen().contains("learner@sandbox"));
	}

	private void waitReady() {
		this.browser.waitFor(READY, () -> "ready".equals(status().getDomAttribute("data-state")));
	}

	private WebElement status() {
		return this.browser.find("#lab-status");
	}

	/** Type into the terminal as a person would, clicking into it first if need be. */
	private void type(CharSequence... keys) {
		this.browser.find("#terminal .xterm-helper-textarea").sendKeys(keys);
	}

	/** Press keys wherever the focus is. */
	private void keys(CharSequence... keys) {
		new Actions(this.browser.driver()).sendKeys(keys).perform();
	}

	/** Shift+Tab, held as a person holds it (a chord of the two sends the page a Tab it cannot follow back). */
	private void shiftTab() {
		new Actions(this.browser.driver()).keyDown(Keys.SHIFT).sendKeys(Keys.TAB).keyUp(Keys.SHIFT).perform();
	}

	/** Press one of the on-screen keys with the mouse (a finger on a phone). */
	private void key(String name) {
		this.browser.find(".terminal-key[data-key='" + name + "']").click();
	}

	private boolean inTerminal() {
		return Boolean.TRUE.equals(this.browser.script(
				"return document.activeElement !== null && document.activeElement.closest('#terminal') !== null;"));
	}

	private Object active() {
		return this.browser.script("const e = document.activeElement; return e.tagName + '#' + e.id + '.' + e.className;");
	}

	private String activeId() {
		return (String) this.browser.script("return document.activeElement && document.activeElement.id;");
	}

	private String screen() {
		return this.browser.find("#terminal .xterm-rows").getText();
	}

	private String lastPromptLine() {
		String[] lines = screen().split("\n");
		for (int i = lines.length - 1; i >= 0; i--) {
			if (lines[i].contains("learner@sandbox")) {
				return lines[i].replace('\u00a0', ' ').strip();
			}
		}
		return "";
	}

	private String gaugeText(String name) {
		return this.browser.find("[data-gauge='" + name + "'] .gauge-value").getText();
	}

	private boolean inView(String css) {
		Map<String, Double> box = rect(css);
		double height = ((Number) this.browser.script("return window.innerHeight;")).doubleValue();
		return box.get("top") >= 0 && box.get("bottom") <= height;
	}

	private double width(String css) {
		return rect(css).get("width");
	}

	@SuppressWarnings("unchecked")
	private Map<String, Double> rect(String css) {
		Map<String, Object> box = (Map<String, Object>) this.browser.script("""
				const box = document.querySelector(arguments[0]).getBoundingClientRect();
				return { top: box.top, bottom: box.bottom, width: box.width };""", css);
		return Map.of("top", ((Number) box.get("top")).doubleValue(), "bottom", ((Number) box.get("bottom")).doubleValue(),
				"width", ((Number) box.get("width")).doubleValue());
	}

	private long rowIndex(String startsWith) {
		return (Long) this.browser.script("""
				return [...document.querySelectorAll('#terminal .xterm-rows > div')]
				  .findIndex((row) => row.textContent.trimEnd() === arguments[0]);""", startsWith);
	}

	/**
	 * Count the pixels brighter than the terminal's black background in the cells {@code from} to {@code from + count}
	 * of the row that reads exactly {@code row}, from the terminal's screenshot.
	 */
	@SuppressWarnings("unchecked")
	private int litPixels(BufferedImage terminal, String row, int from, int count) {
		Map<String, Number> cells = (Map<String, Number>) this.browser.script("""
				const row = [...document.querySelectorAll('#terminal .xterm-rows > div')]
				  .find((r) => r.textContent.trimEnd() === arguments[0]);
				const walker = document.createTreeWalker(row, NodeFilter.SHOW_TEXT);
				const range = document.createRange();
				let offset = 0, node, start = null, end = null;
				while ((node = walker.nextNode())) {
				  const length = node.textContent.length;
				  if (start === null && arguments[1] < offset + length) { start = [node, arguments[1] - offset]; }
				  if (end === null && arguments[1] + arguments[2] <= offset + length) { end = [node, arguments[1] + arguments[2] - offset]; }
				  offset += length;
				}
				range.setStart(start[0], start[1]);
				range.setEnd(end[0], end[1]);
				const cells = range.getBoundingClientRect();
				const rowBox = row.getBoundingClientRect();
				const base = document.getElementById('terminal').getBoundingClientRect();
				return { left: cells.left - base.left, right: cells.right - base.left,
				         top: rowBox.top - base.top, bottom: rowBox.bottom - base.top };""", row, from, count);
		int lit = 0;
		for (int y = (int) Math.floor(cells.get("top").doubleValue()); y < Math.ceil(cells.get("bottom").doubleValue()); y++) {
			for (int x = (int) Math.ceil(cells.get("left").doubleValue()); x < Math.floor(cells.get("right").doubleValue()); x++) {
				if (x < terminal.getWidth() && y < terminal.getHeight()) {
					int rgb = terminal.getRGB(x, y);
					int brightness = ((rgb >> 16) & 0xff) + ((rgb >> 8) & 0xff) + (rgb & 0xff);
					if (brightness > 150) {
						lit++;
					}
				}
			}
		}
		return lit;
	}

}
