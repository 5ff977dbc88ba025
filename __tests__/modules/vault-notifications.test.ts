import { Testing } from 'cdktf';
import { BackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { DEPRECATED_VAULT_NOTIFICATION_EVENTS, VAULT_NOTIFICATION_EVENTS, VaultNotificationEvent } from '../../core/limits';
import {
  checkVaultNotificationEvents,
  checkVaultNotificationsProps,
  DEFAULT_VAULT_NOTIFICATION_EVENTS,
  PROVIDER_VAULT_NOTIFICATION_EVENTS,
  VaultNotifications,
  VaultNotificationsProps,
} from '../../modules/vault-notifications';
import { BackupAlerts } from '../../modules/backup-alerts';
import { BackupVault } from '../../modules/backup-vault';
import { ValidationError } from '../../core/problems';
import { ACCOUNT, expectValidationError, KEY_ARN, onlyResource, parsePolicy, stackWithProviders, synth } from './helpers';

const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts';
const CONSTRUCT = 'VaultNotifications stack/notifications';
/** What `terraform validate` lists for backup_vault_events with hashicorp/aws 5.100.0 (checked offline). */
const PROVIDER_EVENTS = [
  'BACKUP_JOB_STARTED',
  'BACKUP_JOB_COMPLETED',
  'BACKUP_JOB_SUCCESSFUL',
  'BACKUP_JOB_FAILED',
  'BACKUP_JOB_EXPIRED',
  'RESTORE_JOB_STARTED',
  'RESTORE_JOB_COMPLETED',
  'RESTORE_JOB_SUCCESSFUL',
  'RESTORE_JOB_FAILED',
  'COPY_JOB_STARTED',
  'COPY_JOB_SUCCESSFUL',
  'COPY_JOB_FAILED',
  'RECOVERY_POINT_MODIFIED',
  'BACKUP_PLAN_CREATED',
  'BACKUP_PLAN_MODIFIED',
  'S3_BACKUP_OBJECT_FAILED',
  'S3_RESTORE_OBJECT_FAILED',
  'RECOVERY_POINT_INDEX_COMPLETED',
  'RECOVERY_POINT_INDEX_DELETED',
  'RECOVERY_POINT_INDEXING_FAILED',
];
const ALL_EVENTS = PROVIDER_EVENTS.join(', ');
const baseProps: VaultNotificationsProps = { vaultName: 'main', snsTopicArn: TOPIC };

function synthNotifications(props: Partial<VaultNotificationsProps> = {}): string {
  return synth((scope) => {
    new VaultNotifications(scope, 'notifications', { ...baseProps, ...props });
  });
}

describe('DEFAULT_VAULT_NOTIFICATION_EVENTS', () => {
  it('is the failure events and restore results AWS still sends, in a fixed order (without the deprecated BACKUP_JOB_FAILED and the provider-rejected CONTINUOUS_BACKUP_INTERRUPTED)', () => {
    expect(DEFAULT_VAULT_NOTIFICATION_EVENTS).toEqual(['COPY_JOB_FAILED', 'RESTORE_JOB_COMPLETED', 'S3_BACKUP_OBJECT_FAILED', 'S3_RESTORE_OBJECT_FAILED']);
  });

  it('holds only events the provider accepts and AWS still sends, so it passes its own check', () => {
    for (const event of DEFAULT_VAULT_NOTIFICATION_EVENTS) {
      expect(PROVIDER_EVENTS).toContain(event);
      expect(DEPRECATED_VAULT_NOTIFICATION_EVENTS).not.toContain(event);
    }
    expect(checkVaultNotificationEvents(DEFAULT_VAULT_NOTIFICATION_EVENTS)).toEqual([]);
  });
});

describe('PROVIDER_VAULT_NOTIFICATION_EVENTS', () => {
  it('is exactly the list hashicorp/aws 5.100.0 validates against, in the order of core/limits.ts', () => {
    expect(PROVIDER_VAULT_NOTIFICATION_EVENTS).toEqual(PROVIDER_EVENTS);
    expect(PROVIDER_VAULT_NOTIFICATION_EVENTS).toEqual([...VAULT_NOTIFICATION_EVENTS]);
  });
});

describe('checkVaultNotificationEvents', () => {
  it('rejects an empty list', () => {
    expect(checkVaultNotificationEvents([])).toEqual([
      { path: 'events', severity: 'error', message: 'must name at least one event (AWS Backup rejects an empty list), or be left out to use the defaults' },
    ]);
  });

  it('rejects an unknown event, listing the valid ones', () => {
    expect(checkVaultNotificationEvents(['BACKUP_JOB_COMPLETED', 'backup_job_failed', 'JOB_FAILED'])).toEqual([
      { path: 'events.1', severity: 'error', message: `"backup_job_failed" is not an AWS Backup vault event; valid events: ${ALL_EVENTS}` },
      { path: 'events.2', severity: 'error', message: `"JOB_FAILED" is not an AWS Backup vault event; valid events: ${ALL_EVENTS}` },
    ]);
  });

  it('rejects CONTINUOUS_BACKUP_INTERRUPTED, an API event the provider refuses', () => {
    expect(checkVaultNotificationEvents(['COPY_JOB_FAILED', 'CONTINUOUS_BACKUP_INTERRUPTED'])).toEqual([
      {
        path: 'events.1',
        severity: 'error',
        message: '"CONTINUOUS_BACKUP_INTERRUPTED" is an AWS Backup API event that hashicorp/aws 5.100.0 does not accept (terraform validate rejects it)',
      },
    ]);
  });

  it('rejects a duplicate once, at its second position', () => {
    expect(checkVaultNotificationEvents(['COPY_JOB_FAILED', 'BACKUP_JOB_COMPLETED', 'COPY_JOB_FAILED'])).toEqual([
      { path: 'events.2', severity: 'error', message: '"COPY_JOB_FAILED" is listed more than once' },
    ]);
  });

  it('warns that BACKUP_JOB_SUCCESSFUL is never sent, pointing at BACKUP_JOB_COMPLETED filtered on the state', () => {
    expect(checkVaultNotificationEvents(['BACKUP_JOB_SUCCESSFUL'])).toEqual([
      {
        path: 'events.0',
        severity: 'warning',
        message:
          '"BACKUP_JOB_SUCCESSFUL" is deprecated: AWS accepts it but never sends it; use BACKUP_JOB_COMPLETED and filter on the job state (an SNS filter policy on the State message attribute, or an EventBridge rule on the job state change event)',
      },
    ]);
  });

  it('points a deprecated restore event at RESTORE_JOB_COMPLETED', () => {
    expect(checkVaultNotificationEvents(['RESTORE_JOB_FAILED'])[0].message).toBe(
      '"RESTORE_JOB_FAILED" is deprecated: AWS accepts it but never sends it; use RESTORE_JOB_COMPLETED and filter on the job state (an SNS filter policy on the State message attribute, or an EventBridge rule on the job state change event)',
    );
  });

  it('warns about a deprecated plan event without a replacement', () => {
    expect(checkVaultNotificationEvents(['BACKUP_PLAN_CREATED'])).toEqual([
      { path: 'events.0', severity: 'warning', message: '"BACKUP_PLAN_CREATED" is deprecated: AWS accepts it but never sends it' },
    ]);
  });

  it('warns (never errs) on every deprecated event', () => {
    const problems = checkVaultNotificationEvents(DEPRECATED_VAULT_NOTIFICATION_EVENTS);
    expect(problems).toHaveLength(DEPRECATED_VAULT_NOTIFICATION_EVENTS.length);
    problems.forEach((problem, index) => {
      expect(problem.severity).toBe('warning');
      expect(problem.path).toBe(`events.${index}`);
      expect(problem.message).toContain(`"${DEPRECATED_VAULT_NOTIFICATION_EVENTS[index]}" is deprecated: AWS accepts it but never sends it`);
    });
  });

  it('accepts every event AWS still sends, all at once', () => {
    const live = PROVIDER_VAULT_NOTIFICATION_EVENTS.filter((event) => !DEPRECATED_VAULT_NOTIFICATION_EVENTS.includes(event));
    expect(live.length).toBeGreaterThan(0);
    expect(checkVaultNotificationEvents(live)).toEqual([]);
  });

  it('accepts a single event', () => {
    expect(checkVaultNotificationEvents(['BACKUP_JOB_COMPLETED'])).toEqual([]);
  });

  it('roots its paths where it is told', () => {
    expect(checkVaultNotificationEvents(['NOPE'], 'vaults.main.notifications.events')[0].path).toBe('vaults.main.notifications.events.0');
    expect(checkVaultNotificationEvents([], 'vaults.main.notifications.events')[0].path).toBe('vaults.main.notifications.events');
  });
});

describe('VaultNotifications: the resource', () => {
  it('notifies the default events of the vault to the topic', () => {
    expect(onlyResource(synthNotifications(), 'aws_backup_vault_notifications').config).toEqual({
      backup_vault_name: 'main',
      sns_topic_arn: TOPIC,
      backup_vault_events: [...DEFAULT_VAULT_NOTIFICATION_EVENTS],
    });
  });

  it('passes the given events through, in order', () => {
    const events: VaultNotificationEvent[] = ['BACKUP_JOB_COMPLETED', 'RECOVERY_POINT_MODIFIED'];
    expect(synthNotifications({ events })).toHaveResourceWithProperties(BackupVaultNotifications, { backup_vault_events: events });
  });

  it('creates the resource despite deprecated events (they only warn)', () => {
    expect(checkVaultNotificationsProps({ ...baseProps, events: ['BACKUP_PLAN_MODIFIED'] }).map((p) => p.severity)).toEqual(['warning']);
    expect(synthNotifications({ events: ['BACKUP_PLAN_MODIFIED'] })).toHaveResourceWithProperties(BackupVaultNotifications, {
      backup_vault_events: ['BACKUP_PLAN_MODIFIED'],
    });
  });

  it('wires a BackupVault and the BackupAlerts topic by reference, the topic letting AWS Backup publish', () => {
    const out = synth((scope) => {
      const vault = new BackupVault(scope, 'vault', { vaultName: 'main', encryptionKeyArn: KEY_ARN });
      const alerts = new BackupAlerts(scope, 'alerts', { account: ACCOUNT, alarms: false });
      new VaultNotifications(scope, 'notifications', { vaultName: vault.name, snsTopicArn: alerts.topicArn });
    });
    const vault = onlyResource(out, 'aws_backup_vault');
    const topic = onlyResource(out, 'aws_sns_topic');
    expect(out).toHaveResourceWithProperties(BackupVaultNotifications, {
      backup_vault_name: `\${aws_backup_vault.${vault.id}.name}`,
      sns_topic_arn: `\${aws_sns_topic.${topic.id}.arn}`,
    });
    const statements = parsePolicy(onlyResource(out, 'aws_sns_topic_policy').config.policy).Statement;
    expect(statements.find((s: { Sid: string }) => s.Sid === 'AwsBackupPublish').Principal).toEqual({ Service: 'backup.amazonaws.com' });
  });

  it('exposes the events it notifies', () => {
    let events: readonly string[] = [];
    synth((scope) => {
      events = new VaultNotifications(scope, 'notifications', baseProps).events;
    });
    expect(events).toEqual(DEFAULT_VAULT_NOTIFICATION_EVENTS);
  });

  it('puts the resource on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new VaultNotifications(stack, 'notifications', { ...baseProps, provider: dr });
    expect(onlyResource(Testing.synth(stack), 'aws_backup_vault_notifications').config.provider).toBe('aws.dr');
  });
});

describe('VaultNotifications: eager validation', () => {
  it('throws a ValidationError naming the construct', () => {
    const attempt = () => synthNotifications({ events: [] });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(`${CONSTRUCT}: invalid props:\n  events: must name at least one event (AWS Backup rejects an empty list), or be left out to use the defaults`);
  });

  it.each([
    ['one character', 'm'],
    ['51 characters', 'v'.repeat(51)],
    ['a dot', 'main.vault'],
    ['a space', 'main vault'],
  ])('rejects a vault name with %s (the strict vault rule)', (_label, vaultName) => {
    expectValidationError(() => synthNotifications({ vaultName }), CONSTRUCT, [
      { path: 'vaultName', message: `vault name "${vaultName}" must be 2-50 characters of A-Z a-z 0-9 _ -` },
    ]);
  });

  it.each(['mv', 'v'.repeat(50), 'Main_Vault-1'])('accepts the vault name %j', (vaultName) => {
    expect(checkVaultNotificationsProps({ ...baseProps, vaultName })).toEqual([]);
  });

  it.each([
    'aws-backup-alerts',
    'arn:aws:sqs:eu-west-1:111122223333:alerts',
    'arn:aws:sns:eu-west-1:1111:alerts',
    'arn:aws:sns:eu-west-1:111122223333:has space',
  ])('rejects the topic ARN %j', (snsTopicArn) => {
    expectValidationError(() => synthNotifications({ snsTopicArn }), CONSTRUCT, [
      { path: 'snsTopicArn', message: `"${snsTopicArn}" is not an SNS topic ARN such as arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts` },
    ]);
  });

  it('rejects a FIFO topic', () => {
    const snsTopicArn = 'arn:aws:sns:eu-west-1:111122223333:alerts.fifo';
    expectValidationError(() => synthNotifications({ snsTopicArn }), CONSTRUCT, [
      { path: 'snsTopicArn', message: `"${snsTopicArn}" is a FIFO topic; AWS Backup publishes only to standard topics` },
    ]);
  });

  it.each([TOPIC, `arn:aws-us-gov:sns:us-gov-west-1:111122223333:${'t'.repeat(256)}`])('accepts the topic ARN %j', (snsTopicArn) => {
    expect(checkVaultNotificationsProps({ ...baseProps, snsTopicArn })).toEqual([]);
  });

  it('reports unknown and duplicate events with their index', () => {
    expectValidationError(() => synthNotifications({ events: ['COPY_JOB_FAILED', 'NOPE' as VaultNotificationEvent, 'COPY_JOB_FAILED'] }), CONSTRUCT, [
      { path: 'events.1', message: `"NOPE" is not an AWS Backup vault event; valid events: ${ALL_EVENTS}` },
      { path: 'events.2', message: '"COPY_JOB_FAILED" is listed more than once' },
    ]);
  });

  it('reports every problem at once, in field order', () => {
    expectValidationError(() => synthNotifications({ vaultName: 'x', snsTopicArn: 'nope', events: [] }), CONSTRUCT, [
      { path: 'vaultName', message: 'vault name "x" must be 2-50 characters of A-Z a-z 0-9 _ -' },
      { path: 'snsTopicArn', message: '"nope" is not an SNS topic ARN such as arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts' },
      { path: 'events', message: 'must name at least one event (AWS Backup rejects an empty list), or be left out to use the defaults' },
    ]);
  });
});
