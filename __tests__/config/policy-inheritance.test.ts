/**
 * Backup policies attached at several levels (root, unit, account) merge into one effective policy
 * per account (AWS Organizations "Inheritance operators"; AWS Backup policy examples 3 and 4).
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import { organizationWith, RawConfig } from '../support/configs';

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
