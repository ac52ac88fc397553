// The authoring list's pack import: the file goes to the API as it is, and what came in (or why nothing did) is told.
import { request } from './http.js';

const form = document.getElementById('pack-import');
const result = document.getElementById('pack-result');

function say(className, lines) {
  result.replaceChildren();
  const notice = document.createElement('div');
  notice.className = className;
  notice.setAttribute('role', className.includes('error') ? 'alert' : 'status');
  for (const line of lines) {
    const p = document.createElement('p');
    p.textContent = line;
    notice.append(p);
  }
  result.append(notice);
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const file = form.elements.pack.files[0];
  if (!file) return;
  const replace = form.elements.replace && form.elements.replace.checked;
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    const answer = await request('POST', `/api/authoring/import?replace=${replace ? 'true' : 'false'}`,
      await file.arrayBuffer(), 'application/gzip');
    say('notice', [form.dataset.imported.replace('{0}', answer.imported.length),
      ...answer.imported.map((one) => `${one.module}/${one.id} · ${form.dataset.version.replace('{0}', one.version)}`)]);
    setTimeout(() => window.location.reload(), 1500);
  } catch (error) {
    const problems = (error.answer && error.answer.problems) || [];
    say('notice notice-error', [error.message, ...problems.map((problem) =>
      [problem.file, problem.line ? `${problem.line}:${problem.column}` : '', problem.path, problem.message]
        .filter(Boolean).join(' '))]);
  } finally {
    button.disabled = false;
  }
});
