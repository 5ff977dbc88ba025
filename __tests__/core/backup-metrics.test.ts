/** The failure alarms' Metrics Insights query and its reader (core/backup-metrics.ts): one answer for the alarms and the report. */
import { metricOfVaultSumQuery, vaultSumQuery } from '../../core/backup-metrics';

describe('vaultSumQuery', () => {
  it('sums a metric over the per-vault series of AWS/Backup, and the report reads the metric back', () => {
    expect(vaultSumQuery('NumberOfBackupJobsFailed')).toBe('SELECT SUM(NumberOfBackupJobsFailed) FROM SCHEMA("AWS/Backup", BackupVaultName)');
    expect(metricOfVaultSumQuery(vaultSumQuery('NumberOfCopyJobsFailed'))).toBe('NumberOfCopyJobsFailed');
  });

  it('reads no metric from another query (another namespace, a filter, a grouping)', () => {
    expect(metricOfVaultSumQuery('SELECT SUM(NumberOfBackupJobsFailed) FROM SCHEMA("AWS/EC2", BackupVaultName)')).toBeUndefined();
    expect(metricOfVaultSumQuery(`${vaultSumQuery('NumberOfBackupJobsFailed')} WHERE BackupVaultName = 'main'`)).toBeUndefined();
    expect(metricOfVaultSumQuery('SEARCH(\'Namespace="AWS/Backup"\', \'Sum\', 3600)')).toBeUndefined();
  });
});
