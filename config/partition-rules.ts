/**
 * One partition per estate (AWS-BACKUP-RULES section 10): every Region a config names and every
 * ARN, key and principal it gives must be in the partition of its accounts (account.partition or
 * organization.partition). Whether a Region field names a Region the pinned provider knows is the
 * schema's rule (./schema.ts); Regions inside ARNs and hand-written policies are checked here.
 *
 * Read from the config as written (before defaults fill Regions in), so each problem is reported at
 * the field that was written, once. Two ARN Regions are left to the rules that compare them with
 * the Region they must be (and so report an unknown one already): resource ARNs of a
 * single-account selection (the plan's Region, ../modules/backup-selection.ts) and Lambda
 * subscription endpoints (the stack's Region, ../modules/backup-alerts.ts).
 */
import { arnRegionAndAccount } from '../core/arn';
import { REGION_PATTERN } from '../core/limits';
import { error, Problem } from '../core/problems';
import { arnPlacementMessage, isKnownRegion, PROVIDER_FOR_REGIONS, regionPartitionMessage, unknownRegionHint, unknownRegionMessage } from '../core/regions';
import { policyReferences } from '../policies/references';
import type { BackupConfig } from './schema';

/** The estate's partition and the config field that sets it (its default when not written). */
interface Estate {
  readonly partition: string;
  readonly field: string;
}

function estateOf(config: BackupConfig): Estate {
  if (config.account) return { partition: config.account.partition, field: 'account.partition' };
  return { partition: config.organization?.partition ?? 'aws', field: 'organization.partition' };
}

type Entries<T> = [path: string, value: T][];

const listed = (path: string, values: readonly string[] | undefined): Entries<string> => (values ?? []).map((value, index): [string, string] => [`${path}.${index}`, value]);

const each = <T>(record: Readonly<Record<string, T>> | undefined, path: string): Entries<T> =>
  Object.entries(record ?? {}).map(([key, value]): [string, T] => [`${path}.${key}`, value]);

/** Every Region field as written, with its path. */
function regionFields(config: BackupConfig): Entries<string> {
  const fields: Entries<string> = [];
  const add = (path: string, region: string | undefined) => {
    if (region !== undefined) fields.push([path, region]);
  };
  add('account.region', config.account?.region);
  for (const [path, key] of each(config.keys, 'keys')) add(`${path}.region`, key.region);
  for (const [path, vault] of each(config.vaults, 'vaults')) add(`${path}.region`, vault.region);
  // In an organization a plan's region is refused outright (organization rules).
  if (config.account) for (const [path, plan] of each(config.plans, 'plans')) add(`${path}.region`, plan.region);
  const organization = config.organization;
  if (organization) {
    add('organization.region', organization.region);
    fields.push(...listed('organization.central.regions', organization.central?.regions));
    for (const [path, policy] of each(organization.policies, 'organization.policies')) fields.push(...listed(`${path}.regions`, policy.regions));
  }
  for (const [path, account] of each(config.accounts, 'accounts')) fields.push(...listed(`${path}.regions`, account.regions));
  add('state.region', config.state.region);
  return fields;
}

/** Every ARN field as written, with its path and whether its Region is checked here. */
function arnFields(config: BackupConfig): [path: string, arn: string, checkRegion: boolean][] {
  const fields: [string, string, boolean][] = [];
  const add = (entries: Entries<string | undefined>, checkRegion = true) => {
    for (const [path, arn] of entries) if (arn !== undefined) fields.push([path, arn, checkRegion]);
  };
  add([['serviceRole.arn', config.serviceRole.arn], ['serviceRole.permissionsBoundaryArn', config.serviceRole.permissionsBoundaryArn], ['state.roleArn', config.state.roleArn]]);
  for (const [path, key] of each(config.keys, 'keys')) add(listed(`${path}.administrators`, key.administrators));
  for (const [path, vault] of each(config.vaults, 'vaults')) {
    add([[`${path}.kmsKeyArn`, vault.kmsKeyArn]]);
    add(listed(`${path}.accessPolicy.breakGlassPrincipals`, vault.accessPolicy.breakGlassPrincipals));
  }
  for (const [planPath, plan] of each(config.plans, 'plans')) {
    for (const [path, selection] of each(plan.selections, `${planPath}.selections`)) {
      add([[`${path}.role`, selection.role]]);
      add(listed(`${path}.resources`, selection.resources), config.account === undefined);
      add(listed(`${path}.notResources`, selection.notResources));
    }
  }
  const central = config.organization?.central;
  add(listed('organization.central.accessPolicy.breakGlassPrincipals', central?.accessPolicy.breakGlassPrincipals));
  add(listed('organization.central.keyAdministrators', central?.keyAdministrators));
  for (const [path, account] of each(config.accounts, 'accounts')) add([[`${path}.deployRoleArn`, account.deployRoleArn]]);
  for (const [path, subscription] of each(config.alerts?.subscriptions, 'alerts.subscriptions')) {
    if (subscription.protocol === 'sqs' || subscription.protocol === 'lambda') add([[`${path}.endpoint`, subscription.endpoint]], subscription.protocol === 'sqs');
  }
  for (const [planPath, plan] of each(config.restoreTesting, 'restoreTesting')) {
    for (const [path, selection] of each(plan.selections, `${planPath}.selections`)) add(listed(`${path}.resources`, selection.resources));
  }
  for (const [path, control] of each(config.audit?.controls, 'audit.controls')) {
    add(listed(`${path}.parameters.principalArnList`, listItems(control?.parameters?.principalArnList)));
  }
  fields.push(...newerArnFields(config));
  return fields;
}

/** ARN fields of the security section, existing vaults and topics, restore roles, vault statements and report plans. */
function newerArnFields(config: BackupConfig): [path: string, arn: string, checkRegion: boolean][] {
  const fields: [string, string, boolean][] = [];
  const add = (entries: Entries<string | undefined>) => {
    for (const [path, arn] of entries) if (arn !== undefined && arn.startsWith('arn:')) fields.push([path, arn, true]);
  };
  add([['security.deployRoleArn', config.security.deployRoleArn], ['alerts.existingTopic.arn', config.alerts?.existingTopic?.arn]]);
  add(listed('security.breakGlassPrincipals', config.security.breakGlassPrincipals));
  for (const [path, vault] of each(config.existingVaults, 'existingVaults')) add([[`${path}.arn`, vault.arn]]);
  for (const [path, plan] of each(config.restoreTesting, 'restoreTesting')) add([[`${path}.role`, plan.role]]);
  const policies: Entries<{ statements?: Readonly<Record<string, { principals: unknown }>> }> = [
    ...each(config.vaults, 'vaults').map(([path, vault]): [string, { statements?: Readonly<Record<string, { principals: unknown }>> }] => [`${path}.accessPolicy`, vault.accessPolicy]),
    ...(config.organization?.central ? [['organization.central.accessPolicy', config.organization.central.accessPolicy] as [string, { statements?: Readonly<Record<string, { principals: unknown }>> }]] : []),
  ];
  for (const [policyPath, policy] of policies) {
    for (const [path, statement] of each(policy.statements, `${policyPath}.statements`)) {
      const principals = statement.principals;
      if (typeof principals === 'object' && principals !== null) add(listed(`${path}.principals.aws`, (principals as { aws?: string[] }).aws));
    }
  }
  for (const [path, plan] of each(config.audit?.reportPlans, 'audit.reportPlans')) add(listed(`${path}.frameworkArns`, plan.frameworkArns));
  return fields;
}

/** A control parameter list: a list, or one comma-separated string. */
function listItems(value: unknown): string[] | undefined {
  if (Array.isArray(value)) return value.filter((item): item is string => typeof item === 'string');
  return typeof value === 'string' && value !== '' ? value.split(',') : undefined;
}

/** Regions of audit controls (crossRegionList): known to the provider and in the estate's partition. */
function checkControlRegions(config: BackupConfig, estate: Estate): Problem[] {
  const problems: Problem[] = [];
  for (const [path, control] of each(config.audit?.controls, 'audit.controls')) {
    for (const [itemPath, region] of listed(`${path}.parameters.crossRegionList`, listItems(control?.parameters?.crossRegionList))) {
      if (!REGION_PATTERN.test(region)) continue; // the control's own check reports a malformed Region
      const message = isKnownRegion(region) ? regionPartitionMessage(region, estate.partition, estate.field) : unknownRegionMessage(region);
      if (message !== undefined) problems.push(error(itemPath, message));
    }
  }
  return problems;
}

/** Regions and copy destinations of hand-written backup policies: known, and in the estate's partition. */
function checkPolicyFiles(config: BackupConfig, estate: Estate, documents: Readonly<Record<string, unknown>>): Problem[] {
  const problems: Problem[] = [];
  for (const [key, policy] of Object.entries(config.organization?.policies ?? {})) {
    const document = documents[key];
    if (policy.file === undefined || document === undefined) continue;
    const path = `organization.policies.${key}.file`;
    for (const plan of policyReferences(document).plans) {
      // An unknown Region is the policy validator's error (policies/plan-rules.ts); its partition is checked here.
      for (const region of plan.regions.filter((candidate) => REGION_PATTERN.test(candidate) && isKnownRegion(candidate))) {
        const message = regionPartitionMessage(region, estate.partition, estate.field);
        if (message !== undefined) problems.push(error(path, `plan ${plan.name}: ${message}`));
      }
      // A destination's partition is the policy validator's rule (against the plan's Regions, checked above); its Region is checked here.
      for (const arn of plan.destinationVaultArns) {
        const region = arnRegionAndAccount(arn)?.region ?? '';
        if (REGION_PATTERN.test(region) && !isKnownRegion(region)) {
          problems.push(error(path, `plan ${plan.name}: copy destination ${arn} names Region "${region}", unknown to the pinned provider ${PROVIDER_FOR_REGIONS}${unknownRegionHint(region)}`));
        }
      }
    }
  }
  return problems;
}

/** Every Region and ARN of the config in its estate's partition, and every Region inside an ARN or policy known to the provider. */
export function checkPartitions(config: BackupConfig, documents: Readonly<Record<string, unknown>> = {}): Problem[] {
  const estate = estateOf(config);
  const problems: Problem[] = [];
  for (const [path, region] of regionFields(config)) {
    const message = regionPartitionMessage(region, estate.partition, estate.field);
    if (message !== undefined) problems.push(error(path, message));
  }
  for (const [path, arn, checkRegion] of arnFields(config)) {
    const message = arnPlacementMessage(arn, estate.partition, estate.field, checkRegion);
    if (message !== undefined) problems.push(error(path, message));
  }
  return [...problems, ...checkControlRegions(config, estate), ...checkPolicyFiles(config, estate, documents)];
}
