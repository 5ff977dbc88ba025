/**
 * Updates in place (and replacements) that lose no recovery point but stop backups, copies or their
 * alerts from then on, as deleting the same resource does (STOPS_BACKUPS, guard/consequences.ts):
 * a backup plan or backup policy that backs up less (guard/backup-plan-changes.ts), vault
 * notifications replaced with fewer events or another topic, a selection replaced with one that
 * selects less (core/selection-narrowing.ts) or given another role, an EventBridge rule disabled,
 * moved off the default event bus, its event pattern edited so that it no longer matches AWS Backup
 * events (guard/event-rule-pattern.ts) or its target moved, a
 * CloudWatch alarm whose actions are turned off or removed, an SNS topic policy (or its key's) that no longer lets AWS Backup,
 * EventBridge or CloudWatch publish, an SNS topic encrypted with another key (the AWS managed one, which they may not use), the
 * permission that lets the topic invoke a subscribed Lambda function replaced with one that no longer does, a silence alarm that no longer treats missing data as breaching, an SNS subscription whose filter policy
 * now drops the alert messages (by the config checks' evaluator) or that is replaced (its old
 * endpoint left, the new one pending confirmation), cross-account backup turned off for the
 * organization, and a restore testing plan or selection that tests less (guard/restore-testing-changes.ts). A config change may mean each of them, so they are warnings the
 * guard's summary names, not blocks. A value Terraform knows only at apply is said to be unchecked.
 */
import { isRecord, listOf } from '../core/order';
import { actionMatches, isWildcardPrincipal, parsePolicy } from '../compliance/rules/helpers';
import { mayReceive, subscriptionFilterOf, type AlertMessage } from '../core/alert-filter-match';
import { arnRegionAndAccount } from '../core/arn';
import { evaluateSelection, selectionSpecOfTerraform, type SelectionSpec } from '../core/selection';
import { selectionNarrowing } from '../core/selection-narrowing';
import { typesBackedUp, typesToOptIn } from '../core/selection-reach';
import { readSilenceAlarm, silenceMetricVault } from '../core/silence-alarm';
import { backupPlanChange, backupPolicyChange } from './backup-plan-changes';
import { eventPatternChange } from './event-rule-pattern';
import { restoreTestingPlanChange, restoreTestingSelectionChange } from './restore-testing-changes';
import { OPT_IN_SELECTORS, partlyUnknown, policyText, unknownAfter } from './weakening';

type Values = Readonly<Record<string, unknown>>;

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** aws_backup_vault_notifications: every argument forces a replacement (hashicorp/aws 5.100.0 has no update), read before against after. */
function vaultNotifications(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const vault = `vault ${String(before.backup_vault_name ?? '')}`;
  const topic = String(before.sns_topic_arn ?? '');
  if (unknownAfter(afterUnknown, 'sns_topic_arn')) return `sends the events of ${vault} to a topic known only at apply instead of ${topic}: if it is not the alerts topic, their subscribers no longer hear of failed jobs`;
  if (after.sns_topic_arn !== before.sns_topic_arn) return `sends the events of ${vault} to ${String(after.sns_topic_arn)} instead of ${topic}: the subscribers of ${topic} no longer hear of its failed jobs`;
  if (unknownAfter(afterUnknown, 'backup_vault_events') && !Array.isArray(after.backup_vault_events)) return `sends events of ${vault} known only at apply: whether it still sends ${strings(before.backup_vault_events).join(', ')} cannot be checked`;
  const now = strings(after.backup_vault_events);
  const lost = strings(before.backup_vault_events).filter((event) => !now.includes(event)).sort();
  return lost.length === 0 ? undefined : `no longer sends ${lost.join(', ')} of ${vault} to ${topic}: those events reach no one from then on`;
}

/** Whether an EventBridge rule's values say it is disabled (state; is_enabled, deprecated, where no state is given). */
const disabled = (values: Values): boolean => (typeof values.state === 'string' && values.state !== '' ? values.state === 'DISABLED' : values.is_enabled === false);

/** Whether an event_bus_name (a name or an ARN; left out: the default bus) is the account's default event bus. */
const defaultBus = (name: unknown): boolean => name === undefined || name === null || name === '' || name === 'default' || (typeof name === 'string' && /:event-bus\/default$/.test(name));

/** AWS services, AWS Backup among them, send their events to the account's default event bus only (EventBridge API reference, EventBus). */
const ONLY_DEFAULT_BUS = 'AWS services, AWS Backup among them, send their events to the default event bus only, so if it routes AWS Backup events (failed jobs, changes), they reach no one from then on';

function eventRule(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  if (disabled(before)) return undefined;
  if (disabled(after)) return 'disables an EventBridge rule: if it routes AWS Backup events (failed jobs, changes), they reach no one from then on';
  if (unknownAfter(afterUnknown, 'state') && !(typeof after.state === 'string')) return 'gives an EventBridge rule a state known only at apply: if it routes AWS Backup events and ends up disabled, they reach no one';
  if (defaultBus(before.event_bus_name) && unknownAfter(afterUnknown, 'event_bus_name')) return `moves an EventBridge rule to an event bus known only at apply: if it is not the default one, ${ONLY_DEFAULT_BUS}`;
  if (defaultBus(before.event_bus_name) && !defaultBus(after.event_bus_name)) return `moves an EventBridge rule from the default event bus to ${String(after.event_bus_name)}: ${ONLY_DEFAULT_BUS}`;
  return eventPatternChange(before, after, unknownAfter(afterUnknown, 'event_pattern'));
}

function eventTarget(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const target = String(before.arn ?? '');
  if (unknownAfter(afterUnknown, 'arn')) return `sends the rule's events to a target known only at apply instead of ${target}: if they are AWS Backup alerts, ${target} no longer receives them`;
  return after.arn === before.arn ? undefined : `sends the rule's events to ${String(after.arn)} instead of ${target}: if they are AWS Backup alerts, ${target} no longer receives them`;
}

/**
 * A silence alarm (core/silence-alarm.ts readSilenceAlarm, either shape) fires on missing data: while no backup job completes in its
 * vault, NumberOfBackupJobsCompleted gets no data point, so missing data is its only signal that backups stopped. Treated as anything
 * but breaching, the alarm never fires on the very silence it watches for. One that read FILL(…, 0) and now reads the bare metric
 * still fires, but only once the last completed job has left CloudWatch's evaluation range, hours after its window. One that now
 * reads the metric through other metric math (core/silence-alarm.ts silenceMetricVault, not readSilenceAlarm) is not judged: said so.
 */
function silenceAlarmChange(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const was = readSilenceAlarm(before);
  if (was === undefined || was.treatMissingData !== 'breaching') return undefined;
  const vault = `vault ${String(was.vault ?? '?')}`;
  const tail = `no data point is published while no backup job completes there, so if backups into ${vault} stop, the alarm never fires`;
  if (unknownAfter(afterUnknown, 'treat_missing_data')) return `gives the silence alarm of ${vault} a treat_missing_data known only at apply: unless it is breaching, ${tail}`;
  if (after.treat_missing_data !== 'breaching') return `makes the silence alarm of ${vault} treat missing data as ${String(after.treat_missing_data ?? 'missing')} instead of breaching: ${tail}`;
  if (unknownAfter(afterUnknown, 'metric_query') || unknownAfter(afterUnknown, 'dimensions') || unknownAfter(afterUnknown, 'threshold') || unknownAfter(afterUnknown, 'comparison_operator')) {
    return `gives the silence alarm of ${vault} a metric or threshold known only at apply: whether it still fires when backups into ${vault} stop cannot be checked`;
  }
  const now = readSilenceAlarm(after);
  // Metric math of its metric the reader does not judge (FILL(…, REPEAT); FILL(…, 1) is never below 1), another metric, another vault, a threshold 0 does not breach.
  if (now === undefined && silenceMetricVault(after) !== undefined) {
    return `makes the silence alarm of ${vault} read its metric through metric math backup-estate does not judge (neither the metric nor FILL(…, 0) of it): whether it still fires if backups into ${vault} stop cannot be checked`;
  }
  if (now === undefined) return `makes the silence alarm of ${vault} read something other than that vault's completed backup jobs (FILL(…, 0) of them): if backups into ${vault} stop, it may never fire`;
  if (now.vault !== was.vault) return `points the silence alarm of ${vault} at vault ${String(now.vault)}: if backups into ${vault} stop, it does not fire`;
  // Whether a period without a completed job still breaches: the reader's answer (core/silence-alarm.ts silenceBreaches), as the report's.
  if (was.silenceBreaches && !now.silenceBreaches) {
    return `makes the silence alarm of ${vault} fire when FILL(…, 0) of its completed jobs is ${String(after.comparison_operator)} ${String(after.threshold)} instead of ${String(before.comparison_operator)} ${String(before.threshold)}: a period without a completed job (0) is not, so if backups into ${vault} stop, it never fires`;
  }
  if (!was.exact || now.exact) return undefined;
  return `makes the silence alarm of ${vault} read its metric without FILL(…, 0): CloudWatch then counts a completed job anywhere in its evaluation range, longer than its window, so if backups into ${vault} stop, it fires only once the last job has left that range, hours after its window`;
}

function metricAlarm(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  if (before.actions_enabled === false) return undefined;
  const watched = 'if it watches backups (failures, silence), no one hears of them from then on';
  if (after.actions_enabled === false) return `turns the alarm's actions off: ${watched}`;
  const silence = silenceAlarmChange(before, after, afterUnknown);
  if (unknownAfter(afterUnknown, 'alarm_actions')) return [`gives the alarm actions known only at apply: whether it still notifies ${strings(before.alarm_actions).join(', ')} cannot be checked`, ...(silence ? [silence] : [])].join('; it ');
  const now = strings(after.alarm_actions);
  const lost = strings(before.alarm_actions).filter((action) => !now.includes(action));
  const phrases = [...(lost.length === 0 ? [] : [`no longer notifies ${lost.join(', ')} when the alarm fires: ${watched}`]), ...(silence ? [silence] : [])];
  return phrases.length === 0 ? undefined : phrases.join('; it ');
}

/** The AWS services that deliver the alerts to the topic (modules/backup-alerts-policies.ts alertsTopicPolicy), and what each delivers. */
const ALERT_PUBLISHERS: Readonly<Record<string, string>> = {
  'backup.amazonaws.com': 'AWS Backup (the vault notifications)',
  'events.amazonaws.com': 'EventBridge (the failed job and change alerts)',
  'cloudwatch.amazonaws.com': 'CloudWatch (the failure and silence alarms)',
};

const names = (services: readonly string[]): string => services.map((service) => `${service} (${ALERT_PUBLISHERS[service]})`).join(', ');

/** What a publisher needs: on the topic, sns:Publish; on an encrypted topic's key, both data key actions (SNS developer guide, encrypted topics). */
const PUBLISH_NEEDS = { topic: ['sns:Publish'], key: ['kms:GenerateDataKey', 'kms:Decrypt'] } as const;

/**
 * The services of ALERT_PUBLISHERS the Allow statements of a topic or key policy (`kind`) grant every action PUBLISH_NEEDS names for it (a wildcard principal
 * of a topic policy without conditions grants all; with conditions, none); undefined when the policy cannot be read. A service
 * principal's conditions are not read.
 */
function publishers(policy: unknown, kind: keyof typeof PUBLISH_NEEDS): Set<string> | undefined {
  const needs: readonly string[] = PUBLISH_NEEDS[kind];
  const parsed = parsePolicy(policyText(policy));
  if (parsed.kind === 'absent') return new Set();
  if (parsed.kind !== 'statements') return undefined;
  const granted = new Map<string, Set<string>>();
  for (const statement of parsed.statements) {
    if (statement.effect !== 'Allow') continue;
    // A key read by its service principals only: a wildcard one with conditions (a central vault key's organization grant) is no publisher's.
    // Nor, on a topic, is a wildcard principal with conditions: SNS's default policy (Principal "*", AWS:SourceOwner) names no AWS service
    // (guard/consequences.ts), and EventBridge reaches a topic through a statement naming events.amazonaws.com (EventBridge user guide).
    const openToAll = isWildcardPrincipal(statement.principal) && kind === 'topic' && Object.keys(statement.condition).length === 0;
    const services = openToAll ? Object.keys(ALERT_PUBLISHERS) : isRecord(statement.principal) ? listOf(statement.principal.Service) : [];
    for (const service of services) {
      if (typeof service !== 'string' || !Object.hasOwn(ALERT_PUBLISHERS, service)) continue;
      const actions = granted.get(service) ?? new Set<string>();
      for (const need of needs) if (statement.actions.some((action) => actionMatches(action, need))) actions.add(need);
      granted.set(service, actions);
    }
  }
  return new Set([...granted].filter(([, actions]) => actions.size === needs.length).map(([service]) => service));
}

/**
 * aws_sns_topic_policy: a service that may no longer publish to the topic delivers nothing there (EventBridge reaches an SNS target
 * through the topic's resource-based policy: EventBridge user guide, "Using resource-based policies"; AWS Backup's vault notifications
 * need the topic policy to allow backup.amazonaws.com). Only the grants are compared: a condition changed is not read.
 */
function publishingChange(kind: keyof typeof PUBLISH_NEEDS, before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const needs = PUBLISH_NEEDS[kind];
  const was = publishers(before.policy, kind);
  if (was === undefined || was.size === 0) return undefined;
  const [subject, what, to] = kind === 'topic' ? [`the topic ${String(before.arn ?? '')}`, 'publish', `publish to ${String(before.arn ?? '')}`] : [`the key ${String(before.arn ?? '')}`, `use it (${needs.join(', ')})`, `use the key ${String(before.arn ?? '')} (${needs.join(', ')}) to publish to the topic it encrypts`];
  const alerts = kind === 'topic' ? 'it is the alerts topic' : 'it encrypts the alerts topic';
  if (unknownAfter(afterUnknown, 'policy')) return `gives ${subject} a policy known only at apply: whether it still lets ${names([...was])} ${what} cannot be checked; if not, and ${alerts}, what they deliver reaches no one`;
  const now = publishers(after.policy, kind);
  if (now === undefined) return `gives ${subject} a policy this guard cannot read: whether it still lets ${names([...was])} ${what} cannot be checked; if not, and ${alerts}, what they deliver reaches no one`;
  const lost = [...was].filter((service) => !now.has(service));
  return lost.length === 0 ? undefined : `no longer lets ${names(lost)} ${to}: if ${alerts}, what they deliver reaches no one from then on`;
}

const topicPolicy = (before: Values, after: Values, afterUnknown: unknown) => publishingChange('topic', before, after, afterUnknown);
/** aws_kms_key: SNS encrypts what a service publishes to an encrypted topic with the topic's key, on that service's behalf. */
const keyPolicy = (before: Values, after: Values, afterUnknown: unknown) => publishingChange('key', before, after, afterUnknown);

/** The AWS managed key of SNS (alias/aws/sns, by alias name or alias ARN): its key policy cannot be edited, so no AWS service may publish through it. */
const AWS_MANAGED_SNS_KEY = /^(?:arn:aws[a-z-]*:kms:[a-z0-9-]+:\d{12}:)?alias\/aws\/sns$/;

/**
 * aws_sns_topic: kms_master_key_id updates in place. SNS encrypts what AWS Backup, EventBridge and CloudWatch publish with the
 * topic's key on their behalf, so each needs kms:GenerateDataKey* and kms:Decrypt in that key's policy ("Enable compatibility
 * between event sources from AWS services and encrypted topics": first use a customer managed key, then grant the service in
 * its key policy; SNS developer guide, Key management). The AWS managed key's policy cannot be edited: nothing they publish
 * arrives. Another key's policy is not in this change: whether it grants them cannot be checked. Encryption removed stops nothing.
 */
function topicKey(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const topic = String(before.arn ?? before.name ?? '');
  const was = typeof before.kms_master_key_id === 'string' && before.kms_master_key_id !== '' ? before.kms_master_key_id : 'no key';
  const publishers = names(Object.keys(ALERT_PUBLISHERS));
  const lost = 'what they deliver reaches no one from then on (SNS encrypts what they publish with the topic key, on their behalf)';
  if (unknownAfter(afterUnknown, 'kms_master_key_id')) return `encrypts the topic ${topic} with a key known only at apply instead of ${was}: whether its policy lets ${publishers} use it (kms:GenerateDataKey*, kms:Decrypt) cannot be checked; if not, and it is the alerts topic, ${lost}`;
  const now = typeof after.kms_master_key_id === 'string' ? after.kms_master_key_id : '';
  if (now === '' || now === before.kms_master_key_id) return undefined;
  if (AWS_MANAGED_SNS_KEY.test(now)) return `encrypts the topic ${topic} with the AWS managed key ${now} instead of ${was}: its key policy cannot be edited to let ${publishers} use it, so if it is the alerts topic, ${lost}`;
  return `encrypts the topic ${topic} with ${now} instead of ${was}: unless that key's policy lets ${publishers} use it (kms:GenerateDataKey*, kms:Decrypt), if it is the alerts topic, ${lost}`;
}

/**
 * aws_lambda_permission: every argument forces a replacement. SNS invokes a subscribed function only as the function's resource-based
 * policy lets sns.amazonaws.com do it for the topic (lambda:InvokeFunction, source_arn the topic; BackupAlerts writes one per Lambda
 * subscription): a replacement that no longer grants that leaves the subscription in place and the function unreached.
 */
function lambdaPermission(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  if (before.principal !== 'sns.amazonaws.com' || before.action !== 'lambda:InvokeFunction') return undefined;
  const what = `${String(before.source_arn ?? 'a topic')} invoke ${String(before.function_name ?? '')}${typeof before.qualifier === 'string' && before.qualifier !== '' ? `:${before.qualifier}` : ''}`;
  const keys = ['principal', 'action', 'function_name', 'qualifier', 'source_arn'];
  const tail = 'if it is the alerts topic, the subscribed function hears of no failure or silence any more (its subscription stays and looks wired)';
  const unknown = keys.filter((key) => unknownAfter(afterUnknown, key));
  if (unknown.length > 0) return `gives the permission that lets ${what} a ${unknown.join(', ')} known only at apply: whether SNS may still invoke it cannot be checked; if not, and ${tail}`;
  const changed = keys.filter((key) => (after[key] ?? '') !== (before[key] ?? ''));
  return changed.length === 0 ? undefined : `no longer lets ${what} (its ${changed.join(', ')} changed): ${tail}`;
}

const ALERT_MESSAGES: readonly { readonly message: AlertMessage; readonly words: string }[] = [
  { message: 'rule', words: 'the failed job alerts (EventBridge rule messages)' },
  { message: 'alarm', words: 'the alarm notifications' },
];

/**
 * Whether SNS holds a new subscription pending until its endpoint's owner confirms it (the Subscribe
 * API reference: "If the endpoint type is HTTP/S or email, or if the endpoint and the topic are not in
 * the same AWS account, the endpoint owner must run the ConfirmSubscription action"; tokens last three
 * days). An http(s) endpoint that confirms by itself (endpoint_auto_confirms) is not; sms is not.
 */
function needsConfirmation(values: Values): boolean {
  const protocol = String(values.protocol ?? '');
  if (protocol === 'email' || protocol === 'email-json') return true;
  if (protocol === 'http' || protocol === 'https') return values.endpoint_auto_confirms !== true;
  const [topic, endpoint] = [arnRegionAndAccount(String(values.topic_arn ?? '')), arnRegionAndAccount(String(values.endpoint ?? ''))];
  return (protocol === 'sqs' || protocol === 'lambda') && topic !== undefined && endpoint !== undefined && topic.account !== endpoint.account;
}

/** What replacing a subscription (a new topic, protocol or endpoint) stops: the old endpoint or topic left, or a new subscription pending confirmation. */
function replacedSubscription(before: Values, after: Values, afterUnknown: unknown): string[] {
  const [topic, endpoint] = [String(before.topic_arn ?? ''), String(before.endpoint ?? '')];
  const phrases: string[] = [];
  if (unknownAfter(afterUnknown, 'topic_arn')) phrases.push(`subscribes to a topic known only at apply instead of ${topic}: if it is not the alerts topic, ${endpoint} hears of no failure or silence any more`);
  else if (after.topic_arn !== before.topic_arn) phrases.push(`subscribes to ${String(after.topic_arn)} instead of ${topic}: ${endpoint} no longer hears of what ${topic} sends`);
  if (unknownAfter(afterUnknown, 'endpoint')) phrases.push(`delivers to an endpoint known only at apply instead of ${endpoint}: if ${topic} is the alerts topic, ${endpoint} hears of no failure or silence any more`);
  else if (after.endpoint !== before.endpoint) phrases.push(`delivers to ${String(after.endpoint)} instead of ${endpoint}: if ${topic} is the alerts topic, ${endpoint} hears of no failure or silence any more`);
  if (needsConfirmation(after)) {
    const target = unknownAfter(afterUnknown, 'endpoint') ? 'its new endpoint' : `${String(after.endpoint)} (${String(after.protocol)})`;
    phrases.push(`subscribes ${target} anew: SNS holds the new subscription pending confirmation and delivers nothing to it until the endpoint's owner confirms it (the confirmation SNS sends, valid three days); until then, if it is the alerts topic, no alert reaches it`);
  }
  return phrases;
}

/** aws_sns_topic_subscription: filter_policy and its scope update in place (topic, protocol and endpoint force a replacement). */
function subscription(before: Values, after: Values, afterUnknown: unknown, replaced: boolean): string | undefined {
  const topic = String(before.topic_arn ?? '');
  const phrases = replaced ? replacedSubscription(before, after, afterUnknown) : [];
  const [was, now] = [subscriptionFilterOf(before), subscriptionFilterOf(after)];
  const lost = ALERT_MESSAGES.filter(({ message }) => mayReceive(was.policy, was.scope, message) && !mayReceive(now.policy, now.scope, message)).map(({ words }) => words);
  if (unknownAfter(afterUnknown, 'filter_policy') || unknownAfter(afterUnknown, 'filter_policy_scope')) phrases.push(`gets a filter policy known only at apply: whether it still lets the alerts of ${topic} through cannot be checked`);
  else if (lost.length > 0) phrases.push(`gives the subscription to ${topic} a filter policy that drops ${lost.join(' and ')}: if it is the alerts topic, its endpoint hears of them no more`);
  return phrases.length === 0 ? undefined : phrases.join('; it ');
}


/**
 * The Region's opt-ins as the plan's aws_backup_region_settings leaves them (its planned values; those it leaves when Terraform
 * only forgets or deletes it, which leaves AWS's settings as they are): the types opted in, 'apply' when known only at apply, or
 * 'absent' when the plan holds none (the stack leaves the Region settings to the account, whose opt-ins the plan does not show).
 */
export type RegionOptIns = { readonly optedIn: readonly string[] } | 'apply' | 'absent';

export function regionOptInsOf(changes: readonly Values[]): RegionOptIns {
  const entry = changes.find((candidate) => candidate.mode !== 'data' && candidate.type === 'aws_backup_region_settings' && isRecord(candidate.change));
  if (entry === undefined) return 'absent';
  const change = entry.change as Values;
  const key = 'resource_type_opt_in_preference';
  const actions = Array.isArray(change.actions) ? change.actions : [];
  const kept = actions.includes('create') || actions.includes('update') || actions.includes('no-op');
  if (kept && unknownAfter(change.after_unknown, key)) return 'apply';
  const values = kept ? change.after : change.before;
  const preferences = isRecord(values) && isRecord(values[key]) ? values[key] : {};
  return { optedIn: Object.keys(preferences).filter((type) => preferences[type] === true) };
}

/**
 * The resource types a replaced selection took whatever the Region's opt-in (an ARN naming the whole type or one resource) and now
 * takes only through it (tags, "*", an ARN of the service only, of part of a type or of a shared shape) while the Region settings
 * opt them out, or may (not in the plan, known only at apply): the one answer of core/selection-reach typesBackedUp, asked of both.
 */
function optInLoss(before: SelectionSpec, after: SelectionSpec, optIns: RegionOptIns | undefined, name: string, plan: string): string | undefined {
  if (optIns === undefined) return undefined;
  const [was, now] = [[evaluateSelection(before)], [evaluateSelection(after)]];
  const optedIn = typeof optIns === 'object' ? optIns.optedIn : [];
  const reached: readonly string[] = typesToOptIn(now);
  const still: readonly string[] = typesBackedUp(now, optedIn);
  const lost = typesBackedUp(was, optedIn).filter((type) => reached.includes(type) && !still.includes(type));
  if (lost.length === 0) return undefined;
  const types = lost.join(', ');
  const through = `makes ${name} take ${types} resources only through the Region's opt-in (by ${OPT_IN_SELECTORS}), where it took them whatever the opt-in`;
  if (optIns === 'absent') return `${through}; this plan holds no aws_backup_region_settings, so the account's own opt-ins decide and the plan does not show them: if they opt ${types} out, plan ${plan} makes no new recovery point of them from then on, with no job and no failure`;
  if (optIns === 'apply') return `${through}; this plan's Region settings are known only at apply: whether they opt ${types} out, and plan ${plan} stops backing them up, cannot be checked before`;
  return `${through}, and this plan's Region settings opt ${types} out: AWS skips them from then on, with no job and no failure, and plan ${plan} makes no new recovery point of them`;
}

/**
 * aws_backup_selection: every argument forces a replacement (hashicorp/aws 5.100.0 has no update).
 * condition and not_resources are Optional and Computed: the provider plans them unknown as a whole
 * whenever the configuration sets none (and not_resources = [] too). So a wholly unknown one is read
 * from the configuration (`configured`: the block's expressions in the plan's `configuration`): none
 * when it does not set it, its constant when it sets one, and known only at apply when it sets it
 * from a reference (or the plan holds no configuration of the block). A `dynamic "condition"` block
 * is not in the plan's configuration: it reads as none (this product's constructs write none).
 */
function backupSelection(before: Values, after: Values, afterUnknown: unknown, _replaced: boolean, configured?: Values, optIns?: RegionOptIns): string | undefined {
  const name = `backup selection ${String(before.name ?? '')}`;
  const plan = String(before.plan_id ?? '');
  const wholly = (key: string): boolean => isRecord(afterUnknown) && afterUnknown[key] === true;
  const fromReference = (key: string): boolean => wholly(key) && (configured === undefined || (Object.hasOwn(configured, key) && !(isRecord(configured[key]) && Object.hasOwn(configured[key] as Values, 'constant_value'))));
  const constant = (key: string): unknown => (configured !== undefined && isRecord(configured[key]) ? (configured[key] as Values).constant_value : undefined);
  if (afterUnknown === true || ['selection_tag', 'resources'].some((key) => unknownAfter(afterUnknown, key)) || ['condition', 'not_resources'].some((key) => partlyUnknown(afterUnknown, key) || fromReference(key))) {
    return `gives ${name} criteria known only at apply: whether it still selects what it did cannot be checked; what it no longer selects would get no new recovery point from plan ${plan}`;
  }
  const known = (key: string): unknown => (wholly(key) ? constant(key) : after[key]);
  const [beforeSpec, afterSpec] = [selectionSpecOfTerraform(before), selectionSpecOfTerraform({ ...after, condition: known('condition'), not_resources: known('not_resources') })];
  const narrowed = selectionNarrowing(beforeSpec, afterSpec);
  const optInLost = optInLoss(beforeSpec, afterSpec, optIns, name, plan);
  const moved = !unknownAfter(afterUnknown, 'plan_id') && typeof after.plan_id === 'string' && after.plan_id !== before.plan_id;
  const role = String(before.iam_role_arn ?? '');
  const failing = `if it does not trust backup.amazonaws.com or lacks the permissions AWS Backup needs for what the selection takes (AWSBackupServiceRolePolicyForBackup, ...ForS3Backup), every backup job of the selection fails from then on`;
  const roleChange = unknownAfter(afterUnknown, 'iam_role_arn')
    ? `has AWS Backup assume a role known only at apply instead of ${role} for ${name}: ${failing}`
    : typeof after.iam_role_arn === 'string' && after.iam_role_arn !== before.iam_role_arn
      ? `has AWS Backup assume ${after.iam_role_arn} instead of ${role} for ${name}: ${failing}`
      : undefined;
  const phrases = [
    ...(moved ? [`moves ${name} from plan ${plan} to plan ${String(after.plan_id)}: what it selects is backed up by the rules of plan ${String(after.plan_id)} instead`] : []),
    ...(narrowed.length > 0 ? [`makes ${name} select less (it ${narrowed.join('; it ')}): what it no longer selects gets no new recovery point from plan ${plan}`] : []),
    ...(optInLost !== undefined ? [optInLost] : []),
    ...(roleChange !== undefined ? [roleChange] : []),
  ];
  return phrases.length === 0 ? undefined : phrases.join('; it ');
}

const CROSS_ACCOUNT = 'isCrossAccountBackupEnabled';

/** aws_backup_global_settings: cross-account backup is one switch for the whole organization (its management account sets it). */
function globalSettings(before: Values, after: Values, afterUnknown: unknown): string | undefined {
  const was = isRecord(before.global_settings) ? before.global_settings[CROSS_ACCOUNT] : undefined;
  if (was !== 'true') return undefined;
  const tail = 'every copy job of the organization into another account fails from then on (the copies made until then stay)';
  const settingsUnknown = afterUnknown === true || (isRecord(afterUnknown) && (afterUnknown.global_settings === true || (isRecord(afterUnknown.global_settings) && afterUnknown.global_settings[CROSS_ACCOUNT] === true)));
  if (settingsUnknown) return `gets an ${CROSS_ACCOUNT} known only at apply: if it is false, ${tail}`;
  const now = isRecord(after.global_settings) ? after.global_settings[CROSS_ACCOUNT] : undefined;
  return now === 'false' ? `turns cross-account backup off (${CROSS_ACCOUNT} false): ${tail}` : undefined;
}

const CHECKS: Readonly<Record<string, (before: Values, after: Values, afterUnknown: unknown, replaced: boolean, configured?: Values, optIns?: RegionOptIns) => string | undefined>> = {
  aws_backup_selection: backupSelection,
  aws_backup_vault_notifications: vaultNotifications,
  aws_cloudwatch_event_rule: eventRule,
  aws_cloudwatch_event_target: eventTarget,
  aws_cloudwatch_metric_alarm: metricAlarm,
  aws_sns_topic_subscription: subscription,
  aws_lambda_permission: lambdaPermission,
  aws_sns_topic: topicKey,
  aws_sns_topic_policy: topicPolicy,
  aws_kms_key: keyPolicy,
  aws_backup_global_settings: globalSettings,
  aws_backup_restore_testing_plan: restoreTestingPlanChange,
  aws_backup_restore_testing_selection: restoreTestingSelectionChange,
};

/**
 * What an update in place or a replacement of a resource of `type` stops from then on (a phrase
 * after "updating <address> in place" or "replacing <address>"), or undefined. `configured`: the
 * resource's expressions in the plan's configuration (guard/consequences.ts, configuredExpressions),
 * which tell an argument left out from one set from a reference when both are planned unknown;
 * `optIns`: the Region's opt-ins as the plan leaves them (regionOptInsOf), for a selection replaced.
 */
export function stopsFromThenOn(type: string, change: Values, configured?: Values, optIns?: RegionOptIns): string | undefined {
  if (type === 'aws_backup_plan') return backupPlanChange(type, change);
  if (type === 'aws_organizations_policy') return backupPolicyChange(type, change);
  // A plan's type is any string: "constructor" must not find Object.prototype's.
  const check = Object.hasOwn(CHECKS, type) ? CHECKS[type] : undefined;
  if (check === undefined || !isRecord(change.before)) return undefined;
  const actions = Array.isArray(change.actions) ? change.actions : [];
  return check(change.before, isRecord(change.after) ? change.after : {}, change.after_unknown, actions.includes('delete') && actions.includes('create'), configured, optIns);
}
