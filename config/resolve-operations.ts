/**
 * Resolves the operations sections' newer fields for ./resolve.ts: the alerts topic (created or
 * existing), report plans of the config (per stack, or multi-account in the central stacks), the
 * vaults a restore test includes and excludes.
 */
import { arnRegionAndAccount, partitionOf, type AccountContext } from '../core/arn';
import { sortedEntries, sortedUnique } from '../core/order';
import { own } from '../core/problems';
import type { ReportTemplate } from '../modules/report-plans';
import type { AlertsModel, AuditModel, CentralStackModel, VaultModel } from './estate-model';
import { OWN_FRAMEWORK, type KeyProtectionModel, type ReportPlanModel } from './estate-model-protection';
import type { NormalizedConfig } from './normalize';

type ReportPlanConfig = NonNullable<NormalizedConfig['audit']>['reportPlans'][string];
type RestoreTestingConfig = NormalizedConfig['restoreTesting'][string];

const COMPLIANCE_TEMPLATES: readonly string[] = ['RESOURCE_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT'];

/** A report plan with accounts or organizational units reports on several accounts (organizations only). */
export const isMultiAccount = (plan: Pick<ReportPlanConfig, 'accounts' | 'organizationUnits'>): boolean => plan.accounts !== undefined || plan.organizationUnits !== undefined;

/**
 * True when a report plan created in `region` (any Region when undefined) reports beyond the
 * current account and Region: accounts or units, or regions other than that one.
 */
export const reportsBeyondHere = (plan: Pick<ReportPlanConfig, 'accounts' | 'organizationUnits' | 'regions'>, region?: string): boolean =>
  isMultiAccount(plan) || (plan.regions !== undefined && (plan.regions.length !== 1 || plan.regions[0] === '*' || (region !== undefined && plan.regions[0] !== region)));

/**
 * The formats of a report plan created in `region`: its own, else CSV for a report beyond the
 * current account and Region (AWS delivers those as CSV only, "Working with audit reports"), else
 * audit.reports.formats.
 */
export const reportFormatsOfPlan = (plan: Pick<ReportPlanConfig, 'accounts' | 'organizationUnits' | 'regions' | 'formats'>, defaults: readonly string[], region?: string): readonly string[] =>
  plan.formats ?? (reportsBeyondHere(plan, region) ? ['CSV'] : defaults);

/** The report plan name of a config key: the key with every character a report plan name refuses turned into _. */
export const reportPlanNameOf = (key: string, plan: Pick<ReportPlanConfig, 'name'>): string => plan.name ?? key.replace(/[^A-Za-z0-9_]/g, '_');

/** The alerts of a stack in `context` (an existing topic given by name is the stack's own), the topic key denying deletion as `keyProtection` says. */
export function alertsModel(config: NormalizedConfig, context: AccountContext, keyProtection: KeyProtectionModel | undefined): AlertsModel | undefined {
  const alerts = config.alerts;
  if (!alerts) return undefined;
  const existing = alerts.existingTopic;
  const existingTopicArn = existing?.arn ?? (existing?.name !== undefined ? `arn:${partitionOf(context)}:sns:${context.region}:${context.accountId}:${existing.name}` : undefined);
  return {
    topicName: alerts.topicName,
    subscriptions: alerts.subscriptions,
    jobStates: alerts.jobStates,
    alarms: alerts.alarms,
    vaultEvents: alerts.vaultEvents,
    ...(existingTopicArn !== undefined ? { existingTopicArn } : keyProtection ? { keyProtection } : {}),
  };
}

/** Report plans of the config for workload stacks ('stack') or for the central stacks ('central': multi-account ones). */
export function reportPlanModels(config: NormalizedConfig, where: 'stack' | 'central', region?: string): ReportPlanModel[] {
  const audit = config.audit;
  if (!audit) return [];
  const organization = config.organization;
  return sortedEntries(audit.reportPlans)
    .filter(([, plan]) => isMultiAccount(plan) === (where === 'central'))
    .map(([key, plan]): ReportPlanModel => {
      const multi = where === 'central';
      const compliance = COMPLIANCE_TEMPLATES.includes(plan.template);
      const frameworkArns = plan.frameworkArns ?? (compliance && !multi ? [OWN_FRAMEWORK] : undefined);
      const accounts = plan.accounts?.map((account) => (account === 'ROOT' ? account : (own(config.accounts, account)?.id ?? account)));
      const organizationUnits = plan.organizationUnits?.map((unit) => own(organization?.units ?? {}, unit) ?? unit);
      return {
        key,
        name: reportPlanNameOf(key, plan),
        template: plan.template as ReportTemplate,
        ...(plan.description !== undefined ? { description: plan.description } : {}),
        formats: sortedUnique(reportFormatsOfPlan(plan, audit.reports.formats, region)),
        ...(frameworkArns !== undefined ? { frameworkArns: sortedUnique(frameworkArns) } : {}),
        ...(accounts !== undefined ? { accounts: sortedUnique(accounts) } : {}),
        ...(organizationUnits !== undefined ? { organizationUnits: sortedUnique(organizationUnits) } : {}),
        ...(plan.regions !== undefined ? { regions: sortedUnique(plan.regions) } : {}),
      };
    });
}

/** The multi-account report plans of a central stack and their bucket, or nothing. */
export function centralReports(config: NormalizedConfig, place: { accountId: string; region: string }, keyProtection: KeyProtectionModel | undefined): Pick<CentralStackModel, 'reports'> {
  const plans = reportPlanModels(config, 'central');
  const reports = config.audit?.reports;
  if (plans.length === 0 || !reports) return {};
  const bucket: AuditModel['reports']['bucket'] =
    reports.existingBucket !== undefined
      ? { create: false, name: reports.existingBucket }
      : { create: true, name: `backup-reports-${place.accountId}-${place.region}`, expireAfterDays: reports.expireAfterDays, ...(keyProtection ? { keyProtection } : {}) };
  return { reports: { plans, bucket } };
}

/** True when an ARN can name something in `region`: no Region field (S3), a wildcard, or that Region. */
function inRegion(arn: string, region: string): boolean {
  const field = arnRegionAndAccount(arn)?.region;
  return field === undefined || field === '' || field.includes('*') || field === region;
}

/** Whether the stacks create the restore testing role (RESTORE_TESTING_DEFAULTS.roleName): some restore test has no `role` of its own and runs with it. */
export const createsRestoreTestingRole = (config: NormalizedConfig): boolean => Object.values(config.restoreTesting).some((plan) => plan.role === undefined);

/**
 * A restore test as it runs in one Region: the vault ARNs it picks from ([] for every vault) and
 * never picks from, and its selections, keeping only the vaults and resources of that Region (AWS
 * never picks another Region's there). Undefined when nothing is left to pick there: its `vaults`
 * are all elsewhere, or every selection lists only resources elsewhere.
 */
export function restoreTestHere(
  plan: RestoreTestingConfig,
  vaults: readonly VaultModel[],
  arnOf: (key: string) => string,
  region: string,
): { chosen: string[]; excluded: string[]; selections: [string, RestoreTestingConfig['selections'][string]][] } | undefined {
  // An empty list picks from every vault, as "*" does (what adopt writes for an include list of "*").
  const listed = plan.vaults !== undefined && plan.vaults.length > 0 && !plan.vaults.includes('*');
  const chosen = plan.vaults === undefined ? vaults.map((vault) => vault.arn) : listed ? plan.vaults.map(arnOf).filter((arn) => inRegion(arn, region)) : [];
  if (listed && chosen.length === 0) return undefined;
  const selections = sortedEntries(plan.selections).flatMap(([name, selection]): [string, RestoreTestingConfig['selections'][string]][] => {
    if (selection.resources === undefined) return [[name, selection]];
    const here = selection.resources.filter((arn) => inRegion(arn, region));
    return here.length > 0 ? [[name, { ...selection, resources: here }]] : [];
  });
  if (selections.length === 0) return undefined;
  const excluded = sortedUnique((plan.excludeVaults ?? []).map(arnOf).filter((arn) => inRegion(arn, region)));
  return { chosen, excluded, selections };
}
