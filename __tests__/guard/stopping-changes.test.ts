/**
 * Updates in place (and replacements) that stop backups, copies or alerts from then on: warnings
 * naming each change, as deleting the same resource is (hand-made plans shaped as hashicorp/aws
 * 5.100.0 plans them: vault notifications are replaced on every change, the rest updated in place).
 */
import { evaluatePlan } from '../../guard/guard';
import { alertsKeyPolicy, alertsTopicPolicy } from '../../modules/backup-alerts-policies';
import { change, plan, STACK, warned } from './plans';


const PLAN = 'aws_backup_plan.plan-gold_plan_0A1B2C3D';
const DR = 'arn:aws:backup:eu-central-1:111122223333:backup-vault:dr';
const lifecycle = (days: number) => [{ cold_storage_after: null, delete_after: days, opt_in_to_archive_for_supported_resources: false }];
const RULES = [
  { rule_name: 'daily', target_vault_name: 'main', schedule: 'cron(0 5 ? * * *)', schedule_expression_timezone: 'Etc/UTC', start_window: 60, completion_window: 180, enable_continuous_backup: true, lifecycle: lifecycle(35), copy_action: [{ destination_vault_arn: DR, lifecycle: lifecycle(35) }] },
  { rule_name: 'monthly', target_vault_name: 'main', schedule: 'cron(0 5 1 * ? *)', schedule_expression_timezone: 'Etc/UTC', start_window: 60, completion_window: 180, enable_continuous_backup: false, lifecycle: [], copy_action: [] },
];
const planVerdict = (edit: (rules: Record<string, any>[]) => void, actions = ['update'], afterUnknown: unknown = {}) => {
  const rules = structuredClone(RULES) as Record<string, any>[];
  edit(rules);
  return warned(change(PLAN, actions, { id: 'p-1', name: 'gold', rule: RULES }, { id: 'p-1', name: 'gold', rule: rules }, afterUnknown));
};
const TAIL = 'no recovery point is lost, but what it selects gets fewer or shorter-kept backups from then on';
const planWarning = (what: string, verb = `updating ${PLAN} in place`) => [`${verb} changes what the backup plan does (${what}): ${TAIL}`];

describe('an aws_backup_plan updated in place', () => {
  it('warns, naming each rule removed, retention shortened, copy removed, schedule made rarer, continuous backup turned off, vault changed', () => {
    expect(planVerdict((rules) => rules.pop())).toEqual(planWarning('removes rule monthly of plan gold'));
    expect(planVerdict((rules) => (rules[0].lifecycle = lifecycle(7)))).toEqual(planWarning('keeps the backups of rule daily of plan gold 7 days instead of 35 days'));
    expect(planVerdict((rules) => (rules[1].lifecycle = lifecycle(365)))).toEqual(planWarning('keeps the backups of rule monthly of plan gold 365 days instead of forever'));
    expect(planVerdict((rules) => (rules[0].copy_action = []))).toEqual(planWarning(`removes the copy of rule daily of plan gold to ${DR}`));
    expect(planVerdict((rules) => (rules[0].copy_action[0].lifecycle = lifecycle(14)))).toEqual(planWarning(`keeps the copies of rule daily of plan gold to ${DR} 14 days instead of 35 days`));
    expect(planVerdict((rules) => (rules[0].schedule = 'cron(0 5 ? * SUN *)'))).toEqual(planWarning('makes rule daily of plan gold back up less often: a resource may go 7 d 4 h without a new recovery point instead of 28 h'));
    expect(planVerdict((rules) => (rules[0].enable_continuous_backup = false))).toEqual(planWarning('turns continuous backup (point-in-time restore) off for rule daily of plan gold'));
    expect(planVerdict((rules) => (rules[0].target_vault_name = 'scratch'))).toEqual(planWarning('puts the new backups of rule daily of plan gold into vault scratch instead of main (whose lock and access policy protected them)'));
  });

  it('reads a replacement the same way, and rules known only at apply as unchecked', () => {
    expect(planVerdict((rules) => rules.pop(), ['delete', 'create'])).toEqual(planWarning('removes rule monthly of plan gold', `replacing ${PLAN}`));
    expect(planVerdict(() => undefined, ['update'], { rule: [{ target_vault_name: true }, {}] })).toEqual([
      `updating ${PLAN} in place gets rules known only at apply: whether plan gold still backs up as before cannot be checked; if not, ${TAIL}`,
    ]);
  });

  it('says nothing of changes that keep as much: longer retention, more frequent runs, a new copy, the computed archive opt-in', () => {
    expect(planVerdict((rules) => ((rules[0].lifecycle = lifecycle(90)), (rules[1].schedule = 'cron(0 5 ? * SUN *)'), rules[1].copy_action.push({ destination_vault_arn: DR, lifecycle: [] })))).toEqual([]);
    expect(planVerdict(() => undefined, ['update'], { rule: [{ lifecycle: [{ opt_in_to_archive_for_supported_resources: true }] }, {}] })).toEqual([]);
  });
});

describe('alerts and cross-account copies stopped by an update or replacement', () => {
  const NOTIFICATIONS = 'aws_backup_vault_notifications.vault-main_notifications_3C4D5E6F';
  const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts';
  const notifications = (events: string[], topic = TOPIC) => ({ backup_vault_name: 'main', sns_topic_arn: topic, backup_vault_events: events });

  it('warns when vault notifications are replaced with fewer events or another topic', () => {
    const before = notifications(['BACKUP_JOB_FAILED', 'COPY_JOB_FAILED', 'RESTORE_JOB_FAILED']);
    expect(warned(change(NOTIFICATIONS, ['delete', 'create'], before, notifications(['RESTORE_JOB_FAILED'])))).toEqual([
      `replacing ${NOTIFICATIONS} no longer sends BACKUP_JOB_FAILED, COPY_JOB_FAILED of vault main to ${TOPIC}: those events reach no one from then on`,
    ]);
    expect(warned(change(NOTIFICATIONS, ['delete', 'create'], before, notifications(before.backup_vault_events, 'arn:aws:sns:eu-west-1:111122223333:other')))).toEqual([
      `replacing ${NOTIFICATIONS} sends the events of vault main to arn:aws:sns:eu-west-1:111122223333:other instead of ${TOPIC}: the subscribers of ${TOPIC} no longer hear of its failed jobs`,
    ]);
    expect(warned(change(NOTIFICATIONS, ['delete', 'create'], before, notifications([...before.backup_vault_events, 'BACKUP_JOB_EXPIRED'])))).toEqual([]);
  });

  it('warns when an alert rule is disabled, its target moved, an alarm stops notifying or a subscription filters the alerts out', () => {
    const RULE = 'aws_cloudwatch_event_rule.alerts_jobs_1A2B3C4D';
    expect(warned(change(RULE, ['update'], { state: 'ENABLED', is_enabled: true }, { state: 'DISABLED', is_enabled: true }))).toEqual([
      `updating ${RULE} in place disables an EventBridge rule: if it routes AWS Backup events (failed jobs, changes), they reach no one from then on`,
    ]);
    const TARGET = 'aws_cloudwatch_event_target.alerts_jobs-target_5E6F7A8B';
    expect(warned(change(TARGET, ['update'], { arn: TOPIC }, { arn: 'arn:aws:sns:eu-west-1:111122223333:other' }))).toEqual([
      `updating ${TARGET} in place sends the rule's events to arn:aws:sns:eu-west-1:111122223333:other instead of ${TOPIC}: if they are AWS Backup alerts, ${TOPIC} no longer receives them`,
    ]);
    const ALARM = 'aws_cloudwatch_metric_alarm.alerts_failed_9C0D1E2F';
    const alarm = { actions_enabled: true, alarm_actions: [TOPIC] };
    expect(warned(change(ALARM, ['update'], alarm, { ...alarm, actions_enabled: false }))).toEqual([
      `updating ${ALARM} in place turns the alarm's actions off: if it watches backups (failures, silence), no one hears of them from then on`,
    ]);
    expect(warned(change(ALARM, ['update'], alarm, { ...alarm, alarm_actions: [] }))).toEqual([
      `updating ${ALARM} in place no longer notifies ${TOPIC} when the alarm fires: if it watches backups (failures, silence), no one hears of them from then on`,
    ]);
    // A silence alarm fires on missing data (no completed job, no data point): treated otherwise, it never fires when backups stop.
    const SILENCE = 'aws_cloudwatch_metric_alarm.monitoring_silence-main_A13742E6';
    const silence = { ...alarm, namespace: 'AWS/Backup', metric_name: 'NumberOfBackupJobsCompleted', dimensions: { BackupVaultName: 'workload-prod-main' }, period: 3600, evaluation_periods: 29, threshold: 1, comparison_operator: 'LessThanThreshold', treat_missing_data: 'breaching' };
    const NEVER = 'no data point is published while no backup job completes there, so if backups into vault workload-prod-main stop, the alarm never fires';
    expect(warned(change(SILENCE, ['update'], silence, { ...silence, treat_missing_data: 'notBreaching' }))).toEqual([
      `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main treat missing data as notBreaching instead of breaching: ${NEVER}`,
    ]);
    expect(warned(change(SILENCE, ['update'], silence, { ...silence, treat_missing_data: 'missing', alarm_actions: [] }))).toEqual([
      `updating ${SILENCE} in place no longer notifies ${TOPIC} when the alarm fires: if it watches backups (failures, silence), no one hears of them from then on; it makes the silence alarm of vault workload-prod-main treat missing data as missing instead of breaching: ${NEVER}`,
    ]);
    expect(warned(change(SILENCE, ['update'], silence, { ...silence, treat_missing_data: null }, { treat_missing_data: true }))).toEqual([
      `updating ${SILENCE} in place gives the silence alarm of vault workload-prod-main a treat_missing_data known only at apply: unless it is breaching, ${NEVER}`,
    ]);
    // A failure alarm counts missing data as not breaching on purpose (no failed job, no data point); its window changing says nothing here.
    expect(warned(change(ALARM, ['update'], { ...alarm, treat_missing_data: 'notBreaching' }, { ...alarm, treat_missing_data: 'ignore' }))).toEqual([]);
    expect(warned(change(SILENCE, ['update'], silence, { ...silence, evaluation_periods: 30 }))).toEqual([]);
    // The silence alarm on FILL(…, 0) (core/silence-alarm.ts), as a plan gives it: read alike, and going back to the bare metric warned,
    // since CloudWatch then counts a completed job anywhere in its evaluation range and fires hours after its window. The upgrade is no warning.
    const query = (expression: string) => ({ account_id: '', expression, id: expression === '' ? 'completed' : 'filled', label: '', period: null, return_data: expression !== '' });
    const metric = [{ namespace: 'AWS/Backup', metric_name: 'NumberOfBackupJobsCompleted', dimensions: { BackupVaultName: 'workload-prod-main' }, period: 3600, stat: 'Sum', unit: '' }];
    const filled = { ...silence, namespace: null, metric_name: null, dimensions: {}, period: null, metric_query: [{ ...query(''), metric }, { ...query('FILL(completed, 0)'), metric: [] }] };
    expect(warned(change(SILENCE, ['update'], filled, { ...filled, treat_missing_data: 'notBreaching' }))).toEqual([
      `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main treat missing data as notBreaching instead of breaching: ${NEVER}`,
    ]);
    expect(warned(change(SILENCE, ['update'], filled, silence))).toEqual([
      `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main read its metric without FILL(…, 0): CloudWatch then counts a completed job anywhere in its evaluation range, longer than its window, so if backups into vault workload-prod-main stop, it fires only once the last job has left that range, hours after its window`,
    ]);
    expect(warned(change(SILENCE, ['update'], silence, filled))).toEqual([]);
    // Found by the final read: other metric math of the metric (which the report reads as not watched) passed the guard silently.
    const repeat = { ...filled, metric_query: [filled.metric_query[0], { ...query('FILL(completed, REPEAT)'), metric: [] }] };
    for (const before of [filled, silence]) {
      expect(warned(change(SILENCE, ['update'], before, repeat))).toEqual([
        `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main read its metric through metric math backup-estate does not judge (neither the metric nor FILL(…, 0) of it): whether it still fires if backups into vault workload-prod-main stop cannot be checked`,
      ]);
    }
    expect(warned(change(SILENCE, ['update'], filled, { ...filled, evaluation_periods: 30 }))).toEqual([]);
    // What no longer watches the vault's silence: FILL with another value (FILL(…, 1) is never below 1), another vault, another threshold.
    const withExpression = (expression: string) => ({ ...filled, metric_query: [{ ...query(''), metric }, { ...query(expression), metric: [] }] });
    expect(warned(change(SILENCE, ['update'], filled, withExpression('FILL(completed, 1)')))).toEqual([
      `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main read its metric through metric math backup-estate does not judge (neither the metric nor FILL(…, 0) of it): whether it still fires if backups into vault workload-prod-main stop cannot be checked`,
    ]);
    const otherMetric = { ...filled, metric_query: [{ ...query(''), metric: [{ ...metric[0], metric_name: 'NumberOfBackupJobsCreated' }] }, { ...query('FILL(completed, 0)'), metric: [] }] };
    expect(warned(change(SILENCE, ['update'], filled, otherMetric))).toEqual([
      `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main read something other than that vault's completed backup jobs (FILL(…, 0) of them): if backups into vault workload-prod-main stop, it may never fire`,
    ]);
    const otherVault = { ...filled, metric_query: [{ ...query(''), metric: [{ ...metric[0], dimensions: { BackupVaultName: 'workload-prod-archive' } }] }, { ...query('FILL(completed, 0)'), metric: [] }] };
    expect(warned(change(SILENCE, ['update'], filled, otherVault))).toEqual([
      `updating ${SILENCE} in place points the silence alarm of vault workload-prod-main at vault workload-prod-archive: if backups into vault workload-prod-main stop, it does not fire`,
    ]);
    expect(warned(change(SILENCE, ['update'], filled, { ...filled, threshold: 0 }))).toEqual([
      `updating ${SILENCE} in place makes the silence alarm of vault workload-prod-main fire when FILL(…, 0) of its completed jobs is LessThanThreshold 0 instead of LessThanThreshold 1: a period without a completed job (0) is not, so if backups into vault workload-prod-main stop, it never fires`,
    ]);
    // A threshold 0 still breaches is no change to its silence (the report's reading too: core/silence-alarm.ts silenceBreaches).
    expect(warned(change(SILENCE, ['update'], filled, { ...filled, threshold: 0.5 }))).toEqual([]);
    expect(warned(change(SILENCE, ['update'], filled, { ...filled, comparison_operator: 'LessThanOrEqualToThreshold', threshold: 0 }))).toEqual([]);
    expect(warned(change(SILENCE, ['update'], filled, { ...filled, metric_query: null }, { metric_query: true }))).toEqual([
      `updating ${SILENCE} in place gives the silence alarm of vault workload-prod-main a metric or threshold known only at apply: whether it still fires when backups into vault workload-prod-main stop cannot be checked`,
    ]);
    const SUBSCRIPTION = 'aws_sns_topic_subscription.alerts_subscription-ops_7A8B9C0D';
    const subscription = { topic_arn: TOPIC, filter_policy: '', filter_policy_scope: '' };
    expect(warned(change(SUBSCRIPTION, ['update'], subscription, { ...subscription, filter_policy: JSON.stringify({ severity: ['high'] }) }))).toEqual([
      `updating ${SUBSCRIPTION} in place gives the subscription to ${TOPIC} a filter policy that drops the failed job alerts (EventBridge rule messages) and the alarm notifications: if it is the alerts topic, its endpoint hears of them no more`,
    ]);
    expect(warned(change(SUBSCRIPTION, ['update'], subscription, { ...subscription, filter_policy: JSON.stringify({ NewStateValue: ['ALARM'] }), filter_policy_scope: 'MessageBody' }))).toEqual([
      `updating ${SUBSCRIPTION} in place gives the subscription to ${TOPIC} a filter policy that drops the failed job alerts (EventBridge rule messages): if it is the alerts topic, its endpoint hears of them no more`,
    ]);
    expect(warned(change(SUBSCRIPTION, ['delete'], { topic_arn: TOPIC }, {}))).toEqual([
      `deleting ${SUBSCRIPTION} deletes an SNS subscription: if it subscribed to the alerts topic, its endpoint hears of no failure or silence any more`,
    ]);
  });

  it('warns when the alerts topic policy no longer lets AWS Backup, EventBridge or CloudWatch publish, or is deleted', () => {
    const POLICY_ADDRESS = 'aws_sns_topic_policy.alerts_topic-policy_722709C9';
    const account = { accountId: '111122223333', partition: 'aws', region: 'eu-west-1' } as const;
    const policy = alertsTopicPolicy(account, TOPIC, ['arn:aws:events:eu-west-1:111122223333:rule/aws-backup-alerts-backup-jobs']);
    const without = (...sids: string[]) => JSON.stringify({ ...JSON.parse(policy), Statement: JSON.parse(policy).Statement.filter((statement: { Sid: string }) => !sids.includes(statement.Sid)) });
    const edited = (after: unknown, afterUnknown: unknown = {}) => warned(change(POLICY_ADDRESS, ['update'], { arn: TOPIC, policy }, { arn: TOPIC, policy: after }, afterUnknown));
    expect(edited(without('EventBridgeRulesPublish'))).toEqual([
      `updating ${POLICY_ADDRESS} in place no longer lets events.amazonaws.com (EventBridge (the failed job and change alerts)) publish to ${TOPIC}: if it is the alerts topic, what they deliver reaches no one from then on`,
    ]);
    expect(edited(without('AwsBackupPublish', 'CloudWatchAlarmsPublish'))).toEqual([
      `updating ${POLICY_ADDRESS} in place no longer lets backup.amazonaws.com (AWS Backup (the vault notifications)), cloudwatch.amazonaws.com (CloudWatch (the failure and silence alarms)) publish to ${TOPIC}: if it is the alerts topic, what they deliver reaches no one from then on`,
    ]);
    expect(edited(null, { policy: true })).toEqual([
      `updating ${POLICY_ADDRESS} in place gives the topic ${TOPIC} a policy known only at apply: whether it still lets backup.amazonaws.com (AWS Backup (the vault notifications)), events.amazonaws.com (EventBridge (the failed job and change alerts)), cloudwatch.amazonaws.com (CloudWatch (the failure and silence alarms)) publish cannot be checked; if not, and it is the alerts topic, what they deliver reaches no one`,
    ]);
    // SNS's default policy (Principal "*", on a condition of the topic owner) names no AWS service: edited to it, the topic loses all three.
    const snsDefault = { Version: '2008-10-17', Id: '__default_policy_ID', Statement: [{ Sid: '__default_statement_ID', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['SNS:GetTopicAttributes', 'SNS:Subscribe', 'SNS:Publish'], Resource: TOPIC, Condition: { StringEquals: { 'AWS:SourceOwner': '111122223333' } } }] };
    expect(edited(JSON.stringify(snsDefault))).toEqual([
      `updating ${POLICY_ADDRESS} in place no longer lets backup.amazonaws.com (AWS Backup (the vault notifications)), events.amazonaws.com (EventBridge (the failed job and change alerts)), cloudwatch.amazonaws.com (CloudWatch (the failure and silence alarms)) publish to ${TOPIC}: if it is the alerts topic, what they deliver reaches no one from then on`,
    ]);
    // Open to every principal without a condition, it still lets them publish.
    expect(edited(JSON.stringify({ ...snsDefault, Statement: [{ ...snsDefault.Statement[0], Condition: undefined }] }))).toEqual([]);
    // Another rule ARN in the EventBridge statement's condition (a job state added): the services keep their grants.
    expect(edited(alertsTopicPolicy(account, TOPIC, ['arn:aws:events:eu-west-1:111122223333:rule/aws-backup-alerts-copy-jobs']))).toEqual([]);
    expect(warned(change('aws_sns_topic.alerts_topic_3313844B', ['delete'], { arn: TOPIC, name: 'aws-backup-alerts' }, {}))).toEqual([
      'deleting aws_sns_topic.alerts_topic_3313844B deletes an SNS topic: if it is the alerts topic, the failed jobs, silences and changes AWS Backup, EventBridge and CloudWatch deliver to it reach no one',
    ]);
    expect(warned(change(POLICY_ADDRESS, ['delete'], { arn: TOPIC, policy }, {}))).toEqual([
      `deleting ${POLICY_ADDRESS} deletes an SNS topic's policy: SNS's default policy names no AWS service, so if it is the alerts topic's, AWS Backup's vault notifications and EventBridge's failed job alerts, which need the topic policy's grant, no longer reach it`,
    ]);
  });

  it('warns when the alerts topic is encrypted with another key: the AWS managed one no service may use, or one whose policy the guard cannot see', () => {
    const TOPIC_ADDRESS = 'aws_sns_topic.alerts_topic_3313844B';
    const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const topic = (key: unknown) => ({ arn: TOPIC, name: 'aws-backup-alerts', kms_master_key_id: key });
    const rekeyed = (key: unknown, afterUnknown: unknown = {}) => warned(change(TOPIC_ADDRESS, ['update'], topic(KEY_ARN), topic(key), afterUnknown));
    const publishers = 'backup.amazonaws.com (AWS Backup (the vault notifications)), events.amazonaws.com (EventBridge (the failed job and change alerts)), cloudwatch.amazonaws.com (CloudWatch (the failure and silence alarms))';
    const lost = 'what they deliver reaches no one from then on (SNS encrypts what they publish with the topic key, on their behalf)';
    expect(rekeyed('alias/aws/sns')).toEqual([
      `updating ${TOPIC_ADDRESS} in place encrypts the topic ${TOPIC} with the AWS managed key alias/aws/sns instead of ${KEY_ARN}: its key policy cannot be edited to let ${publishers} use it, so if it is the alerts topic, ${lost}`,
    ]);
    expect(rekeyed('arn:aws:kms:eu-west-1:111122223333:alias/aws/sns')[0]).toContain('with the AWS managed key arn:aws:kms:eu-west-1:111122223333:alias/aws/sns instead of');
    expect(rekeyed('alias/other-team')).toEqual([
      `updating ${TOPIC_ADDRESS} in place encrypts the topic ${TOPIC} with alias/other-team instead of ${KEY_ARN}: unless that key's policy lets ${publishers} use it (kms:GenerateDataKey*, kms:Decrypt), if it is the alerts topic, ${lost}`,
    ]);
    expect(rekeyed(null, { kms_master_key_id: true })).toEqual([
      `updating ${TOPIC_ADDRESS} in place encrypts the topic ${TOPIC} with a key known only at apply instead of ${KEY_ARN}: whether its policy lets ${publishers} use it (kms:GenerateDataKey*, kms:Decrypt) cannot be checked; if not, and it is the alerts topic, ${lost}`,
    ]);
    // The same key, or encryption removed (SNS then needs no key grant), stops nothing.
    expect(rekeyed(KEY_ARN)).toEqual([]);
    expect(rekeyed('')).toEqual([]);
    expect(warned(change(TOPIC_ADDRESS, ['update'], topic(KEY_ARN), { ...topic(KEY_ARN), display_name: 'Backup alerts' }))).toEqual([]);
    // Done in the console (SetTopicAttributes KmsMasterKeyId), the refresh finds it: the same warning, as drift.
    const drift = evaluatePlan(plan({ resource_drift: [change(TOPIC_ADDRESS, ['update'], topic(KEY_ARN), topic('alias/aws/sns'))] }), STACK, []);
    expect(drift.warnings.map((finding) => finding.consequence)).toEqual([
      `${TOPIC_ADDRESS} was changed outside Terraform: the change encrypts the topic ${TOPIC} with the AWS managed key alias/aws/sns instead of ${KEY_ARN}: its key policy cannot be edited to let ${publishers} use it, so if it is the alerts topic, ${lost}`,
    ]);
  });

  it('warns when the permission that lets the alerts topic invoke a subscribed Lambda function is deleted, or replaced with one that no longer does', () => {
    const PERMISSION = 'aws_lambda_permission.alerts_lambda-permission-ops_5E6F7A8B';
    const FUNCTION = 'arn:aws:lambda:eu-west-1:111122223333:function:notify';
    const permission = { action: 'lambda:InvokeFunction', function_name: FUNCTION, qualifier: null, principal: 'sns.amazonaws.com', source_arn: TOPIC };
    const tail = 'if it is the alerts topic, the subscribed function hears of no failure or silence any more (its subscription stays and looks wired)';
    expect(warned(change(PERMISSION, ['delete'], permission, {}))).toEqual([
      `deleting ${PERMISSION} deletes a Lambda permission: if it let the alerts topic (sns.amazonaws.com) invoke a subscribed function, SNS can no longer invoke it, so that function hears of no failure or silence any more (its subscription stays and looks wired)`,
    ]);
    const other = 'arn:aws:sns:eu-west-1:111122223333:other-topic';
    expect(warned(change(PERMISSION, ['delete', 'create'], permission, { ...permission, source_arn: other }))).toEqual([
      `replacing ${PERMISSION} no longer lets ${TOPIC} invoke ${FUNCTION} (its source_arn changed): ${tail}`,
    ]);
    expect(warned(change(PERMISSION, ['create', 'delete'], permission, { ...permission, qualifier: 'live', source_arn: null }, { source_arn: true }))).toEqual([
      `replacing ${PERMISSION} gives the permission that lets ${TOPIC} invoke ${FUNCTION} a source_arn known only at apply: whether SNS may still invoke it cannot be checked; if not, and ${tail}`,
    ]);
    // The same grant (a replacement Terraform forces for another reason), or a permission of another principal, stops no alert.
    expect(warned(change(PERMISSION, ['delete', 'create'], permission, { ...permission }))).toEqual([]);
    expect(warned(change(PERMISSION, ['delete', 'create'], { ...permission, principal: 'events.amazonaws.com' }, { ...permission, principal: 'events.amazonaws.com', source_arn: other }))).toEqual([]);
  });

  it('warns when the alerts topic key no longer lets AWS Backup, EventBridge or CloudWatch use it, and says nothing of a vault key', () => {
    const KEY_ADDRESS = 'aws_kms_key.alerts_key_FC9ECF44';
    const KEY_ARN = 'arn:aws:kms:eu-west-1:111122223333:key/1234abcd-12ab-34cd-56ef-1234567890ab';
    const policy = alertsKeyPolicy({ accountId: '111122223333', partition: 'aws', region: 'eu-west-1' }, 'aws-backup-alerts');
    const key = (keyPolicy: unknown) => ({ arn: KEY_ARN, policy: keyPolicy, is_enabled: true, enable_key_rotation: true, deletion_window_in_days: 30 });
    const without = (sid: string) => JSON.stringify({ ...JSON.parse(policy), Statement: JSON.parse(policy).Statement.filter((statement: { Sid: string }) => statement.Sid !== sid) });
    expect(warned(change(KEY_ADDRESS, ['update'], key(policy), key(without('EventBridgePublish'))))).toEqual([
      `updating ${KEY_ADDRESS} in place no longer lets events.amazonaws.com (EventBridge (the failed job and change alerts)) use the key ${KEY_ARN} (kms:GenerateDataKey, kms:Decrypt) to publish to the topic it encrypts: if it encrypts the alerts topic, what they deliver reaches no one from then on`,
    ]);
    const vaultKey = JSON.stringify({ Version: '2012-10-17', Statement: [{ Sid: 'Org', Effect: 'Allow', Principal: { AWS: '*' }, Action: ['kms:Decrypt', 'kms:GenerateDataKey*'], Resource: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } }] });
    expect(warned(change(KEY_ADDRESS, ['update'], key(vaultKey), key(JSON.stringify({ Version: '2012-10-17', Statement: [] }))))).toEqual([]);
  });

  it('warns when an alert rule moves off the default event bus (replaced: event_bus_name forces it), where AWS Backup sends its events', () => {
    const RULE = 'aws_cloudwatch_event_rule.alerts_jobs_1A2B3C4D';
    const PATTERN = JSON.stringify({ detail: { state: ['FAILED', 'ABORTED', 'EXPIRED'] }, 'detail-type': ['Backup Job State Change'], source: ['aws.backup'] });
    // Shapes of a terraform 1.11.4 plan with hashicorp/aws 5.100.0 (the state reads the default bus as "default").
    const rule = { arn: 'arn:aws:events:eu-west-1:111122223333:rule/backup-failed', event_bus_name: 'default', event_pattern: PATTERN, is_enabled: null, name: 'backup-failed', state: null };
    const moved = (bus: unknown, afterUnknown: Record<string, unknown> = {}) => warned(change(RULE, ['delete', 'create'], rule, { ...rule, arn: undefined, event_bus_name: bus }, { arn: true, id: true, tags_all: true, ...afterUnknown }));
    const TAIL = 'AWS services, AWS Backup among them, send their events to the default event bus only, so if it routes AWS Backup events (failed jobs, changes), they reach no one from then on';
    expect(moved('custom-bus')).toEqual([`replacing ${RULE} moves an EventBridge rule from the default event bus to custom-bus: ${TAIL}`]);
    expect(moved(null, { event_bus_name: true })).toEqual([`replacing ${RULE} moves an EventBridge rule to an event bus known only at apply: if it is not the default one, ${TAIL}`]);
    expect(moved(null)).toEqual([]);
    expect(moved('arn:aws:events:eu-west-1:111122223333:event-bus/default')).toEqual([]);
  });

  it('warns, without blocking, when cross-account backup is turned off for the organization', () => {
    const SETTINGS = 'aws_backup_global_settings.global-settings';
    expect(warned(change(SETTINGS, ['update'], { global_settings: { isCrossAccountBackupEnabled: 'true' } }, { global_settings: { isCrossAccountBackupEnabled: 'false' } }))).toEqual([
      `updating ${SETTINGS} in place turns cross-account backup off (isCrossAccountBackupEnabled false): every copy job of the organization into another account fails from then on (the copies made until then stay)`,
    ]);
    expect(warned(change(SETTINGS, ['update'], { global_settings: { isCrossAccountBackupEnabled: 'false' } }, { global_settings: { isCrossAccountBackupEnabled: 'true' } }))).toEqual([]);
  });
});

describe('values Terraform knows, read alike by every check (one unknownAfter)', () => {
  it('blocks no Region settings update whose preferences are known ({} in after_unknown), and still blocks one known only at apply', () => {
    const settings = 'aws_backup_region_settings.region-settings_settings_1A2B3C4D';
    const before = { resource_type_opt_in_preference: { EBS: true, EC2: true }, resource_type_management_preference: { DynamoDB: true } };
    const after = { ...before, resource_type_opt_in_preference: { EBS: true, EC2: true, EFS: true } };
    expect(warned(change(settings, ['update'], before, after, { resource_type_opt_in_preference: {}, resource_type_management_preference: {} }))).toEqual([]);
    const result = evaluatePlan(plan({ resource_changes: [change(settings, ['update'], before, after, { resource_type_opt_in_preference: { EFS: true } })] }), STACK, []);
    expect(result.violations.map((finding) => finding.consequence)).toEqual([`updating ${settings} in place gets Region settings known only at apply: whether a resource type is opted out cannot be checked before`]);
  });
});
