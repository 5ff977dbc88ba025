/**
 * Restore runbooks: Markdown per account and Region (one per workload stack of the model) telling
 * the on-call engineer, for each plan and selection, where the recovery points are (vault, Region,
 * account, lock, retention, copies), how to restore each resource type the selection can select
 * (console path and the `aws backup start-restore-job` call, the metadata to supply, the role to
 * use), who can break glass, which restore test proves it and the worst-case RPO (core/rpo.ts
 * planRpo). Deterministic: the same model gives the same bytes.
 *
 * Restore calls follow the AWS Backup API reference, StartRestoreJob
 * (https://docs.aws.amazon.com/aws-backup/latest/devguide/API_StartRestoreJob.html): the metadata
 * starts from GetRecoveryPointRestoreMetadata, "values in addition to those ... might be required
 * to restore a resource. For example, you might need to provide a new resource name if the original
 * already exists"; for EFS it names file-system-id, Encrypted, KmsKeyId and PerformanceMode.
 */
import { movesToColdStorage, REGION_SETTINGS_RESOURCE_TYPES } from '../core/limits';
import { vaultPolicyExemptions, type LifecycleValues } from '../core/checks';
import { COPY_DESTINATION_ACTIONS as COPY_KEY_ACTIONS, CROSS_ACCOUNT_VAULT_ACTION } from '../core/service-limits';
import { andList, compareStrings } from '../core/order';
import { backupVaultArn } from '../core/arn';
import { mayReceive } from '../core/alert-filter-match';
import { formatMinutes, planRpo } from '../core/rpo';
import { evaluateSelection, TYPES_NOT_JUDGED, UNKNOWN_TYPE, type SelectionEvaluation, type SelectionSpec } from '../core/selection';
import { typesBackedUp } from '../core/selection-reach';
import { backupOffersType } from '../core/regions';
import type { EstateModel, PlanModel, VaultModel, VaultRef, WorkloadStackModel } from '../config/estate-model';
import { planRulesBesideOthers } from '../config/monitoring';
import { selectionSpecOfModel } from '../config/selection-specs';
import { copyNotMadeHere, fullyManagedOf, typesCopiedBy } from '../config/region-availability';
import { kindsTested, lacksMetadata, newestTestedAge, recoveryPointKinds, restoreTestMayPick, vaultsTested, windowHolds } from '../config/restore-test-scope';
import { selectionInWords } from './posture-parts';
import { admitsCopiesFrom } from '../core/policy-conditions';
import { AFTER_RESTORE, pointInTimeLines } from './runbook-after-restore';

const FROM_RESTORE_METADATA = 'start from the metadata get-recovery-point-restore-metadata returns'; // unless a type names the keys to give
/** What to check in the restore metadata, by resource type (EFS: the StartRestoreJob reference; DynamoDB: the keys AWS's restore pages name; S3: where to restore, its restore considerations; EC2: what its restore leaves out; others: its general rule). */
const METADATA_NOTES: Readonly<Record<string, string>> = {
  // AWS Backup restores a DynamoDB backup into a new table ("New table name"); its DynamoDB restore page lists targetTableName, encryptionType, kmsMasterKeyArn: "The metadata is not case-sensitive" (its CLI example writes TargetTableName).
  DynamoDB: 'targetTableName (the name of the new table the restore creates: one not in use in the Region); encryptionType and kmsMasterKeyArn to choose its key',
  // StartRestoreJob: "You need to specify specific metadata to restore an Amazon EFS instance": these six (ItemsToRestore optional).
  // AWS Backup guide, "Amazon S3 restore considerations": into the original bucket "AWS Backup will not put an object into a bucket in place of an object that already exists, regardless of version";
  // "Restores of objects are skipped if the destination bucket has an object with the same name or version ID"; "If ACLs were enabled during the backup, the destination bucket ... must have ACLs enabled; otherwise, the restore job fails".
  S3: 'name a new bucket as the destination: into the original bucket, or any bucket that holds the same keys, AWS Backup skips every object that already exists there, whatever its version, so an object overwritten or encrypted since the backup is not put back; if the backed-up bucket had ACLs enabled, the destination bucket must too, or the job fails',
  // AWS Backup guide, "Restoring an Amazon EC2 instance": "AWS Backup does not backup and restore user-data that is used while launching an Amazon EC2 instance";
  // it "configures the restored instance to use the same key pair that the protected resource originally used. You cannot specify a different key pair".
  EC2: `${FROM_RESTORE_METADATA}; AWS Backup does not back up or restore the user data the instance was launched with: an instance that needs it at boot needs it supplied again (the console's Advanced settings › User data); the restored instance uses the original key pair, which a restore cannot change`,
  EFS: 'file-system-id (from the metadata), newFileSystem (true: a new file system; false: into the original, under an aws-backup-restore_ directory), CreationToken (a value of your own, unique per restore), Encrypted (true whenever KmsKeyId is given), KmsKeyId (the key of the restored file system), PerformanceMode; ItemsToRestore only for an item-level restore',
};
/**
 * StartRestoreJob ResourceType values (its API reference) the runbook passes; other types leave the
 * optional flag out (AWS Backup reads the type from the recovery point). Not 'Storage Gateway':
 * ResourceType and ListRecoveryPointsByBackupVault's ByResourceType list it but document the
 * pattern ^[a-zA-Z0-9\-\_\.]{1,50}$, which admits no space: a value the service may refuse has no
 * place in a command run as written in an emergency, and leaving the flag out always works.
 */
const RESTORE_RESOURCE_TYPES: readonly string[] = ['Aurora', 'DocumentDB', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'EKS', 'FSx', 'Neptune', 'RDS', 'S3'];
const typeFlag = (flag: string, type: string) => (RESTORE_RESOURCE_TYPES.includes(type) ? ` ${flag} ${type}` : '');

/** Types a tag or "*" selection may reach that backup-estate does not judge (DSQL, ...): named beside "every type". */
const EVERY_TYPE_NOT_JUDGED = andList(Object.keys(TYPES_NOT_JUDGED));
const DEFAULT_METADATA_NOTE = `${FROM_RESTORE_METADATA}; give a new name or identifier where the original still exists`;

export interface Runbook {
  /** File name: `<stack>.md`. */
  readonly file: string;
  readonly stack: string;
  readonly markdown: string;
}

const code = (text: string) => `\`${text}\``;
const days = (value: number | undefined) => (value === undefined ? 'forever' : `${value} d`);

/**
 * Kept how long, and when moved to cold storage; `types` (those the plan backs up) that stay warm
 * anyway are named, as the report's warm / cold cell names them (core/limits movesToColdStorage:
 * EBS without the archive opt-in or in `region` without its archive tier, DynamoDB without full
 * management, types without cold storage).
 */
function retentionWords(lifecycle: LifecycleValues | undefined, region: string, types: readonly string[] = [], fullyManaged?: readonly string[]): string {
  if (!lifecycle) return 'the rule\'s';
  const total = lifecycle.deleteAfterDays;
  if (lifecycle.coldStorageAfterDays === undefined) return days(total);
  const warm = types.filter((type) => !movesToColdStorage(type, lifecycle.optInToArchiveForSupportedResources, fullyManaged, region));
  const which = warm.length <= 3 ? warm.join(', ') : 'types without cold storage';
  return `${days(total)} (cold after ${lifecycle.coldStorageAfterDays} d${warm.length > 0 ? `; ${which}: ${days(total)} warm` : ''})`;
}

/** What the runbook reads of a vault's lock: a workload vault, or a central stack's vault or logically air-gapped vault. */
type LockView = Pick<VaultModel, 'lock' | 'airGapped'>;

function lockWords(vault: LockView | undefined, existing = false): string {
  const lock = vault?.lock;
  // An existing vault (existingVaults, or the Default vault by name): no stack of this config creates it, so its lock is unknown here, as validate says.
  if (!vault) return existing ? 'lock unknown (a vault this config does not create)' : 'see the stack that creates it';
  // AWS: every logically air-gapped vault "is equipped with AWS Backup Vault Lock's compliance mode" (its range, no lock resource).
  if (vault.airGapped) return `air-gapped, compliance ${vault.airGapped.minRetentionDays}-${vault.airGapped.maxRetentionDays} d`;
  if (!lock) return 'no lock';
  const range = `${lock.minRetentionDays}-${lock.maxRetentionDays ?? '∞'} d`;
  const grace = lock.changeableForDays === null ? 'an existing lock: immutable from its lock date' : `immutable after ${lock.changeableForDays} d`;
  return lock.mode === 'compliance' ? `compliance ${range} (${grace})` : `governance ${range}`;
}

interface Context {
  readonly stack: WorkloadStackModel;
  /** Every vault of the estate by ARN (copies land in other stacks). */
  readonly vaults: ReadonlyMap<string, VaultModel>;
  /** The lock of every vault the estate creates by ARN, the central stacks' vaults and logically air-gapped vaults included. */
  readonly locks: ReadonlyMap<string, LockView>;
  /** Every workload stack of the estate (the roles of the accounts and Regions copies land in). */
  readonly stacks: readonly WorkloadStackModel[];
}

function vaultLine(context: Context, ref: VaultRef): string {
  const vault = context.vaults.get(ref.arn);
  const account = ref.arn.split(':')[4] ?? '';
  return `${code(ref.name)} · ${ref.region} · account ${account} · ${lockWords(vault ?? context.locks.get(ref.arn), ref.existing)}`;
}

/** The types a plan's selections back up here: what they reach less what the Region settings opt out (core/selection-reach typesBackedUp, as validate, the report and coverage read it). */
function typesBackedUpBy(stack: WorkloadStackModel, selections: PlanModel['selections']): readonly string[] {
  const home = { accountId: stack.account.accountId, region: stack.region };
  return typesBackedUp(selections.map((selection) => evaluateSelection(selectionSpecOfModel(selection), home)), stack.regionSettings?.optIn);
}

/** What AWS Backup does not make of a copy to `destination` (core/regions.ts copyNotMade, the one answer validate, the rule pack and the report give), in words; '' when it makes all of it. */
function copyNotMadeWords(stack: WorkloadStackModel, plan: PlanModel, destination: VaultRef): string {
  const notMade = copyNotMadeHere(stack, destination, typesCopiedBy(stack, plan));
  if (notMade === undefined) return '';
  return notMade.refused !== undefined ? ` · **never made**: ${notMade.refused}` : ` · **no copy of ${notMade.types.join(', ')}**: AWS Backup makes ${notMade.because}`;
}

function whereSection(context: Context, plan: PlanModel): string[] {
  const lines = ['| rule | recovery points in | kept | copies |', '| --- | --- | --- | --- |'];
  const types = typesBackedUpBy(context.stack, plan.selections);
  for (const [name, rule] of Object.entries(plan.rules).sort(([a], [b]) => compareStrings(a, b))) {
    // A copy's cold storage is the destination account's: its full management is not known here (unknown: not named).
    const copies = Object.values(rule.copies).map((copy) => `${vaultLine(context, copy.destination)}, kept ${retentionWords(copy.lifecycle ?? rule.lifecycle, copy.destination.region, types)}${copyNotMadeWords(context.stack, plan, copy.destination)}`);
    lines.push(`| ${code(name)} | ${vaultLine(context, rule.target)} | ${retentionWords(rule.lifecycle, rule.target.region, types, fullyManagedOf(context.stack))}${rule.continuousBackup ? ', continuous (point in time)' : ''} | ${copies.join('<br>') || '–'} |`);
  }
  return lines;
}

function typesOf(evaluation: SelectionEvaluation, home: { accountId: string; region: string }): readonly string[] {
  // A type AWS Backup does not offer in this Region (DSQL outside its Regions) has no backups here to restore.
  return (evaluation.types === 'every' ? REGION_SETTINGS_RESOURCE_TYPES : evaluation.types).filter((type) => backupOffersType(type, home.region));
}

/**
 * The restore tests of `type` that can restore what this plan selection backs up: they pick
 * recovery points from one of the plan's `vaults` (included, not excluded) of a kind the plan
 * leaves there (config/restore-test-scope.ts recoveryPointKinds: a snapshot test never restores a
 * continuous recovery point), and their selection can pick a resource the plan selection selects
 * (restoreTestMayPick: a test of backup = silver proves nothing about backup = gold), and whose
 * selection window holds the plan's newest recovery point (windowHolds: a 30-day test finds none of
 * a yearly plan's most of the year). A test that covers only some of the vaults names those.
 * Selections whose restore jobs lack metadata AWS cannot infer (lacksMetadata: FSx without
 * restoreMetadataOverrides) prove nothing: listed as failing, not credited.
 */
function restoreTests(stack: WorkloadStackModel, plan: PlanModel, spec: SelectionSpec, type: string, vaults: readonly VaultRef[]): { proven: string[]; failing: string[] } {
  const home = { accountId: stack.account.accountId, region: stack.region };
  const rules = Object.values(plan.rules);
  const found = stack.restoreTesting.flatMap((test) => {
    const tested = vaultsTested(test, rules, type, vaults);
    if (tested.length === 0) return [];
    // Its selection window must hold this plan's newest recovery point (the predicate validate warns by).
    const newest = newestTestedAge(test, rules, (rule) => kindsTested(test, rule, type, (arn) => vaults.some((vault) => vault.arn === arn)));
    if (!windowHolds(test, newest)) return [];
    const which = tested.length < vaults.length ? ` (recovery points of ${tested.map((vault) => code(vault.name)).join(', ')} only)` : '';
    return Object.entries(test.selections)
      .filter(([, selection]) => selection.resourceType === type && restoreTestMayPick(selection, spec, home))
      .map(([name, selection]) => ({
        text: `restore testing plan ${code(test.name)} selection ${code(name)}${which}`,
        // Its restore jobs lack metadata AWS cannot infer (the predicate validate warns by): they fail, and prove nothing.
        failing: lacksMetadata(selection),
      }));
  });
  return { proven: found.filter((test) => !test.failing).map((test) => test.text), failing: found.filter((test) => test.failing).map((test) => test.text) };
}

/** The runbook's restore test line: the tests that prove the restore, or none, naming those whose restore jobs fail for want of metadata. */
function restoreTestLine(type: string, tests: { proven: readonly string[]; failing: readonly string[] }): string {
  if (tests.proven.length > 0) return `Restore test: ${tests.proven.join('; ')}.`;
  const failing = tests.failing.length > 0 ? ` (${tests.failing.join('; ')} gives no \`restoreMetadataOverrides\`, and AWS Backup cannot infer a complete set of restore metadata for ${type}: its restore jobs may fail)` : '';
  return `Restore test: **none**: no restore test proves this restore${failing}.`;
}

/** Where older recovery points of a type moved to cold storage are, and what restoring one costs in time (sources: archiveWords). */
const coldTier = (ebs: boolean): { where: string; tier: string } =>
  ebs
    ? { where: 'the EBS archive tier', tier: 'restoring one first returns its snapshot to the standard tier, which can take up to 72 hours.' }
    : { where: 'cold storage', tier: 'restoring one typically takes 4 hours more than restoring from warm storage.' };

/**
 * What a restore from cold storage costs in time: the plan's rules that back `type` up into `vault`
 * and move it to cold storage (movesToColdStorage, the answer the kept cell gives: EBS with the
 * archive opt-in outside China and GovCloud, DynamoDB with full management, EFS, ...) leave the older recovery points there.
 * EBS: "it can take up to 72 hours to restore an archived snapshot from the archive tier to the
 * standard tier" (Amazon EBS User Guide, "Considerations and limitations for archiving Amazon EBS
 * snapshots"); other types: "Restoring from cold storage typically takes 4 hours more than
 * restoring from warm storage" (AWS Backup Developer Guide, "Restore a backup by resource type").
 * '' when no rule moves the type to cold storage there.
 */
function archiveWords(context: Context, plan: PlanModel, type: string, vault: VaultRef): string {
  const into = Object.entries(plan.rules).filter(([, rule]) => rule.target.arn === vault.arn);
  const archiving = into.filter(([, rule]) => rule.lifecycle?.coldStorageAfterDays !== undefined && movesToColdStorage(type, rule.lifecycle.optInToArchiveForSupportedResources, fullyManagedOf(context.stack), vault.region));
  if (archiving.length === 0) return '';
  const ebs = type === 'EBS';
  const { where, tier } = coldTier(ebs);
  // Only the archiving rules' recovery points move: a rule into the same vault without cold storage keeps its own in the standard tier.
  if (archiving.length === into.length) return `Recovery points older than ${Math.min(...archiving.map(([, rule]) => rule.lifecycle!.coldStorageAfterDays!))} d are in ${where}: ${tier}`;
  const each = archiving.map(([name, rule]) => `rule ${code(name)}'s older than ${rule.lifecycle!.coldStorageAfterDays} d`).join(', ');
  return `Recovery points of ${each} are in ${where} (the other rules' stay in ${ebs ? 'the standard tier' : 'warm storage'}): ${tier}`;
}

/** `continuous`: `vault` holds a continuous recovery point of `type` (recoveryPointKinds; its point-in-time restore: runbook-after-restore pointInTimeLines). */
function restoreSteps(context: Context, type: string, vault: VaultRef, archived = '', continuous = false): string[] {
  const { stack } = context;
  const role = stack.serviceRole.arn;
  const region = stack.region;
  return [
    `Console: AWS Backup console in ${region} › Backup vaults › ${code(vault.name)} › the recovery point › Restore (choose ${code(role)} as the restore role).`,
    '',
    '```sh',
    `aws backup list-recovery-points-by-backup-vault --region ${region} --backup-vault-name ${vault.name}${typeFlag('--by-resource-type', type)}`,
    `aws backup get-recovery-point-restore-metadata --region ${region} --backup-vault-name ${vault.name} --recovery-point-arn RECOVERY_POINT_ARN --query RestoreMetadata --output json > metadata.json`,
    `aws backup start-restore-job --region ${region} --recovery-point-arn RECOVERY_POINT_ARN --iam-role-arn ${role}${typeFlag('--resource-type', type)} --metadata file://metadata.json`,
    '```',
    '',
    `Metadata: ${METADATA_NOTES[type] ?? DEFAULT_METADATA_NOTE}.`,
    ...(continuous ? pointInTimeLines(type).flatMap((line) => ['', line]) : []),
    ...(archived === '' ? [] : ['', archived]),
    ...(AFTER_RESTORE[type] === undefined ? [] : ['', ...AFTER_RESTORE[type](region)]),
  ];
}

/**
 * Restoring from the copies, when the plan's own Region or account is lost. Another Region of the
 * account: the same calls there (IAM roles are global). Another account: AWS restores a
 * cross-account copy after copying it back ("you can copy the backup from its destination account
 * to its source account, and then start the restore", AWS Backup guide, "Creating backup copies
 * across AWS accounts"), with a role of that account and a vault of this one that admits the copy
 * (copyBackNeeds: what the synthesized policies lack for it).
 */
/** The metadata describes the original resource: in another Region, some of its values must change. */
const otherRegion = (region: string, home: string): string =>
  region === home ? '' : `The metadata describes the original resource: give ${region}'s values where it names an Availability Zone, subnet, security group or KMS key of ${home}.`;

/**
 * What a copy back from another account's vault needs that backup-estate does not write (AWS's
 * cross-account copy troubleshooting: the destination vault policy allows the source account, the
 * source key policy allows the destination account; a destination key the destination account's
 * AWSServiceRoleForBackup may use through EC2, RDS and FSx, as the central key has for copies in).
 */
function copyBackNeeds(context: Context, source: VaultRef, back: VaultRef | undefined, account: string): string[] {
  const home = context.stack.account.accountId;
  const destination = back ? context.vaults.get(back.arn) : undefined;
  const sourceVault = context.vaults.get(source.arn);
  const needs: string[] = [];
  if (!admitsCopiesFrom(destination?.accessPolicy.statements ?? [], account)) {
    const where = destination && !destination.existing ? `: add a statement to ${code(`vaults.${destination.key}.accessPolicy.statements`)} naming ${code(`arn:${context.stack.account.partition}:iam::${account}:root`)} and apply it` : '';
    needs.push(`- the access policy of ${back ? code(back.name) : 'that vault'} must allow ${code(CROSS_ACCOUNT_VAULT_ACTION)} from account ${account}${where};`);
  }
  if (!(sourceVault?.copyDestinationAccounts ?? []).includes(home)) {
    needs.push(
      `- the key of ${code(source.name)} (the copy's source key) must name account ${home}'s root with ${COPY_KEY_ACTIONS.map(code).join(', ')}${source.key === 'central' ? ': backup-estate lets the organization use the central key through AWS Backup only' : ''};`,
    );
  }
  needs.push(
    `- the key of ${back ? code(back.name) : 'that vault'} must let account ${home}'s ${code('AWSServiceRoleForBackup')} use it through EC2, RDS and FSx (they re-encrypt EBS, EC2, RDS, Aurora, DocumentDB, Neptune and FSx copies);`,
    `- the copy runs with ${context.stacks.some((candidate) => candidate.account.accountId === account && candidate.region === source.region) ? 'the service role of account ' + account : `${code('COPY_ROLE_ARN')}, a role of account ${account} AWS Backup can assume (backup-estate creates none there)`}.`,
    '',
    'A key policy changed by hand is replaced by backup-estate\'s at the next apply of the stack that writes it.',
  );
  return needs;
}

/**
 * The steps after the restore (AFTER_RESTORE: Aurora's writer, a DocumentDB or Neptune instance) of the types
 * the plan backs up and AWS Backup copies into `vault` (copyNotMadeHere, as the copy's note says),
 * run in the copy's Region: a restore from a copy leaves them undone as one from the plan's vault does.
 */
function afterCopyRestore(context: Context, plan: PlanModel, vault: VaultRef): string[] {
  const notMade = copyNotMadeHere(context.stack, vault, typesCopiedBy(context.stack, plan));
  if (notMade?.refused !== undefined) return [];
  const copied = typesBackedUpBy(context.stack, plan.selections).filter((type) => !(notMade?.types ?? []).includes(type));
  // The copies' own lifecycle (or the rule's) may move them to cold storage there, as archiveWords says of the plan's vault (the destination's DynamoDB management is not known: assumed on).
  const lifecycles = Object.values(plan.rules).flatMap((rule) => Object.values(rule.copies).filter((copy) => copy.destination.arn === vault.arn).map((copy) => copy.lifecycle ?? rule.lifecycle));
  const cold = (type: string) => lifecycles.filter((lifecycle) => lifecycle?.coldStorageAfterDays !== undefined && movesToColdStorage(type, lifecycle.optInToArchiveForSupportedResources, undefined, vault.region)).map((lifecycle) => lifecycle!.coldStorageAfterDays!);
  const tiers = [false, true].flatMap((ebs) => {
    const types = copied.filter((type) => (type === 'EBS') === ebs && cold(type).length > 0);
    const { where, tier } = coldTier(ebs);
    return types.length === 0 ? [] : [`${types.join(', ')} copies older than ${Math.min(...types.flatMap(cold))} d are in ${where} here: ${tier}`, ''];
  });
  return [...tiers, ...copied.filter((type) => AFTER_RESTORE[type] !== undefined).flatMap((type) => [...AFTER_RESTORE[type]!(vault.region), ''])];
}

function copiesSection(context: Context, plan: PlanModel): string[] {
  const { stack } = context;
  const copies = [...new Map(Object.values(plan.rules).flatMap((rule) => Object.values(rule.copies).map((copy) => [copy.destination.arn, copy.destination] as const))).values()];
  if (copies.length === 0) return [];
  const lines = ['### Restoring from the copies', ''];
  for (const vault of copies.sort((a, b) => compareStrings(a.arn, b.arn))) {
    const account = vault.arn.split(':')[4] ?? '';
    lines.push(`#### ${code(vault.name)} · ${vault.region} · account ${account}`, '');
    const notMade = copyNotMadeWords(stack, plan, vault);
    if (notMade !== '') lines.push(`Not every backup is here:${notMade.replace(/^ ·/, '')}.`, '');
    if (account === stack.account.accountId) {
      lines.push(
        `In ${vault.region}, with the same role. ${otherRegion(vault.region, stack.region)}`.trimEnd(),
        '',
        '```sh',
        `aws backup list-recovery-points-by-backup-vault --region ${vault.region} --backup-vault-name ${vault.name}`,
        `aws backup get-recovery-point-restore-metadata --region ${vault.region} --backup-vault-name ${vault.name} --recovery-point-arn RECOVERY_POINT_ARN --query RestoreMetadata --output json > metadata.json`,
        `aws backup start-restore-job --region ${vault.region} --recovery-point-arn RECOVERY_POINT_ARN --iam-role-arn ${stack.serviceRole.arn} --metadata file://metadata.json`,
        '```',
        '',
        ...afterCopyRestore(context, plan, vault),
      );
      continue;
    }
    if (vault.logicallyAirGapped) {
      // AWS: a shared logically air-gapped vault's backups "can be restored from an account with which the vault is shared" (AWS RAM).
      // AWS RAM: an account shared with outside an organization with resource sharing enabled receives an invitation and "must accept the invitation to gain access".
      const role = context.stacks.find((candidate) => candidate.account.accountId === stack.account.accountId && candidate.region === vault.region)?.serviceRole.arn ?? stack.serviceRole.arn;
      const share = `${vault.name}-restore`;
      lines.push(
        `A logically air-gapped vault of another account: account ${account} shares it with account ${stack.account.accountId} through AWS RAM (first command, run in account ${account}); account ${stack.account.accountId} accepts the invitation AWS RAM sends unless the organization has resource sharing with AWS Organizations enabled (second and third commands: the second prints the invitation's ARN, nothing when there is none to accept), then restores from it directly (the others). ${otherRegion(vault.region, stack.region)}`.trimEnd(),
        '',
        '```sh',
        `aws ram create-resource-share --region ${vault.region} --name ${share} --resource-arns ${vault.arn} --principals ${stack.account.accountId}`,
        `aws ram get-resource-share-invitations --region ${vault.region} --query "resourceShareInvitations[?resourceShareName=='${share}' && status=='PENDING'].resourceShareInvitationArn" --output text`,
        `aws ram accept-resource-share-invitation --region ${vault.region} --resource-share-invitation-arn INVITATION_ARN`,
        `aws backup list-recovery-points-by-backup-vault --region ${vault.region} --backup-vault-name ${vault.name} --backup-vault-account-id ${account}`,
        `aws backup get-recovery-point-restore-metadata --region ${vault.region} --backup-vault-name ${vault.name} --backup-vault-account-id ${account} --recovery-point-arn RECOVERY_POINT_ARN --query RestoreMetadata --output json > metadata.json`,
        `aws backup start-restore-job --region ${vault.region} --recovery-point-arn RECOVERY_POINT_ARN --iam-role-arn ${role} --metadata file://metadata.json`,
        '```',
        '',
        ...afterCopyRestore(context, plan, vault),
      );
      continue;
    }
    const there = context.stacks.find((candidate) => candidate.account.accountId === account && candidate.region === vault.region);
    const back = [...new Set(Object.values(plan.rules).map((rule) => rule.target))].find((target) => target.region === vault.region);
    // Without a vault of the plan in that Region the copy lands in another Region than the steps above name: their calls run there, with that Region's metadata.
    const into = `with the calls above run in ${vault.region} against that vault (${code('DESTINATION_VAULT_ARN')}: a vault of account ${stack.account.accountId} in ${vault.region}).`;
    const restoreThere = back ? 'as above.' : `${into} ${otherRegion(vault.region, stack.region)}`.trimEnd();
    lines.push(
      `Another account: copy the recovery point back into a vault of account ${stack.account.accountId}, then restore it there ${restoreThere} Run in account ${account}. backup-estate does not set this copy up; before it can run:`,
      '',
      ...copyBackNeeds(context, vault, back, account),
      '',
      '```sh',
      `aws backup list-recovery-points-by-backup-vault --region ${vault.region} --backup-vault-name ${vault.name}`,
      `aws backup start-copy-job --region ${vault.region} --source-backup-vault-name ${vault.name} --recovery-point-arn RECOVERY_POINT_ARN --destination-backup-vault-arn ${back?.arn ?? 'DESTINATION_VAULT_ARN'} --iam-role-arn ${there?.serviceRole.arn ?? 'COPY_ROLE_ARN'}`,
      '```',
      '',
    );
  }
  return lines;
}

function planSection(context: Context, plan: PlanModel, policy: boolean): string[] {
  const { stack } = context;
  const home = { accountId: stack.account.accountId, region: stack.region };
  // Resources of a type without continuous backup get snapshots on the rules' schedules; runs that overlap make one backup, the rule kept longer's (core/rpo.ts rulesAsRun).
  // A run a job of another plan selecting the same resources may hold the resource through makes no backup of this plan (core/plan-contention.ts).
  const rpo = planRpo(planRulesBesideOthers([...stack.plans, ...(stack.policyPlans ?? [])], plan, home, stack.policyFileJobs));
  const lines = [`## ${policy ? 'Backup policy plan' : 'Plan'} ${code(plan.name)} · worst-case RPO ${formatMinutes(rpo.minutes)}${rpo.minutes === null ? ` (${rpo.explanation.replace(/^unbounded: /, '')})` : ''}`, '', '### Where the recovery points are', '', ...whereSection(context, plan), ''];
  const targets = [...new Map(Object.values(plan.rules).map((rule) => [rule.target.arn, rule.target])).values()].sort((a, b) => compareStrings(a.arn, b.arn));
  for (const selection of plan.selections) {
    const spec = selectionSpecOfModel(selection);
    const words = selectionInWords({ tags: spec.tags.map((tag) => ({ operator: 'StringEquals', ...tag })), conditions: [...spec.conditions], resources: [...spec.resources], notResources: [...spec.notResources] }, home);
    const evaluation = evaluateSelection(spec, home);
    const types = typesOf(evaluation, home);
    lines.push(`### Selection ${code(selection.name)}: ${words}`, '');
    // The types outside the type table (DSQL, ...): named, not left out (such a selection read "Resource types: .").
    const notJudged = (evaluation.typesNotJudged ?? []).map((type) => (type === UNKNOWN_TYPE ? 'a type backup-estate does not know' : type));
    lines.push(evaluation.types === 'every' ? `Resource types: every type AWS Backup protects (it selects by tag or "*"): restore each as below; ${EVERY_TYPE_NOT_JUDGED} it may select too, but backup-estate has no restore steps or restore tests of ${Object.keys(TYPES_NOT_JUDGED).length === 1 ? 'it' : 'them'}.` : `Resource types: ${[...types, ...notJudged].join(', ')}.`, '');
    if (notJudged.length > 0) {
      lines.push(`Not judged: ${notJudged.join(', ')}: backup-estate knows no restore steps or restore tests of ${notJudged.length === 1 ? 'it' : 'them'}; restore from the vaults above as the AWS Backup Developer Guide says for the type.`, '');
    }
    const backedUp = typesBackedUpBy(stack, [selection]);
    for (const type of types) {
      if (!backedUp.includes(type)) {
        // The Region settings opt the type out: AWS Backup skips it (no job, no failure), as the report's Region settings line and coverage say.
        lines.push(`#### ${type}`, '', `**Not backed up**: the Region settings (\`regionSettings\`) opt ${type} out, so AWS Backup skips the resources of this type the selection selects: there is nothing to restore.`, '');
        continue;
      }
      lines.push(`#### ${type}`, '', restoreTestLine(type, restoreTests(stack, plan, spec, type, targets)), '');
      // A continuous recovery point of this type in the vault: the one reading of it (restore tests ask it too).
      const continuous = (vault: VaultRef) => Object.values(plan.rules).some((rule) => recoveryPointKinds(rule, type, vault.arn).includes('CONTINUOUS'));
      for (const vault of targets) lines.push(...restoreSteps(context, type, vault, archiveWords(context, plan, type, vault), continuous(vault)), '');
    }
  }
  return [...lines, ...copiesSection(context, plan)];
}

function breakGlassSection(stack: WorkloadStackModel, vaults: readonly VaultModel[]): string[] {
  if (vaults.length === 0) return [];
  const lines = ['## Who can break glass', '', '| vault | lock | may delete recovery points or change the vault policy |', '| --- | --- | --- |'];
  for (const vault of vaults) {
    const policy = vault.accessPolicy;
    // The deployment role is exempt like the break-glass principals; without one the policy does not deny its own deletion (DenyProtectionRemoval), which lifts every deny.
    const principals = vaultPolicyExemptions(policy);
    const denied = policy.denyRecoveryPointDeletion !== false;
    const exempt = !denied ? 'anyone IAM allows (no deny in the vault policy)' : principals.length === 0 ? 'nobody (the vault policy denies everyone)' : principals.map(code).join(', ');
    const who = denied && policy.deployRoleArn === undefined ? `${exempt}; and anyone IAM allows who deletes the vault policy first (without a deployment role it does not deny \`backup:DeleteBackupVaultAccessPolicy\`)` : exempt;
    lines.push(`| ${code(vault.name)} | ${lockWords(vault)} | ${who} |`);
  }
  lines.push('', `Restores run as ${code(stack.serviceRole.arn)}; a compliance-mode lock, once its grace period has passed (\`changeableForDays\`; until then it can be deleted like a governance-mode lock)${vaults.some((vault) => vault.airGapped) ? ' or from its creation (a logically air-gapped vault\'s)' : ''}, lets nobody delete a recovery point before its retention ends.`, '');
  return lines;
}

/** Who hears the silence alarms: no one without alerts, nor when every subscription of the topic filters alarm notifications out (core/alert-filter-match.ts). */
function unheardWords(stack: WorkloadStackModel): string {
  const alerts = stack.alerts;
  if (!alerts) return ', but notifies no one (no `alerts`)';
  if (alerts.existingTopicArn !== undefined || Object.values(alerts.subscriptions).some((subscription) => mayReceive(subscription.filterPolicy, subscription.filterPolicyScope, 'alarm'))) return '';
  return ', but notifies no one: no subscription of its topic receives alarm notifications';
}

function silenceSection(stack: WorkloadStackModel): string[] {
  const vaults = stack.monitoring?.vaults ?? [];
  if (vaults.length === 0) return [];
  return [
    '## Silence alarms',
    '',
    ...vaults.map((vault) =>
      vault.watch.watched && stack.monitoring?.silenceAlarms
        ? `- ${code(vault.vaultName)}: ${code(`${stack.monitoring.namePrefix}-silence-${vault.vaultName}`)} fires after ${formatMinutes(vault.watch.windowMinutes)} without a completed backup job${unheardWords(stack)}`
        : `- ${code(vault.vaultName)}: not watched: ${vault.watch.watched ? 'silence alarms are off' : vault.watch.reason}`,
    ),
    '',
  ];
}

/** The locks of the central stacks' vaults by ARN: the organization vault's lock, and the compliance range of its logically air-gapped vault. */
function centralLocks(model: EstateModel): ReadonlyMap<string, LockView> {
  return new Map(
    model.stacks.flatMap((stack) => {
      if (stack.kind !== 'central') return [];
      const context = { ...stack.account, region: stack.region };
      const vault: [string, LockView] = [backupVaultArn(context, stack.vault.name), { lock: stack.vault.lock }];
      const airGapped = stack.airGapped;
      return airGapped ? [vault, [backupVaultArn(context, airGapped.name), { airGapped: { minRetentionDays: airGapped.minRetentionDays, maxRetentionDays: airGapped.maxRetentionDays } }] as [string, LockView]] : [vault];
    }),
  );
}

/** The runbook of one workload stack. */
export function runbookMarkdown(model: EstateModel, stack: WorkloadStackModel): string {
  const vaults = new Map(model.stacks.flatMap((candidate) => (candidate.kind === 'workload' ? candidate.vaults.map((vault) => [vault.arn, vault] as const) : [])));
  const context: Context = { stack, vaults, locks: centralLocks(model), stacks: model.stacks.flatMap((candidate) => (candidate.kind === 'workload' ? [candidate] : [])) };
  const lines = [
    `# Restore runbook · ${stack.rollout.account} · ${stack.account.accountId} · ${stack.region}`,
    '',
    `Generated by \`backup-estate runbook\` from the config: stack ${code(stack.name)}. Restores use the role ${code(stack.serviceRole.arn)}: whoever starts them needs ${code('backup:StartRestoreJob')} and ${code('iam:PassRole')} on it.`,
    '',
    ...breakGlassSection(stack, stack.vaults),
    ...silenceSection(stack),
  ];
  for (const plan of stack.plans) lines.push(...planSection(context, plan, false));
  for (const plan of stack.policyPlans ?? []) lines.push(...planSection(context, plan, true));
  if (stack.plans.length === 0 && (stack.policyPlans ?? []).length === 0) lines.push('No backup plan runs here: this Region holds copies. Restore them from the vaults above with the steps of the plans that copy here.', '');
  while (lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** One runbook per workload stack of the model, in stack order. */
export function runbooks(model: EstateModel): Runbook[] {
  return model.stacks.flatMap((stack) => (stack.kind === 'workload' ? [{ file: `${stack.name}.md`, stack: stack.name, markdown: runbookMarkdown(model, stack) }] : []));
}
