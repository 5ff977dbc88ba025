/**
 * Backup policies attached at several levels (root, unit, account) merge into one effective policy
 * per account (AWS Organizations "Inheritance operators"; AWS Backup policy examples 3 and 4).
 */
import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import { readConfigFile } from '../../config/loader';
import { organizationWith, RawConfig } from '../support/configs';

const NONE = { '@@operators_allowed_for_child_policies': ['@@none'] };

/** A complete plan in the shape of AWS's examples, for the test organization's vault, role and Region; `control` on every node, as Example 3 writes it. */
function examplePlan(tagValue: string, control: object = {}): object {
  const leaf = (value: unknown) => ({ ...control, '@@assign': value });
  return {
    ...control,
    regions: leaf(['eu-west-1']),
    rules: { ...control, hourly: { ...control, schedule_expression: leaf('cron(0 0/1 ? * * *)'), target_backup_vault_name: leaf('baseline'), lifecycle: { ...control, delete_after_days: leaf('35') } } },
    selections: {
      ...control,
      tags: { ...control, datatype: { ...control, iam_role_arn: leaf('arn:aws:iam::$account:role/aws-backup-service-role'), tag_key: leaf('dataType'), tag_value: leaf([tagValue]) } },
    },
  };
}

/** Checks the config with its hand-written policies written beside it. */
function check(raw: RawConfig, files: Record<string, object>) {
  const dir = mkdtempSync(join(tmpdir(), 'policy-inheritance-'));
  mkdirSync(join(dir, 'policies'));
  for (const [name, document] of Object.entries(files)) writeFileSync(join(dir, 'policies', name), JSON.stringify(document));
  const result = checkRawConfig(raw, { baseDir: dir });
  return { errors: result.errors.map((p) => `${p.path}: ${p.message}`), warnings: result.warnings.map((p) => `${p.path}: ${p.message}`), model: result.model };
}

describe('a policy attached to the organization root', () => {
  const atRoot = (mutate: (c: RawConfig) => void = () => undefined) =>
    organizationWith((c) => {
      c.organization.units.root = 'r-a1b2';
      c.organization.policies.baseline.targets = ['root'];
      mutate(c);
    });

  it('reaches every account, whatever its unit, the management account too: each must create the vault and role the policy names (found by the policy inheritance audit)', () => {
    // "When you attach a backup policy to the organization's root, it applies to all accounts in your organization" (AWS Organizations
    // User Guide); backup policies affect the management account ("Managing policies", policy types). The accounts of unit workloads
    // were not counted as reached: their stacks did not create vault baseline, and validate was silent.
    expect(check(atRoot(), {}).errors).toEqual([
      'organization.policies.baseline.regions: policy runs in eu-west-1 in account management, which has no stack there to create its vaults and service role: add the Regions to accounts.management.regions',
      'organization.policies.baseline.regions: policy runs in eu-west-1 in account backup, which has no stack there to create its vaults and service role: add the Regions to accounts.backup.regions',
    ]);
    const valid = check(atRoot((c) => ((c.accounts.management.regions = ['eu-west-1']), (c.accounts.backup.regions = ['eu-west-1']))), {});
    expect(valid.errors).toEqual([]);
    const orders = valid.model?.stacks.find((stack) => stack.name === 'orders-eu-west-1');
    expect(orders?.kind === 'workload' && [orders.vaults.map((vault) => vault.name), (orders.policyPlans ?? []).map((plan) => plan.key)]).toEqual([['baseline'], ['silver']]);
    expect(valid.warnings.filter((line) => line.startsWith('organization.policies.baseline.targets'))).toEqual([
      'organization.policies.baseline.targets.0: targets the organization root root (r-a1b2): AWS applies the policy to every account of the organization, listed in accounts or not (accounts lists management, backup, payments and 1 more). An account not listed gets plan "silver" but no stack of this config: vault "baseline" and the service role aws-backup-service-role are not created there and no alerts are set up, so its backup jobs fail (unless something else creates them) and no one is told. List every account of the organization in accounts, or target the accounts or units instead of the root',
    ]);
  });

  it('meets a plan of the same name attached to a unit below it', () => {
    const twice = atRoot((c) => ((c.accounts.management.regions = ['eu-west-1']), (c.accounts.backup.regions = ['eu-west-1']), (c.organization.policies.unit = { plans: ['silver'], regions: ['eu-west-1'], targets: ['workloads'] })));
    expect(check(twice, {}).errors).toEqual([
      'organization.policies.unit: plan "silver" reaches orders (444444444444), payments (333333333333) from policies baseline and unit: AWS merges plans of one name into one, and the built policy locks its plan (@@none), so one policy\'s Regions, rules and selections are dropped; give the plans different names, or the policies targets that do not overlap',
    ]);
  });
});

describe('child control operators of a hand-written parent policy', () => {
  // AWS Backup policy Example 3: @@none on every node, plans included: "a child policy can't make changes of any kind to the plan. Nor
  // can a child policy add additional plans to the effective policy".
  const example3 = { plans: { ...NONE, locked: examplePlan('PII', NONE) } };
  // Example 4: the same plan locked, but @@append at plans: "The @@append setting at that level enables child policies to add other plans".
  const example4 = { plans: { '@@operators_allowed_for_child_policies': ['@@append'], locked: examplePlan('PII', NONE) } };
  const withParent = (mutate: (c: RawConfig) => void) =>
    organizationWith((c) => {
      c.organization.policies.parent = { file: 'policies/parent.json', targets: ['workloads'] };
      mutate(c);
    });

  it('keep the plans of a policy attached below out of the effective policy when plans allows no @@append (found by the policy inheritance audit)', () => {
    // The built baseline is attached to orders, below the unit: AWS ignores its plan silver there, while the report and coverage counted it.
    const below = withParent((c) => (c.organization.policies.baseline.targets = ['orders']));
    expect(check(below, { 'parent.json': example3 }).errors).toEqual([
      'organization.policies.baseline: plan "silver" reaches orders (444444444444), but AWS leaves this policy\'s plan out of the effective policy there: policy parent, attached to unit workloads, allows child policies no operator at plans, and only @@append there lets a child policy add a plan (AWS Backup policy examples 3 and 4); allow @@append at plans in policy parent, or attach the policies to the same target',
    ]);
    // Example 4's parent lets it add the plan; so does one attached beside it, at the same level (a child control restricts child policies
    // only), also when it is attached to the account as well.
    expect(check(below, { 'parent.json': example4 }).errors).toEqual([]);
    expect(check(withParent(() => undefined), { 'parent.json': example3 }).errors).toEqual([]);
    expect(check(withParent((c) => (c.organization.policies.baseline.targets = ['workloads', 'orders'])), { 'parent.json': example3 }).errors).toEqual([]);
  });

  it('keep a child policy\'s plan of a locked plan\'s name out of it (a built one is an error of its own: it locks its plan too)', () => {
    const child = { plans: { locked: examplePlan('RED') } };
    const overlay = withParent((c) => (c.organization.policies.child = { file: 'policies/child.json', targets: ['orders'] }));
    const found = check(overlay, { 'parent.json': example4, 'child.json': child });
    expect(found.errors).toEqual([
      'organization.policies.child: plan "locked" reaches orders (444444444444), but AWS leaves this policy\'s plan out of the effective policy there: policy parent, attached to unit workloads, allows child policies no operator on its plan "locked", so AWS keeps that plan as the parent sets it (AWS Backup policy Example 4); give the plan another name, or change it in policy parent',
    ]);
    // Not also the warning that the two merge: AWS keeps the parent's plan alone.
    expect(found.warnings.filter((line) => line.startsWith('organization.policies.child:'))).toEqual([]);
    // Unlocked (Example 5's parent), the two merge into a plan neither file shows, which backup-estate cannot judge: an error.
    const unlocked = check(overlay, { 'parent.json': { plans: { locked: examplePlan('PII') } }, 'child.json': child });
    expect(unlocked.errors).toEqual([
      'organization.policies.child: plan "locked" reaches orders (444444444444) from hand-written policies parent and child: AWS merges them into one effective plan, each setting of one overwriting or adding to the other\'s by the inheritance operators (its Regions, retention, rules and selections may be neither policy\'s), and backup-estate cannot judge that merged plan: coverage, the silence alarms, the RPO gate and the report would read each policy\'s plan on its own; write the plan in one policy, or give the plans different names, or the policies targets that do not overlap',
    ]);
  });

  it('reach from the root down to every unit and account below it', () => {
    const fromRoot = organizationWith((c) => {
      c.organization.units.root = 'r-a1b2';
      c.organization.policies.parent = { file: 'policies/parent.json', targets: ['root'] };
      c.accounts.management.regions = ['eu-west-1'];
      c.accounts.backup.regions = ['eu-west-1'];
    });
    expect(check(fromRoot, { 'parent.json': example3 }).errors).toEqual([
      'organization.policies.baseline: plan "silver" reaches orders (444444444444), payments (333333333333), but AWS leaves this policy\'s plan out of the effective policy there: policy parent, attached to the organization root root, allows child policies no operator at plans, and only @@append there lets a child policy add a plan (AWS Backup policy examples 3 and 4); allow @@append at plans in policy parent, or attach the policies to the same target',
    ]);
  });
});

describe('two hand-written policies that define one plan for an account', () => {
  it('are an error: AWS runs one merged plan that neither file shows (the organization example with a child on analytics; found by the policy inheritance audit)', () => {
    // The example's weekly-archive on unit workloads and a child on analytics, complete on its own, with the same plan name: AWS merges
    // them ("@@assign: Overwrites any inherited policy settings with the specified settings", AWS Organizations "Inheritance operators"),
    // so analytics runs ONE plan, only in us-east-1, with the parent's cold storage after 30 days and the child's deletion after 1 day (a
    // lifecycle AWS refuses). validate said valid with a warning; the report and coverage showed the parent's plan in both Regions with
    // 365 days, plus a child plan, and contention warned that the two blocked each other.
    const examples = join(__dirname, '..', '..', 'examples');
    const { raw } = readConfigFile(join(examples, 'organization.yaml')) as { raw: RawConfig };
    raw.organization.policies['weekly-archive'].targets = ['workloads'];
    raw.organization.policies.child = { file: 'policies/child.json', targets: ['analytics'] };
    const assign = (value: unknown) => ({ '@@assign': value });
    const rule = { schedule_expression: assign('cron(0 4 ? * SUN *)'), target_backup_vault_name: assign('baseline'), lifecycle: { delete_after_days: assign('1') } };
    const selection = { iam_role_arn: assign('arn:aws:iam::$account:role/aws-backup-service-role'), tag_key: assign('backup-archive'), tag_value: assign(['weekly']) };
    const child = { plans: { 'weekly-archive': { regions: assign(['us-east-1']), rules: { weekly: rule }, selections: { tags: { archive: selection } } } } };
    const dir = mkdtempSync(join(tmpdir(), 'policy-merge-'));
    mkdirSync(join(dir, 'policies'));
    copyFileSync(join(examples, 'policies', 'weekly-archive.json'), join(dir, 'policies', 'weekly-archive.json'));
    writeFileSync(join(dir, 'policies', 'child.json'), JSON.stringify(child));
    const result = checkRawConfig(raw, { baseDir: dir });
    expect(result.model).toBeUndefined();
    expect(result.errors.map((p) => `${p.path}: ${p.message}`)).toEqual([
      'organization.policies.child: plan "weekly-archive" reaches analytics (555555555555) from hand-written policies weekly-archive and child: AWS merges them into one effective plan, each setting of one overwriting or adding to the other\'s by the inheritance operators (its Regions, retention, rules and selections may be neither policy\'s), and backup-estate cannot judge that merged plan: coverage, the silence alarms, the RPO gate and the report would read each policy\'s plan on its own; write the plan in one policy, or give the plans different names, or the policies targets that do not overlap',
    ]);
    // Attached to accounts that do not overlap, each plan runs alone where it is attached: valid.
    raw.organization.policies['weekly-archive'].targets = ['orders'];
    expect(checkRawConfig(raw, { baseDir: dir }).errors).toEqual([]);
  });
});
