/**
 * The props of the KMS keys the stacks create, from the estate model: the vault keys (shared,
 * dedicated, central) and the deny of deletion of every key. One builder for the stacks (which pass
 * the roles they create by reference) and the config rules (which pass the model's ARNs and so
 * measure the key policy KMS will receive: ./key-policy-rules.ts).
 */
import type { BackupKmsKeyProps, KeyProtectionProps } from '../modules/kms-key';
import type { CentralStackModel, KeyModel, VaultModel, WorkloadStackModel } from './estate-model';
import type { KeyProtectionModel } from './estate-model-protection';

/** Vault key props without the construct's own (provider, preventDestroy). */
export type VaultKeyProps = Omit<BackupKmsKeyProps, 'provider' | 'preventDestroy'>;

/** The props of a key's protection (BackupKmsKey, BackupAlerts, BackupReportBucket) (denyKeyDeletion false when the model has none). */
export function keyProtectionProps(protection: KeyProtectionModel | undefined): KeyProtectionProps {
  if (!protection) return { denyKeyDeletion: false };
  return { breakGlassPrincipals: protection.breakGlassPrincipals, ...(protection.deployRoleArn !== undefined ? { deployRoleArn: protection.deployRoleArn } : {}) };
}

/** A key of the config's keys map in a workload stack. */
export function sharedKeyProps(stack: WorkloadStackModel, key: KeyModel, backupRoleArns: readonly string[]): VaultKeyProps {
  return {
    account: stack.account,
    backupRoleArns,
    copyDestinationAccounts: key.copyDestinationAccounts,
    ...(key.receivesCopiesFromOtherAccounts === true ? { receivesCopiesFromOtherAccounts: true } : {}),
    alias: key.alias,
    description: key.description,
    deletionWindowInDays: key.deletionWindowInDays,
    administrators: key.administrators,
    tags: key.tags,
    ...keyProtectionProps(key.protection),
  };
}

/** The dedicated key of a workload vault. */
export function dedicatedKeyProps(stack: WorkloadStackModel, vault: VaultModel, backupRoleArns: readonly string[]): VaultKeyProps | undefined {
  const { encryption } = vault;
  if (encryption.kind !== 'dedicated') return undefined;
  return {
    account: stack.account,
    backupRoleArns,
    copyDestinationAccounts: vault.copyDestinationAccounts,
    ...(vault.receivesCopiesFromOtherAccounts === true ? { receivesCopiesFromOtherAccounts: true } : {}),
    alias: encryption.alias,
    description: `AWS Backup vault key for ${vault.name}`,
    ...keyProtectionProps(vault.keyProtection),
  };
}

/** The key of the central vault: the organization copies into it through AWS Backup. */
export function centralKeyProps(model: CentralStackModel): VaultKeyProps {
  const { vault, organizationId } = model;
  return {
    account: model.account,
    backupRoleArns: [],
    organizationId,
    administrators: vault.keyAdministrators,
    alias: `alias/backup/${vault.name}`,
    description: `AWS Backup central vault key for ${vault.name}`,
    ...keyProtectionProps(vault.keyProtection),
  };
}
