package io.cagelab.web;

import java.time.Duration;

import io.cagelab.BrowserTest;
import io.cagelab.Chromium;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Keys;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Error pages as a person meets them in Chromium: in their language, inside the site's layout, with a way back that
 * the keyboard reaches, on a desktop and on a phone.
 */
class ErrorPagesEndToEndTests extends BrowserTest {

	@Test
	void aMissingModuleIsAFrenchPageWithAWayBackByKeyboard() {
		this.browser.size(1280, 800);
		this.browser.open("/modules/nope?lang=fr");
		assertThat(this.browser.find("html").getDomAttribute("lang")).isEqualTo("fr");
		assertThat(this.browser.find("main").getDomAttribute("data-status")).isEqualTo("404");
		assertThat(this.browser.find("h1").getText()).isEqualTo("Page introuvable");
		assertThat(this.browser.find("main").getText()).containsIgnoringCase("Erreur 404").doesNotContain("{").doesNotContain("status");
		assertThat(this.browser.driver().getTitle()).isEqualTo("Page introuvable · Cagelab");
		assertThat(this.browser.accessibilityViolations()).as("404 page").isEmpty();
		this.browser.screenshot("error-404-fr.png");

		// The way back is the first control after the skip link's target: Tab from the main landmark reaches it.
		this.browser.script("document.getElementById('main').setAttribute('tabindex', '-1');"
				+ "document.getElementById('main').focus();");
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.TAB);
		assertThat(this.browser.driver().switchTo().activeElement().getText()).isEqualTo("Retour à l'accueil");
		this.browser.driver().switchTo().activeElement().sendKeys(Keys.ENTER);
		this.browser.waitFor(Duration.ofSeconds(15),
				() -> this.browser.driver().getCurrentUrl().equals("http://localhost:" + this.port + "/"));

		this.browser.size(390, 844);
		this.browser.open("/modules/nope?lang=fr");
		assertThat(this.browser.accessibilityViolations()).as("404 page on a phone").isEmpty();
		assertThat((Boolean) this.browser.script("return document.documentElement.scrollWidth <= window.innerWidth;"))
			.as("the page fits the phone").isTrue();
		this.browser.screenshot("error-404-fr-phone.png");
	}

	@Test
	void aTrainerOpeningTheAccountsPageIsToldInFrenchThatItIsForAdmins() {
		loggedIn("err-e2e-trainer", "TRAINER");
		this.browser.size(1280, 800);
		this.browser.logIn("err-e2e-trainer", LEARNER_PASSWORD, "fr");
		this.browser.open("/admin/users");
		assertThat(this.browser.find("main").getDomAttribute("data-status")).isEqualTo("403");
		assertThat(this.browser.find("h1").getText()).isEqualTo("Accès refusé");
		assertThat(this.browser.find("main").getText()).containsIgnoringCase("Erreur 403").contains("réservée aux administrateurs")
			.doesNotContain("Access Denied");
		assertThat(this.browser.find(".site-nav").getText()).as("still signed in, with their own menu")
			.contains("err-e2e-trainer").contains("Mes bacs à sable").doesNotContain("Comptes");
		assertThat(this.browser.accessibilityViolations()).as("403 page").isEmpty();
		this.browser.screenshot("error-403-trainer-fr.png");

		// The layout's log-out form carries its token on an error page too.
		this.browser.find("form[action='/logout'] button").click();
		this.browser.waitFor(Duration.ofSeconds(15), () -> this.browser.driver().getCurrentUrl().endsWith("/login?logout"));
	}

	/** An admin's mistake is told in their language, on the form that keeps what they typed; dates read as dates. */
	@Test
	void anAdminTypingATakenNameIsToldInFrenchAndReadsDatesNotTimestamps() {
		loggedIn("err-e2e-taken", "LEARNER");
		this.browser.size(1280, 800);
		this.browser.logIn("admin", ADMIN_PASSWORD, "fr");
		this.browser.open("/admin/users");
		this.browser.find("#new-username").sendKeys("err-e2e-taken");
		this.browser.find("#new-password").sendKeys("long-enough-1");
		this.browser.find("#new-password").sendKeys(Keys.ENTER);
		this.browser.waitFor(Duration.ofSeconds(15), () -> !this.browser.findAll("[role=alert]").isEmpty());
		assertThat(this.browser.find("[role=alert]").getText())
			.isEqualTo("Le nom d'utilisateur «\u202ferr-e2e-taken\u202f» est déjà pris.");
		assertThat(this.browser.find("#new-username").getDomProperty("value")).isEqualTo("err-e2e-taken");
		assertThat(this.browser.findAll("td time[data-local]")).isNotEmpty().allSatisfy((date) -> assertThat(date.getText())
			.as("a date for the reader, not %s", date.getDomAttribute("datetime")).doesNotContain("T").doesNotContain("Z")
			.matches(".*\\d{4}.*"));
		assertThat(this.browser.accessibilityViolations()).as("accounts page with an error").isEmpty();
		this.browser.screenshot("admin-users-error-fr.png");
	}

}
