/**
 * Vaults: list-backup-vaults and, per vault, describe-backup-vault (lock), get-backup-vault-access-policy,
 * get-backup-vault-notifications, list-tags and kms describe-key. A vault keeps its name, Region
 * and key (kmsKeyArn: a vault's key cannot change without re-creating it); its lock, when the
 * config can hold it; its access policy, when it is exactly the deletion deny backup-estate writes
 * (otherwise the policy is left alone, unmanaged).
 */
import { CENTRAL_AIR_GAPPED_VAULT_KEY, CENTRAL_VAULT_KEY } from '../core/limits';
import { readEmbeddedJson } from '../core/json-text';
import { policyDenies } from '../compliance/vault-protection';
import { PROTECTED_RECOVERY_POINT_ACTIONS } from '../modules/backup-vault';
import { Adoption, AccountScope, listed, stackName } from './context';
import { bool, ExportFolder, Json, num, obj, str, stringMap, strings, TAGS, timestamp } from './export-files';
import { KeyTaker, keyOf, userTags } from './names';

export interface AdoptedVault {
  readonly key: string;
  readonly name: string;
  readonly region: string;
  readonly arn: string;
}

/** Vaults by Region and name, and the config entries. */
export interface VaultIndex {
  readonly entries: Record<string, Json>;
  readonly byArn: ReadonlyMap<string, AdoptedVault>;
  find(region: string, name: string): AdoptedVault | undefined;
}

/** The statements of a policy document (a single statement may stand alone). */
function statementsOf(policy: unknown): Json[] {
  if (typeof policy !== 'object' || policy === null) return [];
  const statement = (policy as Json).Statement;
  return (Array.isArray(statement) ? statement : [statement]).filter((item): item is Json => typeof item === 'object' && item !== null);
}

const asList = (value: unknown): string[] => (typeof value === 'string' ? [value] : Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);

/** The deletion deny's actions, sorted: today's, and the one earlier versions wrote (AWS Config's three, without backup:DisassociateRecoveryPoint). */
const DISASSOCIATE = 'backup:DisassociateRecoveryPoint';
const BACKUP_ESTATE_DENIES = [[...PROTECTED_RECOVERY_POINT_ACTIONS], PROTECTED_RECOVERY_POINT_ACTIONS.filter((action) => action !== DISASSOCIATE)].map((actions) => actions.sort().join());

/**
 * The break-glass principals when the policy is exactly backup-estate's deletion deny (one Deny of
 * the protected actions to every principal on every resource, exempting principals with ArnNotLike
 * aws:PrincipalArn); undefined for any other policy, and for one that repeats a key in an object
 * (which of them AWS Backup evaluates is not documented; JSON.parse would read only the last).
 */
export function breakGlassOf(policyText: string): string[] | undefined {
  const read = readEmbeddedJson(policyText);
  if (read === undefined || read.repeated !== undefined) return undefined;
  const statements = statementsOf(read.value);
  const [only] = statements;
  if (statements.length !== 1 || only === undefined || only.Effect !== 'Deny') return undefined;
  const principal = only.Principal === '*' || (typeof only.Principal === 'object' && only.Principal !== null && (only.Principal as Json).AWS === '*');
  const actions = asList(only.Action).sort();
  if (!principal || asList(only.Resource).join() !== '*' || !BACKUP_ESTATE_DENIES.includes(actions.join())) return undefined;
  if (only.Condition === undefined) return [];
  const condition = only.Condition as Json;
  const keys = Object.keys(condition);
  const arnNotLike = condition.ArnNotLike as Json | undefined;
  if (keys.length !== 1 || keys[0] !== 'ArnNotLike' || typeof arnNotLike !== 'object' || Object.keys(arnNotLike).join() !== 'aws:PrincipalArn') return undefined;
  return asList(arnNotLike['aws:PrincipalArn']).sort();
}

function sidsOf(policyText: string): string[] {
  try {
    return statementsOf(JSON.parse(policyText)).map((statement, index) => (typeof statement.Sid === 'string' ? statement.Sid : `#${index + 1}`));
  } catch {
    return [];
  }
}

/**
 * Why a file the export writes for every vault is absent: list-tags and kms describe-key run only
 * with the ARN and key describe-backup-vault returned, so a denied describe leaves neither file nor
 * its .error; read as "no tags", the first apply would remove the vault's tags unannounced.
 */
const missing = (folder: ExportFolder, file: string): string =>
  `${folder.shown(file)} is missing${folder.has('describe.json.error') ? ': the export reads it with what describe-backup-vault returns, and that call failed' : ''}`;

interface VaultExport {
  readonly region: string;
  readonly folder: ExportFolder;
  readonly summary: Json;
}

function lockOf(vault: Json, path: string, name: string, out: Adoption): Json | undefined {
  if (bool(vault, 'Locked') !== true) {
    out.report('warning', `${path}.lock`, `vault ${name} has no Vault Lock: principals with IAM permission can delete its recovery points early; add lock (governance or compliance mode)`);
    return undefined;
  }
  const min = num(vault, 'MinRetentionDays');
  const max = num(vault, 'MaxRetentionDays');
  const lockDate = timestamp(vault, 'LockDate');
  if (min === undefined) {
    out.report('not-represented', `${path}.lock`, `the Vault Lock of ${name} sets no minimum retention, which backup-estate requires (lock.minRetentionDays): the lock stays as it is, unmanaged`);
    return undefined;
  }
  const range = { minRetentionDays: min, ...(max === undefined ? {} : { maxRetentionDays: max }) };
  if (lockDate === undefined) return { mode: 'governance', ...range };
  out.report(
    'kept',
    `${path}.lock`,
    `compliance-mode lock of ${name}, immutable from ${lockDate}: AWS returns that date, not the changeableForDays the lock was created with, so the config holds lockDate and Terraform keeps the lock as it is (it never plans its replacement)`,
  );
  return { mode: 'compliance', ...range, lockDate };
}

function accessPolicyOf(entry: VaultExport, path: string, name: string, out: Adoption, stack: string): Json {
  const file = entry.folder.readPerVault('access-policy.json', { key: 'Policy', shape: 'string' });
  // The validator warns about a vault without the deny (accessPolicy.denyRecoveryPointDeletion false).
  if (file.kind === 'none') return { denyRecoveryPointDeletion: false };
  if (file.kind === 'failed') {
    out.report('not-represented', `${path}.accessPolicy`, `the access policy of ${name} could not be exported (${file.reason}): it is left as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false)`);
    return { denyRecoveryPointDeletion: false };
  }
  const text = str(file.value, 'Policy') ?? '';
  const breakGlass = breakGlassOf(text);
  if (breakGlass === undefined) {
    const repeated = readEmbeddedJson(text)?.repeated;
    const why = repeated === undefined ? `has statements backup-estate does not write (${listed(sidsOf(text))})` : `repeats the key "${repeated.key}" at ${repeated.path} (line ${repeated.line}), and AWS does not document which of them it evaluates`;
    out.report('kept', `${path}.accessPolicy`, `the access policy of ${name} ${why}: it stays as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false); backup-estate writes only the deletion deny with its break-glass principals`);
    return { denyRecoveryPointDeletion: false };
  }
  out.importing({ stack, configPath: path, type: 'aws_backup_vault_policy', id: name, what: `access policy of vault ${name} (${entry.region})` });
  // Whether it denies the disassociation too: the evaluator the rule pack, the posture report and the plan guard read vault policies with.
  if (policyDenies(text, [DISASSOCIATE]).denied.length === 0) {
    out.report('changed', `${path}.accessPolicy`, `the access policy of ${name} denies deleting recovery points but not ${DISASSOCIATE}, which deletes a continuous recovery point from AWS Backup: the first apply adds it to the deny in place`);
  }
  return breakGlass.length > 0 ? { breakGlassPrincipals: breakGlass } : {};
}

function keyOfVault(entry: VaultExport, path: string, name: string, out: Adoption): void {
  const key = entry.folder.read('key.json', { key: 'KeyMetadata', shape: 'object' });
  const metadata = key.kind === 'ok' ? (obj(key.value, 'KeyMetadata') ?? {}) : {};
  const arn = str(entry.summary, 'EncryptionKeyArn') ?? '';
  if (key.kind !== 'ok' && arn !== '') {
    out.report('warning', `${path}.kmsKeyArn`, `could not tell whether ${arn} is a customer-managed key (kms describe-key: ${key.kind === 'failed' ? key.reason : missing(entry.folder, 'key.json')}); backup-estate requires one`);
  } else if (str(metadata, 'KeyManager') === 'AWS') {
    out.report(
      'warning',
      `${path}.kmsKeyArn`,
      `vault ${name} is encrypted with an AWS managed key (${arn}), not a customer-managed key (Checkov CKV_AWS_166): a vault's key cannot change without re-creating the vault, so it is kept; send new backups to a vault with a customer-managed key`,
    );
  }
}

function notificationsOf(entry: VaultExport, path: string, name: string, out: Adoption): void {
  const file = entry.folder.readPerVault('notifications.json', { key: 'SNSTopicArn', shape: 'string' });
  if (file.kind === 'ok') {
    const topic = str(file.value, 'SNSTopicArn') ?? '';
    out.report(
      'not-represented',
      path,
      `vault ${name} notifies ${topic} of ${listed(strings(file.value, 'BackupVaultEvents'))}: backup-estate sends vault notifications only to the topic of alerts:, so these stay as they are, unmanaged (setting alerts: later replaces them)`,
    );
  } else if (file.kind === 'failed') {
    out.report('not-represented', path, `the notifications of vault ${name} could not be exported (${file.reason}): whatever they are, they stay as they are, unmanaged`);
  }
}

/** Every vault of the account's Regions: config entries, import targets, report items. */
export function adoptVaults(scope: AccountScope, regions: readonly ExportFolder[], out: Adoption): VaultIndex {
  const found: VaultExport[] = regions.flatMap((folder) => {
    const region = folder.path.split(/[\\/]/).pop() ?? '';
    return folder.readList('backup-vaults.json', 'BackupVaultList').map((summary) => {
      const name = str(summary, 'BackupVaultName') ?? '';
      const vaultFolder = folder.child('vaults').child(name);
      const described = vaultFolder.read('describe.json', { key: 'BackupVaultName', shape: 'string' });
      return { region, folder: vaultFolder, summary: described.kind === 'ok' ? described.value : summary };
    });
  });
  // The primary Region's vaults take the plain keys.
  found.sort((a, b) => Number(b.region === scope.primary) - Number(a.region === scope.primary) || (a.region < b.region ? -1 : a.region > b.region ? 1 : 0));
  const keys = new KeyTaker();
  // The config reserves these keys for the organization's central vaults: a vault named so takes another key (its name stays).
  for (const reserved of [CENTRAL_VAULT_KEY, CENTRAL_AIR_GAPPED_VAULT_KEY]) keys.take(reserved);
  const entries: Record<string, Json> = {};
  const byArn = new Map<string, AdoptedVault>();
  const byName = new Map<string, AdoptedVault>();
  for (const entry of found) {
    const name = str(entry.summary, 'BackupVaultName') ?? '';
    const type = str(entry.summary, 'VaultType') ?? 'BACKUP_VAULT';
    if (type !== 'BACKUP_VAULT') {
      out.report(
        'not-represented',
        'vaults',
        `${type} ${name} (${entry.region}) is not carried over by adopt (a config may declare one: vaults.<key>.airGapped): it stays as it is, unmanaged, and a copy into it is dropped unless you add it back`,
      );
      continue;
    }
    const key = keys.take(keyOf(name, 'vault'), entry.region);
    const path = `vaults.${key}`;
    const stack = stackName(scope, entry.region);
    const tags = entry.folder.read('tags.json', TAGS);
    if (tags.kind !== 'ok') {
      const why = tags.kind === 'failed' ? tags.reason : missing(entry.folder, 'tags.json');
      out.report('warning', `${path}.tags`, `the tags of vault ${name} (${entry.region}) could not be exported (${why}): the config holds none, so the first apply removes whatever tags the vault has; export them again (backup:ListTags) or write them under ${path}.tags before applying`);
    }
    keyOfVault(entry, path, name, out);
    notificationsOf(entry, path, name, out);
    const lock = lockOf(entry.summary, path, name, out);
    const accessPolicy = accessPolicyOf(entry, path, name, out, stack);
    entries[key] = {
      ...(key === name ? {} : { name }),
      ...(entry.region === scope.primary ? {} : { region: entry.region }),
      kmsKeyArn: str(entry.summary, 'EncryptionKeyArn'),
      ...(lock ? { lock } : {}),
      ...(Object.keys(accessPolicy).length > 0 ? { accessPolicy } : {}),
      ...(tags.kind === 'ok' && userTags(stringMap(tags.value, 'Tags')) ? { tags: userTags(stringMap(tags.value, 'Tags')) } : {}),
    };
    out.importing({ stack, configPath: path, type: 'aws_backup_vault', id: name, what: `vault ${name} (${entry.region})` });
    if (lock) out.importing({ stack, configPath: path, type: 'aws_backup_vault_lock_configuration', id: name, what: `Vault Lock of ${name} (${entry.region})` });
    const adopted = { key, name, region: entry.region, arn: str(entry.summary, 'BackupVaultArn') ?? '' };
    byArn.set(adopted.arn, adopted);
    byName.set(`${entry.region}/${name}`, adopted);
  }
  return { entries, byArn, find: (region, name) => byName.get(`${region}/${name}`) };
}
