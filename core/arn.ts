/**
 * ARNs computed from configuration instead of read from other stacks, so every stack can be
 * planned alone (no cross-stack references).
 */
import { REGION_PATTERN } from './limits';
import { knownRegionPartition } from './regions';

/** Where a resource lives. */
export interface AccountContext {
  readonly accountId: string;
  /** @default 'aws' */
  readonly partition?: string;
  readonly region: string;
}

/** The account's partition ('aws' unless it says otherwise). */
export const partitionOf = (account: AccountContext): string => account.partition ?? 'aws';

/** DNS suffix of service endpoints: amazonaws.com.cn in the China partition. */
export function dnsSuffix(account: AccountContext): string {
  return partitionOf(account) === 'aws-cn' ? 'amazonaws.com.cn' : 'amazonaws.com';
}

export function accountRootArn(account: AccountContext): string {
  return `arn:${partitionOf(account)}:iam::${account.accountId}:root`;
}

export function backupVaultArn(account: AccountContext, vaultName: string): string {
  return `arn:${partitionOf(account)}:backup:${account.region}:${account.accountId}:backup-vault:${vaultName}`;
}

export function iamRoleArn(account: AccountContext, roleName: string, path = '/'): string {
  return `arn:${partitionOf(account)}:iam::${account.accountId}:role${path}${roleName}`;
}

export function awsManagedPolicyArn(partition: string, name: string): string {
  return `arn:${partition}:iam::aws:policy/${name}`;
}

/** The Region and account fields of an ARN ('' where the service has none, as in S3). */
export function arnRegionAndAccount(arn: string): { region: string; account: string } | undefined {
  const parts = arn.split(':');
  if (parts.length < 6 || parts[0] !== 'arn') return undefined;
  return { region: parts[3], account: parts[4] };
}

const BACKUP_VAULT_ARN = /^arn:(aws(?:-[a-z]+)*):backup:([^:]+):([^:]+):backup-vault:(.+)$/;

/**
 * Parts of a backup vault ARN, or undefined when it is not one. The account may be `$account`
 * (Organizations backup policies replace it with each member account id).
 */
export function parseBackupVaultArn(arn: string): { partition: string; region: string; account: string; name: string } | undefined {
  const match = BACKUP_VAULT_ARN.exec(arn);
  if (!match) return undefined;
  const [, partition = '', region = '', account = '', name = ''] = match;
  if (!REGION_PATTERN.test(region) || !(/^\d{12}$/.test(account) || account === '$account')) return undefined;
  return { partition, region, account, name };
}

/**
 * The partition of a Region code: the pinned provider's (./regions.ts) for a Region it knows, else
 * guessed from the code (aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b ...).
 */
export function partitionOfRegion(region: string): string {
  const known = knownRegionPartition(region);
  if (known !== undefined) return known;
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso';
  return 'aws';
}
