/**
 * How the failure alarms read AWS Backup's job metrics. CloudWatch publishes each of them under
 * BackupVaultName and under BackupVaultName + ResourceType ("each bullet in the Dimensions column is
 * a combination of dimensions that are published together": CloudWatch, "Supported metrics for
 * resource tags for telemetry", AWS/Backup, restore and copy jobs included; AWS Backup Developer
 * Guide, "AWS Backup metrics with Amazon CloudWatch": "Resource type, vault name. The vault name of
 * copy jobs is that of their destination vault."; "More dimensions are available beyond those
 * listed", none documented without a dimension). An alarm on the bare metric name matches only a
 * series with no dimensions, which neither page lists: it could stay OK through every failure. A
 * Metrics Insights query sums the per-vault series of the account and Region instead, whatever
 * vaults exist now or later (CloudWatch, "Create a CloudWatch alarm based on a Metrics Insights
 * query": SELECT FUNCTION(metricName) FROM SCHEMA(...) for one aggregated series); SCHEMA matches
 * "only those metrics that have that exact set of dimensions" (Metrics Insights query components),
 * so each job counts once, not again in its per-resource-type series. The metrics are reported only
 * when nonzero ("Reporting criteria: There is a nonzero value"), hence missing data not breaching.
 * The dashboard charts the same series with SEARCH expressions.
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
