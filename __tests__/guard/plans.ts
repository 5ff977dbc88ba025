/** Hand-written plans for the guard tests (not a test file: jest only runs *.test.ts). */
import { evaluatePlan } from '../../guard/guard';

/** A whole plan document (what every `terraform show -json` plan holds) around `fields`. */
export const plan = (fields: Record<string, unknown>): Record<string, unknown> => ({
  format_version: '1.2',
  terraform_version: '1.11.4',
  planned_values: { root_module: {} },
  configuration: { root_module: {} },
  ...fields,
});

/** The single-account example's stack and the addresses of its protected resources (the stability fixtures pin them). */
export const STACK = 'workload-prod-eu-west-1';
export const VAULT = 'aws_backup_vault.vault-main_vault_77900A69';
export const KEY = 'aws_kms_key.vault-main_key_B0C4FE94';
export const POLICY = 'aws_backup_vault_policy.vault-main_policy_561B3073';
export const LOCK = 'aws_backup_vault_lock_configuration.vault-main_lock_049CE7B4';

/** One resource change of a hand-made plan, its type taken from its address. */
export const change = (address: string, actions: string[], before: Record<string, unknown>, after: Record<string, unknown>, afterUnknown: unknown = {}) => ({
  address,
  mode: 'managed',
  type: address.split('.')[0],
  name: address.split('.')[1].replace(/\[.*$/, ''),
  change: { actions, before, after, after_unknown: afterUnknown },
});

/** The plan's `configuration` of a change's resource block: `expressions` as Terraform writes them ({ constant_value } or { references }); {} sets no argument the guard reads. */
export const configuration = (entry: ReturnType<typeof change>, expressions: Record<string, unknown> = {}) => ({
  root_module: { resources: [{ address: `${entry.type}.${entry.name}`, mode: 'managed', type: entry.type, name: entry.name, expressions }] },
});

/** The guard's warnings for one change (and that it blocks nothing); `expressions`: its block's configuration. */
export const warned = (entry: ReturnType<typeof change>, expressions: Record<string, unknown> = {}): string[] => {
  const result = evaluatePlan(plan({ resource_changes: [entry], configuration: configuration(entry, expressions) }), STACK, []);
  expect([result.ok, result.violations]).toEqual([true, []]);
  return result.warnings.map((finding) => finding.consequence);
};
