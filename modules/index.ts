/**
 * The construct library's public face (as aws-cdk-lib's aws-backup/lib/index.ts): every construct
 * with its props interface, its pure `check...Props` function (the same checks the config rules
 * report with config paths), the rule presets, and the ground they share (the Problem type,
 * the shared checks, ARN builders and AWS limits). Import from here, not from single files.
 */

// Keys, vaults and locks: where recovery points live.
export * from './kms-key';
export * from './backup-vault';
export * from './air-gapped-vault';
export * from './vault-policy-statements';

// Plans, rules and what they select.
export * from './backup-plan';
export * from './presets';
export * from './backup-selection';
export * from './service-role';
export * from './region-settings';

// Operate and prove: alerts, notifications, restore tests, audit, reports.
export * from './backup-alerts';
export * from './backup-monitoring';
export * from './backup-monitoring-dashboard';
export * from './alert-filter-policy';
export * from './vault-notifications';
export * from './restore-testing';
export * from './audit-framework';
export * from './report-plans';
export * from './report-bucket';

// Organizations backup policies, and the service control policy that protects vaults and keys.
export * from './organization-backup-policy';
export * from './vault-protection-policy';

// IAM policy documents.
export * from './policy';

// The ground the constructs stand on.
export { WARNINGS_REPORTED_CONTEXT } from './props-problems';
export { ValidationError, throwOnErrors, type Problem, type Severity } from '../core/problems';
export { checkLifecycle, checkLock, checkSchedule, checkName, type LifecycleValues, type LockValues, type ScheduleValues } from '../core/checks';
export { backupVaultArn, iamRoleArn, accountRootArn, type AccountContext } from '../core/arn';
export { silenceWatch, type SilenceWatch } from '../core/silence';
export { RULE_LIMITS, LOCK_LIMITS, SELECTION_LIMITS, KMS_LIMITS, NAME_RULES } from '../core/limits';
export { SCP_LIMITS, SNS_FILTER_POLICY_LIMITS } from '../core/service-limits';
