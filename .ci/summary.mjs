// Reads vitest's JSON report (all projects of one run) and prints the plain closing line CI recognises:
// "N passed, N failed". A test file that failed to load counts as one failed test; a missing report, or a run
// that executed nothing, counts as a failure so it cannot pass silently.
import { existsSync, readFileSync } from "node:fs";

const [file, failedSteps = "0"] = process.argv.slice(2);
let passed = 0;
let failed = 0;
let skipped = 0;
if (!existsSync(file)) {
  console.log(`no test report at ${file}`);
  failed = 1;
} else {
  const report = JSON.parse(readFileSync(file, "utf8"));
  for (const suite of report.testResults ?? []) {
    const results = suite.assertionResults ?? [];
    for (const t of results) {
      if (t.status === "passed") passed++;
      else if (t.status === "failed") failed++;
      else skipped++;
    }
    const fileFailed = suite.status === "failed" && !results.some((t) => t.status === "failed");
    if (fileFailed) {
      console.log(`file failed to load or run: ${suite.name}${suite.message ? ` — ${suite.message.split("\n")[0]}` : ""}`);
      failed++;
    }
  }
  if (passed + failed === 0) {
    console.log("the test run executed no test");
    failed = 1;
  }
}
if (Number(failedSteps) > 0) console.log(`${failedSteps} CI step(s) failed (see above)`);
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}`);
process.exit(failed > 0 ? 1 : 0);
