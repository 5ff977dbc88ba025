/**
 * Upgrade safety and the plan guard on real offline plans. examples/single-account.yaml's stack is
 * "applied" (a Terraform state built from its plan), then edited configs are planned against that
 * state with -refresh=false:
 *   - longer retention and a new rule must not replace or destroy any stateful resource (vaults,
 *     keys, locks, vault policies, Organizations policies, buckets), and in fact destroy nothing;
 *   - a new account or a new Region (an organization, so both are possible) must leave every
 *     existing stack byte-identical: the same configuration against the same state plans nothing;
 *   - renaming the vault (prevent_destroy lifted, else Terraform refuses to plan it) must show as
 *     its replacement, so the check above can fail; the guard blocks that plan by address and lets
 *     it through when guard.allowedChanges allows it, and passes the create-only first plan;
 *   - what lifecycle.prevent_destroy stops, with its default (on): a replacement of a resource whose
 *     block stays in the config (a rename, a switch of keys) is refused, but a block that leaves
 *     the config (a removed lock, a removed vault) takes its prevent_destroy with it, and Terraform
 *     plans the deletion; only the guard blocks those plans.
 * The state: stateFromPlan() fills the values the first plan left unknown; the unchanged config is
 * then planned against it and the state rebuilt from that plan (whose values for set blocks AWS
 * fills in, like empty recovery_point_tags, are now known) until it plans no change at all, which
 * the test asserts: a stricter end than "nothing is replaced". Every terraform process decodes the
 * provider schema (about 2 s of CPU), so the edits are planned against the settled state as modules
 * of one root (support/terraform-together.ts, planStacksWithState: the state copied under each
 * module), each module's share of `show -json` split off with the addresses a plan of its own shows,
 * and read as such by the assertions and the guard: the plans Terraform must accept in one root
 * (init, plan, show), the two it must refuse in another at the same time (init, plan; an error fails
 * a whole plan, and Terraform reports the prevent_destroy error of each module, asserted per module).
 * About nine terraform commands in all, where planning each edit alone took about seventeen.
 * The key policies deny key deletion, disabling and policy replacement to all but the break-glass
 * principals and the deployment role (security.deployRoleArn): a new break-glass principal changes
 * them, and that plan against the converged state must update the key in place, with the policy in
 * force letting the deployment role make the change and the new one letting it make the next.
 * Skips when Terraform or the provider mirror is unavailable (SKIP_TERRAFORM_TESTS=1 too).
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { checkRawConfig } from '../../config';
import { evaluatePlan, planFormatProblem, type GuardResult } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { buildApp } from '../../stacks/app';
import { baseOrganization, type RawConfig } from '../support/configs';
import { EXAMPLES_DIR } from '../support/examples';
import { checkStacks, cleanupTerraformWorkDirs, describeFailure, plannedChanges, type PlannedChange, type StackCheck, terraformAvailability } from '../support/terraform';
import { planWithState, stateFromPlan, type TerraformState } from '../support/terraform-state';
import { planStacksWithState, type PlanTogetherWithState, type StackWithState } from '../support/terraform-together';
import { keyPolicyDecision } from '../support/key-policy';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping the upgrade-safety and guard terraform tests: ${availability.reason}`);

const STACK = 'workload-prod-eu-west-1';
const VAULT = 'aws_backup_vault.vault-main_vault_77900A69';
const LOCK = 'aws_backup_vault_lock_configuration.vault-main_lock_049CE7B4';
const VAULT_POLICY = 'aws_backup_vault_policy.vault-main_policy_561B3073';
const KEY = 'aws_kms_key.vault-main_key_B0C4FE94';

/** Resource types whose replacement or deletion loses data or protection. */
const STATEFUL_TYPES = new Set([
  'aws_backup_vault',
  'aws_backup_logically_air_gapped_vault',
  'aws_backup_vault_lock_configuration',
  'aws_backup_vault_policy',
  'aws_kms_key',
  'aws_organizations_policy',
  'aws_s3_bucket',
]);

const tempDirs: string[] = [];

const singleAccount = (): RawConfig => parse(readFileSync(join(EXAMPLES_DIR, 'single-account.yaml'), 'utf8')) as RawConfig;

/** Edits of the single-account stack that must leave every stateful resource in place. */
const IN_PLACE: Readonly<Record<string, (config: RawConfig) => void>> = {
  'longer retention': (config) => {
    config.plans.gold.rules.daily = { preset: 'daily-35', lifecycle: { deleteAfterDays: 60 } };
  },
  'a new rule': (config) => {
    config.plans.silver.rules.weekly = { preset: 'weekly-90' };
  },
  // Changes the exemptions of the vault policies and of the key policies (the key policy update of the proof below).
  'a new break-glass principal': (config) => {
    config.vaults.main.accessPolicy.breakGlassPrincipals.push(NEW_BREAK_GLASS);
  },
};

const NEW_BREAK_GLASS = 'arn:aws:iam::111122223333:role/SecurityIncidentResponse';
const DEPLOY_ROLE = 'arn:aws:iam::111122223333:role/backup-estate-deploy';
const ADMINISTRATOR = 'arn:aws:iam::111122223333:role/Administrator';

/** Edits of an organization that add stacks and must leave every existing stack as it is. */
const ADDITIVE: Readonly<Record<string, (config: RawConfig) => void>> = {
  'a new account': (config) => {
    config.accounts.billing = { id: '666666666666', unit: 'workloads', regions: ['eu-west-1'], plans: ['gold'] };
  },
  'a new Region': (config) => {
    config.organization.central.regions = ['eu-west-1', 'us-east-1'];
    config.accounts.payments.regions = ['eu-west-1', 'us-east-1'];
  },
};

/** Renames the vault (prevent_destroy lifted, else Terraform refuses to plan the replacement). */
const renameVault = (config: RawConfig): void => {
  config.vaults.main = { ...config.vaults.main, name: 'workload-prod-main-v2', preventDestroy: false };
};

/**
 * Edits that take resources of the applied state out of the config, every preventDestroy left at
 * its default (true): what prevent_destroy does not stop. Terraform must accept these plans.
 */
const NOT_STOPPED: Readonly<Record<string, (config: RawConfig) => void>> = {
  // The lock block leaves the config; the vault stays.
  'remove the lock': (config) => {
    delete config.vaults.main.lock;
  },
  // The vault (its key, lock and policy) leaves the config; the plans move to a new vault.
  'remove the vault': (config) => {
    config.vaults.replacement = { ...config.vaults.main, name: 'workload-prod-replacement' };
    delete config.vaults.main;
    for (const plan of Object.values(config.plans) as { vault: string }[]) plan.vault = 'replacement';
  },
};

/**
 * Edits whose plan must replace a resource that has no prevent_destroy: a restore testing
 * selection whose ARNs change (provider 5.100.0 would update it "in place" without telling AWS).
 */
const RESTORE_ARNS = 'change the ARNs a restore test restores';
const REPLACED: Readonly<Record<string, (config: RawConfig) => void>> = {
  [RESTORE_ARNS]: (config) => {
    config.restoreTesting.weekly.selections.databases.resources = ['arn:aws:rds:eu-west-1:111122223333:db:payments'];
  },
};

/** Edits that replace resources whose blocks stay, preventDestroy at its default: Terraform must refuse these plans. */
const STOPPED: Readonly<Record<string, (config: RawConfig) => void>> = {
  // The vault's block stays, but a new name replaces it.
  'rename the vault': (config) => {
    config.vaults.main.name = 'workload-prod-main-v2';
  },
  // The vault moves from its dedicated key to a shared one: the dedicated key's block leaves the
  // config, and the vault, whose key cannot change in place, is replaced.
  'switch the vault to a shared key': (config) => {
    config.keys = { shared: {} };
    config.vaults.main.kmsKey = 'shared';
  },
};

interface Estate {
  readonly outdir: string;
  /** Stack name -> cdk.tf.json text. */
  readonly stacks: ReadonlyMap<string, string>;
}

function synthesize(raw: RawConfig): Estate {
  const check = checkRawConfig(raw, { baseDir: EXAMPLES_DIR });
  if (!check.model) throw new Error(`invalid test config: ${JSON.stringify(check.errors)}`);
  const outdir = mkdtempSync(join(tmpdir(), 'upgrade-safety-'));
  tempDirs.push(outdir);
  buildApp(check.model, outdir).synth();
  const names = readdirSync(join(outdir, 'stacks')).sort();
  return { outdir, stacks: new Map(names.map((name) => [name, readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')])) };
}

const stackDir = (estate: Estate): string => join(estate.outdir, 'stacks', STACK);
const edited = (base: () => RawConfig, edit: (config: RawConfig) => void): RawConfig => {
  const config = base();
  edit(config);
  return config;
};

/** Stacks of `base` whose synthesized JSON `next` changes (stacks `next` adds are new, not upgrades). */
const changedStacks = (base: Estate, next: Estate): string[] => [...base.stacks.keys()].filter((name) => next.stacks.get(name) !== base.stacks.get(name));

const describeChange = (change: PlannedChange): string => `${change.address}: ${change.actions.join('+')}`;
const isReplaceOrDelete = (change: PlannedChange): boolean => change.actions.includes('delete');
const changing = (changes: readonly PlannedChange[]): PlannedChange[] => changes.filter((change) => !change.actions.every((action) => action === 'no-op'));

describeIfTerraform('upgrade safety and the guard on plans against the state of the applied config', () => {
  // Synthesized in beforeAll, so a skipped suite does no work.
  let base: Estate;
  let editedEstates: Record<string, Estate>;
  let renamed: Estate;
  let first: StackCheck;
  /** The state an apply of the first plan leaves, before any refill. */
  let firstState: TerraformState;
  let state: TerraformState;
  const convergence = { rounds: 0, changes: [] as PlannedChange[], planText: '' };
  const editPlans = new Map<string, PlannedChange[]>();
  let renamePlan: StackWithState;
  /** Label -> its share of the accepted plan (NOT_STOPPED) or of the refused one (STOPPED). */
  const preventDestroyPlans = new Map<string, StackWithState>();
  let refused: PlanTogetherWithState;

  beforeAll(async () => {
    base = synthesize(singleAccount());
    editedEstates = Object.fromEntries(Object.entries(IN_PLACE).map(([name, edit]) => [name, synthesize(edited(singleAccount, edit))]));
    renamed = synthesize(edited(singleAccount, renameVault));
    [first] = await checkStacks([stackDir(base)], { validate: false, showPlanJson: true });
    if (first.planJson === undefined) throw new Error(describeFailure(first));
    const stackJson: unknown = JSON.parse(base.stacks.get(STACK) ?? '{}');
    firstState = stateFromPlan(first.planJson, stackJson);
    state = firstState;
    for (let round = 1; round <= 3; round += 1) {
      // The full plan (show -json) only when something changes: it is what the next state is built from.
      const replan = await planWithState(first, stackDir(base), state, { showJson: 'when-changed' });
      if (replan.changes === undefined) throw new Error(`re-planning ${STACK} failed:\n${replan.plan.stderr}${replan.show?.stderr ?? ''}`);
      Object.assign(convergence, { rounds: round, changes: changing(replan.changes), planText: replan.plan.stdout });
      if (convergence.changes.length === 0) break;
      if (replan.planJson === undefined) throw new Error(`re-planning ${STACK}: no plan JSON`);
      state = stateFromPlan(replan.planJson, stackJson);
    }
    // The plans against the settled state: the accepted ones in one root, the refused ones in
    // another, both at once (one shared provider each).
    const settled = state;
    const RENAME = 'rename with prevent_destroy lifted';
    const acceptedDirs: [string, string][] = [
      ...Object.entries(editedEstates).map(([label, estate]): [string, string] => [label, stackDir(estate)]),
      [RENAME, stackDir(renamed)],
      ...Object.entries(NOT_STOPPED).map(([label, edit]): [string, string] => [label, stackDir(synthesize(edited(singleAccount, edit)))]),
      ...Object.entries(REPLACED).map(([label, edit]): [string, string] => [label, stackDir(synthesize(edited(singleAccount, edit)))]),
    ];
    const refusedDirs = Object.entries(STOPPED).map(([label, edit]): [string, string] => [label, stackDir(synthesize(edited(singleAccount, edit)))]);
    let accepted: PlanTogetherWithState;
    [accepted, refused] = await Promise.all([acceptedDirs, refusedDirs].map((dirs) => planStacksWithState(dirs.map(([, dir]) => dir), settled)));
    const byLabel = (dirs: [string, string][], plan: PlanTogetherWithState) => new Map(dirs.map(([label], index) => [label, plan.stacks[index]]));
    const acceptedByLabel = byLabel(acceptedDirs, accepted);
    if (accepted.show?.code !== 0 || accepted.unattributedErrors.length > 0) {
      const errors = [...accepted.unattributedErrors, ...[...acceptedByLabel].flatMap(([label, stack]) => stack.errors.map((error) => `${label}: ${error}`))];
      throw new Error(`planning the accepted edits failed:\n${errors.join('\n')}\n${accepted.plan.stderr}${accepted.show?.stderr ?? ''}`);
    }
    for (const label of Object.keys(IN_PLACE)) editPlans.set(label, plannedChanges(acceptedByLabel.get(label)?.planJson));
    renamePlan = acceptedByLabel.get(RENAME)!;
    for (const label of [...Object.keys(NOT_STOPPED), ...Object.keys(REPLACED)]) preventDestroyPlans.set(label, acceptedByLabel.get(label)!);
    for (const [label, stack] of byLabel(refusedDirs, refused)) preventDestroyPlans.set(label, stack);
  }, 600_000);

  afterAll(() => {
    cleanupTerraformWorkDirs();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  describe('upgrade safety', () => {
    it('settles a state that the unchanged config plans without any change', () => {
      if (convergence.changes.length > 0) {
        throw new Error(`the unchanged config still plans changes after ${convergence.rounds} round(s): ${convergence.changes.map(describeChange).join(', ')}\n${convergence.planText}`);
      }
      expect(convergence.changes).toEqual([]);
    });

    it.each(Object.keys(IN_PLACE))('%s replaces and destroys nothing', (label) => {
      expect(changedStacks(base, editedEstates[label])).toEqual([STACK]);
      const changes = editPlans.get(label) ?? [];
      expect(changing(changes).length).toBeGreaterThan(0);
      // The applied state holds the stack's vaults and keys, so a destroy would have shown.
      expect(state.resources.filter((resource) => STATEFUL_TYPES.has(resource.type)).length).toBeGreaterThan(0);
      expect(changes.filter(isReplaceOrDelete).map(describeChange)).toEqual([]);
      // Every resource of the applied state is found there (a bare create would mean it was not).
      const inState = new Set(state.resources.map((resource) => `${resource.type}.${resource.name}`));
      expect(changes.filter((change) => inState.has(change.address) && change.actions.includes('create')).map(describeChange)).toEqual([]);
    });

    let organization: Estate;
    beforeAll(() => {
      organization = synthesize(baseOrganization());
    });

    it.each(Object.keys(ADDITIVE))('%s only adds stacks: every existing stack stays byte-identical, so it plans no change', (label) => {
      const estate = synthesize(edited(baseOrganization, ADDITIVE[label]));
      expect(changedStacks(organization, estate)).toEqual([]);
      expect(estate.stacks.size).toBeGreaterThan(organization.stacks.size);
    });

    it('updates a key policy in place, and neither the policy in force nor the new one locks the deployment role out of updating it', () => {
      const keyUpdates = (editPlans.get('a new break-glass principal') ?? []).filter((change) => change.type === 'aws_kms_key' && !change.actions.every((action) => action === 'no-op'));
      expect(keyUpdates.map(describeChange)).toEqual([`${KEY}: update`]);
      const before = state.resources.find((resource) => `${resource.type}.${resource.name}` === KEY)?.instances[0].attributes.policy;
      const stackJson = JSON.parse(editedEstates['a new break-glass principal'].stacks.get(STACK) ?? '{}');
      const after: unknown = stackJson.resource.aws_kms_key[KEY.split('.')[1]].policy;
      if (typeof before !== 'string' || typeof after !== 'string') throw new Error('no key policy in the state or the edited stack');
      // The change is made by the deployment role under the policy in force (KMS's lockout check also asks the new policy to allow its next PutKeyPolicy).
      expect(['before', 'after'].map((when) => keyPolicyDecision(when === 'before' ? before : after, DEPLOY_ROLE, 'kms:PutKeyPolicy'))).toEqual(['allow', 'allow']);
      // Everyone else, the account root included, is denied deletion, disabling and policy replacement, before and after.
      for (const policy of [before, after]) {
        for (const action of ['kms:ScheduleKeyDeletion', 'kms:DisableKey', 'kms:PutKeyPolicy']) {
          expect([action, keyPolicyDecision(policy, ADMINISTRATOR, action), keyPolicyDecision(policy, 'arn:aws:iam::111122223333:root', action)]).toEqual([action, 'deny', 'deny']);
        }
      }
      // The new break-glass principal is exempt only in the new policy.
      expect([keyPolicyDecision(before, NEW_BREAK_GLASS, 'kms:ScheduleKeyDeletion'), keyPolicyDecision(after, NEW_BREAK_GLASS, 'kms:ScheduleKeyDeletion')]).toEqual(['deny', 'allow']);
    });

    it('renaming a vault is seen as the vault being replaced', () => {
      const vaults = changing(plannedChanges(renamePlan.planJson)).filter((change) => change.type === 'aws_backup_vault').map(describeChange);
      expect(vaults).toEqual([expect.stringMatching(/^aws_backup_vault\.vault-main_vault_77900A69: (delete\+create|create\+delete)$/)]);
    });
  });

  describe('what lifecycle.prevent_destroy stops (every preventDestroy at its default, true)', () => {
    /** The plan of `label`, which Terraform must have accepted, as [address, actions, action_reason]. */
    const deletions = (label: string): [string, string, string][] => {
      const result = preventDestroyPlans.get(label);
      if (result?.planJson === undefined) throw new Error(`planning "${label}" failed:\n${result?.errors.join('\n') ?? ''}`);
      expect(planFormatProblem(result.planJson)).toBeUndefined();
      const entries = (result.planJson as { resource_changes: { address: string; change: { actions: string[] }; action_reason?: string }[] }).resource_changes;
      return entries.filter((entry) => entry.change.actions.includes('delete')).map((entry) => [entry.address, entry.change.actions.join('+'), entry.action_reason ?? '']);
    };

    it('does not stop a removed lock: its block, and its prevent_destroy, leave the config, and Terraform plans its deletion', () => {
      expect(deletions('remove the lock')).toEqual([[LOCK, 'delete', 'delete_because_no_resource_config']]);
      // Only the guard stops that plan.
      const result = evaluatePlan(preventDestroyPlans.get('remove the lock')?.planJson, STACK, []);
      expect(result.violations.map((finding) => [finding.address, finding.kind])).toEqual([[LOCK, 'delete']]);
    });

    it('does not stop a removed vault: the vault, its key, lock and policy are planned for deletion', () => {
      const planned = deletions('remove the vault');
      expect(planned.filter(([address]) => [VAULT, KEY, LOCK, VAULT_POLICY].includes(address)).sort()).toEqual(
        [VAULT, KEY, LOCK, VAULT_POLICY].map((address) => [address, 'delete', 'delete_because_no_resource_config']).sort(),
      );
      const result = evaluatePlan(preventDestroyPlans.get('remove the vault')?.planJson, STACK, []);
      expect(result.violations.map((finding) => finding.address).sort()).toEqual([KEY, LOCK, VAULT, VAULT_POLICY].sort());
    });

    it('replaces a restore testing selection whose ARNs change: the provider would report an update that never reaches AWS', () => {
      const [selection] = deletions(RESTORE_ARNS).filter(([address]) => address.startsWith('aws_backup_restore_testing_selection.'));
      expect(selection).toEqual([expect.stringContaining('selection-databases'), 'delete+create', 'replace_by_triggers']);
      expect(deletions(RESTORE_ARNS).map(([address]) => address)).toEqual([selection[0]]);
    });

    it.each(['rename the vault', 'switch the vault to a shared key'])('stops a replacement of a vault whose block stays (%s): Terraform refuses the whole plan', (label) => {
      // The edits Terraform refuses share one plan: each module's own error is what refuses it.
      const result = preventDestroyPlans.get(label);
      expect(refused.init.code).toBe(0);
      expect(refused.plan.code).not.toBe(0);
      expect(result?.planJson).toBeUndefined();
      const errors = (result?.errors ?? []).join('\n').replace(/\s+/g, ' ');
      expect(errors).toContain('Instance cannot be destroyed');
      expect(errors).toContain(`Resource ${VAULT} has lifecycle.prevent_destroy set`);
    });
  });

  describe('the guard', () => {
    it('passes the create-only plan of examples/single-account.yaml', () => {
      const result = evaluatePlan(first.planJson, STACK, []);
      const resources = plannedChanges(first.planJson).length;
      expect(result.ok).toBe(true);
      expect(result.summary).toEqual({ create: resources, update: 0, replace: 0, delete: 0, forget: 0, read: 0, noOp: 0, other: 0 });
      expect(guardMarkdown([result])).toContain('## Backup plan guard: passed');
    });

    it('plans against a state that holds every resource of the first plan', () => {
      expect(firstState.resources.map((resource) => `${resource.type}.${resource.name}`).sort()).toEqual(plannedChanges(first.planJson).map((change) => change.address).sort());
      const vault = firstState.resources.find((resource) => `${resource.type}.${resource.name}` === VAULT);
      const key = firstState.resources.find((resource) => resource.type === 'aws_kms_key' && resource.name.startsWith('vault-main_key'));
      // The vault's kms_key_arn is the key's ARN, as an apply would have left it.
      expect(vault?.instances[0].attributes.kms_key_arn).toBe(key?.instances[0].attributes.arn);
      expect(key?.instances[0].attributes.arn).toMatch(/^arn:aws:kms:eu-west-1:111122223333:key\/[0-9a-f-]{36}$/);
    });

    it('blocks the vault replacement a rename causes, naming its address and why', () => {
      if (renamePlan.planJson === undefined) throw new Error(`plan against the built state failed:\n${renamePlan.errors.join('\n')}`);
      const result: GuardResult = evaluatePlan(renamePlan.planJson, STACK, []);
      expect(result.ok).toBe(false);
      // The vault, and what is keyed by its name; the key and everything else stay.
      expect(result.violations.map((finding) => [finding.address, finding.kind]).sort()).toEqual([
        [VAULT, 'replace'],
        [LOCK, 'replace'],
        [VAULT_POLICY, 'replace'],
      ]);
      expect(result.violations.find((finding) => finding.address === VAULT)?.replacePaths).toEqual(['name']);
      // The vault's silence alarm is named after it (replaced: an alarm holds no data); the dashboard names it.
      expect(result.summary).toMatchObject({ create: 0, delete: 0, replace: 5, update: 5 });
      // Only what the rename explains changes: the state is what an apply of the first plan left.
      expect(changing(plannedChanges(renamePlan.planJson)).map((change) => change.address).sort()).toEqual([
        'aws_backup_plan.plan-gold_plan_374B848C', // target_vault_name
        'aws_backup_plan.plan-silver_plan_AC71515B',
        'aws_backup_restore_testing_plan.restore-testing-weekly_plan_DEFDEAD3', // include_vaults: the vault ARN
        VAULT,
        LOCK,
        'aws_backup_vault_notifications.vault-main_notifications_5110CF2E',
        VAULT_POLICY,
        'aws_cloudwatch_dashboard.monitoring_dashboard_4CE328EF', // charts the vault's recovery points
        'aws_cloudwatch_metric_alarm.monitoring_silence-main_A13742E6', // alarm_name and dimension
        'aws_kms_key.vault-main_key_B0C4FE94', // description names the vault
      ]);
      expect(guardMarkdown([result])).toContain(`Replacing ${VAULT} destroys its recovery points`);
    });

    it('lets the vault replacement through when guard.allowedChanges allows it for this stack', () => {
      if (renamePlan.planJson === undefined) throw new Error(renamePlan.errors.join('\n'));
      const reason = 'Renaming the vault after copying its recovery points (CHG-1234)';
      const allowed = [VAULT, LOCK, VAULT_POLICY].map((address) => ({ stack: STACK, address, reason }));
      expect(evaluatePlan(renamePlan.planJson, STACK, allowed)).toMatchObject({ ok: true, violations: [] });
      expect(evaluatePlan(renamePlan.planJson, 'workload-prod-us-east-1', allowed).ok).toBe(false);
    });
  });
});
