/**
 * What a change to the estate does to its backup posture: `diffPostures(base, head)` compares two
 * postures and sorts every difference that matters into regressions (less protection) and
 * improvements.
 *
 * Regressions:
 * - a plan, a rule, a selection, an Organizations policy (or one of its plans, Regions or targets),
 *   a copy or a vault removed;
 * - a worst-case RPO longer (of a rule, or of a plan: all its rules together);
 * - a retention shorter: warm + cold total of a rule or of a copy (or one that becomes a reference, known only at apply);
 * - a vault Terraform may destroy (prevent_destroy removed) or whose destroy deletes its recovery
 *   points (force_destroy); a logically air-gapped vault whose retention range changed, or a vault whose encryption key
 *   changed (Terraform replaces it: neither can change in place); the vault protection service control policy removed, detached,
 *   denying less or exempting more (report/diff-protection.ts);
 * - a vault lock removed or weakened: compliance -> governance, a longer grace period, minimum retention lowered (shorter
 *   retention becomes possible), maximum retention lowered (the range narrows: recovery points
 *   asking for longer retention are refused, so their jobs fail); a rule moved to a vault with a
 *   weaker lock;
 * - a selection narrowed: selection tags or resource ARNs removed, conditions added, exclusions
 *   added; a selection's role changed to one the synth does not create (or known only at apply);
 * - a vault's access policy that no longer denies every principal deleting recovery points (or
 *   shortening their lifecycle, replacing or deleting the policy, removing or changing the lock),
 *   or that exempts another principal from such a deny, per action (compliance deletionDenyOf, the
 *   rule pack's answer too); the same for the policy of the key that encrypts the vault, when the
 *   stack creates it (deleting, disabling, re-policying), and that key's deletion waiting period shortened (less time to cancel
 *   its deletion before the recovery points it encrypts are lost); a rule moved to a vault whose policies
 *   deny less, or are not in the synth;
 * - a vault a silence alarm watched and no longer does (backups into it could stop unnoticed);
 * - failed backup, copy or restore jobs no longer routed to the alerts, fewer job states routed,
 *   a failure alarm or a vault notification of failures removed, an alert subscription removed or
 *   newly filtered; a resource type opted out, or full management turned off; a restore test or
 *   an audit control removed, asking less or checking fewer resources (report/diff-watch.ts).
 * A raised minimum retention is an improvement (recovery points must be kept longer), as are the
 * reverse of every regression and anything added.
 *
 * Plans are matched by stack and plan name, rules by name, copies by destination vault (account,
 * Region, name), selections by name, policies by name, vaults by account, Region and name.
 *
 * Stacks of the base that the head no longer has come first (`removedStacks`, and their changes
 * ahead of the others): no pipeline plans a stack that is no longer synthesized, so what it created
 * stays in AWS and in its state, managed by nothing, unless it was destroyed first.
 */
import { lockWords, plural, retentionWords, vaultWords } from './format';
import type { ConfigWarning, CopyPosture, LockPosture, PlanPosture, PolicyPosture, Posture, RetentionPosture, RulePosture, SelectionPosture, SelectionRole, StackPosture, TagTest, VaultPosture } from './posture-model';
import { tagTestWords } from './posture-parts';
import { formatMinutes } from '../core/rpo';
import { byKey, emitter, identity, orInfinity, setDifference, type Emit, type PostureChange } from './diff-parts';
import { listOrNone } from '../core/order';
import { compareAlerts, compareAssurance, compareRegionSettings, compareSilenceWatches } from './diff-watch';
import { compareDeletionDeny, compareDestroyGuards, compareEncryptionKey, compareGuardrails, compareKeyDeletionWindow, compareTargetDeny, type VaultScope } from './diff-protection';

export type { ChangeArea, ChangeKind, PostureChange } from './diff-parts';

/** A stack of the base that the head no longer has, with what it held. */
export interface RemovedStackPosture {
  readonly stack: string;
  readonly kind: StackPosture['kind'];
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
  /** Its vaults in words: "`payments-dr` compliance 30-400 d (grace 3 d)". */
  readonly vaults: string[];
  /** How many backup plans and Organizations backup policies it held. */
  readonly plans: number;
  readonly policies: number;
}

export interface PostureDiff {
  /** In the base's stack order. */
  readonly removedStacks: RemovedStackPosture[];
  readonly regressions: PostureChange[];
  readonly improvements: PostureChange[];
  /**
   * Estimated monthly cost (USD, priced lines only) before and after, when either posture has an
   * estimate (null: that side has none), and how many lines each side could not price (what the
   * totals leave out). Neither a regression nor an improvement: a price.
   */
  readonly cost?: { readonly before: number | null; readonly after: number | null; readonly unpricedBefore: number; readonly unpricedAfter: number };
  /** The head's config warnings the base has not (same path and text), when any: new caveats, not regressions (a warning is no verdict). */
  readonly newConfigWarnings?: ConfigWarning[];
}

// ---------------------------------------------------------------------------
// Locks
// ---------------------------------------------------------------------------

/** Lock changes of one vault (or of a rule's target vault when the rule moved). */
export function compareLocks(before: LockPosture | null, after: LockPosture | null, emit: Emit, airGapped = false): void {
  const text = (lock: LockPosture | null) => lockWords(lock, airGapped);
  if (before === null && after === null) return;
  if (before === null) return emit('improvement', 'lock', 'vault lock added', text(before), text(after));
  if (after === null) return emit('regression', 'lock', 'vault lock removed', text(before), text(after));
  // A lock whose count or for_each is a reference may not exist at all.
  if (before.conditional !== true && after.conditional === true) emit('regression', 'lock', 'vault lock known only at apply: its count or for_each may make none', text(before), text(after));
  if (before.conditional === true && after.conditional !== true) emit('improvement', 'lock', 'vault lock no longer depends on a count or for_each known only at apply', text(before), text(after));
  if (before.mode === 'compliance' && after.mode === 'governance') emit('regression', 'lock', 'vault lock weakened: compliance -> governance (removable with IAM permission)', text(before), text(after));
  if (before.mode === 'governance' && after.mode === 'compliance') emit('improvement', 'lock', 'vault lock strengthened: governance -> compliance', text(before), text(after));
  const minBefore = before.minRetentionDays ?? 1;
  const minAfter = after.minRetentionDays ?? 1;
  if (minAfter < minBefore) emit('regression', 'lock', 'vault lock weakened: minimum retention lowered', text(before), text(after));
  if (minAfter > minBefore) emit('improvement', 'lock', 'vault lock minimum retention raised', text(before), text(after));
  // A compliance lock can be removed until its grace period ends: a longer one keeps it removable longer.
  if (before.mode === 'compliance' && after.mode === 'compliance' && before.changeableForDays !== null && after.changeableForDays !== null) {
    if (after.changeableForDays > before.changeableForDays) emit('regression', 'lock', 'vault lock grace period longer: the lock stays removable longer', text(before), text(after));
    if (after.changeableForDays < before.changeableForDays) emit('improvement', 'lock', 'vault lock grace period shorter', text(before), text(after));
  }
  const maxBefore = orInfinity(before.maxRetentionDays);
  const maxAfter = orInfinity(after.maxRetentionDays);
  if (maxAfter < maxBefore) emit('regression', 'lock', 'vault lock range narrowed: maximum retention lowered (longer retention is refused)', text(before), text(after));
  if (maxAfter > maxBefore) emit('improvement', 'lock', 'vault lock range widened: maximum retention raised', text(before), text(after));
}

/** A lock is weaker when comparing it with the other one yields a regression. */
function lockRegresses(before: LockPosture | null, after: LockPosture | null): boolean {
  let regresses = false;
  compareLocks(before, after, (kind) => {
    if (kind === 'regression') regresses = true;
  });
  return regresses;
}

// ---------------------------------------------------------------------------
// Rules and copies
// ---------------------------------------------------------------------------

function ruleSummary(rule: RulePosture): string {
  return `${rule.scheduleWords}, RPO ${formatMinutes(rule.rpo.minutes)}, kept ${retentionWords(rule.retention)}`;
}

/** `noGain`: the bound shrank only because a completion window did, which is no gain (see compareCompletionWindow). */
function compareRpo(before: number | null, after: number | null, emit: Emit, label: string, noGain = false): void {
  if (orInfinity(after) > orInfinity(before)) emit('regression', 'rpo', `${label} longer`, formatMinutes(before), formatMinutes(after));
  else if (orInfinity(after) < orInfinity(before) && !noGain) emit('improvement', 'rpo', `${label} shorter`, formatMinutes(before), formatMinutes(after));
}

const completionShortened = (before: RulePosture, after: RulePosture): boolean => after.completionWindowMinutes < before.completionWindowMinutes;

/**
 * A shorter completion window shortens the worst-case RPO bound, but AWS stops a job still running
 * when it ends (EXPIRED, no recovery point): large or first full backups may stop coming. A regression.
 */
function compareCompletionWindow(before: RulePosture, after: RulePosture, emit: Emit): void {
  if (completionShortened(before, after)) {
    emit('regression', 'rpo', 'completion window shorter: a backup job still running when it ends is stopped (EXPIRED) without a recovery point', `${before.completionWindowMinutes} min`, `${after.completionWindowMinutes} min`);
  }
}

/**
 * A shorter total retention is a regression. A retention that becomes a reference (known only at
 * apply: it may be 7 days) is one too, never "longer"; one that stops being a reference is judged
 * an improvement, as its reverse.
 */
function compareRetention(before: RetentionPosture, after: RetentionPosture, emit: Emit, prefix: string): void {
  const words = [retentionWords(before), retentionWords(after)] as const;
  if (before.unknown !== undefined || after.unknown !== undefined) {
    if (after.unknown !== undefined && before.unknown === undefined) emit('regression', 'retention', `${prefix}retention known only at apply`, ...words);
    if (before.unknown !== undefined && after.unknown === undefined) emit('improvement', 'retention', `${prefix}retention no longer known only at apply`, ...words);
    return;
  }
  const total = orInfinity(before.totalDays);
  const totalNow = orInfinity(after.totalDays);
  if (totalNow < total) emit('regression', 'retention', `${prefix}retention shorter`, ...words);
  if (totalNow > total) emit('improvement', 'retention', `${prefix}retention longer`, ...words);
}

function compareCopies(before: readonly CopyPosture[], after: readonly CopyPosture[], emit: Emit, accountId: string, accountNames: ReadonlyMap<string, string>): void {
  const afterByKey = byKey(after, (copy) => copy.destination.key);
  const beforeByKey = byKey(before, (copy) => copy.destination.key);
  for (const [key, copy] of beforeByKey) {
    const now = afterByKey.get(key);
    const where = vaultWords(copy.destination, accountId, accountNames);
    if (!now) {
      emit('regression', 'copy', `copy to ${where} removed`, retentionWords(copy.retention), 'none');
      continue;
    }
    compareRetention(copy.retention, now.retention, emit, `copy to ${where}: `);
  }
  for (const [key, copy] of afterByKey) {
    if (!beforeByKey.has(key)) emit('improvement', 'copy', `copy to ${vaultWords(copy.destination, accountId, accountNames)} added`, 'none', retentionWords(copy.retention));
  }
}

function compareRule(before: RulePosture, after: RulePosture, emit: Emit, scope: PlanScope): void {
  const { accountId, accountNames } = scope;
  compareRpo(before.rpo.minutes, after.rpo.minutes, emit, 'worst-case RPO', completionShortened(before, after));
  compareCompletionWindow(before, after, emit);
  // The worst case may be a snapshot schedule either way (types without continuous backup): losing point-in-time restore is a regression of its own.
  if (before.continuous && !after.continuous) emit('regression', 'rpo', 'continuous backup (point-in-time restore) turned off', 'continuous', `snapshots ${after.scheduleWords}`);
  if (!before.continuous && after.continuous) emit('improvement', 'rpo', 'continuous backup (point-in-time restore) turned on', `snapshots ${before.scheduleWords}`, 'continuous');
  compareRetention(before.retention, after.retention, emit, '');
  if (before.vault.key !== after.vault.key) {
    const weaker = lockRegresses(before.vault.lock, after.vault.lock);
    const stronger = !weaker && lockRegresses(after.vault.lock, before.vault.lock);
    const text = (rule: RulePosture) => `${vaultWords(rule.vault, accountId, accountNames)} ${lockWords(rule.vault.lock, rule.vault.airGapped)}`;
    if (weaker) emit('regression', 'lock', 'target vault changed to a vault with a weaker lock', text(before), text(after));
    else if (stronger) emit('improvement', 'lock', 'target vault changed to a vault with a stronger lock', text(before), text(after));
    compareTargetDeny(before.vault, after.vault, emit, scope);
  }
  compareCopies(before.copies, after.copies, emit, accountId, accountNames);
}

// ---------------------------------------------------------------------------
// Selections
// ---------------------------------------------------------------------------

const testKey = (test: TagTest) => `${test.key}\u0000${test.operator}\u0000${test.value}`;
const testWords = (tests: readonly TagTest[]) => (tests.length === 0 ? 'none' : tests.map(tagTestWords).join(', '));
const roleWords = (role: SelectionRole) => (role.kind === 'created' ? `service role ${role.arn} (the synth creates it)` : role.kind === 'given' ? role.arn : `known only at apply (${role.arn})`);
const ROLE_NEEDS = 'it must trust backup.amazonaws.com and hold AWSBackupServiceRolePolicyForBackup (and AWSBackupServiceRolePolicyForS3Backup for S3), or every backup job of the selection fails';
/** A selection's role (absent on either side: not compared): one the synth does not create is a regression, as the guard warns; back to the created one an improvement. */
function compareSelectionRole(before: SelectionRole | undefined, after: SelectionRole | undefined, emit: Emit): void {
  if (before === undefined || after === undefined || (before.kind === after.kind && before.arn === after.arn)) return;
  if (after.kind === 'created') {
    if (before.kind !== 'created') emit('improvement', 'selection', 'selection role back to the service role the synth creates (it trusts backup.amazonaws.com and holds the AWS Backup policies)', roleWords(before), roleWords(after));
    return;
  }
  const what = after.kind === 'unknown' ? 'selection role known only at apply' : 'selection role changed to one the synth does not create';
  emit('regression', 'selection', `${what}: ${ROLE_NEEDS}`, roleWords(before), roleWords(after));
}

function compareSelection(before: SelectionPosture, after: SelectionPosture, emit: Emit): void {
  compareSelectionRole(before.role, after.role, emit);
  if (before.conditional !== true && after.conditional === true) emit('regression', 'selection', 'selection known only at apply: its count or for_each may make none', before.words, after.words);
  if (before.conditional === true && after.conditional !== true) emit('improvement', 'selection', 'selection no longer depends on a count or for_each known only at apply', before.words, after.words);
  const tagsRemoved = setDifference(before.tags, after.tags, testKey);
  const tagsAdded = setDifference(after.tags, before.tags, testKey);
  if (tagsRemoved.length > 0) emit('regression', 'selection', `selection narrowed: tag values removed (${testWords(tagsRemoved)})`, testWords(before.tags), testWords(after.tags));
  if (tagsAdded.length > 0) emit('improvement', 'selection', `selection widened: tag values added (${testWords(tagsAdded)})`, testWords(before.tags), testWords(after.tags));
  const conditionsAdded = setDifference(after.conditions, before.conditions, testKey);
  const conditionsRemoved = setDifference(before.conditions, after.conditions, testKey);
  if (conditionsAdded.length > 0) emit('regression', 'selection', `selection narrowed: conditions added (${testWords(conditionsAdded)})`, testWords(before.conditions), testWords(after.conditions));
  if (conditionsRemoved.length > 0) emit('improvement', 'selection', `selection widened: conditions removed (${testWords(conditionsRemoved)})`, testWords(before.conditions), testWords(after.conditions));
  const resourcesRemoved = setDifference(before.resources, after.resources, identity);
  const resourcesAdded = setDifference(after.resources, before.resources, identity);
  if (resourcesRemoved.length > 0) emit('regression', 'selection', `selection narrowed: resources removed (${listOrNone(resourcesRemoved)})`, listOrNone(before.resources), listOrNone(after.resources));
  if (resourcesAdded.length > 0) emit('improvement', 'selection', `selection widened: resources added (${listOrNone(resourcesAdded)})`, listOrNone(before.resources), listOrNone(after.resources));
  const exclusionsAdded = setDifference(after.notResources, before.notResources, identity);
  const exclusionsRemoved = setDifference(before.notResources, after.notResources, identity);
  if (exclusionsAdded.length > 0) emit('regression', 'selection', `selection narrowed: exclusions added (${listOrNone(exclusionsAdded)})`, listOrNone(before.notResources), listOrNone(after.notResources));
  if (exclusionsRemoved.length > 0) emit('improvement', 'selection', `selection widened: exclusions removed (${listOrNone(exclusionsRemoved)})`, listOrNone(before.notResources), listOrNone(after.notResources));
}

// ---------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------

function planSummary(plan: PlanPosture): string {
  return `${plural(plan.rules.length, 'rule')}, RPO ${formatMinutes(plan.rpoMinutes)}`;
}

/** Where a plan's changes go; its vault scope judges a rule's target vault by its policies too. */
interface PlanScope extends VaultScope {
  readonly changes: PostureChange[];
  readonly stack: string;
  /** "plan `gold`" or "policy `baseline` · plan `silver`". */
  readonly subject: string;
}

function comparePlan(before: PlanPosture, after: PlanPosture, scope: PlanScope): void {
  const { changes, stack, subject } = scope;
  const emitPlan = emitter(changes, stack, subject);
  const rulesNow = byKey(after.rules, (rule) => rule.name);
  const rulesBefore = byKey(before.rules, (rule) => rule.name);
  const windowsShrank = before.rules.some((rule) => {
    const now = rulesNow.get(rule.name);
    return now !== undefined && completionShortened(rule, now);
  });
  compareRpo(before.rpoMinutes, after.rpoMinutes, emitPlan, 'plan worst-case RPO (all rules together)', windowsShrank);
  for (const rule of before.rules) {
    const emitRule = emitter(changes, stack, `${subject} · rule \`${rule.name}\``);
    const now = rulesNow.get(rule.name);
    if (now) compareRule(rule, now, emitRule, scope);
    else emitRule('regression', 'rule', 'rule removed', ruleSummary(rule), 'none');
  }
  for (const rule of after.rules) {
    if (!rulesBefore.has(rule.name)) emitter(changes, stack, `${subject} · rule \`${rule.name}\``)('improvement', 'rule', 'rule added', 'none', ruleSummary(rule));
  }
  const selectionsNow = byKey(after.selections, (selection) => selection.name);
  const selectionsBefore = byKey(before.selections, (selection) => selection.name);
  for (const selection of before.selections) {
    const emitSelection = emitter(changes, stack, `${subject} · selection \`${selection.name}\``);
    const now = selectionsNow.get(selection.name);
    if (now) compareSelection(selection, now, emitSelection);
    else emitSelection('regression', 'selection', 'selection removed', selection.words, 'none');
  }
  for (const selection of after.selections) {
    if (!selectionsBefore.has(selection.name)) emitter(changes, stack, `${subject} · selection \`${selection.name}\``)('improvement', 'selection', 'selection added', 'none', selection.words);
  }
}

// ---------------------------------------------------------------------------
// Policies and vaults
// ---------------------------------------------------------------------------

interface Located<T> {
  readonly stack: string;
  readonly accountId: string;
  readonly item: T;
}

function plansOf(posture: Posture): Map<string, Located<PlanPosture>> {
  const map = new Map<string, Located<PlanPosture>>();
  for (const stack of posture.stacks) {
    for (const plan of stack.plans) {
      const key = `${stack.name}\u0000${plan.name}`;
      if (!map.has(key)) map.set(key, { stack: stack.name, accountId: stack.accountId, item: plan });
    }
  }
  return map;
}

function policiesOf(posture: Posture): Map<string, Located<PolicyPosture>> {
  const map = new Map<string, Located<PolicyPosture>>();
  for (const stack of posture.stacks) for (const policy of stack.policies) if (!map.has(policy.name)) map.set(policy.name, { stack: stack.name, accountId: stack.accountId, item: policy });
  return map;
}

function vaultsOf(posture: Posture): Map<string, VaultPosture> {
  const map = new Map<string, VaultPosture>();
  for (const stack of posture.stacks) for (const vault of stack.vaults) if (!map.has(vault.key)) map.set(vault.key, vault);
  return map;
}

function comparePolicy(before: PolicyPosture, after: PolicyPosture, changes: PostureChange[], stack: string, vaults: Pick<PlanScope, 'accountNames' | 'baseVaults' | 'headVaults'>): void {
  const subject = `policy \`${before.name}\``;
  const emitPolicy = emitter(changes, stack, subject);
  const targetIds = (policy: PolicyPosture) => policy.targets.map((target) => target.label);
  const removedTargets = setDifference(targetIds(before), targetIds(after), (id) => id);
  const addedTargets = setDifference(targetIds(after), targetIds(before), (id) => id);
  if (removedTargets.length > 0) emitPolicy('regression', 'policy', `policy detached from ${listOrNone(removedTargets)}`, listOrNone(targetIds(before)), listOrNone(targetIds(after)));
  if (addedTargets.length > 0) emitPolicy('improvement', 'policy', `policy attached to ${listOrNone(addedTargets)}`, listOrNone(targetIds(before)), listOrNone(targetIds(after)));
  const plansNow = byKey(after.plans, (plan) => plan.name);
  for (const plan of before.plans) {
    const planSubject = `${subject} · plan \`${plan.name}\``;
    const now = plansNow.get(plan.name);
    if (!now) {
      emitter(changes, stack, planSubject)('regression', 'plan', 'policy plan removed', `${planSummary(plan)}, in ${listOrNone(plan.regions)}`, 'none');
      continue;
    }
    const removedRegions = setDifference(plan.regions, now.regions, (region) => region);
    const addedRegions = setDifference(now.regions, plan.regions, (region) => region);
    if (removedRegions.length > 0) emitter(changes, stack, planSubject)('regression', 'policy', `Regions removed (${listOrNone(removedRegions)})`, listOrNone(plan.regions), listOrNone(now.regions));
    if (addedRegions.length > 0) emitter(changes, stack, planSubject)('improvement', 'policy', `Regions added (${listOrNone(addedRegions)})`, listOrNone(plan.regions), listOrNone(now.regions));
    comparePlan(plan, now, { changes, stack, subject: planSubject, accountId: '$account', ...vaults });
    const unlocked = setDifference(now.childOperators, plan.childOperators, identity);
    const locked = setDifference(plan.childOperators, now.childOperators, identity);
    if (unlocked.length > 0) emitter(changes, stack, planSubject)('regression', 'policy', `child policies may now use ${unlocked.join(', ')} on the plan: an OU or account policy below could override its schedule, retention, vault or selections`, listOrNone(plan.childOperators), listOrNone(now.childOperators));
    if (locked.length > 0) emitter(changes, stack, planSubject)('improvement', 'policy', `child policies may no longer use ${locked.join(', ')} on the plan`, listOrNone(plan.childOperators), listOrNone(now.childOperators));
  }
  const plansBefore = byKey(before.plans, (plan) => plan.name);
  for (const plan of after.plans) {
    if (!plansBefore.has(plan.name)) emitter(changes, stack, `${subject} · plan \`${plan.name}\``)('improvement', 'plan', 'policy plan added', 'none', `${planSummary(plan)}, in ${listOrNone(plan.regions)}`);
  }
}

function accountNamesOf(...postures: Posture[]): Map<string, string> {
  const names = new Map<string, string>();
  for (const posture of postures) for (const stack of posture.stacks) if (!names.has(stack.accountId)) names.set(stack.accountId, stack.account);
  return names;
}

/** Regressions and improvements from `base` to `head`, each list in report order (stack, subject). */
export function diffPostures(base: Posture, head: Posture): PostureDiff {
  const changes: PostureChange[] = [];
  const accountNames = accountNamesOf(head, base);
  const baseVaults = vaultsOf(base);
  const headVaults = vaultsOf(head);
  const known = { accountNames, baseVaults, headVaults };

  const basePlans = plansOf(base);
  const headPlans = plansOf(head);
  for (const [key, before] of basePlans) {
    const subject = `plan \`${before.item.name}\``;
    const after = headPlans.get(key);
    if (after) comparePlan(before.item, after.item, { changes, stack: before.stack, subject, accountId: before.accountId, ...known });
    else emitter(changes, before.stack, subject)('regression', 'plan', 'plan removed', planSummary(before.item), 'none');
  }
  for (const [key, after] of headPlans) {
    if (!basePlans.has(key)) emitter(changes, after.stack, `plan \`${after.item.name}\``)('improvement', 'plan', 'plan added', 'none', planSummary(after.item));
  }

  const basePolicies = policiesOf(base);
  const headPolicies = policiesOf(head);
  for (const [name, before] of basePolicies) {
    const after = headPolicies.get(name);
    if (after) comparePolicy(before.item, after.item, changes, after.stack, known);
    else emitter(changes, before.stack, `policy \`${name}\``)('regression', 'policy', 'Organizations backup policy removed', `${plural(before.item.plans.length, 'plan')}, attached to ${listOrNone(before.item.targets.map((target) => target.label))}`, 'none');
  }
  for (const [name, after] of headPolicies) {
    if (!basePolicies.has(name)) emitter(changes, after.stack, `policy \`${name}\``)('improvement', 'policy', 'Organizations backup policy added', 'none', `${plural(after.item.plans.length, 'plan')}, attached to ${listOrNone(after.item.targets.map((target) => target.label))}`);
  }

  for (const [key, before] of baseVaults) {
    const after = headVaults.get(key);
    const subject = `vault \`${before.name}\` (${before.region})`;
    if (after) {
      // A logically air-gapped vault's range is not updated in place: provider 5.100.0 replaces the vault (min_retention_days and
      // max_retention_days force replacement), which prevent_destroy refuses, and AWS deletes no vault that still holds backups.
      const rangeOf = (vault: VaultPosture) => `${vault.lock?.minRetentionDays ?? ''}-${vault.lock?.maxRetentionDays ?? ''}`;
      if (before.airGapped && after.airGapped && rangeOf(before) !== rangeOf(after)) {
        emitter(changes, after.stack, subject)(
          'regression',
          'vault',
          'air-gapped vault replaced: its retention range cannot change in place (a new min_retention_days or max_retention_days destroys and re-creates it), which prevent_destroy refuses and AWS refuses while it holds recovery points; add a new air-gapped vault under another key instead',
          lockWords(before.lock, true),
          lockWords(after.lock, true),
        );
      } else compareLocks(before.lock, after.lock, emitter(changes, after.stack, subject), before.airGapped && after.airGapped);
      compareEncryptionKey(before, after, changes, subject);
      compareDestroyGuards(before, after, changes, subject);
      compareDeletionDeny(before.deletionDeny, after.deletionDeny, emitter(changes, after.stack, subject), 'access policy');
      // A key made elsewhere on either side (null): its policy is not in the synth, nothing to compare.
      if (before.keyDeletionDeny && after.keyDeletionDeny) compareDeletionDeny(before.keyDeletionDeny, after.keyDeletionDeny, emitter(changes, after.stack, `${subject} · key`), 'key policy');
      compareKeyDeletionWindow(before, after, emitter(changes, after.stack, `${subject} · key`));
    }
    else emitter(changes, before.stack, subject)('regression', 'vault', `${before.airGapped ? 'air-gapped vault' : 'vault'} removed`, lockWords(before.lock, before.airGapped), 'none');
  }

  compareGuardrails(base, head, changes);

  // What watches and reports each stack that both sides have.
  const headStacks = new Map(head.stacks.map((stack) => [stack.name, stack]));
  for (const stack of base.stacks) {
    const after = headStacks.get(stack.name);
    if (!after) continue;
    compareSilenceWatches(stack, after, changes);
    compareAlerts(stack, after, changes);
    compareRegionSettings(stack, after, changes);
    compareAssurance(stack, after, changes);
  }

  // Removed stacks first (in the base's order), then the head's stacks in its order.
  const headNames = new Set(head.stacks.map((stack) => stack.name));
  const removed = base.stacks.filter((stack) => !headNames.has(stack.name));
  const order = new Map([...removed, ...head.stacks].map((stack, index) => [stack.name, index]));
  const rank = (stack: string) => order.get(stack) ?? Number.MAX_SAFE_INTEGER;
  const sorted = changes
    .map((change, index) => ({ change, index }))
    .sort((a, b) => rank(a.change.stack) - rank(b.change.stack) || a.index - b.index)
    .map(({ change }) => change);
  const newConfigWarnings = setDifference(head.compliance.configWarnings, base.compliance.configWarnings, configWarningKey);
  return {
    removedStacks: removed.map(removedStack),
    regressions: sorted.filter((change) => change.kind === 'regression'),
    improvements: sorted.filter((change) => change.kind === 'improvement'),
    ...(base.cost || head.cost
      ? { cost: { before: pricedTotal(base), after: pricedTotal(head), unpricedBefore: base.cost?.total.unpricedLines ?? 0, unpricedAfter: head.cost?.total.unpricedLines ?? 0 } }
      : {}),
    ...(newConfigWarnings.length > 0 ? { newConfigWarnings } : {}),
  };
}

/** A config warning's identity (its path and text): which of the head's the base has, and which the report marks new. */
export const configWarningKey = (warning: ConfigWarning): string => `${warning.path}\u0000${warning.message}`;

/** The estimated monthly cost of the priced lines; null without an estimate or a priced line. */
const pricedTotal = (posture: Posture): number | null => (posture.cost && posture.cost.total.pricedLines > 0 ? posture.cost.total.monthlyUsd : null);

function removedStack(stack: StackPosture): RemovedStackPosture {
  return {
    stack: stack.name,
    kind: stack.kind,
    account: stack.account,
    accountId: stack.accountId,
    region: stack.region,
    vaults: stack.vaults.map((vault) => `\`${vault.name}\` ${lockWords(vault.lock, vault.airGapped)}`),
    plans: stack.plans.length,
    policies: stack.policies.length,
  };
}
