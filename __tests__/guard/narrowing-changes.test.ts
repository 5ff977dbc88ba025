/**
 * Replacements and edits that narrow backups or alerts without deleting anything: a selection
 * replaced with narrower criteria, an alert rule's event pattern edited so that it no longer matches
 * failed jobs, a subscription replaced (the new one pending confirmation), and the same done outside
 * Terraform (resource_drift). Hand-made plans shaped as hashicorp/aws 5.100.0 plans them.
 */
import { evaluatePlan } from '../../guard/guard';
import { guardMarkdown } from '../../guard/markdown';
import { ALERTED_EVENTS } from '../../core/backup-events';
import { patternMatches } from '../../core/event-pattern-match';
import { ALERT_JOB_STATES } from '../../core/limits';
import { backupChangeEventPattern, JOB_TYPES, jobStateEventPattern } from '../../modules/backup-alerts-policies';
import { change, plan, STACK, warned } from './plans';

const REPLACE = ['delete', 'create'];
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts';

describe('an aws_backup_selection replaced (every change of it is a replacement)', () => {
  const SELECTION = 'aws_backup_selection.plan-gold_selection_1A2B3C4D';
  const tag = (key: string, value: string) => ({ type: 'STRINGEQUALS', key, value });
  const VOLUMES = 'arn:aws:ec2:eu-west-1:111122223333:volume/*';
  const TABLE = 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders';
  const selection = (fields: Record<string, unknown>) => ({ name: 'gold', plan_id: 'p-1', iam_role_arn: 'arn:aws:iam::111122223333:role/aws-backup-service-role', selection_tag: [], resources: [], not_resources: [], condition: [], ...fields });
  // What hashicorp/aws 5.100.0 plans when the configuration sets no condition or not_resources (Optional and Computed).
  const COMPUTED = { condition: true, not_resources: true, selection_tag: [{}], resources: [false] };
  const replaced = (before: Record<string, unknown>, after: Record<string, unknown>, afterUnknown: unknown = COMPUTED) => warned(change(SELECTION, REPLACE, selection(before), selection(after), afterUnknown));
  const TAIL = 'what it no longer selects gets no new recovery point from plan p-1';
  const narrower = (what: string) => [`replacing ${SELECTION} makes backup selection gold select less (it ${what}): ${TAIL}`];
  const equals = (key: string, value: string) => [{ string_equals: [{ key: `aws:ResourceTag/${key}`, value }], string_like: [], string_not_equals: [], string_not_like: [] }];
  const like = (key: string, value: string) => [{ string_equals: [], string_like: [{ key: `aws:ResourceTag/${key}`, value }], string_not_equals: [], string_not_like: [] }];

  it('warns, naming what it no longer takes: a tag, a resource, an exclusion, a condition, or everything', () => {
    expect(replaced({ selection_tag: [tag('backup', 'daily'), tag('backup', 'gold')] }, { selection_tag: [tag('backup', 'gold')] })).toEqual(narrower('no longer takes resources tagged backup=daily'));
    expect(replaced({ resources: [VOLUMES, TABLE] }, { resources: [TABLE] })).toEqual(narrower(`no longer takes ${VOLUMES}`));
    // A pattern of part of a type is left to the Region's opt-in (AWS documents the bypass for a whole type only): this plan holds no Region settings.
    expect(replaced({ resources: [VOLUMES] }, { resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a*'] })).toEqual([
      `${narrower(`no longer takes ${VOLUMES}`)[0]}; it makes backup selection gold take EBS resources only through the Region's opt-in (by tags, "*", an ARN of the service only, of part of a type or of a shared shape), where it took them whatever the opt-in; this plan holds no aws_backup_region_settings, so the account's own opt-ins decide and the plan does not show them: if they opt EBS out, plan p-1 makes no new recovery point of them from then on, with no job and no failure`,
    ]);
    expect(replaced({ resources: ['*'] }, { resources: ['*'], not_resources: [VOLUMES] }, { condition: true })).toEqual(narrower(`now excludes ${VOLUMES}`));
    expect(replaced({ resources: ['*'], condition: like('env', 'prod*') }, { resources: ['*'], condition: equals('env', 'prod-eu') }, { not_resources: true })).toEqual(narrower('now also requires stringEquals env=prod-eu'));
    expect(replaced({ selection_tag: [tag('backup', 'gold')] }, { selection_tag: [tag('backup', 'gold')], condition: equals('backup', 'silver') }, { not_resources: true })).toEqual([
      `replacing ${SELECTION} makes backup selection gold select less (it selects nothing any more: no resource a selection tag takes can meet the conditions: tag "backup" = "gold" fails StringEquals "silver"): ${TAIL}`,
    ]);
    expect(replaced({ resources: [VOLUMES] }, { resources: [VOLUMES], not_resources: [VOLUMES] }, { condition: true })).toEqual(narrower('selects nothing any more: notResources excludes every listed resource'));
  });

  it('says nothing of a replacement that selects as much or more: a tag or resource added, a wider pattern, a condition relaxed, an exclusion that meets nothing it takes', () => {
    expect(replaced({ selection_tag: [tag('backup', 'gold')] }, { selection_tag: [tag('backup', 'gold'), tag('backup', 'daily')], resources: [TABLE] })).toEqual([]);
    expect(replaced({ resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0a*'] }, { resources: [VOLUMES] })).toEqual([]);
    expect(replaced({ resources: ['*'], condition: equals('env', 'prod-eu') }, { resources: ['*'], condition: like('env', 'prod*') }, { not_resources: true })).toEqual([]);
    expect(replaced({ resources: [VOLUMES] }, { resources: [VOLUMES], not_resources: [TABLE] }, { condition: true })).toEqual([]);
    expect(replaced({ selection_tag: [tag('backup', 'gold')] }, { selection_tag: [tag('backup', 'gold')] }, { ...COMPUTED, plan_id: true })).toEqual([]);
    // The same resources written the other way, in both directions (found by the review of the guard changes).
    expect(replaced({ selection_tag: [tag('backup', 'daily')] }, { resources: ['*'], condition: equals('backup', 'daily') }, { not_resources: true })).toEqual([]);
    expect(replaced({ resources: ['*'], condition: equals('backup', 'daily') }, { selection_tag: [tag('backup', 'daily')] }, { not_resources: true })).toEqual([]);
  });

  it('reads a selection tag key in the condition-key form (aws:ResourceTag/k) as taking no more than the bare key k: no loss when the bare key replaces it, a loss the other way', () => {
    expect(replaced({ selection_tag: [tag('aws:ResourceTag/backup', 'daily')] }, { selection_tag: [tag('backup', 'daily')] })).toEqual([]);
    expect(replaced({ selection_tag: [tag('aws:ResourceTag/backup', 'daily')] }, { resources: ['*'], condition: equals('backup', 'daily') }, { not_resources: true })).toEqual([]);
    expect(replaced({ selection_tag: [tag('backup', 'daily')] }, { selection_tag: [tag('aws:ResourceTag/backup', 'daily')] })).toEqual(narrower('no longer takes resources tagged backup=daily'));
  });

  it('reads a condition key without aws:ResourceTag/ (env) as taking no more than aws:ResourceTag/env and nothing certain when negated: a loss when it replaces the prefixed key, none the other way for stringEquals', () => {
    const condition = (field: string, key: string, value: string) => [{ string_equals: [], string_like: [], string_not_equals: [], string_not_like: [], [field]: [{ key, value }] }];
    const all = (field: string, key: string, value: string) => ({ resources: ['*'], condition: condition(field, key, value) });
    expect(replaced(all('string_equals', 'aws:ResourceTag/env', 'prod'), all('string_equals', 'env', 'prod'), { not_resources: true })).toEqual(
      narrower('now also requires stringEquals env=prod on condition key "env", which has no aws:ResourceTag/ prefix and may match no resource'),
    );
    expect(replaced(all('string_equals', 'env', 'prod'), all('string_equals', 'aws:ResourceTag/env', 'prod'), { not_resources: true })).toEqual([]);
    expect(replaced(all('string_equals', 'env', 'prod'), all('string_equals', 'env', 'prod'), { not_resources: true, plan_id: true })).toEqual([]);
    // AWS may read a negated condition on an absent key as met by every resource (as IAM does): the prefixed one may then take less.
    expect(replaced(all('string_not_equals', 'env', 'dev'), all('string_not_equals', 'aws:ResourceTag/env', 'dev'), { not_resources: true })).toEqual(narrower('now also requires stringNotEquals env=dev'));
  });

  it('reads the aws:ResourceTag/ prefix in another case as a key without it: a loss when it replaces the prefixed key, none when it is corrected', () => {
    const all = (key: string) => ({ resources: ['*'], condition: [{ string_equals: [{ key, value: 'prod' }], string_like: [], string_not_equals: [], string_not_like: [] }] });
    expect(replaced(all('aws:ResourceTag/env'), all('aws:resourcetag/env'), { not_resources: true })).toEqual(
      narrower('now also requires stringEquals aws:resourcetag/env=prod on condition key "aws:resourcetag/env", which writes the aws:ResourceTag/ prefix in another case (aws:resourcetag/) and may match no resource'),
    );
    // Corrected: the old one took what aws:ResourceTag/env takes, or nothing (it was read as another tag key, and the fix as a loss).
    expect(replaced(all('aws:resourcetag/env'), all('aws:ResourceTag/env'), { not_resources: true })).toEqual([]);
  });

  it('says what is unchecked (criteria known only at apply) and when it moves to another plan', () => {
    expect(replaced({ resources: [VOLUMES] }, { resources: [VOLUMES, null] }, { condition: true, not_resources: true, resources: [false, true] })).toEqual([
      `replacing ${SELECTION} gives backup selection gold criteria known only at apply: whether it still selects what it did cannot be checked; what it no longer selects would get no new recovery point from plan p-1`,
    ]);
    expect(replaced({ resources: [VOLUMES] }, { resources: [VOLUMES], plan_id: 'p-2' })).toEqual([`replacing ${SELECTION} moves backup selection gold from plan p-1 to plan p-2: what it selects is backed up by the rules of plan p-2 instead`]);
  });
});

describe('an aws_backup_selection whose condition or not_resources is planned wholly unknown, and one given another role', () => {
  // Shapes of a terraform 1.11.4 plan with hashicorp/aws 5.100.0: "*" with a condition, replaced.
  const SELECTION = 'aws_backup_selection.plan-gold_selection_1A2B3C4D';
  const ROLE = 'arn:aws:iam::111122223333:role/aws-backup-service-role';
  const CONDITION = [{ string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], string_like: [], string_not_equals: [], string_not_like: [] }];
  const before = { condition: CONDITION, iam_role_arn: ROLE, id: 'sel-1', name: 'gold', not_resources: [], plan_id: 'p-1', resources: ['*'], selection_tag: [] };
  const after = { condition: CONDITION, iam_role_arn: ROLE, name: 'gold', plan_id: 'p-1', resources: ['*'], selection_tag: [] };
  // The provider plans not_resources unknown whether the configuration leaves it out, sets [] or sets it from a reference.
  const AFTER_UNKNOWN = { condition: [{ string_equals: [{}], string_like: [], string_not_equals: [], string_not_like: [] }], id: true, not_resources: true, resources: [false], selection_tag: [] };
  const replaced = (fields: Record<string, unknown>, expressions: Record<string, unknown>, afterUnknown: unknown = AFTER_UNKNOWN) => warned(change(SELECTION, ['delete', 'create'], before, { ...after, ...fields }, afterUnknown), expressions);
  const UNCHECKED = `replacing ${SELECTION} gives backup selection gold criteria known only at apply: whether it still selects what it did cannot be checked; what it no longer selects would get no new recovery point from plan p-1`;
  const FAILS = 'if it does not trust backup.amazonaws.com or lacks the permissions AWS Backup needs for what the selection takes (AWSBackupServiceRolePolicyForBackup, ...ForS3Backup), every backup job of the selection fails from then on';

  it('says a not_resources set from a reference is known only at apply, not none', () => {
    expect(replaced({}, { not_resources: { references: ['aws_sns_topic.t.arn', 'aws_sns_topic.t'] } })).toEqual([UNCHECKED]);
    // A plan without the configuration of that block cannot tell a reference from an argument left out.
    const entry = change(SELECTION, ['delete', 'create'], before, after, AFTER_UNKNOWN);
    expect(evaluatePlan(plan({ resource_changes: [entry] }), STACK, []).warnings.map((finding) => finding.consequence)).toEqual([UNCHECKED]);
  });

  it('reads not_resources left out or set to a constant as what the configuration says, and an unset condition as none', () => {
    expect(replaced({ plan_id: 'p-2' }, {})).toEqual([`replacing ${SELECTION} moves backup selection gold from plan p-1 to plan p-2: what it selects is backed up by the rules of plan p-2 instead`]);
    expect(replaced({ plan_id: 'p-2' }, { not_resources: { constant_value: [] } })).toEqual([`replacing ${SELECTION} moves backup selection gold from plan p-1 to plan p-2: what it selects is backed up by the rules of plan p-2 instead`]);
    const tagged = { condition: [], resources: null, selection_tag: [{ key: 'backup', type: 'STRINGEQUALS', value: 'daily' }] };
    expect(warned(change(SELECTION, ['delete', 'create'], { ...before, ...tagged }, { ...after, ...tagged, plan_id: 'p-2' }, { condition: true, id: true, not_resources: true, selection_tag: [{}] }))).toEqual([
      `replacing ${SELECTION} moves backup selection gold from plan p-1 to plan p-2: what it selects is backed up by the rules of plan p-2 instead`,
    ]);
  });

  it('warns when the selection gets another role (or one known only at apply): every job of it may fail', () => {
    const other = 'arn:aws:iam::111122223333:role/some-app-role';
    expect(replaced({ iam_role_arn: other }, {})).toEqual([`replacing ${SELECTION} has AWS Backup assume ${other} instead of ${ROLE} for backup selection gold: ${FAILS}`]);
    expect(replaced({ iam_role_arn: undefined }, { iam_role_arn: { references: ['aws_iam_role.r2.arn', 'aws_iam_role.r2'] } }, { ...AFTER_UNKNOWN, iam_role_arn: true })).toEqual([
      `replacing ${SELECTION} has AWS Backup assume a role known only at apply instead of ${ROLE} for backup selection gold: ${FAILS}`,
    ]);
    const drift = evaluatePlan(plan({ resource_drift: [change(SELECTION, ['update'], before, { ...before, iam_role_arn: other })] }), STACK, []);
    expect(drift.warnings.map((finding) => finding.consequence)).toEqual([`${SELECTION} was changed outside Terraform: the change has AWS Backup assume ${other} instead of ${ROLE} for backup selection gold: ${FAILS}`]);
  });
});

describe('an EventBridge rule whose event pattern is edited in place', () => {
  const RULE = 'aws_cloudwatch_event_rule.alerts_rule-backup_1A2B3C4D';
  const MODULE_PATTERN = jobStateEventPattern('backup', [...ALERT_JOB_STATES]) as string;
  const edited = (before: unknown, after: unknown, afterUnknown: unknown = {}) =>
    warned(change(RULE, ['update'], { state: 'ENABLED', event_pattern: typeof before === 'string' ? before : JSON.stringify(before) }, { state: 'ENABLED', event_pattern: typeof after === 'string' ? after : JSON.stringify(after) }, afterUnknown));
  const backupJobs = (detail: unknown, extra: Record<string, unknown> = {}) => ({ source: ['aws.backup'], 'detail-type': ['Backup Job State Change'], detail, ...extra });
  const TAIL = 'if the rule routes AWS Backup alerts, they reach none of its targets (the alerts topic) from then on';

  it('reads the patterns the alerts write as matching every event it routes (one reading for both)', () => {
    const jobEvents = ALERTED_EVENTS.filter((alerted) => alerted.group.endsWith(' jobs'));
    for (const alerted of jobEvents) {
      const jobType = alerted.group.split(' ')[0] as (typeof JOB_TYPES)[number];
      expect([alerted.group, alerted.state, patternMatches(JSON.parse(jobStateEventPattern(jobType, [...ALERT_JOB_STATES]) as string), alerted.event)]).toEqual([alerted.group, alerted.state, 'yes']);
    }
    for (const alerted of ALERTED_EVENTS.filter((entry) => !jobEvents.includes(entry))) expect(patternMatches(JSON.parse(backupChangeEventPattern()), alerted.event)).toBe('yes');
  });

  it('warns when the new pattern drops a state, a job type or the completed-with-issues branch, or cannot be read', () => {
    expect(edited(MODULE_PATTERN, backupJobs({ state: ['FAILED'] }))).toEqual([`updating ${RULE} in place edits the event pattern of an EventBridge rule so that it no longer matches backup jobs ABORTED, EXPIRED, PARTIAL, COMPLETED_WITH_ISSUES: ${TAIL}`]);
    // A composite backup job (a CloudFormation stack's) some of whose nested jobs failed ends PARTIAL (BackupJobState).
    expect(edited(MODULE_PATTERN, jobStateEventPattern('backup', ALERT_JOB_STATES.filter((state) => state !== 'PARTIAL')))).toEqual([
      `updating ${RULE} in place edits the event pattern of an EventBridge rule so that it no longer matches backup jobs PARTIAL: ${TAIL}`,
    ]);
    expect(edited(backupJobs({ state: ['FAILED'] }), { ...backupJobs({ state: ['FAILED'] }), 'detail-type': ['Copy Job State Change'] })).toEqual([
      `updating ${RULE} in place edits the event pattern of an EventBridge rule so that it no longer matches backup jobs FAILED: ${TAIL}`,
    ]);
    expect(edited(backupJobs({ state: ['FAILED'] }), backupJobs({ state: ['FAILED'] }, { account: ['444455556666'] }))).toEqual([
      `updating ${RULE} in place edits the event pattern of an EventBridge rule so that it matches backup jobs FAILED only if fields or matchers this guard does not read allow it (cannot be checked): if the rule routes AWS Backup alerts and those fields do not allow them, they reach none of its targets (the alerts topic) from then on`,
    ]);
    expect(edited(backupJobs({ state: ['FAILED'] }), '{"source": [')).toEqual([
      `updating ${RULE} in place gives an EventBridge rule an event pattern that is not JSON this guard can read: whether it still matches the AWS Backup events it matched (backup jobs FAILED) cannot be checked; if not, they reach none of its targets (the alerts topic) from then on`,
    ]);
    expect(edited(backupJobs({ state: ['FAILED'] }), null, { event_pattern: true })).toEqual([
      `updating ${RULE} in place gives an EventBridge rule an event pattern known only at apply: whether it still matches the AWS Backup events it matched (backup jobs FAILED) cannot be checked; if not, they reach none of its targets (the alerts topic) from then on`,
    ]);
  });

  it('warns when the change rule stops matching continuous backups that stopped (Recovery Point State Change, detail.status STOPPED)', () => {
    const changes = JSON.parse(backupChangeEventPattern()) as { $or: { 'detail-type': string[] }[] };
    const withoutStopped = { ...changes, $or: changes.$or.filter((branch) => branch['detail-type'][0] !== 'Recovery Point State Change') };
    expect(edited(changes, withoutStopped)).toEqual([`updating ${RULE} in place edits the event pattern of an EventBridge rule so that it no longer matches Recovery Point State Change STOPPED: ${TAIL}`]);
  });

  it('says nothing of a pattern that matches as much or more, nor of a rule that matched no AWS Backup event', () => {
    expect(edited(backupJobs({ state: ['FAILED'] }), backupJobs({ state: [{ 'anything-but': ['COMPLETED', 'RUNNING'] }] }))).toEqual([]);
    expect(edited(backupJobs({ state: ['FAILED'] }), { source: ['aws.backup'], 'detail-type': [{ suffix: 'Job State Change' }] })).toEqual([]);
    expect(edited({ source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'] }, { source: ['aws.ec2'] })).toEqual([]);
  });
});

describe('an SNS subscription replaced (a new topic, protocol or endpoint)', () => {
  const SUBSCRIPTION = 'aws_sns_topic_subscription.alerts_subscription-ops_7A8B9C0D';
  const QUEUE = 'arn:aws:sqs:eu-west-1:111122223333:backup-alerts';
  const subscription = (fields: Record<string, unknown>) => ({ topic_arn: TOPIC, protocol: 'email', endpoint: 'ops@example.com', endpoint_auto_confirms: false, filter_policy: '', ...fields });
  const replaced = (before: Record<string, unknown>, after: Record<string, unknown>) => warned(change(SUBSCRIPTION, REPLACE, subscription(before), subscription(after), { arn: true, id: true }));
  const pending = (endpoint: string) => `subscribes ${endpoint} anew: SNS holds the new subscription pending confirmation and delivers nothing to it until the endpoint's owner confirms it (the confirmation SNS sends, valid three days); until then, if it is the alerts topic, no alert reaches it`;

  it('warns that an email or https subscription is pending confirmation, naming the endpoint, and that the old endpoint hears nothing more', () => {
    expect(replaced({}, { endpoint: 'oncall@example.com' })).toEqual([
      `replacing ${SUBSCRIPTION} delivers to oncall@example.com instead of ops@example.com: if ${TOPIC} is the alerts topic, ops@example.com hears of no failure or silence any more; it ${pending('oncall@example.com (email)')}`,
    ]);
    expect(replaced({ protocol: 'sqs', endpoint: QUEUE }, { protocol: 'https', endpoint: 'https://hooks.example.com/backup' })).toEqual([
      `replacing ${SUBSCRIPTION} delivers to https://hooks.example.com/backup instead of ${QUEUE}: if ${TOPIC} is the alerts topic, ${QUEUE} hears of no failure or silence any more; it ${pending('https://hooks.example.com/backup (https)')}`,
    ]);
    expect(replaced({ protocol: 'sqs', endpoint: QUEUE }, { protocol: 'sqs', endpoint: QUEUE.replace('111122223333', '444455556666') })[0]).toContain(pending(`${QUEUE.replace('111122223333', '444455556666')} (sqs)`));
  });

  it('says nothing of a replacement to the same endpoint that needs no confirmation (a queue of the topic account, sms, an https endpoint that confirms itself)', () => {
    expect(replaced({ protocol: 'sqs', endpoint: QUEUE }, { protocol: 'sqs', endpoint: QUEUE })).toEqual([]);
    expect(replaced({ protocol: 'sms', endpoint: '+15550100' }, { protocol: 'sms', endpoint: '+15550100' })).toEqual([]);
    expect(replaced({ protocol: 'https', endpoint: 'https://events.pagerduty.com/x' }, { protocol: 'https', endpoint: 'https://events.pagerduty.com/x', endpoint_auto_confirms: true })).toEqual([]);
  });
});

describe('the same narrowing done outside Terraform (resource_drift)', () => {
  const RULE = 'aws_cloudwatch_event_rule.alerts_rule-backup_1A2B3C4D';
  const pattern = (states: string[]) => JSON.stringify({ source: ['aws.backup'], 'detail-type': ['Backup Job State Change'], detail: { state: states } });
  const drift = [
    change(RULE, ['update'], { state: 'ENABLED', event_pattern: pattern(['FAILED', 'ABORTED']) }, { state: 'ENABLED', event_pattern: pattern(['FAILED']) }),
    change('aws_backup_selection.plan-gold_selection_1A2B3C4D', ['delete'], { name: 'gold', plan_id: 'p-1' }, {}),
  ];

  it('warns as for a plan that did it, and the summary says what happened outside Terraform', () => {
    const result = evaluatePlan(plan({ resource_drift: drift }), STACK, []);
    expect(result.warnings.map((finding) => [finding.kind, finding.drift, finding.consequence])).toEqual([
      ['weaken', true, `${RULE} was changed outside Terraform: the change edits the event pattern of an EventBridge rule so that it no longer matches backup jobs ABORTED: if the rule routes AWS Backup alerts, they reach none of its targets (the alerts topic) from then on`],
      ['delete', true, 'aws_backup_selection.plan-gold_selection_1A2B3C4D was deleted outside Terraform, which deletes a backup selection: what it selected is no longer backed up by its plan'],
    ]);
    expect(guardMarkdown([result])).toContain("Outside Terraform, backups, copies or their alerts were stopped or narrowed (the plans' `resource_drift`): see the warnings.");
  });
});

describe('values Terraform knows (after_unknown [false], [] or {})', () => {
  it('are not read as known only at apply: an alarm updated with its actions unchanged passes without a word', () => {
    const ALARM = 'aws_cloudwatch_metric_alarm.alerts_failed_9C0D1E2F';
    const alarm = { actions_enabled: true, alarm_actions: [TOPIC], threshold: 1 };
    expect(warned(change(ALARM, ['update'], alarm, { ...alarm, threshold: 2 }, { alarm_actions: [false], tags_all: {} }))).toEqual([]);
  });
});
