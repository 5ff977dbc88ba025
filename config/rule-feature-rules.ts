/**
 * Warnings where a rule's cold storage (or a copy's own lifecycle's) or continuous backup does nothing
 * for resource types its plan's selections can reach: AWS ignores cold storage for types that do not
 * support it (API Lifecycle: "AWS Backup ignores this expression for other resource types"), moves EBS
 * snapshots to the archive tier only with optInToArchiveForSupportedResources and outside China and
 * GovCloud (core/limits movesToColdStorage), and backs up types without
 * continuous backup by snapshot only. What a selection can reach is the one selection evaluator's
 * answer (core/selection.ts): a selection by tags or "*" can reach every type, and an ARN pattern
 * can fit several types (arn:aws:ec2:...:* fits EBS volumes and EC2 instances), so the warning says
 * "may select" unless the listed ARNs name the type.
 */
import { movesToColdStorage, RESOURCE_TYPES, type ResourceTypeFacts } from '../core/limits';
import { warning, type Problem } from '../core/problems';
import { evaluateSelection, resourceTypesOfPattern, UNKNOWN_TYPE, type SelectionHome } from '../core/selection';
import { isSelectionError } from '../core/selection-reach';
import { selectionSpecOf } from '../modules/backup-selection';
import type { NormalizedPlan, NormalizedRule } from './normalize';
import type { LifecycleConfig } from './schema';

/** The resource types a plan's selections can reach: surely (named by their ARNs), maybe (an ARN pattern that fits several types), and the selections that reach every type (tags, "*"). */
interface PlanReach {
  readonly surely: readonly ResourceTypeFacts[];
  readonly maybe: readonly ResourceTypeFacts[];
  /** Selections by tags or "*" (with or without conditions): they can reach every type. */
  readonly broad: readonly string[];
  /** Types AWS Backup protects that the table does not hold (DSQL, ...), named by the selections' ARNs. */
  readonly notJudged: readonly string[];
}

function planReach(plan: NormalizedPlan, home: SelectionHome | undefined): PlanReach {
  const surely = new Set<string>();
  const maybe = new Set<string>();
  const broad: string[] = [];
  const notJudged = new Set<string>();
  for (const selection of Object.values(plan.selections)) {
    const spec = selectionSpecOf(selection);
    const evaluation = evaluateSelection(spec, home);
    // A selection AWS refuses, of nothing, or without criteria is an error of its own; "*" without conditions reaches every type.
    if (isSelectionError(spec, evaluation)) continue;
    if (evaluation.types === 'every') {
      broad.push(selection.name);
      continue;
    }
    for (const type of evaluation.typesNotJudged ?? []) if (type !== UNKNOWN_TYPE) notJudged.add(type);
    const reached = new Set<string>(evaluation.types);
    for (const pattern of selection.resources ?? []) {
      const types = resourceTypesOfPattern(pattern).filter((type) => reached.has(type));
      for (const type of types) (types.length === 1 ? surely : maybe).add(type);
    }
  }
  const facts = (names: Iterable<string>) => RESOURCE_TYPES.filter((type) => [...names].includes(type.name));
  return { surely: facts(surely), maybe: facts([...maybe].filter((name) => !surely.has(name))), broad, notJudged: [...notJudged].sort() };
}

const names = (types: readonly ResourceTypeFacts[]): string => types.map((type) => type.name).join(', ');

/** "selection tagged selects" or "selections a, b select", by tags or "*". */
const selectionWords = (broad: readonly string[]): string => `${broad.length === 1 ? 'selection' : 'selections'} ${broad.join(', ')} ${broad.length === 1 ? 'selects' : 'select'} by tags or "*"`;

/** Every type backup-estate knows that does not do `feature`. */
const allWithout = (feature: (type: ResourceTypeFacts) => boolean): ResourceTypeFacts[] => RESOURCE_TYPES.filter((type) => !feature(type));

/**
 * The types that do not do `feature` among those the plan can reach, and whether the plan surely
 * selects them ("selects") or only may ("may select").
 */
function without(reach: PlanReach, feature: (type: ResourceTypeFacts) => boolean): { types: ResourceTypeFacts[]; verb: string } {
  const surely = reach.surely.filter((type) => !feature(type));
  const maybe = reach.maybe.filter((type) => !feature(type));
  return { types: [...surely, ...maybe], verb: maybe.length > 0 ? 'may select' : 'selects' };
}

/** Why an ARN-listed type is only a maybe: the ARN shapes it shares. */
function sharedShapeNote(reach: PlanReach, feature: (type: ResourceTypeFacts) => boolean): string {
  const maybe = reach.maybe.filter((type) => !feature(type)).map((type) => type.name);
  if (maybe.includes('DocumentDB') || maybe.includes('Neptune')) {
    return ' (an rds cluster ARN may name an Aurora, DocumentDB, Neptune or RDS Multi-AZ DB cluster: the ARN does not tell which)';
  }
  return maybe.length > 0 ? ' (its ARN patterns fit several resource types)' : '';
}

/**
 * Where a lifecycle (a rule's, or a copy's own: AWS ignores its cold storage for the same types) moves recovery points to cold
 * storage, the types the plan can reach that stay warm, and EBS without the archive opt-in. `regions`: those the plan runs in.
 */
function coldStorageWarnings(reach: PlanReach, lifecycle: LifecycleConfig, path: string, regions: readonly string[]): Problem[] {
  if (lifecycle.coldStorageAfterDays === undefined) return [];
  const problems: Problem[] = [];
  // A type that honours cold storage, but in none of the plan's Regions whatever the opt-in (core/limits movesToColdStorage: no EBS archive tier in China and GovCloud).
  const noTierHere = (type: ResourceTypeFacts) => regions.length > 0 && type.honoursColdStorage && regions.every((region) => !movesToColdStorage(type.name, true, undefined, region));
  const region = regions.join(', ');
  const honours = (type: ResourceTypeFacts) => type.honoursColdStorage && !noTierHere(type);
  const field = `${path}.coldStorageAfterDays`;
  const stuck = RESOURCE_TYPES.filter(noTierHere);
  const regionNote = stuck.length > 0 ? ` (AWS Backup has no ${names(stuck)} archive tier in ${region}, nor in any China or GovCloud Region)` : '';
  if (reach.broad.length > 0) {
    const honouring = RESOURCE_TYPES.filter(honours).map((type) => (type.coldStorageNeedsArchiveOptIn ? `${type.name} (with optInToArchiveForSupportedResources)` : type.name));
    problems.push(
      warning(
        field,
        `applies only to ${honouring.join(', ')}${stuck.length > 0 ? ` in ${region}` : ''}; ${selectionWords(reach.broad)} and may select resources of other types (${names(allWithout(honours))}), which stay in warm storage until deleted${regionNote}`,
      ),
    );
  } else {
    const ignoring = without(reach, honours);
    if (ignoring.types.length > 0) {
      const note = ignoring.types.some(noTierHere) ? regionNote : '';
      problems.push(warning(field, `is ignored by ${names(ignoring.types)} resources this plan ${ignoring.verb}${sharedShapeNote(reach, honours)}: they stay in warm storage until deleted${note}`));
    }
  }
  const archive = RESOURCE_TYPES.filter((type) => type.coldStorageNeedsArchiveOptIn && !noTierHere(type));
  if (!lifecycle.optInToArchiveForSupportedResources && archive.length > 0) {
    const listed = [...reach.surely, ...reach.maybe].filter((type) => type.coldStorageNeedsArchiveOptIn && !noTierHere(type));
    const optInField = `${path}.optInToArchiveForSupportedResources`;
    if (reach.broad.length > 0) {
      problems.push(warning(optInField, `is needed for ${names(archive)} snapshots to move to cold storage (archive tier): ${selectionWords(reach.broad)} and may select ${names(archive)} resources`));
    } else if (listed.length > 0) {
      problems.push(warning(optInField, `is needed for ${names(listed)} snapshots to move to cold storage (archive tier)`));
    }
  }
  return problems;
}

/** `regions`: the Regions the plan runs in (config/target-rules.ts planRegions). */
export function checkRuleAgainstSelections(plan: NormalizedPlan, path: string, rule: NormalizedRule, regions: readonly string[], home?: SelectionHome): Problem[] {
  const reach = planReach(plan, home);
  const problems: Problem[] = [...coldStorageWarnings(reach, rule.lifecycle, `${path}.lifecycle`, regions)];
  // A copy with a lifecycle of its own moves to cold storage by it (without one it keeps the rule's, warned above).
  for (const [key, copy] of Object.entries(rule.copies)) {
    if (copy.lifecycle !== undefined) problems.push(...coldStorageWarnings(reach, copy.lifecycle, `${path}.copies.${key}.lifecycle`, regions));
  }
  const continuous = (type: ResourceTypeFacts) => type.supportsContinuousBackup;
  if (rule.continuousBackup) {
    const supported = RESOURCE_TYPES.filter(continuous).map((type) => type.name).join(', ');
    const field = `${path}.continuousBackup`;
    if (reach.broad.length > 0) {
      problems.push(
        warning(field, `applies only to ${supported}; ${selectionWords(reach.broad)} and may select resources of other types (${names(allWithout(continuous))}), which get snapshots only`),
      );
    } else {
      const unsupported = without(reach, continuous);
      // DSQL and the other types the table does not hold have no continuous backup either.
      const snapshotOnly = [...unsupported.types.map((type) => type.name), ...reach.notJudged];
      if (snapshotOnly.length > 0) {
        problems.push(warning(field, `applies only to ${supported}; ${snapshotOnly.join(', ')} resources this plan ${unsupported.verb} get snapshots only${sharedShapeNote(reach, continuous)}`));
      }
    }
  }
  return problems;
}
