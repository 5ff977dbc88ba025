/**
 * What a restore test can prove about one backup plan selection: whether the resources its
 * selection restores can be resources the plan selection backs up, and which kinds of recovery
 * point (SNAPSHOT, CONTINUOUS) a rule leaves in a vault. A restore test restores a recovery point
 * of a resource its own selection picks (ProtectedResourceArns or ProtectedResourceConditions,
 * AWS Backup API reference, RestoreTestingSelectionForCreate) of the kinds its RecoveryPointTypes
 * name: a test of resources tagged backup = silver, or of snapshots only, proves nothing about a
 * plan selection of backup = gold, or about a plan that keeps only continuous recovery points.
 * "Cannot" is answered only when certain (tags AWS reads on each resource are unknown here).
 */
import { resourceTypeFacts } from '../core/limits';
import { matchesPattern, outsideHome, resourceSelection, type SelectionHome, type SelectionSpec, type TagCondition } from '../core/selection';
import { worstCaseRpo } from '../core/rpo';
import type { RestoreTestingModel, RuleModel, VaultRef } from './estate-model';
import { rpoInputOf } from './monitoring';
import { CONTINUOUS_RESTORE_TESTING_TYPES, isArnPattern, lacksRestoreMetadata, RESTORE_TESTING_DEFAULTS, type RestoreTestingResourceType } from '../modules/restore-testing';

type TestSelection = RestoreTestingModel['selections'][string];
export type RecoveryPointKind = 'SNAPSHOT' | 'CONTINUOUS';

const bareKey = (key: string): string => key.replace(/^aws:ResourceTag\//i, '');

/** Whether a resource with tag `key` = `value` (or, value undefined, any value but `notValue`) can meet the condition. */
function conditionAllows(condition: TagCondition, key: string, value: string | undefined, notValue: string | undefined): boolean {
  if (bareKey(condition.key) !== key) return true;
  switch (condition.operator) {
    case 'StringEquals':
      return value === undefined ? condition.value !== notValue : condition.value === value;
    // "Cannot" only under every reading (core/selection.ts): a like may match with ? as one character and * across white space (IAM's);
    // a not-like excludes only when ? is literal and * spans no white space (AWS: "zero or more non-whitespace characters").
    case 'StringLike':
      return value === undefined || matchesPattern(condition.value, value, true, true);
    case 'StringNotEquals':
      return value === undefined || condition.value !== value;
    case 'StringNotLike':
      return value === undefined || !matchesPattern(condition.value, value, false, false);
  }
}

/** Whether some resource meeting the test's tag conditions can be selected by the plan selection. */
function tagsMayMeet(spec: SelectionSpec, conditions: NonNullable<TestSelection['conditions']>): boolean {
  const required = Object.entries(conditions.stringEquals ?? {}).map(([key, value]) => [bareKey(key), value] as const);
  const excluded = Object.entries(conditions.stringNotEquals ?? {}).map(([key, value]) => [bareKey(key), value] as const);
  const allows = (condition: TagCondition) =>
    required.every(([key, value]) => conditionAllows(condition, key, value, undefined)) && excluded.every(([key, value]) => conditionAllows(condition, key, undefined, value));
  if (!spec.conditions.every(allows)) return false;
  // Selection tags and resources are alternatives (OR); with neither, AWS takes every resource.
  if (spec.resources.length > 0 || spec.tags.length === 0) return true;
  return spec.tags.some((tag) => allows({ operator: 'StringEquals', key: tag.key, value: tag.value }));
}

/** Whether the plan selection can select the resource of this ARN, whatever its tags. */
function arnMayMeet(spec: SelectionSpec, arn: string, home: SelectionHome): boolean {
  if (spec.notResources.some((pattern) => pattern === '*' || matchesPattern(pattern, arn))) return false;
  if (resourceSelection(spec, { arn }, home).selects !== 'no') return true;
  // Its tags are unknown: selection tags, or conditions on tags beside its ARN, may still take it; so may its ARN where
  // only a ? in notResources, read as one character, excluded it (certain exclusions are refused above).
  const byArn = spec.resources.some((pattern) => outsideHome(pattern, home) === undefined && (pattern === '*' || matchesPattern(pattern, arn)));
  return spec.tags.length > 0 || byArn;
}

/**
 * False when the restore test selection can restore no resource the plan selection backs up: its
 * ARNs are none the plan selects, or its tag conditions contradict the plan selection's tags.
 */
export function restoreTestMayPick(test: TestSelection, spec: SelectionSpec, home: SelectionHome): boolean {
  const arns = (test.resources ?? []).filter((arn) => arn !== '*');
  // A pattern names no protected resource (isArnPattern): only the specific ARNs can be restored.
  if (arns.length > 0) return arns.some((arn) => !isArnPattern(arn) && arnMayMeet(spec, arn, home));
  return test.conditions === undefined || tagsMayMeet(spec, test.conditions);
}

/**
 * The kinds of recovery point of `type` a rule leaves in a vault: a continuous rule keeps a
 * CONTINUOUS one of a type with continuous backup in its target vault (and no snapshot), and its
 * copies are snapshots ("the copied recovery point becomes a snapshot"); every other rule, SNAPSHOT.
 */
export function recoveryPointKinds(rule: RuleModel, type: string, vaultArn: string): RecoveryPointKind[] {
  const kinds = new Set<RecoveryPointKind>();
  if (rule.target.arn === vaultArn) kinds.add(rule.continuousBackup === true && resourceTypeFacts(type)?.supportsContinuousBackup === true ? 'CONTINUOUS' : 'SNAPSHOT');
  if (Object.values(rule.copies).some((copy) => copy.destination.arn === vaultArn)) kinds.add('SNAPSHOT');
  return [...kinds];
}

/**
 * Of `vaults`, those the restore test picks recovery points from (included, not excluded) that
 * hold recovery points of `type` of a kind it tests, left there by one of `rules`.
 */
export function vaultsTested(test: RestoreTestingModel, rules: readonly RuleModel[], type: string, vaults: readonly VaultRef[]): VaultRef[] {
  const kinds: readonly string[] = test.recoveryPointTypes ?? RESTORE_TESTING_DEFAULTS.recoveryPointTypes;
  return vaults.filter((vault) => picksFrom(test, vault.arn) && rules.some((rule) => recoveryPointKinds(rule, type, vault.arn).some((kind) => kinds.includes(kind))));
}

/** Whether the test picks recovery points from the vault of this ARN: included ("*" or listed) and not excluded. */
export const picksFrom = (test: Pick<RestoreTestingModel, 'includeVaults' | 'excludeVaults'>, vaultArn: string): boolean =>
  !(test.excludeVaults ?? []).includes(vaultArn) && (test.includeVaults.includes('*') || test.includeVaults.includes(vaultArn));

/**
 * The kinds of recovery point of `type` a rule leaves in the vaults the test picks from, of its
 * target and copy vaults those `here` (the test's account and Region): a test of the archive vault
 * only sees the archive rule's recovery points, whatever the daily rule of the plan leaves in main.
 */
export function kindsTested(test: Pick<RestoreTestingModel, 'includeVaults' | 'excludeVaults'>, rule: RuleModel, type: string, here: (vaultArn: string) => boolean): RecoveryPointKind[] {
  const arns = [rule.target.arn, ...Object.values(rule.copies).map((copy) => copy.destination.arn)].filter((arn) => here(arn) && picksFrom(test, arn));
  return [...new Set(arns.flatMap((arn) => recoveryPointKinds(rule, type, arn)))];
}

/**
 * The worst-case age (minutes) of the newest recovery point the test may restore: over `rules`, of
 * the kinds each leaves where the test looks (`leaves`) and the test restores, the best rule's
 * worst-case RPO (core/rpo.ts; a continuous recovery point is minutes old). Infinity when no rule
 * leaves one of a known age.
 */
export function newestTestedAge(test: Pick<RestoreTestingModel, 'recoveryPointTypes'>, rules: readonly RuleModel[], leaves: (rule: RuleModel) => readonly RecoveryPointKind[]): number {
  const kinds: readonly string[] = test.recoveryPointTypes ?? RESTORE_TESTING_DEFAULTS.recoveryPointTypes;
  const ages = rules.flatMap((rule) =>
    leaves(rule)
      .filter((kind) => kinds.includes(kind))
      .map((kind) => worstCaseRpo({ ...rpoInputOf(rule), continuous: kind === 'CONTINUOUS' }) ?? Number.POSITIVE_INFINITY),
  );
  return Math.min(Number.POSITIVE_INFINITY, ...ages);
}

export const windowDaysOf = (test: Pick<RestoreTestingModel, 'selectionWindowDays'>): number => test.selectionWindowDays ?? RESTORE_TESTING_DEFAULTS.selectionWindowDays;

/**
 * Whether the test's selection window (selectionWindowDays) holds a recovery point as old as
 * `newest` (newestTestedAge): AWS picks only recovery points created within it, so a 30-day test
 * finds none of a plan whose only rule is yearly most of the year. The one answer for validate
 * (config/restore-testing-reach.ts) and for the runbook's credit (report/runbook.ts).
 */
export function windowHolds(test: Pick<RestoreTestingModel, 'selectionWindowDays'>, newest: number): boolean {
  return !Number.isFinite(newest) || windowDaysOf(test) * 24 * 60 >= newest;
}

/** Whether the selection's restore jobs lack metadata AWS Backup cannot infer (modules/restore-testing.ts lacksRestoreMetadata, the predicate validate warns by). */
export const lacksMetadata = (selection: TestSelection): boolean =>
  lacksRestoreMetadata({ protectedResourceType: selection.resourceType as RestoreTestingResourceType, restoreMetadataOverrides: selection.restoreMetadataOverrides });

/** Whether a restore test of `type` can restore a CONTINUOUS recovery point (modules/restore-testing.ts CONTINUOUS_RESTORE_TESTING_TYPES, the list validate warns by). */
export const hasContinuousRecoveryPoints = (type: string): boolean => (CONTINUOUS_RESTORE_TESTING_TYPES as readonly string[]).includes(type);
