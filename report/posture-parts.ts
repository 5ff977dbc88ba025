/**
 * Pieces both posture readers (the stacks' Terraform in posture-terraform.ts, the Organizations
 * policies in posture-policies.ts) build postures from: vault keys and references, the AWS rule
 * defaults, retention split into warm and cold, a rule with its schedule in words and worst-case
 * RPO, and a selection with what it covers in words. They read no file.
 */
import { AWS_DEFAULT_WINDOWS, movesToColdStorage, RESOURCE_TYPES } from '../core/limits';
import { compareStrings } from '../core/order';
import { evaluateSelection, NOT_A_TAG_KEY, unprefixedKeyFlaw, unprefixedTagKey, type SelectionHome, type SelectionSpec } from '../core/selection';
import { continuousMayLapse, isSelectionError, typesBackedUp, typesCopied, typesDependingOnOptIn, typesToOptIn } from '../core/selection-reach';
import { copyNotMade } from '../core/regions';
import type { CopyNotMade, CopyPosture, PlanPosture, RetentionPosture, RulePosture, SelectionPosture, TagOperator, TagTest, VaultPosture, VaultRef } from './posture-model';
import { explainRpo, planRpo, rulesAsRun, type RpoInput } from '../core/rpo';
import { withOtherPlansJobs } from '../core/plan-contention';
import { scheduleInWords } from './schedule-words';

// ---------------------------------------------------------------------------
// Vaults
// ---------------------------------------------------------------------------

export const vaultKey = (accountId: string, region: string, name: string) => `${accountId}/${region}/${name}`;

/** Every vault of the estate by key (the first stack that creates it wins). */
export type VaultIndex = ReadonlyMap<string, VaultPosture>;

export function refFromVault(vault: VaultPosture): VaultRef {
  return { key: vault.key, name: vault.name, region: vault.region, accountId: vault.accountId, known: true, airGapped: vault.airGapped, lock: vault.lock };
}

export function unknownVault(accountId: string, region: string, name: string): VaultRef {
  return { key: vaultKey(accountId, region, name), name, region, accountId, known: false, airGapped: false, lock: null };
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/** AWS defaults when a rule leaves them out (the synthesized stacks always state them). */
export const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';
export const DEFAULT_START_WINDOW = AWS_DEFAULT_WINDOWS.startMinutes;
export const DEFAULT_COMPLETION_WINDOW = AWS_DEFAULT_WINDOWS.completionMinutes;

export function retentionOf(deleteAfterDays: number | null, coldStorageAfterDays: number | null, archiveOptIn = false, unknown?: string): RetentionPosture {
  // A reference is known only at apply: it may be 7 days, so it is never read as "kept forever".
  if (unknown !== undefined) return { deleteAfterDays: null, coldStorageAfterDays: null, warmDays: null, coldDays: 0, totalDays: null, unknown };
  if (coldStorageAfterDays === null) {
    return { deleteAfterDays, coldStorageAfterDays, warmDays: deleteAfterDays, coldDays: 0, totalDays: deleteAfterDays };
  }
  return {
    deleteAfterDays,
    coldStorageAfterDays,
    warmDays: coldStorageAfterDays,
    coldDays: deleteAfterDays === null ? null : Math.max(0, deleteAfterDays - coldStorageAfterDays),
    totalDays: deleteAfterDays,
    ...(archiveOptIn ? { archiveOptIn: true as const } : {}),
  };
}

export interface RuleFields {
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly continuous: boolean;
  /**
   * The plan's selections may reach types without continuous backup: for those a continuous rule
   * takes snapshots on its schedule, so its worst-case RPO is the schedule's (core/rpo.ts asSnapshotRules).
   */
  readonly snapshotFallback?: boolean;
  /** The plan's continuous recovery point may lapse between runs (core/selection-reach continuousMayLapse): its RPO counts the runs. */
  readonly continuousMayLapse?: boolean;
  readonly retention: RetentionPosture;
  readonly vault: VaultRef;
  readonly copies: CopyPosture[];
  readonly dynamicCopies?: true;
  readonly windowsUnknown?: true;
}

/** The worse of two worst-case RPOs in minutes (null, unbounded, wins). */
export const worseRpo = (a: number | null, b: number | null): number | null => (a === null || b === null ? null : Math.max(a, b));

/**
 * A plan's rules as its worst-case RPO reads them (core/rpo.ts rulesAsRun): with `snapshotFallback`
 * continuous rules count as snapshots on their schedules, and a run that overlaps a run of a rule
 * kept longer makes no backup (never deleted counts as longest).
 */
export function asPlanRules(rules: readonly RulePosture[], snapshotFallback: boolean): RulePosture[] {
  return rulesAsRun(rules, rules.map(rpoRetentionDays), snapshotFallback);
}

/** A rule's retention as the RPO reads it (core/rpo.ts rulesAsRun): known only at apply ranks as the rule pack ranks it (NaN: neither longer nor shorter), never deleted as longest. */
const rpoRetentionDays = (rule: RulePosture): number => (rule.retention.unknown !== undefined ? Number.NaN : (rule.retention.deleteAfterDays ?? Number.POSITIVE_INFINITY));

/**
 * A plan's rules read with `snapshotFallback` (its selections may reach types without continuous backup, or another plan's continuous
 * rule may take them), then, when its continuous recovery point may lapse between runs, read again as their runs:
 * core/selection-reach continuousCoverage asked in its two steps, so that the rules are read once when the types or the contest
 * decide (a tag selection reaches every type). `read(snapshotFallback, lapses)` reads them.
 */
export function rulesWithContinuousCoverage(read: (snapshotFallback: boolean, lapses: boolean) => RulePosture[], snapshotFallback: boolean, specs: readonly SelectionSpec[], home: SelectionHome | undefined): { rules: RulePosture[]; snapshotFallback: boolean } {
  const rules = read(snapshotFallback, false);
  if (snapshotFallback || !continuousMayLapse(specs, home, rules, rules.map(rpoRetentionDays))) return { rules, snapshotFallback };
  return { rules: read(true, true), snapshotFallback: true };
}

/**
 * Each rule's worst-case RPO as AWS runs it beside the plan's other rules (asPlanRules): a run that a
 * rule kept longer (or as long) overlaps makes no backup for this rule, and when that rule backs up
 * into another vault, this rule's vault waits longer, as validate's overlap warning and the vault's
 * silence alarm say. Winners into the same vault leave a recovery point there: they change nothing.
 * `otherJobs`: the snapshot rules of other plans whose jobs may hold the plan's resources (core/plan-contention.ts
 * withOtherPlansJobs, as the plan's RPO counts them): the runs they may hold make no backup for this rule either,
 * as validate's warning at the rule ('may make no backup on N of its runs') says.
 */
export function withRulesAsRun(rules: readonly RulePosture[], snapshotFallback: boolean, otherJobs: readonly RpoInput[] = []): RulePosture[] {
  const asRun = asPlanRules(rules, snapshotFallback);
  return rules.map((rule, index) => {
    const run = asRun[index] as (RulePosture & RpoInput) | undefined;
    if (!run || rule.rpo.basis === 'continuous') return rule;
    const elsewhere = (others: readonly RpoInput[] | undefined) => (others ?? []).filter((other) => (other as Partial<RulePosture>).vault?.key !== rule.vault.key);
    const displacedBy = elsewhere(run.displacedBy);
    const tiedWith = elsewhere(run.tiedWith);
    const withinPlan = { ...run, displacedBy, tiedWith };
    const [held] = withOtherPlansJobs([withinPlan], otherJobs);
    const heldBy = held?.heldBy ?? [];
    if (!held || (displacedBy.length === 0 && tiedWith.length === 0 && heldBy.length === 0)) return rule;
    const ownMinutes = displacedBy.length === 0 && tiedWith.length === 0 ? rule.rpo.minutes : planRpo([withinPlan]).minutes;
    const minutes = heldBy.length === 0 ? ownMinutes : planRpo([held]).minutes;
    if (minutes === rule.rpo.minutes) return rule;
    const notes = [
      ...(ownMinutes !== rule.rpo.minutes ? ['some runs make no backup here: a rule of the plan kept longer (or as long) starts within their start window, and AWS Backup then takes one backup, for that rule, into its other vault'] : []),
      ...(minutes !== ownMinutes ? ['a job of another plan whose selections may take the same resources may still run when the start windows of its runs end: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), so those runs make no backup'] : []),
    ];
    return { ...rule, rpo: { ...rule.rpo, minutes, note: notes.join('; ') } };
  });
}

export function rulePosture(fields: RuleFields): RulePosture {
  const lapses = fields.continuous && fields.continuousMayLapse === true;
  const asSnapshots = fields.continuous && (fields.snapshotFallback === true || lapses);
  const rpo = explainRpo({
    schedule: fields.schedule,
    timezone: fields.timezone,
    startWindowMinutes: fields.startWindowMinutes,
    completionWindowMinutes: fields.completionWindowMinutes,
    continuous: fields.continuous && !asSnapshots,
  });
  return {
    name: fields.name,
    schedule: fields.schedule,
    timezone: fields.timezone,
    scheduleWords: scheduleInWords(fields.schedule, fields.timezone),
    startWindowMinutes: fields.startWindowMinutes,
    completionWindowMinutes: fields.completionWindowMinutes,
    continuous: fields.continuous,
    rpo: lapses
      ? { ...rpo, note: `${CONTINUOUS_LAPSE_NOTE}${rpo.note === undefined ? '' : `; ${rpo.note}`}` }
      : asSnapshots
      ? {
          ...rpo,
          note: `continuous backup only for RDS, Aurora, S3 and SAP HANA; the other resources its selections may reach (by tag, "*", or an RDS cluster ARN that may be DocumentDB or Neptune) get snapshots on this schedule${rpo.note === undefined ? '' : `; ${rpo.note}`}`,
        }
      : rpo,
    retention: fields.retention,
    vault: fields.vault,
    copies: fields.copies,
    ...(fields.dynamicCopies ? { dynamicCopies: true as const } : {}),
    ...(fields.windowsUnknown ? { windowsUnknown: true as const } : {}),
    ...(lapses ? { continuousMayLapse: true as const } : {}),
  };
}

/** Why a continuous rule whose recovery point may lapse counts as its runs (rulePosture). */
const CONTINUOUS_LAPSE_NOTE =
  'the continuous recovery point of Aurora, RDS and SAP HANA is renewed by each run and kept no longer than the time between runs here: AWS Backup says to keep it "greater than the backup frequency to avoid a scenario where the recovery point transitions to EXPIRED state", so the runs count';

// ---------------------------------------------------------------------------
// Copies
// ---------------------------------------------------------------------------

/** What a plan's copies carry: the types its selections back up and the kinds copied apart (core/selection-reach.ts typesCopied; `optedIn`: the Region settings' opt-ins, when the stack manages them). */
export function planTypes(specs: readonly SelectionSpec[], home?: SelectionHome, optedIn?: readonly string[]): readonly string[] {
  return typesCopied(specs.map((spec) => evaluateSelection(spec, home)), optedIn);
}

/**
 * What AWS Backup does not make of a copy from the plan's Regions (`from`: one for a stack's plan,
 * each Region of a backup policy's) of the types the plan backs up: the one evaluator validate and
 * the rule pack ask (core/regions.ts copyNotMade). Undefined when every Region makes all of it.
 */
export function copyNotMadeFrom(from: readonly string[], destination: VaultRef, crossAccount: boolean, types: readonly string[], fullyManaged?: readonly string[]): CopyNotMade | undefined {
  // A destination that is no vault ARN: where it goes is not known.
  if (destination.region === 'unknown') return undefined;
  const gaps = from.flatMap((region) => {
    const gap = copyNotMade({ from: region, to: destination.region, crossAccount, intoAirGapped: destination.airGapped, ...(fullyManaged === undefined ? {} : { fullyManaged }) }, types);
    return gap === undefined ? [] : [{ region, gap }];
  });
  if (gaps.length === 0) return undefined;
  const because = gaps.map(({ region, gap }) => (from.length === 1 ? gap.because : `from ${region}: ${gap.because}`)).join('; ');
  // A copy refused from one Region is not made at all there: listed whole.
  if (gaps.some(({ gap }) => gap.refused !== undefined)) return { because };
  return { types: [...new Set(gaps.flatMap(({ gap }) => gap.types))].sort(compareStrings), because };
}

// ---------------------------------------------------------------------------
// Selections
// ---------------------------------------------------------------------------

const OPERATOR_WORDS: Record<TagOperator, string> = { StringEquals: '=', StringNotEquals: '!=', StringLike: 'like', StringNotLike: 'not like' };

/** "backup = gold", "environment != sandbox", "name like prod-*"; a condition key without aws:ResourceTag/, or another aws: key, says so (core/selection.ts: it may match no resource). */
export function tagTestWords(test: TagTest): string {
  const flaw = unprefixedKeyFlaw(test.key);
  const words = flaw === 'has no aws:ResourceTag/ prefix' ? 'without aws:ResourceTag/' : flaw === NOT_A_TAG_KEY ? 'not a resource tag' : 'with aws:ResourceTag/ in another case';
  const fix = flaw === NOT_A_TAG_KEY ? 'AWS does not say what it does with it' : `write aws:ResourceTag/${unprefixedTagKey(test.key)}`;
  const unprefixed = test.unprefixed === true ? ` (condition key ${words}: it may match no resource; ${fix})` : '';
  return `${test.key} ${OPERATOR_WORDS[test.operator]} ${test.value}${unprefixed}`;
}

/** A tag operator as Terraform (STRINGEQUALS, StringLike) or a policy (string_not_like) writes it; StringEquals when unknown. */
export function operatorOf(text: string): TagOperator {
  const normalized = text.replace(/_/g, '').toLowerCase();
  if (normalized === 'stringnotequals') return 'StringNotEquals';
  if (normalized === 'stringlike') return 'StringLike';
  if (normalized === 'stringnotlike') return 'StringNotLike';
  return 'StringEquals';
}

function compareTests(a: TagTest, b: TagTest): number {
  return compareStrings(a.key, b.key) || compareStrings(a.operator, b.operator) || compareStrings(a.value, b.value);
}

const MAX_ARNS_IN_WORDS = 5;

function arnList(arns: readonly string[]): string {
  const shown = arns.slice(0, MAX_ARNS_IN_WORDS).join(', ');
  return arns.length > MAX_ARNS_IN_WORDS ? `${shown} and ${arns.length - MAX_ARNS_IN_WORDS} more` : shown;
}

/** A selection posture in the one selection evaluator's terms. */
const specOf = (selection: Pick<SelectionPosture, 'tags' | 'conditions' | 'resources' | 'notResources'>): SelectionSpec => ({
  tags: selection.tags.map((tag) => ({ key: tag.key, value: tag.value })),
  conditions: selection.conditions,
  resources: selection.resources,
  notResources: selection.notResources,
});

/**
 * What a selection covers, in words: tags OR resources, conditions AND, exclusions. The verdict
 * (every resource, nothing, refused by AWS) is the one selection evaluator's.
 */
export function selectionInWords(selection: Pick<SelectionPosture, 'tags' | 'conditions' | 'resources' | 'notResources'>, home?: SelectionHome): string {
  const evaluation = evaluateSelection(specOf(selection), home);
  if (evaluation.verdict === 'refused' || evaluation.verdict === 'nothing') return `nothing: ${evaluation.reason}`;
  const arns = selection.resources.filter((resource) => resource !== '*');
  let words: string;
  if (evaluation.verdict === 'everything' && selection.resources.length === 0) {
    words = 'every resource (it has no tags, conditions or resources)';
  } else if (selection.resources.includes('*')) {
    // "*" OR-ed with anything is every resource (opted in to AWS Backup): tags add nothing.
    words = 'every resource';
  } else {
    const alternatives: string[] = [];
    if (selection.tags.length > 0) alternatives.push(`resources tagged ${selection.tags.map(tagTestWords).join(' or ')}`);
    // A pattern (arn:aws:ec2:*:*:instance/*, a backup policy's resource type) is every resource it matches, not one.
    if (arns.some((arn) => arn.includes('*'))) alternatives.push(`resources matching ${arnList(arns)}`);
    else if (arns.length > 0) alternatives.push(`${arns.length} resource${arns.length === 1 ? '' : 's'}: ${arnList(arns)}`);
    words = alternatives.join(', or ');
  }
  if (selection.conditions.length > 0) {
    const tests = selection.conditions.map(tagTestWords).join(' and ');
    words += words === 'every resource' ? ` whose tags match ${tests}` : `, whose tags also match ${tests}`;
  }
  if (selection.notResources.length > 0) words += `, except ${arnList(selection.notResources)}`;
  return words;
}

/** A selection with its tests and ARNs sorted, and its words (`home`: the plan's account and Region). */
export function selectionPosture(name: string, tags: TagTest[], conditions: TagTest[], resources: string[], notResources: string[], home?: SelectionHome): SelectionPosture {
  const sorted = { tags: [...tags].sort(compareTests), conditions: [...conditions].sort(compareTests), resources: [...resources].sort(compareStrings), notResources: [...notResources].sort(compareStrings) };
  return { name, ...sorted, words: selectionInWords(sorted, home) };
}

/**
 * Whether AWS Backup skips a type a selection can reach because the Region settings (`optedIn`, when
 * the stack manages them) opt it out: the one answer of core/selection-reach typesBackedUp, which the
 * report's Region-settings line and coverage give too.
 */
export function optedOutOf(selection: Pick<SelectionPosture, 'tags' | 'conditions' | 'resources' | 'notResources'>, type: string, home: SelectionHome, optedIn?: readonly string[]): boolean {
  if (optedIn === undefined) return false;
  const evaluations = [evaluateSelection(specOf(selection), home)];
  return (typesToOptIn(evaluations) as readonly string[]).includes(type) && !(typesBackedUp(evaluations, optedIn) as readonly string[]).includes(type);
}

/**
 * The resource types whose Region opt-in decides whether the plans' selections back them up (what
 * tags, "*", an ARN of the service only, of part of a type or of a shared shape select): the one answer of
 * core/selection-reach, over the selections that are not errors of their own.
 */
export function typesDependingOnRegionOptIn(plans: readonly PlanPosture[], home?: SelectionHome): readonly string[] {
  return typesDependingOnOptIn(validEvaluations(plans, home));
}

function validEvaluations(plans: readonly PlanPosture[], home?: SelectionHome) {
  return plans.flatMap((plan) =>
    plan.selections.flatMap((selection) => {
      const spec = specOf(selection);
      const evaluation = evaluateSelection(spec, home);
      return isSelectionError(spec, evaluation) ? [] : [evaluation];
    }),
  );
}

/**
 * The types a plan's selections can reach that a rule's cold storage does nothing for: AWS "ignores
 * this expression for other resource types" (API Lifecycle), moves EBS snapshots to the archive
 * tier only with optInToArchiveForSupportedResources and outside the Regions without that tier
 * (`regions`, where the recovery points are: a backup policy plan's; none, not judged), and DynamoDB
 * backups only with advanced DynamoDB backup (`fullyManaged`, the Region settings' management, when
 * the stack sets them; unknown otherwise, so not counted). Their recovery points stay warm until deleted.
 */
export function typesIgnoringColdStorage(plan: PlanPosture, retention: RetentionPosture, home?: SelectionHome, fullyManaged?: readonly string[], regions: readonly string[] = []): readonly string[] {
  if (retention.coldStorageAfterDays === null) return [];
  const reached = new Set<string>(typesToOptIn(validEvaluations([plan], home)));
  const moves = (type: string) => (regions.length === 0 ? movesToColdStorage(type, retention.archiveOptIn, fullyManaged) : regions.some((region) => movesToColdStorage(type, retention.archiveOptIn, fullyManaged, region)));
  return RESOURCE_TYPES.filter((type) => reached.has(type.name) && !moves(type.name)).map((type) => type.name);
}
