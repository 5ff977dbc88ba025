import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupVaultNotifications as AwsBackupVaultNotifications } from '@cdktf/provider-aws/lib/backup-vault-notifications';
import { DEPRECATED_VAULT_NOTIFICATION_EVENTS, VAULT_NOTIFICATION_EVENTS, VaultNotificationEvent } from '../core/limits';
import { error, isToken, Problem, warning } from '../core/problems';
import { checkName } from '../core/checks';
import { reportPropsProblems } from './props-problems';

/**
 * AWS Backup API events that hashicorp/aws 5.100.0 refuses (`terraform validate` fails with
 * "expected backup_vault_events to be one of [...]"): named in their own error message.
 */
const PROVIDER_REJECTED_EVENTS: readonly string[] = ['CONTINUOUS_BACKUP_INTERRUPTED'];

/** The events aws_backup_vault_notifications accepts in provider 5.100.0. */
export const PROVIDER_VAULT_NOTIFICATION_EVENTS: readonly VaultNotificationEvent[] = VAULT_NOTIFICATION_EVENTS;

/**
 * Events a vault notifies by default: failures, plus restore results.
 *
 * - COPY_JOB_FAILED, S3_BACKUP_OBJECT_FAILED and S3_RESTORE_OBJECT_FAILED fire only when something
 *   went wrong. A failed backup job has no event of its own any more (BACKUP_JOB_FAILED is
 *   deprecated: AWS never sends it): only BACKUP_JOB_COMPLETED, which fires for every finished
 *   job, successful or not, and would flood a subscriber without a filter on its State attribute.
 *   Failed backup jobs reach the alerts through BackupAlerts' EventBridge rule and alarm instead.
 * - RESTORE_JOB_COMPLETED is the only restore event AWS still sends (RESTORE_JOB_FAILED is
 *   deprecated), so a failed restore arrives only through it; restores are rare and operator-driven,
 *   so their successes are not noise.
 * - Anything AWS has deprecated (accepted but never sent) is removed, so this list follows
 *   DEPRECATED_VAULT_NOTIFICATION_EVENTS in core/limits.ts, and so is anything provider 5.100.0
 *   refuses: CONTINUOUS_BACKUP_INTERRUPTED, which would make `terraform validate` fail.
 *
 * Vault notifications are the second alert path: BackupAlerts' EventBridge rules (which see every
 * backup, copy and restore job state change, whichever vault it uses) are the first.
 */
export const DEFAULT_VAULT_NOTIFICATION_EVENTS: readonly VaultNotificationEvent[] = (
  [
    'COPY_JOB_FAILED',
    'RESTORE_JOB_COMPLETED',
    'S3_BACKUP_OBJECT_FAILED',
    'S3_RESTORE_OBJECT_FAILED',
  ] as const
).filter((event) => !DEPRECATED_VAULT_NOTIFICATION_EVENTS.includes(event));

/** The event AWS sends instead of a deprecated one (filter its State message attribute). */
const REPLACEMENTS: Readonly<Partial<Record<VaultNotificationEvent, VaultNotificationEvent>>> = {
  BACKUP_JOB_SUCCESSFUL: 'BACKUP_JOB_COMPLETED',
  BACKUP_JOB_FAILED: 'BACKUP_JOB_COMPLETED',
  BACKUP_JOB_EXPIRED: 'BACKUP_JOB_COMPLETED',
  RESTORE_JOB_SUCCESSFUL: 'RESTORE_JOB_COMPLETED',
  RESTORE_JOB_FAILED: 'RESTORE_JOB_COMPLETED',
};

const isKnownEvent = (event: string): event is VaultNotificationEvent => (PROVIDER_VAULT_NOTIFICATION_EVENTS as readonly string[]).includes(event);

/**
 * Section 6: every event accepted by provider 5.100.0, each once, at least one. Deprecated events
 * only warn: AWS accepts them, but a subscriber waits forever.
 */
export function checkVaultNotificationEvents(events: readonly string[], path = 'events'): Problem[] {
  if (events.length === 0) {
    return [error(path, 'must name at least one event (AWS Backup rejects an empty list), or be left out to use the defaults')];
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  events.forEach((event, index) => {
    const at = `${path}.${index}`;
    if (seen.has(event)) {
      problems.push(error(at, `"${event}" is listed more than once`));
      return;
    }
    seen.add(event);
    if (PROVIDER_REJECTED_EVENTS.includes(event)) {
      problems.push(error(at, `"${event}" is an AWS Backup API event that hashicorp/aws 5.100.0 does not accept (terraform validate rejects it)`));
    } else if (!isKnownEvent(event)) {
      problems.push(error(at, `"${event}" is not an AWS Backup vault event; valid events: ${PROVIDER_VAULT_NOTIFICATION_EVENTS.join(', ')}`));
    } else if (DEPRECATED_VAULT_NOTIFICATION_EVENTS.includes(event)) {
      const replacement = REPLACEMENTS[event];
      const advice = replacement
        ? `; use ${replacement} and filter on the job state (an SNS filter policy on the State message attribute, or an EventBridge rule on the job state change event)`
        : '';
      problems.push(warning(at, `"${event}" is deprecated: AWS accepts it but never sends it${advice}`));
    }
  });
  return problems;
}

/** An SNS topic ARN (standard topics only: AWS Backup does not publish to FIFO topics). */
const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,256}$/;

export interface VaultNotificationsProps {
  /** Vault name (or a reference to it), 2-50 characters of A-Z a-z 0-9 _ -. */
  readonly vaultName: string;
  /**
   * ARN (or reference) of a standard SNS topic in the vault's account and Region whose policy lets
   * backup.amazonaws.com publish (BackupAlerts' topic does), and whose key, if any, lets it encrypt.
   */
  readonly snsTopicArn: string;
  /** Events to notify; see checkVaultNotificationEvents. @default DEFAULT_VAULT_NOTIFICATION_EVENTS */
  readonly events?: readonly VaultNotificationEvent[];
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

export function checkVaultNotificationsProps(props: VaultNotificationsProps): Problem[] {
  const problems = checkName('vault', props.vaultName, 'vaultName');
  const arn = props.snsTopicArn;
  if (!isToken(arn)) {
    if (arn.endsWith('.fifo')) {
      problems.push(error('snsTopicArn', `"${arn}" is a FIFO topic; AWS Backup publishes only to standard topics`));
    } else if (!SNS_TOPIC_ARN.test(arn)) {
      problems.push(error('snsTopicArn', `"${arn}" is not an SNS topic ARN such as arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts`));
    }
  }
  problems.push(...checkVaultNotificationEvents(props.events ?? DEFAULT_VAULT_NOTIFICATION_EVENTS));
  return problems;
}

/** SNS notifications of one backup vault's events (aws_backup_vault_notifications). */
export class VaultNotifications extends Construct {
  readonly notifications: AwsBackupVaultNotifications;
  /** The events notified, after defaults. */
  readonly events: readonly VaultNotificationEvent[];

  constructor(scope: Construct, id: string, props: VaultNotificationsProps) {
    super(scope, id);
    reportPropsProblems(this, `VaultNotifications ${this.node.path}`, checkVaultNotificationsProps(props));
    this.events = props.events ?? DEFAULT_VAULT_NOTIFICATION_EVENTS;
    this.notifications = new AwsBackupVaultNotifications(this, 'notifications', {
      backupVaultName: props.vaultName,
      snsTopicArn: props.snsTopicArn,
      backupVaultEvents: [...this.events],
      provider: props.provider,
    });
  }
}
