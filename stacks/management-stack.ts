import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { BackupGlobalSettings } from '@cdktf/provider-aws/lib/backup-global-settings';
import { OrganizationsDelegatedAdministrator } from '@cdktf/provider-aws/lib/organizations-delegated-administrator';
import { OrganizationBackupPolicy } from '../modules/organization-backup-policy';
import { VaultProtectionPolicy } from '../modules/vault-protection-policy';
import type { ManagementStackModel } from '../config/estate-model';
import { vaultProtectionPolicyProps } from '../config/resolve-protection';
import { EstateStack, addBackend, awsProvider, outputName } from './common';
import { addImportBlocks } from './imports';

/**
 * The management account: Organizations backup policies and their attachments, the AWS Backup
 * global settings that allow cross-account copies, and the delegated administrator.
 */
export class ManagementStack extends EstateStack {
  constructor(scope: Construct, readonly model: ManagementStackModel) {
    super(scope, model.name);
    addBackend(this, model.backend);
    awsProvider(this, model);
    addImportBlocks(this, model.imports);
    if (model.crossAccountBackup !== undefined) {
      new BackupGlobalSettings(this, 'global-settings', { globalSettings: { isCrossAccountBackupEnabled: String(model.crossAccountBackup) } });
    }
    if (model.delegatedAdministratorAccountId !== undefined) {
      new OrganizationsDelegatedAdministrator(this, 'backup-delegated-administrator', {
        accountId: model.delegatedAdministratorAccountId,
        servicePrincipal: 'backup.amazonaws.com',
      });
    }
    for (const policy of model.policies) {
      const construct = new OrganizationBackupPolicy(this, `policy-${policy.key}`, {
        policyName: policy.name,
        description: policy.description,
        content: policy.content,
        targets: Object.fromEntries(policy.targets.map((target) => [target.key, target.targetId])),
      });
      new TerraformOutput(this, outputName('policy', policy.key, 'id'), { value: construct.policy.id, description: `Backup policy ${policy.name}` });
    }
    const protection = model.vaultProtection;
    if (protection) {
      const construct = new VaultProtectionPolicy(this, 'vault-protection-scp', vaultProtectionPolicyProps(protection));
      new TerraformOutput(this, 'vault_protection_scp_id', { value: construct.policy.id, description: `Service control policy ${protection.name}` });
    }
  }
}
