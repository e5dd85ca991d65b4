import { describe, expect, it } from 'vitest';
import { StatementEditError, StatementEdits } from '../src/statement-edits.js';
import { lexStatement } from '../src/statement-tokens.js';

const edit = (text: string, at: (tokens: ReturnType<typeof lexStatement>) => [number, number, string][]) => {
  const tokens = lexStatement(text);
  const edits = new StatementEdits(text, tokens);
  for (const [first, last, by] of at(tokens)) edits.replace(first, last, by);
  return () => edits.apply();
};

describe('statement edits', () => {
  it('replaces and removes whole tokens and leaves the rest as it was', () => {
    const text = "CREATE DEFINER=`a`@`b` VIEW `wp_v` AS SELECT 'x' /* c */";
    const apply = edit(text, (t) => {
      const definer = t.findIndex((x) => x.value === 'DEFINER');
      const view = t.findIndex((x) => x.value === 'wp_v');
      return [
        [definer - 1, definer + 4, ''],
        [view, view, '`new_v`'],
      ];
    });
    expect(apply()).toBe("CREATE VIEW `new_v` AS SELECT 'x' /* c */");
  });

  it('refuses an edit whose text would open a string that swallows what follows', () => {
    const text = "SELECT a, 'b' FROM t";
    expect(edit(text, () => [[2, 2, "x'"]])).toThrow(StatementEditError);
  });

  it('refuses a removal that would join two tokens into a comment', () => {
    const text = "SELECT 1 -x- 'a'";
    // Removing `x` leaves `--` followed by a space: a comment that hides the string.
    expect(
      edit(text, (t) => [[t.findIndex((x) => x.value === 'X'), t.findIndex((x) => x.value === 'X'), '']]),
    ).toThrow(StatementEditError);
  });

  it('refuses an edit that closes a quoted name early', () => {
    const text = 'ALTER TABLE `wp_a` ADD `b` int';
    expect(edit(text, () => [[4, 4, '`wp_a']])).toThrow(StatementEditError);
  });
});
