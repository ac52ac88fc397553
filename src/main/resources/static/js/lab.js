// The lab page: start or re-join the learner's sandbox, attach a terminal to it, and draw its resource gauges.
import { xsrfToken } from './http.js';
import { openTerminal } from './terminal-view.js';

const lab = document.querySelector('[data-lab]');
const exercise = lab.dataset.exercise;
const statusLine = document.getElementById('lab-status');
const resetButton = document.getElementById('lab-reset');
const startAgainButton = document.getElementById('lab-start-again');
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

async function start() {
  ended = false;
  startAgainButton.hidden = true;
  say('starting');
  try {
    sandbox = await api('POST', '/api/sandboxes', { exercise });
    resetButton.disabled = false;
    connect();
    watchUsage();
  } catch (error) {
    say('failed', error.message);
    startAgainButton.hidden = false;
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
    sandbox = await api('GET', `/api/sandboxes/${sandbox.id}`);
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
      term.focus();
      break;
    case 'exited':
      // The shell ended (exit, Ctrl-D, or it could not start in a full sandbox): the sandbox lives on, so open a
      // fresh shell in it, waiting longer each time it ends again at once.
      say('exited');
      socket = null;
      setTimeout(connect, Math.min(500 * 2 ** retries++, 10000));
      break;
    case 'expired':
      expire();
      break;
    case 'reset':
      // Reset from another tab: follow the sandbox to its new container.
      socket = null;
      term.reset();
      connect();
      break;
    case 'error':
      // Refused (a cap, a sandbox gone): reconnecting would be refused again, so the learner chooses when to retry.
      socket = null;
      say('failed', message.message);
      startAgainButton.hidden = false;
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

function expire() {
  ended = true;
  say('expired');
  resetButton.disabled = true;
  startAgainButton.hidden = false;
  if (stats) { stats.close(); }
}

function sendSize(ws) {
  if (ws && ws.readyState === WebSocket.OPEN) {
    ws.send(JSON.stringify({ type: 'resize', cols: term.cols, rows: term.rows }));
  }
}

term.onData((data) => {
  if (socket && socket.readyState === WebSocket.OPEN) {
    socket.send(encoder.encode(data));
  }
});
term.onResize(() => sendSize(socket));
window.addEventListener('resize', () => fit.fit());

resetButton.addEventListener('click', async () => {
  resetButton.disabled = true;
  say('reset');
  const old = socket;
  socket = null;
  if (old) { old.close(); }
  try {
    sandbox = await api('POST', `/api/sandboxes/${sandbox.id}/reset`);
    term.reset();
    connect();
    watchUsage();
  } catch (error) {
    if (error.status === 404) { expire(); } else { say('failed', error.message); }
  } finally {
    resetButton.disabled = ended;
  }
});
startAgainButton.addEventListener('click', () => { term.reset(); start(); });

function watchUsage() {
  if (stats) { stats.close(); }
  stats = new EventSource(`/api/sandboxes/${sandbox.id}/stats`);
  stats.addEventListener('usage', (event) => {
    const usage = JSON.parse(event.data);
    gauge('pids', usage.pids, usage.pidsLimit, `${usage.pids} / ${usage.pidsLimit}`);
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
}

function mebibytes(bytes) {
  return (bytes / 1048576).toFixed(0);
}

start();
