/**
 * Which vaults of a stack a silence alarm watches, read from the synthesized Terraform: the
 * AWS/Backup NumberOfBackupJobsCompleted alarms (their vault and window), and the vaults the
 * stack's plans back up into. A vault with no alarm is listed as not watched with the reason the
 * one evaluator (core/silence.ts, over core/rpo.ts) gives, or because silence alarms are off.
 */
import { compareStrings } from '../core/order';
import { silenceWatch, SILENCE_METRIC } from '../core/silence';
import { asNumber, asObject, asString } from './json-values';
import type { AlertsPosture, PlanPosture, VaultWatchPosture } from './posture-model';
import type { StackContext } from './posture-terraform';

/** The silence alarms of the stack: vault name -> window in minutes. */
function silenceAlarms(context: StackContext): Map<string, number> {
  const alarms = new Map<string, number>();
  for (const alarm of context.json.ofType('aws_cloudwatch_metric_alarm')) {
    const { attributes } = alarm;
    if (attributes.namespace !== SILENCE_METRIC.namespace || attributes.metric_name !== SILENCE_METRIC.metricName) continue;
    const dimension = asString(asObject(attributes.dimensions)[SILENCE_METRIC.dimension]) ?? '';
    const referenced = context.json.referenced(dimension);
    const vault = referenced ? (asString(referenced.attributes.name) ?? referenced.name) : dimension;
    alarms.set(vault, ((asNumber(attributes.period) ?? 0) * (asNumber(attributes.evaluation_periods) ?? 0)) / 60);
  }
  return alarms;
}

/** Every vault the stack's plans back up into, and every vault a silence alarm watches, sorted by name. */
export function readSilenceWatches(context: StackContext, plans: readonly PlanPosture[]): VaultWatchPosture[] {
  const alarms = silenceAlarms(context);
  const targets = new Map<string, { plans: Set<string>; rules: PlanPosture['rules'] }>();
  for (const plan of plans) {
    for (const rule of plan.rules) {
      const entry = targets.get(rule.vault.name) ?? { plans: new Set<string>(), rules: [] };
      entry.plans.add(plan.name);
      entry.rules.push(rule);
      targets.set(rule.vault.name, entry);
    }
  }
  const watches: VaultWatchPosture[] = [];
  for (const [vault, entry] of targets) {
    const plansHere = [...entry.plans].sort(compareStrings);
    const window = alarms.get(vault);
    if (window !== undefined) {
      watches.push({ vault, plans: plansHere, watched: true, windowMinutes: window });
      continue;
    }
    const watch = silenceWatch(entry.rules);
    watches.push({ vault, plans: plansHere, watched: false, reason: watch.watched ? 'silence alarms are off (monitoring.silenceAlarms: false)' : watch.reason });
  }
  // Alarms on vaults only backup policies' plans write to (their plans are not in this stack).
  for (const [vault, window] of alarms) if (!targets.has(vault)) watches.push({ vault, plans: [], watched: true, windowMinutes: window });
  return watches.sort((a, b) => compareStrings(a.vault, b.vault));
}

/** EventBridge detail types of AWS Backup job state changes, by job kind. */
const JOB_DETAIL_TYPES: Readonly<Record<string, string>> = {
  'Backup Job State Change': 'backup',
  'Copy Job State Change': 'copy',
  'Restore Job State Change': 'restore',
};

/**
 * Where the stack reports failed jobs: the AWS Backup job kinds whose state-change events an
 * EventBridge rule with a target routes, and the subscriptions of its SNS topics.
 */
export function readAlerts(context: StackContext): AlertsPosture {
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
    const sources = ([] as unknown[]).concat(record.source ?? []);
    if (!sources.includes('aws.backup')) continue;
    for (const detailType of ([] as unknown[]).concat(record['detail-type'] ?? [])) {
      const kind = typeof detailType === 'string' ? JOB_DETAIL_TYPES[detailType] : undefined;
      if (kind !== undefined) routed.add(kind);
    }
  }
  const subscriptions = json.ofType('aws_sns_topic_subscription').map((subscription) => `${asString(subscription.attributes.protocol) ?? '?'} ${asString(subscription.attributes.endpoint) ?? '?'}`);
  return { routedJobs: ['backup', 'copy', 'restore'].filter((kind) => routed.has(kind)), subscriptions: subscriptions.sort(compareStrings) };
}
