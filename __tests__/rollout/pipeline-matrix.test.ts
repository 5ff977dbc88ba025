/**
 * The example workflow's matrix script (synth job, step "Job matrices") on an estate of 1,500
 * stacks: every selected stack is planned (or applied) exactly once, no matrix holds more than
 * GitHub's 256 jobs, applies follow the waves and never mix environments, and each job's digest is
 * the one its synthesis step recomputes over the stacks it gets.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { RolloutStack } from '../../rollout/rollout';
import { EXPECTED_WAVES, estateStacks } from './estate';
import { runMatrixScript, runStep, stepNamed, workflow, type MatrixJob } from './workflow-support';

const MAX_JOBS = 256;

/** 1,500 stacks: a management stack, a central stack, and 749 accounts in two Regions. */
function largeEstate(): RolloutStack[] {
  const stack = (name: string, kind: RolloutStack['kind'], account: string, accountId: string, region: string, dependsOn: string[]): RolloutStack => ({ name, kind, account, accountId, region, directory: `cdktf.out/stacks/${name}`, dependsOn });
  const accounts = Array.from({ length: 749 }, (_, index) => ({ key: `app${index}`, id: String(100000000002 + index) }));
  return [
    stack('management-us-east-1', 'management', 'management', '100000000000', 'us-east-1', []),
    stack('central-eu-west-1', 'central', 'backup', '100000000001', 'eu-west-1', ['management-us-east-1']),
    ...accounts.flatMap((account) => [
      stack(`${account.key}-eu-west-1`, 'workload', account.key, account.id, 'eu-west-1', ['management-us-east-1', 'central-eu-west-1']),
      stack(`${account.key}-us-east-1`, 'workload', account.key, account.id, 'us-east-1', ['management-us-east-1', `${account.key}-eu-west-1`]),
    ]),
  ];
}

const LARGE = largeEstate();
/** The management and central stacks and 200 of the accounts (app0 to app199): few enough for a job per account and wave. */
const TWO_HUNDRED = LARGE.filter((stack) => stack.kind !== 'workload' || /^app1?\d?\d-/.test(stack.name));
const names = (jobs: readonly MatrixJob[]) => jobs.flatMap((job) => job.stacks.split(' '));

describe('the matrix script at 1,500 stacks', () => {
  it('plans every stack exactly once in at most 256 jobs, whatever the stacks per job', () => {
    expect(LARGE).toHaveLength(1500);
    for (const [perJob, jobs, size] of [['10', 150, 10], ['1', 250, 6]] as const) {
      const run = runMatrixScript(LARGE, { env: { STACKS_PER_JOB: perJob, ENVIRONMENT_BY: 'kind' } });
      expect(run.status).toBe(0);
      expect(run.plan.length).toBe(jobs);
      expect(run.plan.length).toBeLessThanOrEqual(MAX_JOBS);
      expect(Math.max(...run.plan.map((job) => job.count))).toBe(size);
      // Exactly once each, in rollout order (wave by wave).
      expect(names(run.plan)).toEqual([...new Set(names(run.plan))]);
      expect(names(run.plan).sort()).toEqual(LARGE.map((stack) => stack.name).sort());
      expect(run.outputs).toMatchObject({ 'plan-jobs': String(jobs), planned: '1500' });
      expect(run.stdout).toContain(`1500 of 1500 stacks selected: ${jobs} plan job(s) of up to ${size} stacks`);
    }
  });

  it('plans exactly the affected stacks, each once, in at most 256 jobs', () => {
    const affected = LARGE.filter((_, index) => index % 5 === 1).map((stack) => stack.name).reverse();
    const run = runMatrixScript(LARGE, { affected, env: { STACKS_PER_JOB: '1', ENVIRONMENT_BY: 'kind' } });
    expect(run.status).toBe(0);
    expect(run.plan.length).toBe(150);
    expect(names(run.plan).sort()).toEqual([...affected].sort());
    expect(names(run.plan)).toHaveLength(affected.length);
    expect(run.outputs.planned).toBe('300');
    const oneAccount = runMatrixScript(TWO_HUNDRED, { affected: ['app7-us-east-1', 'app7-eu-west-1'] });
    expect(oneAccount.plan).toEqual([{ job: 1, stacks: 'app7-eu-west-1 app7-us-east-1', count: 2, digest: expect.stringMatching(/^[0-9a-f]{64}$/) }]);
    expect(oneAccount.apply.map((wave) => wave.map((job) => [job.environment, job.stacks]))).toEqual([[], [], [['app7', 'app7-eu-west-1']], [['app7', 'app7-us-east-1']], [], []]);
  });

  it('applies wave by wave, at most 256 jobs per wave, one environment per job: by stack kind at this scale', () => {
    const run = runMatrixScript(LARGE, { env: { STACKS_PER_JOB: '1', ENVIRONMENT_BY: 'kind' } });
    expect(run.status).toBe(0);
    expect(run.apply.map((wave) => wave.length)).toEqual([1, 1, 250, 250, 0, 0]);
    expect(run.outputs['apply-jobs']).toBe('[1,1,250,250,0,0]');
    run.apply.forEach((wave, index) => {
      const expected = LARGE.filter((stack) => (index === 0 ? stack.kind === 'management' : index === 1 ? stack.kind === 'central' : index === 2 ? stack.name.endsWith('eu-west-1') && stack.kind === 'workload' : index === 3 && stack.name.endsWith('us-east-1') && stack.kind === 'workload'));
      expect(names(wave).sort()).toEqual(expected.map((stack) => stack.name).sort());
      for (const job of wave) expect(job).toMatchObject({ wave: index + 1, environment: index === 0 ? 'management' : index === 1 ? 'central' : 'workload' });
    });
  });

  it('refuses per-account environments when a wave has more than 256 accounts, naming the fix', () => {
    const run = runMatrixScript(LARGE);
    expect(run.status).toBe(1);
    const REFUSED = '::error::wave 3 applies up to 749 accounts, one environment and job each: more than the 256 jobs of a matrix; set BACKUP_APPLY_ENVIRONMENT_BY=kind';
    expect(run.stdout).toContain(REFUSED);
    // Refused on a pull request that touches 200 of them too: a full apply (the first, by hand, after a run that stopped) would need every one.
    const some = TWO_HUNDRED.filter((stack) => stack.kind === 'workload').map((stack) => stack.name);
    const partOfIt = runMatrixScript(LARGE, { affected: some });
    expect([partOfIt.status, partOfIt.stdout.includes(REFUSED)]).toEqual([1, true]);
    // An estate of 200 accounts fits: a job per account and wave.
    const fits = runMatrixScript(TWO_HUNDRED, { affected: some });
    expect(fits.status).toBe(0);
    expect(fits.apply.map((wave) => wave.length)).toEqual([0, 0, 200, 200, 0, 0]);
    for (const wave of fits.apply) for (const job of wave) expect(job.stacks.startsWith(`${job.environment}-`)).toBe(true);
  });
});

describe('the matrix script on the example estate', () => {
  const ESTATE = estateStacks();

  it('puts the 9 stacks in one plan job and each account in its own apply job, by wave', () => {
    const run = runMatrixScript(ESTATE);
    expect(run.status).toBe(0);
    expect(run.plan).toHaveLength(1);
    expect(run.plan[0]!.stacks.split(' ')).toEqual(EXPECTED_WAVES.flat());
    expect(run.apply.map((wave) => wave.map((job) => job.stacks))).toEqual([
      ['management-us-east-1'],
      ['central-eu-central-1 central-eu-west-1'],
      ['analytics-eu-central-1', 'payments-eu-west-1', 'shop-eu-west-1'],
      ['analytics-eu-west-1', 'payments-eu-central-1', 'shop-eu-central-1'],
      [],
      [],
    ]);
    expect(run.apply[1]![0]).toMatchObject({ job: 1, wave: 2, environment: 'backup', count: 2 });
  });

  it('pads missing waves, and fails on more waves than apply jobs, bad settings or an unknown affected stack', () => {
    const single: RolloutStack = { name: 'solo-eu-west-1', kind: 'workload', account: 'solo', accountId: '123456789012', region: 'eu-west-1', directory: 'cdktf.out/stacks/solo-eu-west-1', dependsOn: [] };
    const alone = [single];
    expect(runMatrixScript(alone).outputs['apply-jobs']).toBe('[1,0,0,0,0,0]');
    const chain = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((name, index, all): RolloutStack => ({ ...single, name, directory: `cdktf.out/stacks/${name}`, dependsOn: index === 0 ? [] : [all[index - 1]!] }));
    const failures: [ReturnType<typeof runMatrixScript>, string][] = [
      [runMatrixScript(chain), '::error::rollout.json has 7 waves; this workflow applies 6: add apply-wave jobs and raise MAX_WAVES'],
      [runMatrixScript(alone, { env: { STACKS_PER_JOB: '0' } }), '::error::BACKUP_STACKS_PER_JOB must be a whole number of at least 1; got "0"'],
      [runMatrixScript(alone, { env: { ENVIRONMENT_BY: 'region' } }), '::error::BACKUP_APPLY_ENVIRONMENT_BY must be account or kind; got "region"'],
      [runMatrixScript(alone, { affected: ['gone-eu-west-1'] }), '::error::affected.json names stack gone-eu-west-1, which rollout.json does not have'],
    ];
    for (const [run, message] of failures) expect([run.status, run.stdout.trim()]).toEqual([1, message]);
  });

  it('gives each job a digest that its synthesis step recomputes over the stacks it synthesized, and stops on any other bytes', () => {
    const run = runMatrixScript(ESTATE);
    const job = run.plan[0]!;
    const step = stepNamed(workflow.jobs.plan!, "Synthesize this job's stacks");
    // A fake self-contained synth writing each stack as the synth job did (or tampered).
    mkdirSync(join(run.dir, 'job', '.synth-tool'), { recursive: true });
    writeFileSync(
      join(run.dir, 'job', '.synth-tool', 'synth.js'),
      [
        "const fs = require('node:fs');",
        "const names = process.argv[process.argv.indexOf('--stack') + 1].split(',');",
        "for (const name of names) { fs.mkdirSync(`cdktf.out/stacks/${name}`, { recursive: true }); fs.writeFileSync(`cdktf.out/stacks/${name}/cdk.tf.json`, `{\"//\": \"${name}\"}\\n` + (process.env.TAMPER === name ? ' ' : '')); }",
        "console.log(`synthesized ${names.join(',')}`);",
      ].join('\n'),
    );
    const env = { STACKS: job.stacks, DIGEST: job.digest };
    const good = runStep(step.run!, join(run.dir, 'job'), env);
    expect([good.status, good.stdout.trim()]).toEqual([0, `synthesized ${job.stacks.replaceAll(' ', ',')}`]);
    const tampered = runStep(step.run!, join(run.dir, 'job'), { ...env, TAMPER: 'payments-eu-west-1' });
    expect(tampered.status).toBe(1);
    expect(tampered.stdout).toContain(`::error::the stacks synthesized here differ from those the synth job validated (digest `);
  });
});
