/**
 * A vault named central or central-air-gapped (plain AWS names) must not take the config keys
 * reserved for the organization's central vaults: adopt crashed (internal error, exit 2).
 */
import { renameSync } from 'node:fs';
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { editJson, messyExport, removeScratch } from './messy-export';

afterAll(removeScratch);

describe('a vault named central', () => {
  it('gets another key, keeps its name, and is imported', () => {
    const from = messyExport((account) => {
      editJson(join(account, 'eu-west-1/backup-vaults.json'), (list) => {
        const vault = list.BackupVaultList.find((entry: any) => entry.BackupVaultName === 'prod-main');
        Object.assign(vault, { BackupVaultName: 'central', BackupVaultArn: vault.BackupVaultArn.replace('prod-main', 'central') });
      });
      renameSync(join(account, 'eu-west-1/vaults/prod-main'), join(account, 'eu-west-1/vaults/central'));
      editJson(join(account, 'eu-west-1/vaults/central/describe.json'), (vault) => Object.assign(vault, { BackupVaultName: 'central', BackupVaultArn: vault.BackupVaultArn.replace('prod-main', 'central') }));
      for (const id of ['5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b']) editJson(join(account, 'eu-west-1/plans', id, 'plan.json'), (plan) => plan.BackupPlan.Rules.forEach((rule: any) => (rule.TargetBackupVaultName = 'central')));
    });
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    const config = result.config as any;
    expect(config.vaults.central).toBeUndefined();
    expect(config.vaults['central-eu-west-1'].name).toBe('central');
    expect(config.plans['prod-daily'].vault).toBe('central-eu-west-1');
    expect(result.imports.filter((row) => row.id === 'central').map((row) => row.address.split('.')[0])).toEqual(['aws_backup_vault', 'aws_backup_vault_lock_configuration', 'aws_backup_vault_policy']);
  });
});
