/**
 * The pipeline the CLI runs (cli/synthesize.ts), in memory: checkRawConfig -> buildApp -> each
 * stack's synthesized JSON (what cdktf writes to cdk.tf.json) -> the compliance rule pack with the
 * config's thresholds and suppressions. Nothing is written: `buildApp` gets an outdir that exists
 * (the App only creates a missing one), and no `app.synth()` runs.
 *
 * The rule pack is evaluated exactly as CompliancePackAspect does on each stack
 * (`evaluateStack(synthesizedStackJson(stack), facts(name), thresholds, suppressions)`), called
 * directly so that the JSON can be reused to check determinism.
 */
import { tmpdir } from 'node:os';
import { TerraformStack } from 'cdktf';
import fc from 'fast-check';
import type { ConfigCheck } from '../../config';
import { formatProblem } from '../../config/issues';
import { buildApp } from '../../stacks/app';
import { estateFacts, evaluateStack, Finding, FindingsCollector, synthesizedStackJson } from '../../compliance';

/** FUZZ_SEED and FUZZ_RUNS override the fixed seed and the number of cases: 300 in `npm test` (its budget; the mutation property's coverage checks need about that many), 5,000 in `npm run test:fuzz`. */
export const FUZZ_SEED = Number(process.env.FUZZ_SEED ?? 20261122);
export const FUZZ_RUNS = Number(process.env.FUZZ_RUNS ?? 300);
/**
 * Cases of the synthesis property: FUZZ_SYNTH_RUNS, else 30 (else FUZZ_RUNS when that is smaller).
 * Synthesis and the rule pack cost 25-35 ms of CPU a config (twice for every fourth, the determinism
 * check): 1,000 cases took a third of the test budget of `npm test` (90 s on 2 cores), so `npm test`
 * samples 30 (80, then 50, until the suite grew to the edge of that budget: a clean clone's run took
 * 91.0 s on 2026-12-07 at 22:54) and `npm run test:fuzz` (FUZZ_SYNTH_RUNS=2000) searches deeper.
 */
export const FUZZ_SYNTH_RUNS = Number(process.env.FUZZ_SYNTH_RUNS ?? Math.min(30, FUZZ_RUNS));
/**
 * Cases of the valid-config property: FUZZ_CHECK_RUNS, else 120 (else FUZZ_RUNS when that is smaller). The worst-case RPO walks one
 * backup job per resource at a time over eight years of runs (core/job-contention.ts): a config with an hourly rule costs about 30 ms
 * of the checker under jest, and 300 cases took 12-18 s of `npm test`'s 90 (200 took 9.5 s of a worker on 2026-12-07, when a clean
 * clone's suite reached 90.4 s); `npm run test:fuzz` (FUZZ_CHECK_RUNS=5000) searches deeper.
 */
export const FUZZ_CHECK_RUNS = Number(process.env.FUZZ_CHECK_RUNS ?? Math.min(120, FUZZ_RUNS));

/** Jest timeout of a fuzz property: generous, for a loaded CI machine (a run takes seconds). */
export const FUZZ_TIMEOUT_MS = 180_000;

/** fc.assert parameters of every fuzz property: seeded, FUZZ_RUNS cases, the seed printed on failure (fast-check does). */
export const fuzzParameters = (overrides: Partial<fc.Parameters<unknown>> = {}): fc.Parameters<unknown> => ({ seed: FUZZ_SEED, numRuns: FUZZ_RUNS, ...overrides });

export interface Synthesis {
  /** Stack name -> synthesized JSON text. */
  readonly stacks: ReadonlyMap<string, string>;
  readonly findings: readonly Finding[];
  readonly errors: readonly Finding[];
}

export const errorLines = (check: ConfigCheck): string[] => check.errors.map(formatProblem);

/** Synthesizes every stack of a checked config and runs the rule pack on each, as cli/synthesize.ts does. */
export function synthesize(check: ConfigCheck): Synthesis {
  const { model } = check;
  if (!model) throw new Error(`the config is invalid:\n${errorLines(check).join('\n')}`);
  const { thresholds, suppressions } = model.compliance;
  const app = buildApp(model, tmpdir());
  const facts = estateFacts(model);
  const collector = new FindingsCollector();
  const stacks = new Map<string, string>();
  for (const stackModel of model.stacks) {
    const stack = app.node.findChild(stackModel.name) as TerraformStack;
    stack.runAllValidations();
    const json = synthesizedStackJson(stack);
    stacks.set(stackModel.name, JSON.stringify(json));
    collector.record(stackModel.name, evaluateStack(json, facts(stackModel.name), thresholds, suppressions));
  }
  return { stacks, findings: collector.findings(), errors: collector.errors() };
}
