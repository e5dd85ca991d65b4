// Site names, error messages and findings come from fleet files and remote hosts: before they reach a terminal,
// control characters (ANSI escapes that could move the cursor or retitle the window, newlines that would forge
// extra log lines) are made visible and harmless.

// C0 controls, DEL and C1 controls.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;

export function sanitizeTerminalText(text: string): string {
  return text.replace(CONTROL, (ch) => (ch === '\n' || ch === '\r' || ch === '\t' ? ' ' : '\ufffd'));
}
