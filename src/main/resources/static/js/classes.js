// The trainer's "create a class" form: times typed in the reader's own time zone are sent as instants.
import { pageLanguage, postJson } from './http.js';

const form = document.getElementById('create-class');
const error = document.getElementById('create-error');

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  const data = new FormData(form);
  const settings = { name: data.get('name') };
  if (data.get('seats')) settings.seats = Number(data.get('seats'));
  for (const field of ['opensAt', 'closesAt']) {
    if (data.get(field)) settings[field] = new Date(data.get(field)).toISOString();
  }
  try {
    const created = await postJson(`/api/classes?lang=${pageLanguage()}`, settings);
    window.location.assign(`/classes/${encodeURIComponent(created.id)}`);
  } catch (problem) {
    error.textContent = problem.message;
    error.hidden = false;
  }
});
