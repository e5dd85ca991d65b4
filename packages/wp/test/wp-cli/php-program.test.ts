import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { phpProgram, type PhpProgramName } from '../../src/wp-cli/php-program.js';

const PROGRAMS: PhpProgramName[] = ['probe.php', 'housekeeping.php', 'serialized-scan.php'];

describe('the PHP programs wpfleet runs through wp eval-file', () => {
  it.each(PROGRAMS)('ships %s as a PHP file that parses', (name) => {
    const text = phpProgram(name);
    expect(text.startsWith('<?php\n')).toBe(true);
    expect(execFileSync('php', ['-l'], { input: text, encoding: 'utf8' })).toContain(
      'No syntax errors detected',
    );
  });
});
