/**
 * The fields of issue #17 for the generated valid configs (./arbitraries.ts calls these last, so
 * every draw before them stays as it was): the security section, existing vaults as rule targets and
 * copy destinations, logically air-gapped vaults of workload accounts, extra vault policy
 * statements, global settings, alerts to an existing topic with filter policies, report plans of
 * one's own, restore tests over some vaults with their own role, and backup policies built from
 * plans that select by resources and conditions. Every value stays valid: the checker reports no
 * error and the rule pack no unsuppressed error.
 */
import type { RawConfig } from './configs';
import { BACKUP_AVAILABILITY } from '../../core/regions';

export interface Helpers<G> {
  readonly int: (g: G, min: number, max: number) => number;
  readonly chance: (g: G, p: number) => boolean;
  readonly pick: <T>(g: G, items: readonly T[]) => T;
  readonly someOf: <T>(g: G, items: readonly T[], min: number, max: number) => T[];
}

export interface ExtrasContext {
  readonly partition: string;
  readonly accountId: string;
  /** Regions of the estate's stacks. */
  readonly regions: readonly string[];
  /** The retention every rule and copy keeps at least (compliance.minRetentionDays). */
  readonly minRetention: number;
}

const records = (value: unknown): [string, RawConfig][] => Object.entries((value ?? {}) as Record<string, RawConfig>);

/** A copy into `vaultKey` added to the first rule of the first plan with room for one (5 per rule). */
function addCopy(config: RawConfig, vaultKey: string, lifecycle?: RawConfig): boolean {
  for (const [, plan] of records(config.plans)) {
    for (const [, rule] of records(plan.rules)) {
      const copies = (rule.copies ?? {}) as Record<string, unknown>;
      if (Object.keys(copies).length >= 4 || Object.hasOwn(copies, vaultKey)) continue;
      rule.copies = { ...copies, [vaultKey]: lifecycle ? { lifecycle } : {} };
      return true;
    }
  }
  return false;
}

/** Extra statements a vault policy may take in any account: a conditioned deny, an allow to a service. */
function statements<G>(g: G, h: Helpers<G>, context: ExtrasContext): RawConfig {
  return h.chance(g, 0.5)
    ? { DenyVaultDeletionOutsideAccount: { effect: 'Deny', principals: '*', actions: ['backup:DeleteBackupVault'], conditions: { StringNotEquals: { 'aws:PrincipalAccount': context.accountId } } } }
    : { AllowBackupToDescribe: { effect: 'Allow', principals: { service: ['backup.amazonaws.com'] }, actions: ['backup:DescribeBackupVault'], conditions: { StringEquals: { 'aws:SourceAccount': context.accountId } } } };
}

/** What both kinds of estate take: air-gapped and existing copy destinations, vault statements, alerts and restore test fields. */
function common<G>(g: G, h: Helpers<G>, config: RawConfig, context: ExtrasContext, airGappedRegion: string | undefined): void {
  const retention = Math.max(context.minRetention, 7);
  // Only where AWS Backup offers logically air-gapped vaults (elsewhere one is an error).
  const airGappedHere = (airGappedRegion !== undefined ? [airGappedRegion] : context.regions).every((region) => !BACKUP_AVAILABILITY.noAirGappedVault.includes(region));
  if (h.chance(g, 0.2) && airGappedHere) {
    config.vaults.lag0 = { ...(airGappedRegion !== undefined ? { region: airGappedRegion } : {}), airGapped: { minRetentionDays: 7, maxRetentionDays: h.int(g, Math.max(retention, 400), 2000) } };
    if (!addCopy(config, 'lag0', { deleteAfterDays: retention })) delete config.vaults.lag0;
  }
  if (h.chance(g, 0.15)) {
    const region = h.pick(g, context.regions);
    config.existingVaults = { ...(config.existingVaults ?? {}), partner0: { arn: `arn:${context.partition}:backup:${region}:999988887777:backup-vault:partner-dr` } };
    if (!addCopy(config, 'partner0', h.chance(g, 0.5) ? { deleteAfterDays: retention } : undefined)) delete config.existingVaults.partner0;
  }
  for (const [, vault] of records(config.vaults)) {
    if (h.chance(g, 0.15)) vault.accessPolicy = { ...(vault.accessPolicy ?? {}), statements: statements(g, h, context) };
  }
  if (config.alerts && h.chance(g, 0.3)) {
    if (h.chance(g, 0.5)) config.alerts.existingTopic = { name: 'ops-alerts' };
    config.alerts.subscriptions = {
      ...(config.alerts.subscriptions ?? {}),
      json0: { protocol: 'email-json', endpoint: 'audit@example.com', ...(h.chance(g, 0.5) ? { filterPolicy: { State: [{ 'anything-but': 'COMPLETED' }] } } : { filterPolicy: { detail: { state: ['FAILED'] } }, filterPolicyScope: 'MessageBody' }) },
    };
  }
  for (const [, plan] of records(config.restoreTesting).slice(0, 1)) {
    const declared = Object.keys(config.vaults ?? {});
    if (h.chance(g, 0.3)) plan.vaults = ['*'];
    const included = (plan.vaults ?? []) as string[];
    const excludable = declared.filter((key) => !included.includes(key));
    if (excludable.length > 0 && h.chance(g, 0.4)) plan.excludeVaults = h.someOf(g, excludable, 1, 1);
    // One account's role: in an organization the test also runs in other accounts, where IAM cannot pass it (config/role-accounts.ts).
    if (h.chance(g, 0.3) && !config.organization) plan.role = `arn:${context.partition}:iam::${context.accountId}:role/RestoreTests`;
  }
}

/** Report plans of one's own, per stack (and, in an organization with a delegated administrator, one multi-account plan). */
function reportPlans<G>(g: G, h: Helpers<G>, config: RawConfig, context: ExtrasContext, multiAccount: RawConfig | undefined): void {
  if (!config.audit || !h.chance(g, 0.4)) return;
  const template = h.pick(g, ['BACKUP_JOB_REPORT', 'COPY_JOB_REPORT', 'CONTROL_COMPLIANCE_REPORT'] as const);
  config.audit.frameworkDescription = h.chance(g, 0.5) ? 'Controls of the generated estate' : undefined;
  if (config.audit.frameworkDescription === undefined) delete config.audit.frameworkDescription;
  config.audit.reportPlans = {
    rp0: { template, name: 'fuzz_report_plan', description: 'A generated report plan', regions: [h.pick(g, context.regions)] },
    ...(multiAccount ? { org0: { template: 'BACKUP_JOB_REPORT', ...multiAccount } } : {}),
  };
}

export function singleAccountExtras<G>(g: G, h: Helpers<G>, config: RawConfig, context: ExtrasContext): RawConfig {
  if (h.chance(g, 0.4)) {
    config.security = {
      ...(h.chance(g, 0.6) ? { deployRoleArn: `arn:${context.partition}:iam::${context.accountId}:role/backup-estate-deploy` } : {}),
      ...(h.chance(g, 0.4) ? { breakGlassPrincipals: [`arn:${context.partition}:iam::${context.accountId}:role/SecurityBreakGlass`] } : {}),
      ...(h.chance(g, 0.1) ? { protectKeys: false } : {}),
    };
  }
  const globalSettings = h.chance(g, 0.1) ? { crossAccountBackup: h.chance(g, 0.7) } : undefined;
  // A plan backing up into the Default vault of the primary Region (an existing vault, by name).
  if (h.chance(g, 0.15)) {
    config.existingVaults = { ...(config.existingVaults ?? {}), default0: { name: 'Default' } };
    config.plans.existing0 = { vault: 'default0', rules: { daily: { preset: 'daily-35', lifecycle: { deleteAfterDays: Math.max(35, context.minRetention) } } }, selections: { tagged: { tags: { backup: 'legacy' } } } };
  }
  // In the primary Region: a vault elsewhere could add a stack, where a Lambda subscription or a fixed report bucket name would no longer do.
  common(g, h, config, context, config.account.region);
  // Off only without a copy into another account (the partner vault): AWS would fail every such copy job.
  if (globalSettings) config.globalSettings = { crossAccountBackup: globalSettings.crossAccountBackup || config.existingVaults?.partner0 !== undefined };
  reportPlans(g, h, config, context, undefined);
  return config;
}

export interface OrganizationInfo {
  readonly unit?: string;
  /** Plans a backup policy enforces. */
  readonly enforced: readonly string[];
}

export function organizationExtras<G>(g: G, h: Helpers<G>, config: RawConfig, context: ExtrasContext, info: OrganizationInfo): RawConfig {
  if (h.chance(g, 0.4)) {
    const roll = h.int(g, 0, 2);
    config.security = {
      ...(h.chance(g, 0.5) ? { breakGlassPrincipals: ['arn:aws:iam::*:role/SecurityBreakGlass'] } : {}),
      ...(roll === 0 ? { serviceControlPolicy: { enabled: false } } : roll === 1 ? { serviceControlPolicy: { name: 'vault-protection', otherPoliciesPerTarget: h.int(g, 0, 4), ...(info.unit !== undefined ? { targets: [info.unit] } : {}) } } : {}),
    };
  }
  if (config.organization.central && h.chance(g, 0.1)) config.globalSettings = { crossAccountBackup: true };
  // An enforced plan selecting by resource type and tag conditions, with plan tags and Windows VSS.
  for (const key of info.enforced) {
    const plan = config.plans[key];
    if (!plan || !h.chance(g, 0.5)) continue;
    plan.selections = { types: { resources: ['arn:aws:ec2:*:*:volume/*', 'arn:aws:rds:*:*:db:*'], conditions: { stringEquals: { backup: 'enforced' }, ...(h.chance(g, 0.5) ? { stringNotLike: { env: 'dev*' } } : {}) } } };
    if (h.chance(g, 0.5)) plan.windowsVss = 'enabled';
    if (h.chance(g, 0.5)) plan.tags = { tier: 'enforced' };
  }
  common(g, h, config, context, undefined);
  const delegated = config.organization.central && config.organization.registerDelegatedAdministrator !== false;
  reportPlans(g, h, config, context, delegated && h.chance(g, 0.5) ? (info.unit !== undefined ? { organizationUnits: [info.unit] } : { accounts: ['ROOT'] }) : undefined);
  return config;
}
