/**
 * How the failure alarms read AWS Backup's job metrics. CloudWatch publishes them per vault
 * (BackupVaultName) and per vault and resource type (CloudWatch, "Supported metrics for resource
 * tags for telemetry", AWS/Backup); AWS documents no series without dimensions, and public alarm
 * templates all name a vault. An alarm on the bare metric name may therefore watch a series that
 * never gets a data point and stay OK through every failure. A Metrics Insights query sums the
 * per-vault series of the account and Region instead, whatever vaults exist now or later
 * (CloudWatch, "Create a CloudWatch alarm based on a Metrics Insights query": SELECT
 * FUNCTION(metricName) FROM SCHEMA(...) for one aggregated series). The dashboard charts the same
 * series with SEARCH expressions.
 */

/** The namespace of AWS Backup's metrics. */
export const BACKUP_METRICS_NAMESPACE = 'AWS/Backup';

/** Metrics Insights alarms evaluate at most the most recent three hours of data (CloudWatch, Metrics Insights quotas). */
export const METRICS_INSIGHTS_ALARM_MAX_PERIOD_SECONDS = 10_800;

/** The Metrics Insights query of `metricName` summed over every vault of the account and Region. */
export function vaultSumQuery(metricName: string): string {
  return `SELECT SUM(${metricName}) FROM SCHEMA("${BACKUP_METRICS_NAMESPACE}", BackupVaultName)`;
}

const VAULT_SUM_QUERY = /^SELECT SUM\(([A-Za-z]+)\) FROM SCHEMA\("AWS\/Backup", BackupVaultName\)$/;

/** The metric a vaultSumQuery sums, or undefined for any other expression. */
export function metricOfVaultSumQuery(expression: string): string | undefined {
  return VAULT_SUM_QUERY.exec(expression)?.[1];
}
