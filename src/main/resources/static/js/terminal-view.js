// The terminal as every page draws it (xterm.js and its fit add-on, served by the app from /vendor/), sized to its box.
import { Terminal } from '../vendor/xterm/lib/xterm.mjs';
import { FitAddon } from '../vendor/xterm-addon-fit/lib/addon-fit.mjs';

export function openTerminal(element, options = {}) {
  const term = new Terminal({
    scrollback: 5000,
    fontFamily: 'ui-monospace, "DejaVu Sans Mono", "Liberation Mono", monospace',
    fontSize: 14,
    // Rows a little taller than the font: descenders such as "_" and "g" stay inside their row at 1x.
    lineHeight: 1.15,
    ...options,
  });
  const fit = new FitAddon();
  term.loadAddon(fit);
  term.open(element);
  fit.fit();
  return { term, fit };
}
