package io.cagelab;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.http.MediaType;
import org.springframework.http.ResponseCookie;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.BodyInserters;
import org.springframework.web.reactive.function.client.ClientRequest;

/**
 * A browser's cookie jar over a {@link WebTestClient}: session and XSRF-TOKEN cookies carry from request to request.
 */
public final class BrowserSession {

	private final Map<String, String> cookies = new ConcurrentHashMap<>();

	private final WebTestClient client;

	public BrowserSession(WebTestClient client) {
		this.client = client.mutate()
			.filter((request, next) -> next
				.exchange(ClientRequest.from(request).cookies((jar) -> this.cookies.forEach(jar::add)).build())
				.doOnNext((response) -> response.cookies().values().forEach((list) -> list.forEach(this::store))))
			.build();
	}

	/** Log in through the login form, failing the test if the login fails. */
	public static BrowserSession loggedIn(WebTestClient client, String username, String password) {
		BrowserSession session = new BrowserSession(client);
		String location = session.submitLogin(username, password);
		if (!"/".equals(location)) {
			throw new AssertionError("Login of " + username + " failed: redirected to " + location);
		}
		return session;
	}

	/** Post the login form and return where the app redirects to. */
	public String submitLogin(String username, String password) {
		MultiValueMap<String, String> form = new LinkedMultiValueMap<>();
		form.add("username", username);
		form.add("password", password);
		return postForm("/login", form).expectStatus().isFound().returnResult(Void.class).getResponseHeaders()
			.getLocation().toString();
	}

	public String csrfToken() {
		if (!this.cookies.containsKey("XSRF-TOKEN")) {
			get("/login").expectStatus().isOk();
		}
		return this.cookies.get("XSRF-TOKEN");
	}

	/** The cookies as a browser would send them, for clients other than this one (a WebSocket). */
	public String cookieHeader() {
		csrfToken();
		return this.cookies.entrySet().stream().map((cookie) -> cookie.getKey() + "=" + cookie.getValue())
			.reduce((a, b) -> a + "; " + b).orElse("");
	}

	/** Set a cookie the way someone else who can write cookies for this host would (a sibling site, a proxy). */
	public void plantCookie(String name, String value) {
		this.cookies.put(name, value);
	}

	/** The value of a cookie as the browser holds it now, or null. */
	public String cookie(String name) {
		return this.cookies.get(name);
	}

	public WebTestClient client() {
		return this.client;
	}

	public WebTestClient.ResponseSpec get(String uri) {
		return this.client.get().uri(uri).exchange();
	}

	/** Post a form the way a page does, with the CSRF token in the form. */
	public WebTestClient.ResponseSpec postForm(String uri, MultiValueMap<String, String> form) {
		MultiValueMap<String, String> withToken = new LinkedMultiValueMap<>(form);
		withToken.add("_csrf", csrfToken());
		return this.client.post().uri(uri).contentType(MediaType.APPLICATION_FORM_URLENCODED)
			.body(BodyInserters.fromFormData(withToken)).exchange();
	}

	/** Post JSON the way a script does, with the token from the XSRF-TOKEN cookie in the X-XSRF-TOKEN header. */
	public WebTestClient.ResponseSpec postJson(String uri, Object body) {
		String token = csrfToken();
		return this.client.post().uri(uri).contentType(MediaType.APPLICATION_JSON).header("X-XSRF-TOKEN", token)
			.bodyValue(body).exchange();
	}

	private void store(ResponseCookie cookie) {
		if (cookie.getMaxAge().isZero() || cookie.getValue().isEmpty()) {
			this.cookies.remove(cookie.getName());
		}
		else {
			this.cookies.put(cookie.getName(), cookie.getValue());
		}
	}

}
