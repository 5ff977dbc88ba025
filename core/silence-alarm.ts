/**
 * The one reading of a silence alarm (core/silence.ts SILENCE_METRIC) in Terraform values, and the
 * metric math the monitoring construct writes it with: the posture report, report --base and the
 * plan guard all ask `readSilenceAlarm`, so they agree on which alarm watches which vault, after how
 * long, whether that window is exact, and whether a silent period breaches its threshold.
 *
 * Why metric math. AWS Backup reports NumberOfBackupJobsCompleted only when it is nonzero (AWS Backup
 * Developer Guide, "AWS Backup metrics with Amazon CloudWatch": "Reporting criteria: There is a
 * nonzero value"), so an hour without a completed job has no data point. An alarm on the bare metric
 * fills missing data only when too few real data points are found, and "any real data points in the
 * evaluation range, no matter when they were reported, are included in the evaluation" (CloudWatch
 * User Guide, "How alarm state is evaluated when data is missing"; the evaluation range is "a higher
 * number of data points than specified by Evaluation Periods"): with N of N periods it fires only once
 * the last completed job's data point has left that range, some hours after its N periods, so its
 * window is a lower bound. FILL "fills the missing values of a time series" (CloudWatch User Guide,
 * "Using metric math", FILL; FILL(m1, 0) gives every period without a data point the value 0), so the
 * alarm's input has a value for every period and the N most recent are the last N periods: it fires
 * when N periods pass without a completed job. Missing data stays breaching for the case AWS does not
 * document, a range where the metric has no data point at all (a new vault, or a silence longer than
 * the range): whether FILL then returns zeros or nothing, the alarm fires. AWS's caution on FILL in
 * alarms (a most recent period that never has data stays at the fill value) only errs towards firing
 * here, and the window's margin period (SILENCE_MARGIN_PERIODS) is for the metric to arrive.
 */
import { isRecord } from './order';
import { blocks } from './terraform-json';
import { SILENCE_METRIC } from './silence';

/** The ids (a lowercase first letter: CloudWatch metric math) and the expression of the silence alarm's metric_query blocks. */
export const SILENCE_QUERY = { metricId: 'completed', expressionId: 'filled', expression: 'FILL(completed, 0)' } as const;

/** A silence alarm as its Terraform values say. */
export interface SilenceAlarmReading {
  /** The BackupVaultName dimension as written: a vault name, or a reference to one. */
  readonly vault: unknown;
  readonly periodSeconds?: number;
  readonly evaluationPeriods?: number;
  readonly treatMissingData: unknown;
  /**
   * true: the alarm reads FILL(metric, 0), a value for every period, and fires when its window ends.
   * false: it reads the bare metric (a stack synthesized before the metric math, or written by
   * hand), and fires only once the last completed job has left CloudWatch's evaluation range: its
   * window (period x evaluation periods) is the least it waits.
   */
  readonly exact: boolean;
  /**
   * Whether a period without a completed job breaches its threshold. The bare metric has no data point then: missing data, whose
   * treatment is judged apart (treatMissingData). FILL(…, 0) gives it the value 0, which breaches only a threshold and comparison 0
   * meets (LessThanThreshold 1 does; LessThanThreshold 0 never does, so that alarm never fires on a silence).
   */
  readonly silenceBreaches: boolean;
}

const numberOf = (value: unknown): number | undefined => (typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value)) ? Number(value) : undefined);
const vaultOf = (dimensions: unknown): unknown => (isRecord(dimensions) ? dimensions[SILENCE_METRIC.dimension] : undefined);
const isSilenceMetric = (namespace: unknown, metricName: unknown, dimensions: unknown): boolean =>
  namespace === SILENCE_METRIC.namespace && metricName === SILENCE_METRIC.metricName && vaultOf(dimensions) !== undefined;
/** Whether 0 meets `threshold` by `operator` (CloudWatch's static comparisons; false for a band or a threshold that is not a number). */
const zeroBreaches = (operator: unknown, threshold: unknown): boolean => {
  const limit = numberOf(threshold);
  if (limit === undefined) return false;
  return operator === 'LessThanThreshold' ? 0 < limit : operator === 'LessThanOrEqualToThreshold' ? 0 <= limit : operator === 'GreaterThanThreshold' ? 0 > limit : operator === 'GreaterThanOrEqualToThreshold' && 0 >= limit;
};
const returned = (query: Record<string, unknown>): boolean => query.return_data === true || query.return_data === 'true';

/** Whether `expression` is FILL(`id`, 0): the metric with every missing period set to 0. */
const fillsWithZero = (expression: unknown, id: string): boolean => typeof expression === 'string' && /^FILL\((.+),0(\.0*)?\)$/.exec(expression.replace(/\s+/g, ''))?.[1] === id;

/**
 * The BackupVaultName of the AWS/Backup NumberOfBackupJobsCompleted series an aws_cloudwatch_metric_alarm reads, whatever it makes
 * of it (the bare metric, or any metric_query block), or undefined when it reads none: an alarm readSilenceAlarm does not read as a
 * silence alarm is still one on the vault, whose silence backup-estate then does not judge.
 */
export function silenceMetricVault(attributes: Readonly<Record<string, unknown>>): unknown {
  if (isSilenceMetric(attributes.namespace, attributes.metric_name, attributes.dimensions)) return vaultOf(attributes.dimensions);
  const metric = blocks(attributes.metric_query)
    .map((query) => blocks(query.metric)[0])
    .find((candidate) => candidate !== undefined && isSilenceMetric(candidate.namespace, candidate.metric_name, candidate.dimensions));
  return metric === undefined ? undefined : vaultOf(metric.dimensions);
}

/**
 * The silence alarm an aws_cloudwatch_metric_alarm's values (a stack's JSON, or a plan's before/after) describe, or undefined when
 * it watches no AWS/Backup NumberOfBackupJobsCompleted series of a vault: either shape, the bare metric (namespace, metric_name,
 * dimensions) or metric_query blocks whose one returned series is the metric itself or FILL(metric, 0). Any other expression of the
 * metric is not read as a silence alarm: what it does on a silence is not judged (silenceMetricVault still names its vault).
 */
export function readSilenceAlarm(attributes: Readonly<Record<string, unknown>>): SilenceAlarmReading | undefined {
  const common = { evaluationPeriods: numberOf(attributes.evaluation_periods), treatMissingData: attributes.treat_missing_data };
  if (isSilenceMetric(attributes.namespace, attributes.metric_name, attributes.dimensions)) {
    return { vault: vaultOf(attributes.dimensions), periodSeconds: numberOf(attributes.period), exact: false, silenceBreaches: true, ...common };
  }
  const queries = blocks(attributes.metric_query);
  const results = queries.filter(returned);
  if (results.length !== 1) return undefined;
  const [result] = results as [Record<string, unknown>];
  // A plan gives a metric's query an empty expression.
  const metricQuery = typeof result.expression === 'string' && result.expression.trim() !== '' ? queries.find((query) => typeof query.id === 'string' && fillsWithZero(result.expression, query.id)) : result;
  const metric = blocks(metricQuery?.metric)[0];
  if (metricQuery === undefined || metric === undefined || !isSilenceMetric(metric.namespace, metric.metric_name, metric.dimensions)) return undefined;
  const exact = metricQuery !== result;
  return { vault: vaultOf(metric.dimensions), periodSeconds: numberOf(metric.period), exact, silenceBreaches: !exact || zeroBreaches(attributes.comparison_operator, attributes.threshold), ...common };
}
