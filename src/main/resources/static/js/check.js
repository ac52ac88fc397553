// "Check my work": hand in the artifact (or nothing, for a lab done in the sandbox) and show every check's verdict.
// Coming back, the learner finds their last hand-in's verdicts (the page put its artifact and ticks back), marked as such.
import { xsrfToken } from './http.js';

const lab = document.querySelector('[data-lab]');
const button = document.getElementById('lab-check');
const results = document.getElementById('lab-results');
const editor = document.getElementById('artifact');
const nextExercise = document.getElementById('lab-next');
const lastHandIn = document.getElementById('lab-restored');
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
let handedIn = false;

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) { node.className = className; }
  if (text !== undefined && text !== null) { node.textContent = text; }
  return node;
}

// Quiz check id -> indexes of the choices ticked; a question left blank is simply not answered.
function quizAnswers() {
  const answers = {};
  for (const question of document.querySelectorAll('[data-quiz]')) {
    const ticked = [...question.querySelectorAll('input:checked')].map((input) => Number(input.value));
    if (ticked.length > 0) { answers[question.dataset.quiz] = ticked; }
  }
  return answers;
}

// "Your last hand-in, <when>", the time in the reader's own zone.
function restoredNote(submittedAt) {
  const note = lastHandIn.content.firstElementChild.cloneNode(true);
  const [before, after] = note.textContent.split('{0}');
  const when = element('time', null, timeFormat.format(new Date(submittedAt)));
  when.dateTime = submittedAt;
  note.replaceChildren(before, when, after || '');
  return note;
}

function show(grade, restored) {
  results.replaceChildren();
  if (restored) { results.append(restoredNote(grade.submittedAt)); }
  const summary = element('p', grade.fullMarks ? 'notice' : 'notice notice-error',
    `${grade.score} / ${grade.maxScore} ${lab.dataset.msgPoints}`);
  summary.dataset.score = String(grade.score);
  results.append(summary);
  if (grade.fullMarks && nextExercise) { results.append(nextExercise.content.cloneNode(true)); }
  const list = element('ul', 'check-list');
  for (const check of grade.checks) {
    const item = element('li', check.passed ? 'check check-passed' : 'check check-failed');
    item.dataset.check = check.id;
    item.append(element('span', 'check-mark', check.passed ? '✓' : '✗'));
    // A question is named by its own text, shown above; a rule by its id, benchmark control and line.
    const question = document.querySelector(`[data-quiz="${CSS.escape(check.id)}"] legend`);
    const title = (check.kind === 'quiz' && question) ? question.textContent
      : [check.rule, check.cis ? `CIS ${check.cis}` : null, check.line ? `${lab.dataset.msgLine} ${check.line}` : null]
        .filter(Boolean).join(' · ');
    if (title) { item.append(element('span', 'check-title', title)); }
    item.append(element('p', 'check-message', check.message));
    if (check.hint) { item.append(element('p', 'check-hint', check.hint)); }
    list.append(item);
  }
  results.append(list);
}

if (button) {
  button.addEventListener('click', async () => {
    handedIn = true;
    button.disabled = true;
    try {
      const response = await fetch(`/api/exercises/${lab.dataset.exercise}/submissions`, {
        method: 'POST',
        credentials: 'same-origin',
        headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': xsrfToken() },
        body: JSON.stringify({ content: editor ? editor.value : null, answers: quizAnswers() }),
      });
      const body = await response.json();
      if (response.ok) {
        show(body);
      } else {
        results.replaceChildren(element('p', 'notice notice-error', body.detail || response.statusText));
      }
    } catch (error) {
      results.replaceChildren(element('p', 'notice notice-error', error.message));
    } finally {
      button.disabled = false;
    }
  });
}

// The attempt the page restored, with its verdicts as the submissions API lists them; a fresh grade always wins.
async function restore() {
  const response = await fetch(`/api/exercises/${lab.dataset.exercise}/submissions`, {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (!response.ok) { return; }
  const attempt = (await response.json()).find((a) => a.id === lastHandIn.dataset.handIn);
  if (attempt && !handedIn) { show(attempt, true); }
}

if (button && lastHandIn) {
  // Without its verdicts the restored work still stands in the editor; handing it in again grades it afresh.
  restore().catch(() => {});
}
