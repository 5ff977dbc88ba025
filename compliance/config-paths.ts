/**
 * The config path a synthesized resource comes from, read from its cdktf construct path: findings
 * point at the field to change, and suppressions can name a config path (`plans.gold.rules.daily`)
 * instead of a hashed Terraform address. The construct ids are the stacks' (stacks/*.ts): every
 * resource of every example must map (__tests__/compliance/config-paths.test.ts).
 */
import type { StackKind } from '../config/estate-model';

/** Top-level construct ids of a workload stack without a config key in them. */
const FIXED: Readonly<Record<string, string>> = {
  alerts: 'alerts',
  'audit-framework': 'audit',
  'report-bucket': 'audit.reports',
  'report-plans': 'audit.reports',
  'region-settings': 'regionSettings',
  'service-role': 'serviceRole',
  'restore-testing-role': 'restoreTesting',
  monitoring: 'monitoring',
  'global-settings': 'globalSettings',
};

/** Construct id prefixes that carry a config key, and the config map they come from. */
const KEYED: readonly (readonly [string, string])[] = [
  ['restore-testing-', 'restoreTesting'],
  ['report-plan-', 'audit.reportPlans'],
  ['air-gapped-vault-', 'vaults'],
  ['plan-', 'plans'],
  ['vault-', 'vaults'],
  ['key-', 'keys'],
  ['policy-', 'organization.policies'],
];

/** Nested construct ids that carry a config key below their parent. */
const NESTED: readonly (readonly [string, string])[] = [['selection-', 'selections']];

/**
 * The config path of the construct at `constructPath` (`<stack>/<id>/...`) in a stack of `kind`,
 * or undefined when it does not come from one config entry.
 */
export function configPathOf(kind: StackKind, constructPath: string | undefined): string | undefined {
  if (constructPath === undefined) return undefined;
  const [, top, child] = constructPath.split('/');
  if (top === undefined) return undefined;
  if (kind === 'central') {
    if (top.startsWith('report-plan-')) return `audit.reportPlans.${top.slice('report-plan-'.length)}`;
    if (top === 'report-bucket') return 'audit.reports';
    return top === 'air-gapped-vault' ? 'organization.central.airGapped' : 'organization.central';
  }
  if (kind === 'management') {
    if (top.startsWith('policy-')) return `organization.policies.${top.slice('policy-'.length)}`;
    if (top === 'vault-protection-scp') return 'security.serviceControlPolicy';
    if (top === 'global-settings') return 'globalSettings';
    return 'organization';
  }
  if (Object.hasOwn(FIXED, top)) return FIXED[top];
  const keyed = KEYED.find(([prefix]) => top.startsWith(prefix));
  if (!keyed) return undefined;
  const base = `${keyed[1]}.${top.slice(keyed[0].length)}`;
  // Plan selections keep their config key in the construct id (restore-testing ones do not).
  const nested = child === undefined || keyed[1] !== 'plans' ? undefined : NESTED.find(([prefix]) => child.startsWith(prefix));
  return nested && child ? `${base}.${nested[1]}.${child.slice(nested[0].length)}` : base;
}
