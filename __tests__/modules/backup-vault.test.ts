import { Testing } from 'cdktf';
import { KmsKey } from '@cdktf/provider-aws/lib/kms-key';
import { BackupVault as AwsBackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import { BackupVault, BackupVaultProps, checkVaultProps, vaultAccessPolicy } from '../../modules/backup-vault';
import { ACCOUNT, BACKUP_ROLE, expectValidationError, KEY_ARN, onlyResource, parsePolicy, resourcesOf, stackWithProviders, synth } from './helpers';
import { checkAirGappedVaultProps } from '../../modules/air-gapped-vault';
import { configWith, findings } from '../support/configs';

const BREAK_GLASS_B = 'arn:aws:iam::111122223333:role/break-glass';
const BREAK_GLASS_A = 'arn:aws:iam::111122223333:role/Admin/*';
// DisassociateRecoveryPoint deletes a continuous recovery point from AWS Backup (handing it back to RDS, S3, ...): denied beside AWS Config's three.
const PROTECTED_ACTIONS = ['backup:DeleteRecoveryPoint', 'backup:DisassociateRecoveryPoint', 'backup:PutBackupVaultAccessPolicy', 'backup:UpdateRecoveryPointLifecycle'];

const withKeyArn: BackupVaultProps = { vaultName: 'main', encryptionKeyArn: KEY_ARN };
const withDedicatedKey: BackupVaultProps = { vaultName: 'main', dedicatedKey: { account: ACCOUNT, backupRoleArns: [BACKUP_ROLE] } };

function synthVault(props: BackupVaultProps): string {
  return synth((scope) => {
    new BackupVault(scope, 'vault', props);
  });
}

describe('BackupVault: encryption key', () => {
  it('uses an existing key ARN and creates no key', () => {
    const out = synthVault(withKeyArn);
    expect(out).not.toHaveResource(KmsKey);
    expect(out).toHaveResourceWithProperties(AwsBackupVault, { name: 'main', kms_key_arn: KEY_ARN });
  });

  it('creates a dedicated key with the vault and encrypts the vault with it', () => {
    const out = synthVault(withDedicatedKey);
    const key = onlyResource(out, 'aws_kms_key');
    const vault = onlyResource(out, 'aws_backup_vault');
    expect(vault.config.kms_key_arn).toBe(`\${aws_kms_key.${key.id}.arn}`);
    expect(key.config).toMatchObject({ key_usage: 'ENCRYPT_DECRYPT', enable_key_rotation: true, deletion_window_in_days: 30 });
    // The dedicated key's policy carries the backup role statements it was given.
    const sids = parsePolicy(key.config.policy).Statement.map((statement) => statement.Sid);
    expect(sids).toEqual(['KeyAdministration', 'AccountUseThroughAwsBackup', 'BackupRoleUse', 'BackupRoleGrantsForAwsResources', 'DenyKeyDeletionAndDisabling']);
  });

  it('passes the dedicated key settings (alias, deletion window) through', () => {
    const out = synthVault({ ...withDedicatedKey, dedicatedKey: { ...withDedicatedKey.dedicatedKey!, alias: 'alias/backup/main', deletionWindowInDays: 7 } });
    expect(out).toHaveResourceWithProperties(KmsKey, { deletion_window_in_days: 7 });
    expect(onlyResource(out, 'aws_kms_alias').config.name).toBe('alias/backup/main');
  });

  // Found by the final read of the change that gave a config vault admitting other accounts' copies this statement
  // (config/copy-destinations.ts): the construct, which holds both the access policy and the dedicated key, did not.
  it('admits the account\'s AWS Backup service-linked role in its dedicated key when its own access policy lets another account copy in', () => {
    const sidsWith = (aws: string) => {
      const statements = { statements: [{ sid: 'CopiesIn', effect: 'Allow' as const, principals: { aws: [aws] }, actions: ['backup:CopyIntoBackupVault'] }] };
      return parsePolicy(onlyResource(synthVault({ ...withDedicatedKey, accessPolicy: statements }), 'aws_kms_key').config.policy).Statement.map((statement) => statement.Sid);
    };
    expect(sidsWith('arn:aws:iam::999999999999:root')).toContain('BackupServiceLinkedRoleCopiesIn');
    expect(sidsWith(`arn:aws:iam::${ACCOUNT.accountId}:root`)).not.toContain('BackupServiceLinkedRoleCopiesIn');
  });

  it('exposes the encryption key ARN it used', () => {
    let given = '';
    synth((scope) => {
      given = new BackupVault(scope, 'vault', withKeyArn).encryptionKeyArn;
    });
    expect(given).toBe(KEY_ARN);
  });

  it('refuses a key of another Region or partition than its provider\'s literal Region, as the config refuses vaults.<name>.kmsKeyArn (it synthesized both silently; the vault fails to be created)', () => {
    const construct = 'BackupVault stack/vault';
    const keyIn = (arn: string, dr = false) => () => {
      const { stack, dr: drProvider } = stackWithProviders();
      new BackupVault(stack, 'vault', { ...withKeyArn, encryptionKeyArn: arn, ...(dr ? { provider: drProvider } : {}) });
      return Testing.synth(stack);
    };
    const message = 'key is in us-east-1 but vault "main" is in eu-west-1: a vault\'s key must be in the vault\'s Region';
    expectValidationError(keyIn(KEY_ARN.replace('eu-west-1', 'us-east-1')), construct, [{ path: 'encryptionKeyArn', message }]);
    expect(findings(configWith((c) => (c.vaults.main.kmsKeyArn = KEY_ARN.replace('eu-west-1', 'us-east-1')))).errors).toEqual([`vaults.main.kmsKeyArn: ${message}`]);
    expectValidationError(keyIn(KEY_ARN, true), construct, [{ path: 'encryptionKeyArn', message: 'key is in eu-west-1 but vault "main" is in eu-central-1: a vault\'s key must be in the vault\'s Region' }]);
    expectValidationError(keyIn(KEY_ARN.replace('arn:aws:kms:eu-west-1', 'arn:aws-cn:kms:cn-north-1')), construct, [
      { path: 'encryptionKeyArn', message: "is an ARN of partition aws-cn, but the partition of eu-west-1 is aws: every Region, ARN, key and principal of a stack must be in its account's partition" },
    ]);
    // No provider, or one whose Region is a reference: the vault's Region is unknown, nothing is judged.
    expect(synthVault({ ...withKeyArn, encryptionKeyArn: KEY_ARN.replace('eu-west-1', 'us-east-1') })).toHaveResource(AwsBackupVault);
  });
});

describe('BackupVault: the vault and its deletion protection', () => {
  it('has force_destroy false and prevent_destroy true by default', () => {
    const { config } = onlyResource(synthVault(withKeyArn), 'aws_backup_vault');
    expect(config).toEqual({ name: 'main', kms_key_arn: KEY_ARN, force_destroy: false, lifecycle: { prevent_destroy: true } });
  });

  it('sets force_destroy only when asked', () => {
    expect(synthVault({ ...withKeyArn, forceDestroy: true })).toHaveResourceWithProperties(AwsBackupVault, { force_destroy: true });
  });

  it('puts prevent_destroy on the vault, the lock and the dedicated key', () => {
    const out = synthVault({ ...withDedicatedKey, lock: { mode: 'governance', minRetentionDays: 7 } });
    expect(out).toHaveResourceWithProperties(AwsBackupVault, { lifecycle: { prevent_destroy: true } });
    expect(out).toHaveResourceWithProperties(BackupVaultLockConfiguration, { lifecycle: { prevent_destroy: true } });
    expect(out).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: true } });
  });

  it('turns prevent_destroy off on all three with preventDestroy: false', () => {
    const out = synthVault({ ...withDedicatedKey, preventDestroy: false, lock: { mode: 'governance', minRetentionDays: 7 } });
    expect(out).toHaveResourceWithProperties(AwsBackupVault, { lifecycle: { prevent_destroy: false } });
    expect(out).toHaveResourceWithProperties(BackupVaultLockConfiguration, { lifecycle: { prevent_destroy: false } });
    expect(out).toHaveResourceWithProperties(KmsKey, { lifecycle: { prevent_destroy: false } });
  });

  it('passes tags to the vault', () => {
    expect(synthVault({ ...withKeyArn, tags: { env: 'prod' } })).toHaveResourceWithProperties(AwsBackupVault, { tags: { env: 'prod' } });
  });

  it('puts the vault, key, lock and policy on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    new BackupVault(stack, 'vault', { ...withDedicatedKey, provider: dr, lock: { mode: 'governance', minRetentionDays: 7 } });
    const out = Testing.synth(stack);
    for (const type of ['aws_backup_vault', 'aws_kms_key', 'aws_backup_vault_lock_configuration', 'aws_backup_vault_policy']) {
      expect(onlyResource(out, type).config.provider).toBe('aws.dr');
    }
  });
});

describe('BackupVault: vault lock', () => {
  it('creates no lock by default', () => {
    expect(synthVault(withKeyArn)).not.toHaveResource(BackupVaultLockConfiguration);
  });

  it('governance mode: min and max retention, no changeable_for_days', () => {
    const out = synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 7, maxRetentionDays: 365 } });
    const vault = onlyResource(out, 'aws_backup_vault');
    const lock = onlyResource(out, 'aws_backup_vault_lock_configuration');
    expect(lock.config).toEqual({
      backup_vault_name: `\${aws_backup_vault.${vault.id}.name}`,
      min_retention_days: 7,
      max_retention_days: 365,
      lifecycle: { prevent_destroy: true },
    });
    expect(lock.config).not.toHaveProperty('changeable_for_days');
  });

  it('governance mode without a maximum sets no max_retention_days', () => {
    const { config } = onlyResource(synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 1 } }), 'aws_backup_vault_lock_configuration');
    expect(config.min_retention_days).toBe(1);
    expect(config).not.toHaveProperty('max_retention_days');
    expect(config).not.toHaveProperty('changeable_for_days');
  });

  it('compliance mode sets changeable_for_days', () => {
    const out = synthVault({ ...withKeyArn, lock: { mode: 'compliance', minRetentionDays: 7, maxRetentionDays: 365, changeableForDays: 3 } });
    expect(out).toHaveResourceWithProperties(BackupVaultLockConfiguration, {
      min_retention_days: 7,
      max_retention_days: 365,
      changeable_for_days: 3,
      lifecycle: { prevent_destroy: true },
    });
  });
});

describe('BackupVault: access policy', () => {
  it('denies the recovery point actions, disassociation included, to everyone by default (no exemption)', () => {
    const out = synthVault(withKeyArn);
    const vault = onlyResource(out, 'aws_backup_vault');
    const policy = onlyResource(out, 'aws_backup_vault_policy');
    expect(policy.config.backup_vault_name).toBe(`\${aws_backup_vault.${vault.id}.name}`);
    expect(parsePolicy(policy.config.policy)).toEqual({
      Version: '2012-10-17',
      Statement: [{ Sid: 'DenyRecoveryPointDeletion', Effect: 'Deny', Principal: '*', Action: PROTECTED_ACTIONS, Resource: '*' }],
    });
  });

  it('exempts break-glass principals with ArnNotLike aws:PrincipalArn, sorted', () => {
    const breakGlass = [BREAK_GLASS_B, BREAK_GLASS_A];
    const out = synthVault({ ...withKeyArn, accessPolicy: { breakGlassPrincipals: breakGlass } });
    const { config } = onlyResource(out, 'aws_backup_vault_policy');
    expect(parsePolicy(config.policy).Statement).toEqual([
      {
        Sid: 'DenyRecoveryPointDeletion',
        Effect: 'Deny',
        Principal: '*',
        Action: PROTECTED_ACTIONS,
        Resource: '*',
        Condition: { ArnNotLike: { 'aws:PrincipalArn': [BREAK_GLASS_A, BREAK_GLASS_B] } },
      },
    ]);
    // The caller's array is not sorted in place.
    expect(breakGlass).toEqual([BREAK_GLASS_B, BREAK_GLASS_A]);
  });

  it('gives the same document whatever the order of the break-glass principals', () => {
    expect(vaultAccessPolicy({ breakGlassPrincipals: [BREAK_GLASS_A, BREAK_GLASS_B] })).toBe(
      vaultAccessPolicy({ breakGlassPrincipals: [BREAK_GLASS_B, BREAK_GLASS_A] }),
    );
  });

  it('treats an empty break-glass list like none (no condition)', () => {
    const statement = parsePolicy(vaultAccessPolicy({ breakGlassPrincipals: [] })!).Statement[0];
    expect(statement).not.toHaveProperty('Condition');
  });

  it('creates no policy resource when denyRecoveryPointDeletion is false', () => {
    const out = synthVault({ ...withKeyArn, accessPolicy: { denyRecoveryPointDeletion: false, breakGlassPrincipals: [BREAK_GLASS_A] } });
    expect(out).toHaveResource(AwsBackupVault);
    expect(out).not.toHaveResource(BackupVaultPolicy);
    expect(resourcesOf(out, 'aws_backup_vault_policy')).toEqual({});
  });

  it('keeps the policy with denyRecoveryPointDeletion true', () => {
    expect(synthVault({ ...withKeyArn, accessPolicy: { denyRecoveryPointDeletion: true } })).toHaveResource(BackupVaultPolicy);
  });
});

describe('BackupVault: eager validation', () => {
  const construct = 'BackupVault stack/vault';

  it.each(['ou-a1b2-workload1', 'r-a1b2', '222222222222'])('rejects allowCopiesFromOrganization %j, which aws:PrincipalOrgID never equals (every copy from the organization denied)', (id) => {
    const message = `"${id}" is not an organization id such as o-a1b2c3d4e5: aws:PrincipalOrgID never equals it, so the vault admits no copy from the organization`;
    const accessPolicy = { allowCopiesFromOrganization: id, breakGlassPrincipals: [BREAK_GLASS_B] };
    expectValidationError(() => synthVault({ ...withKeyArn, accessPolicy }), construct, [{ path: 'accessPolicy.allowCopiesFromOrganization', message }]);
    expect(checkAirGappedVaultProps({ vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 400, accessPolicy })).toEqual([{ path: 'accessPolicy.allowCopiesFromOrganization', severity: 'error', message }]);
  });

  it.each(['o-a1b2c3d4e5', '${aws_organizations_organization.org.id}'])('accepts allowCopiesFromOrganization %j', (id) => {
    expect(checkVaultProps({ ...withKeyArn, accessPolicy: { allowCopiesFromOrganization: id, breakGlassPrincipals: [BREAK_GLASS_B] } })).toEqual([]);
  });

  it.each(['alias/aws/backup', 'arn:aws:kms:eu-west-1:111122223333:alias/aws/backup', 'key-1234'])('rejects an encryptionKeyArn that is not a key ARN: %s', (encryptionKeyArn) => {
    expectValidationError(() => synthVault({ vaultName: 'main', encryptionKeyArn }), construct, [
      { path: 'encryptionKeyArn', message: `"${encryptionKeyArn}" must be a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/... (not an alias)` },
    ]);
  });

  it('rejects exemptions that exempt everyone from the deletion deny (it would protect against no one)', () => {
    expectValidationError(() => synthVault({ ...withKeyArn, accessPolicy: { breakGlassPrincipals: ['*', 'arn:aws:iam::*:role/*'], deployRoleArn: 'arn:aws:iam::111122223333:role/*' } }), construct, [
      { path: 'accessPolicy.breakGlassPrincipals.0', message: '"*" is not an IAM principal ARN (wildcards allowed)' },
      {
        path: 'accessPolicy.breakGlassPrincipals.1',
        message: '"arn:aws:iam::*:role/*" exempts every role of every account from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
      },
      {
        path: 'accessPolicy.deployRoleArn',
        message: '"arn:aws:iam::111122223333:role/*" exempts every role of account 111122223333 from the deny, which then protects against none of them: name the break-glass principals (a wildcard within a name, such as role/BackupBreakGlass*, is fine)',
      },
    ]);
  });
  const nameMessage = (name: string) => `vault name "${name}" must be 2-50 characters of A-Z a-z 0-9 _ -`;

  it.each([
    ['too short', 'a'],
    ['empty', ''],
    ['51 characters', 'v'.repeat(51)],
    ['a dot', 'my.vault'],
    ['a space', 'my vault'],
    ['a slash', 'team/vault'],
  ])('rejects a vault name that is %s', (_label, vaultName) => {
    expectValidationError(() => synthVault({ ...withKeyArn, vaultName }), construct, [{ path: 'vaultName', message: nameMessage(vaultName) }]);
  });

  it.each([
    ['2 characters', 'ab'],
    ['50 characters', 'v'.repeat(50)],
    ['upper case, digits, _ and -', 'Gold_Vault-01'],
  ])('accepts a vault name of %s', (_label, vaultName) => {
    expect(synthVault({ ...withKeyArn, vaultName })).toHaveResourceWithProperties(AwsBackupVault, { name: vaultName });
  });

  it('rejects a vault with neither encryptionKeyArn nor dedicatedKey', () => {
    expectValidationError(() => synthVault({ vaultName: 'main' }), construct, [
      { path: 'encryptionKeyArn', message: 'a vault needs a customer-managed key: give encryptionKeyArn or dedicatedKey' },
    ]);
  });

  it('rejects a vault with both encryptionKeyArn and dedicatedKey', () => {
    expectValidationError(() => synthVault({ ...withDedicatedKey, encryptionKeyArn: KEY_ARN }), construct, [
      { path: 'dedicatedKey', message: 'give either encryptionKeyArn or dedicatedKey, not both' },
    ]);
  });

  it.each([
    [30, 29],
    [30, 1],
  ])('rejects a lock with minRetentionDays %i and maxRetentionDays %i', (min, max) => {
    expectValidationError(() => synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: min, maxRetentionDays: max } }), construct, [
      { path: 'lock.maxRetentionDays', message: `must be at least minRetentionDays (${min}); got ${max}` },
    ]);
  });

  it('accepts a lock with minRetentionDays equal to maxRetentionDays (AWS: retention equal to or longer than the minimum, equal to or shorter than the maximum)', () => {
    expect(() => synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 35, maxRetentionDays: 35 } })).not.toThrow();
  });

  it('rejects minRetentionDays 0 and maxRetentionDays 36501', () => {
    expectValidationError(() => synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 0 } }), construct, [
      { path: 'lock.minRetentionDays', message: 'must be at least 1; got 0' },
    ]);
    expectValidationError(() => synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 36_501 } }), construct, [
      { path: 'lock.maxRetentionDays', message: 'must be at most 36500; got 36501' },
    ]);
  });

  it('rejects compliance mode without changeableForDays', () => {
    expectValidationError(() => synthVault({ ...withKeyArn, lock: { mode: 'compliance', minRetentionDays: 7 } }), construct, [
      { path: 'lock.changeableForDays', message: 'is required in compliance mode (3-36500 days before the lock becomes immutable)' },
    ]);
  });

  it('rejects governance mode with changeableForDays', () => {
    expectValidationError(() => synthVault({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 7, changeableForDays: 3 } }), construct, [
      { path: 'lock.changeableForDays', message: 'is only allowed in compliance mode: setting it makes the lock immutable after the grace period' },
    ]);
  });

  it.each([2, 36_501])('rejects changeableForDays %i', (changeableForDays) => {
    expectValidationError(() => synthVault({ ...withKeyArn, lock: { mode: 'compliance', minRetentionDays: 7, changeableForDays } }), construct, [
      { path: 'lock.changeableForDays', message: `must be between 3 and 36500 days; got ${changeableForDays}` },
    ]);
  });

  it.each([3, 36_500])('accepts changeableForDays %i', (changeableForDays) => {
    expect(synthVault({ ...withKeyArn, lock: { mode: 'compliance', minRetentionDays: 7, changeableForDays } })).toHaveResourceWithProperties(
      BackupVaultLockConfiguration,
      { changeable_for_days: changeableForDays },
    );
  });

  it('accepts the widest lock range (min 1, max 36500)', () => {
    expect(checkVaultProps({ ...withKeyArn, lock: { mode: 'governance', minRetentionDays: 1, maxRetentionDays: 36_500 }, accessPolicy: { breakGlassPrincipals: [BREAK_GLASS_B] } })).toEqual([]);
  });

  it('warns, as the config does, when the access policy exempts no one: Terraform cannot change it either (found by the journey audit)', () => {
    const message = 'is empty: nobody, Terraform included, can delete recovery points or change the vault policy (remove the policy first to change it)';
    expect(checkVaultProps(withKeyArn)).toEqual([{ path: 'accessPolicy.breakGlassPrincipals', message, severity: 'warning' }]);
    expect(checkVaultProps({ ...withKeyArn, accessPolicy: { deployRoleArn: 'arn:aws:iam::111122223333:role/deploy' } })).toEqual([]);
    expect(checkVaultProps({ ...withKeyArn, accessPolicy: { denyRecoveryPointDeletion: false } })).toEqual([]);
    // The logically air-gapped vault's deny binds the same way.
    expect(checkAirGappedVaultProps({ vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 400 })).toEqual([{ path: 'accessPolicy.breakGlassPrincipals', message, severity: 'warning' }]);
    expect(checkAirGappedVaultProps({ vaultName: 'lag', minRetentionDays: 7, maxRetentionDays: 400, accessPolicy: { breakGlassPrincipals: [BREAK_GLASS_B] } })).toEqual([]);
  });

  it('reports every problem at once', () => {
    expectValidationError(() => synthVault({ vaultName: 'x', lock: { mode: 'compliance', minRetentionDays: 10, maxRetentionDays: 5 } }), construct, [
      { path: 'vaultName', message: nameMessage('x') },
      { path: 'encryptionKeyArn', message: 'a vault needs a customer-managed key: give encryptionKeyArn or dedicatedKey' },
      { path: 'lock.maxRetentionDays', message: 'must be at least minRetentionDays (10); got 5' },
      { path: 'lock.changeableForDays', message: 'is required in compliance mode (3-36500 days before the lock becomes immutable)' },
    ]);
  });

  it('validates the dedicated key through BackupKmsKey (its own construct path)', () => {
    expectValidationError(
      () => synthVault({ ...withDedicatedKey, dedicatedKey: { account: ACCOUNT, backupRoleArns: [], deletionWindowInDays: 6 } }),
      'BackupKmsKey stack/vault/key',
      [{ path: 'deletionWindowInDays', message: 'must be between 7 and 30 days; got 6' }],
    );
  });
});
