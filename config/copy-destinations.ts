/**
 * The accounts a vault copies recovery points into. AWS Backup reads a cross-account copy of a
 * resource type it fully manages (EFS, DynamoDB with advanced backup, S3, ...) with the source
 * vault's key, so that key must admit each destination account (modules/kms-key.ts
 * copyDestinationAccounts); without it every such copy fails with "Given key ID is not accessible".
 */
import { arnRegionAndAccount } from '../core/arn';
import { sortedUnique } from '../core/order';
import { ACCOUNT_ID_PATTERN } from '../core/limits';
import type { PlanModel, VaultRef } from './estate-model';

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
