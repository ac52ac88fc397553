package io.cagelab.tls;

import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.cert.X509Certificate;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

import io.cagelab.AppProcess;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * HTTPS for real, the app as its own process: the certificate it serves is the one whose fingerprint it printed, the
 * plain HTTP port only sends browsers on to HTTPS, and the session cookie is then Secure. (A provided PEM pair is
 * handed to the same server by Spring Boot: {@link TlsSettingsTests} checks what it is handed.)
 */
@Tag("engine")
class HttpsTests {

	private static final Pattern LOGGED = Pattern.compile("SHA-256 fingerprint is ([0-9A-F:]{95})");

	@Test
	void aGeneratedCertificateIsServedItsFingerprintPrintedAndPlainHttpRedirects() throws Exception {
		int https = freePort();
		try (AppProcess app = new AppProcess("https", "https-admin-pass")
			.with("--cagelab.tls.mode=generated", "--cagelab.tls.port=" + https)
			.start()) {
			Matcher printed = LOGGED.matcher(app.log());
			assertThat(printed.find()).as("the fingerprint in the log").isTrue();

			HttpResponse<String> redirected = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build()
				.send(HttpRequest.newBuilder(URI.create("http://localhost:" + app.port() + "/labs?lang=fr")).build(),
						HttpResponse.BodyHandlers.ofString());
			assertThat(redirected.statusCode()).isEqualTo(308);
			assertThat(redirected.headers().firstValue("location")).contains("https://localhost:" + https + "/labs?lang=fr");

			AtomicReference<X509Certificate> served = new AtomicReference<>();
			HttpResponse<String> login = client(served).send(HttpRequest.newBuilder(
					URI.create("https://localhost:" + https + "/login")).build(), HttpResponse.BodyHandlers.ofString());
			assertThat(login.statusCode()).isEqualTo(200);
			assertThat(login.body()).contains("name=\"password\"");
			assertThat(GeneratedCertificate.fingerprint(served.get())).isEqualTo(printed.group(1));
			assertThat(login.headers().allValues("set-cookie")).filteredOn((cookie) -> cookie.startsWith("SESSION="))
				.singleElement().asString().contains("Secure");
			assertThat(app.dataDir().resolve("tls").resolve("cagelab.p12")).isRegularFile();
		}
	}

	/** A client that accepts the one certificate it is shown, as a learner does once the fingerprint matches. */
	private static HttpClient client(AtomicReference<X509Certificate> served) throws Exception {
		X509TrustManager shown = new X509TrustManager() {
			@Override
			public void checkClientTrusted(X509Certificate[] chain, String authType) {
			}

			@Override
			public void checkServerTrusted(X509Certificate[] chain, String authType) {
				served.set(chain[0]);
			}

			@Override
			public X509Certificate[] getAcceptedIssuers() {
				return new X509Certificate[0];
			}
		};
		SSLContext context = SSLContext.getInstance("TLS");
		context.init(null, new TrustManager[] { shown }, null);
		return HttpClient.newBuilder().sslContext(context).build();
	}

	private static int freePort() throws Exception {
		try (ServerSocket socket = new ServerSocket(0)) {
			return socket.getLocalPort();
		}
	}

}
