/**
 * The AWS Backup events the alerts route (EventBridge): the detail type and state field of each job
 * type's state changes, and the change events that stop backups without a failed job. The alerts
 * construct (modules/backup-alerts-policies.ts) writes its rules from them; the plan guard reads an
 * edited rule's pattern against them (guard/event-rule-pattern.ts).
 */
import { ALERT_JOB_STATES, COMPLETED_WITH_ISSUES, FAILED_JOB_STATES } from './limits';

export type FailedJobState = (typeof FAILED_JOB_STATES)[number];
/** A failed job state, or COMPLETED_WITH_ISSUES (backup jobs only). */
export type AlertJobState = (typeof ALERT_JOB_STATES)[number];
export type JobType = 'backup' | 'copy' | 'restore';

/**
 * What EventBridge and CloudWatch know about each job type (AWS Backup developer guide, "Monitoring
 * AWS Backup events using Amazon EventBridge" and "AWS Backup metrics with Amazon CloudWatch"):
 *
 * - backup and copy events report `detail.state`, restore events `detail.status`;
 * - each job type has its own id field;
 * - failed restore events carry no resource ARN in `detail`: `resources[0]` (the recovery point's
 *   resource, such as an AMI or snapshot) is the only resource they name;
 * - documented job states: backup jobs can be FAILED, ABORTED, EXPIRED or PARTIAL (BackupJobState: a
 *   composite job, a CloudFormation stack's, some of whose nested jobs failed); copy jobs FAILED (or
 *   PARTIAL); restore jobs FAILED or ABORTED. The rules still match every requested state for every
 *   job type: a state a job type never reports costs nothing, one AWS adds later is not missed.
 * - the alarms watch the metrics (namespace AWS/Backup) below. CloudWatch lists NumberOfBackupJobsPartial
 *   too ("Supported metrics for resource tags for telemetry"), which no alarm watches: a PARTIAL backup
 *   job reaches the topic through the EventBridge rule only. COMPLETED_WITH_ISSUES has no metric ("it
 *   cannot be tracked via CloudWatch", AWS Backup Developer Guide, "AWS Backup metrics with Amazon CloudWatch").
 *
 * Only fields present in AWS's own failed-job examples are read: EventBridge documents that a
 * variable whose JSON path is missing from an event is not created.
 */
export const JOB_EVENTS: Readonly<
  Record<
    JobType,
    {
      readonly detailType: string;
      readonly stateField: 'state' | 'status';
      readonly jobIdPath: string;
      readonly resourcePath: string;
      readonly metrics: Readonly<Partial<Record<FailedJobState, string>>>;
    }
  >
> = {
  backup: {
    detailType: 'Backup Job State Change',
    stateField: 'state',
    jobIdPath: '$.detail.backupJobId',
    resourcePath: '$.detail.resourceArn',
    metrics: { FAILED: 'NumberOfBackupJobsFailed', ABORTED: 'NumberOfBackupJobsAborted', EXPIRED: 'NumberOfBackupJobsExpired' },
  },
  copy: {
    detailType: 'Copy Job State Change',
    stateField: 'state',
    jobIdPath: '$.detail.copyJobId',
    resourcePath: '$.detail.resourceArn',
    metrics: { FAILED: 'NumberOfCopyJobsFailed' },
  },
  restore: {
    detailType: 'Restore Job State Change',
    stateField: 'status',
    jobIdPath: '$.detail.restoreJobId',
    resourcePath: '$.resources[0]',
    metrics: { FAILED: 'NumberOfRestoreJobsFailed' },
  },
};

export const JOB_TYPES: readonly JobType[] = ['backup', 'copy', 'restore'];

/**
 * Changes made outside Terraform that can stop backups without any job failing, which a silence
 * alarm (one per vault) does not see while another plan or resource type keeps the vault busy.
 * AWS Backup sends these straight to EventBridge (EventBridge events reference, "AWS Backup
 * events", https://docs.aws.amazon.com/eventbridge/latest/ref/events-ref-backup.html; AWS Backup
 * developer guide, "Monitoring AWS Backup events using Amazon EventBridge",
 * https://docs.aws.amazon.com/aws-backup/latest/devguide/eventbridge.html, whose examples give
 * the fields read here):
 *
 * - "Backup Plan State Change", detail.state CREATED, MODIFIED or DELETED, the plan's ARN in
 *   resources[0] and detail.backupPlanId: a plan changed or deleted (MODIFIED also follows every
 *   apply of this stack that changes a plan);
 * - "Region Setting State Change", detail.state MODIFIED with detail.ResourceTypeOptInPreference: a
 *   resource type opted in or out (its resources list is empty);
 * - "Backup Vault State Change", detail.state CREATED, MODIFIED or DELETED, detail.backupVaultName:
 *   a vault deleted;
 * - "Recovery Point State Change", detail.status STOPPED: a continuous backup that stopped ("STOPPED status
 *   occurs on a continuous backup where a user has taken some action that causes the continuous backup to be
 *   disabled": removed permissions, S3 versioning or its EventBridge events turned off, AWS Backup's EventBridge
 *   rules disabled, or the continuous rule's retention changed; AWS Backup API reference, RecoveryPointByBackupVault
 *   Status). No job fails and no silence alarm watches a vault only continuous rules write to (core/silence.ts), so
 *   this event is the one signal until the rule's next scheduled run.
 *
 * A selection deleted or changed has no AWS Backup event (only a CloudTrail API call event), so it
 * is not matched here.
 */
export const CHANGE_EVENTS = {
  plan: { detailType: 'Backup Plan State Change', stateField: 'state', states: ['MODIFIED', 'DELETED'] },
  regionSettings: { detailType: 'Region Setting State Change', stateField: 'state', states: ['MODIFIED'] },
  vault: { detailType: 'Backup Vault State Change', stateField: 'state', states: ['DELETED'] },
  continuousBackup: { detailType: 'Recovery Point State Change', stateField: 'status', states: ['STOPPED'] },
} as const;

/** The failed states AWS documents for each job type (see JOB_EVENTS): what a rule of the alerts must keep matching. */
export const DOCUMENTED_FAILED_STATES: Readonly<Record<JobType, readonly FailedJobState[]>> = { backup: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'], copy: ['FAILED', 'PARTIAL'], restore: ['FAILED', 'ABORTED'] };

/**
 * The vault notification event that may report a job type's failed states (SNS, whatever its State attribute): a failed backup job
 * is sent as BACKUP_JOB_COMPLETED with its state (BACKUP_JOB_FAILED is no longer sent), a failed or aborted restore as
 * RESTORE_JOB_COMPLETED, a failed copy as COPY_JOB_FAILED. Read generously (a partial copy counted too): a state counts as reported
 * when the event is sent, so that a warning of states no alert reports is never raised falsely.
 */
export const VAULT_EVENT_OF_JOB_TYPE: Readonly<Record<JobType, string>> = { backup: 'BACKUP_JOB_COMPLETED', copy: 'COPY_JOB_FAILED', restore: 'RESTORE_JOB_COMPLETED' };

/**
 * The documented failed states of each job type that no alert reports, `<type> jobs <states>`: neither the EventBridge rules nor the
 * failure alarms (both follow `jobStates`) nor a vault notification of `vaultEvents`.
 */
export function unreportedFailedStates(jobStates: readonly string[], vaultEvents: readonly string[]): string[] {
  return JOB_TYPES.flatMap((jobType) => {
    if (vaultEvents.includes(VAULT_EVENT_OF_JOB_TYPE[jobType])) return [];
    const missed = DOCUMENTED_FAILED_STATES[jobType].filter((state) => !jobStates.includes(state));
    return missed.length === 0 ? [] : [`${jobType} jobs ${missed.join(', ')}`];
  });
}

/**
 * One AWS Backup event an alert rule routes, as far as its source, detail type and state (and, for
 * a backup job completed with issues, its status message) tell: an event pattern that reads any
 * other field is read as "may match" (core/event-pattern-match.ts). `group` and `state` name it.
 */
export interface AlertedEvent {
  readonly group: string;
  readonly state: string;
  readonly event: Readonly<Record<string, unknown>>;
}

const backupEvent = (detailType: string, detail: Record<string, string>) => ({ source: 'aws.backup', 'detail-type': detailType, detail });

/** The failed jobs (documented states), backup jobs completed with issues, and the changes of CHANGE_EVENTS. */
export const ALERTED_EVENTS: readonly AlertedEvent[] = [
  ...JOB_TYPES.flatMap((jobType) => DOCUMENTED_FAILED_STATES[jobType].map((state) => ({ group: `${jobType} jobs`, state, event: backupEvent(JOB_EVENTS[jobType].detailType, { [JOB_EVENTS[jobType].stateField]: state }) }))),
  { group: 'backup jobs', state: COMPLETED_WITH_ISSUES, event: backupEvent(JOB_EVENTS.backup.detailType, { state: 'COMPLETED', statusMessage: 'completed with issues' }) },
  ...Object.values(CHANGE_EVENTS).flatMap(({ detailType, stateField, states }) => states.map((state) => ({ group: detailType, state, event: backupEvent(detailType, { [stateField]: state }) }))),
];
