// A class's live dashboard: the whole class arrives first over Server-Sent Events, then one learner's row or the
// class's totals each time something changes. Nothing here polls.
import { pageLanguage, postJson } from './http.js';

const root = document.querySelector('.dashboard');
const config = JSON.parse(root.dataset.config);
const t = config.texts;
const api = `/api/classes/${encodeURIComponent(config.classId)}`;
const lang = pageLanguage();
let exercises = config.exercises;
const titles = new Map(exercises.map((exercise) => [exercise.id, exercise.title]));

const head = document.getElementById('progress-head');
const body = document.getElementById('progress-body');
const connection = document.getElementById('dashboard-connection');
const announce = document.getElementById('dashboard-announce');
const stuckOnly = document.getElementById('stuck-only');
const stuckMinutes = document.getElementById('stuck-minutes');
const recipients = document.getElementById('class-message-to');
const timeFormat = new Intl.DateTimeFormat(lang, { timeStyle: 'short' });

let learners = [];
const cells = new Map(); // learner id -> Map(exercise -> cell)
const sandboxes = new Map(); // learner id -> [sandbox]
let passedBy = new Map();

function format(template, ...values) {
  return template.replace(/\{(\d+)\}/g, (placeholder, index) => String(values[Number(index)] ?? placeholder));
}

function element(name, attributes = {}, ...children) {
  const node = document.createElement(name);
  for (const [key, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'className') node.className = value;
    else if (key === 'text') node.textContent = value;
    else node.setAttribute(key, value === true ? '' : value);
  }
  for (const child of children) {
    if (child !== null && child !== undefined) node.append(child);
  }
  return node;
}

function say(text) {
  announce.textContent = '';
  requestAnimationFrame(() => { announce.textContent = text; });
}

function latest(...times) {
  return times.filter(Boolean).map((time) => new Date(time).getTime()).reduce((a, b) => Math.max(a, b), 0);
}

/** The last time the learner did anything: handed something in, or typed in a sandbox. */
function lastActivity(learnerId) {
  const mine = [...(cells.get(learnerId)?.values() ?? [])].map((cell) => cell.lastAttemptAt);
  const typed = (sandboxes.get(learnerId) ?? []).map((sandbox) => sandbox.lastActiveAt);
  return latest(...mine, ...typed);
}

/** Stuck: a sandbox has been live for a while and no score has gone up since it started, or for that long. */
function isStuck(learnerId, now) {
  const live = sandboxes.get(learnerId) ?? [];
  if (live.length === 0) return false;
  const improved = [...(cells.get(learnerId)?.values() ?? [])].map((cell) => cell.improvedAt);
  const since = latest(...improved, ...live.map((sandbox) => sandbox.createdAt));
  return now - since > Number(stuckMinutes.value || 10) * 60_000;
}

function renderHead() {
  head.replaceChildren(head.children[0], head.children[1]);
  for (const exercise of exercises) {
    head.append(element('th', { scope: 'col', className: 'exercise-head' },
      element('span', { className: 'exercise-title', text: exercise.title }),
      element('span', { className: 'passed-by', text: format(t['passed-by'], passedBy.get(exercise.id) ?? 0) })));
  }
}

function cellNode(learner, exercise, cell) {
  const state = cell?.state ?? 'not-started';
  const td = element('td', { className: `cell cell-${state}`, 'data-exercise': exercise.id });
  if (!cell || cell.attempts === 0) {
    td.append(element('span', { 'aria-hidden': 'true', text: '·' }),
      element('span', { className: 'visually-hidden', text: t['not-started'] }));
    return td;
  }
  const score = `${cell.bestScore}/${cell.maxScore}`;
  const attempts = format(t.attempts, cell.attempts);
  const button = element('button', {
    type: 'button', className: 'cell-button',
    'aria-label': `${learner.username}, ${exercise.title}: ${t[state]}, ${score}, ${attempts}`,
  }, element('span', { className: 'cell-score', text: score }), element('span', { className: 'cell-attempts', text: attempts }));
  button.addEventListener('click', () => drill(learner, exercise));
  td.append(button);
  return td;
}

function sandboxNode(learner, now) {
  const td = element('td', { className: 'sandbox-cell' });
  const live = sandboxes.get(learner.id) ?? [];
  if (live.length === 0) {
    td.append(element('span', { className: 'muted', text: t['no-sandbox'] }));
    return td;
  }
  for (const sandbox of live) {
    const minutes = Math.max(0, Math.round((new Date(sandbox.removalDue).getTime() - now) / 60_000));
    const status = sandbox.status === 'running' ? format(t['minutes-left'], minutes) : t.starting;
    const box = element('div', { className: 'sandbox-live' },
      element('span', { className: 'sandbox-exercise', text: titles.get(sandbox.exercise) ?? sandbox.exercise }),
      element('span', { className: 'sandbox-time', text: status }));
    const actions = element('span', { className: 'sandbox-actions' });
    const watch = element('a', { className: 'button button-small button-quiet', href: `/sandboxes/${sandbox.id}/watch`,
      target: '_blank', rel: 'noopener', 'aria-label': `${t.watch}: ${learner.username}` , text: t.watch });
    const reset = element('button', { type: 'button', className: 'button button-small button-quiet',
      'aria-label': `${t.reset}: ${learner.username}`, text: t.reset });
    reset.addEventListener('click', () => act(learner, 'reset', { exercise: sandbox.exercise }, t['reset-done']));
    const more = element('button', { type: 'button', className: 'button button-small button-quiet',
      'aria-label': `${t['more-time']}: ${learner.username}`, text: t['more-time'] });
    more.addEventListener('click', () => act(learner, 'more-time', { exercise: sandbox.exercise, minutes: 15 },
      t['more-time-done']));
    actions.append(watch, reset, more);
    box.append(actions);
    td.append(box);
  }
  return td;
}

function rowNode(learner, now) {
  const activity = lastActivity(learner.id);
  const stuck = isStuck(learner.id, now);
  const name = element('th', { scope: 'row', className: 'learner-cell' },
    element('span', { className: 'learner-name', text: learner.username }),
    stuck ? element('span', { className: 'badge badge-stuck', text: t.stuck }) : null,
    element('span', { className: 'learner-activity',
      text: `${t['last-activity']} ${activity ? timeFormat.format(new Date(activity)) : t.never}` }));
  const row = element('tr', { 'data-learner': learner.id, 'data-stuck': stuck ? 'true' : 'false' }, name,
    sandboxNode(learner, now));
  const mine = cells.get(learner.id) ?? new Map();
  for (const exercise of exercises) {
    row.append(cellNode(learner, exercise, mine.get(exercise.id)));
  }
  row.hidden = stuckOnly.checked && !stuck;
  return row;
}

function renderBody() {
  const now = Date.now();
  body.replaceChildren(...learners.map((learner) => rowNode(learner, now)));
  document.getElementById('no-learners').hidden = learners.length > 0;
}

function renderRow(learnerId) {
  const learner = learners.find((candidate) => candidate.id === learnerId);
  if (!learner) return;
  const fresh = rowNode(learner, Date.now());
  const old = body.querySelector(`tr[data-learner="${learnerId}"]`);
  // Keep the keyboard where it was: a redrawn row would drop the focus of a button in it.
  const focused = old && old.contains(document.activeElement) ? document.activeElement : null;
  if (old && !focused) old.replaceWith(fresh);
  else if (!old) body.append(fresh);
  else refreshInPlace(old, fresh);
}

/** Redraw every cell of a row but the one holding the keyboard's focus, which is redrawn once focus leaves. */
function refreshInPlace(old, fresh) {
  const freshCells = [...fresh.children];
  [...old.children].forEach((child, index) => {
    if (!child.contains(document.activeElement)) child.replaceWith(freshCells[index]);
  });
  old.dataset.stuck = fresh.dataset.stuck;
  old.hidden = fresh.hidden;
  renderSoon();
}

let pending = null;
function renderSoon() {
  if (pending) return;
  pending = setTimeout(() => { pending = null; if (!body.contains(document.activeElement)) renderBody(); }, 1000);
}

function renderTotals(totals) {
  passedBy = new Map(totals.exercises.map((exercise) => [exercise.id, exercise.passedBy]));
  renderHead();
  document.getElementById('failing-none').hidden = totals.mostFailedChecks.length > 0;
  const checks = document.getElementById('failing-checks');
  checks.replaceChildren(...totals.mostFailedChecks.map((check) => element('li', {},
    element('span', { text: `${titles.get(check.exercise) ?? check.exercise} · ` }),
    element('code', { text: check.rule ?? check.check }),
    element('span', { text: ` (${check.cis ? `CIS ${check.cis}, ` : ''}${check.failing})` }))));
  const rules = document.getElementById('failing-rules');
  rules.replaceChildren(...totals.mostFailedRules.map((rule) => element('li', {},
    element('code', { text: rule.rule }),
    element('span', { text: ` (${rule.cis ? `CIS ${rule.cis}, ` : ''}${rule.failing})` }))));
}

function storeRow(learnerId, rowCells, rowSandboxes) {
  cells.set(learnerId, new Map(rowCells.map((cell) => [cell.exercise, cell])));
  sandboxes.set(learnerId, rowSandboxes);
}

function whole(data) {
  // The class's exercises may have changed since the page was served.
  exercises = data.progress.exercises.map((exercise) => ({ id: exercise.id, title: titles.get(exercise.id) ?? exercise.id }));
  learners = data.progress.learners;
  cells.clear();
  sandboxes.clear();
  for (const learner of learners) {
    storeRow(learner.id, data.progress.cells.filter((cell) => cell.learnerId === learner.id),
      data.sandboxes.filter((sandbox) => sandbox.learnerId === learner.id));
  }
  renderTotals(data.progress);
  renderBody();
  const chosen = recipients.value;
  recipients.replaceChildren(recipients.options[0],
    ...learners.map((learner) => element('option', { value: learner.id, text: learner.username })));
  recipients.value = chosen;
}

async function act(learner, action, body, done) {
  try {
    await postJson(`${api}/learners/${learner.id}/${action}?lang=${lang}`, body);
    say(format(done, learner.username));
  } catch (error) {
    say(format(t['action-failed'], error.message));
  }
}

async function drill(learner, exercise) {
  const dialog = document.getElementById('drill');
  const target = document.getElementById('drill-body');
  document.getElementById('drill-title').textContent = format(t['drill-title'], learner.username, exercise.title);
  target.replaceChildren();
  dialog.showModal();
  const response = await fetch(`${api}/learners/${learner.id}/attempts?exercise=${encodeURIComponent(exercise.id)}&lang=${lang}`,
    { credentials: 'same-origin', headers: { Accept: 'application/json' } });
  const attempts = response.ok ? await response.json() : [];
  if (attempts.length === 0) {
    target.append(element('p', { text: t['drill-none'] }));
    return;
  }
  const full = new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' });
  for (const attempt of attempts) {
    const section = element('section', { className: 'attempt' },
      element('h3', {}, element('time', { datetime: attempt.submittedAt, text: full.format(new Date(attempt.submittedAt)) }),
        element('span', { text: ` · ${format(t.score, attempt.score, attempt.maxScore)}` })));
    if (attempt.content) {
      section.append(element('p', { className: 'attempt-label', text: t['drill-content'] }),
        element('pre', { className: 'attempt-content', text: attempt.content }));
    }
    if (attempt.answers && Object.keys(attempt.answers).length > 0) {
      section.append(element('p', { className: 'attempt-label',
        text: `${t['drill-answers']} ${Object.entries(attempt.answers).map(([id, ticked]) => `${id}: ${ticked.map((i) => i + 1).join(', ')}`).join(' · ')}` }));
    }
    const list = element('ul', { className: 'check-list' });
    for (const check of attempt.checks) {
      list.append(element('li', { className: `check ${check.passed ? 'check-passed' : 'check-failed'}` },
        element('span', { className: 'check-mark', 'aria-hidden': 'true', text: check.passed ? '✓' : '✗' }),
        element('span', { className: 'visually-hidden', text: check.passed ? t.passed : t['in-progress'] }),
        element('span', { className: 'check-title', text: `${check.id}${check.rule ? ` · ${check.rule}` : ''} · ${check.earned}/${check.points}` }),
        element('p', { className: 'check-message', text: check.message ?? '' }),
        check.hint ? element('p', { className: 'check-hint', text: check.hint }) : null));
    }
    section.append(list);
    target.append(section);
  }
}

document.getElementById('class-message').addEventListener('submit', async (event) => {
  event.preventDefault();
  const text = document.getElementById('class-message-text');
  const learner = recipients.value ? Number(recipients.value) : null;
  try {
    await postJson(`${api}/messages?lang=${lang}`, { text: text.value, learner });
    say(learner ? format(t['sent-to-learner'], recipients.selectedOptions[0].textContent) : t['message-sent']);
    text.value = '';
  } catch (error) {
    say(format(t['action-failed'], error.message));
  }
});

stuckOnly.addEventListener('change', renderBody);
stuckMinutes.addEventListener('change', renderBody);
// Times left and "stuck" move on with the clock, not only with events.
setInterval(() => { if (!body.contains(document.activeElement)) renderBody(); }, 20_000);

const events = new EventSource(`${api}/events`);
events.addEventListener('open', () => { connection.textContent = t.live; });
events.addEventListener('error', () => { connection.textContent = t.reconnecting; });
events.addEventListener('class', (event) => whole(JSON.parse(event.data)));
events.addEventListener('learner', (event) => {
  const row = JSON.parse(event.data);
  storeRow(row.learnerId, row.cells, row.sandboxes);
  renderRow(row.learnerId);
});
events.addEventListener('totals', (event) => renderTotals(JSON.parse(event.data)));
