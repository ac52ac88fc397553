// The watch page: a read-only terminal that shows what the learner's terminal shows, live.
import { openTerminal } from './terminal-view.js';

const page = document.querySelector('[data-watch]');
const statusLine = document.getElementById('watch-status');

const { term, fit } = openTerminal(document.getElementById('terminal'), { disableStdin: true, cursorBlink: false });
window.addEventListener('resize', () => fit.fit());

let ended = false;
let retries = 0;
let noteTimer = null;
let statusBeforeNote = null;

function message(key) {
  return page.dataset['msg' + key.split('-').map((part) => part[0].toUpperCase() + part.slice(1)).join('')];
}

function say(state, text) {
  clearTimeout(noteTimer);
  statusLine.textContent = text || message(state);
  statusLine.dataset.state = state;
}

// A passing note (fell behind, a frame refused) shows for a few seconds, then the status is back.
function note(text) {
  if (statusLine.dataset.state !== 'note') {
    statusBeforeNote = { text: statusLine.textContent, state: statusLine.dataset.state };
  }
  say('note', text);
  noteTimer = setTimeout(() => say(statusBeforeNote.state, statusBeforeNote.text), 4000);
}

function connect() {
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const ws = new WebSocket(`${scheme}://${location.host}/ws/sandboxes/${page.dataset.sandbox}/watch`);
  ws.binaryType = 'arraybuffer';
  ws.onmessage = (event) => {
    if (typeof event.data === 'string') {
      control(JSON.parse(event.data));
    } else {
      term.write(new Uint8Array(event.data));
    }
  };
  ws.onclose = () => {
    if (!ended) {
      say('reconnecting');
      setTimeout(connect, Math.min(1000 * 2 ** retries++, 10000));
    }
  };
}

function control(status) {
  switch (status.type) {
    case 'ready':
      retries = 0;
      break;
    case 'following':
      // Another terminal of the learner's, or the same one anew: its recent output follows.
      term.reset();
      say('watching');
      break;
    case 'no-terminal':
      term.reset();
      say('no-terminal');
      break;
    case 'behind':
      note(message('behind'));
      break;
    case 'bad-message':
      note(status.message);
      break;
    case 'expired':
      ended = true;
      say('expired');
      break;
    case 'error':
      ended = true;
      say('failed', status.message);
      break;
    default:
      break;
  }
}

connect();
