/**
 * Test order: the end-to-end suites (real pulumi CLI, the longest by far) start first, so the
 * other suites run beside them on the second worker instead of leaving one long suite running
 * alone at the end. Otherwise jest's own order (failed first, then slowest first).
 */
const Sequencer = require("@jest/test-sequencer").default;

const E2E = `${require("node:path").sep}e2e${require("node:path").sep}`;

class E2eFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    return [...sorted.filter((t) => t.path.includes(E2E)), ...sorted.filter((t) => !t.path.includes(E2E))];
  }
}

module.exports = E2eFirstSequencer;
