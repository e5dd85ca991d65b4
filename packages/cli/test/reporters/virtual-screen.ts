// Replays what a reporter wrote to a terminal and returns what a person would see: understands newlines, cursor
// up (ESC[nA) and erase-below (ESC[J); colour codes are dropped. Anything else fails the test, so the live view
// can only use what we model here.

export function virtualScreen(output: string): string[] {
  const screen: string[] = [''];
  let row = 0;
  let col = 0;
  for (let i = 0; i < output.length;) {
    const ch = output[i] as string;
    if (ch === '\u001b') {
      // eslint-disable-next-line no-control-regex
      const m = /^\u001b\[([0-9;]*)([A-Za-z])/.exec(output.slice(i));
      if (!m) throw new Error(`unknown escape at ${i}`);
      const [all, arg = '', cmd] = m;
      if (cmd === 'A') row = Math.max(0, row - Number(arg || 1));
      else if (cmd === 'J' && (arg === '' || arg === '0')) {
        screen[row] = (screen[row] ?? '').slice(0, col);
        screen.length = row + 1;
      } else if (cmd !== 'm') throw new Error(`unexpected escape ${JSON.stringify(all)}`);
      i += all.length;
      continue;
    }
    if (ch === '\n') {
      row += 1;
      col = 0;
      while (screen.length <= row) screen.push('');
    } else {
      const cp = String.fromCodePoint(output.codePointAt(i) ?? 0);
      const line = [...(screen[row] ?? '')];
      while (line.length < col) line.push(' ');
      line[col] = cp;
      screen[row] = line.join('');
      col += 1;
      i += cp.length;
      continue;
    }
    i += 1;
  }
  if (screen.at(-1) === '') screen.pop();
  return screen;
}
