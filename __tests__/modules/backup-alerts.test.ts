import { TerraformOutput, Testing } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { SnsTopic } from '@cdktf/provider-aws/lib/sns-topic';
import { SnsTopicSubscription } from '@cdktf/provider-aws/lib/sns-topic-subscription';
import { LambdaPermission } from '@cdktf/provider-aws/lib/lambda-permission';
import { CloudwatchEventRule } from '@cdktf/provider-aws/lib/cloudwatch-event-rule';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { BackupAlerts, BackupAlertsProps, checkBackupAlertsProps, FailedJobState, SubscriptionProtocol } from '../../modules/backup-alerts';
import { alertsTopicPolicy, jobStateEventPattern, jobStateInputTransformer, snsTopicArn, sqsQueuePolicyStatement } from '../../modules/backup-alerts-policies';
import { ValidationError } from '../../core/problems';
import { ACCOUNT, expectValidationError, GOV_ACCOUNT, Json, keyDeny, onlyResource, parsePolicy, resourcesOf, stackWithProviders, synth } from './helpers';

const ROOT = 'arn:aws:iam::111122223333:root';
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts';
const CONSTRUCT = 'BackupAlerts stack/alerts';

const KEY_ADMIN_ACTIONS = [
  'kms:CancelKeyDeletion',
  'kms:Create*',
  'kms:Delete*',
  'kms:Describe*',
  'kms:Disable*',
  'kms:Enable*',
  'kms:Get*',
  'kms:List*',
  'kms:Put*',
  'kms:Revoke*',
  'kms:RotateKeyOnDemand',
  'kms:ScheduleKeyDeletion',
  'kms:TagResource',
  'kms:UntagResource',
  'kms:Update*',
];
const PUBLISH_KEY_ACTIONS = ['kms:Decrypt', 'kms:GenerateDataKey*'];

const baseProps: BackupAlertsProps = { account: ACCOUNT };

function synthAlerts(props: Partial<BackupAlertsProps> = {}): string {
  return synth((scope) => {
    new BackupAlerts(scope, 'alerts', { ...baseProps, ...props });
  });
}

/** The default props' synthesis, shared by the tests that only read it (it is deterministic). */
let defaultOut: string | undefined;
const defaultSynth = (): string => (defaultOut ??= synthAlerts());

const ref = (type: string, id: string, attribute: string): string => `\${${type}.${id}.${attribute}}`;

/** Logical ids of the topic and of the rule of each job type. */
function ids(out: string): { topic: string; key: string; rules: Record<string, string> } {
  const rules: Record<string, string> = {};
  for (const [id, config] of Object.entries(resourcesOf(out, 'aws_cloudwatch_event_rule'))) {
    rules[(config as Json).name.replace(/^.*-(backup|copy|restore)-jobs$/, '$1').replace(/^.*-changes$/, 'changes')] = id;
  }
  return { topic: onlyResource(out, 'aws_sns_topic').id, key: onlyResource(out, 'aws_kms_key').id, rules };
}

const keyStatements = (out: string): Json[] => parsePolicy(onlyResource(out, 'aws_kms_key').config.policy).Statement;
const topicStatements = (out: string): Json[] => parsePolicy(onlyResource(out, 'aws_sns_topic_policy').config.policy).Statement;
const asList = (value: string | string[]): string[] => (Array.isArray(value) ? value : [value]);

describe('BackupAlerts: the topic key', () => {
  it('is a symmetric ENCRYPT_DECRYPT key with rotation on, a 30-day deletion window and prevent_destroy by default', () => {
    const out = defaultSynth();
    expect(out).toHaveResourceWithProperties(KmsKey, {
      key_usage: 'ENCRYPT_DECRYPT',
      customer_master_key_spec: 'SYMMETRIC_DEFAULT',
      enable_key_rotation: true,
      is_enabled: true,
      deletion_window_in_days: 30,
      description: 'AWS Backup alerts topic aws-backup-alerts',
      lifecycle: { prevent_destroy: true },
    });
    const { config } = onlyResource(out, 'aws_kms_key');
    expect(config).not.toHaveProperty('tags');
    expect(config).not.toHaveProperty('provider');
  });

  it('has exactly: root administration, account use through SNS, AWS Backup and CloudWatch per account, EventBridge for this topic', () => {
    expect(keyStatements(defaultSynth())).toEqual([
      { Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: [ROOT] }, Action: KEY_ADMIN_ACTIONS, Resource: '*' },
      {
        Sid: 'AccountUseThroughSns',
        Effect: 'Allow',
        Principal: { AWS: ROOT },
        Action: PUBLISH_KEY_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'kms:ViaService': 'sns.eu-west-1.amazonaws.com', 'kms:CallerAccount': '111122223333' } },
      },
      {
        Sid: 'AwsBackupAndCloudWatchPublish',
        Effect: 'Allow',
        Principal: { Service: ['backup.amazonaws.com', 'cloudwatch.amazonaws.com'] },
        Action: PUBLISH_KEY_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
      {
        Sid: 'EventBridgePublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: PUBLISH_KEY_ACTIONS,
        Resource: '*',
        Condition: { StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': TOPIC } },
      },
      // A disabled or deleted topic key silences every alert: denied to everyone by default, as for vault keys.
      keyDeny(),
    ]);
  });

  it('exempts the break-glass principals and the deployment role from the deny, and denies kms:PutKeyPolicy once the deployment role is known', () => {
    const deployRoleArn = 'arn:aws:iam::111122223333:role/Deploy';
    const statements = keyStatements(synthAlerts({ keyProtection: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'], deployRoleArn } }));
    expect(statements.find((statement) => statement.Sid === 'DenyKeyDeletionAndDisabling')).toEqual(keyDeny(['arn:aws:iam::111122223333:role/BreakGlass', deployRoleArn], true));
  });

  it('leaves the deny out with keyProtection.denyKeyDeletion false', () => {
    expect(keyStatements(synthAlerts({ keyProtection: { denyKeyDeletion: false } })).map((statement) => statement.Sid)).toEqual([
      'KeyAdministration',
      'AccountUseThroughSns',
      'AwsBackupAndCloudWatchPublish',
      'EventBridgePublish',
    ]);
  });

  it('hands administration to the given key administrators (the root keeps only SNS-restricted use)', () => {
    const admins = ['arn:aws:iam::111122223333:role/KeyAdmins', 'arn:aws:iam::111122223333:user/alice'];
    const statements = keyStatements(synthAlerts({ keyAdministrators: admins }));
    expect(statements[0]).toEqual({ Sid: 'KeyAdministration', Effect: 'Allow', Principal: { AWS: admins }, Action: KEY_ADMIN_ACTIONS, Resource: '*' });
    expect(statements.filter((s) => JSON.stringify(s.Principal).includes(ROOT)).map((s) => s.Sid)).toEqual(['AccountUseThroughSns']);
  });

  it('names the topic ARN of the given topic name, partition and Region in the EventBridge encryption context', () => {
    expect(snsTopicArn(GOV_ACCOUNT, 'alerts')).toBe('arn:aws-us-gov:sns:us-gov-west-1:111122223333:alerts');
    const statements = keyStatements(synthAlerts({ account: GOV_ACCOUNT, topicName: 'gov-alerts' }));
    expect(statements[3].Condition).toEqual({ StringEquals: { 'kms:EncryptionContext:aws:sns:topicArn': 'arn:aws-us-gov:sns:us-gov-west-1:111122223333:gov-alerts' } });
    expect(statements[0].Principal).toEqual({ AWS: ['arn:aws-us-gov:iam::111122223333:root'] });
    expect(JSON.stringify(statements)).not.toContain('arn:aws:');
  });

  it('uses the China endpoint suffix in kms:ViaService in the aws-cn partition', () => {
    const statements = keyStatements(synthAlerts({ account: { accountId: '111122223333', region: 'cn-north-1', partition: 'aws-cn' } }));
    expect(statements[1].Condition.StringEquals['kms:ViaService']).toBe('sns.cn-north-1.amazonaws.com.cn');
  });

  it('has no wildcard principal in an Allow, and every service statement is conditioned', () => {
    for (const statement of keyStatements(defaultSynth()).filter((candidate) => candidate.Effect !== 'Deny')) {
      expect(statement.Effect).toBe('Allow');
      expect(statement.Principal).not.toBe('*');
      for (const principal of [...asList(statement.Principal.AWS ?? []), ...asList(statement.Principal.Service ?? [])]) {
        expect(principal).not.toContain('*');
      }
      if (statement.Principal.Service) expect(Object.keys(statement.Condition ?? {})).not.toHaveLength(0);
      expect(statement.Action).not.toContain('kms:*');
    }
  });
});

describe('BackupAlerts: the topic and its policy', () => {
  it('is a standard topic named aws-backup-alerts, encrypted with the key, with prevent_destroy', () => {
    const out = defaultSynth();
    const { key } = ids(out);
    expect(onlyResource(out, 'aws_sns_topic').config).toEqual({
      name: 'aws-backup-alerts',
      display_name: 'AWS Backup alerts',
      kms_master_key_id: ref('aws_kms_key', key, 'arn'),
      lifecycle: { prevent_destroy: true },
    });
  });

  it('turns prevent_destroy off on the key and the topic with preventDestroy: false', () => {
    const out = synthAlerts({ preventDestroy: false });
    expect(out).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: false } });
    expect(out).toHaveResourceWithProperties(SnsTopic, { lifecycle: { prevent_destroy: false } });
  });

  it('exposes the topic ARN as a Terraform reference', () => {
    const out = synth((scope) => {
      const alerts = new BackupAlerts(scope, 'alerts', baseProps);
      new TerraformOutput(scope, 'topic', { value: alerts.topicArn });
    });
    expect(JSON.parse(out).output.topic.value).toBe(ref('aws_sns_topic', ids(out).topic, 'arn'));
  });

  it('has exactly: AWS Backup, the three job rules and the change rule, and the account alarms, each publisher per account (no unconditioned account grant: CKV_AWS_385)', () => {
    const out = defaultSynth();
    const { topic, rules } = ids(out);
    const topicArn = ref('aws_sns_topic', topic, 'arn');
    const policy = onlyResource(out, 'aws_sns_topic_policy').config;
    expect(policy.arn).toBe(topicArn);
    expect(topicStatements(out)).toEqual([
      {
        Sid: 'AwsBackupPublish',
        Effect: 'Allow',
        Principal: { Service: 'backup.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: { StringEquals: { 'aws:SourceAccount': '111122223333' } },
      },
      {
        Sid: 'EventBridgeRulesPublish',
        Effect: 'Allow',
        Principal: { Service: 'events.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnEquals: {
            'aws:SourceArn': [
              ref('aws_cloudwatch_event_rule', rules.backup, 'arn'),
              ref('aws_cloudwatch_event_rule', rules.copy, 'arn'),
              ref('aws_cloudwatch_event_rule', rules.restore, 'arn'),
              ref('aws_cloudwatch_event_rule', rules.changes, 'arn'),
            ],
          },
        },
      },
      {
        Sid: 'CloudWatchAlarmsPublish',
        Effect: 'Allow',
        Principal: { Service: 'cloudwatch.amazonaws.com' },
        Action: 'sns:Publish',
        Resource: topicArn,
        Condition: {
          StringEquals: { 'aws:SourceAccount': '111122223333' },
          ArnLike: { 'aws:SourceArn': 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:*' },
        },
      },
    ]);
  });

  it('lets only the three service principals in, each with a condition, and no wildcard or account principal', () => {
    const statements = topicStatements(defaultSynth());
    expect(statements.every((statement) => statement.Condition !== undefined)).toBe(true);
    expect(statements.map((s) => s.Principal)).toEqual([
      { Service: 'backup.amazonaws.com' },
      { Service: 'events.amazonaws.com' },
      { Service: 'cloudwatch.amazonaws.com' },
    ]);
  });

  it('leaves the EventBridge statement out when there is no rule (pure policy function)', () => {
    const sids = parsePolicy(alertsTopicPolicy(ACCOUNT, TOPIC, [])).Statement.map((s: Json) => s.Sid);
    expect(sids).toEqual(['AwsBackupPublish', 'CloudWatchAlarmsPublish']);
  });

  it('respects the partition in the alarm ARN pattern', () => {
    const statements = topicStatements(synthAlerts({ account: GOV_ACCOUNT }));
    expect(statements[2].Condition.ArnLike).toEqual({ 'aws:SourceArn': 'arn:aws-us-gov:cloudwatch:us-gov-west-1:111122223333:alarm:*' });
  });

  it('passes tags to the key, topic, rules and alarms', () => {
    const tags = { env: 'prod', team: 'platform' };
    const out = synthAlerts({ tags });
    expect(onlyResource(out, 'aws_kms_key').config.tags).toEqual(tags);
    expect(onlyResource(out, 'aws_sns_topic').config.tags).toEqual(tags);
    for (const rule of Object.values(resourcesOf(out, 'aws_cloudwatch_event_rule'))) expect(rule.tags).toEqual(tags);
    for (const alarm of Object.values(resourcesOf(out, 'aws_cloudwatch_metric_alarm'))) expect(alarm.tags).toEqual(tags);
  });

  it('puts every resource on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new BackupAlerts(stack, 'alerts', {
      ...baseProps,
      provider: dr,
      subscriptions: { fn: { protocol: 'lambda', endpoint: 'arn:aws:lambda:eu-west-1:111122223333:function:notify' } },
    });
    const resources = JSON.parse(Testing.synth(stack)).resource;
    const types = Object.keys(resources).sort();
    expect(types).toEqual([
      'aws_cloudwatch_event_rule',
      'aws_cloudwatch_event_target',
      'aws_cloudwatch_metric_alarm',
      'aws_kms_key',
      'aws_lambda_permission',
      'aws_sns_topic',
      'aws_sns_topic_policy',
      'aws_sns_topic_subscription',
    ]);
    for (const type of types) {
      for (const config of Object.values(resources[type])) expect((config as Json).provider).toBe('aws.dr');
    }
  });
});

describe('BackupAlerts: subscriptions', () => {
  it('creates no subscription and no Lambda permission by default', () => {
    const out = defaultSynth();
    expect(out).not.toHaveResource(SnsTopicSubscription);
    expect(out).not.toHaveResource(LambdaPermission);
  });

  it.each([
    ['email', 'ops@example.com'],
    ['https', 'https://hooks.example.com/backup?token=abc'],
    ['sqs', 'arn:aws:sqs:eu-west-1:444455556666:backup-alerts'],
  ] as [SubscriptionProtocol, string][])('subscribes an %s endpoint to the topic, with no permission or queue policy of its own', (protocol, endpoint) => {
    const out = synthAlerts({ subscriptions: { ops: { protocol, endpoint } } });
    const { topic } = ids(out);
    expect(onlyResource(out, 'aws_sns_topic_subscription').config).toEqual({ topic_arn: ref('aws_sns_topic', topic, 'arn'), protocol, endpoint });
    expect(out).not.toHaveResource(LambdaPermission);
    expect(Object.keys(JSON.parse(out).resource)).not.toContain('aws_sqs_queue_policy');
  });

  it('grants sns.amazonaws.com invoke on a Lambda function for this topic only, before subscribing it', () => {
    const fn = 'arn:aws:lambda:eu-west-1:111122223333:function:notify';
    const out = synthAlerts({ subscriptions: { notify: { protocol: 'lambda', endpoint: fn } } });
    const { topic } = ids(out);
    const permission = onlyResource(out, 'aws_lambda_permission');
    expect(permission.config).toEqual({
      action: 'lambda:InvokeFunction',
      function_name: fn,
      principal: 'sns.amazonaws.com',
      source_arn: ref('aws_sns_topic', topic, 'arn'),
    });
    expect(onlyResource(out, 'aws_sns_topic_subscription').config).toEqual({
      topic_arn: ref('aws_sns_topic', topic, 'arn'),
      protocol: 'lambda',
      endpoint: fn,
      depends_on: [`aws_lambda_permission.${permission.id}`],
    });
  });

  it.each([
    ['an alias', 'live'],
    ['a version', '7'],
    ['$LATEST', '$LATEST'],
  ])('splits %s off a qualified function ARN into the permission qualifier', (_label, qualifier) => {
    const fn = 'arn:aws:lambda:eu-west-1:111122223333:function:notify';
    const out = synthAlerts({ subscriptions: { notify: { protocol: 'lambda', endpoint: `${fn}:${qualifier}` } } });
    expect(out).toHaveResourceWithProperties(LambdaPermission, { function_name: fn, qualifier });
    expect(out).toHaveResourceWithProperties(SnsTopicSubscription, { endpoint: `${fn}:${qualifier}` });
  });

  it('subscribes an endpoint named like an Object member, with no dependency (found by fuzzing: it made synthesis fail)', () => {
    const out = synthAlerts({ subscriptions: { constructor: { protocol: 'email' as const, endpoint: 'oncall@example.com' } } });
    const { topic } = ids(out);
    expect(onlyResource(out, 'aws_sns_topic_subscription').config).toEqual({ topic_arn: ref('aws_sns_topic', topic, 'arn'), protocol: 'email', endpoint: 'oncall@example.com' });
  });

  it('keeps one subscription per name, with names as construct ids', () => {
    const out = synthAlerts({
      subscriptions: { oncall: { protocol: 'email', endpoint: 'oncall@example.com' }, chat: { protocol: 'https', endpoint: 'https://chat.example.com/hook' } },
    });
    expect(Object.values(resourcesOf(out, 'aws_sns_topic_subscription')).map((s) => s.endpoint).sort()).toEqual([
      'https://chat.example.com/hook',
      'oncall@example.com',
    ]);
  });

  it('documents the queue policy statement a subscribed SQS queue needs', () => {
    expect(sqsQueuePolicyStatement('arn:aws:sqs:eu-west-1:444455556666:q', TOPIC)).toEqual({
      Sid: 'AwsBackupAlertsTopicSend',
      Effect: 'Allow',
      Principal: { Service: 'sns.amazonaws.com' },
      Action: 'sqs:SendMessage',
      Resource: 'arn:aws:sqs:eu-west-1:444455556666:q',
      Condition: { ArnEquals: { 'aws:SourceArn': TOPIC } },
    });
  });
});

describe('sqsQueuePolicyStatement across Regions', () => {
  it('names sns.<Region>.amazonaws.com for a topic of an opt-in Region sending to a queue of another Region (found by the alert delivery audit)', () => {
    const topic = 'arn:aws:sns:eu-south-1:111122223333:aws-backup-alerts';
    expect(sqsQueuePolicyStatement('arn:aws:sqs:eu-west-1:111122223333:q', topic).Principal).toEqual({ Service: 'sns.eu-south-1.amazonaws.com' });
    // The same Region, or a topic of a Region enabled by default: the global principal.
    expect(sqsQueuePolicyStatement('arn:aws:sqs:eu-south-1:111122223333:q', topic).Principal).toEqual({ Service: 'sns.amazonaws.com' });
    expect(sqsQueuePolicyStatement('arn:aws:sqs:eu-south-1:111122223333:q', TOPIC).Principal).toEqual({ Service: 'sns.amazonaws.com' });
  });
});

describe('BackupAlerts: EventBridge rules and their messages', () => {
  const detailTypes = { backup: 'Backup Job State Change', copy: 'Copy Job State Change', restore: 'Restore Job State Change' };

  it('has one enabled rule per job type, matching every failed state (restore events report "status")', () => {
    const rules = Object.values(resourcesOf(defaultSynth(), 'aws_cloudwatch_event_rule')).filter((rule) => rule.name.endsWith('-jobs'));
    expect(rules.map((rule) => rule.name).sort()).toEqual(['aws-backup-alerts-backup-jobs', 'aws-backup-alerts-copy-jobs', 'aws-backup-alerts-restore-jobs']);
    // PARTIAL: a composite job some of whose nested jobs failed.
    const states = ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'];
    const patterns = Object.fromEntries(rules.map((rule) => [rule.name, JSON.parse(rule.event_pattern)]));
    const withIssues = { state: ['COMPLETED'], statusMessage: [{ 'anything-but': '' }] };
    expect(patterns['aws-backup-alerts-backup-jobs']).toEqual({ source: ['aws.backup'], 'detail-type': [detailTypes.backup], detail: { $or: [{ state: states }, withIssues] } });
    expect(patterns['aws-backup-alerts-copy-jobs']).toEqual({ source: ['aws.backup'], 'detail-type': [detailTypes.copy], detail: { state: states } });
    expect(patterns['aws-backup-alerts-restore-jobs']).toEqual({ source: ['aws.backup'], 'detail-type': [detailTypes.restore], detail: { status: states } });
    for (const rule of rules) expect(rule.state).toBe('ENABLED');
  });

  it('matches only the requested states, and uses namePrefix for the rule names', () => {
    const out = synthAlerts({ jobStates: ['FAILED'], namePrefix: 'prod.backup_alerts' });
    expect(out).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: 'prod.backup_alerts-restore-jobs',
      event_pattern: jobStateEventPattern('restore', ['FAILED']),
      description: 'AWS Backup restore jobs that end FAILED',
    });
    expect(JSON.parse(jobStateEventPattern('copy', ['FAILED', 'ABORTED'])!).detail).toEqual({ state: ['FAILED', 'ABORTED'] });
  });

  it('alerts backup jobs "Completed with issues" (COMPLETED with a status message) by default; copy and restore jobs have no such state', () => {
    expect(JSON.parse(jobStateEventPattern('backup', ['FAILED', 'COMPLETED_WITH_ISSUES'])!).detail).toEqual({
      $or: [{ state: ['FAILED'] }, { state: ['COMPLETED'], statusMessage: [{ 'anything-but': '' }] }],
    });
    expect(JSON.parse(jobStateEventPattern('backup', ['COMPLETED_WITH_ISSUES'])!).detail).toEqual({ state: ['COMPLETED'], statusMessage: [{ 'anything-but': '' }] });
    expect(JSON.parse(jobStateEventPattern('copy', ['FAILED', 'COMPLETED_WITH_ISSUES'])!).detail).toEqual({ state: ['FAILED'] });
    expect(jobStateEventPattern('restore', ['COMPLETED_WITH_ISSUES'])).toBeUndefined();
    expect(defaultSynth()).toHaveResourceWithProperties(CloudwatchEventRule, {
      description: 'AWS Backup backup jobs that end FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES',
      event_pattern: JSON.stringify({
        source: ['aws.backup'],
        'detail-type': ['Backup Job State Change'],
        detail: { $or: [{ state: ['FAILED', 'ABORTED', 'EXPIRED', 'PARTIAL'] }, { state: ['COMPLETED'], statusMessage: [{ 'anything-but': '' }] }] },
      }),
    });
    // Asked for alone, only the backup rule exists (an empty state list is no valid pattern), and no alarm: AWS keeps no metric of it.
    const issuesOnly = synthAlerts({ jobStates: ['COMPLETED_WITH_ISSUES'] });
    expect(Object.values(resourcesOf(issuesOnly, 'aws_cloudwatch_event_rule')).map((rule: Json) => rule.name)).toEqual(['aws-backup-alerts-backup-jobs', 'aws-backup-alerts-changes']);
    expect(resourcesOf(issuesOnly, 'aws_cloudwatch_metric_alarm')).toEqual({});
  });

  it('targets the topic from each rule through an input transformer (no role: SNS uses its resource policy)', () => {
    const out = defaultSynth();
    const { topic, rules } = ids(out);
    const targets = Object.values(resourcesOf(out, 'aws_cloudwatch_event_target'));
    expect(targets).toHaveLength(4);
    for (const jobType of ['backup', 'copy', 'restore'] as const) {
      const target = targets.find((t) => t.rule === ref('aws_cloudwatch_event_rule', rules[jobType], 'name'));
      expect(target).toEqual({
        rule: ref('aws_cloudwatch_event_rule', rules[jobType], 'name'),
        target_id: 'alerts-topic',
        arn: ref('aws_sns_topic', topic, 'arn'),
        input_transformer: { input_paths: jobStateInputTransformer(jobType).inputPaths, input_template: jobStateInputTransformer(jobType).inputTemplate },
      });
    }
  });

  it('alerts on plans changed or deleted, Region settings changed, vaults deleted and continuous backups stopped: changes that stop backups without a failed job', () => {
    const out = defaultSynth();
    const { topic, rules } = ids(out);
    expect(out).toHaveResourceWithProperties(CloudwatchEventRule, {
      name: 'aws-backup-alerts-changes',
      state: 'ENABLED',
      description: 'AWS Backup plans changed or deleted, Region settings changed, vaults deleted, continuous backups stopped',
    });
    // Detail types and states as AWS Backup's EventBridge page and the EventBridge events reference spell them.
    expect(JSON.parse(resourcesOf(out, 'aws_cloudwatch_event_rule')[rules.changes!]!.event_pattern)).toEqual({
      source: ['aws.backup'],
      $or: [
        { 'detail-type': ['Backup Plan State Change'], detail: { state: ['MODIFIED', 'DELETED'] } },
        { 'detail-type': ['Region Setting State Change'], detail: { state: ['MODIFIED'] } },
        { 'detail-type': ['Backup Vault State Change'], detail: { state: ['DELETED'] } },
        // A continuous backup that stopped (permissions removed, S3 versioning off, a continuous rule's retention changed): no job fails,
        // and no silence alarm watches a vault only continuous rules write to. Recovery point events carry `status`, not `state`.
        { 'detail-type': ['Recovery Point State Change'], detail: { status: ['STOPPED'] } },
      ],
    });
    const target = Object.values(resourcesOf(out, 'aws_cloudwatch_event_target')).find((t) => t.rule === ref('aws_cloudwatch_event_rule', rules.changes!, 'name'));
    expect(target).toEqual({
      rule: ref('aws_cloudwatch_event_rule', rules.changes!, 'name'),
      target_id: 'alerts-topic',
      arn: ref('aws_sns_topic', topic, 'arn'),
      input_transformer: {
        input_paths: { detailType: '$.detail-type', state: '$.detail.state', status: '$.detail.status', account: '$.account', region: '$.region', resources: '$.resources', time: '$.time' },
        input_template: expect.stringMatching(/^"AWS Backup <detailType>: <state><status>"\n"Account: <account>"\n"Region: <region>"\n"Resources: <resources>"\n"Time: <time>"\n/),
      },
    });
  });

  it.each([
    ['backup', '$.detail.backupJobId', '$.detail.state', '$.detail.resourceArn'],
    ['copy', '$.detail.copyJobId', '$.detail.state', '$.detail.resourceArn'],
    ['restore', '$.detail.restoreJobId', '$.detail.status', '$.resources[0]'],
  ] as const)('reads the %s job event fields AWS documents', (jobType, jobId, state, resource) => {
    expect(jobStateInputTransformer(jobType).inputPaths).toEqual({
      account: '$.account',
      region: '$.region',
      time: '$.time',
      jobId,
      state,
      resource,
      resourceType: '$.detail.resourceType',
      statusMessage: '$.detail.statusMessage',
    });
  });

  it('writes a readable multi-line message: account, Region, resource, job id, job type, state and reason', () => {
    const template = jobStateInputTransformer('copy').inputTemplate;
    expect(template).toBe(
      [
        '"AWS Backup copy job <state>"',
        '"Account: <account>"',
        '"Region: <region>"',
        '"Resource: <resource> (<resourceType>)"',
        '"Job ID: <jobId>"',
        '"Job type: copy"',
        '"State: <state>"',
        '"Time: <time>"',
        '"Reason: <statusMessage>"',
      ].join('\n'),
    );
  });

  it.each(['backup', 'copy', 'restore'] as const)('%s template: every line a JSON string, every placeholder a defined input path and back', (jobType) => {
    const { inputPaths, inputTemplate } = jobStateInputTransformer(jobType);
    const lines = inputTemplate.split('\n');
    for (const line of lines) expect(typeof JSON.parse(line)).toBe('string');
    expect(lines[5]).toBe(`"Job type: ${jobType}"`);
    const placeholders = new Set([...inputTemplate.matchAll(/<([A-Za-z]+)>/g)].map((m) => m[1]));
    expect([...placeholders].sort()).toEqual(Object.keys(inputPaths ?? {}).sort());
    expect(inputTemplate).not.toContain('${');
  });
});

describe('BackupAlerts: CloudWatch alarms', () => {
  const alarmsOf = (out: string): Json[] => Object.values(resourcesOf(out, 'aws_cloudwatch_metric_alarm'));
  /** The metric an alarm's Metrics Insights query sums over every vault. */
  const metricOf = (alarm: Json): string | undefined => /^SELECT SUM\((\w+)\) FROM SCHEMA\("AWS\/Backup", BackupVaultName\)$/.exec(alarm.metric_query?.[0]?.expression ?? '')?.[1];

  it('alarms on any failure in one hour by default, summed over every vault (AWS publishes the metrics per vault), to the topic, missing data not breaching', () => {
    const out = defaultSynth();
    const { topic } = ids(out);
    const failed = alarmsOf(out).find((alarm) => metricOf(alarm) === 'NumberOfBackupJobsFailed');
    expect(failed).toEqual({
      alarm_name: 'aws-backup-alerts-backup-jobs-failed',
      alarm_description: 'More than 0 AWS Backup backup jobs FAILED in 3600 seconds (111122223333, eu-west-1)',
      metric_query: [
        { id: 'failed', expression: 'SELECT SUM(NumberOfBackupJobsFailed) FROM SCHEMA("AWS/Backup", BackupVaultName)', period: 3600, return_data: true, label: 'NumberOfBackupJobsFailed (every vault)' },
      ],
      evaluation_periods: 1,
      datapoints_to_alarm: 1,
      threshold: 0,
      comparison_operator: 'GreaterThanThreshold',
      treat_missing_data: 'notBreaching',
      alarm_actions: [ref('aws_sns_topic', topic, 'arn')],
    });
  });

  it('has one alarm per AWS/Backup metric of a requested state (copy and restore have only a FAILED metric)', () => {
    const alarms = alarmsOf(defaultSynth());
    const byName = Object.fromEntries(alarms.map((alarm) => [alarm.alarm_name, metricOf(alarm)]));
    expect(byName).toEqual({
      'aws-backup-alerts-backup-jobs-failed': 'NumberOfBackupJobsFailed',
      'aws-backup-alerts-backup-jobs-aborted': 'NumberOfBackupJobsAborted',
      'aws-backup-alerts-backup-jobs-expired': 'NumberOfBackupJobsExpired',
      'aws-backup-alerts-copy-jobs-failed': 'NumberOfCopyJobsFailed',
      'aws-backup-alerts-restore-jobs-failed': 'NumberOfRestoreJobsFailed',
    });
    for (const alarm of alarms) expect(alarm).toMatchObject({ treat_missing_data: 'notBreaching' });
    // No bare metric: a series without a vault dimension may never get a data point.
    for (const alarm of alarms) expect([alarm.metric_name, alarm.namespace, alarm.dimensions]).toEqual([undefined, undefined, undefined]);
  });

  it.each([
    [['FAILED'], ['NumberOfBackupJobsFailed', 'NumberOfCopyJobsFailed', 'NumberOfRestoreJobsFailed']],
    [['ABORTED'], ['NumberOfBackupJobsAborted']],
    [['EXPIRED', 'ABORTED'], ['NumberOfBackupJobsAborted', 'NumberOfBackupJobsExpired']],
  ] as [FailedJobState[], string[]][])('with jobStates %j alarms on %j', (jobStates, metrics) => {
    expect(alarmsOf(synthAlerts({ jobStates })).map(metricOf).sort()).toEqual(metrics);
  });

  it('creates no alarm with alarms: false, and keeps the rules', () => {
    const out = synthAlerts({ alarms: false });
    expect(out).not.toHaveResource(CloudwatchMetricAlarm);
    expect(Object.keys(resourcesOf(out, 'aws_cloudwatch_event_rule'))).toHaveLength(4);
  });

  it('uses the given period, threshold and name prefix', () => {
    const out = synthAlerts({ alarmPeriodSeconds: 10_800, alarmThreshold: 4, namePrefix: 'prod' });
    const alarm = alarmsOf(out).find((candidate) => candidate.alarm_name === 'prod-restore-jobs-failed');
    expect(alarm).toMatchObject({ alarm_description: 'More than 4 AWS Backup restore jobs FAILED in 10800 seconds (111122223333, eu-west-1)', threshold: 4 });
    expect(alarm.metric_query[0].period).toBe(10_800);
  });
});

describe('BackupAlerts: eager validation', () => {
  const fails = (props: Partial<BackupAlertsProps>, path: string, message: string) =>
    expectValidationError(() => synthAlerts(props), CONSTRUCT, [{ path, message }]);

  it('throws a ValidationError naming the construct', () => {
    const attempt = () => synthAlerts({ topicName: 'bad name' });
    expect(attempt).toThrow(ValidationError);
    expect(attempt).toThrow(`${CONSTRUCT}: invalid props:\n  topicName: SNS topic name "bad name" must be 1-256 characters of A-Z a-z 0-9 _ -`);
  });

  it.each([
    ['empty', ''],
    ['a space', 'bad name'],
    ['a dot (FIFO)', 'alerts.fifo'],
    ['257 characters', 'a'.repeat(257)],
  ])('rejects a topic name with %s', (_label, topicName) => {
    // A valid namePrefix isolates the topic name problem.
    fails({ topicName, namePrefix: 'alerts' }, 'topicName', `SNS topic name "${topicName}" must be 1-256 characters of A-Z a-z 0-9 _ -`);
  });

  it.each([
    ['one character', 'a'],
    ['_ and -', 'Backup_Alerts-1'],
    ['256 characters', 'a'.repeat(256)],
  ])('accepts a topic name with %s', (_label, topicName) => {
    expect(checkBackupAlertsProps({ ...baseProps, topicName, namePrefix: 'alerts' })).toEqual([]);
  });

  it('synthesizes a 256-character topic name', () => {
    const topicName = 'a'.repeat(256);
    expect(synthAlerts({ topicName, namePrefix: 'alerts', alarms: false })).toHaveResourceWithProperties(SnsTopic, { name: topicName });
  });

  it('rejects a 52-character namePrefix and accepts 51 (64-character rule names)', () => {
    const long = 'a'.repeat(52);
    fails(
      { namePrefix: long },
      'namePrefix',
      `"${long}" must be 1-51 characters of A-Z a-z 0-9 . _ - (EventBridge rule names are at most 64 characters, and "-restore-jobs" is appended)`,
    );
    const out = synthAlerts({ namePrefix: 'a'.repeat(51) });
    expect(out).toHaveResourceWithProperties(CloudwatchEventRule, { name: `${'a'.repeat(51)}-restore-jobs` });
    expect(`${'a'.repeat(51)}-restore-jobs`).toHaveLength(64);
  });

  it('reports a topic name too long to prefix the rules at topicName when no namePrefix is given', () => {
    const topicName = 'a'.repeat(60);
    fails(
      { topicName },
      'topicName',
      `"${topicName}" must be 1-51 characters of A-Z a-z 0-9 . _ - (EventBridge rule names are at most 64 characters, and "-restore-jobs" is appended) (the topic name also prefixes the EventBridge rules)`,
    );
  });

  it('rejects a namePrefix with a character EventBridge refuses', () => {
    fails({ namePrefix: 'prod/alerts' }, 'namePrefix', '"prod/alerts" must be 1-51 characters of A-Z a-z 0-9 . _ - (EventBridge rule names are at most 64 characters, and "-restore-jobs" is appended)');
  });

  describe('subscriptions', () => {
    const sub = (protocol: SubscriptionProtocol, endpoint: string) => ({ subscriptions: { ops: { protocol, endpoint } } });

    it.each([
      ['1ops', 'starting with a digit'],
      ['on call', 'a space'],
      ['a'.repeat(51), '51 characters'],
    ])('rejects the subscription name %j (%s)', (name) => {
      fails(
        { subscriptions: { [name]: { protocol: 'email', endpoint: 'ops@example.com' } } },
        `subscriptions.${name}`,
        `subscription name "${name}" must be 1-50 characters of A-Z a-z 0-9 _ -, starting with a letter`,
      );
    });

    it('accepts a 50-character subscription name', () => {
      const name = `a${'b'.repeat(49)}`;
      expect(checkBackupAlertsProps({ ...baseProps, subscriptions: { [name]: { protocol: 'email', endpoint: 'ops@example.com' } } })).toEqual([]);
    });

    it('rejects an unknown protocol', () => {
      fails(sub('sms' as SubscriptionProtocol, '+15555550100'), 'subscriptions.ops.protocol', '"sms" is not a supported protocol; use one of email, email-json, https, sqs, lambda');
    });

    it.each([
      ['email', 'ops.example.com', '"ops.example.com" is not an email address'],
      ['email', 'ops@example', '"ops@example" is not an email address'],
      ['email', 'ops @example.com', '"ops @example.com" is not an email address'],
      ['https', 'http://hooks.example.com/x', '"http://hooks.example.com/x" is not an https:// URL'],
      ['https', 'hooks.example.com/x', '"hooks.example.com/x" is not an https:// URL'],
      ['https', 'https://', '"https://" is not an https:// URL'],
      ['https', 'https://hooks.example.com/a b', '"https://hooks.example.com/a b" is not an https:// URL'],
      ['sqs', 'https://sqs.eu-west-1.amazonaws.com/111122223333/q', '"https://sqs.eu-west-1.amazonaws.com/111122223333/q" is not an SQS queue ARN such as arn:aws:sqs:eu-west-1:111122223333:backup-alerts'],
      ['sqs', 'arn:aws:sns:eu-west-1:111122223333:q', '"arn:aws:sns:eu-west-1:111122223333:q" is not an SQS queue ARN such as arn:aws:sqs:eu-west-1:111122223333:backup-alerts'],
      ['sqs', `arn:aws:sqs:eu-west-1:111122223333:${'q'.repeat(81)}`, `"arn:aws:sqs:eu-west-1:111122223333:${'q'.repeat(81)}" is not an SQS queue ARN such as arn:aws:sqs:eu-west-1:111122223333:backup-alerts`],
      ['sqs', 'arn:aws:sqs:eu-west-1:111122223333:alerts.fifo', '"arn:aws:sqs:eu-west-1:111122223333:alerts.fifo" is a FIFO queue; a standard SNS topic cannot deliver to it'],
      ['lambda', 'notify', '"notify" is not a Lambda function ARN such as arn:aws:lambda:eu-west-1:111122223333:function:notify'],
      ['lambda', 'arn:aws:lambda:eu-west-1:111122223333:layer:x', '"arn:aws:lambda:eu-west-1:111122223333:layer:x" is not a Lambda function ARN such as arn:aws:lambda:eu-west-1:111122223333:function:notify'],
      [
        'lambda',
        'arn:aws:lambda:eu-central-1:111122223333:function:notify',
        '"arn:aws:lambda:eu-central-1:111122223333:function:notify" is in account 111122223333, Region eu-central-1; the invoke permission is created with this construct\'s provider, so the function must be in account 111122223333, Region eu-west-1',
      ],
      [
        'lambda',
        'arn:aws:lambda:eu-west-1:444455556666:function:notify',
        '"arn:aws:lambda:eu-west-1:444455556666:function:notify" is in account 444455556666, Region eu-west-1; the invoke permission is created with this construct\'s provider, so the function must be in account 111122223333, Region eu-west-1',
      ],
    ] as [SubscriptionProtocol, string, string][])('rejects the %s endpoint %j', (protocol, endpoint, message) => {
      fails(sub(protocol, endpoint), 'subscriptions.ops.endpoint', message);
    });

    it.each([
      ['email', 'first.last+backup@mail.example.co.uk'],
      ['https', 'https://hooks.example.com'],
      ['https', 'https://user:secret@hooks.example.com:8443/path?x=1'],
      ['sqs', `arn:aws:sqs:eu-central-1:111122223333:${'q'.repeat(80)}`],
      ['sqs', 'arn:aws-us-gov:sqs:us-gov-west-1:111122223333:alerts_1-a'],
      ['lambda', `arn:aws:lambda:eu-west-1:111122223333:function:${'f'.repeat(64)}`],
      ['lambda', 'arn:aws:lambda:eu-west-1:111122223333:function:notify:prod-2'],
    ] as [SubscriptionProtocol, string][])('accepts the %s endpoint %j', (protocol, endpoint) => {
      expect(checkBackupAlertsProps({ ...baseProps, ...sub(protocol, endpoint) })).toEqual([]);
    });

    it('warns that a subscription to a queue of another account stays pending until the queue side confirms it (found by the alert delivery audit)', () => {
      expect(checkBackupAlertsProps({ ...baseProps, ...sub('sqs', 'arn:aws:sqs:eu-west-1:444455556666:alerts') })).toEqual([
        {
          severity: 'warning',
          path: 'subscriptions.ops.endpoint',
          message:
            '"arn:aws:sqs:eu-west-1:444455556666:alerts" is a queue of account 444455556666, not of the topic\'s account 111122223333: a subscription created from the topic\'s account stays pending, and delivers no alert, until someone confirms it with the message SNS sends into the queue (SNS confirms it by itself only when the queue\'s account subscribes); hashicorp/aws also keeps no state of it. Use a queue of account 111122223333, or subscribe this queue from account 444455556666',
        },
      ]);
    });

    it('does not validate endpoints that are Terraform references', () => {
      const out = synth((scope) => {
        const other = new BackupAlerts(scope, 'other', { ...baseProps, topicName: 'other', alarms: false });
        new BackupAlerts(scope, 'alerts', { ...baseProps, subscriptions: { fn: { protocol: 'lambda', endpoint: other.topicArn } } });
      });
      expect(out).toHaveResourceWithProperties(LambdaPermission, { principal: 'sns.amazonaws.com' });
    });
  });

  it('rejects an empty jobStates', () => {
    fails({ jobStates: [] }, 'jobStates', 'must name at least one state, or be left out to use all of FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES');
  });

  it('rejects an unknown and a repeated job state', () => {
    expectValidationError(() => synthAlerts({ jobStates: ['FAILED', 'COMPLETED' as FailedJobState, 'FAILED'] }), CONSTRUCT, [
      { path: 'jobStates.1', message: '"COMPLETED" is not a job state alerts can follow; use one of FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES' },
      { path: 'jobStates.2', message: '"FAILED" is listed more than once' },
    ]);
  });

  it.each([0, 60, 299, 301, 3599.5, 11_100, 86_400])('rejects alarmPeriodSeconds %d', (period) => {
    fails(
      { alarmPeriodSeconds: period },
      'alarmPeriodSeconds',
      `must be a multiple of 300 seconds (AWS Backup publishes its metrics every 5 minutes) up to 10800 (a Metrics Insights alarm reads the last three hours); got ${period}`,
    );
  });

  it.each([300, 900, 10_800])('accepts alarmPeriodSeconds %d', (period) => {
    expect(checkBackupAlertsProps({ ...baseProps, alarmPeriodSeconds: period })).toEqual([]);
  });

  it.each([-1, 0.5])('rejects alarmThreshold %d', (threshold) => {
    fails({ alarmThreshold: threshold }, 'alarmThreshold', `must be a whole number of failed jobs, 0 or more; got ${threshold}`);
  });

  it.each([0, 5])('accepts alarmThreshold %d', (threshold) => {
    expect(checkBackupAlertsProps({ ...baseProps, alarmThreshold: threshold })).toEqual([]);
  });

  it('synthesizes the boundary alarm settings (300 seconds, threshold 0)', () => {
    expect(synthAlerts({ alarmPeriodSeconds: 300, alarmThreshold: 0, jobStates: ['FAILED'] })).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      metric_query: [expect.objectContaining({ period: 300 })],
      threshold: 0,
    });
  });

  it('rejects an empty keyAdministrators list', () => {
    fails({ keyAdministrators: [] }, 'keyAdministrators', 'must name at least one principal, or be left out to use the account root');
  });

  it('rejects a wildcard key administrator (it would hand the topic key to every AWS principal)', () => {
    fails({ keyAdministrators: ['*'] }, 'keyAdministrators[0]', '"*" is a wildcard: name a principal by its ARN');
  });

  it('rejects a break-glass principal of the key deny that exempts everyone', () => {
    fails(
      { keyProtection: { breakGlassPrincipals: ['arn:aws:iam::*:role/*'] } },
      'keyProtection.breakGlassPrincipals.0',
      '"arn:aws:iam::*:role/*" exempts every role of every account from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
    );
  });

  it('reports every problem at once, in field order', () => {
    expectValidationError(
      () =>
        synthAlerts({
          topicName: 'a b',
          namePrefix: 'ok',
          subscriptions: { ops: { protocol: 'email', endpoint: 'nope' } },
          jobStates: [],
          alarmPeriodSeconds: 10,
          alarmThreshold: -2,
          keyAdministrators: [],
        }),
      CONSTRUCT,
      [
        { path: 'topicName', message: 'SNS topic name "a b" must be 1-256 characters of A-Z a-z 0-9 _ -' },
        { path: 'subscriptions.ops.endpoint', message: '"nope" is not an email address' },
        { path: 'jobStates', message: 'must name at least one state, or be left out to use all of FAILED, ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES' },
        { path: 'alarmPeriodSeconds', message: 'must be a multiple of 300 seconds (AWS Backup publishes its metrics every 5 minutes) up to 10800 (a Metrics Insights alarm reads the last three hours); got 10' },
        { path: 'alarmThreshold', message: 'must be a whole number of failed jobs, 0 or more; got -2' },
        { path: 'keyAdministrators', message: 'must name at least one principal, or be left out to use the account root' },
      ],
    );
  });

  it('finds no problem in valid props', () => {
    expect(
      checkBackupAlertsProps({
        ...baseProps,
        topicName: 'alerts',
        jobStates: ['FAILED', 'ABORTED', 'EXPIRED'],
        alarmPeriodSeconds: 300,
        alarmThreshold: 0,
        keyAdministrators: [ROOT],
        subscriptions: { ops: { protocol: 'email', endpoint: 'ops@example.com' } },
      }),
    ).toEqual([]);
  });
});
