// The failures operators meet during an import, said plainly: the live tables are untouched in every case. What
// the mysql client echoed or quoted from the rows (the failed INSERT, a duplicate key, the text near a syntax error)
// is withheld from the message.
import { WpfleetError } from '@wpfleet/core';
import { ShellError } from '../transport/shell-error.js';
import { withoutRowData } from './without-row-data.js';
import { failureText, isTransientFailure } from '../step-environment/as-step-error.js';

const STAGING_ONLY = 'Only staging tables were written; the live site is unchanged.';
// As much of the redacted stderr as a ShellError's message carries.
const DETAIL_CHARS = 2000;

export function explainDbFailure(error: unknown, site: string, host: string): unknown {
  if (/No space left on device|Errcode: 28|disk full|table .* is full/i.test(failureText(error))) {
    return new WpfleetError(
      'WPF_TARGET_DISK_FULL',
      `the target database of site ${site} on ${host} ran out of disk space during the import`,
      {
        kind: 'environment',
        where: { site, host, step: 'db' },
        hint: `Free space on the target datadir, then run \`wpfleet resume\`. ${STAGING_ONLY}`,
        cause: error,
      },
    );
  }
  if (!(error instanceof Error)) return error;
  const message = error instanceof ShellError ? shellMessage(error) : withoutRowData(error.message);
  const withheld = message !== error.message;
  const wp = error instanceof WpfleetError ? error : undefined;
  const hint =
    wp?.hint ??
    (/import/.test(error.message)
      ? `${STAGING_ONLY} Run \`wpfleet resume\` once the target is reachable.`
      : undefined);
  if (!withheld && (wp === undefined || hint === wp.hint)) return error;
  return new WpfleetError(wp?.code ?? 'WPF_STEP_FAILED', message, {
    kind: wp?.kind ?? 'environment',
    where: wp?.where ?? { site, host, step: 'db' },
    transient: isTransientFailure(error),
    ...(hint !== undefined ? { hint } : {}),
    // The original still quotes the rows (in its message and its stderr): it is not kept as the cause.
    ...(withheld ? {} : { cause: error }),
  });
}

/** The ShellError's message rebuilt from its whole stderr, redacted before it is cut to the message's length. */
function shellMessage(error: ShellError): string {
  const details = [error.stderr, error.stdout]
    .map((output) => withoutRowData(output).trimEnd())
    .map((output) => (output.length > DETAIL_CHARS ? `…${output.slice(-DETAIL_CHARS)}` : output))
    .filter((output) => output.length > 0)
    .join('\n');
  const message = details ? `${error.shortMessage}\n${details}` : error.shortMessage;
  // Unchanged when nothing was withheld (keeps the original error and its cause chain).
  return withoutRowData(error.message) === error.message ? error.message : message;
}
