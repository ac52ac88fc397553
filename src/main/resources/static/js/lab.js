// The lab page: start or re-join the learner's sandbox, attach a terminal to it, draw its resource gauges and its
// time left, and let the keyboard in and out of the terminal.
import { xsrfToken } from './http.js';
import { openTerminal } from './terminal-view.js';

const lab = document.querySelector('[data-lab]');
const exercise = lab.dataset.exercise;
const statusLine = document.getElementById('lab-status');
const resetButton = document.getElementById('lab-reset');
const startAgainButton = document.getElementById('lab-start-again');
const frame = document.getElementById('terminal-frame');
const endedCover = document.getElementById('lab-ended');
const endedLink = document.getElementById('lab-ended-sandboxes');
const checkButton = document.getElementById('lab-check');
const gauges = document.getElementById('lab-gauges');
const rescue = document.getElementById('lab-rescue');
const encoder = new TextEncoder();

const { term, fit } = openTerminal(document.getElementById('terminal'), { cursorBlink: true });

let sandbox = null;
let socket = null;
let stats = null;
let ended = false;
let retries = 0;

function say(key, detail) {
  clearTimeout(noteTimer);
  show(lab.dataset['msg' + key[0].toUpperCase() + key.slice(1)] + (detail ? ' ' + detail : ''), key);
}

function show(text, state) {
  statusLine.textContent = text;
  statusLine.dataset.state = state;
}

// A note about the open terminal (keys dropped, a message ignored) shows for a few seconds, then the status is back.
let noteTimer = null;
let statusBeforeNote = null;
function note(text) {
  if (statusLine.dataset.state !== 'note') {
    statusBeforeNote = { text: statusLine.textContent, state: statusLine.dataset.state };
  }
  clearTimeout(noteTimer);
  show(text, 'note');
  noteTimer = setTimeout(() => show(statusBeforeNote.text, statusBeforeNote.state), 4000);
}

async function api(method, url, body) {
  const response = await fetch(url, {
    method,
    credentials: 'same-origin',
    headers: { 'Content-Type': 'application/json', 'X-XSRF-TOKEN': xsrfToken() },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) {
    let detail = response.statusText;
    try { detail = (await response.json()).detail || detail; } catch (ignored) { /* not JSON */ }
    const error = new Error(detail);
    error.status = response.status;
    throw error;
  }
  return response.status === 204 ? null : response.json();
}

// Other parts of the page (the instructions' "run in my terminal") offer what they offer only while a shell listens.
function connected(yes) {
  if (yes) {
    document.body.dataset.terminal = 'ready';
  } else {
    delete document.body.dataset.terminal;
  }
}

async function start() {
  ended = false;
  endedCover.hidden = true;
  endedLink.hidden = true;
  if (checkButton) { checkButton.hidden = false; }
  resetButton.hidden = false;
  frame.classList.remove('terminal-frame-ended');
  gauges.classList.remove('gauges-ended');
  term.options.disableStdin = false;
  term.options.cursorBlink = true;
  say('starting');
  try {
    // The lab's own sandbox, or on an author's preview the draft's (the page names where to open it).
    known(await api('POST', lab.dataset.openUrl, { exercise }));
    resetButton.disabled = false;
    connect();
    watchUsage();
  } catch (error) {
    end('failed', error.message);
    // At the cap on sandboxes, the way out is the page that lists and stops them.
    if (error.status === 429) { endedLink.hidden = false; }
  }
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/ws/sandboxes/${sandbox.id}/terminal`);
  ws.binaryType = 'arraybuffer';
  ws.onopen = () => sendSize(ws);
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') {
      control(JSON.parse(event.data));
    } else {
      term.write(new Uint8Array(event.data));
    }
  };
  ws.onclose = () => {
    if (socket === ws) { connected(false); }
    if (socket === ws && !ended) {
      // A network blip or a restarted server: come back to the same sandbox.
      say('reconnecting');
      setTimeout(rejoin, Math.min(1000 * 2 ** retries++, 10000));
    }
  };
  socket = ws;
}

async function rejoin() {
  try {
    known(await api('GET', `/api/sandboxes/${sandbox.id}`));
    connect();
  } catch (error) {
    if (error.status === 404) {
      expire();
    } else {
      setTimeout(rejoin, Math.min(1000 * 2 ** retries++, 10000));
    }
  }
}

function control(message) {
  switch (message.type) {
    case 'ready':
      retries = 0;
      say('ready');
      connected(true);
      if (focusWhenReady) {
        // Start again hid the button that had the focus: the keyboard goes on in the new terminal.
        focusWhenReady = false;
        term.focus();
      }
      break;
    case 'exited':
      // The shell ended (exit, Ctrl-D, or it could not start in a full sandbox): the sandbox lives on, so open a
      // fresh shell in it, waiting longer each time it ends again at once.
      say('exited');
      connected(false);
      socket = null;
      setTimeout(connect, Math.min(500 * 2 ** retries++, 10000));
      break;
    case 'expired':
      expire();
      break;
    case 'reset':
      // Reset from another tab: follow the sandbox to its new container.
      connected(false);
      socket = null;
      term.reset();
      connect();
      break;
    case 'error':
      // Refused (a cap, a sandbox gone): reconnecting would be refused again, so the learner chooses when to retry.
      socket = null;
      end('failed', message.message);
      break;
    case 'input-dropped':
      note(lab.dataset.msgInputDropped);
      break;
    case 'bad-message':
      note(message.message);
      break;
    case 'watched':
      watched(message.by);
      break;
    default:
      break;
  }
}

// Whoever watches this terminal is named plainly, for as long as they watch.
const watchedBanner = document.getElementById('lab-watched');
function watched(names) {
  const text = names.length > 1 ? watchedBanner.dataset.msgMany : watchedBanner.dataset.msgOne;
  watchedBanner.textContent = names.length > 0 ? text.replace('{0}', names.join(', ')) : '';
}

// The sandbox is gone: say why as far as the page knows (its time was up, it sat idle, or it was stopped).
function expire() {
  const now = Date.now();
  let why = 'stopped';
  if (clock.expiresAt && now >= clock.expiresAt - 5000) {
    why = 'expired';
  } else if (clock.idleEndsAt && now >= clock.idleEndsAt - 15000) {
    why = 'idle';
  }
  end(why);
}

// No live-looking prompt is left behind: the terminal is covered, the gauges say they ended, one button starts again.
function end(why, detail) {
  ended = true;
  connected(false);
  const old = socket;
  socket = null;
  if (old) { old.close(); }
  if (stats) { stats.close(); stats = null; }
  resetButton.disabled = true;
  resetButton.hidden = true;
  term.options.disableStdin = true;
  term.options.cursorBlink = false;
  term.blur();
  const text = endedCover.dataset['msg' + why[0].toUpperCase() + why.slice(1)];
  document.getElementById('lab-ended-text').textContent = detail ? `${text} ${detail}` : text;
  clearTimeout(noteTimer);
  show(detail ? `${text} ${detail}` : text, why === 'failed' ? 'failed' : 'expired');
  endedCover.hidden = false;
  if (checkButton) { checkButton.hidden = true; }
  frame.classList.add('terminal-frame-ended');
  gauges.classList.add('gauges-ended');
  for (const element of gauges.querySelectorAll('.gauge')) {
    element.classList.remove('gauge-full');
    element.querySelector('.gauge-value').textContent = gauges.dataset.msgEnded;
    element.querySelector('.gauge-bar').setAttribute('aria-valuetext', gauges.dataset.msgEnded);
  }
  fullPids(false);
  clock.stop();
}

function sendSize(ws) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
  }
}

function send(data) {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(encoder.encode(data));
    clock.typed();
  }
}

// A lone Esc waits a moment before it goes: Esc then Tab leaves the terminal without leaving the shell waiting for
// the rest of an Esc sequence (readline would read the next key as Meta+key).
const ESCAPE_HOLD = 400;
let heldEscape = null;
function flushEscape() {
  if (heldEscape) {
    clearTimeout(heldEscape);
    heldEscape = null;
    send('\x1b');
  }
}
term.onData((data) => {
  if (data === '\x1b' && !ctrlLatch.on) {
    flushEscape();
    heldEscape = setTimeout(flushEscape, ESCAPE_HOLD);
    return;
  }
  flushEscape();
  send(ctrlLatch.apply(data));
});
term.onResize(() => sendSize(socket));
new ResizeObserver(() => fit.fit()).observe(document.getElementById('terminal'));

resetButton.addEventListener('click', async () => {
  // Disabled while it works, the button would drop a keyboard user's focus: it gets it back when done.
  const hadFocus = document.activeElement === resetButton;
  resetButton.disabled = true;
  say('reset');
  const old = socket;
  socket = null;
  connected(false);
  if (old) { old.close(); }
  try {
    known(await api('POST', `/api/sandboxes/${sandbox.id}/reset`));
    term.reset();
    connect();
    watchUsage();
  } catch (error) {
    if (error.status === 404) { expire(); } else { say('failed', error.message); }
  } finally {
    resetButton.disabled = ended;
    if (hadFocus && !ended) { resetButton.focus(); }
  }
});
let focusWhenReady = false;
startAgainButton.addEventListener('click', () => {
  focusWhenReady = true;
  term.reset();
  start();
});

function watchUsage() {
  if (stats) { stats.close(); }
  stats = new EventSource(`/api/sandboxes/${sandbox.id}/stats`);
  stats.addEventListener('usage', (event) => {
    if (ended) { return; }
    const usage = JSON.parse(event.data);
    const full = gauge('pids', usage.pids, usage.pidsLimit, `${usage.pids} / ${usage.pidsLimit}`);
    fullPids(full);
    gauge('memory', usage.memoryBytes, usage.memoryLimitBytes,
      `${mebibytes(usage.memoryBytes)} / ${mebibytes(usage.memoryLimitBytes)} MiB`);
    gauge('cpu', usage.cpuPercent, usage.cpuLimitPercent,
      `${usage.cpuPercent.toFixed(0)} / ${usage.cpuLimitPercent.toFixed(0)} %`);
  });
}

function gauge(name, value, limit, text) {
  const element = lab.querySelector(`[data-gauge="${name}"]`);
  const bar = element.querySelector('.gauge-bar');
  const ratio = limit > 0 ? Math.min(value / limit, 1) : 0;
  bar.setAttribute('aria-valuenow', String(value));
  bar.setAttribute('aria-valuemax', String(limit));
  bar.setAttribute('aria-valuetext', text);
  bar.querySelector('.gauge-fill').style.width = `${(ratio * 100).toFixed(1)}%`;
  element.classList.toggle('gauge-full', ratio >= 0.95);
  element.querySelector('.gauge-value').textContent = text;
  return ratio >= 0.95;
}

// A process table at its ceiling is a fork bomb nothing inside can stop (Ctrl-C needs a process to start): Reset is
// the way out, so it says so and stands out.
function fullPids(full) {
  resetButton.classList.toggle('button-urgent', full);
  resetButton.classList.toggle('button-quiet', !full);
  rescue.textContent = full ? rescue.dataset.msg : '';
}

function mebibytes(bytes) {
  return (bytes / 1048576).toFixed(0);
}

// ---- Time left: the sandbox's end of life, its idle timeout, and "extend" --------------------------------------

const clockBox = document.getElementById('lab-clock');
const timeLeft = document.getElementById('lab-time-left');
const idleWarning = document.getElementById('lab-idle-warning');
const extendButton = document.getElementById('lab-extend');

/** Typing counts as activity on the server at most this often (TerminalWebSocketHandler). */
const ACTIVITY_GRANULARITY = 10000;

const clock = {
  expiresAt: null,
  idleEndsAt: null,
  idleTimeout: null,
  lastCounted: 0,
  timer: null,
  set(view) {
    this.expiresAt = Date.parse(view.expiresAt);
    this.idleTimeout = duration(view.idleTimeout);
    this.idleEndsAt = Date.parse(view.lastActiveAt) + this.idleTimeout;
    this.lastCounted = Date.parse(view.lastActiveAt);
    clockBox.hidden = false;
    if (!this.timer) { this.timer = setInterval(() => this.draw(), 1000); }
    this.draw();
  },
  typed() {
    const now = Date.now();
    if (this.idleTimeout && now - this.lastCounted > ACTIVITY_GRANULARITY) {
      this.lastCounted = now;
      this.idleEndsAt = now + this.idleTimeout;
    }
  },
  stop() {
    clearInterval(this.timer);
    this.timer = null;
    clockBox.hidden = true;
    idleWarning.hidden = true;
  },
  draw() {
    const now = Date.now();
    const left = Math.max(0, this.expiresAt - now);
    timeLeft.textContent = clockBox.dataset.msgLeft.replace('{0}', minutesSeconds(left));
    clockBox.classList.toggle('lab-clock-low', left < 5 * 60000);
    // Warned a little before the idle timeout ends the sandbox: two minutes, or half the timeout if that is shorter.
    const idleLeft = this.idleEndsAt - now;
    const warnAt = Math.min(120000, this.idleTimeout / 2);
    const warn = idleLeft > 0 && idleLeft <= warnAt && this.idleEndsAt < this.expiresAt;
    if (warn) {
      idleWarning.textContent = clockBox.dataset.msgIdle.replace('{0}', minutesSeconds(idleLeft));
    }
    idleWarning.hidden = !warn;
  },
};

extendButton.addEventListener('click', async () => {
  extendButton.disabled = true;
  try {
    known(await api('POST', `/api/sandboxes/${sandbox.id}/extend`));
    note(clockBox.dataset.msgExtended);
  } catch (error) {
    if (error.status === 404) { expire(); } else { note(error.message); }
  } finally {
    extendButton.disabled = false;
  }
});

function known(view) {
  sandbox = view;
  clock.set(view);
}

function duration(value) {
  if (typeof value === 'number') { return value * 1000; }
  const match = /^PT(?:(\d+)H)?(?:(\d+)M)?(?:([\d.]+)S)?$/.exec(value);
  return match ? ((+(match[1] || 0) * 60 + +(match[2] || 0)) * 60 + +(match[3] || 0)) * 1000 : 0;
}

function minutesSeconds(millis) {
  const seconds = Math.ceil(millis / 1000);
  return `${Math.floor(seconds / 60)}:${String(seconds % 60).padStart(2, '0')}`;
}

// ---- The keyboard: in and out of the terminal (WCAG 2.1.2), and keys a phone has not ---------------------------

// Tab belongs to the shell (completion), so leaving takes a step: Esc then Tab, or "Tab moves focus" switched on.
const tabToggle = document.getElementById('lab-tab-moves-focus');
let tabMovesFocus = false;
let escapeArmed = false;
tabToggle.addEventListener('click', () => {
  tabMovesFocus = !tabMovesFocus;
  tabToggle.setAttribute('aria-pressed', String(tabMovesFocus));
});
term.attachCustomKeyEventHandler((event) => {
  if (event.type !== 'keydown') { return true; }
  if (event.key === 'Tab' && !event.ctrlKey && !event.altKey && !event.metaKey && (tabMovesFocus || escapeArmed)) {
    // Not handled by the terminal: the browser moves the focus on, and an Esc still held back is dropped.
    escapeArmed = false;
    clearTimeout(heldEscape);
    heldEscape = null;
    return false;
  }
  if (!['Shift', 'Control', 'Alt', 'Meta'].includes(event.key)) {
    // Shift on its way to Shift+Tab keeps the way out open; any other key closes it.
    escapeArmed = event.key === 'Escape';
  }
  return true;
});

// The on-screen keys send to the shell without taking the focus from it (the phone keeps its keyboard up).
const ctrlLatch = {
  on: false,
  button: document.querySelector('.terminal-key[data-key="ctrl"]'),
  set(on) {
    this.on = on;
    this.button.setAttribute('aria-pressed', String(on));
  },
  apply(data) {
    if (!this.on || data.length !== 1) { return data; }
    this.set(false);
    const code = data.toUpperCase().charCodeAt(0);
    return (code >= 64 && code <= 95) ? String.fromCharCode(code - 64) : data;
  },
};
const KEYS = { esc: '\x1b', tab: '\t' };
const ARROWS = { up: 'A', down: 'B', right: 'C', left: 'D' };
const keyRow = document.getElementById('terminal-keys');
keyRow.addEventListener('pointerdown', (event) => {
  if (event.target.closest('.terminal-key')) { event.preventDefault(); }
});
keyRow.addEventListener('click', (event) => {
  const button = event.target.closest('.terminal-key');
  if (!button) { return; }
  const key = button.dataset.key;
  if (key === 'ctrl') {
    ctrlLatch.set(!ctrlLatch.on);
  } else if (KEYS[key]) {
    flushEscape();
    send(KEYS[key]);
  } else {
    // Arrows as the shell asked for them: application cursor keys (ESC O) or normal ones (ESC [).
    send((term.modes.applicationCursorKeysMode ? '\x1bO' : '\x1b[') + ARROWS[key]);
  }
  if (event.detail > 0) { term.focus(); }
});

// "Run in my terminal" from the instructions: type the command, then Enter, and hand the keyboard to the terminal.
document.addEventListener('cagelab:run-command', (event) => {
  const command = event.detail && event.detail.command;
  if (typeof command !== 'string' || document.body.dataset.terminal !== 'ready') { return; }
  term.paste(command.replace(/\r?\n$/, ''));
  send('\r');
  term.focus();
});

// ---- The split between the instructions and the terminal, by mouse or by keyboard --------------------------------

const splitter = document.getElementById('lab-splitter');
const SPLIT_KEY = 'cagelab.lab.split';
function split(percent) {
  const value = Math.round(Math.min(70, Math.max(20, percent)));
  lab.style.setProperty('--lab-split', `${value}%`);
  splitter.setAttribute('aria-valuenow', String(value));
  splitter.setAttribute('aria-valuetext', `${value} %`);
  try { localStorage.setItem(SPLIT_KEY, String(value)); } catch (ignored) { /* private mode */ }
}
let savedSplit = null;
try { savedSplit = localStorage.getItem(SPLIT_KEY); } catch (ignored) { /* storage blocked: the default split */ }
split(Number(savedSplit) || 40);
splitter.addEventListener('keydown', (event) => {
  const now = Number(splitter.getAttribute('aria-valuenow'));
  const steps = { ArrowLeft: -5, ArrowRight: 5, ArrowUp: 5, ArrowDown: -5 };
  if (event.key in steps) {
    split(now + steps[event.key]);
  } else if (event.key === 'Home') {
    split(20);
  } else if (event.key === 'End') {
    split(70);
  } else {
    return;
  }
  event.preventDefault();
});
splitter.addEventListener('pointerdown', (event) => {
  event.preventDefault();
  splitter.setPointerCapture(event.pointerId);
  const box = lab.getBoundingClientRect();
  const move = (moved) => split(((moved.clientX - box.left) / box.width) * 100);
  splitter.addEventListener('pointermove', move);
  splitter.addEventListener('pointerup', () => splitter.removeEventListener('pointermove', move), { once: true });
});

// ---- On a phone the instructions fold away, so that the terminal comes right after the title --------------------

const instructionsToggle = document.getElementById('lab-instructions-toggle');
const prose = document.getElementById('lab-prose');
function fold(folded) {
  prose.hidden = folded;
  instructionsToggle.setAttribute('aria-expanded', String(!folded));
  instructionsToggle.textContent = folded ? instructionsToggle.dataset.msgShow : instructionsToggle.dataset.msgHide;
}
instructionsToggle.addEventListener('click', () => fold(!prose.hidden));

// The site's links fold behind one button there too (the stylesheet shows it on narrow screens only).
const nav = document.querySelector('.site-nav');
if (nav) {
  const menu = document.createElement('button');
  menu.type = 'button';
  menu.className = 'button button-small button-quiet nav-toggle';
  menu.textContent = document.querySelector('.lab-terminal-pane').dataset.msgMenu;
  menu.setAttribute('aria-expanded', 'false');
  menu.addEventListener('click', () => {
    const open = nav.classList.toggle('site-nav-open');
    menu.setAttribute('aria-expanded', String(open));
  });
  nav.querySelector('.brand').after(menu);
}
if (window.matchMedia('(max-width: 60rem)').matches) { fold(true); }

start();
