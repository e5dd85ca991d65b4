// Extracts and validates the probe's JSON from `wp eval-file -` stdout. Anything a plugin prints around the
// markers is ignored; a missing or malformed document is a clear error naming the site.
import { WpfleetError } from '@wpfleet/core';
import { probeFactsSchema, type ProbeFacts } from './probe-facts.js';

const BEGIN = '--WPFLEET-PROBE-BEGIN--\n';
const END = '\n--WPFLEET-PROBE-END--';

export function parseProbeOutput(stdout: string, where: { host?: string; site?: string } = {}): ProbeFacts {
  const start = stdout.lastIndexOf(BEGIN);
  const end = start < 0 ? -1 : stdout.indexOf(END, start + BEGIN.length);
  if (start < 0 || end < 0) {
    throw new WpfleetError('WPF_PROBE_OUTPUT', 'the site probe printed no facts document', {
      kind: 'environment',
      where: { ...where, step: 'probe' },
      hint: 'Run `wp eval-file -` on the host by hand to see what the site prints; a fatal error in a plugin or theme stops the probe (try the fleet option `skipPlugins: true`).',
    });
  }
  let json: unknown;
  try {
    json = JSON.parse(stdout.slice(start + BEGIN.length, end));
  } catch (error) {
    throw new WpfleetError(
      'WPF_PROBE_OUTPUT',
      `the site probe printed malformed JSON: ${(error as Error).message}`,
      {
        kind: 'bug',
        where: { ...where, step: 'probe' },
      },
    );
  }
  const parsed = probeFactsSchema.safeParse(json);
  if (!parsed.success) {
    const first = parsed.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
      .join('; ');
    throw new WpfleetError(
      'WPF_PROBE_OUTPUT',
      `the site probe's facts do not have the expected shape: ${first}`,
      {
        kind: 'bug',
        where: { ...where, step: 'probe' },
      },
    );
  }
  return parsed.data;
}
