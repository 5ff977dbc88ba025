/**
 * Rules of the operations sections: alerts, restore testing, audit. Field rules come from the
 * constructs' own checks, re-rooted under the config paths (field names renamed where the config
 * is shorter than the construct props).
 */
import { checkRestoreTestingPlanProps, restoreTestingName, RestoreTestingResourceType } from '../modules/restore-testing';
import { error, Problem, under } from '../modules/validation';
import { checkBackupAlertsProps } from '../modules/backup-alerts';
import { checkVaultNotificationEvents } from '../modules/vault-notifications';
import { checkAuditFrameworkProps, FrameworkControlProps } from '../modules/audit-framework';
import { checkS3BucketName } from '../modules/report-bucket';
import { AUDIT_LIMITS } from './limits';
import type { NormalizedConfig } from './normalize';

/** Construct prop names the config writes shorter. */
const RESTORE_FIELD_NAMES: Readonly<Record<string, string>> = {
  protectedResourceType: 'resourceType',
  protectedResourceArns: 'resources',
  protectedResourceConditions: 'conditions',
};

function checkRestoreTesting(config: NormalizedConfig): Problem[] {
  const problems: Problem[] = [];
  for (const [key, plan] of Object.entries(config.restoreTesting)) {
    const path = `restoreTesting.${key}`;
    (plan.vaults ?? []).forEach((vault, index) => {
      if (!config.vaults[vault]) problems.push(error(`${path}.vaults.${index}`, `vault "${vault}" is not declared in vaults (declared: ${Object.keys(config.vaults).join(', ') || 'none'})`));
    });
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

/** Alerts: the construct's own checks (topic name, subscription endpoints), and the vault events. */
function checkAlerts(config: NormalizedConfig): Problem[] {
  const alerts = config.alerts;
  if (!alerts) return [];
  // The checks read names and endpoints only; any account of the estate stands in for all.
  const [first] = Object.values(config.accounts);
  const account = { accountId: first?.id ?? '', partition: config.partition, region: first?.regions[0] ?? '' };
  const props = { account, topicName: alerts.topicName, subscriptions: alerts.subscriptions, jobStates: alerts.jobStates, alarms: alerts.alarms };
  return [
    ...under('alerts', checkBackupAlertsProps(props)),
    ...(alerts.vaultEvents ? checkVaultNotificationEvents(alerts.vaultEvents, 'alerts.vaultEvents') : []),
  ];
}

/** Audit: the framework name and the controls written in the config, the report bucket name. */
function checkAudit(config: NormalizedConfig): Problem[] {
  const audit = config.audit;
  if (!audit) return [];
  const written = Object.fromEntries(Object.entries(audit.controls).filter(([, control]) => control !== null)) as Record<string, FrameworkControlProps>;
  // The derived controls are always valid; a stand-in keeps "at least one control" from firing here.
  const controls = Object.keys(written).length > 0 ? written : { BACKUP_RECOVERY_POINT_ENCRYPTED: {} };
  const problems = under('audit', checkAuditFrameworkProps({ frameworkName: audit.frameworkName ?? 'backup_estate', controls }));
  for (const [name, control] of Object.entries(audit.controls)) {
    // `CONTROL: null` drops a derived control: it must name one.
    if (control === null && !(AUDIT_LIMITS.controls as readonly string[]).includes(name)) {
      problems.push(error(`audit.controls.${name}`, `"${name}" is not a control the framework derives or accepts`));
    }
  }
  if (audit.reports.bucketName !== undefined) problems.push(...checkS3BucketName(audit.reports.bucketName, 'audit.reports.bucketName'));
  if (audit.reports.bucketName !== undefined && audit.reports.existingBucket !== undefined) {
    problems.push(error('audit.reports.existingBucket', 'give either bucketName (a bucket the stacks create) or existingBucket, not both'));
  }
  return problems;
}

export function checkOperations(config: NormalizedConfig): Problem[] {
  return [...checkAlerts(config), ...checkRestoreTesting(config), ...checkAudit(config)];
}
