/**
 * The JSON body of the AWS Backup dashboard (CloudWatch dashboard body structure: widgets of type
 * text, metric and alarm; Amazon CloudWatch API Reference, "Dashboard Body Structure and Syntax").
 * Pure: the construct is ./backup-monitoring.ts.
 *
 * Metrics are AWS/Backup's (AWS Backup Developer Guide, "AWS Backup metrics with Amazon
 * CloudWatch"): NumberOfBackupJobsCompleted, -Failed, -Aborted, -Expired; NumberOfCopyJobsCompleted,
 * -Failed; NumberOfRestoreJobsCompleted, -Failed; NumberOfRecoveryPointsCompleted. Each is charted
 * with a SEARCH expression on its name (and the vault name for recovery points), so every series
 * AWS Backup publishes shows, whatever dimensions (resource type, vault name) it carries.
 */

/** Metric names by widget (see the module comment for the source). */
export const DASHBOARD_METRICS = {
  backup: { completed: 'NumberOfBackupJobsCompleted', failed: 'NumberOfBackupJobsFailed', aborted: 'NumberOfBackupJobsAborted', expired: 'NumberOfBackupJobsExpired' },
  copy: { completed: 'NumberOfCopyJobsCompleted', failed: 'NumberOfCopyJobsFailed' },
  restore: { completed: 'NumberOfRestoreJobsCompleted', failed: 'NumberOfRestoreJobsFailed' },
  recoveryPoints: 'NumberOfRecoveryPointsCompleted',
} as const;

/** Charts sum jobs per hour. */
const PERIOD_SECONDS = 3600;

export interface DashboardBodyInput {
  readonly region: string;
  readonly title: string;
  readonly vaultNames: readonly string[];
  /** Alarm ARNs (or references) whose state the alarm widget shows. */
  readonly alarmArns: readonly string[];
  /** Markdown lines under the title. */
  readonly notes: readonly string[];
}

const search = (terms: string): string => `SEARCH('Namespace="AWS/Backup" ${terms}', 'Sum', ${PERIOD_SECONDS})`;

function metricWidget(title: string, series: readonly [label: string, terms: string][], region: string, position: { x: number; y: number }): Record<string, unknown> {
  return {
    type: 'metric',
    x: position.x,
    y: position.y,
    width: 12,
    height: 6,
    properties: {
      title,
      region,
      view: 'timeSeries',
      stacked: false,
      period: PERIOD_SECONDS,
      stat: 'Sum',
      metrics: series.map(([label, terms], index) => [{ expression: search(terms), id: `e${index + 1}`, label }]),
    },
  };
}

const byName = (metrics: Readonly<Record<string, string>>): [string, string][] => Object.entries(metrics).map(([label, name]) => [label, `MetricName="${name}"`]);

/** The dashboard body as a JSON string: title and notes, four metric widgets, the alarms' states. */
export function dashboardBody(input: DashboardBodyInput): string {
  const { region } = input;
  const notes = input.notes.length > 0 ? `\n\n${input.notes.join('\n')}` : '';
  const widgets: Record<string, unknown>[] = [
    { type: 'text', x: 0, y: 0, width: 24, height: 3, properties: { markdown: `# ${input.title}${notes}` } },
    metricWidget('Backup jobs', byName(DASHBOARD_METRICS.backup), region, { x: 0, y: 3 }),
    metricWidget('Copy jobs', byName(DASHBOARD_METRICS.copy), region, { x: 12, y: 3 }),
    metricWidget('Restore jobs', byName(DASHBOARD_METRICS.restore), region, { x: 0, y: 9 }),
    metricWidget(
      'Recovery points completed per vault',
      input.vaultNames.length === 0
        ? [['every vault', `MetricName="${DASHBOARD_METRICS.recoveryPoints}"`]]
        : input.vaultNames.map((name): [string, string] => [name, `MetricName="${DASHBOARD_METRICS.recoveryPoints}" BackupVaultName="${name}"`]),
      region,
      { x: 12, y: 9 },
    ),
  ];
  if (input.alarmArns.length > 0) {
    widgets.push({ type: 'alarm', x: 0, y: 15, width: 24, height: 4, properties: { title: 'Alarms', alarms: [...input.alarmArns] } });
  }
  return JSON.stringify({ widgets });
}
