/**
 * The accounts a vault copies recovery points into. AWS Backup reads a cross-account copy of a
 * resource type it fully manages (EFS, DynamoDB with advanced backup, S3, ...) with the source
 * vault's key, so that key must admit each destination account (modules/kms-key.ts
 * copyDestinationAccounts); without it every such copy fails with "Given key ID is not accessible".
 */
import { arnRegionAndAccount, parseBackupVaultArn } from '../core/arn';
import { sortedUnique } from '../core/order';
import { ACCOUNT_ID_PATTERN } from '../core/limits';
import { admitsCopiesFromOtherAccounts } from '../core/policy-conditions';
import { policyTargetsAccount, type PolicyFileReferences } from './instances';
import type { NormalizedConfig } from './normalize';
import type { PlanModel, VaultModel, VaultRef, WorkloadStackModel } from './estate-model';

/** A hand-written backup policy's plan running here: its rules' vault names and its copy destinations. */
export interface PolicyFileCopies {
  readonly rules: readonly { readonly vaultName: string }[];
  readonly destinationVaultArns: readonly string[];
}

/** The account of a copy destination ARN when it is another account's (`$account` is the member account itself). */
function otherAccount(arn: string, ownAccountId: string): string[] {
  const account = arnRegionAndAccount(arn)?.account;
  return account !== undefined && ACCOUNT_ID_PATTERN.test(account) && account !== ownAccountId ? [account] : [];
}

/**
 * The other accounts the rules backing up into `vault` copy to: the config's plans and those
 * backup policies deliver here (each copy's destination), and the hand-written policies' plans
 * naming the vault (all their copy destinations: a policy's copies are read per plan).
 */
export function copyDestinationAccounts(vault: VaultRef, plans: readonly PlanModel[], filePlans: readonly PolicyFileCopies[], ownAccountId: string): string[] {
  const fromPlans = plans.flatMap((plan) =>
    Object.values(plan.rules)
      .filter((rule) => rule.target.key === vault.key)
      .flatMap((rule) => Object.values(rule.copies).flatMap((copy) => otherAccount(copy.destination.arn, ownAccountId))),
  );
  const fromFiles = filePlans.filter((plan) => plan.rules.some((rule) => rule.vaultName === vault.name)).flatMap((plan) => plan.destinationVaultArns.flatMap((arn) => otherAccount(arn, ownAccountId)));
  return sortedUnique([...fromPlans, ...fromFiles]);
}

/** A copy made in one account (a plan's, a backup policy's) into the vault `arn` names. */
export interface AccountCopy {
  readonly fromAccountId: string;
  readonly arn: string;
}

/** The copies of the hand-written backup policies, from each account of the config they target (a copy ARN names one vault, whichever Region the plan runs in). */
export function policyFileCopies(config: NormalizedConfig, files: PolicyFileReferences): AccountCopy[] {
  return Object.values(config.accounts).flatMap((account) =>
    Object.entries(config.organization?.policies ?? {})
      .filter(([key, policy]) => policy.file !== undefined && files[key] !== undefined && policyTargetsAccount(config, policy.targets, account))
      .flatMap(([key]) => files[key].plans.flatMap((plan) => plan.destinationVaultArns.map((arn) => ({ fromAccountId: account.id, arn })))),
  );
}

/** A vault ARN's place (partition, account, Region, name), or undefined when it is no vault ARN. */
const placeOf = (arn: string): string | undefined => {
  const parsed = parseBackupVaultArn(arn);
  return parsed === undefined ? undefined : `${parsed.partition}:${parsed.account}:${parsed.region}:${parsed.name}`;
};

/**
 * `stacks` with each vault another account copies into (a copy of a plan of its stacks, of a plan a
 * backup policy delivers there, or of a hand-written policy's: `fileCopies`; or any account its own
 * access policy lets copy in) marked
 * receivesCopiesFromOtherAccounts, and each shared key of such a vault: AWS Backup's service-linked
 * role of the destination account pulls those copies in and re-encrypts EBS, RDS and FSx copies
 * with the vault's key through those services, so the key policy must admit it (modules/kms-key.ts).
 */
export function withCopiesFromOtherAccounts(stacks: readonly WorkloadStackModel[], fileCopies: readonly AccountCopy[]): WorkloadStackModel[] {
  const copies = [
    ...stacks.flatMap((stack) =>
      [...stack.plans, ...(stack.policyPlans ?? [])].flatMap((plan) =>
        Object.values(plan.rules).flatMap((rule) => Object.values(rule.copies).map((copy) => ({ fromAccountId: stack.account.accountId, arn: copy.destination.arn }))),
      ),
    ),
    ...fileCopies,
  ];
  // The accounts copying into each vault place, read once (a thousand stacks copy thousands of times).
  const copiersOf = new Map<string, Set<string>>();
  for (const copy of copies) {
    const place = placeOf(copy.arn);
    if (place !== undefined) copiersOf.set(place, (copiersOf.get(place) ?? new Set<string>()).add(copy.fromAccountId));
  }
  return stacks.map((stack) => {
    const fromOthers = (vault: VaultModel) => [...(copiersOf.get(placeOf(vault.arn) ?? '') ?? [])].some((account) => account !== stack.account.accountId);
    // A vault whose own policy lets another account copy in receives copies too, from accounts the config may not see (a partner's plan).
    const admitsOthers = (vault: VaultModel) => admitsCopiesFromOtherAccounts(vault.accessPolicy.statements ?? [], stack.account.accountId);
    const receives = (vault: VaultModel) => !vault.existing && vault.airGapped === undefined && (fromOthers(vault) || admitsOthers(vault));
    if (!stack.vaults.some(receives)) return stack;
    const vaults = stack.vaults.map((vault) => (receives(vault) ? { ...vault, receivesCopiesFromOtherAccounts: true } : vault));
    const sharedKeys = new Set(vaults.flatMap((vault) => (vault.receivesCopiesFromOtherAccounts === true && vault.encryption.kind === 'shared' ? [vault.encryption.key] : [])));
    const keys = stack.keys.map((key) => (sharedKeys.has(key.key) ? { ...key, receivesCopiesFromOtherAccounts: true } : key));
    return { ...stack, vaults, keys };
  });
}
