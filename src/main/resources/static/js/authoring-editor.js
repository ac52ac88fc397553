// The exercise editor: the spec as a form and as YAML, each rewriting the other through the API, problems shown on
// the field and the line they concern as the trainer types, the instructions previewed as the lab page renders them,
// and Save, Prove, Publish, Duplicate, Delete and Assign.
import { request, xsrfToken } from './http.js';

const main = document.querySelector('.authoring-editor');
const config = JSON.parse(main.dataset.config);
const api = `/api/authoring/exercises/${encodeURIComponent(config.id)}`;
const $ = (id) => document.getElementById(id);

const yaml = $('spec-yaml');
const gutter = $('yaml-gutter');
const form = $('spec-form');
const readme = { en: $('readme-en'), fr: $('readme-fr') };
const preview = { en: $('preview-en'), fr: $('preview-fr') };
const errorBox = $('editor-error');
const saveStatus = $('editor-save-status');
const proveButton = $('editor-prove');
const publishButton = $('editor-publish');

const TITLED = new Set(['setting', 'probe', 'runtime']);
const ARTIFACT_KINDS = new Set(['run', 'dockerfile', 'compose']);

let tree = null;
let version = null;
let state = 'draft';
let provenCurrent = false;
let dirty = false;
let checkTimer = null;
let writeTimer = null;
let writing = null;
let sequence = 0;

function t(key, ...values) {
  const text = config.texts[key] ?? key;
  return text.replace(/\{(\d)\}/g, (placeholder, index) => values[Number(index)] ?? placeholder);
}

function element(tag, attributes = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === 'className') node.className = value;
    else if (name === 'text') node.textContent = value;
    else node.setAttribute(name, value === true ? '' : value);
  }
  node.append(...children.filter((child) => child !== null && child !== undefined));
  return node;
}

// Paths: "checks.2.hint.en" in the form, "checks[2].hint.en" in the API's problems.
const split = (path) => path.split('.').map((key) => (/^\d+$/.test(key) ? Number(key) : key));
const fromProblem = (path) => path.replace(/\[(\d+)\]/g, '.$1');

function getAt(object, path) {
  return split(path).reduce((value, key) => (value === null || value === undefined ? undefined : value[key]), object);
}

/** Set a value, making the maps on its way; undefined removes it, and the maps it leaves empty. */
function setAt(object, path, value) {
  const keys = split(path);
  const parents = [];
  let node = object;
  keys.slice(0, -1).forEach((key, index) => {
    if (node[key] === null || typeof node[key] !== 'object') node[key] = typeof keys[index + 1] === 'number' ? [] : {};
    parents.push([node, key]);
    node = node[key];
  });
  const last = keys[keys.length - 1];
  if (value === undefined) {
    if (Array.isArray(node)) node[last] = {};
    else delete node[last];
    for (const [parent, key] of parents.reverse()) {
      const child = parent[key];
      if (!Array.isArray(child) && Object.keys(child).length === 0 && !Array.isArray(parent)) delete parent[key];
      else break;
    }
  } else {
    node[last] = value;
  }
}

function parse(value, type) {
  const text = value.trim();
  if (type === 'int') return text === '' ? undefined : /^-?\d+$/.test(text) ? Number(text) : text;
  if (type === 'list') return text === '' ? undefined : text === '[]' ? [] : text.split(',').map((s) => s.trim()).filter(Boolean);
  if (type === 'numbers') {
    if (text === '') return undefined;
    return text.replace(/^\[|\]$/g, '').split(',').map((s) => s.trim()).filter(Boolean)
      .map((s) => (/^\d+$/.test(s) ? Number(s) : s));
  }
  return value === '' ? undefined : value;
}

function shown(value, type) {
  if (value === undefined || value === null) return '';
  if (type === 'list' || type === 'numbers') return Array.isArray(value) ? (value.length ? value.join(', ') : '[]') : String(value);
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

// --- The form ---------------------------------------------------------------------------------------------------

let fieldCount = 0;

/** A labelled control bound to a path of the spec, with the place its problems are shown. */
function field(labelKey, path, options = {}) {
  const id = `field-${++fieldCount}`;
  const type = options.type || 'text';
  let control;
  if (options.choices) {
    control = element('select', { id, 'data-path': path });
    if (!options.choices.includes(getAt(tree, path))) control.append(element('option', { value: '', text: '' }));
    for (const choice of options.choices) control.append(element('option', { value: choice, text: choice }));
    control.value = getAt(tree, path) ?? '';
  } else if (type === 'bool') {
    control = element('input', { id, type: 'checkbox', 'data-path': path, 'data-type': 'bool' });
    control.checked = getAt(tree, path) === true;
  } else if (options.multiline) {
    control = element('textarea', { id, 'data-path': path, 'data-type': type, rows: options.rows || 3,
      className: options.mono ? 'mono' : null, spellcheck: options.mono ? 'false' : null, lang: options.lang });
    control.value = shown(getAt(tree, path), type);
  } else {
    control = element('input', { id, type: type === 'int' ? 'number' : 'text', 'data-path': path, 'data-type': type,
      className: options.mono ? 'mono' : null, lang: options.lang, autocomplete: 'off',
      inputmode: type === 'numbers' ? 'numeric' : null });
    control.value = shown(getAt(tree, path), type);
  }
  const problem = element('span', { className: 'field-problem', id: `${id}-problem` });
  const describedBy = [`${id}-problem`];
  let help = null;
  if (options.help) {
    help = element('span', { className: 'field-help muted', id: `${id}-help`, text: t(options.help) });
    describedBy.push(`${id}-help`);
  }
  control.setAttribute('aria-describedby', describedBy.join(' '));
  const label = element('label', { for: id, text: t(labelKey) });
  return element('div', { className: `field${options.wide ? ' field-wide' : ''}${type === 'bool' ? ' field-check' : ''}` },
    ...(type === 'bool' ? [control, label] : [label, control]), help, problem);
}

function cardButtons(listPath, index, length) {
  const buttons = element('div', { className: 'card-buttons' });
  const button = (key, action, disabled) => element('button', { type: 'button', className: 'button button-small button-quiet',
    'data-action': action, 'data-list': listPath, 'data-index': index, disabled, text: t(key) });
  buttons.append(button('move-up', 'up', index === 0), button('move-down', 'down', index === length - 1),
    button('remove', 'remove', false));
  return buttons;
}

function translations(path, enKey, frKey, options = {}) {
  return [field(enKey, `${path}.en`, { ...options, lang: 'en' }), field(frKey, `${path}.fr`, { ...options, lang: 'fr' })];
}

function checkCard(check, index, length) {
  const path = `checks.${index}`;
  const kind = check && check.kind;
  const heading = element('h3', { text: `${t('check', index + 1)}${check && check.id ? ` · ${check.id}` : ''}` });
  const fields = element('div', { className: 'field-grid' },
    field('field.id', `${path}.id`, { mono: true }),
    field('field.kind', `${path}.kind`, { choices: config.checkKinds }),
    field('field.points', `${path}.points`, { type: 'int' }));
  const more = [];
  if (TITLED.has(kind)) more.push(...translations(`${path}.title`, 'field.title-en', 'field.title-fr'));
  if (kind === 'rule') {
    fields.append(field('field.rule', `${path}.rule`, { choices: config.rules }));
    if (tree.kind === 'compose') fields.append(field('field.service', `${path}.service`, { mono: true, help: 'help.service' }));
    if (check.rule === 'HR-04' || check['allowed-capabilities'] !== undefined) {
      more.push(field('field.allowed-capabilities', `${path}.allowed-capabilities`, { type: 'list', mono: true,
        help: 'help.allowed-capabilities', wide: true }));
    }
  }
  if (kind === 'setting' || kind === 'runtime') {
    if (tree.kind === 'compose') fields.append(field('field.service', `${path}.service`, { mono: true, help: 'help.service' }));
  }
  if (kind === 'setting') fields.append(field('field.setting', `${path}.setting`, { mono: true }));
  if (kind === 'probe' || kind === 'runtime') {
    more.push(field('field.command', `${path}.command`, { multiline: true, mono: true, wide: true, rows: 3 }));
    fields.append(field('field.expect-exit', `${path}.expect.exit`, { type: 'int' }));
  }
  if (kind === 'setting' || kind === 'probe' || kind === 'runtime') {
    more.push(field('field.expect-output', `${path}.expect.output`, { mono: true, help: 'help.expect-output', wide: true }));
  }
  if (kind === 'quiz') {
    more.push(...translations(`${path}.question`, 'field.question-en', 'field.question-fr', { multiline: true }));
    fields.append(field('field.multiple', `${path}.multiple`, { type: 'bool' }));
    const choices = Array.isArray(check.choices) ? check.choices : [];
    const list = element('ol', { className: 'choice-list', start: 0, 'data-path': `${path}.choices` });
    choices.forEach((choice, choiceIndex) => {
      const choicePath = `${path}.choices.${choiceIndex}`;
      list.append(element('li', { className: 'choice-row', 'data-path': choicePath },
        element('span', { className: 'choice-number', text: t('choice', choiceIndex) }),
        ...translations(choicePath, 'field.choice-en', 'field.choice-fr'),
        cardButtons(`${path}.choices`, choiceIndex, choices.length)));
    });
    more.push(list, element('button', { type: 'button', className: 'button button-small', 'data-action': 'add-choice',
      'data-list': `${path}.choices`, text: t('add-choice') }));
    more.push(field('field.answer', `${path}.answer`, { type: 'numbers', help: 'help.answer' }));
    more.push(...translations(`${path}.explanation`, 'field.explanation-en', 'field.explanation-fr', { multiline: true }));
  }
  more.push(...translations(`${path}.hint`, 'field.hint-en', 'field.hint-fr', { multiline: true }));
  more.push(...translations(`${path}.stronger-hint`, 'field.stronger-hint-en', 'field.stronger-hint-fr', { multiline: true }));
  return element('li', { className: 'check-card', 'data-path': path },
    element('div', { className: 'card-head' }, heading, cardButtons('checks', index, length)),
    element('p', { className: 'field-problem card-problem' }),
    fields, element('div', { className: 'field-grid field-grid-wide' }, ...more));
}

/** A map edited as rows of key and value (a wrong answer's fails or answers): rebuilt whole from its rows. */
function mapRows(path, keyLabel, valueLabel, valueType) {
  const map = getAt(tree, path);
  const entries = map && typeof map === 'object' && !Array.isArray(map) ? Object.entries(map) : [];
  const list = element('ul', { className: 'map-rows', 'data-map': path, 'data-type': valueType, 'data-path': path });
  entries.forEach(([key, value]) => list.append(mapRow(key, shown(value, valueType), keyLabel, valueLabel)));
  return list;
}

function mapRow(key, value, keyLabel, valueLabel) {
  const keyId = `field-${++fieldCount}`;
  const valueId = `field-${++fieldCount}`;
  const keyInput = element('input', { id: keyId, type: 'text', className: 'mono', 'data-map-key': '', autocomplete: 'off' });
  keyInput.value = key;
  const valueInput = element('input', { id: valueId, type: 'text', 'data-map-value': '', autocomplete: 'off' });
  valueInput.value = value;
  return element('li', { className: 'map-row' },
    element('label', { for: keyId, text: t(keyLabel) }), keyInput,
    element('label', { for: valueId, text: t(valueLabel) }), valueInput,
    element('button', { type: 'button', className: 'button button-small button-quiet', 'data-action': 'remove-row', text: t('remove') }));
}

function wrongAnswerCard(answer, index, length) {
  const path = `wrong-answers.${index}`;
  const quiz = tree.kind === 'quiz';
  return element('li', { className: 'check-card', 'data-path': path },
    element('div', { className: 'card-head' }, element('h4', { text: t('wrong-answer', index + 1) }),
      cardButtons('wrong-answers', index, length)),
    element('p', { className: 'field-problem card-problem' }),
    quiz ? null : field('field.content', `${path}.content`, { multiline: true, mono: true, wide: true, rows: 4 }),
    quiz ? element('h5', { text: t('answers') }) : null,
    quiz ? mapRows(`${path}.answers`, 'field.answers-check', 'field.answers-choices', 'numbers') : null,
    quiz ? element('button', { type: 'button', className: 'button button-small', 'data-action': 'add-row',
      'data-map': `${path}.answers`, text: t('add-answer') }) : null,
    element('h5', { text: t('fails') }),
    mapRows(`${path}.fails`, 'field.fails-check', 'field.fails-words', 'text'),
    element('button', { type: 'button', className: 'button button-small', 'data-action': 'add-row',
      'data-map': `${path}.fails`, text: t('add-fail') }));
}

function renderForm() {
  const readable = tree !== null && typeof tree === 'object' && !Array.isArray(tree);
  $('form-unreadable').hidden = readable;
  $('form-unreadable').textContent = readable ? '' : t('form-unreadable');
  form.hidden = !readable;
  if (!readable) return;
  for (const control of form.querySelectorAll('.spec-fieldset > .field-grid [data-path], #starter-field [data-path], [data-path="solution"]')) {
    control.value = shown(getAt(tree, control.dataset.path), control.dataset.type);
  }
  $('starter-field').hidden = !ARTIFACT_KINDS.has(tree.kind) && !tree.starter;
  const checks = Array.isArray(tree.checks) ? tree.checks : [];
  $('check-list').replaceChildren(...checks.map((check, index) => checkCard(check || {}, index, checks.length)));
  const answers = Array.isArray(tree['wrong-answers']) ? tree['wrong-answers'] : [];
  $('wrong-answer-list').replaceChildren(...answers.map((answer, index) => wrongAnswerCard(answer || {}, index, answers.length)));
  if (!config.editable) form.querySelectorAll('input, select, textarea, button').forEach((control) => { control.disabled = true; });
  showProblems(lastProblems);
}

function fillStatic() {
  const kind = $('meta-kind');
  kind.replaceChildren(...config.exerciseKinds.map((code) => element('option', { value: code, text: code })));
  $('module-ids').replaceChildren(...config.modules.map((id) => element('option', { value: id })));
}

function rebuildMap(list) {
  const map = {};
  for (const row of list.querySelectorAll('.map-row')) {
    const key = row.querySelector('[data-map-key]').value.trim();
    const value = parse(row.querySelector('[data-map-value]').value, list.dataset.type);
    if (key) map[key] = value === undefined ? '' : value;
  }
  setAt(tree, list.dataset.map, Object.keys(map).length ? map : undefined);
}

function formChanged(event) {
  const target = event.target;
  const list = target.closest('[data-map]');
  if (list && list.classList.contains('map-rows')) rebuildMap(list);
  else if (target.dataset.path) {
    const value = target.dataset.type === 'bool' ? (target.checked ? true : undefined) : parse(target.value, target.dataset.type);
    setAt(tree, target.dataset.path, value);
  } else return;
  // The form is now ahead of the YAML: a check of the YAML still on its way would bring back what it replaced.
  clearTimeout(checkTimer);
  sequence++;
  changed();
  // What decides which fields a card has redraws the form; focus comes back to the control that changed.
  if (/^(checks\.\d+\.(kind|rule)|kind)$/.test(target.dataset.path || '')) redraw(target.dataset.path);
  else scheduleWrite();
}

form.addEventListener('input', formChanged);
// Not every way of choosing an option or ticking a box sends input; each sends change.
form.addEventListener('change', (event) => {
  if (event.target.matches('select, input[type=checkbox]')) formChanged(event);
});

form.addEventListener('click', (event) => {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const action = button.dataset.action;
  if (action === 'add-row') {
    const list = form.querySelector(`.map-rows[data-map="${button.dataset.map}"]`);
    const row = mapRow('', '', list.dataset.type === 'numbers' ? 'field.answers-check' : 'field.fails-check',
      list.dataset.type === 'numbers' ? 'field.answers-choices' : 'field.fails-words');
    list.append(row);
    row.querySelector('input').focus();
    return;
  }
  if (action === 'remove-row') {
    const list = button.closest('.map-rows');
    button.closest('.map-row').remove();
    rebuildMap(list);
    changed();
    scheduleWrite();
    return;
  }
  const listPath = button.dataset.list;
  let items = getAt(tree, listPath);
  if (!Array.isArray(items)) {
    items = [];
    setAt(tree, listPath, items);
  }
  const index = Number(button.dataset.index);
  let focusPath = null;
  if (action === 'up' || action === 'down') {
    const other = action === 'up' ? index - 1 : index + 1;
    [items[index], items[other]] = [items[other], items[index]];
    focusPath = `${listPath}.${other}`;
  } else if (action === 'remove') {
    items.splice(index, 1);
    if (items.length === 0) setAt(tree, listPath, undefined);
    focusPath = items.length ? `${listPath}.${Math.min(index, items.length - 1)}` : null;
  } else if (action === 'add-choice') {
    items.push({});
    focusPath = `${listPath}.${items.length - 1}`;
  }
  changed();
  redraw(focusPath, action);
});

$('add-check').addEventListener('click', () => addItem('checks', { id: '', kind: config.checkKinds[0], points: 1 }));
$('add-wrong-answer').addEventListener('click', () => addItem('wrong-answers', {}));

function addItem(path, item) {
  if (!Array.isArray(tree[path])) tree[path] = [];
  tree[path].push(item);
  changed();
  redraw(`${path}.${tree[path].length - 1}`);
}

/** Redraw the form after a change of its shape, keep the focus where the trainer was, and write the YAML. */
function redraw(focusPath, action) {
  renderForm();
  if (focusPath) {
    const target = form.querySelector(`[data-path="${focusPath}"]`);
    const control = target && (target.matches('input, select, textarea') ? target
      : action === 'up' || action === 'down' ? target.querySelector(`[data-action="${action}"]:not([disabled])`) || target.querySelector('input, select, textarea')
        : target.querySelector('input, select, textarea'));
    if (control) control.focus();
  }
  scheduleWrite(0);
}

// --- YAML, problems and the instructions ------------------------------------------------------------------------

let lastProblems = [];

function drawGutter() {
  const lines = yaml.value.split('\n').length;
  const marked = new Set(lastProblems.filter((problem) => problem.line > 0 && !problem.path.startsWith('readme'))
    .map((problem) => problem.line));
  gutter.replaceChildren(...Array.from({ length: lines }, (unused, index) => element('span',
    { className: marked.has(index + 1) ? 'gutter-problem' : null, text: `${index + 1}\n` })));
  gutter.scrollTop = yaml.scrollTop;
}

yaml.addEventListener('scroll', () => { gutter.scrollTop = yaml.scrollTop; });

function goToLine(line, column) {
  const lines = yaml.value.split('\n');
  let offset = 0;
  for (let i = 0; i < line - 1 && i < lines.length; i++) offset += lines[i].length + 1;
  const start = offset + Math.max(0, (column || 1) - 1);
  yaml.focus();
  yaml.setSelectionRange(start, offset + (lines[line - 1] || '').length);
  const lineHeight = yaml.scrollHeight / Math.max(lines.length, 1);
  yaml.scrollTop = Math.max(0, (line - 3) * lineHeight);
}

/** Where a problem belongs in the form: its own control, else the nearest card or list that holds its path. */
function problemTarget(path) {
  if (!path) return null;
  const controls = [...main.querySelectorAll('[data-path]')];
  const exact = controls.find((control) => control.dataset.path === path && control.matches('input, select, textarea'));
  if (exact) return exact;
  const inside = controls.find((control) => control.matches('input, select, textarea')
    && control.dataset.path.startsWith(`${path}.`));
  if (inside) return inside;
  const keys = path.split('.');
  while (keys.length) {
    const container = controls.find((control) => control.dataset.path === keys.join('.'));
    if (container) return container;
    keys.pop();
  }
  return null;
}

function showProblems(problems) {
  lastProblems = problems;
  for (const slot of main.querySelectorAll('.field-problem')) slot.textContent = '';
  for (const control of main.querySelectorAll('[aria-invalid]')) control.removeAttribute('aria-invalid');
  for (const card of main.querySelectorAll('.has-problem')) card.classList.remove('has-problem');
  const list = $('problem-list');
  list.replaceChildren();
  for (const problem of problems) {
    const target = problemTarget(fromProblem(problem.path));
    if (target) {
      const slot = target.matches('input, select, textarea')
        ? document.getElementById(`${target.id}-problem`) || target.parentElement.querySelector('.field-problem')
        : target.querySelector(':scope > .field-problem, :scope > .card-problem') || target.parentElement.querySelector('.field-problem');
      if (slot) slot.textContent = slot.textContent ? `${slot.textContent} ${problem.message}` : problem.message;
      if (target.matches('input, select, textarea')) target.setAttribute('aria-invalid', 'true');
      else target.classList.add('has-problem');
    }
    const where = problem.line > 0 ? t('problem-at', problem.line, problem.column) : t('problem-general');
    const item = element('li', {}, problem.line > 0 && !problem.path.startsWith('readme')
      ? element('button', { type: 'button', className: 'link-button', text: where })
      : element('span', { className: 'problem-where', text: where }),
    ' ', problem.path ? element('code', { text: problem.path }) : null, ' ', element('span', { text: problem.message }));
    const button = item.querySelector('button');
    if (button) button.addEventListener('click', () => goToLine(problem.line, problem.column));
    list.append(item);
  }
  $('problem-summary').textContent = problems.length ? t('problems', problems.length) : t('no-problems');
  $('problem-summary').className = problems.length ? 'finding-blocking' : 'verdict-ok-text';
  drawGutter();
}

function draft() {
  return { spec: yaml.value, readme: { en: readme.en.value, fr: readme.fr.value } };
}

/** Check the draft as it stands: its problems, its spec for the form (unless the trainer is in the form), previews. */
async function checkDraft() {
  clearTimeout(checkTimer);
  const mine = ++sequence;
  try {
    const answer = await request('POST', `${api}/draft`, draft());
    if (mine !== sequence) return;
    for (const language of ['en', 'fr']) preview[language].innerHTML = answer.instructions[language];
    if (!form.contains(document.activeElement) || tree === null) {
      tree = answer.tree;
      renderForm();
    }
    showProblems(answer.problems);
  } catch (error) {
    if (mine === sequence) showError(error);
  }
}

function scheduleCheck(delay = 400) {
  clearTimeout(checkTimer);
  checkTimer = setTimeout(checkDraft, delay);
}

/** Write the form's spec as YAML: the canonical layout once it is a whole exercise. */
function writeFromForm() {
  clearTimeout(writeTimer);
  writeTimer = null;
  const mine = ++sequence;
  writing = request('POST', `${api}/draft/spec`, { tree, readme: draft().readme }).then((answer) => {
    if (mine !== sequence) return;
    if (document.activeElement !== yaml) yaml.value = answer.spec;
    showProblems(answer.problems);
  }).catch((error) => showError(error)).finally(() => { writing = null; });
  return writing;
}

function scheduleWrite(delay = 350) {
  clearTimeout(writeTimer);
  writeTimer = setTimeout(writeFromForm, delay);
}

yaml.addEventListener('input', () => { changed(); drawGutter(); scheduleCheck(); });
for (const language of ['en', 'fr']) readme[language].addEventListener('input', () => { changed(); scheduleCheck(); });

// --- Saving, proving, publishing --------------------------------------------------------------------------------

function changed() {
  dirty = true;
  provenCurrent = false;
  saveStatus.textContent = t('unsaved');
  updateButtons();
}

function showError(error) {
  errorBox.hidden = false;
  errorBox.textContent = error.message;
  if (error.answer && Array.isArray(error.answer.problems)) showProblems(error.answer.problems);
}

function clearError() {
  errorBox.hidden = true;
  errorBox.textContent = '';
}

function showDetail(detail) {
  version = detail.version;
  state = detail.state;
  provenCurrent = detail.state === 'proven';
  const badge = $('editor-state');
  badge.textContent = t(`state.${detail.state}`);
  badge.className = `state-badge state-${detail.state}`;
  $('editor-version').textContent = detail.version > 0 ? t('version', detail.version) : '';
  // A published exercise is kept: learners are served it and their attempts are shown with it.
  if ($('editor-delete') && 'publishedVersion' in detail) $('editor-delete').hidden = detail.publishedVersion !== null;
  updateButtons();
}

function updateButtons() {
  if (publishButton) publishButton.disabled = dirty || !provenCurrent;
}

async function save() {
  if (!config.editable) return false;
  if (writeTimer) await writeFromForm();
  else if (writing) await writing;
  clearError();
  saveStatus.textContent = t('saving');
  try {
    const detail = await request('PUT', api, { ...draft(), version });
    dirty = false;
    showDetail(detail);
    saveStatus.textContent = t('saved', detail.version);
    showProblems(detail.problems || []);
    return true;
  } catch (error) {
    saveStatus.textContent = t('save-failed');
    showError(error);
    return false;
  }
}

/** Read a stream of Server-Sent Events from a POST, one callback per event. */
async function readEvents(response, onEvent) {
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffered = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffered += decoder.decode(value, { stream: true });
    let end;
    while ((end = buffered.search(/\r?\n\r?\n/)) >= 0) {
      const block = buffered.slice(0, end);
      buffered = buffered.slice(end).replace(/^\r?\n\r?\n/, '');
      let name = 'message';
      const data = [];
      for (const line of block.split(/\r?\n/)) {
        if (line.startsWith('event:')) name = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
      }
      if (data.length) onEvent(name, JSON.parse(data.join('\n')));
    }
  }
}

function stepItem(name, step) {
  const ok = name === 'solution' ? step.passed : name === 'wrong-answer' ? step.caught : false;
  let text;
  if (name === 'solution') text = t('prove-step.solution', step.score, step.maxScore);
  else if (name === 'wrong-answer') text = t('prove-step.wrong-answer', step.number);
  else text = t('prove-step.not-graded');
  const item = element('li', { className: ok ? 'prove-ok' : 'prove-failed' },
    element('span', { className: 'check-mark', 'aria-hidden': 'true', text: ok ? '✓' : '✗' }),
    element('span', { text: `${text} — ${ok ? t('prove-passed') : t('prove-failed')}` }));
  if (step.problems && step.problems.length) {
    item.append(element('ul', {}, ...step.problems.map((problem) => element('li', { text: problem }))));
  }
  return item;
}

async function prove() {
  if (dirty && !(await save())) return;
  clearError();
  const panel = $('prove-panel');
  const steps = $('prove-steps');
  const verdict = $('prove-verdict');
  panel.hidden = false;
  steps.replaceChildren();
  verdict.textContent = t('proving');
  verdict.className = 'muted';
  proveButton.disabled = true;
  try {
    const response = await fetch(`${api}/prove`, { method: 'POST', credentials: 'same-origin',
      headers: { 'X-XSRF-TOKEN': xsrfToken(), Accept: 'text/event-stream' } });
    if (!response.ok) {
      const answer = await response.json().catch(() => null);
      const error = new Error((answer && answer.detail) || response.statusText);
      error.answer = answer;
      throw error;
    }
    await readEvents(response, (name, data) => {
      if (name === 'verdict') {
        verdict.replaceChildren(element('span', { text: data.message }));
        if (data.reasons && data.reasons.length) {
          verdict.append(element('ul', {}, ...data.reasons.map((reason) => element('li', { text: reason }))));
        }
        verdict.className = data.verdict === 'proven' ? 'verdict verdict-ok' : 'verdict verdict-danger';
        state = data.state;
        provenCurrent = data.verdict === 'proven' && data.current && !dirty;
        showDetail({ version, state: data.state });
      } else {
        steps.append(stepItem(name, data));
      }
    });
  } catch (error) {
    verdict.textContent = t('prove-error');
    showError(error);
  } finally {
    proveButton.disabled = false;
  }
}

async function publish() {
  clearError();
  try {
    const detail = await request('POST', `${api}/publish`);
    showDetail(detail);
    saveStatus.textContent = t('published', detail.publishedVersion);
  } catch (error) {
    showError(error);
  }
}

async function remove() {
  if (!window.confirm(t('confirm-delete', config.id))) return;
  try {
    await request('DELETE', api);
    dirty = false;
    window.location.assign('/authoring');
  } catch (error) {
    showError(error);
  }
}

$('duplicate-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  clearError();
  const id = event.target.elements.id.value.trim();
  try {
    const detail = await request('POST', `${api}/duplicate`, { id });
    window.location.assign(`/authoring/${encodeURIComponent(detail.id)}`);
  } catch (error) {
    showError(error);
  }
});

const assignForm = $('assign-form');
if (assignForm) {
  assignForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    const result = $('assign-result');
    const classroom = config.classes.find((one) => one.id === assignForm.elements.classroom.value);
    if (classroom.exercises.includes(config.id)) {
      result.textContent = t('already-assigned', classroom.name);
      return;
    }
    try {
      await request('PATCH', `/api/classes/${encodeURIComponent(classroom.id)}`,
        { exercises: [...classroom.exercises, config.id] });
      classroom.exercises.push(config.id);
      result.textContent = t('assigned', classroom.name);
      result.className = 'verdict-ok-text';
    } catch (error) {
      result.textContent = `${t('assign-failed', classroom.name)} ${error.message}`;
      result.className = 'finding-blocking';
    }
  });
}

if (config.editable) {
  $('editor-save').addEventListener('click', save);
  proveButton.addEventListener('click', prove);
  publishButton.addEventListener('click', publish);
  $('editor-delete').addEventListener('click', remove);
  document.addEventListener('keydown', (event) => {
    if ((event.ctrlKey || event.metaKey) && event.key === 's') {
      event.preventDefault();
      save();
    }
  });
  window.addEventListener('beforeunload', (event) => {
    if (dirty) {
      event.preventDefault();
      event.returnValue = t('leave-unsaved');
    }
  });
}

async function load() {
  fillStatic();
  try {
    const detail = await request('GET', api);
    yaml.value = detail.spec;
    readme.en.value = detail.readme.en;
    readme.fr.value = detail.readme.fr;
    showDetail(detail);
    await checkDraft();
  } catch (error) {
    showError(error);
  }
}

load();
