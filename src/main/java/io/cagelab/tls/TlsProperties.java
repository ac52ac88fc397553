package io.cagelab.tls;

import java.nio.file.Path;
import java.util.List;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * HTTPS, off by default (a trainer's laptop): {@code generated} makes a self-signed certificate on first start under
 * the data directory and prints its fingerprint; {@code provided} serves the PEM certificate and key given. Either
 * way HTTPS is served on {@code port} and the plain HTTP port ({@code server.port}) only redirects to it.
 *
 * @param mode off, generated or provided
 * @param port where HTTPS is served
 * @param certificate the PEM certificate (chain) to serve, for {@code provided}; {@code tls/certificate.pem} of the
 * data directory when not set
 * @param privateKey the PEM private key of that certificate, for {@code provided}; {@code tls/private-key.pem} of the
 * data directory when not set
 * @param hostnames the names a generated certificate is valid for, beside localhost and 127.0.0.1
 */
@Validated
@ConfigurationProperties("cagelab.tls")
public record TlsProperties(@NotNull @DefaultValue("off") Mode mode, @Min(1) @Max(65535) @DefaultValue("8443") int port,
		Path certificate, Path privateKey, @DefaultValue("") List<String> hostnames) {

	public enum Mode {

		OFF, GENERATED, PROVIDED

	}

	public boolean enabled() {
		return this.mode != Mode.OFF;
	}

}
