/**
 * What a backup policy names, read from its @@assign values: per plan its Regions, vault names,
 * copy destination vault ARNs and IAM roles, for the config layer's cross-stack checks.
 */
import { isRecord } from '../core/order';
import { own } from '../core/problems';
import { type JsonObject } from './json';

export interface PolicyPlanReferences {
  readonly name: string;
  readonly regions: string[];
  /** target_backup_vault_name of every rule. */
  readonly vaultNames: string[];
  /** target_backup_vault_arn of every copy action (its key when target_backup_vault_arn is missing). */
  readonly destinationVaultArns: string[];
  /** iam_role_arn of every selection. */
  readonly roleArns: string[];
}

function assigned(node: unknown, key: string): unknown {
  if (!isRecord(node)) return undefined;
  const setting = own(node, key);
  return isRecord(setting) ? own(setting, '@@assign') : undefined;
}

function assignedString(node: unknown, key: string): string | undefined {
  const value = assigned(node, key);
  return typeof value === 'string' ? value : undefined;
}

function namedValues(node: unknown): [string, JsonObject][] {
  if (!isRecord(node)) return [];
  return Object.keys(node)
    .filter((name) => !name.startsWith('@@'))
    .flatMap((name): [string, JsonObject][] => {
      const value = node[name];
      return isRecord(value) ? [[name, value]] : [];
    });
}

function addUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}

/**
 * What each plan of a policy names (from its @@assign values), for the config layer's cross-stack
 * checks: the vaults and the role must exist in every account and Region the policy reaches.
 * Never throws; ignores what it cannot read.
 */
export function policyReferences(doc: unknown): { plans: PolicyPlanReferences[] } {
  const plans: PolicyPlanReferences[] = [];
  const plansNode = isRecord(doc) ? own(doc, 'plans') : undefined;
  for (const [name, plan] of namedValues(plansNode)) {
    const references: PolicyPlanReferences = { name, regions: [], vaultNames: [], destinationVaultArns: [], roleArns: [] };
    const regions = assigned(plan, 'regions');
    if (Array.isArray(regions)) for (const region of regions) addUnique(references.regions, typeof region === 'string' ? region : undefined);
    for (const [, rule] of namedValues(own(plan, 'rules'))) {
      addUnique(references.vaultNames, assignedString(rule, 'target_backup_vault_name'));
      for (const [key, copy] of namedValues(own(rule, 'copy_actions'))) {
        addUnique(references.destinationVaultArns, assignedString(copy, 'target_backup_vault_arn') ?? (Object.hasOwn(copy, 'target_backup_vault_arn') ? undefined : key));
      }
    }
    const selections = own(plan, 'selections');
    if (isRecord(selections)) {
      for (const kind of ['tags', 'resources']) {
        for (const [, selection] of namedValues(own(selections, kind))) addUnique(references.roleArns, assignedString(selection, 'iam_role_arn'));
      }
    }
    plans.push(references);
  }
  return { plans };
}
