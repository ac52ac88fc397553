// The hand-in editor: a real textarea (its label, its value, what screen readers read) over a highlighted copy of
// its text and beside a gutter of line numbers, both kept in step with it as it changes and scrolls.
// Tab indents; Escape, then Tab, leaves the editor (as VS Code's "Tab moves focus"), as the hint below it says.

const INDENT = '  ';

// Token patterns by kind of hand-in, tried in order at each position of a line; what none matches is plain text.
const SHELL = [
  ['comment', /^#.*/],
  ['string', /^'[^']*'?|^"(?:[^"\\]|\\.)*"?/],
  ['variable', /^\$\{[^}]*\}?|^\$[A-Za-z_][A-Za-z0-9_]*/],
  ['flag', /^--?[A-Za-z][\w-]*/],
  ['keyword', /^(?:docker|podman|run|create)(?![\w-])/],
  ['operator', /^\\$|^[|&;]+/],
];

const DOCKERFILE = [
  ['comment', /^#.*/],
  ['string', /^'[^']*'?|^"(?:[^"\\]|\\.)*"?/],
  ['variable', /^\$\{[^}]*\}?|^\$[A-Za-z_][A-Za-z0-9_]*/],
  ['flag', /^--[A-Za-z][\w-]*/],
  ['operator', /^\\$|^&&|^\|\|/],
];

const DOCKERFILE_INSTRUCTION = /^(\s*)(FROM|RUN|CMD|LABEL|EXPOSE|ENV|ADD|COPY|ENTRYPOINT|VOLUME|USER|WORKDIR|ARG|ONBUILD|STOPSIGNAL|HEALTHCHECK|SHELL|MAINTAINER)\b/i;

const YAML = [
  ['comment', /^#.*/],
  ['string', /^'[^']*'?|^"(?:[^"\\]|\\.)*"?/],
  ['anchor', /^[&*][\w-]+|^<<(?=:)/],
  ['literal', /^(?:true|false|null|yes|no|~)(?=\s*(?:#|$|,|\]|\}))|^-?\d+(?:\.\d+)?[a-zA-Z]*(?=\s*(?:#|$|,|\]|\}))/],
];

const YAML_KEY = /^(\s*(?:-\s+)*)([^\s#'"{}[\],&*!|>][^:#]*?|"[^"]*"|'[^']*')(\s*:)(?=\s|$)/;

function span(kind, text) {
  const node = document.createElement('span');
  node.className = `tok-${kind}`;
  node.textContent = text;
  return node;
}

// Split the rest of a line by the patterns; words between tokens stay plain text.
function tokens(rest, patterns, out) {
  let plain = '';
  while (rest.length > 0) {
    let matched = null;
    // A token starts a line or follows a space or a punctuation mark, never the middle of a word.
    if (plain.length === 0 || /[\s=:,([{]$/.test(plain)) {
      for (const [kind, pattern] of patterns) {
        const found = rest.match(pattern);
        if (found && found[0].length > 0) { matched = [kind, found[0]]; break; }
      }
    }
    if (matched) {
      if (plain) { out.push(document.createTextNode(plain)); plain = ''; }
      out.push(span(matched[0], matched[1]));
      rest = rest.slice(matched[1].length);
    } else {
      plain += rest[0];
      rest = rest.slice(1);
    }
  }
  if (plain) { out.push(document.createTextNode(plain)); }
}

function highlightLine(line, syntax, out) {
  if (syntax === 'dockerfile') {
    const instruction = line.match(DOCKERFILE_INSTRUCTION);
    if (instruction) {
      if (instruction[1]) { out.push(document.createTextNode(instruction[1])); }
      out.push(span('keyword', instruction[2]));
      tokens(line.slice(instruction[0].length), DOCKERFILE, out);
      return;
    }
    tokens(line, DOCKERFILE, out);
  } else if (syntax === 'compose') {
    const key = line.match(YAML_KEY);
    if (key && !/^\s*#/.test(line)) {
      if (key[1]) { out.push(document.createTextNode(key[1])); }
      out.push(span('key', key[2]));
      out.push(document.createTextNode(key[3]));
      tokens(line.slice(key[0].length), YAML, out);
      return;
    }
    tokens(line, YAML, out);
  } else {
    tokens(line, SHELL, out);
  }
}

export function attachEditor(root) {
  const input = root.querySelector('textarea');
  const copy = root.querySelector('.code-editor-highlight');
  const code = copy.querySelector('code');
  const gutter = root.querySelector('.code-editor-lines');
  const syntax = root.dataset.syntax;
  let leaving = false;

  function render() {
    const lines = input.value.split('\n');
    const nodes = [];
    lines.forEach((line, index) => {
      highlightLine(line, syntax, nodes);
      if (index < lines.length - 1) { nodes.push(document.createTextNode('\n')); }
    });
    // A text that ends with a new line shows an empty last line, which a <pre> would otherwise drop.
    nodes.push(document.createTextNode(' '));
    code.replaceChildren(...nodes);
    gutter.textContent = lines.map((_, index) => String(index + 1)).join('\n');
    follow();
  }

  function follow() {
    copy.scrollTop = input.scrollTop;
    copy.scrollLeft = input.scrollLeft;
    gutter.scrollTop = input.scrollTop;
  }

  // Replace a part of the text as typing would, so that the browser's undo takes it back.
  function replace(start, end, text) {
    input.setSelectionRange(start, end);
    if (!document.execCommand('insertText', false, text)) {
      input.setRangeText(text, start, end, 'end');
    }
  }

  // Indent or unindent the lines of the selection; with no selection, insert an indent at the caret.
  function indent(outdent) {
    const { selectionStart: start, selectionEnd: end, value } = input;
    if (start === end && !outdent) {
      replace(start, end, INDENT);
      return;
    }
    const lineStart = value.lastIndexOf('\n', start - 1) + 1;
    const lines = value.slice(lineStart, end).split('\n');
    // A selection that ends at the start of a line leaves that line alone.
    const last = (lines.length > 1 && lines[lines.length - 1] === '') ? lines.pop() : null;
    const changed = lines.map((line) => {
      if (!outdent) { return INDENT + line; }
      return line.startsWith(INDENT) ? line.slice(INDENT.length) : line.replace(/^ /, '');
    });
    if (last !== null) { changed.push(last); }
    const text = changed.join('\n');
    const blockEnd = lineStart + lines.join('\n').length + (last !== null ? 1 : 0);
    if (text === value.slice(lineStart, blockEnd)) { return; }
    replace(lineStart, blockEnd, text);
    if (start === end) {
      const caret = Math.max(lineStart, start - (value.slice(lineStart, blockEnd).length - text.length));
      input.setSelectionRange(caret, caret);
    } else {
      input.setSelectionRange(lineStart, lineStart + text.length);
    }
  }

  input.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      leaving = true;
      return;
    }
    if (event.key === 'Tab' && !leaving && !event.ctrlKey && !event.altKey && !event.metaKey) {
      event.preventDefault();
      indent(event.shiftKey);
      render();
      return;
    }
    if (event.key !== 'Shift') { leaving = false; }
  });
  input.addEventListener('blur', () => { leaving = false; });
  input.addEventListener('input', render);
  input.addEventListener('change', render);
  input.addEventListener('scroll', follow);
  root.classList.add('code-editor-ready');
  render();
}

for (const root of document.querySelectorAll('[data-editor]')) {
  attachEditor(root);
}
