// Two test projects: `unit` (pure and local, fast) and `lab` (real sshd, MariaDB, PHP, WordPress hosts).
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(p, import.meta.url));
// Matchers every test may use (toEqualBytes).
const setupFiles = [src('./test-support/equal-bytes.ts')];
const alias = {
  '@wpfleet/core': src('./packages/core/src/index.ts'),
  '@wpfleet/sql': src('./packages/sql/src/index.ts'),
  '@wpfleet/wp': src('./packages/wp/src/index.ts'),
  '@wpfleet/cli': src('./packages/cli/src/index.ts'),
  '@wpfleet/lab': src('./lab/src/index.ts'),
};

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          setupFiles,
          include: [
            'packages/*/test/**/*.test.ts',
            'lab/test/unit/**/*.test.ts',
            'test-support/**/*.test.ts',
          ],
          exclude: ['**/*.lab.test.ts', '**/node_modules/**'],
          testTimeout: 30_000,
        },
      },
      {
        resolve: { alias },
        test: {
          name: 'lab',
          setupFiles,
          include: ['packages/*/test/**/*.lab.test.ts', 'lab/test/**/*.lab.test.ts'],
          globalSetup: ['lab/test/global-setup.ts'],
          testTimeout: 180_000,
          hookTimeout: 300_000,
          // Lab tests share real hosts; files run one at a time so they do not trip over each other.
          fileParallelism: false,
        },
      },
    ],
  },
});
