/**
 * Key policies AWS KMS refuses at CreateKey and PutKeyPolicy: longer than it takes (32,768 bytes),
 * measured on the estate model, where every principal is the ARN the key policy will hold (the
 * stacks name the roles they create by reference, which only the apply resolves), and key
 * administrators that leave the deployment role no kms:PutKeyPolicy (the lockout safety check).
 * Each key is built with the props its stack gives it (./key-props.ts) and judged by its
 * construct's own checks; the error names the config list at fault.
 */
import { sortedUnique } from '../core/order';
import { error, own, type Problem } from '../core/problems';
import { checkBackupKeyPolicySize, checkKeyPolicyUpdatable } from '../modules/kms-key';
import { checkAlertsKeyPolicySize } from '../modules/backup-alerts-policies';
import { checkReportKeyPolicySize } from '../modules/report-bucket';
import type { EstateModel, StackModel, WorkloadStackModel } from './estate-model';
import type { NormalizedConfig } from './normalize';
import { centralKeyProps, dedicatedKeyProps, keyProtectionProps, sharedKeyProps } from './key-props';
import { deployRoleOf } from './resolve-protection';

/** A config list of principals at its path. */
type Source = readonly [path: string, values: readonly string[]];

/** The config list that adds the most bytes of break-glass principals (security's, or a vault's own). */
function largestSource(sources: readonly Source[]): string {
  const bytes = ([, values]: Source) => JSON.stringify(values).length;
  return [...sources].sort((a, b) => bytes(b) - bytes(a))[0][0];
}

/** Where each problem of a key's size check belongs in the config: the break-glass lists, the administrators, else the key itself. */
function placed(problems: readonly Problem[], what: string, stack: string, paths: { readonly breakGlass: string; readonly administrators?: string; readonly key: string }): Placed[] {
  return problems.map((problem) => {
    const field = problem.path.replace(/^keyProtection\./, '');
    const path = field === 'breakGlassPrincipals' ? paths.breakGlass : /^(key)?[aA]dministrators$/.test(field) && paths.administrators ? paths.administrators : paths.key;
    return { what, problem: error(path, `${what} (${stack}): ${problem.message}`) };
  });
}

/** A key's problem with the key it is about (one error per key and config path, at the first stack). */
interface Placed {
  readonly what: string;
  readonly problem: Problem;
}

/** The role Terraform applies a stack as (./resolve-protection.ts deployRoleOf, the one answer). */
const stackDeployRole = (config: NormalizedConfig, stack: StackModel): string | undefined =>
  deployRoleOf(config, own(config.accounts, stack.rollout.account));

function workloadKeys(config: NormalizedConfig, stack: WorkloadStackModel): Placed[] {
  const security: Source = ['security.breakGlassPrincipals', config.security.breakGlassPrincipals];
  const vaultSource = (key: string): Source => [`vaults.${key}.accessPolicy.breakGlassPrincipals`, config.vaults[key]?.accessPolicy.breakGlassPrincipals ?? []];
  const problems: Placed[] = [];
  for (const key of stack.keys) {
    const users = sortedUnique(Object.entries(config.vaults).filter(([, vault]) => vault.kmsKey === key.key).map(([name]) => name));
    const paths = { breakGlass: largestSource([security, ...users.map(vaultSource)]), administrators: `keys.${key.key}.administrators`, key: `keys.${key.key}` };
    const props = sharedKeyProps(stack, key, stack.backupRoleArns);
    const found = [...checkBackupKeyPolicySize(props), ...checkKeyPolicyUpdatable(stack.account, props.administrators, stackDeployRole(config, stack))];
    problems.push(...placed(found, `key policy of key ${key.alias}`, stack.name, paths));
  }
  for (const vault of stack.vaults) {
    const props = vault.airGapped ? undefined : dedicatedKeyProps(stack, vault, stack.backupRoleArns);
    if (props) problems.push(...placed(checkBackupKeyPolicySize(props), `key policy of vault ${vault.name}`, stack.name, { breakGlass: largestSource([security, vaultSource(vault.key)]), key: `vaults.${vault.key}` }));
  }
  const { alerts, audit } = stack;
  if (alerts && alerts.existingTopicArn === undefined) {
    problems.push(...placed(checkAlertsKeyPolicySize(stack.account, alerts.topicName, undefined, keyProtectionProps(alerts.keyProtection)), 'key policy of the alerts topic', stack.name, { breakGlass: security[0], key: 'alerts' }));
  }
  if (audit?.reports.bucket.create) {
    problems.push(...placed(checkReportKeyPolicySize(stack.account, keyProtectionProps(audit.reports.bucket.keyProtection)), 'key policy of the report bucket', stack.name, { breakGlass: security[0], key: 'audit.reports' }));
  }
  return problems;
}

/** Every key policy of the estate against what KMS refuses (its size, its administrators): one error per key and config path, at the first stack where it fails. */
export function checkKeyPolicies(model: EstateModel, config: NormalizedConfig): Problem[] {
  const security: Source = ['security.breakGlassPrincipals', config.security.breakGlassPrincipals];
  const problems = model.stacks.flatMap((stack): Placed[] => {
    if (stack.kind === 'workload') return workloadKeys(config, stack);
    if (stack.kind !== 'central') return [];
    const central: Source = ['organization.central.accessPolicy.breakGlassPrincipals', config.organization?.central?.accessPolicy.breakGlassPrincipals ?? []];
    const paths = { breakGlass: largestSource([security, central]), administrators: 'organization.central.keyAdministrators', key: 'organization.central' };
    const props = centralKeyProps(stack);
    const key = placed([...checkBackupKeyPolicySize(props), ...checkKeyPolicyUpdatable(stack.account, props.administrators, stackDeployRole(config, stack))], `key policy of central vault ${stack.vault.name}`, stack.name, paths);
    const bucket = stack.reports?.bucket;
    const reports = bucket?.create ? placed(checkReportKeyPolicySize(stack.account, keyProtectionProps(bucket.keyProtection)), 'key policy of the report bucket', stack.name, { breakGlass: security[0], key: 'audit.reports' }) : [];
    return [...key, ...reports];
  });
  const first = new Map<string, Problem>();
  for (const { what, problem } of problems) {
    const id = `${problem.path}\n${what}`;
    if (!first.has(id)) first.set(id, problem);
  }
  return [...first.values()];
}
