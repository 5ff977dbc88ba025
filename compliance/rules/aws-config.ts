/** Static mirrors of the AWS Config managed rules for AWS Backup and KMS (AWS-BACKUP-RULES.md section 9). */
import { plural } from '../../core/order';
import type { ComplianceRule, RuleResult, StackResource, StackView } from '../types';
import {
  COMPLIANT,
  conditionalText,
  instancesOf,
  onKnownRules,
  fromProblems,
  hours,
  isToken,
  isUnknownLockVault,
  lockOf,
  NOT_APPLICABLE,
  nonCompliant,
  planLabel,
  planCopies,
  copyShortfall,
  planRules,
  scheduleGapHours,
  selectionsOf,
  VAULT_TYPES,
  vaultOfArn,
  UNKNOWN_RETENTION_TIME,
  vaultOfName,
} from './helpers';
import * as ids from './ids';
import { conditionalVaultPolicies, deletionDenyOf, oneStatementDenies, PROTECTED_VAULT_ACTIONS } from '../vault-protection';

/** How the retention rules name a delete_after that is a reference (known only at apply): never read as "kept forever". */
const UNKNOWN_RETENTION = `keeps recovery points ${UNKNOWN_RETENTION_TIME}`;

export const backupPlanMinFrequencyAndMinRetention: ComplianceRule = {
  id: ids.AWS_CONFIG_BACKUP_PLAN_MIN_FREQUENCY_AND_MIN_RETENTION,
  severity: 'error',
  source: 'AWS Config backup-plan-min-frequency-and-min-retention-check',
  description:
    'The plan has a rule that backs up at least every maxFrequencyHours (longest gap between two runs of its cron, evaluated in UTC as AWS Config does; a continuous rule by its schedule too, the snapshots every type without continuous backup gets, and the cadence AWS Config and the Audit Manager control read) and keeps recovery points at least minRetentionDays.',
  remediation:
    'Add or change a rule so that it runs at least as often as required (e.g. preset daily-35) and keeps recovery points at least the required number of days (lifecycle.deleteAfterDays). The requirement is backup-estate\'s policy (AWS Config\'s defaults), not an AWS limit: compliance.minRetentionDays and compliance.maxFrequencyHours set it for the whole estate.',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('whether a rule meets both thresholds', (plan, view) => {
    const { maxFrequencyHours, minRetentionDays } = view.thresholds;
    const rules = planRules(plan);
    if (rules.length === 0) return nonCompliant(`${planLabel(plan)} has no rule`);
    const shortfalls: string[] = [];
    // Rules that run often enough but keep recovery points for a time known only at apply (delete_after is a reference).
    const unknownRetention: string[] = [];
    // A schedule known only at apply time (a reference) can be judged by nobody here.
    if (rules.every((rule) => isToken(rule.schedule))) return NOT_APPLICABLE;
    for (const rule of rules) {
      if (isToken(rule.schedule)) continue;
      const gap = scheduleGapHours(rule.schedule, 'Etc/UTC');
      const frequent = gap !== undefined && gap <= maxFrequencyHours;
      // A reference is no retention: it may be shorter than required (never read as "kept forever").
      const retained = rule.deleteAfterUnknown !== true && (rule.deleteAfter === undefined || rule.deleteAfter >= minRetentionDays);
      if (frequent && retained) return COMPLIANT;
      if (frequent && rule.deleteAfterUnknown === true) unknownRetention.push(rule.name);
      const problems = [
        ...(frequent ? [] : [gap === undefined ? `has a schedule that does not parse (${rule.schedule})` : gap === Infinity ? `${rule.schedule} runs fewer than twice in two years` : `runs only every ${hours(gap)}`]),
        ...(retained ? [] : [rule.deleteAfterUnknown === true ? UNKNOWN_RETENTION : `keeps recovery points ${plural(rule.deleteAfter ?? 0, 'day')}`]),
      ];
      shortfalls.push(`rule ${rule.name} ${problems.join(' and ')}`);
    }
    const result = nonCompliant(
      `no rule of ${planLabel(plan)} ${unknownRetention.length > 0 ? 'is known to back up' : 'backs up'} at least every ${hours(maxFrequencyHours)} and keeps recovery points at least ${plural(minRetentionDays, 'day')}: ${shortfalls.join('; ')}`,
      unknownRetention,
    );
    // Only a retention known at apply stands between the plan and compliance: it may hold, or not.
    return unknownRetention.length > 0 ? { ...result, severity: 'warning' } : result;
  }),
};

/** The protected actions the policies attached to a vault do not deny to Principal "*". */
function missingDeletionDenies(view: StackView, vault: StackResource): { policies: number; missing: string[] } {
  const { policies, denied } = deletionDenyOf(view, vault);
  return { policies, missing: PROTECTED_VAULT_ACTIONS.filter((action) => !denied.includes(action)) };
}

export const backupRecoveryPointManualDeletionDisabled: ComplianceRule = {
  id: ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED,
  severity: 'warning',
  source: 'AWS Config backup-recovery-point-manual-deletion-disabled',
  description:
    'The vault has an access policy (aws_backup_vault_policy) with one Deny statement of backup:DeleteRecoveryPoint, backup:UpdateRecoveryPointLifecycle and backup:PutBackupVaultAccessPolicy to Principal "*" on Resource "*" (break-glass principals may be exempted by a condition), as AWS Config requires.',
  remediation: 'Keep the vault\'s accessPolicy.denyRecoveryPointDeletion (the default) and name the exempt roles in breakGlassPrincipals.',
  resourceTypes: VAULT_TYPES,
  check(vault, view) {
    const { policies, missing } = missingDeletionDenies(view, vault);
    // AWS Config looks for one Deny statement with all three actions, not three statements with one each.
    if (missing.length === 0) {
      return oneStatementDenies(view, vault)
        ? COMPLIANT
        : nonCompliant(`the access policy of ${vault.address} denies ${PROTECTED_VAULT_ACTIONS.join(', ')} to Principal "*" only in separate statements: AWS Config requires one Deny statement with all three`);
    }
    // A policy whose count or for_each is known only at apply may not exist: its denies are not counted.
    const conditional = conditionalVaultPolicies(view, vault).map((policy) => `; ${conditionalText(policy)}`).join('');
    if (policies === 0) return nonCompliant(`${vault.address} has no aws_backup_vault_policy${conditional === '' ? '' : ' certain to exist'}: anyone with IAM permission can delete its recovery points${conditional}`);
    return nonCompliant(`the access policy of ${vault.address} does not deny ${missing.join(', ')} to Principal "*"${conditional}`);
  },
};

export const backupRecoveryPointMinimumRetention: ComplianceRule = {
  id: ids.AWS_CONFIG_BACKUP_RECOVERY_POINT_MINIMUM_RETENTION,
  severity: 'error',
  source: 'AWS Config backup-recovery-point-minimum-retention-check',
  description: 'Every rule and every copy of the plan keeps its recovery points at least minRetentionDays (lifecycle delete_after; no delete_after keeps them forever).',
  remediation:
    'Raise lifecycle.deleteAfterDays of the rule (and of copies with their own lifecycle) to at least the required retention. The requirement is backup-estate\'s policy (AWS Config\'s default, 35 days), not an AWS limit: compliance.minRetentionDays sets it for the whole estate.',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('the retention of its rules and copies', (plan, view) => {
    const min = view.thresholds.minRetentionDays;
    const problems: string[] = [];
    const unknown: string[] = [];
    const concerned: string[] = [];
    for (const rule of planRules(plan)) {
      if (rule.deleteAfterUnknown === true) {
        unknown.push(`rule ${rule.name} ${UNKNOWN_RETENTION}`);
        concerned.push(rule.name);
      } else if (rule.deleteAfter !== undefined && rule.deleteAfter < min) {
        problems.push(`rule ${rule.name} keeps recovery points ${plural(rule.deleteAfter, 'day')}`);
        concerned.push(rule.name);
      }
      for (const copy of rule.copies) {
        const to = `the copy of rule ${rule.name} to ${vaultOfArn(view, copy.destination).label}`;
        if (copy.deleteAfterUnknown === true) {
          unknown.push(`${to} ${UNKNOWN_RETENTION}`);
          concerned.push(rule.name);
        } else if (copy.deleteAfter !== undefined && copy.deleteAfter < min) {
          problems.push(`${to} keeps recovery points ${plural(copy.deleteAfter, 'day')}`);
          concerned.push(rule.name);
        }
      }
    }
    const required = `the required ${plural(min, 'day')}`;
    const mayBeShort = unknown.length === 0 ? [] : [`${unknown.join('; ')}, which may be less than ${required}`];
    if (problems.length > 0) return nonCompliant([`${problems.join('; ')}: less than ${required}`, ...mayBeShort].join('; '), concerned);
    // A retention known only at apply may be shorter than required: a warning, never compliant.
    return mayBeShort.length === 0 ? COMPLIANT : { ...nonCompliant(mayBeShort[0], concerned), severity: 'warning' };
  }),
};

export const resourcesProtectedByBackupPlan: ComplianceRule = {
  id: ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_PLAN,
  severity: 'error',
  source: 'AWS Config resources-protected-by-backup-plan',
  description: 'The plan has at least one aws_backup_selection: a plan without one protects nothing.',
  remediation: 'Give the plan a selection (selections: { name: { tags: ... } }) or remove the plan.',
  resourceTypes: ['aws_backup_plan'],
  check(plan, view) {
    const selections = selectionsOf(view, plan);
    if (selections.some((selection) => instancesOf(selection) === 'some')) return COMPLIANT;
    if (selections.length === 0) return nonCompliant(`${planLabel(plan)} has no aws_backup_selection: it backs up nothing`);
    // Selections whose count or for_each is known only at apply may all be absent.
    return { ...nonCompliant(`${planLabel(plan)} has no aws_backup_selection certain to exist: ${selections.map(conditionalText).join('; ')}`), severity: 'warning' };
  },
};

export const resourcesProtectedByCrossRegion: ComplianceRule = {
  id: ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_REGION,
  severity: 'warning',
  source: 'AWS Config resources-protected-by-backup-plan (cross-Region variant: BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION)',
  description:
    'Some rule of the plan copies its recovery points to a vault in another Region, and AWS Backup makes those copies of every type the plan\'s selections back up (core/regions.ts copyNotMade, as validate and the posture report judge them): not a copy AWS refuses (into a logically air-gapped vault to or from a Region where AWS makes none), nor one that leaves DocumentDB, FSx or Neptune uncopied to or from a Region where opt-in is required when the selections can reach them, nor FSx for ONTAP volumes (copied nowhere) when a selection names them by ARN, nor DynamoDB where the Region settings turn advanced DynamoDB backup off.',
  remediation: 'Add a copy to a vault in another Region (copies: { dr: {} } with a vault whose region is set), or suppress for data that needs no Regional disaster recovery.',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('its cross-Region copies', (plan, view) => {
    const region = view.regionOf(plan);
    const copies = planCopies(view, plan);
    const crossRegion = copies.filter(({ target }) => target.region !== undefined && target.region !== region);
    if (crossRegion.length === 0) return nonCompliant(copies.length === 0 ? `${planLabel(plan)} copies nothing to another Region` : `every copy of ${planLabel(plan)} stays in ${region}`);
    const shortfall = copyShortfall(crossRegion);
    return shortfall === undefined ? COMPLIANT : nonCompliant(`${planLabel(plan)} is not protected by a cross-Region copy AWS Backup makes: ${shortfall.message}`, shortfall.rules);
  }),
};

/** True when some copy of some plan of the stack goes to another account (cross-account copying is set up). */
function crossAccountCopyExists(view: StackView): boolean {
  return view.ofType('aws_backup_plan').some((plan) =>
    planRules(plan).some((rule) =>
      rule.copies.some((copy) => {
        const account = vaultOfArn(view, copy.destination).account;
        return account !== undefined && account !== view.facts.accountId;
      }),
    ),
  );
}

export const resourcesProtectedByCrossAccount: ComplianceRule = {
  id: ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT,
  severity: 'warning',
  source: 'AWS Config resources-protected-by-backup-plan (cross-account variant: BACKUP_RESOURCES_PROTECTED_BY_CROSS_ACCOUNT)',
  description:
    'Where the stack copies into another account (the central backup account of an organization), every plan copies into another account, and AWS Backup makes those copies of every type the plan\'s selections back up (core/regions.ts copyNotMade): none in the China Regions, none of CloudFormation, DocumentDB, Neptune or Timestream to or from a Region where opt-in is required, none of FSx for ONTAP volumes a selection names by ARN, none of DynamoDB where advanced DynamoDB backup is off. Not applicable in a stack without any cross-account copy (a single account, or an account without central copies).',
  remediation: 'Add a copy to the central vault (copies: { central: {} }) to the plan, or suppress for data that must stay in the account.',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('its cross-account copies', (plan, view): RuleResult => {
    if (!crossAccountCopyExists(view)) return NOT_APPLICABLE;
    const crossAccount = planCopies(view, plan).filter(({ target }) => target.account !== undefined && target.account !== view.facts.accountId);
    if (crossAccount.length === 0) return nonCompliant(`${planLabel(plan)} copies nothing out of account ${view.facts.accountId}, while other plans of the stack do`);
    const shortfall = copyShortfall(crossAccount);
    return shortfall === undefined ? COMPLIANT : nonCompliant(`${planLabel(plan)} is not protected by a cross-account copy AWS Backup makes: ${shortfall.message}`, shortfall.rules);
  }),
};

export const resourcesProtectedByBackupVaultLock: ComplianceRule = {
  id: ids.AWS_CONFIG_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK,
  severity: 'warning',
  source: 'AWS Config resources-protected-by-backup-plan (vault lock variant: BACKUP_RESOURCES_PROTECTED_BY_BACKUP_VAULT_LOCK)',
  description: 'Every rule of the plan backs up into a vault with a Vault Lock (or a logically air-gapped vault).',
  remediation: 'Give the target vault a lock (vaults.<key>.lock, compliance mode for immutable recovery points).',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('the locks of the vaults its rules back up into', (plan, view) => {
    const region = view.regionOf(plan);
    const targets = planRules(plan).map((rule) => ({ rule: rule.name, target: vaultOfName(view, rule.targetVaultName, region) }));
    // A vault whose lock is unknown (an existing vault, or one outside the stack facts leave out) may well be locked: say so, not that it has none.
    // A lock configuration whose count or for_each is known only at apply may not exist: say which (lockOf names them).
    const describe = (target: ReturnType<typeof vaultOfName>, lock: 'unlocked' | 'unknown' | readonly StackResource[]): string =>
      lock === 'unlocked'
        ? `${target.label}, which has no Vault Lock`
        : typeof lock !== 'string'
          ? `${target.label}, whose Vault Lock ${lock.map(conditionalText).join(', ')}`
          : isUnknownLockVault(view, target)
          ? `${target.label}, an existing vault whose Vault Lock this config cannot see`
          : `${target.label}, a vault outside this stack whose Vault Lock is unknown (facts.externalLocks does not name it)`;
    const unlocked = targets.flatMap(({ rule, target }) => {
      const lock = lockOf(view, target);
      const state = typeof lock === 'string' ? lock : lock.conditional;
      return state !== undefined ? [{ rule, message: `rule ${rule} backs up into ${describe(target, state)}` }] : [];
    });
    return fromProblems(
      unlocked.map((entry) => entry.message),
      unlocked.map((entry) => entry.rule),
    );
  }),
};

/** Rotation applies to symmetric encryption keys only (asymmetric and HMAC keys cannot rotate automatically). */
export function checkKeyRotation(key: StackResource): RuleResult {
  const spec = key.attributes.customer_master_key_spec ?? key.attributes.key_spec;
  const usage = key.attributes.key_usage;
  if ((typeof spec === 'string' && spec !== 'SYMMETRIC_DEFAULT') || (typeof usage === 'string' && usage !== 'ENCRYPT_DECRYPT')) return NOT_APPLICABLE;
  return key.attributes.enable_key_rotation === true ? COMPLIANT : nonCompliant(`${key.address} does not rotate its key material (enable_key_rotation is not true)`);
}

const ROTATION_REMEDIATION = 'Set enable_key_rotation = true (keys created by backup-estate always rotate; for an existing key run aws kms enable-key-rotation).';

export const cmkBackingKeyRotationEnabled: ComplianceRule = {
  id: ids.AWS_CONFIG_CMK_BACKING_KEY_ROTATION_ENABLED,
  severity: 'error',
  source: 'AWS Config cmk-backing-key-rotation-enabled',
  description: 'Automatic rotation is enabled for every symmetric customer-managed KMS key.',
  remediation: ROTATION_REMEDIATION,
  resourceTypes: ['aws_kms_key'],
  check: (key) => checkKeyRotation(key),
};

export const AWS_CONFIG_RULES: readonly ComplianceRule[] = [
  backupPlanMinFrequencyAndMinRetention,
  backupRecoveryPointManualDeletionDisabled,
  backupRecoveryPointMinimumRetention,
  resourcesProtectedByBackupPlan,
  resourcesProtectedByCrossRegion,
  resourcesProtectedByCrossAccount,
  resourcesProtectedByBackupVaultLock,
  cmkBackingKeyRotationEnabled,
];

export { ROTATION_REMEDIATION };
