/**
 * What a set of selections reaches, asked of the one selection evaluator (./selection.ts): the
 * resource types they can select, those whose Region opt-in decides whether AWS backs them up,
 * whether all of them have continuous backup, and which selections are errors of their own (and so
 * say nothing to the other questions).
 */
import { REGION_SETTINGS_RESOURCE_TYPES, RESOURCE_TYPES } from './limits';
import { lapsingContinuousRule, type RpoInput } from './rpo';
import { evaluateSelection, KINDS_COPIED_APART, patternsOverlap, type ResourceTypeName, type SelectionEvaluation, type SelectionHome, type SelectionSpec } from './selection';

/**
 * Whether a selection is an error of its own: AWS refuses it, it selects nothing, or it has no
 * criteria at all (every opted-in resource). `"*"` without conditions is not one: AWS documents it
 * ("Select all resources in my account"), so it is a warning and reaches every type.
 */
export function isSelectionError(spec: SelectionSpec, evaluation: SelectionEvaluation): boolean {
  return evaluation.verdict === 'refused' || evaluation.verdict === 'nothing' || (evaluation.verdict === 'everything' && spec.resources.length === 0);
}

/** The evaluations of the selections that are not errors of their own: what the Region-settings warnings judge. */
export function evaluationsOfValidSelections(specs: readonly SelectionSpec[]): SelectionEvaluation[] {
  return specs.flatMap((spec) => {
    const evaluation = evaluateSelection(spec);
    return isSelectionError(spec, evaluation) ? [] : [evaluation];
  });
}

/** Types whose resources AWS Backup backs up continuously (point-in-time restore): RDS, Aurora, S3, SAP HANA. */
export const CONTINUOUS_BACKUP_TYPES: ReadonlySet<string> = new Set(RESOURCE_TYPES.filter((type) => type.supportsContinuousBackup).map((type) => type.name));

/**
 * Continuous types whose continuous recovery point no run is known to need to renew in time: S3 only (AWS documents no such expiry
 * for S3). Of Aurora and RDS (and SAP HANA on Amazon EC2,
 * whose recovery points AWS describes alike: "only one recovery point is possible at a time") AWS Backup says "Ensure that you set the
 * retention period for these backups to be greater than the backup frequency to avoid a scenario where the recovery point transitions
 * to EXPIRED state" (AWS Backup Developer Guide, "Changing your retention period"): their continuous recovery point lives from one run
 * of the rule to the next only as long as the rule keeps it, as a snapshot would (core/retention-gaps.ts counts it so).
 */
export const CONTINUOUS_WITHOUT_RENEWAL_TYPES: ReadonlySet<string> = new Set(['S3']);

/**
 * True when a plan's continuous recovery point of the Aurora, RDS or SAP HANA resources it may select can lapse between its runs
 * (core/rpo.ts lapsingContinuousRule: kept no longer than the time between runs): the point "transitions to EXPIRED state", so
 * the rule counts as its runs (the RPO, the report, the runbook, the silence alarms), as a snapshot rule would. S3 alone renews
 * nothing (CONTINUOUS_WITHOUT_RENEWAL_TYPES). `rules` and `retentionDays` as core/rpo.ts rulesAsRun reads them.
 */
export function continuousMayLapse(specs: readonly SelectionSpec[], home: SelectionHome | undefined, rules: readonly RpoInput[], retentionDays: readonly (number | undefined)[]): boolean {
  return lapsingContinuousRule(rules, retentionDays) !== undefined && !reachesOnlyContinuousTypes(specs, home, [], CONTINUOUS_WITHOUT_RENEWAL_TYPES);
}

/**
 * How a plan's continuous rules back up what its selections reach: 'continuous', or why they count as their runs (snapshots on
 * their schedules): its selections may reach types without continuous backup ('other types'), another plan's continuous rule may
 * take its resources ('contested': AWS backs each up continuously for one plan only), or its continuous recovery point may lapse
 * between runs ('lapse', continuousMayLapse). The one answer every reader of a plan's RPO asks; `rules` and `retentionDays` as
 * core/rpo.ts rulesAsRun reads them.
 */
export type ContinuousCoverage = 'continuous' | 'other types' | 'contested' | 'lapse';

export function continuousCoverage(specs: readonly SelectionSpec[], home: SelectionHome | undefined, contested: readonly SelectionSpec[], rules: readonly RpoInput[], retentionDays: readonly (number | undefined)[]): ContinuousCoverage {
  if (!reachesOnlyContinuousTypes(specs, home)) return 'other types';
  if (contested.length > 0 && !reachesOnlyContinuousTypes(specs, home, contested)) return 'contested';
  return continuousMayLapse(specs, home, rules, retentionDays) ? 'lapse' : 'continuous';
}

/** The `snapshotFallback` of core/rpo.ts rulesAsRun for a plan: any continuousCoverage answer but 'continuous'. */
export function continuousRunsAsSnapshots(specs: readonly SelectionSpec[], home: SelectionHome | undefined, contested: readonly SelectionSpec[], rules: readonly RpoInput[], retentionDays: readonly (number | undefined)[]): boolean {
  return continuousCoverage(specs, home, contested, rules, retentionDays) !== 'continuous';
}

/**
 * True when every resource the selections can reach is of a type with continuous backup (or, with `of`, of those types), and no
 * other plan's continuous rule may take one of them (`contested`: the selections of the account
 * and Region's other plans with a continuous rule). Otherwise a continuous rule backs the others up
 * by snapshot on its schedule (AWS Backup Developer Guide, point-in-time recovery considerations:
 * automatic fallback to snapshots), and their RPO is the schedule's. A selection by tag or "*"
 * reaches every type; one by an ARN of a type the table does not hold (Aurora DSQL, Redshift
 * Serverless: none has continuous backup in AWS Backup's "Changing your retention period" list of
 * S3, Aurora, RDS and SAP HANA) is not only continuous. Of plans whose continuous rules share a
 * resource AWS backs it up continuously for "the first backup plan it evaluates" only, snapshots
 * for the others ("Overlapping continuous backups on the same resource"), and does not say which
 * is first: each may be the one with snapshots.
 */
export function reachesOnlyContinuousTypes(specs: readonly SelectionSpec[], home?: SelectionHome, contested: readonly SelectionSpec[] = [], of: ReadonlySet<string> = CONTINUOUS_BACKUP_TYPES): boolean {
  const evaluations = specs.map((spec) => evaluateSelection(spec, home));
  // DSQL, Redshift Serverless, an ARN of no type known here: none is known to have continuous backup, so its schedule counts (no type reached is no proof).
  if (evaluations.some((evaluation) => (evaluation.typesNotJudged ?? []).length > 0)) return false;
  if (!typesToOptIn(evaluations).every((type) => of.has(type))) return false;
  return !specs.some((spec) => contested.some((other) => selectionsMayShare(spec, other)));
}

const bareKey = (key: string): string => key.replace(/^aws:ResourceTag\//i, '');

/** How a selection takes resources: ARN patterns and tags are alternatives (OR); with neither, every resource. */
type Way = { readonly arn: string } | { readonly tag: { readonly key: string; readonly value: string } } | 'every';

const waysOf = (spec: SelectionSpec): Way[] =>
  spec.resources.length === 0 && spec.tags.length === 0 ? ['every'] : [...spec.resources.map((arn): Way => (arn === '*' ? 'every' : { arn })), ...spec.tags.map((tag): Way => ({ tag }))];

/** The tag values a resource taken this way must have: the StringEquals conditions (all hold) and the way's own tag. */
function requiredTags(spec: SelectionSpec, way: Way): Map<string, string> {
  const required = new Map<string, string>();
  for (const condition of spec.conditions) if (condition.operator === 'StringEquals') required.set(bareKey(condition.key), condition.value);
  if (way !== 'every' && 'tag' in way) required.set(bareKey(way.tag.key), way.tag.value);
  return required;
}

/**
 * An ARN pattern as wide as it may be: AWS does not document whether `?` matches one character (as in IAM) or only itself
 * (core/selection.ts), so it is read as `*` here, which takes at least what either reading takes.
 */
const widest = (arn: string): string => arn.replace(/\?/g, '*');

/** Whether one resource can be taken both ways; "no" only when certain: two ARN patterns no ARN meets, or one tag that must have two values. */
function waysMayMeet(a: SelectionSpec, wayA: Way, b: SelectionSpec, wayB: Way): boolean {
  if (wayA !== 'every' && wayB !== 'every' && 'arn' in wayA && 'arn' in wayB && !patternsOverlap(widest(wayA.arn), widest(wayB.arn))) return false;
  const tagsA = requiredTags(a, wayA);
  for (const [key, value] of requiredTags(b, wayB)) if (tagsA.has(key) && tagsA.get(key) !== value) return false;
  return true;
}

/** Whether two selections can take one resource: true unless certainly not (the tags AWS reads on each resource are unknown here). */
export function selectionsMayShare(a: SelectionSpec, b: SelectionSpec): boolean {
  return waysOf(a).some((wayA) => waysOf(b).some((wayB) => waysMayMeet(a, wayA, b, wayB)));
}

/** The resource types a set of selections can reach: every type as soon as one can reach every type. */
export function typesToOptIn(evaluations: readonly SelectionEvaluation[]): readonly ResourceTypeName[] {
  if (evaluations.some((evaluation) => evaluation.types === 'every')) return [...REGION_SETTINGS_RESOURCE_TYPES];
  const types = new Set(evaluations.flatMap((evaluation) => (evaluation.types === 'every' ? [] : evaluation.types)));
  return REGION_SETTINGS_RESOURCE_TYPES.filter((type) => types.has(type));
}

/**
 * The resource types whose Region opt-in decides whether these selections back them up: AWS applies
 * opt-ins to what tags or "*" select (every type), to what an ARN of the service only selects
 * (`arn:aws:ec2:*`: EC2 and EBS), to what an ARN of a shape several types share selects (rds
 * `cluster:`: Aurora, DocumentDB, Neptune, RDS; fsx `file-system/`), and to what a pattern of part of
 * a type selects (`arn:aws:s3:::prod*`: AWS documents the bypass for a whole type only); a resource
 * listed by an ARN naming its whole type or itself is backed up whatever its type's opt-in
 * (selection.ts namesResourceType).
 * The one answer for the Region-settings warnings of the config.
 */
export function typesDependingOnOptIn(evaluations: readonly SelectionEvaluation[]): readonly ResourceTypeName[] {
  if (evaluations.some((evaluation) => evaluation.types === 'every')) return [...REGION_SETTINGS_RESOURCE_TYPES];
  const decided = new Set(evaluations.flatMap((evaluation) => evaluation.typesNeedingOptIn ?? []));
  return typesToOptIn(evaluations).filter((type) => decided.has(type));
}

/**
 * The resource types the selections back up: what they can reach, less those whose Region opt-in
 * decides and that the Region settings opt out (`optedIn`: the types opted in; undefined when the
 * settings are not managed here, and then every reached type counts).
 */
export function typesBackedUp(evaluations: readonly SelectionEvaluation[], optedIn?: readonly string[]): readonly ResourceTypeName[] {
  const dependsOnOptIn: readonly string[] = typesDependingOnOptIn(evaluations);
  return typesToOptIn(evaluations).filter((type) => optedIn === undefined || !dependsOnOptIn.includes(type) || optedIn.includes(type));
}

/**
 * What a plan's copies carry, for core/regions.ts copyNotMade: the types the selections back up
 * (typesBackedUp), and the kinds of them AWS Backup copies apart (core/selection.ts
 * KINDS_COPIED_APART: FSx for ONTAP volumes) that a selection's ARNs can reach, when their type is backed up.
 * The one answer validate, the rule pack, the posture report and the runbook give of a copy.
 */
export function typesCopied(evaluations: readonly SelectionEvaluation[], optedIn?: readonly string[]): readonly string[] {
  const types: readonly string[] = typesBackedUp(evaluations, optedIn);
  const kinds = Object.keys(KINDS_COPIED_APART).filter((kind) => types.includes(KINDS_COPIED_APART[kind]?.type ?? '') && evaluations.some((evaluation) => (evaluation.kinds ?? []).includes(kind)));
  return [...types, ...kinds];
}
