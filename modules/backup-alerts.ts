import { KEY_ADMIN_ACTIONS } from './kms-key';
import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget, CloudwatchEventTargetInputTransformer } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CONFIG_KEY, FAILED_JOB_STATES, KMS_LIMITS } from '../core/limits';
import { AccountContext, accountRootArn, arnRegionAndAccount, dnsSuffix } from '../core/arn';
import { policyDocument, PolicyStatement } from './policy';
import { error, isToken, Problem, throwOnErrors } from '../core/problems';

export type FailedJobState = (typeof FAILED_JOB_STATES)[number];
export type JobType = 'backup' | 'copy' | 'restore';
export type SubscriptionProtocol = 'email' | 'https' | 'sqs' | 'lambda';

export const SUBSCRIPTION_PROTOCOLS: readonly SubscriptionProtocol[] = ['email', 'https', 'sqs', 'lambda'];

export interface AlertSubscription {
  /** How SNS delivers: email, https, sqs or lambda. */
  readonly protocol: SubscriptionProtocol;
  /**
   * Where: an email address, an https:// URL, an SQS queue ARN or a Lambda function ARN (optionally
   * qualified with a version or alias). An email or https endpoint must confirm the subscription
   * before it receives anything. An SQS queue's own policy must let sns.amazonaws.com send to it
   * (see sqsQueuePolicyStatement; this construct does not own the queue). A Lambda function must be
   * in the topic's account and Region: this construct grants sns.amazonaws.com permission to invoke it.
   */
  readonly endpoint: string;
}

export interface BackupAlertsProps {
  /** Account, partition and Region of the topic, key, rules and alarms (used in their policies). */
  readonly account: AccountContext;
  /** SNS topic name, 1-256 characters of A-Z a-z 0-9 - _ (a standard topic). @default 'aws-backup-alerts' */
  readonly topicName?: string;
  /**
   * Prefix of the EventBridge rule and CloudWatch alarm names (`<prefix>-backup-jobs`, ...),
   * 1-51 characters of A-Z a-z 0-9 . _ - (rule names are at most 64 characters). @default topicName
   */
  readonly namePrefix?: string;
  /** Subscriptions to the topic, keyed by a name (1-50 characters of A-Z a-z 0-9 _ -, starting with a letter). @default none */
  readonly subscriptions?: Readonly<Record<string, AlertSubscription>>;
  /**
   * Job states that raise an alert (EventBridge rules, and alarms on the metrics AWS Backup keeps for them).
   * @default ['FAILED', 'ABORTED', 'EXPIRED'] (all of FAILED_JOB_STATES)
   */
  readonly jobStates?: readonly FailedJobState[];
  /** CloudWatch alarms on the AWS/Backup failure metrics, alongside the EventBridge rules. @default true */
  readonly alarms?: boolean;
  /** Alarm period: a multiple of 300 seconds (AWS Backup publishes every 5 minutes) up to 86,400. @default 3600 (one hour) */
  readonly alarmPeriodSeconds?: number;
  /** An alarm fires when more than this many jobs fail (Sum) in one period. @default 0 (any failure) */
  readonly alarmThreshold?: number;
  /**
   * Principals that administer the topic key (no encrypt or decrypt).
   * @default the account root, which delegates administration to IAM policies
   */
  readonly keyAdministrators?: readonly string[];
  /** Terraform lifecycle.prevent_destroy on the key and the topic. @default true */
  readonly preventDestroy?: boolean;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** SNS topic names (SNS API reference); `.fifo` is left out: AWS Backup publishes to standard topics only. */
const TOPIC_NAME = { pattern: /^[A-Za-z0-9_-]{1,256}$/, describe: '1-256 characters of A-Z a-z 0-9 _ -' } as const;
const DEFAULT_TOPIC_NAME = 'aws-backup-alerts';
/** EventBridge rule names are 1-64 characters of A-Z a-z 0-9 . _ -; the longest suffix is "-restore-jobs". */
const NAME_PREFIX = { pattern: /^[A-Za-z0-9._-]{1,51}$/, describe: '1-51 characters of A-Z a-z 0-9 . _ - (EventBridge rule names are at most 64 characters, and "-restore-jobs" is appended)' } as const;
const ALARM_PERIOD = { step: 300, max: 86_400, default: 3600 } as const;
const DEFAULT_ALARM_THRESHOLD = 0;

/**
 * What EventBridge and CloudWatch know about each job type (AWS Backup developer guide, "Monitoring
 * AWS Backup events using Amazon EventBridge" and "AWS Backup metrics with Amazon CloudWatch"):
 *
 * - backup and copy events report `detail.state`, restore events `detail.status`;
 * - each job type has its own id field;
 * - failed restore events carry no resource ARN in `detail`: `resources[0]` (the recovery point's
 *   resource, such as an AMI or snapshot) is the only resource they name;
 * - documented job states: backup jobs can be FAILED, ABORTED or EXPIRED; copy jobs FAILED (or
 *   PARTIAL); restore jobs FAILED or ABORTED. The rules still match every requested state for every
 *   job type: a state a job type never reports costs nothing, one AWS adds later is not missed.
 * - metrics (namespace AWS/Backup) exist only for the states below.
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

const JOB_TYPES: readonly JobType[] = ['backup', 'copy', 'restore'];


/** What a publisher to an encrypted topic needs on its key (SNS developer guide, encrypted topics). */
const PUBLISH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

/** Topic management by the account (the actions of SNS's default topic policy). */
const TOPIC_OWNER_ACTIONS = [
  'sns:AddPermission',
  'sns:DeleteTopic',
  'sns:GetTopicAttributes',
  'sns:ListSubscriptionsByTopic',
  'sns:Publish',
  'sns:RemovePermission',
  'sns:SetTopicAttributes',
  'sns:Subscribe',
];

const partitionOf = (account: AccountContext): string => account.partition ?? 'aws';

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
 */
export function alertsKeyPolicy(account: AccountContext, topicName: string, administrators?: readonly string[]): string {
  const root = accountRootArn(account);
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
  ]);
}

/**
 * Topic policy: the account manages the topic; AWS Backup, this account's EventBridge rules (the
 * given ones) and CloudWatch alarms may publish, each only on behalf of this account. Nothing else.
 * EventBridge documents aws:SourceAccount (the rule's account) and aws:SourceArn (the rule) as the
 * condition keys it sets for targets; an older note in its SNS target page says Condition blocks
 * are not supported for EventBridge. If rule messages never arrive while the rules' Invocations
 * metric grows with FailedInvocations, that note is the first suspect (the alarms still alert).
 */
export function alertsTopicPolicy(account: AccountContext, topicArn: string, ruleArns: readonly string[]): string {
  const partition = partitionOf(account);
  const sourceAccount = { 'aws:SourceAccount': account.accountId };
  const statements: PolicyStatement[] = [
    { Sid: 'AccountTopicManagement', Effect: 'Allow', Principal: { AWS: accountRootArn(account) }, Action: TOPIC_OWNER_ACTIONS, Resource: topicArn },
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
 * sns.amazonaws.com use kms:GenerateDataKey* and kms:Decrypt.
 */
export function sqsQueuePolicyStatement(queueArn: string, topicArn: string): PolicyStatement {
  return {
    Sid: 'AwsBackupAlertsTopicSend',
    Effect: 'Allow',
    Principal: { Service: 'sns.amazonaws.com' },
    Action: 'sqs:SendMessage',
    Resource: queueArn,
    Condition: { ArnEquals: { 'aws:SourceArn': topicArn } },
  };
}

/** The EventBridge pattern of one job type's state changes into the given states. */
export function jobStateEventPattern(jobType: JobType, states: readonly FailedJobState[]): string {
  const { detailType, stateField } = JOB_EVENTS[jobType];
  return JSON.stringify({ source: ['aws.backup'], 'detail-type': [detailType], detail: { [stateField]: [...states] } });
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

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const SQS_QUEUE_ARN = /^arn:aws[a-z-]*:sqs:[a-z0-9-]+:\d{12}:[A-Za-z0-9_-]{1,80}(\.fifo)?$/;
const LAMBDA_FUNCTION_ARN = /^(arn:aws[a-z-]*:lambda:[a-z0-9-]+:\d{12}:function:[A-Za-z0-9_-]{1,64})(?::(\$LATEST|[A-Za-z0-9_-]{1,128}))?$/;

function isHttpsUrl(value: string): boolean {
  if (/\s/.test(value)) return false;
  try {
    const url = new URL(value);
    return url.protocol === 'https:' && url.hostname !== '';
  } catch {
    return false;
  }
}

function checkSubscription(name: string, subscription: AlertSubscription, account: AccountContext): Problem[] {
  const path = `subscriptions.${name}`;
  if (!CONFIG_KEY.pattern.test(name)) {
    return [error(path, `subscription name "${name}" must be ${CONFIG_KEY.describe}`)];
  }
  const { protocol, endpoint } = subscription;
  if (!SUBSCRIPTION_PROTOCOLS.includes(protocol)) {
    return [error(`${path}.protocol`, `"${protocol}" is not a supported protocol; use one of ${SUBSCRIPTION_PROTOCOLS.join(', ')}`)];
  }
  if (isToken(endpoint)) return [];
  const at = `${path}.endpoint`;
  switch (protocol) {
    case 'email':
      return EMAIL.test(endpoint) ? [] : [error(at, `"${endpoint}" is not an email address`)];
    case 'https':
      return isHttpsUrl(endpoint) ? [] : [error(at, `"${endpoint}" is not an https:// URL`)];
    case 'sqs':
      if (!SQS_QUEUE_ARN.test(endpoint)) return [error(at, `"${endpoint}" is not an SQS queue ARN such as arn:aws:sqs:eu-west-1:111122223333:backup-alerts`)];
      return endpoint.endsWith('.fifo') ? [error(at, `"${endpoint}" is a FIFO queue; a standard SNS topic cannot deliver to it`)] : [];
    case 'lambda': {
      if (!LAMBDA_FUNCTION_ARN.test(endpoint)) {
        return [error(at, `"${endpoint}" is not a Lambda function ARN such as arn:aws:lambda:eu-west-1:111122223333:function:notify`)];
      }
      const where = arnRegionAndAccount(endpoint);
      if (where && (where.region !== account.region || where.account !== account.accountId)) {
        return [
          error(
            at,
            `"${endpoint}" is in account ${where.account}, Region ${where.region}; the invoke permission is created with this construct's provider, so the function must be in account ${account.accountId}, Region ${account.region}`,
          ),
        ];
      }
      return [];
    }
  }
}

/** Validates names, subscriptions, job states, alarm settings and key administrators. */
export function checkBackupAlertsProps(props: BackupAlertsProps): Problem[] {
  const problems: Problem[] = [];
  const topicName = props.topicName ?? DEFAULT_TOPIC_NAME;
  if (!isToken(topicName) && !TOPIC_NAME.pattern.test(topicName)) {
    problems.push(error('topicName', `SNS topic name "${topicName}" must be ${TOPIC_NAME.describe}`));
  }
  const namePrefix = props.namePrefix ?? topicName;
  if (!isToken(namePrefix) && !NAME_PREFIX.pattern.test(namePrefix)) {
    // Without a namePrefix the topic name prefixes the rules: the problem is the topic name's.
    if (props.namePrefix === undefined) problems.push(error('topicName', `"${namePrefix}" must be ${NAME_PREFIX.describe} (the topic name also prefixes the EventBridge rules)`));
    else problems.push(error('namePrefix', `"${namePrefix}" must be ${NAME_PREFIX.describe}`));
  }
  for (const [name, subscription] of Object.entries(props.subscriptions ?? {})) {
    problems.push(...checkSubscription(name, subscription, props.account));
  }
  if (props.jobStates !== undefined) {
    if (props.jobStates.length === 0) {
      problems.push(error('jobStates', `must name at least one state, or be left out to use all of ${FAILED_JOB_STATES.join(', ')}`));
    }
    const seen = new Set<string>();
    props.jobStates.forEach((state, index) => {
      if (seen.has(state)) {
        problems.push(error(`jobStates.${index}`, `"${state}" is listed more than once`));
      } else if (!(FAILED_JOB_STATES as readonly string[]).includes(state)) {
        problems.push(error(`jobStates.${index}`, `"${state}" is not a failed job state; use one of ${FAILED_JOB_STATES.join(', ')}`));
      }
      seen.add(state);
    });
  }
  const period = props.alarmPeriodSeconds ?? ALARM_PERIOD.default;
  if (!Number.isInteger(period) || period < ALARM_PERIOD.step || period > ALARM_PERIOD.max || period % ALARM_PERIOD.step !== 0) {
    problems.push(
      error('alarmPeriodSeconds', `must be a multiple of ${ALARM_PERIOD.step} seconds (AWS Backup publishes its metrics every 5 minutes) up to ${ALARM_PERIOD.max}; got ${period}`),
    );
  }
  const threshold = props.alarmThreshold ?? DEFAULT_ALARM_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) {
    problems.push(error('alarmThreshold', `must be a whole number of failed jobs, 0 or more; got ${threshold}`));
  }
  if (props.keyAdministrators !== undefined && props.keyAdministrators.length === 0) {
    problems.push(error('keyAdministrators', 'must name at least one principal, or be left out to use the account root'));
  }
  return problems;
}

/** The alarm name suffix and metric of each (job type, state) AWS Backup publishes a metric for. */
function alarmMetrics(states: readonly FailedJobState[]): { jobType: JobType; state: FailedJobState; metricName: string }[] {
  return JOB_TYPES.flatMap((jobType) =>
    states.flatMap((state) => {
      const metricName = JOB_EVENTS[jobType].metrics[state];
      return metricName === undefined ? [] : [{ jobType, state, metricName }];
    }),
  );
}

/**
 * Failure alerts for one account and Region: an SNS topic encrypted with its own customer-managed
 * key, EventBridge rules that turn failed backup, copy and restore jobs into readable messages, and
 * CloudWatch alarms on AWS Backup's failure metrics, all delivered to the topic's subscriptions.
 */
export class BackupAlerts extends Construct {
  readonly key: KmsKey;
  readonly topic: SnsTopic;
  readonly topicPolicy: SnsTopicPolicy;
  /** The topic ARN (a Terraform reference). */
  readonly topicArn: string;
  readonly subscriptions: Readonly<Record<string, SnsTopicSubscription>>;
  readonly lambdaPermissions: Readonly<Record<string, LambdaPermission>>;
  readonly rules: Readonly<Partial<Record<JobType, CloudwatchEventRule>>>;
  readonly targets: Readonly<Partial<Record<JobType, CloudwatchEventTarget>>>;
  /** Keyed by `<jobType>-<state>`, such as `backup-FAILED`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    throwOnErrors(`BackupAlerts ${this.node.path}`, checkBackupAlertsProps(props));
    const { account, provider } = props;
    const topicName = props.topicName ?? DEFAULT_TOPIC_NAME;
    const namePrefix = props.namePrefix ?? topicName;
    const states = props.jobStates ?? FAILED_JOB_STATES;
    const preventDestroy = props.preventDestroy ?? true;
    const tags = props.tags ? { ...props.tags } : undefined;

    this.key = new KmsKey(this, 'key', {
      description: `AWS Backup alerts topic ${topicName}`,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      isEnabled: true,
      deletionWindowInDays: KMS_LIMITS.deletionWindowInDays.default,
      policy: alertsKeyPolicy(account, topicName, props.keyAdministrators),
      tags,
      provider,
      lifecycle: { preventDestroy },
    });
    this.topic = new SnsTopic(this, 'topic', {
      name: topicName,
      displayName: 'AWS Backup alerts',
      kmsMasterKeyId: this.key.arn,
      tags,
      provider,
      lifecycle: { preventDestroy },
    });
    this.topicArn = this.topic.arn;

    const rules: Partial<Record<JobType, CloudwatchEventRule>> = {};
    const targets: Partial<Record<JobType, CloudwatchEventTarget>> = {};
    for (const jobType of JOB_TYPES) {
      const rule = new CloudwatchEventRule(this, `rule-${jobType}`, {
        name: `${namePrefix}-${jobType}-jobs`,
        description: `AWS Backup ${jobType} jobs that end ${states.join(', ')}`,
        eventPattern: jobStateEventPattern(jobType, states),
        state: 'ENABLED',
        tags,
        provider,
      });
      rules[jobType] = rule;
      targets[jobType] = new CloudwatchEventTarget(this, `target-${jobType}`, {
        rule: rule.name,
        targetId: 'alerts-topic',
        arn: this.topic.arn,
        inputTransformer: jobStateInputTransformer(jobType),
        provider,
      });
    }
    this.rules = rules;
    this.targets = targets;

    this.topicPolicy = new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topic.arn,
      policy: alertsTopicPolicy(
        account,
        this.topic.arn,
        JOB_TYPES.map((jobType) => (rules[jobType] as CloudwatchEventRule).arn),
      ),
      provider,
    });

    const subscriptions: Record<string, SnsTopicSubscription> = {};
    const lambdaPermissions: Record<string, LambdaPermission> = {};
    for (const [name, { protocol, endpoint }] of Object.entries(props.subscriptions ?? {})) {
      // Kept in a local: `lambdaPermissions[name]` would find Object.prototype's members for names such as "constructor".
      let permission: LambdaPermission | undefined;
      if (protocol === 'lambda') {
        const qualified = isToken(endpoint) ? undefined : LAMBDA_FUNCTION_ARN.exec(endpoint);
        permission = new LambdaPermission(this, `lambda-permission-${name}`, {
          action: 'lambda:InvokeFunction',
          functionName: qualified ? qualified[1] : endpoint,
          qualifier: qualified?.[2],
          principal: 'sns.amazonaws.com',
          sourceArn: this.topic.arn,
          provider,
        });
        lambdaPermissions[name] = permission;
      }
      subscriptions[name] = new SnsTopicSubscription(this, `subscription-${name}`, {
        topicArn: this.topic.arn,
        protocol,
        endpoint,
        provider,
        dependsOn: permission ? [permission] : undefined,
      });
    }
    this.subscriptions = subscriptions;
    this.lambdaPermissions = lambdaPermissions;

    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    if (props.alarms !== false) {
      const period = props.alarmPeriodSeconds ?? ALARM_PERIOD.default;
      const threshold = props.alarmThreshold ?? DEFAULT_ALARM_THRESHOLD;
      for (const { jobType, state, metricName } of alarmMetrics(states)) {
        alarms[`${jobType}-${state}`] = new CloudwatchMetricAlarm(this, `alarm-${jobType}-${state.toLowerCase()}`, {
          alarmName: `${namePrefix}-${jobType}-jobs-${state.toLowerCase()}`,
          alarmDescription: `More than ${threshold} AWS Backup ${jobType} jobs ${state} in ${period} seconds (${account.accountId}, ${account.region})`,
          namespace: 'AWS/Backup',
          metricName,
          statistic: 'Sum',
          period,
          evaluationPeriods: 1,
          datapointsToAlarm: 1,
          threshold,
          comparisonOperator: 'GreaterThanThreshold',
          treatMissingData: 'notBreaching',
          alarmActions: [this.topic.arn],
          tags,
          provider,
        });
      }
    }
    this.alarms = alarms;
  }
}
