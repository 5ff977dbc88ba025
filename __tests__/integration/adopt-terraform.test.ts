/**
 * Adoption against Terraform, offline. Both fixtures are adopted and synthesized as a user would
 * (backup-estate adopt, then synth: the config names its imports file, the stacks write the import
 * blocks). Then:
 *   - `terraform validate` of each stack shape with its import blocks: the DR-only stack
 *     (acme-prod-eu-central-1) and the organization's management stack (management-us-east-1);
 *   - the primary stack (acme-prod-eu-west-1: the Default vault with its AWS managed key, a governance
 *     and a compliance lock, a vault policy, two plans, three selections by tags, conditions and
 *     ARNs, a restore testing plan, Region settings) is planned against the state its imports leave:
 *     each imported resource with the attributes the provider reads from AWS, built from the
 *     fixture's CLI output (support/export-state.ts), not from our config. The plan must replace
 *     and delete nothing, create only what nothing imports, and the imports must be no-ops for
 *     resources already in that state. (plan validates the configuration first.)
 * One init per stack, one validate each for two, one plan: all on the harness's shared providers.
 * Skips when Terraform or the provider mirror is unavailable (SKIP_TERRAFORM_TESTS=1 too).
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adoptExport, writeAdoption } from '../../adopt';
import { runSynth } from '../../main';
import { runCommand } from '../support/cli';
import { stateFromExport } from '../support/export-state';
import { checkStacks, cleanupTerraformWorkDirs, describeFailure, type StackCheck, terraformAvailability } from '../support/terraform';
import { planWithState, type PlanWithState } from '../support/terraform-state';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping the adoption terraform tests: ${availability.reason}`);

const FIXTURES = join(__dirname, '..', 'fixtures', 'adopt');
const PRIMARY = 'acme-prod-eu-west-1';

interface Adopted {
  readonly dir: string;
  readonly imports: Record<string, Record<string, string>>;
}

const dirs: string[] = [];

function adoptAndSynth(fixture: string): Adopted {
  const dir = mkdtempSync(join(tmpdir(), 'adopt-terraform-'));
  dirs.push(dir);
  const result = adoptExport({ from: join(FIXTURES, fixture) });
  expect(result.errors).toEqual([]);
  writeAdoption(result, join(dir, 'backup.yaml'));
  const synth = runCommand(runSynth, [], dir);
  if (synth.status !== 0) throw new Error(`synth of the adopted ${fixture} config failed:\n${synth.stderr}`);
  return { dir, imports: (JSON.parse(readFileSync(join(dir, 'adopt', 'imports.json'), 'utf8')) as { stacks: Record<string, Record<string, string>> }).stacks };
}

const stackDir = (adopted: Adopted, stack: string): string => join(adopted.dir, 'cdktf.out', 'stacks', stack);

describeIfTerraform('adopted stacks under Terraform', () => {
  let single: Adopted;
  let organization: Adopted;
  let validated: StackCheck[];
  let primary: StackCheck;
  let planned: PlanWithState;

  beforeAll(async () => {
    single = adoptAndSynth('single-account');
    organization = adoptAndSynth('organization');
    // The two stacks validate while the primary one initializes (plan validates it first).
    const [checks, [init]] = await Promise.all([
      checkStacks([stackDir(single, 'acme-prod-eu-central-1'), stackDir(organization, 'management-us-east-1')], { plan: false }),
      checkStacks([stackDir(single, PRIMARY)], { validate: false, plan: false }),
    ]);
    validated = checks;
    primary = init as StackCheck;
    const state = stateFromExport(single.imports[PRIMARY] ?? {}, join(FIXTURES, 'single-account', '111122223333', 'eu-west-1'), 'eu-west-1');
    planned = await planWithState(primary, stackDir(single, PRIMARY), state, { showJson: false });
  }, 300_000);

  afterAll(() => {
    cleanupTerraformWorkDirs();
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  });

  it('validates every stack shape with its import blocks', () => {
    for (const check of validated) {
      if (check.validate.code !== 0) throw new Error(describeFailure(check));
    }
    const blocks = (adopted: Adopted, stack: string) => (JSON.parse(readFileSync(join(stackDir(adopted, stack), 'cdk.tf.json'), 'utf8')) as { import?: unknown[] }).import ?? [];
    expect(blocks(single, 'acme-prod-eu-central-1')).toEqual([{ to: 'aws_backup_vault.vault-prod-dr_vault_7F8A9676', id: 'prod-dr' }]);
    expect(blocks(organization, 'management-us-east-1')).toEqual([
      { to: 'aws_organizations_delegated_administrator.backup-delegated-administrator', id: '222222222222/backup.amazonaws.com' },
      { to: 'aws_organizations_policy.policy-org-baseline_policy_A77E2387', id: 'p-backup12ab' },
      { to: 'aws_organizations_policy_attachment.policy-org-baseline_target-workloads_917C2513', id: 'ou-a1b2-workload1:p-backup12ab' },
    ]);
    expect(blocks(single, PRIMARY)).toHaveLength(14);
  });

  it('plans the primary stack against the state its imports leave: it replaces and deletes nothing, and creates only what nothing imports', () => {
    if (planned.changes === undefined) throw new Error(`plan against the imported state failed:\n${planned.plan.stderr}`);
    const changes = planned.changes.map((change) => `${change.address}: ${change.actions.join('+')}`).sort();
    // Every imported resource is in the state: the import blocks are no-ops, and what changes is
    // what the report says the first apply changes in place; vaults, locks (the compliance one
    // included: its changeable days are ignored) and the selections do not change.
    expect(changes).toEqual([
      'aws_backup_plan.plan-prod-daily_plan_A39B9B19: update', // rule weekly.long becomes weekly-long
      'aws_backup_region_settings.region-settings_E3B835A1: update', // opts in EKS, which the export does not list (the report warns)
      'aws_backup_restore_testing_selection.restore-testing-weekly_restore_selection-ebs_volumes_6C2404C3: update', // the restore testing role
      'aws_backup_vault_policy.vault-prod-main_policy_F890F316: update', // the deny gains backup:DisassociateRecoveryPoint (the report says so)
      'aws_cloudwatch_dashboard.monitoring_dashboard_4CE328EF: create', // monitoring AWS did not have: the dashboard
      'aws_cloudwatch_metric_alarm.monitoring_silence-prod-main_C546983D: create', // and the silence alarm of the vault plans write to
      'aws_iam_role.restore-testing-role_DE975CD1: create',
      'aws_iam_role_policy_attachment.restore-testing-role_AWSBackupServiceRolePolicyForRestores_1C5142CC: create',
      'aws_iam_role_policy_attachment.restore-testing-role_AWSBackupServiceRolePolicyForS3Restore_67214855: create',
    ]);
    expect(planned.plan.stdout).toContain('"changes":{"add":5,"change":4,"import":0,"remove":0,"operation":"plan"}');
  });
});
