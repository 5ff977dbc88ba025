/**
 * What the rules read from synthesized resources: plan rules and copies, the vault a name or ARN
 * points to, vault locks, tags, IAM policy statements and schedule gaps. Pure functions of the view.
 */
import { parseAwsCron } from '../../core/cron';
import { isValidTimeZone } from '../../core/cron-runs';
import { scheduleGap, type RpoInput } from '../../core/rpo';
import { RULE_LIMITS, ruleWindows } from '../../core/limits';
import { blocks, preferenceTypes } from '../../core/terraform-json';
import { isRecord, listOf, plural } from '../../core/order';
import type { RuleResult, StackResource, StackView } from '../types';
import { copyNotMade } from '../../core/regions';
import { evaluateSelection, selectionSpecOfTerraform, type SelectionSpec } from '../../core/selection';
import { typesCopied } from '../../core/selection-reach';

export const COMPLIANT: RuleResult = { status: 'compliant' };
export const NOT_APPLICABLE: RuleResult = { status: 'not-applicable' };
export const nonCompliant = (message: string, rules?: readonly string[]): RuleResult =>
  rules === undefined || rules.length === 0 ? { status: 'non-compliant', message } : { status: 'non-compliant', message, rules: [...new Set(rules)] };

/** Compliant when there is no problem, else one message joining them. */
/** Problems as one result; `rules` names the plan rules they concern (a finding on one rule points at its config path). */
export const fromProblems = (problems: readonly string[], rules?: readonly string[]): RuleResult => (problems.length === 0 ? COMPLIANT : nonCompliant(problems.join('; '), rules));

export const isToken = (value: unknown): value is string => typeof value === 'string' && value.includes('${');

export const numberOf = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** A whole-number argument as Terraform reads it: a number, or a string of digits (Terraform JSON converts "7" to 7); undefined for anything else (a reference). */
const wholeNumberOf = (value: unknown): number | undefined => (typeof value === 'string' && /^\d+$/.test(value) ? Number(value) : numberOf(value));

export const stringOf = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

/** Formats hours as "24 h" or "1.5 h". */
export const hours = (value: number): string => `${Number.isInteger(value) ? value : Number(value.toFixed(2))} h`;

// ---------------------------------------------------------------------------
// Vaults and locks
// ---------------------------------------------------------------------------

export const VAULT_TYPES = ['aws_backup_vault', 'aws_backup_logically_air_gapped_vault'] as const;
const isVault = (resource: StackResource | undefined): resource is StackResource => resource !== undefined && (VAULT_TYPES as readonly string[]).includes(resource.type);

export interface LockRange {
  min: number;
  max?: number;
  /** The vault's lock configurations when each one's count or for_each is known only at apply (instancesOf 'unknown'): none may exist. */
  conditional?: readonly StackResource[];
}

/**
 * What a resource's count or for_each makes of it: 'some' (neither, a literal count of at least 1,
 * a non-empty literal for_each), 'none' (count 0, an empty for_each: Terraform creates nothing),
 * 'unknown' (a reference, known only at apply: the resource may not exist).
 */
export function instancesOf(resource: StackResource): 'some' | 'none' | 'unknown' {
  const { count, for_each: forEach } = resource.attributes;
  if (instancesField(resource) === 'count') {
    const literal = wholeNumberOf(count);
    return literal === undefined ? 'unknown' : literal >= 1 ? 'some' : 'none';
  }
  if (forEach !== undefined && forEach !== null) {
    if (Array.isArray(forEach)) return forEach.length > 0 ? 'some' : 'none';
    if (isRecord(forEach)) return Object.keys(forEach).length > 0 ? 'some' : 'none';
    return 'unknown';
  }
  return 'some';
}

/** Which argument decides a resource's instances (instancesOf): its count when it sets one (null is none), else its for_each. */
export const instancesField = (resource: Pick<StackResource, 'attributes'>): 'count' | 'for_each' => (resource.attributes.count !== undefined && resource.attributes.count !== null ? 'count' : 'for_each');

/** How a message names a resource that exists only if its count or for_each, known only at apply, makes it. */
export const conditionalText = (resource: StackResource): string => `${resource.address} exists only if its ${instancesField(resource)}, known only at apply, makes it`;

/** Where a rule's target or a copy's destination points. */
export interface VaultTarget {
  /** How the target was written, for messages. */
  label: string;
  /** The vault resource when this stack creates it. */
  resource?: StackResource;
  name?: string;
  arn?: string;
  region?: string;
  account?: string;
}

const BACKUP_VAULT_ARN = /^arn:aws[a-z-]*:backup:([a-z0-9-]+):(\d{12}):backup-vault:([A-Za-z0-9_.-]+)$/;

/** The vault in this stack with this literal name in this Region. */
function vaultNamed(view: StackView, name: string, region: string): StackResource | undefined {
  return VAULT_TYPES.flatMap((type) => view.ofType(type)).find((vault) => vault.attributes.name === name && view.regionOf(vault) === region);
}

function targetOfResource(view: StackView, resource: StackResource, label: string): VaultTarget {
  const name = stringOf(resource.attributes.name);
  return { label, resource, name: isToken(name) ? undefined : name, region: view.regionOf(resource), account: view.facts.accountId };
}

/** A copy action's destination_vault_arn: a reference to a vault of this stack, or an ARN. */
export function vaultOfArn(view: StackView, value: unknown): VaultTarget {
  const referenced = view.referenced(value);
  if (isVault(referenced)) return targetOfResource(view, referenced, referenced.address);
  const arn = typeof value === 'string' ? value : String(value);
  const match = BACKUP_VAULT_ARN.exec(arn);
  if (!match) return { label: arn };
  const [, region, account, name] = match;
  const local = account === view.facts.accountId ? vaultNamed(view, name, region) : undefined;
  return { label: arn, resource: local, name, arn, region, account };
}

/** A rule's target_vault_name: a reference to a vault of this stack, or a name in the plan's Region and account. */
export function vaultOfName(view: StackView, value: unknown, planRegion: string): VaultTarget {
  const referenced = view.referenced(value);
  if (isVault(referenced)) return targetOfResource(view, referenced, referenced.address);
  if (typeof value !== 'string' || isToken(value)) return { label: String(value) };
  return { label: value, resource: vaultNamed(view, value, planRegion), name: value, region: planRegion, account: view.facts.accountId };
}

/** True when `value` (a backup_vault_name) names `vault`: a reference to it, or its literal name in its Region. */
export function namesVault(view: Pick<StackView, 'referenced' | 'regionOf'>, owner: StackResource, value: unknown, vault: StackResource): boolean {
  const referenced = view.referenced(value);
  if (referenced !== undefined) return referenced.address === vault.address;
  return typeof value === 'string' && value === vault.attributes.name && view.regionOf(owner) === view.regionOf(vault);
}

/**
 * The lock of a target: a logically air-gapped vault's retention range, the
 * aws_backup_vault_lock_configuration of a vault of this stack, or facts.externalLocks (by ARN,
 * then name) for a vault outside it. 'unlocked' when none is known and none can exist: a vault of
 * this stack without a lock configuration, or one outside it when facts.externalLocksComplete says
 * externalLocks names every locked vault. 'unknown' otherwise: an existing vault
 * (facts.unknownLockVaults), or one outside the stack that facts leave out, which may well be locked.
 */
export function lockOf(view: StackView, target: VaultTarget): LockRange | 'unlocked' | 'unknown' {
  const vault = target.resource;
  if (vault?.type === 'aws_backup_logically_air_gapped_vault') {
    const min = numberOf(vault.attributes.min_retention_days);
    return min === undefined ? 'unknown' : { min, max: numberOf(vault.attributes.max_retention_days) };
  }
  if (vault !== undefined) {
    // A lock whose count or for_each makes none does not exist; one known only at apply may not (conditional).
    const locks = view.ofType('aws_backup_vault_lock_configuration').filter((candidate) => namesVault(view, candidate, candidate.attributes.backup_vault_name, vault) && instancesOf(candidate) !== 'none');
    const certain = locks.find((candidate) => instancesOf(candidate) === 'some');
    const lock = certain ?? locks[0];
    if (!lock) return 'unlocked';
    const range = { min: numberOf(lock.attributes.min_retention_days) ?? 1, max: numberOf(lock.attributes.max_retention_days) };
    return certain !== undefined ? range : { ...range, conditional: locks };
  }
  const external = view.facts.externalLocks;
  const byArn = target.arn !== undefined && Object.hasOwn(external, target.arn) ? external[target.arn] : undefined;
  const byName = target.name !== undefined && Object.hasOwn(external, target.name) ? external[target.name] : undefined;
  const known = byArn ?? byName;
  if (known !== undefined) return known;
  return isUnknownLockVault(view, target) || view.facts.externalLocksComplete !== true ? 'unknown' : 'unlocked';
}

/** True for an existing vault (facts.unknownLockVaults: config existingVaults), whose lock the config cannot see. */
export const isUnknownLockVault = (view: StackView, target: VaultTarget): boolean => {
  const unknown = view.facts.unknownLockVaults ?? [];
  return (target.arn !== undefined && unknown.includes(target.arn)) || (target.name !== undefined && unknown.includes(target.name) && target.resource === undefined);
};

export const describeLock = (lock: LockRange): string => (lock.max === undefined ? `at least ${plural(lock.min, 'day')}` : `${lock.min}-${lock.max} days`);

// ---------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------

export interface CopyView {
  destination: unknown;
  /** Days, undefined: kept forever (or known only at apply: deleteAfterUnknown). */
  deleteAfter?: number;
  /** delete_after (the copy's, or the rule's it keeps) is a reference, known only at apply. */
  deleteAfterUnknown?: true;
}

export interface PlanRuleView {
  name: string;
  schedule: string;
  timezone: string;
  startWindow: number;
  completionWindow: number;
  continuous: boolean;
  /** Days, undefined: kept forever (or known only at apply: deleteAfterUnknown). */
  deleteAfter?: number;
  /** delete_after is a reference, known only at apply: the retention may be any. */
  deleteAfterUnknown?: true;
  /** recovery_point_tags has a tag. */
  tagsRecoveryPoints: boolean;
  /** recovery_point_tags is a reference, known only at apply (it may be an empty map). */
  recoveryPointTagsUnknown?: true;
  /** start_window or completion_window is a reference, known only at apply: the windows, and so the RPO, may be any. */
  windowsUnknown?: true;
  targetVaultName: unknown;
  copies: CopyView[];
}

/** delete_after as Terraform reads it: a number, or a string of digits (Terraform JSON converts "7" to 7), which is never "kept forever". */
const deleteAfterOf = (lifecycle: unknown): number | undefined => wholeNumberOf(blocks(lifecycle)[0]?.delete_after);

/** How a message says how long a rule or copy whose delete_after is a reference (deleteAfterUnknown) keeps recovery points: never "forever". */
export const UNKNOWN_RETENTION_TIME = 'for a time known only at apply (delete_after is a reference)';

/** Whether a lifecycle's delete_after is a reference, known only at apply (not "kept forever"). */
const unknownDays = (lifecycle: unknown): boolean => isToken(blocks(lifecycle)[0]?.delete_after);

/** The rules of an aws_backup_plan, with the provider's and AWS's defaults filled in. */
export function planRules(plan: StackResource): PlanRuleView[] {
  return blocks(plan.attributes.rule).map((rule, index) => {
    const deleteAfter = deleteAfterOf(rule.lifecycle);
    return {
      name: stringOf(rule.rule_name) ?? `#${index + 1}`,
      schedule: stringOf(rule.schedule) ?? RULE_LIMITS.defaultSchedule,
      timezone: stringOf(rule.schedule_expression_timezone) ?? RULE_LIMITS.defaultTimezone,
      startWindow: ruleWindows(numberOf(rule.start_window), numberOf(rule.completion_window)).startWindowMinutes,
      completionWindow: ruleWindows(numberOf(rule.start_window), numberOf(rule.completion_window)).completionWindowMinutes,
      continuous: rule.enable_continuous_backup === true,
      deleteAfter,
      ...(unknownDays(rule.lifecycle) ? { deleteAfterUnknown: true as const } : {}),
      tagsRecoveryPoints: isRecord(rule.recovery_point_tags) && Object.keys(rule.recovery_point_tags).length > 0,
      ...(isToken(rule.recovery_point_tags) ? { recoveryPointTagsUnknown: true as const } : {}),
      ...(isToken(rule.start_window) || isToken(rule.completion_window) ? { windowsUnknown: true as const } : {}),
      targetVaultName: rule.target_vault_name,
      // Without its own lifecycle a copy keeps the rule's (as AWS does).
      copies: blocks(rule.copy_action).map((copy) => {
        const own = blocks(copy.lifecycle).length > 0;
        return {
          destination: copy.destination_vault_arn,
          deleteAfter: own ? deleteAfterOf(copy.lifecycle) : deleteAfter,
          ...((own ? unknownDays(copy.lifecycle) : unknownDays(rule.lifecycle)) ? { deleteAfterUnknown: true as const } : {}),
        };
      }),
    };
  });
}

/**
 * The blocks of a plan written as Terraform dynamic blocks, which planRules cannot read (their
 * content is expanded at apply): `dynamic "rule"`, or a rule's `dynamic "lifecycle"` or
 * `dynamic "copy_action"`. Empty when every rule, lifecycle and copy is a literal block.
 */
export function dynamicRuleBlocks(plan: StackResource): string[] {
  const own = plan.attributes.dynamic;
  const found = isRecord(own) && Object.hasOwn(own, 'rule') ? ['dynamic "rule"'] : [];
  blocks(plan.attributes.rule).forEach((rule, index) => {
    const inner = rule.dynamic;
    if (!isRecord(inner)) return;
    for (const block of ['lifecycle', 'copy_action']) if (Object.hasOwn(inner, block)) found.push(`dynamic "${block}" of rule ${stringOf(rule.rule_name) ?? `#${index + 1}`}`);
  });
  return found;
}

/**
 * A plan rule's check that reads the plan's rules, lifecycles or copies: a warning instead of a
 * verdict when the plan writes any of them as dynamic blocks (known only at apply), never a plan
 * read as compliant (or as one without rules) on what it cannot see.
 */
export function onKnownRules(what: string, check: (plan: StackResource, view: StackView) => RuleResult): (plan: StackResource, view: StackView) => RuleResult {
  return (plan, view) => {
    const dynamic = dynamicRuleBlocks(plan);
    if (dynamic.length === 0) return check(plan, view);
    const blocksText = dynamic.length > 1 ? 'Terraform dynamic blocks' : 'a Terraform dynamic block';
    return { ...nonCompliant(`${planLabel(plan)} has ${blocksText} (${dynamic.join(', ')}), expanded only at apply: ${what} cannot be judged before then`), severity: 'warning' };
  };
}

export const planLabel = (plan: StackResource): string => {
  const name = stringOf(plan.attributes.name);
  return name !== undefined && !isToken(name) ? `plan "${name}"` : plan.address;
};

/** aws_backup_selection resources whose plan_id refers to `plan`. */
export function selectionsOf(view: StackView, plan: StackResource): StackResource[] {
  // A selection whose count or for_each makes none does not exist.
  return view.ofType('aws_backup_selection').filter((selection) => view.referenced(selection.attributes.plan_id)?.address === plan.address && instancesOf(selection) !== 'none');
}

/**
 * The selections of the stack's other plans in `plan`'s Region that back up continuously: AWS backs
 * a resource several plans' continuous rules take up continuously for one of them only (core/selection-reach
 * reachesOnlyContinuousTypes `contested`).
 */
export function contestedSelections(view: StackView, plan: StackResource): SelectionSpec[] {
  const region = view.regionOf(plan);
  // The backup policies' plans with a continuous rule contest them too; they run in the stack's Region (facts.region) only.
  const policies = region === view.facts.region ? (view.facts.policyPlanJobs ?? []).filter((other) => other.continuous).flatMap((other) => other.selections) : [];
  return view
    .ofType('aws_backup_plan')
    .filter((other) => other.address !== plan.address && view.regionOf(other) === region && planRules(other).some((rule) => rule.continuous))
    .flatMap((other) => selectionsOf(view, other).map((selection) => selectionSpecOfTerraform(selection.attributes)))
    .concat(policies);
}

/**
 * The longest time between two runs of a schedule in hours (core/rpo.ts scheduleGap, the one gap
 * evaluator, over its fixed window), Infinity when it runs fewer than twice or stops, undefined
 * when it does not parse, has an unknown time zone, or is a reference.
 */
export function scheduleGapHours(schedule: string, timezone: string): number | undefined {
  if (isToken(schedule) || !parseAwsCron(schedule).ok || !isValidTimeZone(timezone)) return undefined;
  const { gapMinutes } = scheduleGap(schedule, timezone);
  return gapMinutes === null ? Infinity : gapMinutes / 60;
}

/** A rule as the RPO evaluator takes it. */
export const rpoInput = (rule: PlanRuleView): RpoInput => ({
  schedule: rule.schedule,
  timezone: rule.timezone,
  startWindowMinutes: rule.startWindow,
  completionWindowMinutes: rule.completionWindow,
  continuous: rule.continuous,
});

// ---------------------------------------------------------------------------
// Copies AWS Backup does not make
// ---------------------------------------------------------------------------

/**
 * What a plan's copies carry here (core/selection-reach.ts typesCopied: what its selections reach by the one selection evaluator, less what
 * the stack's Region settings opt out, and the kinds copied apart), and the types those settings fully manage (undefined: not judged).
 */
function planTypes(view: StackView, plan: StackResource): { types: readonly string[]; fullyManaged?: readonly string[] } {
  const home = { region: view.regionOf(plan), accountId: view.facts.accountId };
  const evaluations = selectionsOf(view, plan).map((selection) => evaluateSelection(selectionSpecOfTerraform(selection.attributes), home));
  const settings = view.ofType('aws_backup_region_settings').find((resource) => view.regionOf(resource) === home.region);
  const preferences = settings?.attributes.resource_type_opt_in_preference;
  const optedIn = isRecord(preferences) ? preferenceTypes(preferences) : undefined;
  // Full AWS Backup management (advanced DynamoDB backup) decides whether DynamoDB is copied: judged where the stack writes it.
  const management = settings?.attributes.resource_type_management_preference;
  const fullyManaged = isRecord(management) ? preferenceTypes(management) : undefined;
  return { types: typesCopied(evaluations, optedIn), ...(fullyManaged === undefined ? {} : { fullyManaged }) };
}

/** A copy of a plan's rule, where it goes, and what AWS Backup does not make of it (core/regions.ts copyNotMade). */
export interface CopyGapView {
  rule: string;
  target: VaultTarget;
  gap?: { refused: boolean; types: readonly string[]; because: string };
}

/**
 * The copies of a plan with what AWS Backup does not make of each for the types the plan backs up:
 * the evaluator validate and the posture report ask. A destination whose Region or account is not
 * known is taken as made (nothing to judge).
 */
export function planCopies(view: StackView, plan: StackResource): CopyGapView[] {
  const from = view.regionOf(plan);
  let carried: ReturnType<typeof planTypes> | undefined;
  return planRules(plan).flatMap((rule) =>
    rule.copies.map((copy): CopyGapView => {
      const target = vaultOfArn(view, copy.destination);
      if (target.region === undefined || target.account === undefined) return { rule: rule.name, target };
      const intoAirGapped = target.resource?.type === 'aws_backup_logically_air_gapped_vault' || (target.arn !== undefined && (view.facts.airGappedVaults ?? []).includes(target.arn));
      carried ??= planTypes(view, plan);
      const { types, fullyManaged } = carried;
      const gap = copyNotMade({ from, to: target.region, crossAccount: target.account !== view.facts.accountId, intoAirGapped, ...(fullyManaged === undefined ? {} : { fullyManaged }) }, types);
      return gap === undefined ? { rule: rule.name, target } : { rule: rule.name, target, gap: { refused: gap.refused !== undefined, types: gap.types, because: gap.because } };
    }),
  );
}

/**
 * Whether some of these copies protect every type the plan backs up (a type is protected when one
 * copy AWS makes of it exists): undefined when they do, else what each copy misses, in words, with
 * the rules concerned. Never more: a type the plan cannot back up does not count.
 */
export function copyShortfall(copies: readonly CopyGapView[]): { message: string; rules: string[] } | undefined {
  if (copies.length === 0 || copies.some((copy) => copy.gap === undefined)) return undefined;
  const partial = copies.filter((copy) => copy.gap?.refused === false);
  const uncopied = partial.length === 0 ? undefined : (partial[0]?.gap?.types ?? []).filter((type) => partial.every((copy) => copy.gap?.types.includes(type)));
  if (uncopied !== undefined && uncopied.length === 0) return undefined;
  const words = copies.map(({ rule, target, gap }) =>
    gap?.refused === true
      ? `the copy of rule ${rule} to ${target.label} is never made: ${gap.because}`
      : `the copy of rule ${rule} to ${target.label}: AWS Backup makes ${gap?.because} of ${(gap?.types ?? []).join(' or ')} backups, which the plan's selections can reach`,
  );
  const which = partial.length > 1 && uncopied !== undefined ? `; so none of them copies ${uncopied.join(' or ')}` : '';
  return { message: `${words.join('; ')}${which}`, rules: copies.map((copy) => copy.rule) };
}

// ---------------------------------------------------------------------------
// Tags
// ---------------------------------------------------------------------------

/**
 * Whether the resource has tags: its own, or its provider's default tags ('tagged'); 'unknown' when
 * its tags are a reference (known only at apply, which may be an empty map) and its provider adds none.
 */
export function isTagged(view: StackView, resource: StackResource): 'tagged' | 'untagged' | 'unknown' {
  const tags = resource.attributes.tags;
  if (isRecord(tags) && Object.keys(tags).length > 0) return 'tagged';
  if (Object.keys(view.providerOf(resource)?.defaultTags ?? {}).length > 0) return 'tagged';
  return isToken(tags) ? 'unknown' : 'untagged';
}

// ---------------------------------------------------------------------------
// IAM policy documents
// ---------------------------------------------------------------------------

export interface PolicyStatementView {
  sid?: string;
  effect: string;
  principal: unknown;
  notPrincipal: unknown;
  actions: string[];
  /** Resource as a list (absent: none); NotResource kept apart, as given. */
  resources: string[];
  notResource: unknown;
  condition: Record<string, unknown>;
}

export type ParsedPolicy = { kind: 'statements'; statements: PolicyStatementView[] } | { kind: 'reference' } | { kind: 'invalid'; reason: string } | { kind: 'absent' };

/**
 * The last documents parsed: several rules read the same policies of one stack (a vault's access
 * policy, a key's policy). Parsed policies are never modified, so they are shared.
 */
const recentPolicies = new Map<string, ParsedPolicy>();
const RECENT_POLICIES = 64;

/** Parses a `policy` attribute: a JSON document string, a reference (unknown until apply), or nothing. */
export function parsePolicy(value: unknown): ParsedPolicy {
  if (typeof value !== 'string') return parsePolicyValue(value);
  const known = recentPolicies.get(value);
  if (known !== undefined) return known;
  const parsed = parsePolicyValue(value);
  if (recentPolicies.size >= RECENT_POLICIES) recentPolicies.clear();
  recentPolicies.set(value, parsed);
  return parsed;
}

function parsePolicyValue(value: unknown): ParsedPolicy {
  if (value === undefined || value === null || value === '') return { kind: 'absent' };
  if (typeof value !== 'string') return { kind: 'invalid', reason: 'is not a string' };
  if (/^\s*\$\{[^}]*\}\s*$/.test(value)) return { kind: 'reference' };
  let document: unknown;
  try {
    document = JSON.parse(value);
  } catch {
    return { kind: 'invalid', reason: 'is not valid JSON' };
  }
  if (!isRecord(document)) return { kind: 'invalid', reason: 'is not a JSON object' };
  const statements = listOf(document.Statement)
    .filter(isRecord)
    .map((statement) => ({
      sid: typeof statement.Sid === 'string' ? statement.Sid : undefined,
      effect: typeof statement.Effect === 'string' ? statement.Effect : 'Allow',
      principal: statement.Principal,
      notPrincipal: statement.NotPrincipal,
      actions: listOf(statement.Action).filter((action): action is string => typeof action === 'string'),
      resources: listOf(statement.Resource).filter((resource): resource is string => typeof resource === 'string'),
      notResource: statement.NotResource,
      condition: isRecord(statement.Condition) ? statement.Condition : {},
    }));
  return { kind: 'statements', statements };
}

/** Principal "*" or { AWS: "*" } (or a list holding "*"). */
export function isWildcardPrincipal(principal: unknown): boolean {
  if (principal === '*') return true;
  if (!isRecord(principal)) return false;
  return listOf(principal.AWS).includes('*');
}

/** IAM action matching: case-insensitive, with * and ? wildcards in the pattern. */
export function actionMatches(pattern: string, action: string): boolean {
  let regex = actionPatterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^${pattern.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`, 'i');
    if (actionPatterns.size < 1_000) actionPatterns.set(pattern, regex);
  }
  return regex.test(action);
}

/** Compiled action patterns: policies of every stack repeat the same few. */
const actionPatterns = new Map<string, RegExp>();

/** One answer, shared with the vault policy statement checks. */
export { isRestrictedByCondition, RESTRICTING_CONDITION_KEYS } from '../../core/policy-conditions';
