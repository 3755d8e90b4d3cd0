/** Prints one plain closing line, "Tests: N passed, N failed, N skipped", and repeats skip reasons. */
import type { Reporter, SerializedError, TestModule } from 'vitest/node';
import { optionalSuites } from './suites.ts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>, unhandledErrors: ReadonlyArray<SerializedError> = []): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      let failedHere = 0;
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failedHere++;
        else skipped++;
      }
      // A module or suite that failed outside any test (an import or a beforeAll) is a failure too.
      if (mod.state() === 'failed' && failedHere === 0) failedHere = 1;
      failed += failedHere;
    }
    // An error outside any test fails the run, so it counts as a failure here too.
    failed += unhandledErrors.length;
    for (const s of optionalSuites.filter((x) => !x.available)) {
      console.log(`Skipped suite: ${s.name}: ${s.reason}`);
    }
    console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
