/** Restore testing, alerts and audit: config rules with exact messages, and derived framework controls. */
import { checkRawConfig } from '../../config';
import { deriveFrameworkControls } from '../../config/audit-controls';
import { AUDIT_LIMITS } from '../../core/limits';
import type { WorkloadStackModel } from '../../config/estate-model';
import { tmpdir } from 'node:os';
import type { TerraformStack } from 'cdktf';
import { buildApp } from '../../stacks/app';
import { synthesizedStackJson } from '../../compliance';
import { configWith, findings, organizationWith, RawConfig, withRestoreTests } from '../support/configs';
import { exampleModel } from '../support/examples';

type Mutation = (config: RawConfig) => void;
const weekly = (c: RawConfig) => c.restoreTesting.weekly;
const ebs = (c: RawConfig) => c.restoreTesting.weekly.selections['ebs-volumes'];

describe('restore testing rules', () => {
  it('accepts the base restore test', () => {
    expect(findings(withRestoreTests(() => undefined)).errors).toEqual([]);
  });

  it('refuses keys that give one AWS name once - becomes _ (a selection would be dropped, two plans fail the apply)', () => {
    const colliding = withRestoreTests((c) => {
      weekly(c).selections.ebs_volumes = { ...ebs(c) };
      c.restoreTesting['weekly-db'] = { selections: { db: { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } };
      c.restoreTesting.weekly_db = { selections: { db: { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } };
    });
    expect(findings(colliding).errors).toEqual([
      'restoreTesting.weekly_db: is named "weekly_db" in AWS like restore test "weekly-db" (\'-\' becomes \'_\'): give one of them another key',
      'restoreTesting.weekly.selections.ebs_volumes: is named "ebs_volumes" in AWS like selection "ebs-volumes" (\'-\' becomes \'_\'): give one of them another key',
    ]);
  });

  it('keeps in each Region only the vaults and resources of that Region, and warns about a test or selection created in no stack', () => {
    // The base plan runs in eu-west-1 only; vault dr is in eu-central-1, where no plan runs.
    const elsewhere = withRestoreTests((c) => (weekly(c).vaults = ['dr']));
    expect(findings(elsewhere).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      'restoreTesting.weekly: is created in no stack: its vaults, or the resources of every selection, are in Regions where no plan of the account runs, so it tests nothing',
    ]);
    expect(checkRawConfig(elsewhere).model?.stacks.flatMap((stack) => (stack.kind === 'workload' ? stack.restoreTesting : []))).toEqual([]);
    const mixed = withRestoreTests((c) => {
      weekly(c).selections.volume = { resourceType: 'EBS', resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a', 'arn:aws:ec2:eu-central-1:111122223333:volume/vol-0b'] };
      weekly(c).selections.remote = { resourceType: 'EBS', resources: ['arn:aws:ec2:eu-central-1:111122223333:volume/vol-0c'] };
    });
    expect(findings(mixed).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      'restoreTesting.weekly.selections.remote.resources: lists resources only in Regions where this restore test does not run: the selection is created in no stack',
    ]);
    const [test] = checkRawConfig(mixed).model?.stacks.flatMap((stack) => (stack.kind === 'workload' ? stack.restoreTesting : [])) ?? [];
    expect(Object.keys(test.selections)).toEqual(['ebs_volumes', 'volume']);
    expect(test.selections.volume.resources).toEqual(['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a']);
  });

  it('warns about a test of snapshots where only continuous rules back the type up: AWS takes no snapshot of it then', () => {
    const continuousOnly = withRestoreTests((c) => {
      c.plans.gold.rules.daily = { schedule: 'cron(0 * ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.selections = { databases: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] } };
      weekly(c).selections = { databases: { resourceType: 'RDS', resources: ['*'] } };
    });
    expect(findings(continuousOnly).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      'restoreTesting.weekly.selections.databases.resourceType: tests SNAPSHOT recovery points only, but every rule of stack test-eu-west-1 that backs up RDS is continuous: AWS keeps one continuous recovery point of it and takes no snapshot (but for a copy to another Region or account), so the restore test finds none; add CONTINUOUS to recoveryPointTypes',
    ]);
    const both = withRestoreTests((c) => {
      c.plans.gold.rules.daily = { schedule: 'cron(0 * ? * * *)', continuousBackup: true, lifecycle: { deleteAfterDays: 35 } };
      c.plans.gold.selections = { databases: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] } };
      weekly(c).recoveryPointTypes = ['CONTINUOUS', 'SNAPSHOT'];
      weekly(c).selections = { databases: { resourceType: 'RDS', resources: ['*'] } };
    });
    expect(findings(both).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([]);
  });

  it('warns about a test that picks only from vaults no rule backs the type up or copies into', () => {
    const archive = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
    const onlyArchive = withRestoreTests((c) => {
      c.vaults.archive = archive;
      weekly(c).vaults = ['archive'];
    });
    expect(findings(onlyArchive).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      'restoreTesting.weekly.vaults: picks recovery points only from vault(s) archive, but no plan backs up or copies EBS into it (stack test-eu-west-1): the restore test of selection ebs-volumes finds none, starts no restore job and raises no alert; list the vaults its rules target',
    ]);
    // A copy lands there too, or the list also names the rule's target: the test finds recovery points.
    const copiedThere = withRestoreTests((c) => {
      c.vaults.archive = archive;
      c.plans.gold.rules.daily.copies.archive = {};
      weekly(c).vaults = ['archive'];
    });
    expect(findings(copiedThere).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([]);
    const withMain = withRestoreTests((c) => {
      c.vaults.archive = archive;
      weekly(c).vaults = ['archive', 'main'];
    });
    expect(findings(withMain).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([]);
  });

  it('warns when the selection window is shorter than the age the newest recovery point may reach (the test would find none on some runs)', () => {
    // A daily rule with a 60-minute start window and a 180-minute completion window: 28 hours at worst.
    expect(findings(withRestoreTests((c) => (weekly(c).selectionWindowDays = 1))).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      "restoreTesting.weekly.selectionWindowDays: picks recovery points of the last 1 day(s), but the newest EBS recovery point in stack test-eu-west-1 may be 28 h old (the best rule's worst case): on some runs the restore test finds none, starts no restore job and raises no alert; set at least 2",
    ]);
    expect(findings(withRestoreTests((c) => (weekly(c).selectionWindowDays = 2))).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([]);
  });

  it('judges the selection window per plan: a yearly plan beside a daily one is not proven by a 30-day test (found by the restore audit)', () => {
    // The test restores any EBS volume: gold's daily recovery points are in its window, archive's yearly ones most of the year not.
    const yearly = (windowDays?: number) =>
      withRestoreTests((c) => {
        c.plans.archive = { vault: 'main', rules: { yearly: { schedule: 'cron(0 5 1 1 ? *)', lifecycle: { deleteAfterDays: 3650 } } }, selections: { tagged: { tags: { backup: 'archive' } } } };
        weekly(c).selections = { 'ebs-volumes': { resourceType: 'EBS', resources: ['*'] } };
        if (windowDays !== undefined) weekly(c).selectionWindowDays = windowDays;
      });
    expect(findings(yearly()).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      "restoreTesting.weekly.selectionWindowDays: picks recovery points of the last 30 day(s), but the newest EBS recovery point of plan archive in stack test-eu-west-1 may be 366 d 4 h old: on some runs selection ebs-volumes can restore none of that plan's, so it proves nothing of its restores (the runbook does not credit it there); set at least 367, or test that plan with a longer window",
    ]);
    expect(findings(yearly(367)).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([]);
  });

  it('judges the selection window by the vaults the test picks from: a daily rule into main keeps no archive-only test fresh (found by the review audit)', () => {
    // gold's daily rule writes to main, its monthly rule (1st, 05:00) to archive: a 30-day test of archive alone misses the monthly recovery point on some runs.
    const archiveOnly = (vaults: string[]) =>
      withRestoreTests((c) => {
        c.vaults.archive = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.gold.rules.monthly = { schedule: 'cron(0 5 1 * ? *)', vault: 'archive', lifecycle: { deleteAfterDays: 365 } };
        weekly(c).vaults = vaults;
      });
    expect(findings(archiveOnly(['archive'])).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([
      "restoreTesting.weekly.selectionWindowDays: picks recovery points of the last 30 day(s), but the newest EBS recovery point in stack test-eu-west-1 may be 31 d 4 h old (the best rule's worst case): on some runs the restore test finds none, starts no restore job and raises no alert; set at least 32",
    ]);
    expect(findings(archiveOnly(['archive', 'main'])).warnings.filter((w) => w.startsWith('restoreTesting'))).toEqual([]);
  });

  it('warns about an FSx restore test without metadata overrides (AWS cannot infer them all)', () => {
    const fsx = (c: RawConfig) => (weekly(c).selections = { 'file-systems': { resourceType: 'FSx', conditions: { stringEquals: { backup: 'gold' } } } });
    expect(findings(withRestoreTests(fsx)).warnings).toEqual([
      'restoreTesting.weekly.selections.file-systems.restoreMetadataOverrides: is not given, and AWS Backup cannot infer a complete set of restore metadata for Amazon FSx: its restore jobs may fail; give the settings a restore of these file systems needs',
    ]);
    expect(
      findings(
        withRestoreTests((c) => {
          fsx(c);
          weekly(c).selections['file-systems'].restoreMetadataOverrides = { StorageCapacity: '1024' };
        }),
      ).warnings,
    ).toEqual([]);
  });

  it('warns about a restore test whose selection picks only resources no plan selection backs up (found by the runbook audit)', () => {
    // The base plan selects backup = gold: volumes tagged backup = silver have no recovery point to restore.
    const silver = withRestoreTests((c) => (ebs(c).conditions = { stringEquals: { backup: 'silver' } }));
    expect(findings(silver).warnings).toEqual([
      'restoreTesting.weekly.selections.ebs-volumes.conditions: no plan selection of stack test-eu-west-1 backs up the resources its conditions pick (EBS): the restore test finds no recovery point of them, starts no restore job and raises no alert',
    ]);
    // Listed ARNs that only a selection of other ARNs could take, and none by tags: the same.
    const otherDb = withRestoreTests((c) => {
      c.plans.gold.selections = { db: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:ledger'] } };
      weekly(c).selections = { databases: { resourceType: 'RDS', resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] } };
    });
    expect(findings(otherDb).warnings).toEqual([
      'restoreTesting.weekly.selections.databases.resources: no plan selection of stack test-eu-west-1 backs up the resources it lists (RDS): the restore test finds no recovery point of them, starts no restore job and raises no alert',
    ]);
    // A selection by tags may take a listed ARN (its tags are unknown here), and a stringNotEquals of another value meets backup = gold.
    expect(findings(withRestoreTests((c) => (weekly(c).selections = { databases: { resourceType: 'RDS', resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] } }))).warnings).toEqual([]);
    expect(findings(withRestoreTests((c) => (ebs(c).conditions = { stringEquals: { backup: 'gold' }, stringNotEquals: { env: 'sandbox' } }))).warnings).toEqual([]);
    expect(findings(withRestoreTests((c) => (ebs(c).conditions = { stringNotEquals: { backup: 'gold' } }))).warnings).toEqual([
      'restoreTesting.weekly.selections.ebs-volumes.conditions: no plan selection of stack test-eu-west-1 backs up the resources its conditions pick (EBS): the restore test finds no recovery point of them, starts no restore job and raises no alert',
    ]);
  });

  it('says a restore test cannot meet a plan selection only under every reading of * and ? (found by the review audit)', () => {
    const pick = (conditions: Record<string, Record<string, string>>, test: Record<string, string>) =>
      findings(
        withRestoreTests((c) => {
          c.plans.gold.selections.tagged.conditions = conditions;
          ebs(c).conditions = { stringEquals: { backup: 'gold', ...test } };
        }),
      ).warnings.filter((w) => w.startsWith('restoreTesting'));
    const none = 'restoreTesting.weekly.selections.ebs-volumes.conditions: no plan selection of stack test-eu-west-1 backs up the resources its conditions pick (EBS): the restore test finds no recovery point of them, starts no restore job and raises no alert';
    // AWS: * is "zero or more non-whitespace characters", so "Data*" may not exclude "Data Platform"; IAM reads ? as one character, so "tmp-?" may exclude "tmp-a" and "prod-?" may take "prod-a".
    expect(pick({ stringNotLike: { team: 'Data*' } }, { team: 'Data Platform' })).toEqual([]);
    expect(pick({ stringNotLike: { env: 'tmp-?' } }, { env: 'tmp-a' })).toEqual([]);
    expect(pick({ stringLike: { env: 'prod-?' } }, { env: 'prod-a' })).toEqual([]);
    expect(pick({ stringLike: { team: 'Data*' } }, { team: 'Data Platform' })).toEqual([]);
    // Certain under every reading: still a warning.
    expect(pick({ stringNotLike: { team: 'Data*' } }, { team: 'Data-Platform' })).toEqual([none]);
    expect(pick({ stringLike: { env: 'prod-?' } }, { env: 'test-a' })).toEqual([none]);
    // A ? in notResources excludes a listed ARN only if AWS reads it as one character: not certain.
    const listed = (notResources: string[]) =>
      findings(
        withRestoreTests((c) => {
          c.plans.gold.selections = { db: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:*'], notResources } };
          weekly(c).selections = { databases: { resourceType: 'RDS', resources: ['arn:aws:rds:eu-west-1:111122223333:db:tmp-a'] } };
        }),
      ).warnings.filter((w) => w.startsWith('restoreTesting'));
    expect(listed(['arn:aws:rds:eu-west-1:111122223333:db:tmp-?'])).toEqual([]);
    expect(listed(['arn:aws:rds:eu-west-1:111122223333:db:tmp-*'])).toEqual([
      'restoreTesting.weekly.selections.databases.resources: no plan selection of stack test-eu-west-1 backs up the resources it lists (RDS): the restore test finds no recovery point of them, starts no restore job and raises no alert',
    ]);
  });

  it('warns about a restore test that can never find a recovery point', () => {
    // The base plan selects by tag (every type): EBS is backed up, by snapshots only.
    expect(findings(withRestoreTests(() => undefined)).warnings).toEqual([]);
    const databasesOnly = (c: RawConfig) => (c.plans.gold.selections = { db: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] } });
    expect(findings(withRestoreTests(databasesOnly)).warnings).toEqual([
      'restoreTesting.weekly.selections.ebs-volumes.resourceType: no plan of stack test-eu-west-1 backs up EBS: the restore test finds no recovery point there, starts no restore job and raises no alert',
    ]);
    const continuousOnly = (c: RawConfig) => {
      weekly(c).recoveryPointTypes = ['CONTINUOUS'];
      weekly(c).selections = { databases: { resourceType: 'RDS', resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'] } };
    };
    expect(findings(withRestoreTests(continuousOnly)).warnings).toEqual([
      'restoreTesting.weekly.selections.databases.resourceType: tests CONTINUOUS recovery points only, but no continuous rule of stack test-eu-west-1 backs up RDS: the restore test finds none; add SNAPSHOT to recoveryPointTypes',
    ]);
    expect(
      findings(
        withRestoreTests((c) => {
          continuousOnly(c);
          // By ARN: a continuous rule on a selection by tags warns that the other types get snapshots only.
          databasesOnly(c);
          c.plans.gold.rules.daily.continuousBackup = true;
          delete c.plans.gold.rules.daily.copies;
        }),
      ).warnings,
    ).toEqual([]);
  });

  it.each<[string, Mutation, string]>([
    ['vaults declared', (c) => (weekly(c).vaults = ['nope']), 'restoreTesting.weekly.vaults.0: vault "nope" is not declared in vaults or existingVaults (declared: main, dr)'],
    ['start window at most 168 hours', (c) => (weekly(c).startWindowHours = 169), 'restoreTesting.weekly.startWindowHours: must be a whole number of hours between 1 and 168; got 169'],
    ['selection window at most 365 days', (c) => (weekly(c).selectionWindowDays = 366), 'restoreTesting.weekly.selectionWindowDays: must be a whole number of days between 1 and 365; got 366'],
    ['resources or conditions', (c) => (ebs(c).resources = ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-1']), 'restoreTesting.weekly.selections.ebs-volumes: give resources or conditions, not both (the provider requires exactly one)'],
    ['validation window at most 168 hours', (c) => (ebs(c).validationWindowHours = 200), 'restoreTesting.weekly.selections.ebs-volumes.validationWindowHours: must be a whole number of hours between 1 and 168; got 200'],
    ['schedule syntax', (c) => (weekly(c).schedule = 'weekly'), 'restoreTesting.weekly.schedule: must look like cron(minutes hours day-of-month month day-of-week year); got "weekly"'],
    ['schedule without surrounding space', (c) => (weekly(c).schedule = ' cron(0 6 ? * SUN *)'), 'restoreTesting.weekly.schedule: has white space at its start or end; write "cron(0 6 ? * SUN *)"'],
    ['schedule that never runs', (c) => (weekly(c).schedule = 'cron(0 6 30 2 ? *)'), 'restoreTesting.weekly.schedule: never runs: no date of the 8 years 2027-2034 matches its day-of-month, month and day-of-week fields'],
    [
      'schedule that stops',
      (c) => (weekly(c).schedule = 'cron(0 6 ? * SUN 2027)'),
      'restoreTesting.weekly.schedule: runs only in 2027: no restore test after 2027; write * in the year field (and remove the rule when it is no longer needed)',
    ],
    ['vault named like an Object member (found by fuzzing)', (c) => (weekly(c).vaults = ['toString']), 'restoreTesting.weekly.vaults.0: vault "toString" is not declared in vaults or existingVaults (declared: main, dr)'],
  ])('%s', (_name, mutate, expected) => {
    expect(findings(withRestoreTests(mutate)).errors).toEqual([expected]);
  });

  it('creates the plan in every Region that runs plans (not in the DR vault Region), with the vaults of that Region and a role in the primary Region', () => {
    const model = checkRawConfig(withRestoreTests(() => undefined)).model;
    const stacks = (model?.stacks ?? []) as WorkloadStackModel[];
    expect(stacks.map((stack) => [stack.name, stack.restoreTesting.map((plan) => [plan.name, plan.includeVaults]), stack.restoreTestingRole?.create?.roleName])).toEqual([
      ['test-eu-west-1', [['weekly', ['arn:aws:backup:eu-west-1:111122223333:backup-vault:main']]], 'aws-backup-restore-testing-role'],
      ['test-eu-central-1', [], undefined],
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
    // One stack (no DR vault, so no eu-central-1 stack), so that bucketName alone is valid.
    ['one report bucket', (c) => (delete c.vaults.dr, delete c.plans.gold.rules.daily.copies, (c.audit = { reports: { bucketName: 'reports-a', existingBucket: 'reports-b' } })), 'audit.reports.existingBucket: give either bucketName (a bucket the stacks create) or existingBucket, not both'],
    // Found by fuzzing (__tests__/fuzz): each of these passed the checker, then failed at synthesis or apply.
    [
      'a Lambda subscription with more than one workload stack',
      (c) => (c.alerts = { subscriptions: { notify: { protocol: 'lambda', endpoint: 'arn:aws:lambda:eu-west-1:111122223333:function:notify' } } }),
      'alerts.subscriptions.notify.endpoint: a Lambda subscription is created in every workload stack (test-eu-west-1, test-eu-central-1), and each needs the function in its own account and Region: use an SQS queue or an HTTPS endpoint',
    ],
    [
      'one bucket name for several workload stacks',
      (c) => (c.audit = { reports: { bucketName: 'my-backup-reports' } }),
      'audit.reports.bucketName: every workload stack (test-eu-west-1, test-eu-central-1) would create bucket "my-backup-reports", and S3 bucket names are global: leave bucketName out (each stack creates backup-reports-<account id>-<region>) or deliver to existingBucket',
    ],
    [
      'topic name short enough to prefix the EventBridge rules',
      (c) => (c.alerts = { topicName: 'a'.repeat(52) }),
      `alerts.topicName: "${'a'.repeat(52)}" must be 1-51 characters of A-Z a-z 0-9 . _ - (EventBridge rule names are at most 64 characters, and "-restore-jobs" is appended) (the topic name also prefixes the EventBridge rules)`,
    ],
    ['report formats listed when given', (c) => (c.audit = { reports: { formats: [] } }), 'audit.reports.formats: must name at least one format: CSV or JSON'],
    ['report templates listed when given', (c) => (c.audit = { reports: { templates: [] } }), 'audit.reports.templates: must name at least one report template, or be left out for all of them'],
  ])('%s', (_name, mutate, expected) => {
    expect(findings(configWith(mutate)).errors).toEqual([expected]);
  });

  it('warns about an alerts topic nobody subscribes to (unless it is an existing topic)', () => {
    expect(findings(configWith((c) => (c.alerts = {}))).warnings).toEqual([
      'alerts.subscriptions: is empty: the alerts topic this config creates has no subscriber, so failures and silences reach no one unless someone subscribes outside this config',
    ]);
    expect(findings(configWith((c) => (c.alerts = { existingTopic: { name: 'backup-events' } }))).warnings).toEqual([]);
  });

  it('warns when jobStates leaves out failed states no vault notification reports: neither the rules nor the alarms follow them', () => {
    const alerts = (fields: Record<string, unknown>) => findings(configWith((c) => (c.alerts = { existingTopic: { name: 'backup-events' }, ...fields }))).warnings;
    const tail = 'neither the EventBridge rules nor the failure alarms of the alerts follow those states (both follow jobStates), and no vault notification of alerts.vaultEvents reports them, so such a job notifies no one; add the states, or leave jobStates out to follow all of FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES';
    expect(alerts({ jobStates: ['FAILED'] })).toEqual([`alerts.jobStates: leaves out backup jobs ABORTED, EXPIRED, PARTIAL: ${tail}`]);
    expect(alerts({ jobStates: ['COMPLETED_WITH_ISSUES'], vaultEvents: ['BACKUP_JOB_COMPLETED'] })).toEqual([`alerts.jobStates: leaves out copy jobs FAILED, PARTIAL; restore jobs FAILED, ABORTED: ${tail}`]);
    // AWS sends a failed backup job's notification as BACKUP_JOB_COMPLETED with its state; vaultEvents replaces the default ones (COPY_JOB_FAILED, RESTORE_JOB_COMPLETED ...).
    expect(alerts({ jobStates: ['FAILED'], vaultEvents: ['BACKUP_JOB_COMPLETED'] })).toEqual([`alerts.jobStates: leaves out copy jobs PARTIAL; restore jobs ABORTED: ${tail}`]);
    expect(alerts({ jobStates: ['FAILED'], vaultEvents: ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED'] })).toEqual([]);
    expect(alerts({})).toEqual([]);
  });

  it('counts no vault notification of a backup into a vault the config does not create: only created vaults send them', () => {
    const everyEvent = ['BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED'];
    const intoDefault = (c: RawConfig) => ((c.existingVaults = { Default: { name: 'Default' } }), (c.plans.gold.vault = 'Default'), (c.alerts = { existingTopic: { name: 'backup-events' }, jobStates: ['FAILED'], vaultEvents: everyEvent }));
    expect(findings(configWith(intoDefault)).warnings.filter((warning) => warning.startsWith('alerts.jobStates'))).toEqual([
      'alerts.jobStates: leaves out backup jobs ABORTED, EXPIRED, PARTIAL: neither the EventBridge rules nor the failure alarms of the alerts follow those states (both follow jobStates), and no vault notification of alerts.vaultEvents reports them (vault notifications come only from the vaults this config creates, and plans back up into Default too), so such a job notifies no one; add the states, or leave jobStates out to follow all of FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES',
    ]);
  });

  it('warns about an SQS queue in an opt-in Region that stacks of another opt-in Region send to: SNS does not forward between opt-in Regions', () => {
    const queue = (endpoint: string) => findings(configWith((c) => ((c.account.region = 'eu-south-1'), (c.alerts = { subscriptions: { ops: { protocol: 'sqs', endpoint } } })))).warnings.filter((warning) => warning.startsWith('alerts.'));
    expect(queue('arn:aws:sqs:me-south-1:111122223333:backup-alerts')).toEqual([
      'alerts.subscriptions.ops.endpoint: "arn:aws:sqs:me-south-1:111122223333:backup-alerts" is a queue in opt-in Region me-south-1, and SNS does not forward messages from one opt-in Region to another (Amazon SNS Developer Guide, cross-Region delivery): the alerts topics of stacks test-eu-south-1 deliver nothing to it; subscribe a queue in each stack\'s Region, or in a Region enabled by default',
    ]);
    // From a Region enabled by default (test-eu-central-1), or within its own Region, SNS delivers.
    expect(queue('arn:aws:sqs:eu-south-1:111122223333:backup-alerts')).toEqual([]);
    expect(queue('arn:aws:sqs:eu-west-1:111122223333:backup-alerts')).toEqual([]);
  });

  it("warns about an SQS queue of another account than a stack's: the subscription its topic's account creates stays pending (found by the alert delivery audit)", () => {
    const queue = (endpoint: string) => configWith((c) => (c.alerts = { subscriptions: { ops: { protocol: 'sqs', endpoint } } }));
    expect(findings(queue('arn:aws:sqs:us-east-1:444455556666:backup-alerts')).warnings).toEqual([
      'alerts.subscriptions.ops.endpoint: "arn:aws:sqs:us-east-1:444455556666:backup-alerts" is a queue of account 444455556666, not of the alerts topics of account 111122223333 (stacks test-eu-west-1, test-eu-central-1): a subscription created from the topic\'s account stays pending, and delivers no alert, until someone confirms it with the message SNS sends into the queue (SNS confirms it by itself only when the queue\'s account subscribes); hashicorp/aws also keeps no state of it. Use a queue of each stack\'s own account or an HTTPS endpoint, or subscribe this queue from account 444455556666',
    ]);
    // Another Region of the stacks' own account: SNS delivers across Regions without a confirmation.
    expect(findings(queue('arn:aws:sqs:us-east-1:111122223333:backup-alerts')).warnings).toEqual([]);
  });

  it('warns about BACKUP_JOB_FAILED, which AWS no longer sends', () => {
    expect(findings(configWith((c) => (c.alerts.vaultEvents = ['BACKUP_JOB_FAILED']))).warnings).toEqual([
      'alerts.vaultEvents.0: "BACKUP_JOB_FAILED" is deprecated: AWS accepts it but never sends it; use BACKUP_JOB_COMPLETED and filter on the job state (an SNS filter policy on the State message attribute, or an EventBridge rule on the job state change event)',
    ]);
  });

  it('warns about deprecated vault events', () => {
    expect(findings(configWith((c) => (c.alerts.vaultEvents = ['BACKUP_JOB_SUCCESSFUL']))).warnings).toEqual([
      'alerts.vaultEvents.0: "BACKUP_JOB_SUCCESSFUL" is deprecated: AWS accepts it but never sends it; use BACKUP_JOB_COMPLETED and filter on the job state (an SNS filter policy on the State message attribute, or an EventBridge rule on the job state change event)',
    ]);
  });

  // Found by fuzzing (npm run test:fuzz): the parameter check ran only on a config that passed the
  // schema, so beside another error a parameter the control does not take went unreported.
  it('reports a parameter a control does not take beside other config errors', () => {
    const result = findings(
      configWith((c) => {
        c.audit = { controls: { BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { parameters: { crossRegionList: 'eu-central-1', 'aws:x': 'x' } } } };
        c.plans.gold.rules.daily.startWindowMinutes = 'soon';
      }),
    );
    expect(result.errors).toEqual([
      expect.stringMatching(/^plans\.gold\.rules\.daily\.startWindowMinutes: /),
      'audit.controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION.parameters.aws:x: "aws:x" is not a parameter of BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION; valid parameters: crossRegionList',
    ]);
  });

  // Found by fuzzing too (npm run test:fuzz, seed 20261206): a name that is no control was also
  // checked only after the schema.
  it('reports a name that is no control beside other config errors, written or dropped', () => {
    const result = findings(
      configWith((c) => {
        c.audit = { controls: { 'aws:x': null, NOT_A_CONTROL: { parameters: { x: 1 } } } };
        c.plans.gold.rules.daily.startWindowMinutes = 'soon';
      }),
    );
    expect(result.errors).toEqual([
      expect.stringMatching(/^plans\.gold\.rules\.daily\.startWindowMinutes: /),
      'audit.controls.aws:x: "aws:x" is not a control the framework derives or accepts',
      `audit.controls.NOT_A_CONTROL: "NOT_A_CONTROL" is not an AWS Backup Audit Manager control; valid controls: ${AUDIT_LIMITS.controls.join(', ')}`,
    ]);
  });

  it('lets config controls override and drop derived ones', () => {
    const check = checkRawConfig(configWith((c) => (c.audit = { controls: { BACKUP_RECOVERY_POINT_ENCRYPTED: null, BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { parameters: { requiredRetentionDays: 30 } } } })));
    const [stack] = (check.model?.stacks ?? []) as WorkloadStackModel[];
    expect(stack.audit?.controls.BACKUP_RECOVERY_POINT_ENCRYPTED).toBeUndefined();
    expect(stack.audit?.controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK).toEqual({ parameters: { requiredRetentionDays: 30 } });
    expect(stack.audit?.reports.bucket).toEqual({ create: true, name: 'backup-reports-111122223333-eu-west-1', expireAfterDays: 365, keyProtection: { breakGlassPrincipals: [] } });
  });
});

describe('tag scopes of controls that evaluate plans, recovery points or vaults', () => {
  const scoped = (c: RawConfig) => (c.audit = { controls: { BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: { parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 35 }, scope: { tags: { tier: 'gold' } } } } });

  it('warn when no plan carries the tag: the control would evaluate nothing and stay compliant', () => {
    expect(findings(configWith(scoped)).warnings.filter((w) => w.startsWith('audit.controls'))).toEqual([
      'audit.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK.scope.tags: selects plans tagged tier=gold, and no plan of this config carries that tag: the control evaluates nothing and stays compliant',
    ]);
  });

  it('pass on recovery points when the plans select resources by that tag (AWS copies their tags onto the recovery points)', () => {
    const byRecoveryPoints = configWith((c) => (c.audit = { controls: { BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { parameters: { requiredRetentionDays: 35 }, scope: { tags: { backup: 'gold' } } } } }));
    expect(findings(byRecoveryPoints).warnings.filter((w) => w.startsWith('audit.controls'))).toEqual([]);
  });

  it('pass when a plan carries it', () => {
    const tagged = configWith((c) => (scoped(c), (c.plans.gold.tags = { tier: 'gold' })));
    expect(findings(tagged).warnings.filter((w) => w.startsWith('audit.controls'))).toEqual([]);
  });
});

describe('the last-recovery-point control and plans rarer than it can express', () => {
  const lastRecoveryPointWarnings = (raw: RawConfig) => findings(raw).warnings.filter((w) => w.startsWith('audit.controls.BACKUP_LAST_RECOVERY_POINT_CREATED'));
  const expected =
    'audit.controls.BACKUP_LAST_RECOVERY_POINT_CREATED: takes a recovery point age of at most 744 hours (31 days), and plans gold may go longer without a recovery point: the control reports their resources as non-compliant part of each cycle; drop it (null) or accept that';

  it('warns that it will report such a plan late part of each cycle (it takes at most 744 hours, AWS Backup "Controls and remediation")', () => {
    const quarterly = configWith((c) => ((c.audit = {}), (c.plans.gold.rules.daily = { schedule: 'cron(0 5 1 1,4,7,10 ? *)', lifecycle: { deleteAfterDays: 400 } })));
    expect(lastRecoveryPointWarnings(quarterly)).toEqual([expected]);
    expect(lastRecoveryPointWarnings(configWith((c) => (c.audit = {})))).toEqual([]);
  });

  it('warns about a monthly plan too: 31 days and the start window are more than 744 hours', () => {
    const monthly = configWith((c) => ((c.audit = {}), (c.plans.gold.rules.daily = { schedule: 'cron(0 5 1 * ? *)', lifecycle: { deleteAfterDays: 400 } })));
    expect(lastRecoveryPointWarnings(monthly)).toEqual([expected]);
  });

  it('refuses an age the control does not take, written in the config', () => {
    const written = configWith((c) => (c.audit = { controls: { BACKUP_LAST_RECOVERY_POINT_CREATED: { parameters: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: 1000 } } } }));
    expect(findings(written).errors).toEqual([
      'audit.controls.BACKUP_LAST_RECOVERY_POINT_CREATED.parameters.recoveryPointAgeValue: must be a whole number from 1 to 744 when recoveryPointAgeUnit is hours; got 1000',
    ]);
  });
});

describe('the frequency control and plans rarer than it can express', () => {
  const frequencyWarnings = (raw: RawConfig) => findings(raw).warnings.filter((w) => w.startsWith('audit.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK'));

  it('warns that it reports a quarterly plan as non-compliant (requiredFrequencyValue: "Maximum of 24 for hours, 31 for days")', () => {
    const quarterly = configWith((c) => ((c.audit = {}), (c.plans.gold.rules.daily = { schedule: 'cron(0 5 1 1,4,7,10 ? *)', lifecycle: { deleteAfterDays: 400 } })));
    expect(frequencyWarnings(quarterly)).toEqual([
      'audit.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: takes a backup frequency of at most 31 days, and plans gold back up less often: the control reports them as non-compliant; drop it (null) or accept that',
    ]);
  });

  it('says nothing of a monthly plan (at most 31 days apart) or when the control is dropped', () => {
    expect(frequencyWarnings(configWith((c) => ((c.audit = {}), (c.plans.gold.rules.daily = { schedule: 'cron(0 5 1 * ? *)', lifecycle: { deleteAfterDays: 400 } }))))).toEqual([]);
    const dropped = configWith((c) => ((c.audit = { controls: { BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK: null } }), (c.plans.gold.rules.daily = { schedule: 'cron(0 5 1 1,4,7,10 ? *)', lifecycle: { deleteAfterDays: 400 } })));
    expect(frequencyWarnings(dropped)).toEqual([]);
  });
});

describe('report plans of other Regions', () => {
  it('are CSV unless they say otherwise: AWS delivers JSON only for the current account and Region', () => {
    const raw = configWith((c) => (c.audit = { reports: { formats: ['CSV', 'JSON'] }, reportPlans: { everywhere: { template: 'BACKUP_JOB_REPORT', regions: ['*'] } } }));
    const [stack] = checkRawConfig(raw).model?.stacks as WorkloadStackModel[];
    expect(stack.audit?.reportPlans.find((plan) => plan.key === 'everywhere')?.formats).toEqual(['CSV']);
  });
});

describe('a report bucket of several accounts', () => {
  const refused = (accounts: string) =>
    `audit.reports.existingBucket: would receive the reports of ${accounts}, but AWS Backup delivers a report plan's reports only to a bucket of the plan's own account ("You can't use a bucket from another account", Creating report plans), so all but the bucket's account would deliver nothing; leave existingBucket out (each stack creates backup-reports-<account id>-<region>)`;

  it('is refused: AWS Backup delivers only to a bucket of the report plan\'s own account', () => {
    const raw = organizationWith((c) => (c.audit = { reports: { existingBucket: 'org-backup-reports' } }));
    const { errors, warnings } = findings(raw);
    expect(errors).toEqual([refused('2 accounts (333333333333, 444444444444)')]);
    expect(warnings.filter((w) => w.startsWith('audit.reports.existingBucket'))).toEqual([]);
  });

  it('counts the backup account when the central stacks make multi-account report plans', () => {
    const raw = organizationWith((c) => (c.audit = { reports: { existingBucket: 'org-backup-reports' }, reportPlans: { everyone: { template: 'BACKUP_JOB_REPORT', accounts: ['ROOT'] } } }));
    expect(findings(raw).errors.filter((e) => e.startsWith('audit.reports.existingBucket'))).toEqual([refused('3 accounts (222222222222, 333333333333, 444444444444)')]);
  });

  it('is accepted for one account', () => {
    expect(findings(configWith((c) => (c.audit = { reports: { existingBucket: 'reports' } }))).errors).toEqual([]);
    expect(findings(configWith((c) => (c.audit = { reports: { existingBucket: 'reports' } }))).warnings.filter((w) => w.startsWith('audit.reports.existingBucket'))).toEqual([]);
  });
});

describe('found by fuzzing: valid configs that failed to synthesize', () => {
  const synthesizes = (config: RawConfig) => {
    const check = checkRawConfig(config);
    expect(check.errors).toEqual([]);
    const app = buildApp(check.model!, tmpdir());
    for (const stack of app.node.children) synthesizedStackJson(stack as TerraformStack);
    return check.model!.stacks as WorkloadStackModel[];
  };

  it('lists no break-glass principal in the manual-deletion control when one is an account root (the control takes roles and users only)', () => {
    const stacks = synthesizes(configWith((c) => ((c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:root']), (c.audit = {}))));
    expect(stacks[0].audit?.controls.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED).toEqual({});
  });

  it('lists no break-glass principal in the manual-deletion control when a role name holds a comma (the list is comma-separated)', () => {
    const stacks = synthesizes(configWith((c) => ((c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws:iam::111122223333:role/Break,Glass']), (c.audit = {}))));
    expect(stacks[0].audit?.controls.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED).toEqual({});
  });

  it('accepts a Lambda subscription when one workload stack, in its account and Region, creates it', () => {
    const endpoint = 'arn:aws:lambda:eu-west-1:111122223333:function:notify';
    const stacks = synthesizes(configWith((c) => (delete c.vaults.dr, delete c.plans.gold.rules.daily.copies, (c.alerts = { subscriptions: { notify: { protocol: 'lambda', endpoint } } }))));
    expect(stacks.map((stack) => stack.name)).toEqual(['test-eu-west-1']);
  });
});

describe('derived framework controls', () => {
  const [stack] = exampleModel('single-account.yaml').stacks as WorkloadStackModel[];
  const controls = deriveFrameworkControls(stack.plans, stack.vaults, stack.region, stack.account.accountId);

  it('asks for the frequency and retention every declared plan meets', () => {
    // gold: daily kept 35 days; silver: daily (Europe/Dublin) kept 14 days.
    expect(controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual({ parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 14 } });
    expect(controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK).toEqual({ parameters: { requiredRetentionDays: 14 } });
    // The weaker plan's longest gap (the one RPO evaluator) and its start window: silver runs daily in Europe/Dublin (a 25-hour day a year), 60-minute start window.
    expect(controls.BACKUP_LAST_RECOVERY_POINT_CREATED).toEqual({ parameters: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: 26 } });
  });

  it('asks for the retention every plan keeps at the required frequency, not that of its most frequent rule (AWS passes a plan with one rule meeting both)', () => {
    const raw = configWith((c) => {
      c.audit = {};
      c.plans.gold.rules.hourly = { schedule: 'cron(30 * ? * * *)', lifecycle: { deleteAfterDays: 2 } };
      c.plans.silver = { vault: 'main', rules: { daily: { schedule: 'cron(0 3 ? * * *)', lifecycle: { deleteAfterDays: 35 } } }, selections: { tagged: { tags: { backup: 'silver' } } } };
    });
    const [stack] = checkRawConfig(raw).model?.stacks as WorkloadStackModel[];
    // gold: hourly kept 2 days and daily kept 35; silver: daily kept 35. Both keep a daily backup 35 days,
    // so a daily plan kept 2 days must fail the control (it read 2 days, the hourly rule's).
    expect(stack.audit?.controls.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual({ parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 35 } });
    // The recovery points of the hourly rule are kept 2 days: the minimum retention control still says so.
    expect(stack.audit?.controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK).toEqual({ parameters: { requiredRetentionDays: 2 } });
  });

  it('lowers the minimum retention to copies other stacks make into the stack\'s vaults: the control evaluates every recovery point there', () => {
    const incoming = (controls?: RawConfig) =>
      configWith((c) => {
        c.audit = controls ? { controls } : {};
        c.vaults.us = { region: 'us-east-1', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.gold.rules.daily.copies = { us: { lifecycle: { deleteAfterDays: 7 } } };
        c.plans.us = { region: 'us-east-1', vault: 'us', rules: { daily: { schedule: 'cron(0 5 ? * * *)', lifecycle: { deleteAfterDays: 35 } } }, selections: { tagged: { tags: { backup: 'us' } } } };
      });
    /** The control of each Region's stack, the config checked once. */
    const minimumRetention = (raw: RawConfig) => {
      const stacks = checkRawConfig(raw).model?.stacks as WorkloadStackModel[];
      return (region: string) => stacks.find((stack) => stack.region === region)?.audit?.controls.BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK;
    };
    // us-east-1's own plan keeps 35 days, and gold's copies from eu-west-1 land there kept 7 days: 35 would fail them.
    const derived = minimumRetention(incoming());
    expect(derived('us-east-1')).toEqual({ parameters: { requiredRetentionDays: 7 } });
    expect(derived('eu-west-1')).toEqual({ parameters: { requiredRetentionDays: 35 } });
    // A control written in the config stays as written.
    const written = { BACKUP_RECOVERY_POINT_MINIMUM_RETENTION_CHECK: { parameters: { requiredRetentionDays: 30 } } };
    expect(minimumRetention(incoming(written))('us-east-1')).toEqual({ parameters: { requiredRetentionDays: 30 } });
  });

  it('gives a monthly or quarterly plan the longest recovery point age the control takes: 744 hours (AWS Backup "Controls and remediation": hours from 1 to 744)', () => {
    const [stack] = exampleModel('single-account.yaml').stacks as WorkloadStackModel[];
    const withSchedule = (schedule: string) => [{ ...stack.plans[0], rules: { only: { ...Object.values(stack.plans[0].rules)[0], schedule } } }];
    // 31 days and the 60-minute start window: 745 hours; 92 days (October to January): 2,209 hours.
    for (const schedule of ['cron(0 5 1 * ? *)', 'cron(0 5 1 1,4,7,10 ? *)']) {
      const derived = deriveFrameworkControls(withSchedule(schedule), stack.vaults, stack.region, stack.account.accountId);
      expect(derived.BACKUP_LAST_RECOVERY_POINT_CREATED).toEqual({ parameters: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: 744 } });
    }
  });

  it('gives an air-gapped copy made more often than daily the shortest age the control takes: 24 hours (AWS Backup "Controls and remediation": hours from 24 to 2,184)', () => {
    const raw = configWith((c) => {
      c.audit = {};
      c.vaults.lag = { airGapped: { minRetentionDays: 7, maxRetentionDays: 400 }, accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.rules.daily = { schedule: 'cron(0 0/8 ? * * *)', lifecycle: { deleteAfterDays: 35 }, copies: { lag: {} } };
    });
    const check = checkRawConfig(raw);
    expect(check.errors).toEqual([]);
    const [stack] = check.model?.stacks as WorkloadStackModel[];
    // Every 8 hours and the job's 60 + 180 minutes of windows: 12 hours, below the 24 the control takes.
    expect(stack.audit?.controls.RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT).toEqual({ parameters: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: 24 } });
  });

  it('takes the lock range of the vaults the rules back up into, and the break-glass principals', () => {
    // main (7-400) and the seven-year archive (365-2600): the widest range.
    expect(controls.BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK).toEqual({ parameters: { minRetentionDays: 7, maxRetentionDays: 2600 } });
    // The deployment role is exempt from the vaults' deny as well.
    expect(controls.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED).toEqual({ parameters: { principalArnList: 'arn:aws:iam::111122223333:role/BackupBreakGlass,arn:aws:iam::111122223333:role/backup-estate-deploy' } });
  });

  it('lists the copy destinations of the multi-Region example', () => {
    const [eu] = exampleModel('multi-region.yaml').stacks as WorkloadStackModel[];
    const derived = deriveFrameworkControls(eu.plans, eu.vaults, eu.region, eu.account.accountId);
    // Only payments-critical copies to eu-central-1: an unscoped cross-Region control would fail the PITR plan's databases.
    expect(derived.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION).toBeUndefined();
    expect(derived.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT).toBeUndefined();
    const critical = eu.plans.filter((plan) => Object.values(plan.rules).some((rule) => Object.keys(rule.copies).length > 0));
    expect(deriveFrameworkControls(critical, eu.vaults, eu.region, eu.account.accountId).BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION).toEqual({ parameters: { crossRegionList: 'eu-central-1' } });
    // Both plans run daily (payments-databases-pitr's snapshots at 01:00): the weaker retention (14 d) sets the bar.
    expect(derived.BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION_CHECK).toEqual({ parameters: { requiredFrequencyUnit: 'days', requiredFrequencyValue: 1, requiredRetentionDays: 14 } });
  });

  it('checks vault locks only when every plan backs up into a locked vault: unscoped, the control would fail the resources of the others', () => {
    const [eu] = exampleModel('multi-region.yaml').stacks as WorkloadStackModel[];
    // payments-databases-pitr backs up into payments-pitr, which has no lock: its databases would be non-compliant.
    expect(deriveFrameworkControls(eu.plans, eu.vaults, eu.region, eu.account.accountId).BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK).toBeUndefined();
    const critical = eu.plans.filter((plan) => plan.name === 'payments-critical');
    expect(deriveFrameworkControls(critical, eu.vaults, eu.region, eu.account.accountId).BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK).toEqual({ parameters: { minRetentionDays: 7, maxRetentionDays: 400 } });
  });

  it('lists the Regions every plan copies to, so each plan meets the list whether AWS asks for a copy to each listed Region or to any', () => {
    const plans = (silverCopies: Record<string, object>) =>
      configWith((c) => {
        c.audit = {};
        c.vaults.us = { region: 'us-east-1', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
        c.plans.silver = { vault: 'main', rules: { daily: { schedule: 'cron(0 3 ? * * *)', lifecycle: { deleteAfterDays: 35 }, copies: silverCopies } }, selections: { tagged: { tags: { backup: 'silver' } } } };
      });
    const crossRegion = (raw: RawConfig) => (checkRawConfig(raw).model?.stacks as WorkloadStackModel[]).find((stack) => stack.region === 'eu-west-1')?.audit?.controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION;
    // gold copies to eu-central-1, silver to us-east-1: "eu-central-1,us-east-1" would fail both plans if AWS asks for each.
    expect(crossRegion(plans({ us: {} }))).toEqual({});
    expect(crossRegion(plans({ us: {}, dr: {} }))).toEqual({ parameters: { crossRegionList: 'eu-central-1' } });
  });

  it('names no account in the cross-account control when the plans copy to more than the 5 it takes', () => {
    const toAccounts = (count: number) =>
      configWith((c) => {
        c.audit = {};
        c.existingVaults = Object.fromEntries([1, 2, 3, 4, 5, 6].slice(0, count).map((n) => [`p${n}`, { arn: `arn:aws:backup:eu-west-1:${String(n).repeat(12)}:backup-vault:partner` }]));
        c.plans.gold.rules.daily.copies = Object.fromEntries(Object.keys(c.existingVaults).slice(0, 3).map((key) => [key, {}]));
        c.plans.gold.rules.weekly = { schedule: 'cron(0 9 ? * SUN *)', lifecycle: { deleteAfterDays: 90 }, copies: Object.fromEntries(Object.keys(c.existingVaults).slice(3).map((key) => [key, {}])) };
      });
    const crossAccount = (raw: RawConfig) => (checkRawConfig(raw).model?.stacks as WorkloadStackModel[])[0].audit?.controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT;
    expect(crossAccount(toAccounts(6))).toEqual({});
    expect(crossAccount(toAccounts(5))).toEqual({ parameters: { crossAccountList: '111111111111,222222222222,333333333333,444444444444,555555555555' } });
  });

  it('lists the central backup account for cross-account copies', () => {
    const payments = exampleModel('organization.yaml').stacks.find((s) => s.name === 'payments-eu-west-1') as WorkloadStackModel;
    // As the stack derives them: its own plans and those the backup policies deliver.
    const derived = deriveFrameworkControls([...payments.plans, ...(payments.policyPlans ?? [])], payments.vaults, payments.region, payments.account.accountId);
    // The baseline policy's silver plan copies nowhere: unscoped, these controls would fail its resources.
    expect(derived.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT).toBeUndefined();
    expect(derived.RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT).toBeUndefined();
    const gold = payments.plans.filter((plan) => plan.key === 'gold');
    const goldOnly = deriveFrameworkControls(gold, payments.vaults, payments.region, payments.account.accountId);
    expect(goldOnly.BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT).toEqual({ parameters: { crossAccountList: '222222222222' } });
    // The air-gapped copy is monthly (31-day months), after a job of 60 + 180 minutes of windows: 748 hours (AWS's default, 1 day, would fail most of the month).
    expect(goldOnly.RESOURCES_IN_LOGICALLY_AIR_GAPPED_VAULT).toEqual({ parameters: { recoveryPointAgeUnit: 'hours', recoveryPointAgeValue: 748 } });
  });
});
