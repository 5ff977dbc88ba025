/**
 * The lock ranges of the vaults a stack's constructs create (BackupVault with `lock`,
 * AirGappedVault), so that a BackupPlan of the same stack can hold the retention of each rule and
 * copy that targets one of them against its range: AWS Backup fails every backup and copy job whose
 * retention falls outside it (PutBackupVaultLockConfiguration). The config path asks the same
 * evaluator (core/checks.ts checkRetentionInLock) through config/vault-locks.ts.
 *
 * A vault is known by a reference to its `name` or `arn` (a token, or the `${type.id.attribute}`
 * the stacks write), or by its literal name under the same provider. A vault of another stack, a
 * literal ARN or a vault created after the plan is unknown here and not checked.
 */
import { TerraformProvider, TerraformResource, TerraformStack, Tokenization } from 'cdktf';
import type { Construct } from 'constructs';
import type { LockRange } from '../core/checks';
import { isToken } from '../core/problems';
import { parseReference } from '../core/terraform-json';

interface KnownLock {
  readonly vaultName: string;
  readonly lock: LockRange;
}

interface StackLocks {
  /** By the reference expression (`aws_backup_vault.<id>.name`, `... .arn`). */
  readonly byReference: Map<string, KnownLock>;
  /** By literal vault name, per provider (undefined: the stack's default one). */
  readonly byName: Map<TerraformProvider | undefined, Map<string, KnownLock>>;
}

const locks = new WeakMap<TerraformStack, StackLocks>();

function stackLocks(scope: Construct): StackLocks {
  const stack = TerraformStack.of(scope);
  let known = locks.get(stack);
  if (!known) {
    known = { byReference: new Map(), byName: new Map() };
    locks.set(stack, known);
  }
  return known;
}

/** Records the lock range of `vault` (a backup vault or logically air-gapped vault resource) named `vaultName`. */
export function registerVaultLock(vault: TerraformResource, vaultName: string, lock: LockRange, provider: TerraformProvider | undefined): void {
  const known = stackLocks(vault);
  const entry = { vaultName, lock };
  for (const attribute of ['name', 'arn']) known.byReference.set(`${vault.terraformResourceType}.${vault.friendlyUniqueId}.${attribute}`, entry);
  if (isToken(vaultName)) return;
  const names = known.byName.get(provider) ?? new Map<string, KnownLock>();
  names.set(vaultName, entry);
  known.byName.set(provider, names);
}

/** The expression a reference stands for (`aws_backup_vault.<id>.name`), or undefined for anything else. */
function referenceOf(value: string): string | undefined {
  // Written (modules/references.ts sameStackReference): read as the stack JSON's readers read it.
  const written = parseReference(value);
  if (written !== undefined) return `${written.type}.${written.name}.${written.attribute}`;
  const fragments = Tokenization.reverseString(value);
  if (fragments.length !== 1) return undefined;
  const identifier = (fragments.firstToken as { identifier?: unknown } | undefined)?.identifier;
  return typeof identifier === 'string' ? identifier : undefined;
}

/** The lock of the vault `value` names (a name or ARN reference, or a literal name under `provider`) in the stack of `scope`, when known. */
export function knownVaultLock(scope: Construct, value: string, provider: TerraformProvider | undefined): KnownLock | undefined {
  const known = locks.get(TerraformStack.of(scope));
  if (!known) return undefined;
  const reference = referenceOf(value);
  if (reference !== undefined) return known.byReference.get(reference);
  return isToken(value) ? undefined : known.byName.get(provider)?.get(value);
}
