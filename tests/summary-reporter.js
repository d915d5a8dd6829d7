/**
 * Prints one plain closing line, `jest: N passed, N failed, N skipped`, after the default
 * reporter's summary, so any CI can read the outcome without parsing jest's own format.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stderr.write(
      `jest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
  }
}
module.exports = SummaryReporter;
