/**
 * The JSON documents BackupAlerts writes, pure and testable alone: the topic key's policy, the
 * topic policy, the statement a subscribed SQS queue's own policy needs, and the EventBridge event
 * patterns and input transformers of failed backup, copy and restore jobs. The construct is
 * modules/backup-alerts.ts.
 */
import type { CloudwatchEventTargetInputTransformer } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { COMPLETED_WITH_ISSUES } from '../core/limits';
import { CHANGE_EVENTS, JOB_EVENTS, type AlertJobState, type JobType } from '../core/backup-events';
import { AccountContext, accountRootArn, arnRegionAndAccount, dnsSuffix, partitionOf } from '../core/arn';
import { isOptInRegion } from '../core/regions';
import { administratorsContributor, checkKeyPolicySize, exemptContributor, KEY_ADMIN_ACTIONS, keyProtectionStatement, type KeyProtectionProps } from './kms-key';
import type { Problem } from '../core/problems';
import { policyDocument, PolicyStatement } from './policy';

export type { AlertJobState, FailedJobState, JobType } from '../core/backup-events';
export { JOB_EVENTS, JOB_TYPES, CHANGE_EVENTS } from '../core/backup-events';

/** What a publisher to an encrypted topic needs on its key (SNS developer guide, encrypted topics). */
const PUBLISH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

/** The ARN the topic will have (computed, so the key policy can name it without a dependency cycle). */
export function snsTopicArn(account: AccountContext, topicName: string): string {
  return `arn:${partitionOf(account)}:sns:${account.region}:${account.accountId}:${topicName}`;
}

/**
 * Key policy of the topic key. AWS Backup and CloudWatch alarms may encrypt for the topic only on
 * behalf of this account (aws:SourceAccount). EventBridge gets the same actions restricted to this
 * topic through SNS's encryption context instead (kms:EncryptionContext:aws:sns:topicArn, which SNS
 * sets on every data key request): aws:SourceAccount, aws:SourceArn and aws:SourceOrgID are reported
 * unsupported in a key policy for EventBridge publishing to an encrypted topic (SNS developer guide,
 * "Enable compatibility between event sources from AWS services and encrypted topics"), and a
 * condition on a missing key would deny every event silently.
 * The deny of deletion and disabling (`protection`, on unless denyKeyDeletion is false) is the vault
 * keys' one: a disabled or deleted topic key stops every alert without a sound, as SNS can no longer
 * encrypt what AWS Backup, EventBridge and CloudWatch publish.
 */
export function alertsKeyPolicy(account: AccountContext, topicName: string, administrators?: readonly string[], protection: KeyProtectionProps = {}): string {
  const root = accountRootArn(account);
  const deny = keyProtectionStatement(protection);
  return policyDocument([
    { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [...(administrators ?? [root])] }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
    {
      // Lets principals of the account (with IAM permission) publish to and read the topic through SNS only.
      Sid: 'AccountUseThroughSns',
      Effect: 'Allow',
      Principal: { AWS: root },
      Action: PUBLISH_KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'kms:ViaService': `sns.${account.region}.${dnsSuffix(account)}`, 'kms:CallerAccount': account.accountId } },
    },
    {
      Sid: 'AwsBackupAndCloudWatchPublish',
      Effect: 'Allow',
      Principal: { Service: ['backup.amazonaws.com', 'cloudwatch.amazonaws.com'] },
      Action: PUBLISH_KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'aws:SourceAccount': account.accountId } },
    },
    {
      Sid: 'EventBridgePublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: PUBLISH_KEY_ACTIONS,
      Resource: '*',
      Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': snsTopicArn(account, topicName) } },
    },
    ...(deny ? [deny] : []),
  ]);
}

/** The size of the topic key's policy: its key administrators and the deny's exemptions grow it (paths of BackupAlertsProps). */
export function checkAlertsKeyPolicySize(account: AccountContext, topicName: string, administrators?: readonly string[], protection: KeyProtectionProps = {}): Problem[] {
  return checkKeyPolicySize(alertsKeyPolicy(account, topicName, administrators, protection), [exemptContributor(protection, 'keyProtection.breakGlassPrincipals'), administratorsContributor(administrators, 'keyAdministrators')]);
}

/**
 * Topic policy: AWS Backup, this account's EventBridge rules (the given ones) and CloudWatch alarms
 * may publish, each only on behalf of this account. Nothing else: the account's own principals
 * manage and subscribe to the topic through their IAM policies, which suffice within one account.
 * (SNS's default topic policy also grants the account root the topic's management actions without
 * a condition, the statement Checkov's CKV_AWS_385 flags: it only restated what IAM grants, so it
 * is left out rather than excused.)
 * EventBridge documents aws:SourceAccount (the rule's account) and aws:SourceArn (the rule) as the
 * condition keys it sets for targets; an older note in its SNS target page says Condition blocks
 * are not supported for EventBridge. If rule messages never arrive while the rules' Invocations
 * metric grows with FailedInvocations, that note is the first suspect (the alarms still alert).
 */
export function alertsTopicPolicy(account: AccountContext, topicArn: string, ruleArns: readonly string[]): string {
  const partition = partitionOf(account);
  const sourceAccount = { 'aws:SourceAccount': account.accountId };
  const statements: PolicyStatement[] = [
    {
      Sid: 'AwsBackupPublish',
      Effect: 'Allow',
      Principal: { Service: 'backup.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringEquals: sourceAccount },
    },
  ];
  if (ruleArns.length > 0) {
    statements.push({
      Sid: 'EventBridgeRulesPublish',
      Effect: 'Allow',
      Principal: { Service: 'events.amazonaws.com' },
      Action: 'sns:Publish',
      Resource: topicArn,
      Condition: { StringEquals: sourceAccount, ArnEquals: { 'aws:SourceArn': [...ruleArns] } },
    });
  }
  statements.push({
    Sid: 'CloudWatchAlarmsPublish',
    Effect: 'Allow',
    Principal: { Service: 'cloudwatch.amazonaws.com' },
    Action: 'sns:Publish',
    Resource: topicArn,
    Condition: { StringEquals: sourceAccount, ArnLike: { 'aws:SourceArn': `arn:${partition}:cloudwatch:${account.region}:${account.accountId}:alarm:*` } },
  });
  return policyDocument(statements);
}

/**
 * The statement a subscribed SQS queue's policy needs (add it where the queue is managed): only
 * this topic may send. A queue encrypted with a customer-managed key also needs that key to let
 * sns.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt. A topic in an opt-in Region sends to
 * a queue of another Region as sns.<topic Region>.amazonaws.com, which the statement must name
 * instead ("When one of the Regions is an opt-in Region, you must specify a different Amazon SNS
 * service principal in the subscribed resource's policy": SNS developer guide, "Sending Amazon SNS
 * messages to an Amazon SQS queue or AWS Lambda function in a different Region").
 */
export function sqsQueuePolicyStatement(queueArn: string, topicArn: string): PolicyStatement {
  const topicRegion = arnRegionAndAccount(topicArn)?.region;
  const queueRegion = arnRegionAndAccount(queueArn)?.region;
  const fromOptIn = topicRegion !== undefined && queueRegion !== undefined && topicRegion !== queueRegion && isOptInRegion(topicRegion);
  return {
    Sid: 'AwsBackupAlertsTopicSend',
    Effect: 'Allow',
    Principal: { Service: fromOptIn ? `sns.${topicRegion}.amazonaws.com` : 'sns.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
  };
}

/**
 * Why a subscription to another account's SQS queue delivers nothing: the topic's account creates it (this construct's provider), and
 * SNS confirms a cross-account queue subscription by itself only when the queue's own account subscribes; otherwise it sends a
 * confirmation message into the queue and waits (Amazon SNS Developer Guide, "Sending Amazon SNS messages to an Amazon SQS queue in a
 * different account"). hashicorp/aws keeps no state of such a subscription either (aws_sns_topic_subscription, cross-account notes).
 */
export function pendingQueueMessage(endpoint: string, queueAccount: string, topicAccounts: string, instead: string): string {
  return (
    `"${endpoint}" is a queue of account ${queueAccount}, not of ${topicAccounts}: a subscription created from the topic's account stays pending, and delivers no alert, ` +
    `until someone confirms it with the message SNS sends into the queue (SNS confirms it by itself only when the queue's account subscribes); hashicorp/aws also keeps no state of it. ` +
    `Use ${instead}, or subscribe this queue from account ${queueAccount}`
  );
}

/** The states of `states` a job type can end in: COMPLETED_WITH_ISSUES exists for backup jobs only. */
export function alertStatesOf(jobType: JobType, states: readonly AlertJobState[]): AlertJobState[] {
  return states.filter((state) => state !== COMPLETED_WITH_ISSUES || jobType === 'backup');
}

/**
 * The EventBridge pattern of one job type's state changes into the given states, undefined when
 * none applies to it. COMPLETED_WITH_ISSUES matches a COMPLETED job whose statusMessage is present
 * and not empty ("anything-but" matches only a field the event has).
 */
export function jobStateEventPattern(jobType: JobType, states: readonly AlertJobState[]): string | undefined {
  const { detailType, stateField } = JOB_EVENTS[jobType];
  const applicable = alertStatesOf(jobType, states);
  const failed = applicable.filter((state) => state !== COMPLETED_WITH_ISSUES);
  const withIssues = applicable.includes(COMPLETED_WITH_ISSUES);
  const issues = { [stateField]: ['COMPLETED'], statusMessage: [{ 'anything-but': '' }] };
  const detail = !withIssues ? { [stateField]: failed } : failed.length === 0 ? issues : { $or: [{ [stateField]: failed }, issues] };
  return applicable.length === 0 ? undefined : JSON.stringify({ source: ['aws.backup'], 'detail-type': [detailType], detail });
}

/**
 * Turns a job state change event into a plain-text message, one line per field. EventBridge's
 * documented form for multi-line text: each line its own quoted string, lines separated by newlines.
 */
export function jobStateInputTransformer(jobType: JobType): CloudwatchEventTargetInputTransformer {
  const { stateField, jobIdPath, resourcePath } = JOB_EVENTS[jobType];
  const lines = [
    `AWS Backup ${jobType} job <state>`,
    'Account: <account>',
    'Region: <region>',
    'Resource: <resource> (<resourceType>)',
    'Job ID: <jobId>',
    `Job type: ${jobType}`,
    'State: <state>',
    'Time: <time>',
    'Reason: <statusMessage>',
  ];
  return {
    inputPaths: {
      account: '$.account',
      region: '$.region',
      time: '$.time',
      jobId: jobIdPath,
      state: `$.detail.${stateField}`,
      resource: resourcePath,
      resourceType: '$.detail.resourceType',
      statusMessage: '$.detail.statusMessage',
    },
    inputTemplate: lines.map((line) => `"${line}"`).join('\n'),
  };
}


/** The EventBridge pattern of the changes above: each detail type with its own states ($or). */
export function backupChangeEventPattern(): string {
  return JSON.stringify({
    source: ['aws.backup'],
    $or: Object.values(CHANGE_EVENTS).map(({ detailType, stateField, states }) => ({ 'detail-type': [detailType], detail: { [stateField]: [...states] } })),
  });
}

/**
 * A change event as a plain-text message. Only fields every one of the events carries are read (a variable whose
 * path is missing is not created): the state is `detail.state`, or `detail.status` for a recovery point, so the
 * first line names both and shows the one the event has; `resources` is the whole list, empty for Region settings
 * (the recovery point's ARN for a stopped continuous backup).
 */
export function backupChangeInputTransformer(): CloudwatchEventTargetInputTransformer {
  const lines = [
    'AWS Backup <detailType>: <state><status>',
    'Account: <account>',
    'Region: <region>',
    'Resources: <resources>',
    'Time: <time>',
    'A backup plan changed or deleted, a resource type opted out in the Region settings, a vault deleted or a continuous backup stopped can stop backups without any failed job, and the silence alarm of a vault another plan or type still writes to stays green (a vault only continuous rules write to has none).',
    'Expected right after a terraform apply of this account and Region (a continuous rule whose retention changed stops its continuous recovery points; AWS starts new ones at its next run); otherwise check the change in the AWS Backup console and run terraform plan for this stack.',
  ];
  return {
    inputPaths: { detailType: '$.detail-type', state: '$.detail.state', status: '$.detail.status', account: '$.account', region: '$.region', resources: '$.resources', time: '$.time' },
    inputTemplate: lines.map((line) => `"${line}"`).join('\n'),
  };
}
