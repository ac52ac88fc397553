// Copy and run buttons on the course's code blocks (rendered by MarkdownRenderer, hidden until this script runs).
// "Run in my terminal" shows only while the page's terminal says it is ready (body[data-terminal=ready]); running
// asks the terminal through a 'cagelab:run-command' event, after a confirmation for a destructive command.

const blocks = [...document.querySelectorAll('.code-block')];

const textOf = (block) => block.querySelector('pre').textContent.replace(/\s+$/, '');

const say = (block, text) => {
  const status = block.querySelector('.code-status');
  status.textContent = text;
  clearTimeout(status.cagelabTimer);
  status.cagelabTimer = setTimeout(() => { status.textContent = ''; }, 4000);
};

// navigator.clipboard exists only in a secure context; a classroom may serve the app over plain HTTP.
const copy = async (text) => {
  if (navigator.clipboard && window.isSecureContext) {
    await navigator.clipboard.writeText(text);
    return;
  }
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'visually-hidden';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) {
    throw new Error('copy refused');
  }
};

let dialog;

// Ask before a destructive command; resolve to true only when the learner chose to run it.
const confirmRun = (button, command) => {
  if (!dialog) {
    dialog = document.createElement('dialog');
    dialog.className = 'confirm-dialog';
    dialog.setAttribute('aria-labelledby', 'confirm-run-title');
    dialog.setAttribute('aria-describedby', 'confirm-run-text');
    dialog.innerHTML = '<h2 id="confirm-run-title"></h2><p id="confirm-run-text"></p><pre tabindex="0"></pre>'
      + '<div class="confirm-actions"><button type="button" class="button button-quiet" value="cancel"></button>'
      + '<button type="button" class="button button-danger" value="run"></button></div>';
    dialog.addEventListener('click', (event) => {
      const choice = event.target.closest('button');
      if (choice) {
        dialog.close(choice.value);
      }
    });
    document.body.append(dialog);
  }
  dialog.querySelector('h2').textContent = button.dataset.confirmTitle;
  dialog.querySelector('p').textContent = button.dataset.confirmText;
  dialog.querySelector('pre').textContent = command;
  dialog.querySelector('button[value=cancel]').textContent = button.dataset.confirmCancel;
  dialog.querySelector('button[value=run]').textContent = button.dataset.confirmRun;
  dialog.returnValue = '';
  return new Promise((resolve) => {
    dialog.addEventListener('close', () => resolve(dialog.returnValue === 'run'), { once: true });
    dialog.showModal();
    // The safe choice has the focus: Enter or Space on a stray key press cancels.
    dialog.querySelector('button[value=cancel]').focus();
  });
};

for (const block of blocks) {
  const copyButton = block.querySelector('[data-copy]');
  copyButton.hidden = false;
  copyButton.addEventListener('click', async () => {
    try {
      await copy(textOf(block));
      say(block, copyButton.dataset.copied);
    } catch (e) {
      say(block, copyButton.dataset.copyFailed);
    }
  });
  const runButton = block.querySelector('[data-run]');
  if (runButton) {
    runButton.addEventListener('click', async () => {
      const command = textOf(block);
      if (runButton.dataset.confirmText && !(await confirmRun(runButton, command))) {
        return;
      }
      document.dispatchEvent(new CustomEvent('cagelab:run-command', { detail: { command } }));
      say(block, runButton.dataset.ran);
    });
  }
}

const showRunButtons = () => {
  const ready = document.body.dataset.terminal === 'ready';
  for (const button of document.querySelectorAll('.code-block [data-run]')) {
    button.hidden = !ready;
  }
};

if (blocks.some((block) => block.querySelector('[data-run]'))) {
  showRunButtons();
  new MutationObserver(showRunButtons).observe(document.body, { attributes: true, attributeFilter: ['data-terminal'] });
}
