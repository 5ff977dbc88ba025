/** BackupMonitoring: silence alarms and the dashboard, through the cdktf matchers and the synthesized JSON. */
import { Testing } from 'cdktf';
import { CloudwatchMetricAlarm } from '@cdktf/provider-aws/lib/cloudwatch-metric-alarm';
import { CloudwatchDashboard } from '@cdktf/provider-aws/lib/cloudwatch-dashboard';
import { BackupMonitoring, BackupMonitoringProps, checkBackupMonitoringProps } from '../../modules/backup-monitoring';
import { dashboardBody, DASHBOARD_METRICS } from '../../modules/backup-monitoring-dashboard';
import { ACCOUNT, expectValidationError, Json, onlyResource, synth } from './helpers';

const CONSTRUCT = 'BackupMonitoring stack/monitoring';
const TOPIC = 'arn:aws:sns:eu-west-1:111122223333:aws-backup-alerts';

const props = (extra: Partial<BackupMonitoringProps> = {}): BackupMonitoringProps => ({
  account: ACCOUNT,
  silenceAlarms: { main: { vaultName: 'prod-main', periodSeconds: 3600, evaluationPeriods: 29, plans: ['gold', 'silver'], rpoMinutes: 28 * 60 } },
  alarmActions: [TOPIC],
  dashboard: { dashboardName: 'aws-backup-eu-west-1', alarmArns: ['arn:aws:cloudwatch:eu-west-1:111122223333:alarm:aws-backup-alerts-backup-jobs-failed'], notes: ['- vault pitr: not watched'] },
  ...extra,
});

describe('BackupMonitoring silence alarms', () => {
  it('alarms when no backup job completed in the vault for period x evaluation periods: FILL(…, 0) gives every period a value, missing data breaching', () => {
    const out = synth((scope) => new BackupMonitoring(scope, 'monitoring', props()));
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, {
      alarm_name: 'aws-backup-silence-prod-main',
      metric_query: [
        { id: 'completed', metric: { namespace: 'AWS/Backup', metric_name: 'NumberOfBackupJobsCompleted', dimensions: { BackupVaultName: 'prod-main' }, stat: 'Sum', period: 3600 }, return_data: false },
        { id: 'filled', expression: 'FILL(completed, 0)', label: 'NumberOfBackupJobsCompleted (0 when none)', return_data: true },
      ],
      evaluation_periods: 29,
      datapoints_to_alarm: 29,
      threshold: 1,
      comparison_operator: 'LessThanThreshold',
      treat_missing_data: 'breaching',
      alarm_actions: [TOPIC],
    });
    const { config } = onlyResource(out, 'aws_cloudwatch_metric_alarm');
    // With metric_query, PutMetricAlarm takes no metric, statistic or period of its own.
    for (const key of ['namespace', 'metric_name', 'dimensions', 'statistic', 'period']) expect(config[key]).toBeUndefined();
    expect(config.alarm_description).toBe(
      'No AWS Backup backup job completed in vault prod-main for 29 h (worst-case RPO of plans gold, silver 28 h, plus 1 h for the metric) in 111122223333 eu-west-1. A selection that matches nothing, retagged resources, an opted-out resource type or a deleted plan look like this: no job fails, none runs (when no other plan writes to this vault: one plan of several going quiet is not seen here).',
    );
  });

  it('counts the plans instead of naming them when their names would take the description past the 1,024 characters CloudWatch allows (Terraform refuses it at plan)', () => {
    const plans = Array.from({ length: 14 }, (_, index) => `P${String(index).padStart(2, '0')}${'p'.repeat(47)}`);
    const out = synth((scope) => new BackupMonitoring(scope, 'monitoring', props({ silenceAlarms: { main: { vaultName: 'prod-main', periodSeconds: 3600, evaluationPeriods: 16, plans, rpoMinutes: 15 * 60 } } })));
    const { config } = onlyResource(out, 'aws_cloudwatch_metric_alarm');
    expect(config.alarm_description).toBe(
      'No AWS Backup backup job completed in vault prod-main for 16 h (worst-case RPO of 14 plans 15 h, plus 1 h for the metric) in 111122223333 eu-west-1. A selection that matches nothing, retagged resources, an opted-out resource type or a deleted plan look like this: no job fails, none runs (when no other plan writes to this vault: one plan of several going quiet is not seen here).',
    );
    const two = synth((scope) => new BackupMonitoring(scope, 'monitoring', props({ silenceAlarms: { main: { vaultName: 'prod-main', periodSeconds: 3600, evaluationPeriods: 16, plans: plans.slice(0, 2), rpoMinutes: 15 * 60 } } })));
    expect(onlyResource(two, 'aws_cloudwatch_metric_alarm').config.alarm_description).toContain(`of plans ${plans[0]}, ${plans[1]} 15 h`);
  });

  it('takes a name prefix, and has no action without alarmActions', () => {
    const out = synth((scope) => new BackupMonitoring(scope, 'monitoring', props({ namePrefix: 'team-a', alarmActions: undefined })));
    expect(out).toHaveResourceWithProperties(CloudwatchMetricAlarm, { alarm_name: 'team-a-silence-prod-main' });
    expect(onlyResource(out, 'aws_cloudwatch_metric_alarm').config.alarm_actions).toBeUndefined();
  });

  it('refuses windows CloudWatch cannot evaluate, with the limit and its reason', () => {
    const bad = { silenceAlarms: { main: { vaultName: 'prod-main', periodSeconds: 3600, evaluationPeriods: 169 }, short: { vaultName: 'x', periodSeconds: 300, evaluationPeriods: 289 }, odd: { vaultName: 'prod-main', periodSeconds: 90, evaluationPeriods: 1 }, none: { vaultName: 'prod-main', periodSeconds: 3600, evaluationPeriods: 0 } } };
    expectValidationError(() => synth((scope) => new BackupMonitoring(scope, 'monitoring', props(bad))), CONSTRUCT, [
      { path: 'silenceAlarms.main.evaluationPeriods', message: '169 periods of 3600 s are 608400 s; CloudWatch evaluates at most 604800 s (7 days) for periods of an hour or more' },
      { path: 'silenceAlarms.short.vaultName', message: '"x" must be 2-50 characters of A-Z a-z 0-9 _ -' },
      { path: 'silenceAlarms.short.evaluationPeriods', message: '289 periods of 300 s are 86700 s; CloudWatch evaluates at most 86400 s (1 day) for periods under an hour' },
      { path: 'silenceAlarms.odd.periodSeconds', message: 'must be a multiple of 60 seconds; got 90' },
      { path: 'silenceAlarms.none.evaluationPeriods', message: 'must be a whole number of periods, 1 or more; got 0' },
    ]);
  });

  it('refuses a bad prefix, alarm key and dashboard name', () => {
    const problems = checkBackupMonitoringProps(props({ namePrefix: 'bad prefix', silenceAlarms: { '1st': { vaultName: 'prod-main', periodSeconds: 3600, evaluationPeriods: 2 } }, dashboard: { dashboardName: 'my dashboard' } }));
    expect(problems.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'namePrefix: "bad prefix" must be 1-100 characters of A-Z a-z 0-9 _ -',
      'silenceAlarms.1st: silence alarm name "1st" must be 1-50 characters of A-Z a-z 0-9 _ -, starting with a letter',
      'dashboard.dashboardName: "my dashboard" must be 1-255 characters of A-Z a-z 0-9 _ -',
    ]);
  });
});

describe('BackupMonitoring dashboard', () => {
  const out = synth((scope) => new BackupMonitoring(scope, 'monitoring', props()));
  const body: Json = JSON.parse(onlyResource(out, 'aws_cloudwatch_dashboard').config.dashboard_body);

  it('is one aws_cloudwatch_dashboard with the given name', () => {
    expect(out).toHaveResourceWithProperties(CloudwatchDashboard, { dashboard_name: 'aws-backup-eu-west-1' });
  });

  it('charts backup jobs completed, failed, aborted and expired; copy and restore jobs; recovery points per vault', () => {
    const titles = body.widgets.map((widget: Json) => widget.properties.title ?? widget.properties.markdown.split('\n')[0]);
    expect(titles).toEqual(['# AWS Backup · 111122223333 · eu-west-1', 'Backup jobs', 'Copy jobs', 'Restore jobs', 'Recovery points completed per vault', 'Alarms']);
    const backup = body.widgets[1].properties;
    expect(backup.region).toBe('eu-west-1');
    expect(backup.metrics.map((metric: Json) => metric[0].label)).toEqual(['completed', 'failed', 'aborted', 'expired']);
    expect(backup.metrics[0][0].expression).toBe(`SEARCH('Namespace="AWS/Backup" MetricName="NumberOfBackupJobsCompleted"', 'Sum', 3600)`);
    expect(body.widgets[2].properties.metrics.map((metric: Json) => metric[0].expression)).toEqual(Object.values(DASHBOARD_METRICS.copy).map((name) => `SEARCH('Namespace="AWS/Backup" MetricName="${name}"', 'Sum', 3600)`));
    expect(body.widgets[4].properties.metrics).toEqual([[{ expression: `SEARCH('Namespace="AWS/Backup" MetricName="NumberOfRecoveryPointsCompleted" BackupVaultName="prod-main"', 'Sum', 3600)`, id: 'e1', label: 'prod-main' }]]);
  });

  it("shows the states of the silence alarms and of the given alarms, and the notes", () => {
    expect(body.widgets[5]).toMatchObject({ type: 'alarm', properties: { alarms: ['${aws_cloudwatch_metric_alarm.monitoring_silence-main_A13742E6.arn}', 'arn:aws:cloudwatch:eu-west-1:111122223333:alarm:aws-backup-alerts-backup-jobs-failed'] } });
    expect(body.widgets[0].properties.markdown).toBe('# AWS Backup · 111122223333 · eu-west-1\n\n- vault pitr: not watched');
  });

  it('has no alarm widget without alarms, and charts every vault without vault names', () => {
    const plain: Json = JSON.parse(dashboardBody({ region: 'us-east-1', title: 't', vaultNames: [], alarmArns: [], notes: [] }));
    expect(plain.widgets.map((widget: Json) => widget.type)).toEqual(['text', 'metric', 'metric', 'metric', 'metric']);
    expect(plain.widgets[4].properties.metrics[0][0].label).toBe('every vault');
  });

  it('is left out without the dashboard prop', () => {
    const none = Testing.synthScope((scope) => new BackupMonitoring(scope, 'monitoring', props({ dashboard: undefined })));
    expect(JSON.parse(none).resource.aws_cloudwatch_dashboard).toBeUndefined();
  });
});
