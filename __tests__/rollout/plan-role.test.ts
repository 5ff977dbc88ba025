/**
 * The read-only plan role of pull-request plans and the refusal of local state in an organization's
 * pipeline (rollout/plan-role.ts, cli/plan-role.ts), on synthesized examples.
 */
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { runPlanRole } from '../../cli/plan-role';
import { runSynth } from '../../main';
import { PLAN_ROLE_OVERRIDE_FILE, planRoleOverride, sameAccountRole } from '../../rollout/plan-role';
import { runCommand, scratchProject } from '../support/cli';

const synthesized = (example: string, edit?: (config: Record<string, unknown>) => void): string => {
  const dir = scratchProject();
  let file = `examples/${example}`;
  if (edit) {
    const config = parse(readFileSync(join(dir, file), 'utf8')) as Record<string, unknown>;
    edit(config);
    file = 'examples/edited.yaml';
    writeFileSync(join(dir, file), stringify(config));
  }
  const synth = runCommand(runSynth, [file], dir);
  if (synth.status !== 0) throw new Error(synth.stderr);
  return dir;
};

const overrideOf = (dir: string, stack: string): unknown => JSON.parse(readFileSync(join(dir, 'cdktf.out', 'stacks', stack, PLAN_ROLE_OVERRIDE_FILE), 'utf8'));

describe('planRoleOverride', () => {
  const stack = (providers: unknown, backend: unknown = { s3: { bucket: 'b', key: 'k', region: 'us-east-1' } }) => ({ terraform: { backend }, provider: { aws: providers } });

  it('makes every provider that assumes a role assume the plan role of the same account and partition', () => {
    const json = stack([
      { region: 'eu-west-1', assume_role: [{ role_arn: 'arn:aws:iam::333333333333:role/OrganizationAccountAccessRole', session_name: 'backup-estate' }] },
      { alias: 'dr', region: 'us-east-1', assume_role: [{ role_arn: 'arn:aws-us-gov:iam::444444444444:role/path/Deploy' }] },
      { alias: 'plain', region: 'us-west-2' },
    ]);
    expect(planRoleOverride('s', json, { roleName: 'ReadOnlyPlan' })).toEqual({
      override: {
        provider: {
          aws: [
            { assume_role: [{ role_arn: 'arn:aws:iam::333333333333:role/ReadOnlyPlan', session_name: 'backup-estate-plan' }] },
            { alias: 'dr', assume_role: [{ role_arn: 'arn:aws-us-gov:iam::444444444444:role/ReadOnlyPlan', session_name: 'backup-estate-plan' }] },
          ],
        },
      },
    });
  });

  it('writes nothing for a stack that assumes no role (the job credentials are the read-only ones)', () => {
    expect(planRoleOverride('s', stack([{ region: 'eu-west-1' }]))).toEqual({ override: undefined });
  });

  it('needs a read-only state role when the backend assumes one, and then replaces it', () => {
    const json = stack([{ region: 'eu-west-1' }], { s3: { bucket: 'b', key: 'k', region: 'us-east-1', assume_role: { role_arn: 'arn:aws:iam::555555555555:role/StateWriter' } } });
    expect(planRoleOverride('s', json)).toEqual({ error: 's: the s3 backend assumes a role of its own; pass --state-role-arn with a role that can only read the state (a PR plan runs with -lock=false)' });
    expect(planRoleOverride('s', json, { stateRoleArn: 'arn:aws:iam::555555555555:role/StateReader' })).toEqual({
      override: { terraform: { backend: { s3: { bucket: 'b', key: 'k', region: 'us-east-1', assume_role: { role_arn: 'arn:aws:iam::555555555555:role/StateReader', session_name: 'backup-estate-plan' } } } } },
    });
  });

  it('refuses a role name IAM would refuse, a state role that is no role ARN, and a provider role it cannot read', () => {
    expect(planRoleOverride('s', {}, { roleName: 'has space' })).toEqual({ error: '--role-name: "has space" is not an IAM role name (1-64 letters, digits and +=,.@_-)' });
    expect(planRoleOverride('s', {}, { stateRoleArn: 'StateReader' })).toEqual({ error: '--state-role-arn: "StateReader" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)' });
    // Written into the override's JSON: Terraform would read "${" as an interpolation.
    expect(planRoleOverride('s', {}, { stateRoleArn: 'arn:aws:iam::111122223333:role/a${b}/state' })).toEqual({
      error: '--state-role-arn: "arn:aws:iam::111122223333:role/a${b}/state" holds "${", which Terraform reads as the start of a template (an interpolation) in any string of the stack\'s JSON: IAM allows it in a role path, but AWS would not get this ARN',
    });
    expect(planRoleOverride('s', stack([{ alias: 'x', assume_role: [{ role_arn: '${var.role}' }] }]))).toEqual({
      error: 's: provider aws.x assumes "${var.role}", which is not an IAM role ARN: cannot tell the account of its plan role',
    });
    expect(sameAccountRole('arn:aws:iam::111122223333:user/alice', 'x')).toBeUndefined();
  });

  it('reads a role ARN as the config does (core/limits.ts IAM_ROLE_ARN_PATTERN, then roleArnProblem), not by a pattern of its own', () => {
    // An empty path segment is no IAM role path (IAM_ROLE_PATH): refused as the config's roleArn refuses it.
    expect(planRoleOverride('s', {}, { stateRoleArn: 'arn:aws:iam::111122223333:role//state' })).toEqual({ error: '--state-role-arn: "arn:aws:iam::111122223333:role//state" is not an IAM role ARN (arn:aws:iam::<12 digits>:role/<name>)' });
    expect(sameAccountRole('arn:aws:iam::111122223333:role//deploy', 'x')).toBeUndefined();
    // A role name over IAM's 64 characters is named as such (roleArnProblem), not as an ARN of another shape.
    const long = `arn:aws:iam::111122223333:role/${'r'.repeat(65)}`;
    expect(planRoleOverride('s', {}, { stateRoleArn: long })).toEqual({ error: `--state-role-arn: "${long}": its role name "${'r'.repeat(65)}" has 65 characters; IAM allows at most 64 (CreateRole)` });
    expect(sameAccountRole('arn:aws-cn:iam::111122223333:role/ops/deploy', 'pr-plan')).toBe('arn:aws-cn:iam::111122223333:role/pr-plan');
  });

  it('reads a deploy role whose path holds any printable ASCII, as IAM allows (CreateRole)', () => {
    expect(sameAccountRole('arn:aws:iam::111122223333:role/team#1:ops/deploy', 'pr-plan')).toBe('arn:aws:iam::111122223333:role/pr-plan');
  });
});

describe('backup-estate plan-role', () => {
  it('writes the override beside every stack of an organization, each in its own account', () => {
    const dir = synthesized('organization.yaml');
    const result = runCommand(runPlanRole, ['--role-name', 'BackupEstatePlan'], dir);
    expect(result.stderr).toMatch(/^plan-role: (\d+) of \1 stack\(s\) plan with the read-only role BackupEstatePlan\n$/);
    expect(result.status).toBe(0);
    const rollout = JSON.parse(readFileSync(join(dir, 'cdktf.out', 'rollout.json'), 'utf8')) as { stacks: { name: string; accountId: string }[] };
    for (const { name, accountId } of rollout.stacks) {
      const roles = (overrideOf(dir, name) as { provider: { aws: { assume_role: { role_arn: string }[] }[] } }).provider.aws.map((block) => block.assume_role[0].role_arn);
      expect(new Set(roles)).toEqual(new Set([`arn:aws:iam::${accountId}:role/BackupEstatePlan`]));
    }
    // cdk.tf.json keeps the deploy role: applies use it.
    const [first] = rollout.stacks;
    expect(readFileSync(join(dir, 'cdktf.out', 'stacks', first.name, 'cdk.tf.json'), 'utf8')).toContain(':role/OrganizationAccountAccessRole');
  });

  it('takes the role name from BACKUP_PLAN_ROLE_NAME and only the named stacks', () => {
    const dir = synthesized('organization.yaml');
    const result = runCommand(runPlanRole, ['payments-eu-west-1,central-eu-west-1'], dir, { BACKUP_PLAN_ROLE_NAME: 'pr-plan' });
    expect([result.status, result.stderr]).toEqual([0, 'plan-role: 2 of 2 stack(s) plan with the read-only role pr-plan\n']);
    const written = readdirSync(join(dir, 'cdktf.out', 'stacks')).filter((stack) => existsSync(join(dir, 'cdktf.out', 'stacks', stack, PLAN_ROLE_OVERRIDE_FILE)));
    expect(written.sort()).toEqual(['central-eu-west-1', 'payments-eu-west-1']);
  });

  it('refuses local state in an organization estate, naming state.backend, and writes nothing', () => {
    const dir = synthesized('organization.yaml', (config) => delete config.state);
    for (const args of [[], ['--check']]) {
      const result = runCommand(runPlanRole, args, dir);
      expect(result.status).toBe(1);
      expect(result.stderr.split('\n')[0]).toBe(
        "error state.backend: an organization estate's pipeline needs remote state, and stack management-us-east-1 keeps its state in a local file: a CI runner discards its files after each run, so the next plan would start from nothing. Set state: { backend: s3, bucket: ..., region: ... } and migrate the state first (terraform init -migrate-state).",
      );
    }
    expect(readdirSync(join(dir, 'cdktf.out', 'stacks')).some((stack) => existsSync(join(dir, 'cdktf.out', 'stacks', stack, PLAN_ROLE_OVERRIDE_FILE)))).toBe(false);
  });

  it("refuses it too in a job's partial synth that holds workload stacks only", () => {
    const dir = scratchProject();
    const config = parse(readFileSync(join(dir, 'examples', 'organization.yaml'), 'utf8')) as Record<string, unknown>;
    delete config.state;
    writeFileSync(join(dir, 'examples', 'edited.yaml'), stringify(config));
    expect(runCommand(runSynth, ['examples/edited.yaml', '--stack', 'payments-eu-west-1'], dir).status).toBe(0);
    const result = runCommand(runPlanRole, ['--check', 'payments-eu-west-1'], dir);
    expect([result.status, result.stderr.split(':')[0]]).toEqual([1, 'error state.backend']);
  });

  it('refuses local state in a single-account estate too (a runner discards it: the next apply would start from nothing), and --check writes nothing', () => {
    const dir = synthesized('single-account.yaml');
    const result = runCommand(runPlanRole, ['--check'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      'error state.backend: a pipeline needs remote state, and stack workload-prod-eu-west-1 keeps its state in a local file: a CI runner discards its files after each run',
    );
    expect(result.stderr).not.toContain('remote state where it must be');
    expect(existsSync(join(dir, 'cdktf.out', 'stacks', 'workload-prod-eu-west-1', PLAN_ROLE_OVERRIDE_FILE))).toBe(false);
  });

  it('says what is wrong with its arguments and input (exit 2)', () => {
    const dir = synthesized('single-account.yaml');
    expect(runCommand(runPlanRole, ['nope'], dir)).toMatchObject({ status: 2, stderr: 'not in cdktf.out/rollout.json: nope\n' });
    expect(runCommand(runPlanRole, ['--role'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^plan-role: unknown option --role; usage: backup-estate plan-role [^\n]*\n$/) });
    expect(runCommand(runPlanRole, ['--check=1'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^plan-role: --check takes no value \(got --check=1\); usage: backup-estate plan-role [^\n]*\n$/) });
    expect(runCommand(runPlanRole, ['--role-name'], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^plan-role: --role-name needs a value; usage: /) });
    expect(runCommand(runPlanRole, ['--synth-dir', 'missing'], dir)).toMatchObject({ status: 2, stderr: expect.stringContaining('missing/rollout.json: not found') });
    expect(runCommand(runPlanRole, ['--help'], dir)).toMatchObject({ status: 0, stdout: expect.stringContaining('Refuses local state (an organization estate or a single account)') });
  });
});
