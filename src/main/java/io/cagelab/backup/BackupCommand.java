package io.cagelab.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.net.CookieManager;
import java.net.HttpCookie;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

/**
 * {@code cagelab backup FILE}: ask the running app for an online backup, as its admin, and save it to FILE. The app
 * holds its database file open, so the copy is made by the app itself ({@code GET /api/admin/backup}); this command
 * only logs in and downloads. {@code CAGELAB_URL} (default {@code http://127.0.0.1:$SERVER_PORT}) and
 * {@code CAGELAB_ADMIN_PASSWORD} say where and how.
 */
public final class BackupCommand {

	private BackupCommand() {
	}

	public static void main(String[] args) {
		System.exit(run(args, System.getenv(), System.err));
	}

	static int run(String[] args, Map<String, String> environment, PrintStream err) {
		if (args.length != 1) {
			err.println("usage: cagelab backup FILE   (CAGELAB_URL, CAGELAB_ADMIN_PASSWORD: the running app and its admin)");
			return 2;
		}
		String password = environment.getOrDefault("CAGELAB_ADMIN_PASSWORD", "");
		String url = environment.getOrDefault("CAGELAB_URL",
				"http://127.0.0.1:" + environment.getOrDefault("SERVER_PORT", "8080"));
		try {
			Path file = backup(URI.create(url.replaceAll("/+$", "")), password, Path.of(args[0]).toAbsolutePath());
			err.println("cagelab backup: " + file + " (" + Files.size(file) + " bytes)");
			return 0;
		}
		catch (BackupException ex) {
			err.println("cagelab backup: " + ex.getMessage());
			return 1;
		}
		catch (IOException ex) {
			err.println("cagelab backup: could not reach the app at " + url + " (" + ex + "): is it running? "
					+ "Set CAGELAB_URL to its address");
			return 1;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return 130;
		}
	}

	static Path backup(URI app, String password, Path file) throws BackupException, IOException, InterruptedException {
		if (password.isBlank()) {
			throw new BackupException("CAGELAB_ADMIN_PASSWORD is not set: the backup is asked of the app as its admin");
		}
		if (Files.exists(file)) {
			throw new BackupException(file + " already exists: name a new file (nothing was overwritten)");
		}
		CookieManager cookies = new CookieManager();
		HttpClient http = HttpClient.newBuilder().cookieHandler(cookies).connectTimeout(Duration.ofSeconds(10))
			.followRedirects(HttpClient.Redirect.NEVER).build();
		http.send(HttpRequest.newBuilder(app.resolve("/login")).timeout(Duration.ofSeconds(30)).build(),
				HttpResponse.BodyHandlers.discarding());
		String token = cookies.getCookieStore().getCookies().stream().filter((c) -> c.getName().equals("XSRF-TOKEN"))
			.map(HttpCookie::getValue).findFirst()
			.orElseThrow(() -> new BackupException(app + "/login set no XSRF-TOKEN cookie: is this Cagelab?"));
		String form = "username=admin&password=" + URLEncoder.encode(password, StandardCharsets.UTF_8) + "&_csrf="
				+ URLEncoder.encode(token, StandardCharsets.UTF_8);
		HttpResponse<Void> login = http.send(HttpRequest.newBuilder(app.resolve("/login")).timeout(Duration.ofSeconds(30))
			.header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))
			.build(), HttpResponse.BodyHandlers.discarding());
		if (!login.headers().firstValue("Location").orElse("").equals("/")) {
			throw new BackupException("the app refused the admin's login (" + login.statusCode() + " to "
					+ login.headers().firstValue("Location").orElse("nowhere") + "): check CAGELAB_ADMIN_PASSWORD");
		}
		HttpResponse<InputStream> download = http.send(HttpRequest.newBuilder(app.resolve("/api/admin/backup"))
			.timeout(Duration.ofMinutes(10)).build(), HttpResponse.BodyHandlers.ofInputStream());
		try (InputStream body = download.body()) {
			if (download.statusCode() != 200) {
				throw new BackupException("the app answered " + download.statusCode() + ": "
						+ new String(body.readAllBytes(), StandardCharsets.UTF_8));
			}
			Path partial = Files.createTempFile(file.toAbsolutePath().getParent(), ".cagelab-backup-", ".part");
			try {
				Files.copy(body, partial, StandardCopyOption.REPLACE_EXISTING);
				Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
			}
			finally {
				Files.deleteIfExists(partial);
			}
		}
		return file;
	}

}
