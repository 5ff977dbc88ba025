/**
 * The one answer to "can a CloudWatch alarm notice that a vault went silent, and after how long?"
 * The resolver (which silence alarms a stack gets), the monitoring construct and the posture
 * report (what is not watched, and why) all ask `silenceWatch`, so they never disagree.
 *
 * A silence alarm watches AWS/Backup NumberOfBackupJobsCompleted for one vault (Sum over one-hour
 * periods read through FILL(…, 0), so that it fires when its window ends: core/silence-alarm.ts;
 * LessThanThreshold 1, missing data breaching) and fires when no backup job has completed
 * there for as long as the plans writing to the vault can legitimately stay silent: their
 * worst-case RPO (core/rpo.ts planRpo, over the union of the rules that target the vault: the
 * longest wait from one run to the next certain completion, start and completion windows
 * included), plus one period for the metric to arrive.
 *
 * What CloudWatch can watch: "An alarm's total current evaluation period can be no longer than
 * seven days, so Period multiplied by EvaluationPeriods can't be more than 604,800 seconds. For
 * alarms with a period of less than one hour (3,600 seconds), the total evaluation period can't be
 * longer than one day (86,400 seconds)." (Amazon CloudWatch API Reference, PutMetricAlarm, Period;
 * https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/API_PutMetricAlarm.html, as
 * quoted by the AWS SDK for Kotlin reference of PutMetricAlarmRequest.period,
 * https://docs.aws.amazon.com/sdk-for-kotlin/api/latest/cloudwatch/aws.sdk.kotlin.services.cloudwatch.model/-put-metric-alarm-request/period.html).
 * With one-hour periods a silence of at most 7 days (168 periods, the margin included) can be
 * watched; a weekly or monthly rule alone cannot, and is reported as not watched.
 *
 * Continuous backup rules do not count: their worst-case RPO (5 minutes) says when the latest
 * restorable time lags, not when a backup job completes, and nothing in AWS's documentation we
 * rely on says how often their jobs complete. A vault written only by continuous rules is not
 * watched; one written by snapshot rules too is watched on the snapshot rules' RPO.
 */
import { CONTENTION_NOTE, formatMinutes, planRpo, type RpoInput } from './rpo';
import { BACKUP_METRICS_NAMESPACE } from './backup-metrics';

/** CloudWatch PutMetricAlarm limits on the evaluation range (see the module comment for the source). */
export const CLOUDWATCH_ALARM_RANGE = {
  /** Period x EvaluationPeriods for periods of at least one hour. */
  maxSecondsHourlyPeriods: 604_800,
  /** Period x EvaluationPeriods for periods under one hour. */
  maxSecondsShortPeriods: 86_400,
} as const;

/**
 * CloudWatch PutMetricAlarm: an alarm description holds at most 1,024 characters (CloudWatch API
 * reference, MetricAlarm: AlarmDescription, "Maximum length of 1024"); hashicorp/aws 5.100.0
 * refuses a longer aws_cloudwatch_metric_alarm.alarm_description at plan.
 */
export const CLOUDWATCH_ALARM_DESCRIPTION_MAX_LENGTH = 1_024;

/** The silence alarm's period: one hour, the shortest period with the 7-day evaluation range. */
export const SILENCE_PERIOD_SECONDS = 3_600;

/** Periods added to the RPO for the metric to arrive (AWS Backup publishes its metrics in batches, not at once). */
export const SILENCE_MARGIN_PERIODS = 1;

/** The metric a silence alarm watches (AWS/Backup; AWS Backup Developer Guide, "AWS Backup metrics with Amazon CloudWatch"). */
export const SILENCE_METRIC = { namespace: BACKUP_METRICS_NAMESPACE, metricName: 'NumberOfBackupJobsCompleted', dimension: 'BackupVaultName' } as const;

export type SilenceWatch =
  | {
      readonly watched: true;
      /** Worst-case RPO of the snapshot rules writing to the vault, minutes. */
      readonly rpoMinutes: number;
      readonly periodSeconds: number;
      readonly evaluationPeriods: number;
      /** periodSeconds x evaluationPeriods / 60: how long a silence lasts before the alarm fires. */
      readonly windowMinutes: number;
    }
  | {
      readonly watched: false;
      /** null: unbounded, or no snapshot rule. */
      readonly rpoMinutes: number | null;
      /** Why CloudWatch cannot watch it, in words. */
      readonly reason: string;
    };

/**
 * Whether (and how) a silence alarm can watch a vault the given rules back up into; `plans[i]` names the plan of `rules[i]`. One job
 * per resource at a time (core/job-contention.ts) holds within a plan: the union of several plans' rules counts their jobs as
 * contending, which only lengthens it, so each plan's own worst case bounds it too, and the shortest of those is taken.
 */
export function silenceWatch(rules: readonly RpoInput[], plans?: readonly string[]): SilenceWatch {
  if (rules.length === 0) return { watched: false, rpoMinutes: null, reason: 'no backup rule writes to it' };
  const snapshots = rules.filter((rule) => !rule.continuous);
  if (snapshots.length === 0) {
    return { watched: false, rpoMinutes: null, reason: 'only continuous backup rules write to it: their 5-minute RPO is not a backup job cadence an alarm can rely on' };
  }
  const byPlan = new Map<string, RpoInput[]>();
  const grouped: RpoInput[] = [];
  rules.forEach((rule, index) => {
    const plan = plans?.[index];
    if (rule.continuous) return;
    // Jobs contend within a plan (its rules select the same resources); several plans' rules are walked together only when they do.
    grouped.push(plan === undefined || !plans?.some((other) => other !== plan) ? rule : { ...rule, jobGroup: plan });
    if (plan !== undefined) byPlan.set(plan, [...(byPlan.get(plan) ?? []), rule]);
  });
  // Several plans: when one plan's own jobs contend, each plan's own worst case bounds the vault's (the shortest is taken; jobs of
  // different plans are not judged, and walking every plan's runs as one resource's would cost seconds for an hourly plan); else their union.
  const owns = byPlan.size > 1 ? [...byPlan.values()].map(planRpo) : [];
  const rpo = owns.some((own) => own.explanation === CONTENTION_NOTE)
    ? owns.reduce((best, each) => (each.minutes !== null && (best.minutes === null || each.minutes < best.minutes) ? each : best))
    : planRpo(grouped);
  if (rpo.minutes === null) {
    // A rule whose every run a rule kept longer takes makes no job here (core/rpo.ts withOverlapWinners): say so, not only "never runs".
    const taken = snapshots.every((rule) => (rule.displacedBy ?? []).length > 0 || (rule.tiedWith ?? []).length > 0);
    const kept = snapshots.some((rule) => (rule.tiedWith ?? []).length > 0) ? 'kept as long or longer' : 'kept longer';
    const why = rpo.explanation.replace(/^unbounded: /, '');
    return { watched: false, rpoMinutes: null, reason: `its worst-case RPO is unbounded (${why}${taken && why === 'never runs' ? `: another rule of the plan, ${kept}, takes every run` : ''})` };
  }
  const evaluationPeriods = Math.ceil((rpo.minutes * 60) / SILENCE_PERIOD_SECONDS) + SILENCE_MARGIN_PERIODS;
  const seconds = evaluationPeriods * SILENCE_PERIOD_SECONDS;
  if (seconds > CLOUDWATCH_ALARM_RANGE.maxSecondsHourlyPeriods) {
    return {
      watched: false,
      rpoMinutes: rpo.minutes,
      reason: `its worst-case RPO of ${formatMinutes(rpo.minutes)} plus ${SILENCE_MARGIN_PERIODS} h for the metric to arrive is longer than the 7 days a CloudWatch alarm can evaluate (Period x EvaluationPeriods <= 604,800 s)`,
    };
  }
  return { watched: true, rpoMinutes: rpo.minutes, periodSeconds: SILENCE_PERIOD_SECONDS, evaluationPeriods, windowMinutes: seconds / 60 };
}
