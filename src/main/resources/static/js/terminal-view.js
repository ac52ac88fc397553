// The terminal as every page draws it (xterm.js and its fit add-on, loaded by the page as scripts), sized to its box.

export function openTerminal(element, options = {}) {
  const term = new Terminal({
    rendererType: 'dom',
    scrollback: 5000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
    fontSize: 14,
    ...options,
  });
  const fit = new FitAddon.FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();
  return { term, fit };
}
