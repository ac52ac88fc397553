package io.cagelab.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

import io.cagelab.CagelabProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.reactor.netty.NettyReactiveWebServerFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** HTTPS settings without a server: the certificate kept across starts, the redirect's target, bad settings named. */
class TlsSettingsTests {

	@Test
	void aGeneratedCertificateIsMadeOnceAndKeptPrivate(@TempDir Path folder) throws Exception {
		GeneratedCertificate.KeyStoreFile first = GeneratedCertificate.ensure(folder, List.of("classroom.lan", "10.0.0.5"));
		GeneratedCertificate.KeyStoreFile again = GeneratedCertificate.ensure(folder, List.of());
		assertThat(GeneratedCertificate.fingerprint(GeneratedCertificate.certificate(again)))
			.isEqualTo(GeneratedCertificate.fingerprint(GeneratedCertificate.certificate(first)));
		assertThat(Files.getPosixFilePermissions(first.file())).isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(Files.getPosixFilePermissions(folder.resolve("cagelab.p12.password")))
			.isEqualTo(PosixFilePermissions.fromString("rw-------"));
		assertThat(((java.security.cert.X509Certificate) GeneratedCertificate.certificate(first))
			.getSubjectAlternativeNames()).extracting((name) -> (Object) name.get(1))
			.contains("localhost", "127.0.0.1", "classroom.lan", "10.0.0.5");
	}

	@Test
	void aHostnameThatIsNeitherANameNorAnAddressIsRefusedByName() {
		assertThatThrownBy(() -> GeneratedCertificate.subjectAlternativeNames(List.of("class room")))
			.hasMessageContaining("cagelab.tls.hostnames").hasMessageContaining("'class room'");
	}

	@ParameterizedTest(name = "{0} {1} -> {2}")
	@CsvSource(delimiter = '|', textBlock = """
			localhost:8080       | /labs?lang=fr   | https://localhost:8443/labs?lang=fr
			10.0.0.5:8080        | /               | https://10.0.0.5:8443/
			[::1]:8080           | /login          | https://[::1]:8443/login
			evil.example/x:8080  | /login          | https://localhost:8443/login
			classroom.lan        | //evil.example  | https://classroom.lan:8443/
			""")
	void plainHttpIsSentToTheSameHostOnTheHttpsPortAndAnOddHostIsNotEchoed(String host, String uri, String location) {
		HttpsRedirect redirect = new HttpsRedirect(new TlsProperties(TlsProperties.Mode.GENERATED, 8443, null, null,
				List.of()), null, 8080);
		assertThat(redirect.location(host, uri)).isEqualTo(location);
	}

	@Test
	void aProvidedPemPairIsWhatTheServerServesOnTheHttpsPort(@TempDir Path folder) throws Exception {
		Path certificate = folder.resolve("cert.pem");
		Path key = folder.resolve("key.pem");
		Process openssl = new ProcessBuilder("openssl", "req", "-x509", "-newkey", "ec", "-pkeyopt",
				"ec_paramgen_curve:prime256v1", "-nodes", "-keyout", key.toString(), "-out", certificate.toString(),
				"-days", "2", "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost")
			.redirectErrorStream(true).start();
		assertThat(openssl.waitFor()).as(new String(openssl.getInputStream().readAllBytes())).isZero();
		NettyReactiveWebServerFactory factory = new NettyReactiveWebServerFactory();
		new TlsConfiguration().httpsServer(new TlsProperties(TlsProperties.Mode.PROVIDED, 9443, certificate, key,
				List.of()), new CagelabProperties(folder, null, folder, folder)).customize(factory);
		assertThat(factory.getPort()).isEqualTo(9443);
		assertThat(factory.getSsl().getCertificate()).isEqualTo(certificate.toUri().toString());
		assertThat(factory.getSsl().getCertificatePrivateKey()).isEqualTo(key.toUri().toString());
		assertThat(Files.exists(folder.resolve("tls"))).as("nothing generated").isFalse();
	}

	@Test
	void providedWithoutItsFilesSaysWhichFileIsMissingAndWhere(@TempDir Path data) {
		TlsConfiguration configuration = new TlsConfiguration();
		CagelabProperties cagelab = new CagelabProperties(data, null, data, data);
		assertThatThrownBy(() -> configuration.httpsServer(new TlsProperties(TlsProperties.Mode.PROVIDED, 8443, null,
				null, List.of()), cagelab).customize(new NettyReactiveWebServerFactory()))
			.hasMessageContaining("cagelab.tls.certificate (" + data.resolve("tls").resolve("certificate.pem") + ")")
			.hasMessageContaining("is not a readable PEM file");
		Path missing = data.resolve("nope.pem");
		assertThatThrownBy(() -> configuration.httpsServer(new TlsProperties(TlsProperties.Mode.PROVIDED, 8443, missing,
				missing, List.of()), cagelab).customize(new NettyReactiveWebServerFactory()))
			.hasMessageContaining("cagelab.tls.certificate (" + missing + ")");
	}

}
