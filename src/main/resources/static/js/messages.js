// Messages from trainers, on every page a signed-in person has open: the recent ones first, then each as it is sent.
const region = document.getElementById('messages');
const from = region.dataset.from;
const dismiss = region.dataset.dismiss;
const seenKey = 'cagelab-messages-dismissed';
const dismissed = new Set(JSON.parse(localStorage.getItem(seenKey) || '[]'));
const timeFormat = new Intl.DateTimeFormat(document.documentElement.lang || undefined, { timeStyle: 'short' });

function show(message) {
  if (dismissed.has(message.id) || region.querySelector(`[data-message="${message.id}"]`)) return;
  const item = document.createElement('div');
  item.className = 'message';
  item.dataset.message = message.id;
  const heading = document.createElement('p');
  heading.className = 'message-from';
  heading.textContent = from.replace('{0}', message.from).replace('{1}', message.className)
    .replace('{2}', timeFormat.format(new Date(message.sentAt)));
  const text = document.createElement('p');
  text.className = 'message-text';
  text.textContent = message.text;
  const close = document.createElement('button');
  close.type = 'button';
  close.className = 'button button-small button-quiet';
  close.textContent = dismiss;
  close.addEventListener('click', () => {
    dismissed.add(message.id);
    localStorage.setItem(seenKey, JSON.stringify([...dismissed].slice(-200)));
    item.remove();
  });
  item.append(heading, text, close);
  region.append(item);
}

const events = new EventSource('/api/messages');
events.addEventListener('message', (event) => show(JSON.parse(event.data)));
