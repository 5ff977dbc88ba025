import { Construct } from 'constructs';
import { TerraformOutput } from 'cdktf';
import { AirGappedVault } from '../modules/air-gapped-vault';
import { BackupVault } from '../modules/backup-vault';
import type { CentralStackModel } from '../config/estate-model';
import { EstateStack, addBackend, awsProvider } from './common';
import { addImportBlocks } from './imports';
import { BackupReportBucket } from '../modules/report-bucket';
import { addReportPlans, keyProtectionProps } from './protection';
import { centralKeyProps } from '../config/key-props';

/**
 * The central backup account in one Region: the vault that receives cross-account copies from the
 * whole organization (copy-in only, aws:PrincipalOrgID), encrypted with a key the organization may
 * use through AWS Backup, locked, and protected from deletion; optionally a logically air-gapped
 * vault beside it.
 */
export class CentralBackupStack extends EstateStack {
  constructor(scope: Construct, readonly model: CentralStackModel) {
    super(scope, model.name);
    addBackend(this, model.backend);
    awsProvider(this, model);
    addImportBlocks(this, model.imports);
    const { vault, organizationId } = model;
    const accessPolicy = { ...vault.accessPolicy, allowCopiesFromOrganization: organizationId };
    const central = new BackupVault(this, 'central-vault', {
      vaultName: vault.name,
      dedicatedKey: centralKeyProps(model),
      lock: vault.lock,
      accessPolicy,
      preventDestroy: vault.preventDestroy,
    });
    new TerraformOutput(this, 'central_vault_arn', { value: central.arn, description: `Central vault ${vault.name} (${model.region})` });
    if (central.key) new TerraformOutput(this, 'central_vault_key_arn', { value: central.key.arn, description: 'KMS key of the central vault' });
    if (model.airGapped) {
      const airGapped = new AirGappedVault(this, 'air-gapped-vault', {
        vaultName: model.airGapped.name,
        minRetentionDays: model.airGapped.minRetentionDays,
        maxRetentionDays: model.airGapped.maxRetentionDays,
        accessPolicy,
        preventDestroy: vault.preventDestroy,
      });
      new TerraformOutput(this, 'air_gapped_vault_arn', { value: airGapped.arn, description: `Logically air-gapped vault ${model.airGapped.name}` });
    }
    if (model.reports) {
      // Multi-account report plans: the backup account is the AWS Backup delegated administrator.
      const { bucket, plans } = model.reports;
      const bucketName = bucket.create
        ? new BackupReportBucket(this, 'report-bucket', { bucketName: bucket.name, account: model.account, expireAfterDays: bucket.expireAfterDays, keyProtection: keyProtectionProps(bucket.keyProtection) }).bucketName
        : bucket.name;
      addReportPlans(this, plans, bucketName);
    }
  }
}
