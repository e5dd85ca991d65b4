// The Transport contract: one test body every adapter must pass (LocalTransport in the unit project,
// SshTransport against a real lab host). Only real processes: argv in, bytes out.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { ShellError } from '../../src/transport/shell-error.js';
import type { Transport } from '../../src/transport/transport.js';

/** Arguments a shell would love to interpret; every transport must hand them over untouched. */
export const HOSTILE_ARGS = [
  'two words',
  "it's",
  'say "hi"',
  '$(touch /tmp/wpfleet-pwned)',
  '`id`',
  'a;b|c&d',
  'line one\nline two',
  '-rf',
  '--help',
  '',
  'ünïcødé ✓ 日本',
  '$HOME ${PATH} ~',
  '*',
  'back\\slash',
  "'\"'\"'",
  '\ttab',
];

export function transportContract(name: string, makeTransport: () => Promise<Transport> | Transport): void {
  describe(`${name} passes the Transport contract`, () => {
    const withTransport = async (body: (t: Transport) => Promise<void>): Promise<void> => {
      const t = await makeTransport();
      try {
        await body(t);
      } finally {
        await t.close();
      }
    };

    it('returns arguments verbatim: nothing a shell would interpret is executed', () =>
      withTransport(async (t) => {
        for (const arg of HOSTILE_ARGS) {
          const r = await t.exec(['printf', '%s\\n', arg]);
          expect(r.stdout).toBe(`${arg}\n`);
        }
        const all = await t.exec(['printf', '[%s]', ...HOSTILE_ARGS]);
        expect(all.stdout).toBe(HOSTILE_ARGS.map((a) => `[${a}]`).join(''));
        const pwned = await t.exec(['test', '-e', '/tmp/wpfleet-pwned'], { reject: false });
        expect(pwned.exitCode).toBe(1);
      }));

    it('reports exit codes and keeps stdout and stderr apart', () =>
      withTransport(async (t) => {
        const ok = await t.exec(['sh', '-c', 'echo out; echo err >&2; exit 0']);
        expect(ok).toMatchObject({
          exitCode: 0,
          stdout: 'out\n',
          stderr: 'err\n',
          failed: false,
          timedOut: false,
        });
        const bad = await t.exec(['sh', '-c', 'echo nope >&2; exit 3'], { reject: false });
        expect(bad).toMatchObject({ exitCode: 3, failed: true, stderr: 'nope\n' });
        const thrown = await t.exec(['sh', '-c', 'echo broken >&2; exit 7']).catch((e: unknown) => e);
        expect(thrown).toBeInstanceOf(ShellError);
        expect(thrown).toMatchObject({ code: 'WPF_COMMAND_FAILED', exitCode: 7, failed: true });
        expect((thrown as ShellError).message).toContain('broken');
        expect((thrown as ShellError).shortMessage).toContain("sh -c 'echo broken >&2; exit 7'");
      }));

    it('reports the exit code of every one of many short commands run at once', () =>
      withTransport(async (t) => {
        // Fast commands finish within one network read; a transport that wires its listeners late loses them.
        const codes = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            t
              .exec(['sh', '-c', `echo ${i}; exit ${i % 4}`], { reject: false })
              .then((r) => [r.exitCode, r.stdout]),
          ),
        );
        expect(codes).toEqual(Array.from({ length: 60 }, (_, i) => [i % 4, `${i}\n`]));
      }));

    it('passes stdin, working directory and environment', () =>
      withTransport(async (t) => {
        expect((await t.exec(['cat'], { stdin: 'hello\nworld' })).stdout).toBe('hello\nworld');
        expect((await t.exec(['cat'], { stdin: Buffer.from([0, 1, 2, 255]) })).stdout).toBe(
          Buffer.from([0, 1, 2, 255]).toString('utf8'),
        );
        expect((await t.exec(['pwd'], { cwd: '/tmp' })).stdout).toBe('/tmp\n');
        const env = await t.exec(['sh', '-c', 'printf %s "$WPFLEET_TEST_VALUE"'], {
          env: { WPFLEET_TEST_VALUE: "a b 'c' $(x)" },
        });
        expect(env.stdout).toBe("a b 'c' $(x)");
      }));

    it('streams 50 MB through cat without holding it in memory', () =>
      withTransport(async (t) => {
        const chunk = Buffer.alloc(1024 * 1024, 'x');
        // A first small run warms up buffers and pools, so the measured run shows growth, not start-up cost.
        const warm = t.spawn(['cat'], { stdin: Readable.from([chunk, chunk, chunk, chunk]) });
        warm.stdout.resume();
        await warm.result;
        const total = 50;
        const before = process.memoryUsage().rss;
        let peak = before;
        const source = Readable.from(
          (function* () {
            for (let i = 0; i < total; i++) yield chunk;
          })(),
        );
        const child = t.spawn(['cat'], { stdin: source });
        let received = 0;
        for await (const piece of child.stdout) {
          received += (piece as Buffer).length;
          peak = Math.max(peak, process.memoryUsage().rss);
        }
        const result = await child.result;
        expect(result.exitCode).toBe(0);
        expect(received).toBe(total * chunk.length);
        // Whole-payload buffering would add ≥ 50 MB; streaming stays within a few chunks.
        expect(peak - before).toBeLessThan(40 * 1024 * 1024);
      }));

    it('lets a slow reader slow the writer down (backpressure)', () =>
      withTransport(async (t) => {
        const child = t.spawn(['cat']);
        const chunk = Buffer.alloc(64 * 1024, 'y');
        let writes = 0;
        while (child.stdin.write(chunk) && writes < 2000) writes++;
        // Nobody reads stdout, so cat blocks and the writer is told to wait long before 128 MB.
        expect(writes).toBeLessThan(2000);
        child.stdin.end();
        child.stdout.resume();
        expect((await child.result).exitCode).toBe(0);
      }));

    it('kills a command that exceeds its timeout', () =>
      withTransport(async (t) => {
        const started = Date.now();
        const r = await t.exec(['sleep', '30'], { timeoutMs: 500, reject: false });
        expect(r).toMatchObject({ timedOut: true, failed: true, exitCode: null });
        expect(Date.now() - started).toBeLessThan(10_000);
        const e = await t.exec(['sleep', '30'], { timeoutMs: 300 }).catch((x: unknown) => x);
        expect(e).toMatchObject({ code: 'WPF_COMMAND_TIMEOUT', timedOut: true });
      }));

    it('kills a command when its AbortSignal fires', () =>
      withTransport(async (t) => {
        const controller = new AbortController();
        const started = Date.now();
        const pending = t.exec(['sleep', '30'], { signal: controller.signal, reject: false });
        setTimeout(() => controller.abort(), 300);
        const r = await pending;
        expect(r).toMatchObject({ isCanceled: true, failed: true, timedOut: false });
        expect(Date.now() - started).toBeLessThan(10_000);
        const already = await t.exec(['true'], { signal: AbortSignal.abort(), reject: false });
        expect(already.isCanceled).toBe(true);
      }));

    it('runs at most maxConcurrency commands at once and queues the rest', () =>
      withTransport(async (t) => {
        const max = t.capabilities.maxConcurrency;
        const n = max + 4;
        // Each command records its start and end time in ms; overlaps are counted afterwards.
        const runs = await Promise.all(
          Array.from({ length: n }, () =>
            t.exec(['sh', '-c', 'date +%s%N; sleep 0.4; date +%s%N']).then((r) => {
              const [a, b] = r.stdout
                .trim()
                .split('\n')
                .map((x) => Number(BigInt(x) / 1_000_000n));
              return { start: a!, end: b! };
            }),
          ),
        );
        let peak = 0;
        for (const r of runs) {
          const overlapping = runs.filter((o) => o.start <= r.start && o.end > r.start).length;
          peak = Math.max(peak, overlapping);
        }
        expect(peak).toBeLessThanOrEqual(max);
        expect(peak).toBeGreaterThan(1);
      }));

    it('never shows a secret in the command or the error message', () =>
      withTransport(async (t) => {
        const secret = 'hunter2-s3cr3t';
        const e = (await t
          .exec(['sh', '-c', `echo "password ${secret} rejected" >&2; exit 1`, secret], { secrets: [secret] })
          .catch((x: unknown) => x)) as ShellError;
        expect(e).toBeInstanceOf(ShellError);
        expect(e.command).not.toContain(secret);
        expect(e.message).not.toContain(secret);
        expect(e.stderr).not.toContain(secret);
        expect(e.message).toContain('***');
        const ok = await t.exec(['printf', '%s', secret], { secrets: [secret] });
        expect(ok.command).not.toContain(secret);
        // Output is data the caller asked for; only commands and errors are redacted.
        expect(ok.stdout).toBe(secret);
      }));

    it('redacts stderr even when the caller takes the failed result (reject: false) to word its own error', () =>
      withTransport(async (t) => {
        const secret = 'hunter2-s3cr3t';
        const script = `echo "unknown option '--${secret}'" >&2; exit 7`;
        const failed = await t.exec(['sh', '-c', script], { secrets: [secret], reject: false });
        expect(failed.exitCode).toBe(7);
        expect(failed.stderr).toBe("unknown option '--***'\n");
        const spawned = t.spawn(['sh', '-c', script], { secrets: [secret], reject: false });
        spawned.stdin.end();
        spawned.stdout.resume();
        expect((await spawned.result).stderr).not.toContain(secret);
      }));

    it('writes files with a private mode and removes them', () =>
      withTransport(async (t) => {
        const dir = await t.makePrivateDir('wpfleet-contract');
        try {
          expect((await t.exec(['stat', '-c', '%a', dir])).stdout.trim()).toBe('700');
          const file = `${dir}/a file 'with' quotes`;
          await t.putFile(file, 'content\n');
          expect((await t.exec(['cat', '--', file])).stdout).toBe('content\n');
          expect((await t.exec(['stat', '-c', '%a', '--', file])).stdout.trim()).toBe('600');
          await t.removeFile(file);
          expect((await t.exec(['test', '-e', file], { reject: false })).exitCode).toBe(1);
        } finally {
          await t.removeFile(dir, { recursive: true });
        }
        expect((await t.exec(['test', '-e', dir], { reject: false })).exitCode).toBe(1);
      }));
  });
}
