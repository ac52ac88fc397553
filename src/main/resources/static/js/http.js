// Requests to the app's JSON API from a page: the session cookie, and the CSRF token the API asks of every change.

export function xsrfToken() {
  const cookie = document.cookie.split('; ').find((c) => c.startsWith('XSRF-TOKEN='));
  return cookie ? decodeURIComponent(cookie.substring('XSRF-TOKEN='.length)) : '';
}

/** POST a JSON body; resolve to the parsed answer, or reject with the problem's detail (RFC 9457) as message. */
export async function postJson(url, body) {
  const response = await fetch(url, {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': xsrfToken() },
    body: JSON.stringify(body ?? {}),
  });
  const text = await response.text();
  const answer = text ? JSON.parse(text) : null;
  if (!response.ok) {
    throw new Error((answer && answer.detail) || response.statusText);
  }
  return answer;
}

/** The page's language, for what the API writes in words. */
export function pageLanguage() {
  return document.documentElement.lang || 'en';
}

/**
 * Send a request to the API; resolve to the parsed answer, or reject with an Error whose message is the problem's
 * detail, and which carries the HTTP status and the whole answer (its problems, for one).
 */
export async function request(method, url, body, contentType = 'application/json') {
  const headers = { 'X-XSRF-TOKEN': xsrfToken() };
  if (body !== undefined) headers['Content-Type'] = contentType;
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers,
    body: body === undefined ? undefined : contentType === 'application/json' ? JSON.stringify(body) : body,
  });
  const text = await response.text();
  let answer = null;
  try {
    answer = text ? JSON.parse(text) : null;
  } catch {
    answer = null;
  }
  if (!response.ok) {
    const error = new Error((answer && answer.detail) || response.statusText || String(response.status));
    error.status = response.status;
    error.answer = answer;
    throw error;
  }
  return answer;
}
