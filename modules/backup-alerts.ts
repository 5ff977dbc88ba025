import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicPolicy } from '@cdktf/provider-aws/lib/sns-topic-policy';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchEventTarget } from '@cdktf/provider-aws/lib/cloudwatch-event-target';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { ALERT_JOB_STATES, CONFIG_KEY, KMS_LIMITS } from '../core/limits';
import { METRICS_INSIGHTS_ALARM_MAX_PERIOD_SECONDS, vaultSumQuery } from '../core/backup-metrics';
import { AccountContext, arnRegionAndAccount } from '../core/arn';
import { error, isToken, Problem, warning } from '../core/problems';
import { checkAccountContext, checkNamedPrincipals, checkTags } from '../core/checks';
import {
  alertsKeyPolicy,
  checkAlertsKeyPolicySize,
  alertsTopicPolicy,
  backupChangeEventPattern,
  backupChangeInputTransformer,
  JOB_EVENTS,
  JOB_TYPES,
  jobStateEventPattern,
  jobStateInputTransformer,
  alertStatesOf,
  pendingQueueMessage,
  type AlertJobState,
  type FailedJobState,
  type JobType,
} from './backup-alerts-policies';
import { checkFilterPolicy, type FilterPolicy, type FilterPolicyScope } from './alert-filter-policy';
import { reportPropsProblems } from './props-problems';
import { checkKeyProtectionProps, type KeyProtectionProps } from './kms-key';

export type { AlertJobState, FailedJobState, JobType } from './backup-alerts-policies';
export type { FilterPolicy, FilterPolicyScope } from './alert-filter-policy';
export type SubscriptionProtocol = 'email' | 'email-json' | 'https' | 'sqs' | 'lambda';

export const SUBSCRIPTION_PROTOCOLS: readonly SubscriptionProtocol[] = ['email', 'email-json', 'https', 'sqs', 'lambda'];

export interface AlertSubscription {
  /** How SNS delivers: email, https, sqs or lambda. */
  readonly protocol: SubscriptionProtocol;
  /**
   * Where: an email address, an https:// URL, an SQS queue ARN or a Lambda function ARN (optionally
   * qualified with a version or alias). An email or https endpoint must confirm the subscription
   * before it receives anything. An SQS queue's own policy must let sns.amazonaws.com send to it
   * (see sqsQueuePolicyStatement in backup-alerts-policies.ts; this construct does not own the
   * queue). A Lambda function must be in the topic's account and Region: this construct grants
   * sns.amazonaws.com permission to invoke it.
   */
  readonly endpoint: string;
  /**
   * Only messages matching this SNS filter policy reach the subscriber (at most 5 keys, 150
   * combinations). It applies to every message of the topic: the EventBridge rule messages and
   * CloudWatch alarm notifications carry no message attributes. @default every message
   */
  readonly filterPolicy?: FilterPolicy;
  /** MessageAttributes (flat keys) or MessageBody (JSON fields, nesting allowed). @default 'MessageAttributes' */
  readonly filterPolicyScope?: FilterPolicyScope;
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
  /**
   * Publish to this existing standard SNS topic (in the construct's account and Region) instead of
   * creating one with its key and policy. Its topic policy (and key policy, when encrypted) must let
   * backup.amazonaws.com, events.amazonaws.com and cloudwatch.amazonaws.com publish: see
   * alertsTopicPolicy and alertsKeyPolicy for the statements. @default a topic the construct creates
   */
  readonly existingTopicArn?: string;
  /** Subscriptions to the topic, keyed by a name (1-50 characters of A-Z a-z 0-9 _ -, starting with a letter). @default none */
  readonly subscriptions?: Readonly<Record<string, AlertSubscription>>;
  /**
   * Job states that raise an alert (EventBridge rules, and alarms on the metrics of core/backup-events.ts
   * JOB_EVENTS: FAILED, ABORTED and EXPIRED backup jobs, FAILED copy and restore jobs). PARTIAL reaches
   * the topic through the EventBridge rule only (no alarm watches NumberOfBackupJobsPartial).
   * COMPLETED_WITH_ISSUES: a backup job that completed with a status message (no metric, so no alarm).
   * @default ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL', 'COMPLETED_WITH_ISSUES'] (all of ALERT_JOB_STATES)
   */
  readonly jobStates?: readonly AlertJobState[];
  /** CloudWatch alarms on the AWS/Backup failure metrics, alongside the EventBridge rules. @default true */
  readonly alarms?: boolean;
  /** Alarm period: a multiple of 300 seconds (AWS Backup publishes every 5 minutes) up to 10,800 (a Metrics Insights alarm reads the last three hours). @default 3600 (one hour) */
  readonly alarmPeriodSeconds?: number;
  /** An alarm fires when more than this many jobs fail (Sum) in one period. @default 0 (any failure) */
  readonly alarmThreshold?: number;
  /**
   * Principals that administer the topic key (no encrypt or decrypt).
   * @default the account root, which delegates administration to IAM policies
   */
  readonly keyAdministrators?: readonly string[];
  /**
   * Deny kms:ScheduleKeyDeletion and kms:DisableKey on the topic key (and kms:PutKeyPolicy when
   * keyProtection.deployRoleArn is set) to every principal, the account root included, but
   * keyProtection.breakGlassPrincipals and the deployment role, as BackupKmsKey does for vault keys:
   * a disabled topic key silences every alert. `{ denyKeyDeletion: false }` leaves the deny out.
   * @default the deny, exempting no one
   */
  readonly keyProtection?: KeyProtectionProps;
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
const ALARM_PERIOD = { step: 300, max: METRICS_INSIGHTS_ALARM_MAX_PERIOD_SECONDS, default: 3600 } as const;
const DEFAULT_ALARM_THRESHOLD = 0;

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
    case 'email-json':
      return EMAIL.test(endpoint) ? [] : [error(at, `"${endpoint}" is not an email address`)];
    case 'https':
      return isHttpsUrl(endpoint) ? [] : [error(at, `"${endpoint}" is not an https:// URL`)];
    case 'sqs': {
      if (!SQS_QUEUE_ARN.test(endpoint)) return [error(at, `"${endpoint}" is not an SQS queue ARN such as arn:aws:sqs:eu-west-1:111122223333:backup-alerts`)];
      if (endpoint.endsWith('.fifo')) return [error(at, `"${endpoint}" is a FIFO queue; a standard SNS topic cannot deliver to it`)];
      const queueAccount = arnRegionAndAccount(endpoint)?.account;
      return queueAccount !== undefined && queueAccount !== account.accountId
        ? [warning(at, pendingQueueMessage(endpoint, queueAccount, `the topic's account ${account.accountId}`, `a queue of account ${account.accountId}`))]
        : [];
    }
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

const SNS_TOPIC_ARN = /^arn:aws[a-z-]*:sns:([a-z0-9-]+):(\d{12}):([A-Za-z0-9_-]{1,256})$/;

/** The name of an SNS topic ARN (for rule and alarm names), or undefined. */
export const topicNameOfArn = (arn: string): string | undefined => SNS_TOPIC_ARN.exec(arn)?.[3];

/** EventBridge rules, alarms and vault notifications publish to a topic of their own account and Region. */
function checkExistingTopic(arn: string, account: AccountContext): Problem[] {
  const match = SNS_TOPIC_ARN.exec(arn);
  if (!match) {
    const fifo = arn.endsWith('.fifo') ? ' (a FIFO topic: AWS Backup publishes to standard topics only)' : '';
    return [error('existingTopicArn', `"${arn}" is not a standard SNS topic ARN such as arn:aws:sns:eu-west-1:111122223333:backup-alerts${fifo}`)];
  }
  const [, region, accountId] = match;
  if (region !== account.region || accountId !== account.accountId) {
    return [error('existingTopicArn', `is in account ${accountId}, Region ${region}; vault notifications, EventBridge rules and alarms publish to a topic of their own account and Region (${account.accountId}, ${account.region})`)];
  }
  return [];
}

/** Validates names, subscriptions, job states, alarm settings and key administrators. */
export function checkBackupAlertsProps(props: BackupAlertsProps): Problem[] {
  const problems: Problem[] = [];
  // With an existing topic, its name prefixes the rules and alarms (alertsSettings).
  const existing = props.existingTopicArn !== undefined && !isToken(props.existingTopicArn) ? topicNameOfArn(props.existingTopicArn) : undefined;
  const topicName = existing ?? props.topicName ?? DEFAULT_TOPIC_NAME;
  if (!isToken(topicName) && !TOPIC_NAME.pattern.test(topicName)) {
    problems.push(error('topicName', `SNS topic name "${topicName}" must be ${TOPIC_NAME.describe}`));
  }
  const namePrefix = props.namePrefix ?? topicName;
  if (!isToken(namePrefix) && !NAME_PREFIX.pattern.test(namePrefix)) {
    // Without a namePrefix the topic name prefixes the rules: the problem is the topic name's.
    if (props.namePrefix === undefined) problems.push(error(existing !== undefined ? 'existingTopicArn' : 'topicName', `"${namePrefix}" must be ${NAME_PREFIX.describe} (the topic name also prefixes the EventBridge rules)`));
    else problems.push(error('namePrefix', `"${namePrefix}" must be ${NAME_PREFIX.describe}`));
  }
  for (const [name, subscription] of Object.entries(props.subscriptions ?? {})) {
    problems.push(...checkSubscription(name, subscription, props.account));
    if (subscription.filterPolicy !== undefined) problems.push(...checkFilterPolicy(subscription.filterPolicy, subscription.filterPolicyScope, `subscriptions.${name}.filterPolicy`));
    else if (subscription.filterPolicyScope !== undefined) problems.push(error(`subscriptions.${name}.filterPolicyScope`, 'has no filterPolicy to scope'));
  }
  if (props.existingTopicArn !== undefined && !isToken(props.existingTopicArn)) problems.push(...checkExistingTopic(props.existingTopicArn, props.account));
  if (props.jobStates !== undefined) {
    if (props.jobStates.length === 0) {
      problems.push(error('jobStates', `must name at least one state, or be left out to use all of ${ALERT_JOB_STATES.join(', ')}`));
    }
    const seen = new Set<string>();
    props.jobStates.forEach((state, index) => {
      if (seen.has(state)) {
        problems.push(error(`jobStates.${index}`, `"${state}" is listed more than once`));
      } else if (!(ALERT_JOB_STATES as readonly string[]).includes(state)) {
        problems.push(error(`jobStates.${index}`, `"${state}" is not a job state alerts can follow; use one of ${ALERT_JOB_STATES.join(', ')}`));
      }
      seen.add(state);
    });
  }
  const period = props.alarmPeriodSeconds ?? ALARM_PERIOD.default;
  if (!Number.isInteger(period) || period < ALARM_PERIOD.step || period > ALARM_PERIOD.max || period % ALARM_PERIOD.step !== 0) {
    problems.push(
      error(
        'alarmPeriodSeconds',
        `must be a multiple of ${ALARM_PERIOD.step} seconds (AWS Backup publishes its metrics every 5 minutes) up to ${ALARM_PERIOD.max} (a Metrics Insights alarm reads the last three hours); got ${period}`,
      ),
    );
  }
  const threshold = props.alarmThreshold ?? DEFAULT_ALARM_THRESHOLD;
  if (!Number.isInteger(threshold) || threshold < 0) {
    problems.push(error('alarmThreshold', `must be a whole number of failed jobs, 0 or more; got ${threshold}`));
  }
  if (props.keyAdministrators !== undefined && props.keyAdministrators.length === 0) {
    problems.push(error('keyAdministrators', 'must name at least one principal, or be left out to use the account root'));
  }
  problems.push(...checkNamedPrincipals(props.keyAdministrators ?? [], 'keyAdministrators'));
  problems.push(...checkKeyProtectionProps(props.keyProtection ?? {}).map((problem) => ({ ...problem, path: `keyProtection.${problem.path}` })));
  // The topic key, created without an existing topic.
  if (props.existingTopicArn === undefined) problems.push(...checkAlertsKeyPolicySize(props.account, topicName, props.keyAdministrators, props.keyProtection));
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/** The alarm name suffix and metric of each (job type, state) AWS Backup publishes a metric for. */
function alarmMetrics(states: readonly AlertJobState[]): { jobType: JobType; state: FailedJobState; metricName: string }[] {
  return JOB_TYPES.flatMap((jobType) =>
    states.flatMap((alertState) => {
      if (!Object.hasOwn(JOB_EVENTS[jobType].metrics, alertState)) return [];
      const state = alertState as FailedJobState;
      const metricName = JOB_EVENTS[jobType].metrics[state];
      return metricName === undefined ? [] : [{ jobType, state, metricName }];
    }),
  );
}

/** BackupAlertsProps with their defaults applied: what every resource of the construct reads. */
interface AlertsSettings {
  readonly account: AccountContext;
  readonly provider?: TerraformProvider;
  readonly topicName: string;
  /** Prefix of the rule and alarm names. */
  readonly namePrefix: string;
  readonly states: readonly AlertJobState[];
  readonly preventDestroy: boolean;
  readonly tags?: Record<string, string>;
}

function alertsSettings(props: BackupAlertsProps): AlertsSettings {
  const existing = props.existingTopicArn !== undefined && !isToken(props.existingTopicArn) ? topicNameOfArn(props.existingTopicArn) : undefined;
  const topicName = existing ?? props.topicName ?? DEFAULT_TOPIC_NAME;
  return {
    account: props.account,
    provider: props.provider,
    topicName,
    namePrefix: props.namePrefix ?? topicName,
    states: props.jobStates ?? ALERT_JOB_STATES,
    preventDestroy: props.preventDestroy ?? true,
    tags: props.tags ? { ...props.tags } : undefined,
  };
}

/**
 * Failure alerts for one account and Region: an SNS topic encrypted with its own customer-managed
 * key, EventBridge rules that turn failed backup, copy and restore jobs into readable messages, and
 * CloudWatch alarms on AWS Backup's failure metrics, all delivered to the topic's subscriptions.
 */
export class BackupAlerts extends Construct {
  /** The topic's key, topic and policy: undefined with existingTopicArn. */
  readonly key?: KmsKey;
  readonly topic?: SnsTopic;
  readonly topicPolicy?: SnsTopicPolicy;
  /** The topic ARN (a Terraform reference). */
  readonly topicArn: string;
  readonly subscriptions: Readonly<Record<string, SnsTopicSubscription>>;
  readonly lambdaPermissions: Readonly<Record<string, LambdaPermission>>;
  readonly rules: Readonly<Partial<Record<JobType, CloudwatchEventRule>>>;
  readonly targets: Readonly<Partial<Record<JobType, CloudwatchEventTarget>>>;
  /** Backup plans changed or deleted, Region settings changed, vaults deleted (outside Terraform, or by an apply) and continuous backups stopped, to the topic. */
  readonly changeRule: CloudwatchEventRule;
  readonly changeTarget: CloudwatchEventTarget;
  /** Keyed by `<jobType>-<state>`, such as `backup-FAILED`. */
  readonly alarms: Readonly<Record<string, CloudwatchMetricAlarm>>;
  private readonly settings: AlertsSettings;

  constructor(scope: Construct, id: string, props: BackupAlertsProps) {
    super(scope, id);
    reportPropsProblems(this, `BackupAlerts ${this.node.path}`, [...checkAccountContext(props.account), ...checkBackupAlertsProps(props)]);
    this.settings = alertsSettings(props);
    if (props.existingTopicArn === undefined) {
      this.key = this.addKey(props.keyAdministrators, props.keyProtection);
      this.topic = this.addTopic(this.key);
    }
    this.topicArn = this.topic?.arn ?? (props.existingTopicArn as string);
    const { rules, targets } = this.addJobStateRules();
    this.rules = rules;
    this.targets = targets;
    [this.changeRule, this.changeTarget] = this.addChangeRule();
    if (this.topic) this.topicPolicy = this.addTopicPolicy([...JOB_TYPES.flatMap((jobType) => rules[jobType]?.arn ?? []), this.changeRule.arn]);
    const { subscriptions, lambdaPermissions } = this.addSubscriptions(props.subscriptions ?? {});
    this.subscriptions = subscriptions;
    this.lambdaPermissions = lambdaPermissions;
    this.alarms =
      props.alarms === false ? {} : this.addAlarms(props.alarmPeriodSeconds ?? ALARM_PERIOD.default, props.alarmThreshold ?? DEFAULT_ALARM_THRESHOLD);
  }

  /** The customer-managed key that encrypts the topic (AWS Backup, EventBridge and CloudWatch may use it to publish). */
  private addKey(administrators: readonly string[] | undefined, protection: KeyProtectionProps | undefined): KmsKey {
    const { account, topicName, preventDestroy, tags, provider } = this.settings;
    return new KmsKey(this, 'key', {
      description: `AWS Backup alerts topic ${topicName}`,
      keyUsage: 'ENCRYPT_DECRYPT',
      customerMasterKeySpec: 'SYMMETRIC_DEFAULT',
      enableKeyRotation: true,
      isEnabled: true,
      deletionWindowInDays: KMS_LIMITS.deletionWindowInDays.default,
      policy: alertsKeyPolicy(account, topicName, administrators, protection),
      tags,
      provider,
      lifecycle: { preventDestroy },
    });
  }

  private addTopic(key: KmsKey): SnsTopic {
    const { topicName, preventDestroy, tags, provider } = this.settings;
    return new SnsTopic(this, 'topic', {
      name: topicName,
      displayName: 'AWS Backup alerts',
      kmsMasterKeyId: key.arn,
      tags,
      provider,
      lifecycle: { preventDestroy },
    });
  }

  /** One EventBridge rule per job type, each with the topic as its target and a readable message. */
  private addJobStateRules(): { rules: Partial<Record<JobType, CloudwatchEventRule>>; targets: Partial<Record<JobType, CloudwatchEventTarget>> } {
    const { namePrefix, states, tags, provider } = this.settings;
    const rules: Partial<Record<JobType, CloudwatchEventRule>> = {};
    const targets: Partial<Record<JobType, CloudwatchEventTarget>> = {};
    for (const jobType of JOB_TYPES) {
      const eventPattern = jobStateEventPattern(jobType, states);
      // Only COMPLETED_WITH_ISSUES asked for: copy and restore jobs have no such state, so no rule.
      if (eventPattern === undefined) continue;
      const rule = new CloudwatchEventRule(this, `rule-${jobType}`, {
        name: `${namePrefix}-${jobType}-jobs`,
        description: `AWS Backup ${jobType} jobs that end ${alertStatesOf(jobType, states).join(', ')}`,
        eventPattern,
        state: 'ENABLED',
        tags,
        provider,
      });
      rules[jobType] = rule;
      targets[jobType] = new CloudwatchEventTarget(this, `target-${jobType}`, {
        rule: rule.name,
        targetId: 'alerts-topic',
        arn: this.topicArn,
        inputTransformer: jobStateInputTransformer(jobType),
        provider,
      });
    }
    return { rules, targets };
  }

  /**
   * Changes that stop backups without a failed job, which no silence alarm sees while another plan
   * or resource type keeps the vault busy (./backup-alerts-policies.ts CHANGE_EVENTS).
   */
  private addChangeRule(): [CloudwatchEventRule, CloudwatchEventTarget] {
    const { namePrefix, tags, provider } = this.settings;
    const rule = new CloudwatchEventRule(this, 'rule-changes', {
      name: `${namePrefix}-changes`,
      description: 'AWS Backup plans changed or deleted, Region settings changed, vaults deleted, continuous backups stopped',
      eventPattern: backupChangeEventPattern(),
      state: 'ENABLED',
      tags,
      provider,
    });
    const target = new CloudwatchEventTarget(this, 'target-changes', {
      rule: rule.name,
      targetId: 'alerts-topic',
      arn: this.topicArn,
      inputTransformer: backupChangeInputTransformer(),
      provider,
    });
    return [rule, target];
  }

  /** Who may publish to the topic: AWS Backup, the given EventBridge rules and CloudWatch alarms, for this account only. */
  private addTopicPolicy(ruleArns: readonly string[]): SnsTopicPolicy {
    const { account, provider } = this.settings;
    return new SnsTopicPolicy(this, 'topic-policy', {
      arn: this.topicArn,
      policy: alertsTopicPolicy(account, this.topicArn, ruleArns),
      provider,
    });
  }

  /** A subscription per entry; a Lambda subscriber first gets SNS's permission to invoke it. */
  private addSubscriptions(entries: Readonly<Record<string, AlertSubscription>>): {
    subscriptions: Record<string, SnsTopicSubscription>;
    lambdaPermissions: Record<string, LambdaPermission>;
  } {
    const { provider } = this.settings;
    const subscriptions: Record<string, SnsTopicSubscription> = {};
    const lambdaPermissions: Record<string, LambdaPermission> = {};
    for (const [name, { protocol, endpoint, filterPolicy, filterPolicyScope }] of Object.entries(entries)) {
      // Kept in a local: `lambdaPermissions[name]` would find Object.prototype's members for names such as "constructor".
      let permission: LambdaPermission | undefined;
      if (protocol === 'lambda') {
        permission = this.addLambdaPermission(name, endpoint);
        lambdaPermissions[name] = permission;
      }
      subscriptions[name] = new SnsTopicSubscription(this, `subscription-${name}`, {
        topicArn: this.topicArn,
        protocol,
        endpoint,
        filterPolicy: filterPolicy !== undefined ? JSON.stringify(filterPolicy) : undefined,
        filterPolicyScope,
        provider,
        dependsOn: permission ? [permission] : undefined,
      });
    }
    return { subscriptions, lambdaPermissions };
  }

  /** Lets the topic invoke a subscribed function (a qualified ARN names the function and its version or alias apart). */
  private addLambdaPermission(name: string, endpoint: string): LambdaPermission {
    const qualified = isToken(endpoint) ? undefined : LAMBDA_FUNCTION_ARN.exec(endpoint);
    return new LambdaPermission(this, `lambda-permission-${name}`, {
      action: 'lambda:InvokeFunction',
      functionName: qualified ? qualified[1] : endpoint,
      qualifier: qualified?.[2],
      principal: 'sns.amazonaws.com',
      sourceArn: this.topicArn,
      provider: this.settings.provider,
    });
  }

  /** An alarm on each AWS/Backup failure metric of the alerted states, keyed by `<jobType>-<state>`. */
  private addAlarms(period: number, threshold: number): Record<string, CloudwatchMetricAlarm> {
    const { account, namePrefix, states, tags, provider } = this.settings;
    const alarms: Record<string, CloudwatchMetricAlarm> = {};
    for (const { jobType, state, metricName } of alarmMetrics(states)) {
      alarms[`${jobType}-${state}`] = new CloudwatchMetricAlarm(this, `alarm-${jobType}-${state.toLowerCase()}`, {
        alarmName: `${namePrefix}-${jobType}-jobs-${state.toLowerCase()}`,
        alarmDescription: `More than ${threshold} AWS Backup ${jobType} jobs ${state} in ${period} seconds (${account.accountId}, ${account.region})`,
        // Summed over the per-vault series (core/backup-metrics.ts): no series without a vault is documented.
        metricQuery: [{ id: 'failed', expression: vaultSumQuery(metricName), period, returnData: true, label: `${metricName} (every vault)` }],
        evaluationPeriods: 1,
        datapointsToAlarm: 1,
        threshold,
        comparisonOperator: 'GreaterThanThreshold',
        treatMissingData: 'notBreaching',
        alarmActions: [this.topicArn],
        tags,
        provider,
      });
    }
    return alarms;
  }
}
