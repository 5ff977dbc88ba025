import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupLogicallyAirGappedVault } from '@cdktf/provider-aws/lib/backup-logically-air-gapped-vault';
import { BackupVaultPolicy } from '@cdktf/provider-aws/lib/backup-vault-policy';
import { AIR_GAPPED_MIN_RETENTION_DAYS, LOCK_LIMITS } from '../core/limits';
import { checkAccessPolicyExemptions, checkAccessPolicyPartitions, checkCopiesFromOrganization, vaultAccessPolicy, VaultAccessPolicyProps } from './backup-vault';
import { error, Problem } from '../core/problems';
import { checkName, checkTags, wholeDays } from '../core/checks';
import { providerPlace } from './provider-place';
import { checkVaultPolicyStatements } from './vault-policy-statements';
import { reportPropsProblems } from './props-problems';
import { registerVaultLock } from './vault-lock-registry';
import { sameStackReference } from './references';

export interface AirGappedVaultProps {
  /** 2-50 characters of A-Z a-z 0-9 _ - */
  readonly vaultName: string;
  /** At least 7 days. */
  readonly minRetentionDays: number;
  /** At least minRetentionDays, at most 36,500. */
  readonly maxRetentionDays: number;
  /** @default deny recovery point deletion to everyone */
  readonly accessPolicy?: VaultAccessPolicyProps;
  /** @default true */
  readonly preventDestroy?: boolean;
  /** @default none */
  readonly tags?: Readonly<Record<string, string>>;
  /** @default the stack's default provider */
  readonly provider?: TerraformProvider;
}

/** Section 5: min_retention_days >= 7 and <= max_retention_days, both required, in whole days (the config's days()). */
export function checkAirGappedVaultProps(props: AirGappedVaultProps): Problem[] {
  const problems = [...checkName('vault', props.vaultName, 'vaultName'), ...wholeDays(props, ['minRetentionDays', 'maxRetentionDays'])];
  if (props.minRetentionDays < AIR_GAPPED_MIN_RETENTION_DAYS) {
    problems.push(error('minRetentionDays', `must be at least ${AIR_GAPPED_MIN_RETENTION_DAYS} for a logically air-gapped vault; got ${props.minRetentionDays}`));
  }
  if (props.maxRetentionDays < props.minRetentionDays) {
    problems.push(error('maxRetentionDays', `must be at least minRetentionDays (${props.minRetentionDays}); got ${props.maxRetentionDays}`));
  }
  if (props.maxRetentionDays > LOCK_LIMITS.maxRetentionDays.max) {
    problems.push(error('maxRetentionDays', `must be at most ${LOCK_LIMITS.maxRetentionDays.max}; got ${props.maxRetentionDays}`));
  }
  problems.push(...checkAccessPolicyExemptions(props.accessPolicy), ...checkCopiesFromOrganization(props.accessPolicy));
  problems.push(...checkVaultPolicyStatements(props.accessPolicy?.statements ?? [], 'accessPolicy.statements'));
  problems.push(...checkTags(props.tags, 'tags'));
  return problems;
}

/**
 * A logically air-gapped vault: AWS-owned encryption, compliance-locked retention, shareable for
 * restores from another account. A copy target of last resort.
 */
export class AirGappedVault extends Construct {
  readonly vault: BackupLogicallyAirGappedVault;
  get arn(): string {
    return this.vault.arn;
  }

  constructor(scope: Construct, id: string, props: AirGappedVaultProps) {
    super(scope, id);
    const { region } = providerPlace(this, props.provider);
    const partitions = region === undefined ? [] : checkAccessPolicyPartitions(props.accessPolicy, region);
    reportPropsProblems(this, `AirGappedVault ${this.node.path}`, [...checkAirGappedVaultProps(props), ...partitions]);
    this.vault = new BackupLogicallyAirGappedVault(this, 'vault', {
      name: props.vaultName,
      minRetentionDays: props.minRetentionDays,
      maxRetentionDays: props.maxRetentionDays,
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
      lifecycle: { preventDestroy: props.preventDestroy ?? true },
    });
    registerVaultLock(this.vault, props.vaultName, props, props.provider);
    const policy = vaultAccessPolicy(props.accessPolicy);
    if (policy !== undefined) {
      new BackupVaultPolicy(this, 'policy', { backupVaultName: sameStackReference(this.vault, 'name'), policy, provider: props.provider });
    }
  }
}
