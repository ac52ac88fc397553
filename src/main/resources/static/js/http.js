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
