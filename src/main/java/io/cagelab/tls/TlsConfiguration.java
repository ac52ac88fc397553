package io.cagelab.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.Certificate;

import io.cagelab.CagelabProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.boot.web.server.Ssl;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.boot.web.server.reactive.ConfigurableReactiveWebServerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * HTTPS as {@link TlsProperties} say: the app's server then speaks TLS on the HTTPS port, and a plain listener on the
 * HTTP port sends every request there.
 */
@Configuration(proxyBeanMethods = false)
class TlsConfiguration {

	private static final Logger logger = LoggerFactory.getLogger(TlsConfiguration.class);

	@Bean
	WebServerFactoryCustomizer<ConfigurableReactiveWebServerFactory> httpsServer(TlsProperties tls,
			CagelabProperties cagelab) {
		return (factory) -> {
			if (!tls.enabled()) {
				return;
			}
			Ssl ssl = new Ssl();
			Certificate certificate;
			if (tls.mode() == TlsProperties.Mode.GENERATED) {
				GeneratedCertificate.KeyStoreFile store = GeneratedCertificate
					.ensure(cagelab.absoluteDataDir().resolve("tls"), tls.hostnames());
				ssl.setKeyStore(store.file().toUri().toString());
				ssl.setKeyStoreType("PKCS12");
				ssl.setKeyStorePassword(store.password());
				ssl.setKeyAlias(GeneratedCertificate.ALIAS);
				certificate = GeneratedCertificate.certificate(store);
			}
			else {
				Path folder = cagelab.absoluteDataDir().resolve("tls");
				Path certificateFile = readable("cagelab.tls.certificate",
						(tls.certificate() != null) ? tls.certificate() : folder.resolve("certificate.pem"));
				Path keyFile = readable("cagelab.tls.private-key",
						(tls.privateKey() != null) ? tls.privateKey() : folder.resolve("private-key.pem"));
				ssl.setCertificate(certificateFile.toUri().toString());
				ssl.setCertificatePrivateKey(keyFile.toUri().toString());
				certificate = GeneratedCertificate.certificate(certificateFile);
			}
			factory.setSsl(ssl);
			factory.setPort(tls.port());
			logger.info("HTTPS on port {} with the {} certificate whose SHA-256 fingerprint is {}", tls.port(),
					tls.mode().name().toLowerCase(java.util.Locale.ROOT), GeneratedCertificate.fingerprint(certificate));
		};
	}

	@Bean
	HttpsRedirect httpsRedirect(TlsProperties tls, Environment environment) {
		return new HttpsRedirect(tls, environment.getProperty("server.address"),
				environment.getProperty("server.port", Integer.class, 8080));
	}

	private static Path readable(String setting, Path file) {
		if (!Files.isRegularFile(file) || !Files.isReadable(file)) {
			throw new IllegalStateException("cagelab.tls.mode is provided, but " + setting + " (" + file.toAbsolutePath()
					+ ") is not a readable PEM file: copy it there or set " + setting);
		}
		return file;
	}

}
