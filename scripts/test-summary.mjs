// Prints the closing line of a test run, "N passed, N failed", from Vitest's JSON reports (one or more runs).
import { readFileSync } from 'node:fs';

let passed = 0;
let failed = 0;
let skipped = 0;
let filesNotRun = 0;
let missing = 0;
for (const file of process.argv.slice(2)) {
  let report;
  try {
    report = JSON.parse(readFileSync(file, 'utf8'));
  } catch (err) {
    console.error(`No test report at ${file}: ${err.message}`);
    missing++;
    continue;
  }
  passed += report.numPassedTests ?? 0;
  failed += report.numFailedTests ?? 0;
  skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // A file that failed before running any test (an import error, a failing setup) has no test results of its own.
  filesNotRun += (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).length === 0).length;
}
if (filesNotRun) console.log(`${filesNotRun} test files failed to run`);
const failures = failed + filesNotRun + missing;
console.log(`${passed} passed, ${failures} failed${skipped ? `, ${skipped} skipped` : ''}`);
process.exit(failures > 0 || passed === 0 ? 1 : 0);
