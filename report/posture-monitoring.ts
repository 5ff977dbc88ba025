/**
 * Which vaults of a stack a silence alarm watches, read from the synthesized Terraform: the
 * AWS/Backup NumberOfBackupJobsCompleted alarms (their vault and window, and whether it is exact:
 * core/silence-alarm.ts), and the vaults the
 * stack's plans back up into. A vault with no alarm is listed as not watched with the reason the
 * one evaluator (core/silence.ts, over core/rpo.ts) gives, or because silence alarms are off.
 */
import { COMPLETED_WITH_ISSUES, DEPRECATED_VAULT_NOTIFICATION_EVENTS, RESTORE_TESTING_LIMITS } from '../core/limits';
import { compareStrings } from '../core/order';
import { JOB_EVENTS, JOB_TYPES, type JobType } from '../core/backup-events';
import { mayReceive, subscriptionFilterOf } from '../core/alert-filter-match';
import { blocks, preferenceTypes } from '../core/terraform-json';
import { BACKUP_METRICS_NAMESPACE, metricOfVaultSumQuery } from '../core/backup-metrics';
import { silenceWatch } from '../core/silence';
import { readSilenceAlarm, silenceMetricVault } from '../core/silence-alarm';
import { scheduleGap } from '../core/rpo';
import { asNumber, asObject, asString, asStrings } from './json-values';
import type { AlertsPosture, AssurancePosture, PlanPosture, RegionSettingsPosture, RestoreTestPick, VaultWatchPosture } from './posture-model';
import { parseBackupVaultArn } from '../core/arn';
import type { StackContext } from './posture-terraform';
import { asPlanRules } from './posture-parts';

/**
 * Whether an alarm's actions may reach someone: an action that is no topic of the stack (an existing topic) may; a topic of the
 * stack only through a subscription whose filter policy may let alarm notifications through (core/alert-filter-match.ts, the
 * evaluator of the alerts.subscriptions check).
 */
function reachesSomeone(context: StackContext, actions: readonly unknown[]): boolean {
  const { json } = context;
  const subscriptions = json.ofType('aws_sns_topic_subscription');
  return actions.some((action) => {
    const topic = json.referenced(action);
    if (topic === undefined || topic.type !== 'aws_sns_topic') return true;
    return subscriptions.some(({ attributes }) => {
      if (json.referenced(attributes.topic_arn)?.address !== topic.address) return false;
      const { policy, scope } = subscriptionFilterOf(attributes);
      return mayReceive(policy, scope, 'alarm');
    });
  });
}

/** A silence alarm as the posture reads it: its window, whether that window is only the least it waits (no FILL), who hears it, and why it watches nothing. */
interface SilenceAlarmPosture {
  readonly window: number;
  readonly lowerBound: boolean;
  readonly notifies: boolean;
  readonly unheard: boolean;
  /** Set when missing data is not breaching, the alarm reads the metric through other metric math, or a period without a completed job does not breach its threshold: the vault is not watched, for this reason. */
  readonly ignores?: string;
}

/** Why the vault of an alarm on the metric that readSilenceAlarm does not read (FILL(m1, REPEAT), m1 * 2) is not watched. */
const UNJUDGED_SILENCE_ALARM =
  'its alarm on NumberOfBackupJobsCompleted returns metric math other than the metric or FILL(…, 0) of it, so when it fires on a silence backup-estate does not judge';

/**
 * The silence alarms of the stack (core/silence-alarm.ts readSilenceAlarm: either shape): vault name -> window in minutes, whether
 * that window is a lower bound (the bare metric, without FILL), whether the alarm has an action (a topic) to notify, and whether that
 * action reaches no one (its topic's subscriptions all filter alarm notifications out, or there are none).
 */
function silenceAlarms(context: StackContext): Map<string, SilenceAlarmPosture> {
  const alarms = new Map<string, SilenceAlarmPosture>();
  for (const alarm of context.json.ofType('aws_cloudwatch_metric_alarm')) {
    const { attributes } = alarm;
    const reading = readSilenceAlarm(attributes);
    const metricVault = reading?.vault ?? silenceMetricVault(attributes);
    if (metricVault === undefined) continue;
    const dimension = asString(metricVault) ?? '';
    const referenced = context.json.referenced(dimension);
    const vault = referenced ? (asString(referenced.attributes.name) ?? referenced.name) : dimension;
    // Without alarm_actions (a config without alerts) the alarm changes state and tells no one.
    const actions = ([] as unknown[]).concat(attributes.alarm_actions ?? []);
    const notifies = actions.length > 0;
    const window = ((reading?.periodSeconds ?? 0) * (reading?.evaluationPeriods ?? 0)) / 60;
    // No data point is published while no job completes: missing data is the bare metric's only signal, and what FILL gives over a range
    // without any data point AWS does not document. Missing data treated otherwise, the alarm may never fire on the silence it watches.
    const treated = reading?.treatMissingData;
    const ignores =
      reading === undefined
        ? UNJUDGED_SILENCE_ALARM
        : treated !== 'breaching'
          ? `its silence alarm treats missing data as ${typeof treated === 'string' ? treated : 'missing'}, not breaching: while no backup job completes no data point is published, so it may never fire`
          : reading.silenceBreaches
            ? undefined
            : `its silence alarm fires when FILL(…, 0) of its completed jobs is ${String(attributes.comparison_operator)} ${String(attributes.threshold)}, which a period without a completed job (0) is not: it never fires on a silence`;
    // Of two alarms on one vault, one that fires is the answer.
    if (ignores !== undefined && alarms.has(vault)) continue;
    alarms.set(vault, { window, lowerBound: reading?.exact !== true, notifies, unheard: notifies && !reachesSomeone(context, actions), ...(ignores === undefined ? {} : { ignores }) });
  }
  return alarms;
}

/** A vault's entry when a silence alarm is on it: watched, with its window and who hears it, unless the alarm ignores missing data. */
const alarmWatch = (vault: string, plans: string[], alarm: SilenceAlarmPosture): VaultWatchPosture =>
  alarm.ignores !== undefined
    ? { vault, plans, watched: false, reason: alarm.ignores }
    : {
        vault,
        plans,
        watched: true,
        windowMinutes: alarm.window,
        ...(alarm.lowerBound ? { windowLowerBound: true as const } : {}),
        ...(!alarm.notifies ? { notifiesNoOne: true as const } : alarm.unheard ? { unsubscribed: true as const } : {}),
      };

/** Every vault the stack's plans back up into, and every vault a silence alarm watches, sorted by name. */
export function readSilenceWatches(context: StackContext, plans: readonly PlanPosture[]): VaultWatchPosture[] {
  const alarms = silenceAlarms(context);
  const targets = new Map<string, { plans: Set<string>; rules: PlanPosture['rules']; ofPlan: string[] }>();
  for (const plan of plans) {
    // The rules as the silence alarms read them (config/monitoring.ts vaultWatches): without the runs a rule kept longer takes, each of its own kind.
    const asRun = asPlanRules(plan.rules, plan.snapshotFallback === true);
    for (const [index, rule] of plan.rules.entries()) {
      const entry = targets.get(rule.vault.name) ?? { plans: new Set<string>(), rules: [], ofPlan: [] };
      entry.plans.add(plan.name);
      entry.rules.push({ ...(asRun[index] ?? rule), continuous: rule.continuous });
      entry.ofPlan.push(plan.name);
      targets.set(rule.vault.name, entry);
    }
  }
  const watches: VaultWatchPosture[] = [];
  for (const [vault, entry] of targets) {
    const plansHere = [...entry.plans].sort(compareStrings);
    const alarm = alarms.get(vault);
    if (alarm !== undefined) {
      watches.push(alarmWatch(vault, plansHere, alarm));
      continue;
    }
    const watch = silenceWatch(entry.rules, entry.ofPlan);
    watches.push({ vault, plans: plansHere, watched: false, reason: watch.watched ? 'silence alarms are off (monitoring.silenceAlarms: false)' : watch.reason });
  }
  // Alarms on vaults only backup policies' plans write to (their plans are not in this stack).
  for (const [vault, alarm] of alarms) if (!targets.has(vault)) watches.push(alarmWatch(vault, [], alarm));
  return watches.sort((a, b) => compareStrings(a.vault, b.vault));
}

/** EventBridge detail types of AWS Backup job state changes: the job kind, and the detail field of its state (core/backup-events JOB_EVENTS, which the alert rules are written from). */
const JOB_DETAIL_TYPES: ReadonlyMap<string, { kind: JobType; stateField: string }> = new Map(JOB_TYPES.map((kind) => [JOB_EVENTS[kind].detailType, { kind, stateField: JOB_EVENTS[kind].stateField }]));

/** A job that ended without a recovery point (or copy, or restore): what alerts are for. */
const FAILURE = /failed|aborted|expired/i;

const strings = (value: unknown): string[] => ([] as unknown[]).concat(value ?? []).filter((item): item is string => typeof item === 'string');

/**
 * The job states a pattern's `detail` matches: its state list, or each alternative's under `$or`.
 * A COMPLETED state matched only with a status message is COMPLETED_WITH_ISSUES; no state filter
 * at all routes every state ('*'), but one beside other filters routes none surely ([]).
 */
function statesOfDetail(detail: unknown, stateField: string): string[] {
  const record = asObject(detail);
  const alternatives = Array.isArray(record.$or) ? record.$or.map(asObject) : [record];
  return alternatives.flatMap((alternative) => {
    const states = alternative[stateField];
    if (states === undefined) return Object.keys(alternative).length === 0 ? ['*'] : [];
    const listed = strings(states);
    return alternative.statusMessage === undefined ? listed : listed.flatMap((state) => (state === 'COMPLETED' ? [COMPLETED_WITH_ISSUES] : []));
  });
}

/** `<kind> <state>` for each job state change an enabled EventBridge rule with a target routes. */
function routedStates(context: StackContext): string[] {
  const { json } = context;
  const targeted = new Set(json.ofType('aws_cloudwatch_event_target').map((target) => json.referenced(target.attributes.rule)?.address));
  const routed = new Set<string>();
  for (const rule of json.ofType('aws_cloudwatch_event_rule')) {
    if (!targeted.has(rule.address) || rule.attributes.state === 'DISABLED') continue;
    let pattern: unknown;
    try {
      pattern = JSON.parse(asString(rule.attributes.event_pattern) ?? 'null');
    } catch {
      continue;
    }
    const record = asObject(pattern);
    if (!strings(record.source).includes('aws.backup')) continue;
    for (const detailType of strings(record['detail-type'])) {
      const job = JOB_DETAIL_TYPES.get(detailType);
      if (job === undefined) continue;
      for (const state of statesOfDetail(record.detail, job.stateField)) routed.add(`${job.kind} ${state}`);
    }
  }
  return [...routed].sort(compareStrings);
}

/**
 * Where the stack reports failed jobs: the job states EventBridge routes (and so the kinds whose
 * FAILED state is routed), the CloudWatch alarms on failed-job metrics, the vault notifications of
 * failures, and the subscriptions of its SNS topics with their filters.
 */
export function readAlerts(context: StackContext): AlertsPosture {
  const { json } = context;
  const states = routedStates(context);
  const routedJobs = JOB_TYPES.filter((kind) => states.includes(`${kind} FAILED`) || states.includes(`${kind} *`));
  const failureAlarms = json
    .ofType('aws_cloudwatch_metric_alarm')
    .filter(({ attributes }) => strings(attributes.alarm_actions).length > 0)
    .flatMap(({ attributes }) => {
      // Our alarms sum the per-vault series (core/backup-metrics.ts); an alarm on a bare metric of the namespace counts as well.
      const queried = ([] as unknown[]).concat(attributes.metric_query ?? []).flatMap((query) => metricOfVaultSumQuery(asString(asObject(query).expression) ?? '') ?? []);
      const metric = attributes.namespace === BACKUP_METRICS_NAMESPACE ? asString(attributes.metric_name) : undefined;
      return [...queried, ...(metric === undefined ? [] : [metric])].filter((name) => FAILURE.test(name));
    });
  const vaultFailureEvents = json.ofType('aws_backup_vault_notifications').flatMap(({ attributes, name }) => {
    const vault = json.referenced(attributes.backup_vault_name);
    const vaultName = vault ? (asString(vault.attributes.name) ?? vault.name) : (asString(attributes.backup_vault_name) ?? name);
    // A deprecated event is accepted and never sent: it reports nothing.
    return strings(attributes.backup_vault_events)
      .filter((event) => FAILURE.test(event) && !(DEPRECATED_VAULT_NOTIFICATION_EVENTS as readonly string[]).includes(event))
      .map((event) => `${vaultName} ${event}`);
  });
  const filters: Record<string, string> = {};
  const subscriptions = json.ofType('aws_sns_topic_subscription').map(({ attributes }) => {
    const subscription = `${asString(attributes.protocol) ?? '?'} ${asString(attributes.endpoint) ?? '?'}`;
    const filter = asString(attributes.filter_policy);
    if (filter !== undefined) filters[subscription] = filter;
    return subscription;
  });
  return {
    routedJobs,
    routedStates: states,
    failureAlarms: [...new Set(failureAlarms)].sort(compareStrings),
    vaultFailureEvents: [...new Set(vaultFailureEvents)].sort(compareStrings),
    subscriptions: subscriptions.sort(compareStrings),
    filters,
  };
}

/** The stack's Region settings: the types whose preference is true, opted in and fully managed; undefined without the resource. */
export function readRegionSettings(context: StackContext): RegionSettingsPosture | undefined {
  const [settings] = context.json.ofType('aws_backup_region_settings');
  if (!settings) return undefined;
  const optIn = settings.attributes.resource_type_opt_in_preference;
  return { optedIn: preferenceTypes(optIn), optedOut: preferenceTypes(optIn, false), fullyManaged: preferenceTypes(settings.attributes.resource_type_management_preference) };
}

/** The restore tests (plan, selection and type) and the audit framework's controls of the stack. */
export function readAssurance(context: StackContext): AssurancePosture {
  const { json } = context;
  const plans = new Map(json.ofType('aws_backup_restore_testing_plan').map((plan) => [plan.address, asString(plan.attributes.name) ?? plan.name]));
  // How rarely each plan proves a restore: the one schedule evaluator (core/rpo), in the plan's time zone.
  const restoreTestGaps = Object.fromEntries(
    json.ofType('aws_backup_restore_testing_plan').map(({ address, attributes }) => [
      plans.get(address) ?? address,
      scheduleGap(asString(attributes.schedule_expression) ?? '', asString(attributes.schedule_expression_timezone) ?? 'Etc/UTC').gapMinutes,
    ]),
  );
  // What each plan picks recovery points from: fewer vaults or kinds, or a shorter window, prove fewer restores (the diff compares them).
  const vaultName = (value: string) => {
    const vault = json.referenced(value);
    return vault ? (asString(vault.attributes.name) ?? vault.name) : (parseBackupVaultArn(value)?.name ?? value);
  };
  const restoreTestPicks: Record<string, RestoreTestPick> = Object.fromEntries(
    json.ofType('aws_backup_restore_testing_plan').map(({ address, attributes }) => {
      const selection = asObject(blocks(attributes.recovery_point_selection)[0]);
      const pick: RestoreTestPick = {
        includeVaults: asStrings(selection.include_vaults).map(vaultName).sort(compareStrings),
        excludeVaults: asStrings(selection.exclude_vaults).map(vaultName).sort(compareStrings),
        recoveryPointTypes: [...asStrings(selection.recovery_point_types)].sort(compareStrings),
        selectionWindowDays: asNumber(selection.selection_window_days) ?? RESTORE_TESTING_LIMITS.selectionWindowDays.default,
        algorithm: asString(selection.algorithm) ?? '?',
        resourceTypes: [],
      };
      return [plans.get(address) ?? address, pick];
    }),
  );
  const restoreTestScopes: Record<string, { arns: string[]; conditions: string[] }> = {};
  const restoreTests = json.ofType('aws_backup_restore_testing_selection').map(({ attributes, name }) => {
    const planName = asString(attributes.restore_testing_plan_name) ?? '';
    const plan = plans.get(json.referenced(planName)?.address ?? '') ?? planName;
    const test = `${plan} · ${asString(attributes.name) ?? name} (${asString(attributes.protected_resource_type) ?? '?'})`;
    // Which resources it restores: a narrower scope proves fewer restores (the diff compares it).
    const conditions = blocks(attributes.protected_resource_conditions).flatMap((block) =>
      Object.entries(block).flatMap(([operator, tests]) => blocks(tests).map((condition) => `${operator} ${String(condition.key)} = ${String(condition.value)}`)),
    );
    restoreTestScopes[test] = { arns: [...asStrings(attributes.protected_resource_arns)].sort(compareStrings), conditions: conditions.sort(compareStrings) };
    const pick = restoreTestPicks[plan];
    const type = asString(attributes.protected_resource_type);
    if (pick && type !== undefined && !pick.resourceTypes.includes(type)) restoreTestPicks[plan] = { ...pick, resourceTypes: [...pick.resourceTypes, type].sort(compareStrings) };
    return test;
  });
  const auditParameters: Record<string, Record<string, string>> = {};
  const auditScopes: Record<string, NonNullable<AssurancePosture['auditScopes']>[string]> = {};
  const auditControls = json.ofType('aws_backup_framework').flatMap(({ attributes }) =>
    ([] as unknown[]).concat(attributes.control ?? []).flatMap((control) => {
      const name = asString(asObject(control).name);
      if (name === undefined) return [];
      const parameters = ([] as unknown[]).concat(asObject(control).input_parameter ?? []).map(asObject);
      auditParameters[name] = Object.fromEntries(parameters.flatMap((parameter) => (typeof parameter.name === 'string' ? [[parameter.name, String(parameter.value ?? '')]] : [])));
      const scope = asObject(([] as unknown[]).concat(asObject(control).scope ?? [])[0]);
      const types = ([] as unknown[]).concat(scope.compliance_resource_types ?? []).flatMap((type) => (typeof type === 'string' ? [type] : []));
      const tags = Object.entries(asObject(scope.tags)).flatMap(([key, value]) => (typeof value === 'string' ? [[key, value] as const] : []));
      if (types.length > 0 || tags.length > 0) auditScopes[name] = { ...(types.length > 0 ? { resourceTypes: types.sort(compareStrings) } : {}), ...(tags.length > 0 ? { tags: Object.fromEntries(tags) } : {}) };
      return [name];
    }),
  );
  const reportPlans = json
    .ofType('aws_backup_report_plan')
    .map(({ attributes, name }) => `${asString(attributes.name) ?? name} (${asString(asObject(([] as unknown[]).concat(attributes.report_setting ?? [])[0]).report_template) ?? '?'})`);
  return { restoreTests: restoreTests.sort(compareStrings), restoreTestGaps, restoreTestScopes, restoreTestPicks, auditControls: [...new Set(auditControls)].sort(compareStrings), auditParameters, auditScopes, reportPlans: reportPlans.sort(compareStrings) };
}
