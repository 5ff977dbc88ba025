/**
 * Fuzzing (fast-check, seeded): generated valid configs (__tests__/support/arbitraries.ts)
 * synthesize (the CLI's pipeline, in memory), the compliance rule pack finds no unsuppressed error
 * in any stack, and a second synthesis gives byte-identical stacks (FUZZ_SYNTH_RUNS cases:
 * 250 in `npm test`, 2,000 in `npm run test:fuzz`; see pipeline.ts).
 *
 * Synthesis costs 20-35 ms of CPU per generated config (mostly cdktf's token resolution in
 * toTerraform, then the rule pack). FUZZ_SEED=<n> replays another seed; FUZZ_DETERMINISM_EVERY=<n>
 * synthesizes every n-th case twice (default 4; 1 = every case). A failure prints the seed and the
 * generated config.
 */
import fc from 'fast-check';
import { checkRawConfig } from '../../config';
import { validConfig } from '../support/arbitraries';
import { errorLines, FUZZ_SYNTH_RUNS, FUZZ_TIMEOUT_MS, fuzzParameters, synthesize } from './pipeline';

const DETERMINISM_EVERY = Math.max(1, Number(process.env.FUZZ_DETERMINISM_EVERY ?? 4));
const STATS = process.env.FUZZ_STATS !== undefined;

const cpuMs = (): number => process.cpuUsage().user / 1000;

describe('generated valid configs', () => {
  it(`synthesize, pass the rule pack and synthesize the same twice (${FUZZ_SYNTH_RUNS} cases)`, () => {
    const counts = { cases: 0, stacks: 0, findings: 0, suppressed: 0, twice: 0, checkMs: 0, synthMs: 0, secondMs: 0 };
    fc.assert(
      fc.property(validConfig(), (raw) => {
        counts.cases += 1;
        const started = STATS ? cpuMs() : 0;
        const check = checkRawConfig(raw);
        expect(errorLines(check)).toEqual([]);
        const checked = STATS ? cpuMs() : 0;
        const first = synthesize(check);
        if (STATS) {
          counts.checkMs += checked - started;
          counts.synthMs += cpuMs() - checked;
        }
        expect(first.errors.map((finding) => `${finding.stack} ${finding.address}: ${finding.ruleId}: ${finding.message}`)).toEqual([]);
        expect([...first.stacks.keys()]).toEqual(check.model!.stacks.map((stack) => stack.name));
        counts.stacks += first.stacks.size;
        counts.findings += first.findings.length;
        counts.suppressed += first.findings.filter((finding) => finding.suppressed).length;
        if (counts.cases % DETERMINISM_EVERY === 0) {
          const again = STATS ? cpuMs() : 0;
          const second = synthesize(checkRawConfig(structuredClone(raw)));
          if (STATS) counts.secondMs += cpuMs() - again;
          counts.twice += 1;
          expect([...second.stacks.keys()]).toEqual([...first.stacks.keys()]);
          for (const [name, json] of first.stacks) expect(second.stacks.get(name)).toBe(json);
        }
      }),
      fuzzParameters({ numRuns: FUZZ_SYNTH_RUNS }),
    );
    // Some findings are suppressed (preventDestroy opt-outs with their reason): the suppressions reach the pack.
    expect(counts.suppressed).toBeGreaterThan(0);
    if (STATS) console.log({ ...counts, checkMsPerCase: counts.checkMs / counts.cases, synthMsPerCase: counts.synthMs / counts.cases, stacksPerCase: counts.stacks / counts.cases });
  }, FUZZ_TIMEOUT_MS);
});
