import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupVault as AwsBackupVault } from '@cdktf/provider-aws/lib/backup-vault';
import { BackupVaultLockConfiguration } from '@cdktf/provider-aws/lib/backup-vault-lock-configuration';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import { BackupKmsKey, BackupKmsKeyProps } from './kms-key';
import { error, isToken, Problem, under, warning } from '../core/problems';
import { checkExemptPrincipals, checkLock, checkName, checkPrincipalPartitions, checkTags, keyElsewhereMessage, LockValues, vaultPolicyExemptions } from '../core/checks';
import { arnRegionAndAccount } from '../core/arn';
import { admitsCopiesFromOtherAccounts } from '../core/policy-conditions';
import { arnPlacementMessage, knownRegionPartition } from '../core/regions';
import { providerPlace } from './provider-place';
import { KMS_KEY_ARN_PATTERN, LOCK_LIMITS, ORGANIZATION_ID_PATTERN, PROTECTED_VAULT_SETTING_ACTIONS } from '../core/limits';
import { policyDocument, PolicyStatement } from './policy';
import { checkVaultPolicyStatements, vaultPolicyStatements, type VaultPolicyStatementProps } from './vault-policy-statements';
import { reportPropsProblems } from './props-problems';
import { registerVaultLock } from './vault-lock-registry';
import { sameStackReference } from './references';

/**
 * Actions the vault access policy denies to everyone but the break-glass principals: deleting a
 * recovery point, taking a continuous one out of the vault (DisassociateRecoveryPoint "deletes the
 * specified continuous backup recovery point from AWS Backup" and hands it back to the source
 * service, such as RDS, where the vault's policy and lock no longer reach it), shortening its
 * lifecycle, replacing the policy.
 */
export const PROTECTED_RECOVERY_POINT_ACTIONS = [
  'backup:DeleteRecoveryPoint',
  'backup:DisassociateRecoveryPoint',
  'backup:PutBackupVaultAccessPolicy',
  'backup:UpdateRecoveryPointLifecycle',
] as const;

/** What would otherwise undo the vault's protection (core/limits.ts, where the report reads it too). */
export { PROTECTED_VAULT_SETTING_ACTIONS };

export interface VaultAccessPolicyProps {
  /** Deny deletion, disassociation and lifecycle changes of recovery points, and policy changes. @default true */
  readonly denyRecoveryPointDeletion?: boolean;
  /** Principal ARNs (ArnLike patterns) exempt from the deny. @default none */
  readonly breakGlassPrincipals?: readonly string[];
  /**
   * The role Terraform applies with: exempt from the denies like a break-glass principal, so that
   * it can still update the policy and the lock. Given, the policy also denies removing itself and
   * removing or changing the lock to every other principal (DenyProtectionRemoval). @default none
   */
  readonly deployRoleArn?: string;
  /** Statements added after backup-estate's own (checked by checkVaultPolicyStatements). @default none */
  readonly statements?: readonly VaultPolicyStatementProps[];
  /**
   * Let accounts of this AWS Organization copy into the vault (backup:CopyIntoBackupVault only,
   * conditioned on aws:PrincipalOrgID). @default no cross-account copies
   */
  readonly allowCopiesFromOrganization?: string;
}

/** Vault Lock. Governance mode can be removed with IAM permission; compliance mode cannot, once changeableForDays pass. */
export type VaultLockProps = LockValues;

export interface BackupVaultProps {
  /** Vault name, 2-50 characters of A-Z a-z 0-9 _ -. */
  readonly vaultName: string;
  /**
   * ARN of an existing customer-managed key in the vault's Region.
   * @default a dedicated key created from `dedicatedKey`
   */
  readonly encryptionKeyArn?: string;
  /** Settings of the dedicated key, used when encryptionKeyArn is not given (it shares the vault's provider and preventDestroy). */
  readonly dedicatedKey?: Omit<BackupKmsKeyProps, 'provider' | 'preventDestroy'>;
  /** @default no lock */
  readonly lock?: VaultLockProps;
  /** @default deny recovery point deletion to everyone (no break-glass principal) */
  readonly accessPolicy?: VaultAccessPolicyProps;
  /** Let Terraform delete the vault with its recovery points. @default false */
  readonly forceDestroy?: boolean;
  /** Terraform lifecycle.prevent_destroy on the vault, its lock and dedicated key. @default true */
  readonly preventDestroy?: boolean;
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** Who the denies exempt: the break-glass principals and the deployment role, sorted and unique (core/checks.ts, where the runbook reads it too). */
export const exemptPrincipals: (props: VaultAccessPolicyProps) => string[] = vaultPolicyExemptions;

/** The access policy document, or undefined when it would have no statement. */
export function vaultAccessPolicy(props: VaultAccessPolicyProps = {}): string | undefined {
  const statements: PolicyStatement[] = [];
  if (props.allowCopiesFromOrganization !== undefined) {
    statements.push({
      Sid: 'AllowCopiesFromOrganization',
      Effect: 'Allow',
      Principal: '*',
      Action: 'backup:CopyIntoBackupVault',
      Resource: '*',
      Condition: { StringEquals: { 'aws:PrincipalOrgID': props.allowCopiesFromOrganization } },
    });
  }
  if (props.denyRecoveryPointDeletion !== false) {
    const exempt = exemptPrincipals(props);
    const condition = exempt.length > 0 ? { Condition: { ArnNotLike: { 'aws:PrincipalArn': exempt } } } : {};
    statements.push({ Sid: 'DenyRecoveryPointDeletion', Effect: 'Deny', Principal: '*', Action: [...PROTECTED_RECOVERY_POINT_ACTIONS], Resource: '*', ...condition });
    if (props.deployRoleArn !== undefined) {
      statements.push({ Sid: 'DenyProtectionRemoval', Effect: 'Deny', Principal: '*', Action: [...PROTECTED_VAULT_SETTING_ACTIONS], Resource: '*', ...condition });
    }
  }
  statements.push(...vaultPolicyStatements(props.statements ?? []));
  return statements.length > 0 ? policyDocument(statements) : undefined;
}

/** The warning of a vault whose deletion deny exempts no one (the config check and both vault constructs give it). */
export const NOBODY_EXEMPT_MESSAGE = 'is empty: nobody, Terraform included, can delete recovery points or change the vault policy (remove the policy first to change it)';

/**
 * The exemptions of a vault access policy: break-glass principals and the deployment role
 * (core/checks.ts), and a warning when the deny exempts no one: it then binds Terraform too.
 */
export function checkAccessPolicyExemptions(policy: VaultAccessPolicyProps | undefined, path = 'accessPolicy'): Problem[] {
  return [
    ...checkExemptPrincipals(policy?.breakGlassPrincipals ?? [], `${path}.breakGlassPrincipals`),
    ...checkExemptPrincipals(policy?.deployRoleArn !== undefined ? [policy.deployRoleArn] : [], `${path}.deployRoleArn`).map((problem) => ({ ...problem, path: `${path}.deployRoleArn` })),
    ...(policy?.denyRecoveryPointDeletion !== false && exemptPrincipals(policy ?? {}).length === 0 ? [warning(`${path}.breakGlassPrincipals`, NOBODY_EXEMPT_MESSAGE)] : []),
  ];
}

/**
 * The organization a vault admits copies from, as aws:PrincipalOrgID reads it: an organization id
 * (o-, as the config's organization.id). Another value (an OU or root id, an account id) never
 * equals the copying account's organization id, so every copy from it into the vault is denied.
 */
export function checkCopiesFromOrganization(policy: VaultAccessPolicyProps | undefined, path = 'accessPolicy'): Problem[] {
  const id = policy?.allowCopiesFromOrganization;
  if (id === undefined || isToken(id) || ORGANIZATION_ID_PATTERN.test(id)) return [];
  return [error(`${path}.allowCopiesFromOrganization`, `"${id}" is not an organization id such as o-a1b2c3d4e5: aws:PrincipalOrgID never equals it, so the vault admits no copy from the organization`)];
}

export function checkVaultProps(props: BackupVaultProps): Problem[] {
  const problems = checkName('vault', props.vaultName, 'vaultName');
  if (props.encryptionKeyArn === undefined && props.dedicatedKey === undefined) {
    problems.push(error('encryptionKeyArn', 'a vault needs a customer-managed key: give encryptionKeyArn or dedicatedKey'));
  }
  // AWS takes a key ARN, not an alias ("If you specify a key, you must specify its ARN, not its alias"), and an alias of aws/backup is the AWS managed key.
  if (props.encryptionKeyArn !== undefined && !isToken(props.encryptionKeyArn) && !KMS_KEY_ARN_PATTERN.test(props.encryptionKeyArn)) {
    problems.push(error('encryptionKeyArn', `"${props.encryptionKeyArn}" must be a KMS key ARN such as arn:aws:kms:eu-west-1:111122223333:key/... (not an alias)`));
  }
  if (props.encryptionKeyArn !== undefined && props.dedicatedKey !== undefined) {
    problems.push(error('dedicatedKey', 'give either encryptionKeyArn or dedicatedKey, not both'));
  }
  if (props.lock) problems.push(...under('lock', checkLock(props.lock)));
  problems.push(...checkAccessPolicyExemptions(props.accessPolicy), ...checkCopiesFromOrganization(props.accessPolicy));
  problems.push(...checkVaultPolicyStatements(props.accessPolicy?.statements ?? [], 'accessPolicy.statements', props.dedicatedKey?.account.accountId));
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/**
 * The access policy's exemptions against the vault's Region (its provider's literal Region): of
 * another partition they exempt no one (the config's partition rule, by name). BackupVault and
 * AirGappedVault ask this one check.
 */
export function checkAccessPolicyPartitions(policy: VaultAccessPolicyProps | undefined, region: string): Problem[] {
  const partition = knownRegionPartition(region);
  if (partition === undefined) return [];
  const exempt = { 'accessPolicy.breakGlassPrincipals': policy?.breakGlassPrincipals, 'accessPolicy.deployRoleArn': policy?.deployRoleArn };
  return checkPrincipalPartitions(exempt, partition, `the partition of ${region}`);
}

/**
 * The given key against the vault's Region (its provider's literal Region), as the config judges
 * vaults.<name>.kmsKeyArn: of that Region's partition, and in that Region (AWS Backup takes a key
 * of the vault's own Region), or the vault fails to be created.
 */
export function checkVaultKeyRegion(props: Pick<BackupVaultProps, 'vaultName' | 'encryptionKeyArn'>, region: string): Problem[] {
  const arn = props.encryptionKeyArn;
  const partition = knownRegionPartition(region);
  if (arn === undefined || isToken(arn) || !KMS_KEY_ARN_PATTERN.test(arn) || partition === undefined) return [];
  const placement = arnPlacementMessage(arn, partition, `the partition of ${region}`, false);
  if (placement !== undefined) return [error('encryptionKeyArn', placement)];
  const keyRegion = arnRegionAndAccount(arn)?.region;
  return keyRegion === undefined || keyRegion === region ? [] : [error('encryptionKeyArn', keyElsewhereMessage('key', keyRegion, props.vaultName, region))];
}

/**
 * A backup vault encrypted with a customer-managed key, optionally locked, with an access
 * policy that keeps recovery points from being deleted.
 */
export class BackupVault extends Construct {
  readonly vault: AwsBackupVault;
  readonly key?: BackupKmsKey;
  readonly lockConfiguration?: BackupVaultLockConfiguration;
  readonly accessPolicy?: BackupVaultPolicy;
  /** The vault name (a Terraform reference, so dependents wait for the vault). */
  get name(): string {
    return this.vault.name;
  }
  get arn(): string {
    return this.vault.arn;
  }
  get encryptionKeyArn(): string {
    return this.givenKeyArn ?? (this.key as BackupKmsKey).arn;
  }
  private readonly givenKeyArn?: string;

  constructor(scope: Construct, id: string, props: BackupVaultProps) {
    super(scope, id);
    const { region } = providerPlace(this, props.provider);
    const partitions = region === undefined ? [] : [...checkVaultKeyRegion(props, region), ...checkAccessPolicyPartitions(props.accessPolicy, region)];
    reportPropsProblems(this, `BackupVault ${this.node.path}`, [...checkVaultProps(props), ...partitions]);
    const preventDestroy = props.preventDestroy ?? true;
    const provider = props.provider;
    if (props.dedicatedKey) {
      // A vault whose own policy lets another account copy in receives copies, from accounts it may not know: its key admits the service-linked role that pulls them in.
      const copiesIn = props.dedicatedKey.receivesCopiesFromOtherAccounts === true || admitsCopiesFromOtherAccounts(props.accessPolicy?.statements ?? [], props.dedicatedKey.account.accountId);
      this.key = new BackupKmsKey(this, 'key', { ...props.dedicatedKey, ...(copiesIn ? { receivesCopiesFromOtherAccounts: true } : {}), preventDestroy, provider });
    }
    this.givenKeyArn = props.encryptionKeyArn;
    this.vault = new AwsBackupVault(this, 'vault', {
      name: props.vaultName,
      kmsKeyArn: props.encryptionKeyArn ?? sameStackReference((this.key as BackupKmsKey).key, 'arn'),
      forceDestroy: props.forceDestroy ?? false,
      tags: props.tags ? { ...props.tags } : undefined,
      provider,
      lifecycle: { preventDestroy },
    });
    if (props.lock) {
      // An existing compliance lock (lockDate): AWS never returns its changeable days, so Terraform
      // ignores them (a change would replace the lock); one created from here gets the minimum.
      const existing = props.lock.mode === 'compliance' && props.lock.changeableForDays === undefined && props.lock.lockDate !== undefined;
      this.lockConfiguration = new BackupVaultLockConfiguration(this, 'lock', {
        backupVaultName: sameStackReference(this.vault, 'name'),
        minRetentionDays: props.lock.minRetentionDays,
        maxRetentionDays: props.lock.maxRetentionDays,
        changeableForDays: props.lock.mode === 'compliance' ? (existing ? LOCK_LIMITS.changeableForDays.min : props.lock.changeableForDays) : undefined,
        provider,
        lifecycle: existing ? { preventDestroy, ignoreChanges: ['changeable_for_days'] } : { preventDestroy },
      });
      registerVaultLock(this.vault, props.vaultName, props.lock, provider);
    }
    const policy = vaultAccessPolicy(props.accessPolicy);
    if (policy !== undefined) {
      this.accessPolicy = new BackupVaultPolicy(this, 'policy', { backupVaultName: sameStackReference(this.vault, 'name'), policy, provider });
    }
  }
}
