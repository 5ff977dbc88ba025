/**
 * The guard on real plans, produced offline by Terraform from our own stacks:
 *   (a) examples/single-account.yaml synthesized and planned from empty state: create only, passes;
 *   (b) the same stack with the vault renamed (and preventDestroy off, else Terraform itself refuses
 *       to plan the replacement), planned against a state built from plan (a)'s planned values:
 *       Terraform replaces the vault, and the guard blocks it by address.
 * Two Terraform runs of one stack: init, validate, plan, show; then plan and show in the same work
 * dir. Skips when Terraform or the provider mirror is unavailable (SKIP_TERRAFORM_TESTS=1 too).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { checkConfigFile } from '../../config';
import { evaluatePlan, guardMarkdown, type GuardResult } from '../../guard/guard';
import { buildApp } from '../../stacks/app';
import { EXAMPLES_DIR } from '../support/examples';
import { checkStacks, cleanupTerraformWorkDirs, describeFailure, plannedChanges, type StackCheck, terraformAvailability } from '../support/terraform';
import { planWithState, stateFromPlan, type PlanWithState, type TerraformState } from '../support/terraform-state';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping the guard's terraform tests: ${availability.reason}`);

const STACK = 'workload-prod-eu-west-1';
const VAULT = 'aws_backup_vault.vault-main_vault_77900A69';
const LOCK = 'aws_backup_vault_lock_configuration.vault-main_lock_049CE7B4';
const VAULT_POLICY = 'aws_backup_vault_policy.vault-main_policy_561B3073';

const tempDirs: string[] = [];
const tempDir = (prefix: string): string => {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  tempDirs.push(dir);
  return dir;
};

/** Validates `configPath` and synthesizes its stacks into a fresh temp dir; returns the stack dir. */
function synthesize(configPath: string): string {
  const check = checkConfigFile(configPath);
  if (!check.model) throw new Error(`${configPath} is invalid: ${JSON.stringify(check.errors)}`);
  const outdir = tempDir('guard-estate-');
  buildApp(check.model, outdir).synth();
  return join(outdir, 'stacks', STACK);
}

/** examples/single-account.yaml with the vault renamed and its prevent_destroy lifted. */
function renamedVaultConfig(): string {
  const raw = parse(readFileSync(join(EXAMPLES_DIR, 'single-account.yaml'), 'utf8')) as { vaults: Record<string, Record<string, unknown>> };
  raw.vaults.main = { ...raw.vaults.main, name: 'workload-prod-main-v2', preventDestroy: false };
  const path = join(tempDir('guard-config-'), 'renamed-vault.yaml');
  writeFileSync(path, stringify(raw));
  return path;
}

describeIfTerraform('the guard on plans Terraform makes of our stacks', () => {
  let first: StackCheck;
  let state: TerraformState;
  let second: PlanWithState;

  beforeAll(async () => {
    const original = synthesize(join(EXAMPLES_DIR, 'single-account.yaml'));
    [first] = await checkStacks([original], { showPlanJson: true });
    if (first.planJson === undefined) throw new Error(describeFailure(first));
    state = stateFromPlan(first.planJson, JSON.parse(readFileSync(join(original, 'cdk.tf.json'), 'utf8')));
    second = await planWithState(first, synthesize(renamedVaultConfig()), state);
  }, 300_000);

  afterAll(() => {
    cleanupTerraformWorkDirs();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('(a) passes the create-only plan of examples/single-account.yaml', () => {
    const result = evaluatePlan(first.planJson, STACK, []);
    const resources = plannedChanges(first.planJson).length;
    expect(result.ok).toBe(true);
    expect(result.summary).toEqual({ create: resources, update: 0, replace: 0, delete: 0, forget: 0, read: 0, noOp: 0, other: 0 });
    expect(guardMarkdown([result])).toContain('## Backup plan guard: passed');
  });

  it('builds a state that holds every resource of the first plan', () => {
    expect(state.resources.map((resource) => `${resource.type}.${resource.name}`).sort()).toEqual(plannedChanges(first.planJson).map((change) => change.address).sort());
    const vault = state.resources.find((resource) => `${resource.type}.${resource.name}` === VAULT);
    const key = state.resources.find((resource) => resource.type === 'aws_kms_key' && resource.name.startsWith('vault-main_key'));
    // The vault's kms_key_arn is the key's ARN, as an apply would have left it.
    expect(vault?.instances[0].attributes.kms_key_arn).toBe(key?.instances[0].attributes.arn);
    expect(key?.instances[0].attributes.arn).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f-]{36}$/);
  });

  it('(b) blocks the vault replacement a rename causes, naming its address and why', () => {
    if (second.planJson === undefined) throw new Error(`plan against the built state failed:\n${second.plan.stderr}\n${second.show?.stderr ?? ''}`);
    const vaultChange = plannedChanges(second.planJson).find((change) => change.address === VAULT);
    expect([['delete', 'create'], ['create', 'delete']]).toContainEqual(vaultChange?.actions);

    const result: GuardResult = evaluatePlan(second.planJson, STACK, []);
    expect(result.ok).toBe(false);
    // The vault, and what is keyed by its name; the key and everything else stay.
    expect(result.violations.map((finding) => [finding.address, finding.kind]).sort()).toEqual([
      [VAULT, 'replace'],
      [LOCK, 'replace'],
      [VAULT_POLICY, 'replace'],
    ]);
    expect(result.violations.find((finding) => finding.address === VAULT)?.replacePaths).toEqual(['name']);
    expect(result.summary).toMatchObject({ create: 0, delete: 0, replace: 4, update: 4 });
    // Only what the rename explains changes: the state is what an apply of the first plan left.
    const changed = plannedChanges(second.planJson).filter((change) => change.actions.join() !== 'no-op');
    expect(changed.map((change) => change.address).sort()).toEqual([
      'aws_backup_plan.plan-gold_plan_374B848C', // target_vault_name
      'aws_backup_plan.plan-silver_plan_AC71515B',
      'aws_backup_restore_testing_plan.restore-testing-weekly_plan_DEFDEAD3', // include_vaults: the vault ARN
      VAULT,
      LOCK,
      'aws_backup_vault_notifications.vault-main_notifications_5110CF2E',
      VAULT_POLICY,
      'aws_kms_key.vault-main_key_B0C4FE94', // description names the vault
    ]);
    expect(guardMarkdown([result])).toContain(`Replacing ${VAULT} destroys its recovery points`);
  });

  it('(b) lets the vault replacement through when guard.allowedChanges allows it for this stack', () => {
    if (second.planJson === undefined) throw new Error(second.plan.stderr);
    const reason = 'Renaming the vault after copying its recovery points (CHG-1234)';
    const allowed = [VAULT, LOCK, VAULT_POLICY].map((address) => ({ stack: STACK, address, reason }));
    expect(evaluatePlan(second.planJson, STACK, allowed)).toMatchObject({ ok: true, violations: [] });
    expect(evaluatePlan(second.planJson, 'workload-prod-us-east-1', allowed).ok).toBe(false);
  });
});
