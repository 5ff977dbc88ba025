/** core/silence-alarm.ts: a silence alarm read from Terraform values, either shape, and whether its window is exact. */
import { readSilenceAlarm, SILENCE_QUERY, silenceMetricVault } from '../../core/silence-alarm';

const metric = { namespace: 'AWS/Backup', metric_name: 'NumberOfBackupJobsCompleted', dimensions: { BackupVaultName: 'prod-main' }, stat: 'Sum', period: 3600 };
const common = { evaluation_periods: 29, datapoints_to_alarm: 29, threshold: 1, comparison_operator: 'LessThanThreshold', treat_missing_data: 'breaching' };
/** As the monitoring construct writes it (cdk.tf.json: a nested block as an object). */
const filled = { ...common, metric_query: [{ id: 'completed', metric, return_data: false }, { id: 'filled', expression: 'FILL(completed, 0)', return_data: true }] };
/** As the previous version wrote it, or a hand-written alarm. */
const bare = { ...common, namespace: 'AWS/Backup', metric_name: 'NumberOfBackupJobsCompleted', dimensions: { BackupVaultName: 'prod-main' }, statistic: 'Sum', period: 3600 };

describe('readSilenceAlarm', () => {
  it('reads the FILL(…, 0) shape as exact: every period has a value, so it fires when its window ends', () => {
    expect(readSilenceAlarm(filled)).toEqual({ vault: 'prod-main', periodSeconds: 3600, evaluationPeriods: 29, treatMissingData: 'breaching', exact: true, silenceBreaches: true });
    expect(SILENCE_QUERY.expression).toBe('FILL(completed, 0)');
  });

  it('reads it in a plan too: nested blocks as lists, an empty expression on the metric query, null top-level metric', () => {
    const planned = {
      ...common,
      namespace: null,
      metric_name: null,
      dimensions: {},
      period: null,
      metric_query: [
        { account_id: '', expression: '', id: 'completed', label: '', metric: [{ ...metric, unit: '' }], period: null, return_data: false },
        { account_id: '', expression: 'FILL(completed, 0)', id: 'filled', label: 'x', metric: [], period: null, return_data: true },
      ],
    };
    expect(readSilenceAlarm(planned)).toEqual({ vault: 'prod-main', periodSeconds: 3600, evaluationPeriods: 29, treatMissingData: 'breaching', exact: true, silenceBreaches: true });
  });

  it('reads the bare metric, and a metric query that returns the metric itself, as a lower bound: CloudWatch counts a real data point anywhere in its evaluation range', () => {
    expect(readSilenceAlarm(bare)).toEqual({ vault: 'prod-main', periodSeconds: 3600, evaluationPeriods: 29, treatMissingData: 'breaching', exact: false, silenceBreaches: true });
    const returned = { ...common, metric_query: [{ id: 'm1', metric, return_data: true }] };
    expect(readSilenceAlarm(returned)).toMatchObject({ vault: 'prod-main', exact: false });
  });

  it('takes FILL with any id and spacing, and FILL(…, 0.0)', () => {
    const query = (expression: string) => ({ ...common, metric_query: [{ id: 'm1', metric, return_data: false }, { id: 'e1', expression, return_data: true }] });
    expect(readSilenceAlarm(query('FILL( m1 ,0 )'))).toMatchObject({ exact: true });
    expect(readSilenceAlarm(query('FILL(m1, 0.0)'))).toMatchObject({ exact: true });
  });

  it('does not read another expression of the metric as a silence alarm: what it does on a silence is not judged', () => {
    const query = (expression: string) => ({ ...common, metric_query: [{ id: 'm1', metric, return_data: false }, { id: 'e1', expression, return_data: true }] });
    for (const expression of ['FILL(m1, 1)', 'FILL(m1, REPEAT)', 'm1 * 2', 'FILL(m2, 0)']) {
      expect(readSilenceAlarm(query(expression))).toBeUndefined();
      // Still an alarm on the vault's series, which the report lists as not watched, and why.
      expect(silenceMetricVault(query(expression))).toBe('prod-main');
    }
    expect(silenceMetricVault(bare)).toBe('prod-main');
    expect(silenceMetricVault({ ...bare, metric_name: 'NumberOfBackupJobsFailed' })).toBeUndefined();
    // Another metric, or another vault dimension.
    expect(readSilenceAlarm({ ...bare, metric_name: 'NumberOfBackupJobsFailed' })).toBeUndefined();
    expect(readSilenceAlarm({ ...bare, dimensions: { ResourceType: 'EBS' } })).toBeUndefined();
    expect(readSilenceAlarm({ ...common, metric_query: [{ id: 'completed', metric: { ...metric, metric_name: 'NumberOfCopyJobsCompleted' }, return_data: false }, filled.metric_query[1]] })).toBeUndefined();
  });

  it('says whether a period without a completed job breaches its threshold (found by the final read: the report read LessThanThreshold 0 as watched)', () => {
    // FILL(…, 0) gives such a period the value 0: it breaches only a comparison 0 meets.
    const breaches = (comparison_operator: string, threshold: unknown) => readSilenceAlarm({ ...filled, comparison_operator, threshold })?.silenceBreaches;
    expect([breaches('LessThanThreshold', 1), breaches('LessThanThreshold', 0.5), breaches('LessThanOrEqualToThreshold', 0), breaches('GreaterThanOrEqualToThreshold', 0)]).toEqual([true, true, true, true]);
    expect([breaches('LessThanThreshold', 0), breaches('LessThanOrEqualToThreshold', -1), breaches('GreaterThanThreshold', 0), breaches('LessThanLowerThreshold', 1), breaches('LessThanThreshold', '${var.t}')]).toEqual([false, false, false, false, false]);
    // The bare metric has no data point then: missing data, breaching whatever the threshold (treat_missing_data is judged apart).
    expect(readSilenceAlarm({ ...bare, threshold: 0 })?.silenceBreaches).toBe(true);
  });
});
