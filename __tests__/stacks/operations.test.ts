/** Alerts, restore testing, audit and Region settings in the example stacks. */
import { BackupFramework } from '@cdktf/provider-aws/lib/backup-framework';
import { BackupRegionSettings } from '@cdktf/provider-aws/lib/backup-region-settings';
import { BackupReportPlan } from '@cdktf/provider-aws/lib/backup-report-plan';
import { BackupRestoreTestingPlan } from '@cdktf/provider-aws/lib/backup-restore-testing-plan';
import { BackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { exampleModel, resourcesOf, synthStack, TfJson } from '../support/examples';

const [stack] = exampleModel('single-account.yaml').stacks;
const synth = synthStack(stack);
const json: TfJson = JSON.parse(synth);

describe('alerts', () => {
  it('publish to a KMS-encrypted topic with the configured subscriptions', () => {
    expect(synth).toHaveResourceWithProperties(SnsTopic, { name: 'aws-backup-alerts', kms_master_key_id: expect.stringMatching(/^\$\{aws_kms_key\./) });
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'email', endpoint: 'backup-oncall@example.com' });
    expect(synth).toHaveResourceWithProperties(SnsTopicSubscription, { protocol: 'https', endpoint: 'https://hooks.example.com/aws-backup' });
  });

  it('catch failed, aborted and expired backup, copy and restore jobs, and backup jobs completed with issues, with EventBridge', () => {
    const patterns = Object.values(resourcesOf(json, 'aws_cloudwatch_event_rule')).map((rule) => JSON.parse(rule.event_pattern)).filter((pattern) => pattern['detail-type'] !== undefined);
    expect(patterns.map((pattern) => pattern['detail-type'][0]).sort()).toEqual(['Backup Job State Change', 'Copy Job State Change', 'Restore Job State Change']);
    const backup = patterns.find((pattern) => pattern['detail-type'][0] === 'Backup Job State Change');
    expect(backup).toEqual({
      source: ['aws.backup'],
      'detail-type': ['Backup Job State Change'],
      detail: { $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] }, { state: ['COMPLETED'], statusMessage: [{ 'anything-but': '' }] }] },
    });
    expect(synth).toHaveResource(CloudwatchEventRule);
  });

  it('turn each event into a readable message', () => {
    const targets = Object.values(resourcesOf(json, 'aws_cloudwatch_event_target'));
    const backup = targets.find((target) => target.input_transformer.input_paths.jobId === '$.detail.backupJobId') as TfJson;
    expect(backup.input_transformer.input_template.split('\n')).toEqual([
      '"AWS Backup backup job <state>"',
      '"Account: <account>"',
      '"Region: <region>"',
      '"Resource: <resource> (<resourceType>)"',
      '"Job ID: <jobId>"',
      '"Job type: backup"',
      '"State: <state>"',
      '"Time: <time>"',
      '"Reason: <statusMessage>"',
    ]);
  });

  it('alarm on the AWS/Backup failure metrics, summed over every vault of the account and Region', () => {
    const query = (metric: string) => [expect.objectContaining({ expression: `SELECT SUM(${metric}) FROM SCHEMA("AWS/Backup", BackupVaultName)` })];
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_query: query('NumberOfBackupJobsFailed'), treat_missing_data: 'notBreaching' });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_query: query('NumberOfCopyJobsFailed') });
    expect(synth).toHaveResourceWithProperties(CloudwatchMetricAlarm, { metric_query: query('NumberOfRestoreJobsFailed') });
  });

  it('are also sent by every vault on its failure events', () => {
    expect(synth).toHaveResourceWithProperties(BackupVaultNotifications, {
      backup_vault_events: ['COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED'],
    });
  });
});

describe('restore testing, audit and Region settings', () => {
  it('restores weekly from the account vaults', () => {
    expect(synth).toHaveResourceWithProperties(BackupRestoreTestingPlan, { name: 'weekly', schedule_expression: 'cron(0 6 ? * SUN *)' });
  });

  it('audits with the controls derived from the plans and delivers the five reports', () => {
    expect(synth).toHaveResourceWithProperties(BackupFramework, { name: 'backup_estate' });
    // The five of reports.templates, and the example's own report plan (a second control compliance report).
    const templates = Object.values(resourcesOf(json, 'aws_backup_report_plan')).map((plan) => plan.report_setting.report_template);
    expect(templates.sort()).toEqual(['BACKUP_JOB_REPORT', 'CONTROL_COMPLIANCE_REPORT', 'CONTROL_COMPLIANCE_REPORT', 'COPY_JOB_REPORT', 'RESOURCE_COMPLIANCE_REPORT', 'RESTORE_JOB_REPORT']);
    expect(synth).toHaveResourceWithProperties(BackupReportPlan, { report_delivery_channel: expect.objectContaining({ formats: ['CSV', 'JSON'] }) });
    expect(synth).toHaveResourceWithProperties(S3BucketPublicAccessBlock, { block_public_acls: true, block_public_policy: true, ignore_public_acls: true, restrict_public_buckets: true });
  });

  it('opts in every resource type a tag-based selection can reach', () => {
    expect(synth).toHaveResourceWithProperties(BackupRegionSettings, { resource_type_opt_in_preference: expect.objectContaining({ EBS: true, RDS: true, S3: true, DynamoDB: true }) });
  });
});
