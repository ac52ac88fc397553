package io.cagelab;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;

import javax.imageio.ImageIO;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.PageLoadStrategy;
import org.openqa.selenium.StaleElementReferenceException;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.logging.LoggingPreferences;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * One person's headless Debian Chromium, with a profile of its own (its own cookies: two of them are two people),
 * downloads into a folder of its own, and the checks every browser test makes: Content-Security-Policy reports and
 * axe-core's accessibility rules.
 */
public final class Chromium implements AutoCloseable {

	public static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private static final String AXE = "META-INF/resources/webjars/axe-core/4.6.3/axe.min.js";

	private final Path profile;

	private final Path downloads;

	private final ChromeDriver driver;

	private final String base;

	public Chromium(String base) {
		this.base = base;
		try {
			this.profile = Files.createTempDirectory("cagelab-chromium-");
			this.downloads = this.profile.resolve("downloads");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.driver = headless(this.profile);
	}

	/**
	 * Start a headless Chromium on a profile folder of its own, downloading into its {@code downloads} folder. The password manager is kept out of the way (after a
	 * login form it would ask a remote service whether the password leaked: there is no network here), and the
	 * browser's console, which carries its Content-Security-Policy reports, is kept for the test to read.
	 */
	public static ChromeDriver headless(Path profile) {
		Path downloads = profile.resolve("downloads");
		ChromeOptions options = new ChromeOptions();
		options.setBinary("/usr/bin/chromium");
		options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
				"--disable-background-networking", "--disable-component-update", "--disable-sync",
				"--disable-dev-shm-usage", "--window-size=1400,900", "--user-data-dir=" + profile,
				"--disable-features=PasswordLeakDetection,PasswordManagerOnboarding,AutofillServerCommunication");
		options.setExperimentalOption("prefs", Map.of("credentials_enable_service", false,
				"profile.password_manager_enabled", false, "profile.password_manager_leak_detection", false,
				"download.default_directory", downloads.toAbsolutePath().toString(),
				"download.prompt_for_download", false));
		LoggingPreferences logs = new LoggingPreferences();
		logs.enable(LogType.BROWSER, Level.ALL);
		options.setCapability(ChromeOptions.LOGGING_PREFS, logs);
		options.setPageLoadStrategy(PageLoadStrategy.EAGER);
		options.setPageLoadTimeout(Duration.ofSeconds(30));
		ChromeDriverService service = new ChromeDriverService.Builder()
			.usingDriverExecutable(Path.of("/usr/bin/chromedriver").toFile())
			.usingAnyFreePort()
			.build();
		return new ChromeDriver(service, options);
	}

	public WebDriver driver() {
		return this.driver;
	}

	public void open(String path) {
		this.driver.get(this.base + path);
	}

	public WebElement find(String css) {
		return this.driver.findElement(By.cssSelector(css));
	}

	public List<WebElement> findAll(String css) {
		return this.driver.findElements(By.cssSelector(css));
	}

	public Object script(String script, Object... arguments) {
		return ((JavascriptExecutor) this.driver).executeScript(script, arguments);
	}

	/** Log in through the form, as a person would. */
	public void logIn(String username, String password, String language) {
		open("/login?lang=" + language);
		find("#username").sendKeys(username);
		find("#password").sendKeys(password);
		// Submitted from the page: the driver then does not wait on what the browser does after a password form.
		script("document.getElementById('password').form.submit();");
		waitFor(Duration.ofSeconds(15), () -> this.driver.getCurrentUrl().equals(this.base + "/"));
	}

	public void size(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	public void waitFor(Duration timeout, BooleanSupplier condition) {
		// The page redraws what the test reads: an element found just before a redraw is looked for again.
		new WebDriverWait(this.driver, timeout).pollingEvery(Duration.ofMillis(50))
			.ignoring(StaleElementReferenceException.class)
			.withMessage(() -> "page " + this.driver.getCurrentUrl() + ":\n" + find("body").getText())
			.until((driver) -> condition.getAsBoolean());
	}

	public void screenshot(String name) {
		try {
			Path file = ((TakesScreenshot) this.driver).getScreenshotAs(OutputType.FILE).toPath();
			Files.createDirectories(SCREENSHOTS);
			Files.copy(file, SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Make the page's {@code prefers-color-scheme} read {@code dark} or {@code light}, as a system setting would. */
	public void colorScheme(String scheme) {
		this.driver.executeCdpCommand("Emulation.setEmulatedMedia",
				Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
	}

	/** Let the app's pages write to and read from the clipboard without asking, as a person who said yes once. */
	public void grantClipboard() {
		this.driver.executeCdpCommand("Browser.grantPermissions", Map.of("origin", this.base,
				"permissions", List.of("clipboardReadWrite", "clipboardSanitizedWrite")));
	}

	/** Never load the resources whose URLs match these patterns ({@code *}{@code /js/lab.js}). */
	public void block(String... urlPatterns) {
		this.driver.executeCdpCommand("Network.enable", Map.of());
		this.driver.executeCdpCommand("Network.setBlockedURLs", Map.of("urls", List.of(urlPatterns)));
	}

	/** Run a script as every page of this browser starts, before the page's own. */
	public void onEveryPage(String script) {
		this.driver.executeCdpCommand("Page.addScriptToEvaluateOnNewDocument", Map.of("source", script));
	}

	/** Return what the screen shows now. */
	public BufferedImage screen() {
		try {
			return ImageIO.read(new ByteArrayInputStream(((TakesScreenshot) this.driver).getScreenshotAs(OutputType.BYTES)));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** Wait for a download to finish; return its content. */
	public String downloaded(String fileName, Duration timeout) {
		Path file = this.downloads.resolve(fileName);
		waitFor(timeout, () -> Files.exists(file));
		try {
			return Files.readString(file, StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** What the browser logged since the last call about resources its Content-Security-Policy refused. */
	public List<String> policyViolations() {
		return this.driver.manage().logs().get(LogType.BROWSER).getAll().stream().map(LogEntry::getMessage)
			.filter((message) -> message.contains("Content Security Policy")).toList();
	}

	/** Run axe-core on the page as it is now; return the serious and critical violations, one line each. */
	public List<String> accessibilityViolations() {
		return accessibilityViolations("html");
	}

	/** Run axe-core on one part of the page (a dialog, a column); return its serious and critical violations. */
	@SuppressWarnings("unchecked")
	public List<String> accessibilityViolations(String within) {
		if (!Boolean.TRUE.equals(script("return typeof window.axe === 'object';"))) {
			script(axeSource());
		}
		Object result = ((JavascriptExecutor) this.driver).executeAsyncScript("""
				const done = arguments[arguments.length - 1];
				axe.run(document.querySelector(arguments[0]), { resultTypes: ['violations'] })
				  .then((results) => done(results.violations
				    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
				    .map((v) => v.id + ': ' + v.help + ' — ' + v.nodes.map((n) => n.target.join(' ')).join(', '))))
				  .catch((error) => done(['axe failed: ' + error]));
				""", within);
		return (List<String>) result;
	}

	private static String axeSource() {
		try (InputStream in = Chromium.class.getClassLoader().getResourceAsStream(AXE)) {
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	@Override
	public void close() {
		try {
			this.driver.quit();
		}
		finally {
			try (var files = Files.walk(this.profile)) {
				files.sorted(Comparator.reverseOrder()).forEach((file) -> file.toFile().delete());
			}
			catch (IOException ex) {
				// A profile left in /tmp is harmless.
			}
		}
	}

}
