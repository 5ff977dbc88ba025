// Jest's order, except on a run with no timings of earlier runs (a clean clone, CI): jest then
// orders by file size, which started the Terraform suites, the longest, halfway through the run, in
// contention with the fuzz suites, and ended about 6 s later than the order timings give. Without
// timings, the Terraform suites go first, then the fuzz suites, then the rest by size, as timings would.
const Sequencer = require('@jest/test-sequencer').default;

const rank = (path) => (/[\\/]__tests__[\\/]integration[\\/]/.test(path) ? 0 : /[\\/]__tests__[\\/]fuzz[\\/]/.test(path) ? 1 : 2);

class SlowFirstSequencer extends Sequencer {
  sort(tests) {
    const sorted = super.sort(tests);
    if (sorted.some((test) => test.duration != null)) return sorted;
    // Array.prototype.sort is stable: within a rank, jest's size order stays.
    return [...sorted].sort((a, b) => rank(a.path) - rank(b.path));
  }
}

module.exports = SlowFirstSequencer;
