/**
 * What watches a stack, compared: the silence alarms on its vaults, and where failed jobs are
 * reported (EventBridge rules by job kind and state, CloudWatch failure alarms, vault
 * notifications, the subscribers and their filters). Fewer of any is a regression: a failure, or
 * backups that stop, would reach fewer people, or none. Also the stack's Region settings, which
 * decide what AWS Backup may back up there at all.
 */
import { newlyExempt } from '../compliance';
import { emitter, identity, setDifference, type ChangeArea, type Emit, type PostureChange } from './diff-parts';
import { formatMinutes } from '../core/rpo';
import { listOrNone } from '../core/order';
import { silenceWindowWords } from './format';
import type { AlertsPosture, AssurancePosture, RestoreTestPick, StackPosture, VaultWatchPosture } from './posture-model';
import { hasContinuousRecoveryPoints, picksFrom } from '../config/restore-test-scope';

const watchWords = (watch: VaultWatchPosture | undefined): string =>
  watch === undefined ? 'none' : watch.watched ? `alarm ${silenceWindowWords(watch)}` : `not watched: ${watch.reason ?? 'no alarm'}`;

/**
 * A vault a silence alarm watched and no longer does (silence alarms switched off, a schedule
 * CloudWatch cannot watch) is a regression: backups into it could stop without anyone told. A
 * vault no plan writes to any more is the plan's or rule's removal, flagged there.
 */
export function compareSilenceWatches(base: StackPosture, head: StackPosture, changes: PostureChange[]): void {
  const now = new Map((head.silence ?? []).map((watch) => [watch.vault, watch]));
  const before = new Map((base.silence ?? []).map((watch) => [watch.vault, watch]));
  const emitFor = (vault: string) => emitter(changes, head.name, `vault \`${vault}\` (${head.region}) · silence alarm`);
  for (const [vault, watch] of before) {
    const current = now.get(vault);
    if (watch.watched && current !== undefined && !current.watched) emitFor(vault)('regression', 'vault', 'silence alarm removed: backups into it could stop without an alarm', watchWords(watch), watchWords(current));
    if (!watch.watched && current?.watched) emitFor(vault)('improvement', 'vault', 'silence alarm added', watchWords(watch), watchWords(current));
    // A longer window: a silence lasts longer before anyone hears of it. A shorter one follows a shorter RPO or completion window,
    // which the plan's own lines judge (a shorter completion window is no gain: AWS stops a job still running when it ends).
    if (watch.watched && current?.watched && (current.windowMinutes ?? 0) > (watch.windowMinutes ?? Infinity)) {
      emitFor(vault)('regression', 'vault', 'silence alarm fires later: backups into it could stop for longer before it does', watchWords(watch), watchWords(current));
    }
    // Its window exact (FILL) or only the least it waits (the bare metric: core/silence-alarm.ts).
    if (watch.watched && current?.watched && watch.windowLowerBound !== current.windowLowerBound) {
      if (current.windowLowerBound) emitFor(vault)('regression', 'vault', 'silence alarm no longer fires when its window ends: it reads the metric without FILL(…, 0), so it waits for the last completed job to leave CloudWatch\'s longer evaluation range', watchWords(watch), watchWords(current));
      else emitFor(vault)('improvement', 'vault', 'silence alarm now fires when its window ends (FILL(…, 0): a value for every period)', watchWords(watch), watchWords(current));
    }
  }
  for (const [vault, current] of now) if (!before.has(vault) && current.watched) emitFor(vault)('improvement', 'vault', 'silence alarm added', 'none', watchWords(current));
}

const jobsWords = (alerts: AlertsPosture) => (alerts.routedJobs.length === 0 ? 'none' : `${alerts.routedJobs.join(', ')} jobs`);

/** A list compared as a set: what the base had and the head lacks is a regression, the reverse an improvement. */
function compareList(before: readonly string[], after: readonly string[], emit: Emit, lost: (items: string[]) => string, gained: (items: string[]) => string, area: ChangeArea = 'alerts'): void {
  const dropped = setDifference(before, after, identity);
  const added = setDifference(after, before, identity);
  if (dropped.length > 0) emit('regression', area, lost(dropped), listOrNone(before), listOrNone(after));
  if (added.length > 0) emit('improvement', area, gained(added), listOrNone(before), listOrNone(after));
}

/** Subscriptions whose filter policy was added or changed: messages it does not match never reach them. */
function compareFilters(before: AlertsPosture, after: AlertsPosture, emit: Emit): void {
  for (const subscription of after.subscriptions) {
    if (!before.subscriptions.includes(subscription)) continue;
    const was = before.filters[subscription];
    const now = after.filters[subscription];
    if (was === now) continue;
    if (now === undefined) emit('improvement', 'alerts', `alert subscription no longer filtered: ${subscription}`, `filter ${was}`, 'every message');
    else emit('regression', 'alerts', `alert subscription ${was === undefined ? 'now filtered' : 'filter changed'}: ${subscription} receives only messages its filter policy matches (EventBridge and alarm messages carry no attributes)`, was === undefined ? 'every message' : `filter ${was}`, `filter ${now}`);
  }
}

/** Failed jobs reported by fewer routes or to fewer people is a regression; the reverse an improvement. */
export function compareAlerts(base: StackPosture, head: StackPosture, changes: PostureChange[]): void {
  const { alerts: before } = base;
  const { alerts: after } = head;
  if (!before || !after) return;
  const emit = emitter(changes, head.name, 'failure alerts');
  const unrouted = setDifference(before.routedJobs, after.routedJobs, identity);
  const routed = setDifference(after.routedJobs, before.routedJobs, identity);
  if (unrouted.length > 0) emit('regression', 'alerts', `failed ${unrouted.join(', ')} jobs no longer reported`, jobsWords(before), jobsWords(after));
  if (routed.length > 0) emit('improvement', 'alerts', `failed ${routed.join(', ')} jobs now reported`, jobsWords(before), jobsWords(after));
  // The states of a kind whose failures are no longer (or newly) reported at all are that change already.
  const notOfKinds = (kinds: readonly string[], states: readonly string[]) => states.filter((state) => !kinds.some((kind) => state.startsWith(`${kind} `)));
  const statesLost = notOfKinds(unrouted, setDifference(before.routedStates, after.routedStates, identity));
  const statesGained = notOfKinds(routed, setDifference(after.routedStates, before.routedStates, identity));
  if (statesLost.length > 0) emit('regression', 'alerts', `job states no longer routed to the alerts: ${statesLost.join(', ')}`, listOrNone(before.routedStates), listOrNone(after.routedStates));
  if (statesGained.length > 0) emit('improvement', 'alerts', `job states now routed to the alerts: ${statesGained.join(', ')}`, listOrNone(before.routedStates), listOrNone(after.routedStates));
  compareList(before.failureAlarms, after.failureAlarms, emit, (lost) => `failure alarms removed: ${lost.join(', ')}`, (gained) => `failure alarms added: ${gained.join(', ')}`);
  // A vault removed is flagged as such; the notifications of the vaults that stay are compared.
  const vaultsNow = new Set(head.vaults.map((vault) => vault.name));
  const ofVaultsThatStay = (events: readonly string[]) => events.filter((event) => vaultsNow.has(event.slice(0, event.lastIndexOf(' '))));
  compareList(ofVaultsThatStay(before.vaultFailureEvents), after.vaultFailureEvents, emit, (lost) => `vault notifications of failures removed: ${lost.join(', ')}`, (gained) => `vault notifications of failures added: ${gained.join(', ')}`);
  compareList(before.subscriptions, after.subscriptions, emit, (lost) => `alert subscription removed: ${lost.join(', ')}`, (gained) => `alert subscription added: ${gained.join(', ')}`);
  compareFilters(before, after, emit);
}

/**
 * A resource type opted out stops every backup of that type here (a selection by tag skips it,
 * whatever plan it belongs to, this config's or not); DynamoDB or EFS taken out of full management
 * loses what it gives (DynamoDB's cross-Region and cross-account copies, cold storage). Regressions.
 * So are Region settings the base left to the account and the head manages with types opted out.
 */
export function compareRegionSettings(base: StackPosture, head: StackPosture, changes: PostureChange[]): void {
  const before = base.regionSettings;
  const after = head.regionSettings;
  const emit = emitter(changes, head.name, `Region settings (${head.region})`);
  // Settings the base left to the account: what it opted in is unknown (AWS opts an account in to the types it
  // supported when the account first used AWS Backup), so each type the head sets to false may be one it stops.
  if (!before && after && (after.optedOut ?? []).length > 0) {
    const out = after.optedOut ?? [];
    emit('regression', 'vault', `Region settings now managed, opting out ${out.join(', ')}: the account's own opt-ins, which the base left as they were, are unknown; where they opted these types in, AWS Backup stops backing them up here (what tags or "*" select is skipped, and what ARNs select unless they name the type)`, 'not managed (the account\'s own opt-ins)', `opted out: ${out.join(', ')}`);
  }
  if (!before || !after) return;
  compareList(before.optedIn, after.optedIn, emit, (lost) => `resource types opted out: ${lost.join(', ')}: AWS Backup stops backing them up here (what tags or "*" select is skipped, and what ARNs select unless they name the type)`, (gained) => `resource types opted in: ${gained.join(', ')}`, 'vault');
  compareList(before.fullyManaged, after.fullyManaged, emit, (lost) => `full AWS Backup management turned off: ${lost.join(', ')} (DynamoDB loses its cross-Region and cross-account copies and cold storage)`, (gained) => `full AWS Backup management turned on: ${gained.join(', ')}`, 'vault');
}

/**
 * While backups still run in the stack (some plan writes to a vault there), a restore test removed
 * or running rarer, the audit framework, one of its controls or a report plan dropped, or a control asking less, takes away the proof
 * that restores work or backups comply: regressions, also when a control follows a weakened plan
 * (Audit Manager then accepts the weaker backups). Tests of a stack where nothing runs any more are
 * that change's consequence, flagged there.
 */
export function compareAssurance(base: StackPosture, head: StackPosture, changes: PostureChange[]): void {
  const before = base.assurance;
  const after = head.assurance;
  if (!before || !after || (head.silence ?? []).length === 0) return;
  const emit = emitter(changes, head.name, 'restore tests and audit');
  compareList(before.restoreTests, after.restoreTests, emit, (lost) => `restore tests removed: ${lost.join(', ')}: nothing proves those restores work any more`, (gained) => `restore tests added: ${gained.join(', ')}`, 'vault');
  compareRestoreTestScopes(before, after, emit);
  compareRestoreTestPicks(before, after, emit, base.vaults.map((vault) => vault.name), head.vaults.map((vault) => vault.name));
  for (const [plan, now] of Object.entries(after.restoreTestGaps ?? {})) {
    const was = before.restoreTestGaps?.[plan];
    if (was === undefined) continue;
    const longer = (now ?? Number.POSITIVE_INFINITY) > (was ?? Number.POSITIVE_INFINITY);
    if (longer) emit('regression', 'vault', `restore testing plan ${plan} runs rarer: a failed restore is found that much later`, `every ${formatMinutes(was)} at most`, now === null ? 'fewer than two runs' : `every ${formatMinutes(now)} at most`);
    else if ((now ?? Number.POSITIVE_INFINITY) < (was ?? Number.POSITIVE_INFINITY)) emit('improvement', 'vault', `restore testing plan ${plan} runs more often`, was === null ? 'fewer than two runs' : `every ${formatMinutes(was)} at most`, `every ${formatMinutes(now)} at most`);
  }
  if (before.auditControls.length > 0 && after.auditControls.length === 0) emit('regression', 'vault', 'audit framework removed: no Audit Manager control checks the backups here any more', listOrNone(before.auditControls), 'none');
  else compareList(before.auditControls, after.auditControls, emit, (lost) => `audit controls removed: ${lost.join(', ')}: they no longer check the backups here`, (gained) => `audit controls added: ${gained.join(', ')}`, 'vault');
  for (const control of after.auditControls) {
    const was = before.auditParameters?.[control];
    const now = after.auditParameters?.[control];
    if (was && now) for (const loosened of loosenedParameters(was, now, policyManagers(base, head))) emit('regression', 'vault', `audit control ${control} asks less: ${loosened.what}`, loosened.before, loosened.after);
    if (before.auditControls.includes(control) && before.auditScopes !== undefined && after.auditScopes !== undefined) {
      const narrowed = narrowedScope(before.auditScopes[control], after.auditScopes[control]);
      if (narrowed) emit('regression', 'vault', `audit control ${control} checks fewer resources: ${narrowed}`, scopeWords(before.auditScopes[control]), scopeWords(after.auditScopes[control]));
    }
  }
  if (before.auditControls.length === 0 && after.auditControls.length > 0) emit('improvement', 'vault', 'audit framework added', 'none', listOrNone(after.auditControls));
  if (before.reportPlans !== undefined && after.reportPlans !== undefined) {
    compareList(before.reportPlans, after.reportPlans, emit, (lost) => `report plans removed: ${lost.join(', ')}: their reports, the audit's evidence, are no longer delivered`, (gained) => `report plans added: ${gained.join(', ')}`, 'vault');
  }
}

/**
 * The principals every vault the stack keeps newly exempts from its access policy's deny only as the
 * policy's manager: exempt from the deny of removing the policy that the change first adds
 * (compliance newlyExempt leaves them out; a deployment role given later), so they gained nothing.
 */
function policyManagers(base: StackPosture, head: StackPosture): Set<string> {
  const managers = head.vaults.flatMap((vault) => {
    const was = base.vaults.find((candidate) => candidate.key === vault.key);
    return was === undefined ? [] : [new Set(newlyExempt(was.deletionDeny, vault.deletionDeny).managers)];
  });
  const [first, ...rest] = managers;
  return new Set([...(first ?? [])].filter((principal) => rest.every((set) => set.has(principal))));
}

/**
 * A restore test kept under its name that restores fewer resources: ARNs removed (not for "*"), or
 * conditions added (all must hold). It proves fewer restores; the reverse is an improvement.
 */
function compareRestoreTestScopes(before: AssurancePosture, after: AssurancePosture, emit: Emit): void {
  for (const test of after.restoreTests) {
    const was = before.restoreTestScopes?.[test];
    const now = after.restoreTestScopes?.[test];
    if (!was || !now) continue;
    const scopeWords = (scope: typeof was) => listOrNone([...scope.arns, ...scope.conditions]);
    const arnsRemoved = now.arns.includes('*') ? [] : setDifference(was.arns, now.arns, identity);
    const arnsAdded = was.arns.includes('*') ? [] : setDifference(now.arns, was.arns, identity);
    const conditionsAdded = setDifference(now.conditions, was.conditions, identity);
    const conditionsRemoved = setDifference(was.conditions, now.conditions, identity);
    if (arnsRemoved.length > 0) emit('regression', 'vault', `restore test ${test} tests fewer resources: ARNs removed (${listOrNone(arnsRemoved)})`, scopeWords(was), scopeWords(now));
    if (conditionsAdded.length > 0) emit('regression', 'vault', `restore test ${test} tests fewer resources: conditions added (${listOrNone(conditionsAdded)})`, scopeWords(was), scopeWords(now));
    if (arnsAdded.length > 0) emit('improvement', 'vault', `restore test ${test} tests more resources: ARNs added (${listOrNone(arnsAdded)})`, scopeWords(was), scopeWords(now));
    if (conditionsRemoved.length > 0) emit('improvement', 'vault', `restore test ${test} tests more resources: conditions removed (${listOrNone(conditionsRemoved)})`, scopeWords(was), scopeWords(now));
  }
}

const pickWords = (pick: RestoreTestPick): string => `${listOrNone(pick.includeVaults)}${pick.excludeVaults.length === 0 ? '' : ` except ${pick.excludeVaults.join(', ')}`}`;

/**
 * A restore testing plan kept under its name that picks recovery points from fewer vaults (config/restore-test-scope.ts picksFrom,
 * the one answer of validate and the runbook: included, "*" or listed, and not excluded), of fewer kinds (SNAPSHOT, CONTINUOUS, the
 * latter only of a type with continuous recovery points that both sides test),
 * or from a shorter window (AWS picks only recovery points created within it: a run finds none when the newest is older) proves
 * fewer restores; the reverse is an improvement. `baseVaults`, `headVaults`: each stack's vaults, by name; a vault only one side has
 * is that vault's removal or addition, flagged there. The algorithm (latest or random within the window) is not judged: either
 * restores one recovery point of the window per run.
 */
function compareRestoreTestPicks(before: AssurancePosture, after: AssurancePosture, emit: Emit, baseVaults: readonly string[], headVaults: readonly string[]): void {
  const oneSide = new Set([...setDifference(baseVaults, headVaults, identity), ...setDifference(headVaults, baseVaults, identity)]);
  for (const [plan, now] of Object.entries(after.restoreTestPicks ?? {})) {
    const was = before.restoreTestPicks?.[plan];
    if (!was) continue;
    const listed = [...baseVaults, ...headVaults, ...was.includeVaults, ...was.excludeVaults, ...now.includeVaults, ...now.excludeVaults];
    const named = [...new Set(listed)].filter((vault) => vault !== '*' && !oneSide.has(vault)).sort();
    const lost = named.filter((vault) => picksFrom(was, vault) && !picksFrom(now, vault));
    const gained = named.filter((vault) => !picksFrom(was, vault) && picksFrom(now, vault));
    // "*" also takes the account's other vaults (made elsewhere): a list instead leaves them out.
    const others = (from: RestoreTestPick, to: RestoreTestPick) => (from.includeVaults.includes('*') && !to.includeVaults.includes('*') ? ['the other vaults of the account and Region'] : []);
    const fewer = [...lost, ...others(was, now)];
    const more = [...gained, ...others(now, was)];
    if (fewer.length > 0) emit('regression', 'vault', `restore testing plan ${plan} tests fewer vaults: ${fewer.join(', ')} no longer tested`, pickWords(was), pickWords(now));
    if (more.length > 0) emit('improvement', 'vault', `restore testing plan ${plan} tests more vaults: ${more.join(', ')} now tested`, pickWords(was), pickWords(now));
    // A kind none of the types both sides test has (CONTINUOUS of EBS: validate's warning, config/restore-test-scope.ts hasContinuousRecoveryPoints) was never tested: no change.
    const types = now.resourceTypes.filter((type) => was.resourceTypes.includes(type));
    const exists = (kind: string) => kind !== 'CONTINUOUS' || types.some(hasContinuousRecoveryPoints);
    const kindsLost = setDifference(was.recoveryPointTypes, now.recoveryPointTypes, identity).filter(exists);
    const kindsGained = setDifference(now.recoveryPointTypes, was.recoveryPointTypes, identity).filter(exists);
    if (kindsLost.length > 0) emit('regression', 'vault', `restore testing plan ${plan} no longer tests ${kindsLost.join(', ')} recovery points`, listOrNone(was.recoveryPointTypes), listOrNone(now.recoveryPointTypes));
    if (kindsGained.length > 0) emit('improvement', 'vault', `restore testing plan ${plan} now tests ${kindsGained.join(', ')} recovery points`, listOrNone(was.recoveryPointTypes), listOrNone(now.recoveryPointTypes));
    const days = (pick: RestoreTestPick) => `last ${pick.selectionWindowDays} d`;
    if (now.selectionWindowDays < was.selectionWindowDays) {
      emit('regression', 'vault', `restore testing plan ${plan} picks from a shorter window: recovery points older than ${now.selectionWindowDays} d are no longer tested, and a run finds none when the newest is older`, days(was), days(now));
    }
    if (now.selectionWindowDays > was.selectionWindowDays) emit('improvement', 'vault', `restore testing plan ${plan} picks from a longer window`, days(was), days(now));
  }
}

/** Hours in a unit of the controls' frequency and age parameters (hours, days). */
const UNIT_HOURS: Readonly<Record<string, number>> = { hours: 1, days: 24 };

/** Parameters a lower value of loosens, and those a higher value (with its unit parameter, if any) loosens. */
const LOWER_LOOSENS = ['requiredRetentionDays', 'minRetentionDays'];
const HIGHER_LOOSENS: Readonly<Record<string, string | undefined>> = { requiredFrequencyValue: 'requiredFrequencyUnit', recoveryPointAgeValue: 'recoveryPointAgeUnit', maxRestoreTime: undefined };

/**
 * The parameters of one audit control that now let more through: a shorter required retention, a
 * rarer required frequency, an older last recovery point or a longer restore time accepted, more
 * principals allowed to delete recovery points (principalArnList), fewer Regions or accounts a copy
 * must reach (crossRegionList, crossAccountList). Other parameters are not judged.
 */
function loosenedParameters(before: Readonly<Record<string, string>>, after: Readonly<Record<string, string>>, managers: ReadonlySet<string>): { what: string; before: string; after: string }[] {
  const loosened: { what: string; before: string; after: string }[] = [];
  const scaled = (values: Readonly<Record<string, string>>, name: string, unit: string | undefined) => Number(values[name]) * (unit === undefined ? 1 : (UNIT_HOURS[values[unit] ?? ''] ?? Number.NaN));
  const words = (values: Readonly<Record<string, string>>, name: string, unit: string | undefined) => `${values[name] ?? 'none'}${unit === undefined || values[unit] === undefined ? '' : ` ${values[unit]}`}`;
  for (const name of LOWER_LOOSENS) {
    if (before[name] !== undefined && after[name] !== undefined && Number(after[name]) < Number(before[name])) loosened.push({ what: name, before: before[name] ?? '', after: after[name] ?? '' });
  }
  for (const [name, unit] of Object.entries(HIGHER_LOOSENS)) {
    if (before[name] !== undefined && after[name] !== undefined && scaled(after, name, unit) > scaled(before, name, unit)) loosened.push({ what: name, before: words(before, name, unit), after: words(after, name, unit) });
  }
  const list = (values: Readonly<Record<string, string>>, name: string) => (values[name] ?? '').split(',').map((item) => item.trim()).filter((item) => item !== '');
  // A principal the vault policies newly exempt only as their manager (compliance newlyExempt) gains nothing here either.
  const added = setDifference(list(after, 'principalArnList'), list(before, 'principalArnList'), identity).filter((principal) => !managers.has(principal));
  if (added.length > 0) loosened.push({ what: `principalArnList: ${added.join(', ')} may now delete recovery points`, before: listOrNone(list(before, 'principalArnList')), after: listOrNone(list(after, 'principalArnList')) });
  for (const name of ['crossRegionList', 'crossAccountList']) {
    const dropped = setDifference(list(before, name), list(after, name), identity);
    if (dropped.length > 0) loosened.push({ what: `${name}: ${dropped.join(', ')} no longer required`, before: listOrNone(list(before, name)), after: listOrNone(list(after, name)) });
  }
  return loosened;
}

type ControlScope = NonNullable<AssurancePosture['auditScopes']>[string] | undefined;

const scopeWords = (scope: ControlScope): string =>
  [
    ...(scope?.resourceTypes ? [`types ${scope.resourceTypes.join(', ')}`] : []),
    ...Object.entries(scope?.tags ?? {}).map(([key, value]) => `tagged ${key} = ${value}`),
  ].join(', ') || 'every resource';

/**
 * How a control's new scope leaves out resources the old one checked: resource types dropped (or a
 * type scope added), a tag scope added. A tag scope that changes value is not judged (either may
 * match more); a wider scope is no regression.
 */
function narrowedScope(before: ControlScope, after: ControlScope): string | undefined {
  const reasons: string[] = [];
  if (after?.resourceTypes) {
    const dropped = before?.resourceTypes ? setDifference(before.resourceTypes, after.resourceTypes, identity) : undefined;
    if (dropped === undefined) reasons.push(`only ${after.resourceTypes.join(', ')} now`);
    else if (dropped.length > 0) reasons.push(`${dropped.join(', ')} no longer checked`);
  }
  if (after?.tags && Object.keys(before?.tags ?? {}).length === 0) reasons.push(`only resources tagged ${Object.entries(after.tags).map(([key, value]) => `${key} = ${value}`).join(', ')} now`);
  return reasons.length > 0 ? reasons.join('; ') : undefined;
}
