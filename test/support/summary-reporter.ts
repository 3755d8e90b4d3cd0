/** Prints one plain closing line, "Tests: N passed, N failed, N skipped", and repeats skip reasons. */
import type { Reporter, TestModule } from 'vitest/node';
import { optionalSuites } from './suites.ts';

export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    let skipped = 0;
    for (const mod of testModules) {
      for (const test of mod.children.allTests()) {
        const state = test.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else skipped++;
      }
      if (mod.state() === 'failed' && [...mod.children.allTests()].length === 0) failed++;
    }
    for (const s of optionalSuites.filter((x) => !x.available)) {
      console.log(`Skipped suite: ${s.name}: ${s.reason}`);
    }
    console.log(`Tests: ${passed} passed, ${failed} failed, ${skipped} skipped`);
  }
}
