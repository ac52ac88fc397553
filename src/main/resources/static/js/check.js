// "Check my work": hand in the artifact (or nothing, for a lab done in the sandbox) and show every check's verdict.
// Coming back, the learner finds their last hand-in's verdicts (the page put its artifact and ticks back), marked as such.
import { xsrfToken } from './http.js';

const lab = document.querySelector('[data-lab]');
const button = document.getElementById('lab-check');
const results = document.getElementById('lab-results');
const editor = document.getElementById('artifact');
const nextExercise = document.getElementById('lab-next');
const lastHandIn = document.getElementById('lab-restored');
const words = document.getElementById('check-words').dataset;
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, {
  dateStyle: 'medium',
  timeStyle: 'short',
});
let handedIn = false;
let checking = false;

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

// A question's verdict goes under the question itself: its mark and message, the learner's choices marked, and
// the right ones once the server discloses them (passed, or the attempts used up).
function showUnderQuestion(check, question) {
  question.dataset.check = check.id;
  question.classList.remove('check-passed', 'check-failed');
  question.classList.add(check.passed ? 'check-passed' : 'check-failed');
  const right = new Set(check.answer || []);
  for (const choice of question.querySelectorAll('[data-choice]')) {
    choice.querySelector('.quiz-tags')?.remove();
    const input = choice.querySelector('input');
    const index = Number(choice.dataset.choice);
    const tags = [];
    if (input.checked) { tags.push(element('span', 'quiz-tag quiz-tag-chosen', words.yourChoice)); }
    if (right.has(index)) { tags.push(element('span', 'quiz-tag quiz-tag-right', words.rightChoice)); }
    choice.classList.toggle('quiz-choice-chosen', input.checked);
    choice.classList.toggle('quiz-choice-right', right.has(index));
    choice.classList.toggle('quiz-choice-wrong', input.checked && check.answer != null && !right.has(index));
    if (tags.length > 0) {
      const holder = element('span', 'quiz-tags');
      holder.append(...tags);
      choice.append(holder);
    }
  }
  const verdict = question.querySelector('[data-quiz-verdict]');
  verdict.replaceChildren(element('span', 'check-mark', check.passed ? '✓' : '✗'),
    element('span', 'check-message', check.message));
  if (check.explanation) {
    const why = element('p', 'check-explanation');
    why.append(element('strong', null, words.explanation), ' ', check.explanation);
    verdict.append(why);
  }
  appendHints(verdict, check);
}

function appendHints(parent, check) {
  if (check.hint) { parent.append(labelled('check-hint', words.hint, check.hint)); }
  if (check.strongerHint) { parent.append(labelled('check-hint check-hint-stronger', words.strongerHint, check.strongerHint)); }
}

function labelled(className, label, text) {
  const node = element('p', className);
  node.append(element('strong', 'check-hint-label', label), ' ', text);
  return node;
}

function show(grade, restored) {
  results.replaceChildren();
  if (restored) { results.append(restoredNote(grade.submittedAt)); }
  const summary = element('p', grade.fullMarks ? 'notice' : 'notice notice-error',
    `${grade.score} / ${grade.maxScore} ${lab.dataset.msgPoints}`);
  summary.dataset.score = String(grade.score);
  if (grade.attempt) { summary.dataset.attempt = String(grade.attempt); }
  results.append(summary);
  if (grade.coming) {
    const coming = element('p', 'check-coming', grade.coming);
    coming.dataset.attempt = String(grade.attempt);
    results.append(coming);
  }
  if (grade.fullMarks && nextExercise) { results.append(nextExercise.content.cloneNode(true)); }
  const list = element('ul', 'check-list');
  for (const check of grade.checks) {
    const question = document.querySelector(`[data-quiz="${CSS.escape(check.id)}"]`);
    if (check.kind === 'quiz' && question) {
      showUnderQuestion(check, question);
      continue;
    }
    const item = element('li', check.passed ? 'check check-passed' : 'check check-failed');
    item.dataset.check = check.id;
    item.append(element('span', 'check-mark', check.passed ? '✓' : '✗'));
    // Named by the server in the reader's language: the author's title, or the rule and its benchmark control;
    // attempts kept from before titles were named by their rule only.
    const title = [check.title || check.rule, check.title ? null : (check.cis ? `CIS ${check.cis}` : null),
      check.line ? `${lab.dataset.msgLine} ${check.line}` : null].filter(Boolean).join(' · ');
    if (title) { item.append(element('span', 'check-title', title)); }
    item.append(element('p', 'check-message', check.message));
    appendHints(item, check);
    list.append(item);
  }
  if (list.children.length > 0) { results.append(list); }
  if (grade.solution) {
    const solution = element('section', 'check-solution');
    solution.setAttribute('aria-label', words.solution);
    solution.append(element('h2', 'check-solution-title', words.solution),
      element('p', 'check-solution-note', words.solutionNote));
    const code = element('pre', 'check-solution-code');
    code.tabIndex = 0;
    code.setAttribute('aria-label', words.solution);
    code.append(element('code', null, grade.solution));
    solution.append(code);
    results.append(solution);
  }
}

// While a hand-in is graded (a probe or a container may take seconds), the button says so and cannot be pressed
// twice, and the results are marked busy for screen readers.
// The button stays focusable (aria-disabled, not disabled), so that a keyboard user keeps their place.
function busy(on) {
  const status = document.getElementById('lab-check-busy');
  checking = on;
  button.setAttribute('aria-disabled', String(on));
  button.setAttribute('aria-busy', String(on));
  button.classList.toggle('button-busy', on);
  results.setAttribute('aria-busy', String(on));
  if (status) { status.textContent = on ? words.checking : ''; }
}

if (button) {
  button.addEventListener('click', async () => {
    if (checking) { return; }
    handedIn = true;
    busy(true);
    try {
      // Graded and recorded, or on an author's preview graded against the draft and never recorded.
      const response = await fetch(lab.dataset.submissionsUrl, {
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
      busy(false);
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
