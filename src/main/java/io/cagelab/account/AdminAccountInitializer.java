package io.cagelab.account;

import java.security.SecureRandom;
import java.util.Base64;

import io.cagelab.CagelabProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;

/**
 * Create the {@code admin} account on first start, so that someone can log in and create the others.
 */
@Component
class AdminAccountInitializer implements ApplicationRunner {

	private static final Logger logger = LoggerFactory.getLogger(AdminAccountInitializer.class);

	static final String ADMIN_USERNAME = "admin";

	private final UserAccountService accounts;

	private final CagelabProperties properties;

	AdminAccountInitializer(UserAccountService accounts, CagelabProperties properties) {
		this.accounts = accounts;
		this.properties = properties;
	}

	@Override
	public void run(ApplicationArguments args) {
		if (Boolean.TRUE.equals(this.accounts.hasAdmin().block())) {
			return;
		}
		boolean generated = !StringUtils.hasText(this.properties.adminPassword());
		String password = generated ? randomPassword() : this.properties.adminPassword();
		this.accounts.create(ADMIN_USERNAME, password, Role.ADMIN).block();
		if (generated) {
			logger.warn("Created the '{}' account with the generated password: {}"
					+ " (shown once; set CAGELAB_ADMIN_PASSWORD to choose it)", ADMIN_USERNAME, password);
		}
		else {
			logger.info("Created the '{}' account with the password from CAGELAB_ADMIN_PASSWORD", ADMIN_USERNAME);
		}
	}

	private static String randomPassword() {
		byte[] bytes = new byte[15];
		new SecureRandom().nextBytes(bytes);
		return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
	}

}
