import { describe, expect, it } from 'vitest';
import { createNdjsonReporter } from '../../src/reporters/create-ndjson-reporter.js';
import { captureStream } from './capture-stream.js';
import { syntheticRunEvents } from './synthetic-run-events.js';

describe('--json NDJSON reporter', () => {
  it('writes every RunEvent as one parseable JSON line, one write per event, and nothing else', () => {
    const events = syntheticRunEvents();
    const out = captureStream();
    const reporter = createNdjsonReporter(out);
    for (const event of events) reporter(event);
    expect(out.writes).toHaveLength(events.length);
    const lines = out.text().split('\n');
    expect(lines.pop()).toBe('');
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(events);
  });

  it('shows each event as soon as it happens', () => {
    const [first, second] = syntheticRunEvents();
    const out = captureStream();
    const reporter = createNdjsonReporter(out);
    reporter(first!);
    expect(out.text()).toBe(JSON.stringify(first) + '\n');
    reporter(second!);
    expect(out.writes).toHaveLength(2);
  });
});
