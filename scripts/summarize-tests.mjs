// Prints `N passed, N failed[, N skipped]` from vitest's JSON report. A missing report or zero tests fails.
import { readFileSync } from 'node:fs';

const file = process.argv[2] ?? 'test-results/vitest.json';
let report;
try {
  report = JSON.parse(readFileSync(file, 'utf8'));
} catch (error) {
  console.log(`0 passed, 1 failed (no vitest report at ${file}: ${error.message})`);
  process.exit(1);
}
const passed = report.numPassedTests ?? 0;
const failed = (report.numFailedTests ?? 0) + ((report.numFailedTestSuites ?? 0) ? 0 : 0);
const skipped = (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
const brokenFiles = (report.testResults ?? []).filter(
  (r) => r.status === 'failed' && r.assertionResults.length === 0,
).length;
const line = `${passed} passed, ${failed + brokenFiles} failed` + (skipped ? `, ${skipped} skipped` : '');
console.log(line);
process.exit(failed + brokenFiles > 0 || passed === 0 ? 1 : 0);
