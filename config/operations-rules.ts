/**
 * Rules of the operations sections: alerts, restore testing, audit. Field rules come from the
 * constructs' own checks, re-rooted under the config paths (field names renamed where the config
 * is shorter than the construct props).
 */
import { checkRestoreTestingPlanProps, restoreTestingName, RestoreTestingResourceType } from '../modules/restore-testing';
import { error, Problem, under, warning } from '../core/problems';
import { firstFew, sortedUnique } from '../core/order';
import { checkBackupAlertsProps, type AlertSubscription } from '../modules/backup-alerts';
import { pendingQueueMessage } from '../modules/backup-alerts-policies';
import { arnRegionAndAccount } from '../core/arn';
import { isOptInRegion } from '../core/regions';
import { checkVaultNotificationEvents, DEFAULT_VAULT_NOTIFICATION_EVENTS } from '../modules/vault-notifications';
import { unreportedFailedStates, VAULT_EVENT_OF_JOB_TYPE } from '../core/backup-events';
import { ALERT_JOB_STATES } from '../core/limits';
import { checkAuditFrameworkProps, CONTROL_SUBJECTS, FRAMEWORK_PARAMETER_LIMITS, FrameworkControlProps } from '../modules/audit-framework';
import { planFrequencyHours, planRecoveryPointAgeHours } from './audit-controls';
import { checkS3BucketName } from '../modules/report-bucket';
import { checkReportPlansProps } from '../modules/report-plans';
import { workloadStackPlaces, WorkloadStackPlace } from './instances';
import type { NormalizedConfig } from './normalize';
import { checkOperationsExtras, checkRestoreVaults } from './operations-extras-rules';
import { isMultiAccount } from './resolve-operations';

const stackList = (stacks: readonly WorkloadStackPlace[]): string => firstFew(stacks.map((stack) => stack.name));

/** Construct prop names the config writes shorter. */
const RESTORE_FIELD_NAMES: Readonly<Record<string, string>> = {
  protectedResourceType: 'resourceType',
  protectedResourceArns: 'resources',
  protectedResourceConditions: 'conditions',
};

/**
 * Keys that give the same AWS name once '-' becomes '_' (restoreTestingName): two plans would
 * fail the apply with one name, and of two selections one would be silently dropped.
 */
function checkRestoreTestingNames(keys: readonly string[], path: (key: string) => string, what: string): Problem[] {
  const first = new Map<string, string>();
  return keys.flatMap((key) => {
    const name = restoreTestingName(key);
    const earlier = first.get(name);
    if (earlier === undefined) {
      first.set(name, key);
      return [];
    }
    return [error(path(key), `is named "${name}" in AWS like ${what} "${earlier}" ('-' becomes '_'): give one of them another key`)];
  });
}

function checkRestoreTesting(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = checkRestoreTestingNames(Object.keys(config.restoreTesting), (key) => `restoreTesting.${key}`, 'restore test');
  for (const [key, plan] of Object.entries(config.restoreTesting)) {
    const path = `restoreTesting.${key}`;
    problems.push(...checkRestoreTestingNames(Object.keys(plan.selections), (selection) => `${path}.selections.${selection}`, 'selection'));
    problems.push(...checkRestoreVaults(config, path, plan));
    const selectionKeys = new Map(Object.keys(plan.selections).map((selectionKey) => [restoreTestingName(selectionKey), selectionKey]));
    const props = {
      planName: restoreTestingName(key),
      schedule: plan.schedule,
      scheduleTimezone: plan.scheduleTimezone,
      startWindowHours: plan.startWindowHours,
      algorithm: plan.algorithm,
      includeVaults: ['*'],
      recoveryPointTypes: plan.recoveryPointTypes,
      selectionWindowDays: plan.selectionWindowDays,
      selections: Object.fromEntries(
        Object.entries(plan.selections).map(([selectionKey, selection]) => [
          restoreTestingName(selectionKey),
          {
            protectedResourceType: selection.resourceType as RestoreTestingResourceType,
            iamRoleArn: 'arn:aws:iam::111122223333:role/aws-backup-restore-testing-role',
            protectedResourceArns: selection.resources,
            protectedResourceConditions: selection.conditions,
            validationWindowHours: selection.validationWindowHours,
            restoreMetadataOverrides: selection.restoreMetadataOverrides,
          },
        ]),
      ),
    };
    for (const problem of checkRestoreTestingPlanProps(props)) {
      const segments = problem.path.split('.').filter((segment) => segment !== 'planName');
      if (segments[0] === 'selections' && segments[1] !== undefined) segments[1] = selectionKeys.get(segments[1]) ?? segments[1];
      const configPath = [path, ...segments.map((segment) => RESTORE_FIELD_NAMES[segment] ?? segment)].filter(Boolean).join('.');
      const message = Object.entries(RESTORE_FIELD_NAMES).reduce((text, [prop, field]) => text.split(prop).join(field), problem.message);
      problems.push({ ...problem, path: configPath, message });
    }
  }
  return problems;
}

/** SQS subscriptions to a queue of another account than a stack's: each such stack's subscription waits for a confirmation (pendingQueueMessage). */
function checkQueueAccounts(subscriptions: Readonly<Record<string, AlertSubscription>>, stacks: readonly WorkloadStackPlace[], found: readonly Problem[]): Problem[] {
  return Object.entries(subscriptions).flatMap(([name, { protocol, endpoint }]) => {
    const path = `alerts.subscriptions.${name}.endpoint`;
    const queueAccount = protocol === 'sqs' ? arnRegionAndAccount(endpoint)?.account : undefined;
    if (queueAccount === undefined || found.some((problem) => problem.path === path && problem.severity === 'error')) return [];
    const elsewhere = stacks.filter((stack) => stack.accountId !== queueAccount);
    if (elsewhere.length === 0) return [];
    const accounts = [...new Set(elsewhere.map((stack) => stack.accountId))];
    const topics = `the alerts topics of account${accounts.length === 1 ? '' : 's'} ${accounts.join(', ')} (stacks ${stackList(elsewhere)})`;
    return [warning(path, pendingQueueMessage(endpoint, queueAccount, topics, "a queue of each stack's own account or an HTTPS endpoint"))];
  });
}

/**
 * Queue subscriptions SNS cannot deliver to across Regions: "cross-region forwarding of Amazon SNS messages from opt-in regions to
 * other opt-in regions is not supported" (Amazon SNS Developer Guide, "Prerequisites for integrating Amazon SNS with Lambda functions
 * across regions"). A Lambda function must be in the stack's own Region already (the construct's check).
 */
function checkCrossRegionDelivery(subscriptions: Readonly<Record<string, AlertSubscription>>, stacks: readonly WorkloadStackPlace[], found: readonly Problem[]): Problem[] {
  return Object.entries(subscriptions).flatMap(([name, { protocol, endpoint }]) => {
    const path = `alerts.subscriptions.${name}.endpoint`;
    const region = protocol === 'sqs' ? arnRegionAndAccount(endpoint)?.region : undefined;
    if (region === undefined || !isOptInRegion(region) || found.some((problem) => problem.path === path && problem.severity === 'error')) return [];
    const cannot = stacks.filter((stack) => stack.region !== region && isOptInRegion(stack.region));
    if (cannot.length === 0) return [];
    return [
      warning(
        path,
        `"${endpoint}" is a queue in opt-in Region ${region}, and SNS does not forward messages from one opt-in Region to another (Amazon SNS Developer Guide, cross-Region delivery): the alerts topics of stacks ${stackList(cannot)} deliver nothing to it; subscribe a queue in each stack's Region, or in a Region enabled by default`,
      ),
    ];
  });
}

/** Alerts: the construct's own checks (topic name, subscription endpoints), and the vault events. */
function checkAlerts(config: NormalizedConfig, stacks: readonly WorkloadStackPlace[]): Problem[] {
  const alerts = config.alerts;
  if (!alerts) {
    // Backup policies run plans too (a hand-written policy file names no plan of the config), in the workload stacks' accounts when there are any.
    const runsPlans = Object.keys(config.plans).length > 0 || (Object.keys(config.organization?.policies ?? {}).length > 0 && (workloadStackPlaces(config) ?? []).length > 0);
    return runsPlans ? [warning('alerts', 'is not set: failed backup, copy and restore jobs, and the silence alarms, notify no one; add alerts with subscriptions')] : [];
  }
  // Names and endpoints are the same in every stack; a Lambda function must be in the stack's own
  // account and Region (the construct creates its invoke permission there): checked against the
  // first workload stack here, and against every other one below.
  const [first] = Object.values(config.accounts);
  const home = stacks[0] ?? { accountId: first?.id ?? '', region: first?.regions[0] ?? '' };
  const account = { accountId: home.accountId, partition: config.partition, region: home.region };
  const props = { account, topicName: alerts.topicName, subscriptions: alerts.subscriptions, jobStates: alerts.jobStates, alarms: alerts.alarms };
  // The construct judges a queue's account against the first stack's only: every stack's is judged below.
  const queuePaths = new Set(Object.entries(alerts.subscriptions).flatMap(([name, subscription]) => (subscription.protocol === 'sqs' ? [`alerts.subscriptions.${name}.endpoint`] : [])));
  const problems = [
    ...under('alerts', checkBackupAlertsProps(props)).filter((problem) => problem.severity === 'error' || !queuePaths.has(problem.path)),
    ...(alerts.vaultEvents ? checkVaultNotificationEvents(alerts.vaultEvents, 'alerts.vaultEvents') : []),
  ];
  problems.push(...checkQueueAccounts(alerts.subscriptions, stacks, problems), ...checkCrossRegionDelivery(alerts.subscriptions, stacks, problems));
  // The rules and the failure alarms both follow jobStates: a documented failed state left out is reported only by a vault notification, if any.
  // Only the vaults this config creates (not air-gapped) send notifications: a backup into another vault (existingVaults) sends none.
  const silentVaults = sortedUnique(Object.values(config.plans).flatMap((plan) => Object.values(plan.rules).map((rule) => rule.vault ?? ''))).filter(
    (vault) => config.vaults[vault] === undefined || config.vaults[vault]?.airGapped !== undefined,
  );
  const configuredEvents: readonly string[] = alerts.vaultEvents ?? DEFAULT_VAULT_NOTIFICATION_EVENTS;
  // A backup into a silent vault sends no BACKUP_JOB_COMPLETED: that event then reports no failed backup job of every plan.
  const backupUnreported = silentVaults.length > 0 && configuredEvents.includes(VAULT_EVENT_OF_JOB_TYPE.backup);
  const vaultEvents = backupUnreported ? configuredEvents.filter((event) => event !== VAULT_EVENT_OF_JOB_TYPE.backup) : configuredEvents;
  const unreported = unreportedFailedStates(alerts.jobStates, vaultEvents);
  if (unreported.length > 0 && !problems.some((problem) => problem.path.startsWith('alerts.jobStates') && problem.severity === 'error')) {
    const notifying = backupUnreported ? ` (vault notifications come only from the vaults this config creates, and plans back up into ${silentVaults.join(', ')} too)` : '';
    problems.push(
      warning(
        'alerts.jobStates',
        `leaves out ${unreported.join('; ')}: neither the EventBridge rules nor the failure alarms of the alerts follow those states (both follow jobStates), and no vault notification of alerts.vaultEvents reports them${notifying}, so such a job notifies no one; add the states, or leave jobStates out to follow all of ${ALERT_JOB_STATES.join(', ')}`,
      ),
    );
  }
  if (Object.keys(alerts.subscriptions).length === 0 && alerts.existingTopic === undefined) {
    problems.push(warning('alerts.subscriptions', 'is empty: the alerts topic this config creates has no subscriber, so failures and silences reach no one unless someone subscribes outside this config'));
  }
  if (stacks.length > 1) {
    for (const [name, subscription] of Object.entries(alerts.subscriptions)) {
      const path = `alerts.subscriptions.${name}.endpoint`;
      if (subscription.protocol !== 'lambda' || problems.some((problem) => problem.path === path && problem.severity === 'error')) continue;
      problems.push(
        error(
          path,
          `a Lambda subscription is created in every workload stack (${stackList(stacks)}), and each needs the function in its own account and Region: use an SQS queue or an HTTPS endpoint`,
        ),
      );
    }
  }
  return problems;
}

/**
 * A tag scope on a control of plans, recovery points or vaults that none of those carry: plans and
 * vaults their own tags or the config's default tags (provider default_tags); recovery points
 * their rule's recoveryPointTags or the tags of the resources selected by that tag (AWS Backup
 * copies a resource's tags onto its recovery points), never the default tags (they are not
 * Terraform resources). The control then evaluates nothing and stays compliant, whatever the plans do.
 */
function checkControlScopes(config: NormalizedConfig, controls: Readonly<Record<string, FrameworkControlProps>>): Problem[] {
  const carries = (tags: Readonly<Record<string, string>> | undefined, key: string, value: string) => tags !== undefined && tags[key] === value;
  const tagged: Record<'plans' | 'recovery points' | 'vaults', (key: string, value: string) => boolean> = {
    plans: (key, value) => Object.values(config.plans).some((plan) => carries(plan.tags, key, value)),
    'recovery points': (key, value) =>
      Object.values(config.plans).some(
        (plan) =>
          Object.values(plan.rules).some((rule) => carries(rule.recoveryPointTags, key, value)) ||
          Object.values(plan.selections).some((selection) => [selection.tags?.[key], selection.conditions?.stringEquals?.[key]].some((values) => values !== undefined && ([] as string[]).concat(values).includes(value))),
      ),
    vaults: (key, value) => Object.values(config.vaults).some((vault) => carries(vault.tags, key, value)),
  };
  return Object.entries(controls).flatMap(([name, control]) => {
    const subject = CONTROL_SUBJECTS[name];
    const [entry] = Object.entries(control.scope?.tags ?? {});
    if (subject === undefined || entry === undefined) return [];
    const [key, value] = entry;
    if ((subject !== 'recovery points' && carries(config.tags, key, value)) || tagged[subject](key, value)) return [];
    return [warning(`audit.controls.${name}.scope.tags`, `selects ${subject} tagged ${key}=${value}, and no ${subject === 'plans' ? 'plan' : subject === 'vaults' ? 'vault' : 'rule (recoveryPointTags) or selected resource'} of this config carries that tag: the control evaluates nothing and stays compliant`)];
  });
}

/** Audit: the framework name and the controls written in the config, the report bucket name. */
function checkAudit(config: NormalizedConfig, stacks: readonly WorkloadStackPlace[]): Problem[] {
  const audit = config.audit;
  if (!audit) return [];
  const written = Object.fromEntries(Object.entries(audit.controls).filter(([, control]) => control !== null)) as Record<string, FrameworkControlProps>;
  // The derived controls are always valid; a stand-in keeps "at least one control" from firing here.
  const controls = Object.keys(written).length > 0 ? written : { BACKUP_RECOVERY_POINT_ENCRYPTED: {} };
  const problems = under('audit', checkAuditFrameworkProps({ frameworkName: audit.frameworkName ?? 'backup_estate', controls }));
  problems.push(...checkControlScopes(config, written));
  // The control takes at most 744 hours (31 days): a rarer plan is reported late part of each cycle.
  if (audit.controls.BACKUP_LAST_RECOVERY_POINT_CREATED !== null) {
    const { hours, days } = FRAMEWORK_PARAMETER_LIMITS.lastRecoveryPointAge;
    const cap = hours.max;
    const rare = Object.entries(config.plans).filter(([, plan]) => Object.keys(plan.rules).length > 0 && planRecoveryPointAgeHours(plan) > cap).map(([key]) => key);
    if (rare.length > 0) {
      problems.push(warning('audit.controls.BACKUP_LAST_RECOVERY_POINT_CREATED', `takes a recovery point age of at most ${cap} hours (${days.max} days), and plans ${rare.join(', ')} may go longer without a recovery point: the control reports their resources as non-compliant part of each cycle; drop it (null) or accept that`));
    }
  }
  // The frequency control takes at most 31 days: a rarer plan is always non-compliant.
  if (audit.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK !== null) {
    const days = FRAMEWORK_PARAMETER_LIMITS.requiredFrequencyValue.days.max;
    const rare = Object.entries(config.plans).filter(([, plan]) => Object.keys(plan.rules).length > 0 && planFrequencyHours(plan) > days * 24).map(([key]) => key);
    if (rare.length > 0) {
      problems.push(warning('audit.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK', `takes a backup frequency of at most ${days} days, and plans ${rare.join(', ')} back up less often: the control reports them as non-compliant; drop it (null) or accept that`));
    }
  }
  // The report plans' own checks (templates, formats, plan names from the framework name); the framework ARN is a stand-in.
  const reportPlans = checkReportPlansProps({
    namePrefix: audit.frameworkName ?? 'backup_estate',
    bucketName: audit.reports.bucketName ?? audit.reports.existingBucket ?? 'backup-reports',
    templates: audit.reports.templates,
    formats: audit.reports.formats,
    frameworkArns: ['arn:aws:backup:eu-west-1:111122223333:framework:backup_estate-0123abcd'],
  });
  for (const problem of reportPlans) {
    const path = problem.path.replace(/^namePrefix/, 'audit.frameworkName').replace(/^(templates|formats)/, 'audit.reports.$1');
    // An invalid framework name is reported once, by the framework's check.
    if (!problems.some((reported) => reported.path === path && reported.severity === 'error')) problems.push({ ...problem, path });
  }
  if (audit.reports.bucketName !== undefined) problems.push(...checkS3BucketName(audit.reports.bucketName, 'audit.reports.bucketName'));
  if (audit.reports.bucketName !== undefined && stacks.length > 1) {
    problems.push(
      error(
        'audit.reports.bucketName',
        `every workload stack (${stackList(stacks)}) would create bucket "${audit.reports.bucketName}", and S3 bucket names are global: leave bucketName out (each stack creates backup-reports-<account id>-<region>) or deliver to existingBucket`,
      ),
    );
  }
  // Report plans deliver from every workload stack's account, and multi-account ones from the backup account (central stacks).
  const backupAccount = config.organization !== undefined && Object.values(audit.reportPlans).some(isMultiAccount) ? config.accounts[config.organization.backupAccount]?.id : undefined;
  const accounts = sortedUnique([...stacks.map((stack) => stack.accountId), ...(backupAccount !== undefined ? [backupAccount] : [])]);
  if (audit.reports.existingBucket !== undefined && accounts.length > 1) {
    problems.push(
      error(
        'audit.reports.existingBucket',
        `would receive the reports of ${accounts.length} accounts (${firstFew(accounts)}), but AWS Backup delivers a report plan's reports only to a bucket of the plan's own account ("You can't use a bucket from another account", Creating report plans), so all but the bucket's account would deliver nothing; leave existingBucket out (each stack creates backup-reports-<account id>-<region>)`,
      ),
    );
  }
  if (audit.reports.bucketName !== undefined && audit.reports.existingBucket !== undefined) {
    problems.push(error('audit.reports.existingBucket', 'give either bucketName (a bucket the stacks create) or existingBucket, not both'));
  }
  return problems;
}

/** A suppression's config path must name an entry of this config: a misspelled path would silence nothing, silently. */
function checkSuppressionPaths(config: NormalizedConfig): Problem[] {
  return config.compliance.suppressions.flatMap((suppression, index) => {
    if (suppression.path === undefined) return [];
    let node: unknown = config;
    const walked: string[] = [];
    for (const segment of suppression.path.split('.')) {
      const here = typeof node === 'object' && node !== null ? (node as Record<string, unknown>) : undefined;
      if (here === undefined || !Object.hasOwn(here, segment) || here[segment] === undefined) {
        const known = here ? Object.keys(here).filter((key) => here[key] !== undefined) : [];
        const where = walked.length > 0 ? walked.join('.') : 'the config';
        return [error(`compliance.suppressions.${index}.path`, `"${suppression.path}" names nothing in this config: ${where} has no "${segment}"${known.length > 0 && known.length <= 12 ? ` (it has ${known.join(', ')})` : ''}`)];
      }
      node = here[segment];
      walked.push(segment);
    }
    return [];
  });
}

export function checkOperations(config: NormalizedConfig): Problem[] {
  const stacks = config.alerts || config.audit ? (workloadStackPlaces(config) ?? []) : [];
  return [...checkAlerts(config, stacks), ...checkRestoreTesting(config), ...checkAudit(config, stacks), ...checkSuppressionPaths(config), ...checkOperationsExtras(config, stacks)];
}
