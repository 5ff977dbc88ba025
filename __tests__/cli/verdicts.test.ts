/**
 * `validate` and `synth` give the same verdict on every config: the examples, and generated configs
 * (valid ones, and ones pushed into rule-pack errors or config errors). Same exit code, same lines
 * on stderr; validate writes nothing, synth writes only when both pass. Seeded (FUZZ_SEED; VERDICT_RUNS cases, 20 by default (30 until the suite reached the edge of its 90 s), 300 in `npm run test:fuzz`).
 */
import fc from 'fast-check';
import { existsSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runSynth } from '../../main';
import { runValidate } from '../../cli/validate';
import { draw, Draw, seeds, validConfig } from '../support/arbitraries';
import { runCommand } from '../support/cli';
import type { RawConfig } from '../support/configs';
import { EXAMPLES_DIR, exampleFiles } from '../support/examples';
import { FUZZ_SEED } from '../fuzz/pipeline';

/** Ways to change a valid config's verdict: rule-pack errors (thresholds, an RPO target) or a config error. */
const PUSHES: readonly ((config: RawConfig, g: Draw) => void)[] = [
  () => undefined,
  (config) => (config.compliance = { ...(config.compliance ?? {}), minRetentionDays: 3650 }),
  (config) => (config.compliance = { ...(config.compliance ?? {}), maxFrequencyHours: 1 }),
  (config) => {
    const [plan] = Object.values<RawConfig>(config.plans ?? {});
    if (plan) plan.rpoTargetHours = 1;
  },
  (config, g) => {
    const [plan] = Object.values<RawConfig>(config.plans ?? {});
    const [rule] = Object.values<RawConfig>(plan?.rules ?? {});
    if (rule) rule.lifecycle = { ...(rule.lifecycle ?? {}), deleteAfterDays: draw.int(g, 1, 40) };
  },
  (config) => delete config.version,
];

function compare(raw: RawConfig | string, name: string): { validate: number | null; synth: number | null } {
  const dir = mkdtempSync(join(tmpdir(), 'verdicts-'));
  writeFileSync(join(dir, name), typeof raw === 'string' ? raw : JSON.stringify(raw));
  const validated = runCommand(runValidate, [name], dir);
  expect(existsSync(join(dir, 'cdktf.out'))).toBe(false);
  const synthesized = runCommand(runSynth, [name], dir);
  expect({ status: validated.status, stderr: validated.stderr }).toEqual({ status: synthesized.status, stderr: synthesized.stderr });
  expect(existsSync(join(dir, 'cdktf.out'))).toBe(synthesized.status === 0);
  expect(readdirSync(dir).filter((entry) => entry.startsWith('.cdktf.out.staging'))).toEqual([]);
  return { validate: validated.status, synth: synthesized.status };
}

describe('validate and synth agree', () => {
  it.each(exampleFiles())('on examples/%s', (file) => {
    const dir = mkdtempSync(join(tmpdir(), 'verdicts-example-'));
    const validated = runCommand(runValidate, [join(EXAMPLES_DIR, file)], dir);
    const synthesized = runCommand(runSynth, [join(EXAMPLES_DIR, file)], dir);
    expect(validated.status).toBe(0);
    expect({ status: validated.status, stderr: validated.stderr }).toEqual({ status: synthesized.status, stderr: synthesized.stderr });
  });

  // AWS's CLI example (aws-cli create-backup-plan.rst): a rule into the Default vault with
  // StartWindowMinutes 480 and no completion window; no vault created, so no vaults section.
  it("accept AWS's CLI example plan: into the existing Default vault, no vaults, a start window of 480 and no completion window", () => {
    const config: RawConfig = {
      version: 1,
      account: { id: '111122223333', name: 'wl', region: 'us-west-2' },
      existingVaults: { Default: { name: 'Default' } },
      alerts: { subscriptions: { oncall: { protocol: 'email', endpoint: 'a@example.com' } } },
      regionSettings: {},
      plans: {
        example: {
          name: 'Example-Backup-Plan',
          vault: 'Default',
          rules: { DailyBackups: { schedule: 'cron(0 5 ? * * *)', startWindowMinutes: 480, lifecycle: { deleteAfterDays: 35 } } },
          selections: { s: { tags: { backup: 'yes' } } },
        },
      },
    };
    expect(compare(config, 'estate.json')).toEqual({ validate: 0, synth: 0 });
  });

  it('on generated configs, valid and pushed into rule-pack or config errors', () => {
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(validConfig(), seeds(), (valid, seed) => {
        const g = new Draw(seed);
        const config = structuredClone(valid);
        draw.pick(g, PUSHES)(config, g);
        const { validate } = compare(config, 'estate.json');
        outcomes.add(String(validate));
      }),
      { seed: FUZZ_SEED, numRuns: Number(process.env.VERDICT_RUNS ?? 20) },
    );
    // Both verdicts happened: the property compared passing and failing configs.
    expect([...outcomes].sort()).toEqual(['0', '1']);
  });
});
