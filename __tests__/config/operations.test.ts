/** Restore testing, alerts and audit: config rules with exact messages, and derived framework controls. */
import { checkRawConfig } from '../../config';
import { deriveFrameworkControls } from '../../config/audit-controls';
import type { WorkloadStackModel } from '../../config/resolve';
import { configWith, findings, RawConfig } from '../support/configs';
import { exampleModel } from '../support/examples';

type Mutation = (config: RawConfig) => void;
const withRestoreTests = (mutate: Mutation): RawConfig =>
  configWith((c) => {
    c.restoreTesting = { weekly: { selections: { 'ebs-volumes': { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } } };
    mutate(c);
  });
const weekly = (c: RawConfig) => c.restoreTesting.weekly;
const ebs = (c: RawConfig) => c.restoreTesting.weekly.selections['ebs-volumes'];

describe('restore testing rules', () => {
  it('accepts the base restore test', () => {
    expect(findings(withRestoreTests(() => undefined)).errors).toEqual([]);
  });

  it.each<[string, Mutation, string]>([
    ['vaults declared', (c) => (weekly(c).vaults = ['nope']), 'restoreTesting.weekly.vaults.0: vault "nope" is not declared in vaults (declared: main, dr)'],
    ['start window at most 168 hours', (c) => (weekly(c).startWindowHours = 169), 'restoreTesting.weekly.startWindowHours: must be a whole number of hours between 1 and 168; got 169'],
    ['selection window at most 365 days', (c) => (weekly(c).selectionWindowDays = 366), 'restoreTesting.weekly.selectionWindowDays: must be a whole number of days between 1 and 365; got 366'],
    ['resources or conditions', (c) => (ebs(c).resources = ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1']), 'restoreTesting.weekly.selections.ebs-volumes: give resources or conditions, not both (the provider requires exactly one)'],
    ['validation window at most 168 hours', (c) => (ebs(c).validationWindowHours = 200), 'restoreTesting.weekly.selections.ebs-volumes.validationWindowHours: must be a whole number of hours between 1 and 168; got 200'],
    ['schedule syntax', (c) => (weekly(c).schedule = 'weekly'), 'restoreTesting.weekly.schedule: must look like cron(minutes hours day-of-month month day-of-week year); got "weekly"'],
  ])('%s', (_name, mutate, expected) => {
    expect(findings(withRestoreTests(mutate)).errors).toEqual([expected]);
  });

  it('creates the plan in every Region that runs plans, with the vaults of that Region and a role in the primary Region', () => {
    const model = checkRawConfig(withRestoreTests(() => undefined)).model;
    const stacks = (model?.stacks ?? []) as WorkloadStackModel[];
    expect(stacks.map((stack) => [stack.name, stack.restoreTesting.map((plan) => [plan.name, plan.includeVaults]), stack.restoreTestingRole?.create?.roleName])).toEqual([
      ['test-eu-west-1', [['weekly', ['arn:aws:backup:eu-west-1:111122223333:backup-vault:main']]], 'aws-backup-restore-testing-role'],
    ]);
  });
});

describe('alerts and audit rules', () => {
  it.each<[string, Mutation, string]>([
    ['subscription endpoints', (c) => (c.alerts = { subscriptions: { ops: { protocol: 'email', endpoint: 'not-an-email' } } }), 'alerts.subscriptions.ops.endpoint: "not-an-email" is not an email address'],
    ['topic name', (c) => (c.alerts = { topicName: 'bad name' }), 'alerts.topicName: must be 1-256 characters of A-Z a-z 0-9 _ -'],
    ['vault events', (c) => (c.alerts = { vaultEvents: ['BACKUP_DONE', 'COPY_JOB_FAILED'] }), 'alerts.vaultEvents.0: "BACKUP_DONE" is not an AWS Backup vault event; valid events: BACKUP_JOB_STARTED, BACKUP_JOB_COMPLETED, BACKUP_JOB_SUCCESSFUL, BACKUP_JOB_FAILED, BACKUP_JOB_EXPIRED, RESTORE_JOB_STARTED, RESTORE_JOB_COMPLETED, RESTORE_JOB_SUCCESSFUL, RESTORE_JOB_FAILED, COPY_JOB_STARTED, COPY_JOB_SUCCESSFUL, COPY_JOB_FAILED, RECOVERY_POINT_MODIFIED, BACKUP_PLAN_CREATED, BACKUP_PLAN_MODIFIED, S3_BACKUP_OBJECT_FAILED, S3_RESTORE_OBJECT_FAILED, RECOVERY_POINT_INDEX_COMPLETED, RECOVERY_POINT_INDEX_DELETED, RECOVERY_POINT_INDEXING_FAILED'],
    ['framework name', (c) => (c.audit = { frameworkName: '1x' }), 'audit.frameworkName: framework name "1x" must be a letter, then up to 255 characters of A-Z a-z 0-9 _'],
    ['control parameters', (c) => (c.audit = { controls: { BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { parameters: { requiredFrequencyUnit: 'weeks' } } } }), 'audit.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK.parameters.requiredFrequencyUnit: must be "hours" or "days"; got "weeks"'],
    ['dropping an unknown control', (c) => (c.audit = { controls: { NOT_A_CONTROL: null } }), 'audit.controls.NOT_A_CONTROL: "NOT_A_CONTROL" is not a control the framework derives or accepts'],
    ['one report bucket', (c) => (c.audit = { reports: { bucketName: 'reports-a', existingBucket: 'reports-b' } }), 'audit.reports.existingBucket: give either bucketName (a bucket the stacks create) or existingBucket, not both'],
  ])('%s', (_name, mutate, expected) => {
    expect(findings(configWith(mutate)).errors).toEqual([expected]);
  });

  it('warns about deprecated vault events', () => {
    expect(findings(configWith((c) => (c.alerts = { vaultEvents: ['BACKUP_JOB_SUCCESSFUL'] }))).warnings).toEqual([
      'alerts.vaultEvents.0: "BACKUP_JOB_SUCCESSFUL" is deprecated: AWS accepts it but never sends it; use BACKUP_JOB_COMPLETED and filter on the job state (an SNS filter policy on the State message attribute, or an EventBridge rule on the job state change event)',
    ]);
  });

  it('lets config controls override and drop derived ones', () => {
    const check = checkRawConfig(configWith((c) => (c.audit = { controls: { BACKUP_RECOVERY_POINT_ENCRYPTED: null, BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { parameters: { requiredRetentionDays: 30 } } } })));
    const [stack] = (check.model?.stacks ?? []) as WorkloadStackModel[];
    expect(stack.audit?.controls.BACKUP_RECOVERY_POINT_ENCRYPTED).toBeUndefined();
    expect(stack.audit?.controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK).toEqual({ parameters: { requiredRetentionDays: 30 } });
    expect(stack.audit?.reports.bucket).toEqual({ create: true, name: 'backup-reports-111122223333-eu-west-1', expireAfterDays: 365 });
  });
});

describe('derived framework controls', () => {
  const [stack] = exampleModel('single-account.yaml').stacks as WorkloadStackModel[];
  const controls = deriveFrameworkControls(stack.plans, stack.vaults, stack.region, stack.account.accountId);

  it('asks for the frequency and retention every declared plan meets', () => {
    // gold: daily kept 35 days; silver: daily (Europe/Dublin) kept 14 days.
    expect(controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual({ parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 14 } });
    expect(controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK).toEqual({ parameters: { requiredRetentionDays: 14 } });
    expect(controls.BACKUP_LAST_RECOVERY_POINT_CREATED).toEqual({ parameters: { recoveryPointAgeUnit: 'days', recoveryPointAgeValue: 1 } });
  });

  it('takes the lock range of the vaults the rules back up into, and the break-glass principals', () => {
    expect(controls.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK).toEqual({ parameters: { minRetentionDays: 7, maxRetentionDays: 400 } });
    expect(controls.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED).toEqual({ parameters: { principalArnList: 'arn:aws:iam::111122223333:role/BackupBreakGlass' } });
  });

  it('lists the copy destinations of the multi-Region example', () => {
    const [eu] = exampleModel('multi-region.yaml').stacks as WorkloadStackModel[];
    const derived = deriveFrameworkControls(eu.plans, eu.vaults, eu.region, eu.account.accountId);
    expect(derived.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION).toEqual({ parameters: { crossRegionList: 'eu-central-1' } });
    expect(derived.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT).toBeUndefined();
    // payments-critical runs daily; payments-databases-pitr hourly: the weaker plan sets the bar.
    expect(derived.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual({ parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 14 } });
  });

  it('lists the central backup account for cross-account copies', () => {
    const payments = exampleModel('organization.yaml').stacks.find((s) => s.name === 'payments-eu-west-1') as WorkloadStackModel;
    const derived = deriveFrameworkControls(payments.plans, payments.vaults, payments.region, payments.account.accountId);
    expect(derived.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT).toEqual({ parameters: { crossAccountList: '222222222222' } });
    expect(derived.RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT).toEqual({});
  });
});
