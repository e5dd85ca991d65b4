import { describe, expect, it } from 'vitest';
import { php } from '../../../src/doctor/rules/php.js';
import { hostContext } from './rule-context.js';

const phpSays = (answer: { stdout?: string; exitCode?: number; stderr?: string }) =>
  hostContext((argv) => (argv[0] === 'php' ? answer : undefined));

describe('Doctor rule php', () => {
  it('passes a current PHP, warns about one past its end of life and fails when php does not run', async () => {
    expect((await php.check(phpSays({ stdout: '8.2.7' })))[0]).toMatchObject({
      severity: 'info',
      message: 'PHP 8.2.7',
    });
    expect((await php.check(phpSays({ stdout: '7.3.33' })))[0]).toMatchObject({
      severity: 'warning',
      hint: expect.stringContaining('end of life'),
    });
    expect((await php.check(phpSays({ exitCode: 127, stderr: 'php: not found' })))[0]).toMatchObject({
      severity: 'error',
      message: 'php does not run on old-1: php: not found',
    });
  });
});
