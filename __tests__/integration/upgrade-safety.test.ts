/**
 * Upgrade safety on real offline plans: a config is "applied" (a Terraform state built from its
 * plan), then edited, and Terraform plans the edit against that state with -refresh=false.
 *   - Non-destructive edits (longer retention, a new rule, a new account, a new Region) must not
 *     replace or destroy any stateful resource (vaults, keys, locks, vault policies, Organizations
 *     policies, buckets), and in fact destroy nothing at all.
 *   - A destructive edit (renaming a vault) must show up as the vault's replacement, so the check
 *     above can fail.
 * The state: stateFromPlan() fills the values the first plan left unknown; the unchanged config is
 * then planned against it and the state rebuilt from that plan (whose values for set blocks AWS
 * fills in, like empty recovery_point_tags, are now known) until it plans no change at all, which
 * the test asserts: a stricter end than "nothing is replaced".
 * Stacks an edit leaves byte-identical are asserted identical instead of planned (the same
 * configuration against the same state plans no change, as the convergence step shows). The edits
 * are planned one after another in the stack's work dir, their changes read from `plan -json`.
 * Base: a small organization (management, central backup and two workload stacks) with alerts,
 * so the state round trip covers Organizations, KMS, vault, lock, policy, plan, selection, IAM,
 * SNS and EventBridge resources. Skips when Terraform or the provider mirror is unavailable.
 */
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import { buildApp } from '../../stacks/app';
import { baseOrganization, type RawConfig } from '../support/configs';
import { checkStacks, cleanupTerraformWorkDirs, describeFailure, type PlannedChange, type StackCheck, terraformAvailability } from '../support/terraform';
import { planWithState, stateFromPlan, type TerraformState } from '../support/terraform-state';

const availability = terraformAvailability();
const describeIfTerraform = availability.ok ? describe : describe.skip;
if (!availability.ok) console.warn(`Skipping the upgrade-safety terraform tests: ${availability.reason}`);

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

function baseConfig(): RawConfig {
  const config = baseOrganization();
  config.alerts = { subscriptions: { oncall: { protocol: 'email', endpoint: 'backup-oncall@example.com' } } };
  return config;
}

/** Edits of existing stacks that must leave every stateful resource in place. */
const IN_PLACE: Readonly<Record<string, (config: RawConfig) => void>> = {
  'longer retention': (config) => {
    config.plans.gold.rules.daily = { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 90 }, copies: { central: { lifecycle: { deleteAfterDays: 90 } } } };
  },
  'a new rule': (config) => {
    config.plans.gold.rules.weekly = { preset: 'weekly-90', copies: { central: {} } };
  },
};

/** Edits that add stacks and must leave every existing stack as it is. */
const ADDITIVE: Readonly<Record<string, (config: RawConfig) => void>> = {
  'a new account': (config) => {
    config.accounts.billing = { id: '666666666666', unit: 'workloads', regions: ['eu-west-1'], plans: ['gold'] };
  },
  'a new Region': (config) => {
    config.organization.central.regions = ['eu-west-1', 'us-east-1'];
    config.accounts.payments.regions = ['eu-west-1', 'us-east-1'];
  },
};

/** Renames the vault of the gold plan (prevent_destroy lifted, else Terraform refuses to plan it). */
const renameVault = (config: RawConfig): void => {
  config.vaults.main = { ...config.vaults.main, name: 'main-v2', preventDestroy: false };
};

interface Estate {
  readonly outdir: string;
  /** Stack name -> cdk.tf.json text. */
  readonly stacks: ReadonlyMap<string, string>;
}

function synthesize(raw: RawConfig): Estate {
  const check = checkRawConfig(raw);
  if (!check.model) throw new Error(`invalid test config: ${JSON.stringify(check.errors)}`);
  const outdir = mkdtempSync(join(tmpdir(), 'upgrade-safety-'));
  tempDirs.push(outdir);
  buildApp(check.model, outdir).synth();
  const names = readdirSync(join(outdir, 'stacks')).sort();
  return { outdir, stacks: new Map(names.map((name) => [name, readFileSync(join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf8')])) };
}

const stackDir = (estate: Estate, stack: string): string => join(estate.outdir, 'stacks', stack);
const edited = (edit: (config: RawConfig) => void): RawConfig => {
  const config = baseConfig();
  edit(config);
  return config;
};

/** Stacks of `base` whose synthesized JSON `next` changes (stacks `next` adds are new, not upgrades). */
const changedStacks = (base: Estate, next: Estate): string[] => [...base.stacks.keys()].filter((name) => next.stacks.get(name) !== base.stacks.get(name));

const describeChange = (change: PlannedChange): string => `${change.address}: ${change.actions.join('+')}`;
const isReplaceOrDelete = (change: PlannedChange): boolean => change.actions.includes('delete');

describeIfTerraform('upgrade safety: edits planned against the state of the applied config', () => {
  const base = synthesize(baseConfig());
  const editedEstates = Object.fromEntries(Object.entries(IN_PLACE).map(([name, edit]) => [name, synthesize(edited(edit))]));
  const addedEstates = Object.fromEntries(Object.entries(ADDITIVE).map(([name, edit]) => [name, synthesize(edited(edit))]));
  const renamed = synthesize(edited(renameVault));
  const planned = [...new Set([...Object.values(editedEstates), renamed].flatMap((estate) => changedStacks(base, estate)))].sort();

  const checks = new Map<string, StackCheck>();
  const states = new Map<string, TerraformState>();
  /** Stack -> the actions of the last convergence plan, and how many rounds it took. */
  const convergence = new Map<string, { rounds: number; changes: PlannedChange[]; planText: string }>();
  const editPlans = new Map<string, PlannedChange[]>();

  /** The state of the applied base config: built from its plan, refilled until nothing is replaced. */
  async function settleState(stack: string, check: StackCheck): Promise<void> {
    if (check.planJson === undefined) throw new Error(describeFailure(check));
    const stackJson: unknown = JSON.parse(base.stacks.get(stack) ?? '{}');
    let state = stateFromPlan(check.planJson, stackJson);
    for (let round = 1; round <= 3; round += 1) {
      // The full plan (show -json) only when something changes: it is what the next state is built from.
      const replan = await planWithState(check, stackDir(base, stack), state, { showJson: 'when-changed' });
      if (replan.changes === undefined) throw new Error(`re-planning ${stack} failed:\n${replan.plan.stderr}${replan.show?.stderr ?? ''}`);
      const changes = replan.changes.filter((change) => !change.actions.every((action) => action === 'no-op'));
      convergence.set(stack, { rounds: round, changes, planText: replan.plan.stdout });
      if (changes.length === 0) break;
      if (replan.planJson === undefined) throw new Error(`re-planning ${stack}: no plan JSON`);
      state = stateFromPlan(replan.planJson, stackJson);
    }
    states.set(stack, state);
  }

  async function planEdit(label: string, estate: Estate, stack: string): Promise<void> {
    const check = checks.get(stack);
    const state = states.get(stack);
    if (!check || !state) throw new Error(`no settled state for ${stack}`);
    // One after another in the stack's work dir, changes read from plan's -json stream (no show).
    const result = await planWithState(check, stackDir(estate, stack), state, { showJson: false });
    if (result.changes === undefined) throw new Error(`planning "${label}" for ${stack} failed:\n${result.plan.stderr}`);
    editPlans.set(`${label}|${stack}`, result.changes);
  }

  beforeAll(async () => {
    const results = await checkStacks(
      planned.map((stack) => stackDir(base, stack)),
      { validate: false, showPlanJson: true },
    );
    planned.forEach((stack, index) => checks.set(stack, results[index]));
    await Promise.all(planned.map((stack, index) => settleState(stack, results[index])));
    const jobs = [
      ...Object.entries(editedEstates).flatMap(([label, estate]) => changedStacks(base, estate).map((stack) => () => planEdit(label, estate, stack))),
      ...changedStacks(base, renamed).map((stack) => () => planEdit('rename a vault', renamed, stack)),
    ];
    for (const job of jobs) await job();
  }, 600_000);

  afterAll(() => {
    cleanupTerraformWorkDirs();
    for (const dir of tempDirs) rmSync(dir, { recursive: true, force: true });
  });

  it('settles a state that the unchanged config plans without any change', () => {
    expect(planned.length).toBeGreaterThan(0);
    for (const stack of planned) {
      const settled = convergence.get(stack);
      if (settled?.changes.length) throw new Error(`the unchanged config of ${stack} still plans changes after ${settled.rounds} round(s): ${settled.changes.map(describeChange).join(", ")}\n${settled.planText}`);
      expect(settled?.changes).toEqual([]);
    }
  });

  it.each(Object.keys(IN_PLACE))('%s replaces and destroys nothing in the stacks it changes', (label) => {
    const estate = editedEstates[label];
    const changed = changedStacks(base, estate);
    expect(changed.length).toBeGreaterThan(0);
    for (const stack of changed) {
      const changes = editPlans.get(`${label}|${stack}`) ?? [];
      // The applied state holds the stack's vaults and keys, so a destroy would have shown.
      expect(states.get(stack)?.resources.filter((resource) => STATEFUL_TYPES.has(resource.type)).length).toBeGreaterThan(0);
      expect({ stack, destructive: changes.filter(isReplaceOrDelete).map(describeChange) }).toEqual({ stack, destructive: [] });
      // Every resource of the applied state is found there (a bare create would mean it was not).
      const inState = new Set(states.get(stack)?.resources.map((resource) => `${resource.type}.${resource.name}`));
      expect(changes.filter((change) => inState.has(change.address) && change.actions.includes('create')).map(describeChange)).toEqual([]);
      expect(changes.some((change) => !change.actions.every((action) => action === 'no-op'))).toBe(true);
    }
  });

  it.each(Object.keys(ADDITIVE))('%s only adds stacks: every existing stack stays byte-identical, so it plans no change', (label) => {
    {
      const estate = addedEstates[label];
      expect({ label, changed: changedStacks(base, estate) }).toEqual({ label, changed: [] });
      expect(estate.stacks.size).toBeGreaterThan(base.stacks.size);
    }
  });

  it('renaming a vault is seen as the vault being replaced', () => {
    const [stack] = changedStacks(base, renamed);
    const changes = editPlans.get(`rename a vault|${stack}`) ?? [];
    const vaults = changes.filter((change) => change.type === 'aws_backup_vault').map(describeChange);
    expect(vaults).toEqual([expect.stringMatching(/^aws_backup_vault\.vault-main_vault_[0-9A-F]{8}: (delete\+create|create\+delete)$/)]);
  });
});
