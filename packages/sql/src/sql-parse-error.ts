// The one error the SQL stream throws for input it cannot read: it names the byte offset so a user can
// `dd`/`tail -c` to the spot, and it is raised instead of ever guessing at damaged data.
import { WpfleetError } from '@wpfleet/core';

export function sqlParseError(offset: number, problem: string): WpfleetError {
  return new WpfleetError('WPF_SQL_PARSE', `SQL dump unreadable at byte ${offset}: ${problem}`, {
    kind: 'user',
    hint:
      'The dump is truncated or damaged at that offset. Re-export it (check the source disk and the export ' +
      'command for errors); nothing has been written to the target from this statement on.',
  });
}
