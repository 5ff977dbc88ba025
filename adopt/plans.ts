/**
 * Plans: list-backup-plans, get-backup-plan and list-tags per plan, list-backup-selections and
 * get-backup-selection per selection. Every field of a rule the config can hold is reproduced;
 * selections exactly (every argument of aws_backup_selection forces its replacement), with the role
 * each uses: the most common one becomes serviceRole.arn (no role is created), the others the
 * selection's role. What the config cannot hold is reported, and a selection it cannot reproduce
 * exactly is left alone, unmanaged, rather than replaced.
 */
import { CONFIG_KEY, RULE_LIMITS, ruleWindows } from '../core/limits';
import { checkSelectionCriteria, type SelectionCriteria } from '../modules/backup-selection';
import { Adoption, AccountScope, listed, stackName } from './context';
import { bool, ExportFolder, Json, list, num, obj, str, stringMap, strings, TAGS } from './export-files';
import { KeyTaker, keyOf, userTags } from './names';
import type { VaultIndex } from './vaults';
import { plural } from '../core/order';
import { isUnprefixedConditionKey, unprefixedConditionKeyMessage } from '../core/selection';

interface ExistingSelection {
  readonly id: string;
  readonly body: Json;
}

interface ExistingPlan {
  readonly region: string;
  readonly id: string;
  readonly name: string;
  readonly plan: Json;
  readonly response: Json;
  readonly tags: Record<string, string>;
  /** Why list-tags failed, when it did (the tags are unknown, not none). */
  readonly tagsFailed?: string;
  readonly selections: readonly ExistingSelection[];
}

/** A plan an AWS Organizations backup policy deploys into the account (its id and ARN carry orgs/). */
export interface PolicyPlan {
  readonly region: string;
  readonly id: string;
  readonly name: string;
}

/**
 * AWS gives the plans a backup policy deploys ids under orgs/ (ARN ...:backup-plan:orgs/<uuid>):
 * the management account owns them, and a member account cannot change or delete them.
 */
export const isPolicyPlan = (summary: Json): boolean => (str(summary, 'BackupPlanId') ?? '').startsWith('orgs/') || (str(summary, 'BackupPlanArn') ?? '').includes(':backup-plan:orgs/');

const TAG_CONDITION_PREFIX = 'aws:ResourceTag/';
const OPERATORS = [
  ['StringEquals', 'stringEquals'],
  ['StringLike', 'stringLike'],
  ['StringNotEquals', 'stringNotEquals'],
  ['StringNotLike', 'stringNotLike'],
] as const;

/** The plans backup policies deploy into the account's Regions: never adopted, never imported. */
export function readPolicyPlans(regions: readonly ExportFolder[]): PolicyPlan[] {
  return regions.flatMap((folder) => {
    const region = folder.path.split(/[\\/]/).pop() ?? '';
    return folder.readList('backup-plans.json', 'BackupPlansList')
      .filter(isPolicyPlan)
      .map((summary) => ({ region, id: str(summary, 'BackupPlanId') ?? '', name: str(summary, 'BackupPlanName') ?? str(summary, 'BackupPlanId') ?? '' }));
  });
}

/** Reports the plans backup policies deploy: the management account manages them, so adopt leaves them alone. */
export function reportPolicyPlans(plans: readonly PolicyPlan[], out: Adoption): void {
  for (const plan of plans) {
    out.report(
      'not-represented',
      'plans',
      `plan ${plan.name} (${plan.region}, ${plan.id}) is deployed by an AWS Organizations backup policy: the management account manages it (adopt the organization with an export of the management account made with --organization), so it is not adopted or imported and stays as it is, unmanaged`,
    );
  }
}

/** Every plan of the account's Regions the account itself owns (not those backup policies deploy), with its selections. */
export function readPlans(regions: readonly ExportFolder[]): ExistingPlan[] {
  return regions.flatMap((folder) => {
    const region = folder.path.split(/[\\/]/).pop() ?? '';
    return folder.readList('backup-plans.json', 'BackupPlansList').filter((summary) => !isPolicyPlan(summary)).map((summary): ExistingPlan => {
      const id = str(summary, 'BackupPlanId') ?? '';
      const planFolder = folder.child('plans').child(id);
      const response = planFolder.readRequired('plan.json', { key: 'BackupPlan.Rules', shape: 'list' });
      const tags = planFolder.read('tags.json', TAGS);
      const selections = planFolder.readList('selections.json', 'BackupSelectionsList').map((item) => {
        const selectionId = str(item, 'SelectionId') ?? '';
        return { id: selectionId, body: obj(planFolder.child('selections').readRequired(`${selectionId}.json`, { key: 'BackupSelection', shape: 'object' }), 'BackupSelection') ?? {} };
      });
      const plan = obj(response, 'BackupPlan') ?? {};
      return { region, id, name: str(plan, 'BackupPlanName') ?? str(summary, 'BackupPlanName') ?? id, plan, response, tags: tags.kind === 'ok' ? stringMap(tags.value, 'Tags') : {}, ...(tags.kind === 'failed' ? { tagsFailed: tags.reason } : tags.kind === 'none' ? { tagsFailed: `${planFolder.shown('tags.json')} is missing` } : {}), selections };
    });
  });
}

/** The role most selections use (ties: the first in code-unit order), or undefined without selections. */
export function commonRole(plans: readonly ExistingPlan[]): string | undefined {
  const counts = new Map<string, number>();
  for (const role of plans.flatMap((plan) => plan.selections.map((selection) => str(selection.body, 'IamRoleArn') ?? ''))) counts.set(role, (counts.get(role) ?? 0) + 1);
  return [...counts.entries()].sort(([a, x], [b, y]) => y - x || (a < b ? -1 : 1))[0]?.[0];
}

/** Days of a lifecycle field; AWS's -1 ("keep indefinitely", "never move to cold") reads as not set. */
const lifecycleDays = (lifecycle: Json | undefined, key: string): number | undefined => {
  const days = lifecycle ? num(lifecycle, key) : undefined;
  return days !== undefined && days >= 0 ? days : undefined;
};

function lifecycleOf(lifecycle: Json | undefined): Json {
  const cold = lifecycleDays(lifecycle, 'MoveToColdStorageAfterDays');
  const remove = lifecycleDays(lifecycle, 'DeleteAfterDays');
  const archive = lifecycle ? bool(lifecycle, 'OptInToArchiveForSupportedResources') : undefined;
  return {
    ...(remove === undefined ? {} : { deleteAfterDays: remove }),
    ...(cold === undefined ? {} : { coldStorageAfterDays: cold }),
    ...(archive === true ? { optInToArchiveForSupportedResources: true } : {}),
  };
}

interface PlanScope {
  readonly scope: AccountScope;
  readonly vaults: VaultIndex;
  readonly out: Adoption;
  readonly plan: ExistingPlan;
  readonly path: string;
}

/** Days a copy keeps its recovery points (its own lifecycle, else the rule's); forever: Infinity. */
const keptDays = (copy: Json, lifecycle: Json): number => {
  const own = (copy.lifecycle as Json | undefined)?.deleteAfterDays ?? lifecycle.deleteAfterDays;
  return typeof own === 'number' ? own : Number.POSITIVE_INFINITY;
};

function copiesOf(rule: Json, lifecycle: Json, path: string, { vaults, out, plan }: PlanScope): Json | undefined {
  const copies: Json = {};
  for (const action of list(rule, 'CopyActions')) {
    const arn = str(action, 'DestinationBackupVaultArn') ?? '';
    const vault = vaults.byArn.get(arn);
    if (!vault) {
      out.report(
        'not-represented',
        `${path}.copies`,
        `the copy to ${arn} goes to a vault this adoption does not carry over (another account's, a Region not exported, or a logically air-gapped vault): the first apply removes this copy from plan ${plan.name} unless you add it back: name the vault under existingVaults with its arn, and add the copy to the rule`,
      );
      continue;
    }
    const given = obj(action, 'Lifecycle');
    const own = lifecycleOf(given);
    if (given !== undefined && own.deleteAfterDays === undefined) {
      // A copy's own lifecycle without a retention (none, or AWS's -1) keeps its recovery points forever: AWS inherits the rule's only when the copy has no lifecycle at all.
      own.deleteAfterDays = RULE_LIMITS.deleteAfterDays.max;
      out.report('changed', `${path}.copies.${vault.key}.lifecycle.deleteAfterDays`, `the copy of plan ${plan.name} to ${arn} keeps recovery points forever, and backup-estate requires a retention: the config sets ${RULE_LIMITS.deleteAfterDays.max} days (the maximum), which the first apply sets on the copy`);
    }
    const copy: Json = JSON.stringify(own) === JSON.stringify(lifecycle) || Object.keys(own).length === 0 ? {} : { lifecycle: own };
    const earlier = copies[vault.key] as Json | undefined;
    if (earlier !== undefined) {
      // The config holds one copy action per destination vault: keep the one that keeps recovery points longest, and say so.
      const [kept, dropped] = keptDays(copy, lifecycle) > keptDays(earlier, lifecycle) ? [copy, earlier] : [earlier, copy];
      const days = (entry: Json) => (keptDays(entry, lifecycle) === Number.POSITIVE_INFINITY ? 'forever' : plural(keptDays(entry, lifecycle), 'day'));
      out.report('changed', `${path}.copies.${vault.key}`, `plan ${plan.name} copies twice into ${arn} (kept ${days(kept)} and ${days(dropped)}): the config holds one copy action per destination vault, so the first apply keeps the one kept ${days(kept)} and removes the other`);
      copies[vault.key] = kept;
      continue;
    }
    copies[vault.key] = copy;
  }
  return Object.keys(copies).length > 0 ? copies : undefined;
}

const NOT_IN_PROVIDER = ['IndexActions', 'ScanActions', 'TargetLogicallyAirGappedBackupVaultArn'] as const;

function ruleOf(rule: Json, ruleKeys: KeyTaker, planScope: PlanScope): [string, Json, string | undefined] {
  const { vaults, out, plan } = planScope;
  const name = str(rule, 'RuleName') ?? 'rule';
  const key = ruleKeys.take(CONFIG_KEY.pattern.test(name) ? name : keyOf(name, 'rule'));
  const path = `${planScope.path}.rules.${key}`;
  if (key !== name) out.report('changed', path, `rule "${name}" of plan ${plan.name} becomes ${key}: a rule's name is its config key (${CONFIG_KEY.describe}); the first apply renames the rule in place`);
  const lifecycle = lifecycleOf(obj(rule, 'Lifecycle'));
  if (lifecycle.deleteAfterDays === undefined) {
    lifecycle.deleteAfterDays = RULE_LIMITS.deleteAfterDays.max;
    out.report('changed', `${path}.lifecycle.deleteAfterDays`, `rule ${name} keeps recovery points forever, and backup-estate requires a retention: the config sets ${RULE_LIMITS.deleteAfterDays.max} days (the maximum), which the first apply sets on the rule`);
  }
  for (const field of NOT_IN_PROVIDER) {
    if (rule[field] !== undefined && !(Array.isArray(rule[field]) && (rule[field] as unknown[]).length === 0)) {
      out.report('not-represented', path, `${field} of rule ${name} needs the AWS provider 6, and backup-estate pins 5.100.0: the first apply that updates plan ${plan.name} removes it`);
    }
  }
  const target = vaults.find(plan.region, str(rule, 'TargetBackupVaultName') ?? '');
  // What backup-estate writes for a window AWS did not return (the completion window follows the start window).
  const defaults = ruleWindows(num(rule, 'StartWindowMinutes'), undefined);
  const windows = [
    ['startWindowMinutes', 'StartWindowMinutes', defaults.startWindowMinutes],
    ['completionWindowMinutes', 'CompletionWindowMinutes', defaults.completionWindowMinutes],
  ] as const;
  const entry: Json = { schedule: str(rule, 'ScheduleExpression') ?? RULE_LIMITS.defaultSchedule };
  const timezone = str(rule, 'ScheduleExpressionTimezone');
  if (timezone !== undefined && timezone !== RULE_LIMITS.defaultTimezone) entry.scheduleTimezone = timezone;
  for (const [field, awsField, fallback] of windows) {
    const value = num(rule, awsField);
    if (value !== undefined) entry[field] = value;
    else out.report('changed', `${path}.${field}`, `AWS returned no ${awsField} for rule ${name}: the first apply sets backup-estate's default, ${fallback} minutes`);
  }
  entry.lifecycle = lifecycle;
  if (bool(rule, 'EnableContinuousBackup') === true) entry.continuousBackup = true;
  const pointTags = userTags(stringMap(rule, 'RecoveryPointTags'));
  if (pointTags) entry.recoveryPointTags = pointTags;
  const copies = copiesOf(rule, lifecycle, path, planScope);
  if (copies) entry.copies = copies;
  return [key, entry, target?.key];
}

/** The criteria of a selection, or why the config cannot reproduce it exactly. */
function criteriaOf(body: Json): SelectionCriteria | string {
  const tags: Record<string, string[]> = {};
  for (const tag of list(body, 'ListOfTags')) {
    if (str(tag, 'ConditionType') !== 'STRINGEQUALS') return `its selection tag of type ${str(tag, 'ConditionType')} is not one AWS documents (STRINGEQUALS)`;
    (tags[str(tag, 'ConditionKey') ?? ''] ??= []).push(str(tag, 'ConditionValue') ?? '');
  }
  const conditions: Record<string, Record<string, string[]>> = {};
  const conditionsJson = obj(body, 'Conditions') ?? {};
  for (const [awsOperator, operator] of OPERATORS) {
    for (const condition of list(conditionsJson, awsOperator)) {
      const key = str(condition, 'ConditionKey') ?? '';
      if (isUnprefixedConditionKey(key)) return `its ${unprefixedConditionKeyMessage(key)}`;
      if (!key.startsWith(TAG_CONDITION_PREFIX)) return `its condition key ${key} is not a tag key (${TAG_CONDITION_PREFIX}...), the only kind the config writes`;
      ((conditions[operator] ??= {})[key.slice(TAG_CONDITION_PREFIX.length)] ??= []).push(str(condition, 'ConditionValue') ?? '');
    }
  }
  const one = (values: string[]): string | string[] => (values.length === 1 ? (values[0] as string) : [...values].sort());
  const resources = [...strings(body, 'Resources')].sort();
  const notResources = [...strings(body, 'NotResources')].sort();
  return {
    ...(Object.keys(tags).length > 0 ? { tags: Object.fromEntries(Object.entries(tags).map(([key, values]) => [key, one(values)])) } : {}),
    ...(Object.keys(conditions).length > 0 ? { conditions: Object.fromEntries(Object.entries(conditions).map(([operator, map]) => [operator, Object.fromEntries(Object.entries(map).map(([key, values]) => [key, one(values)]))])) } : {}),
    ...(resources.length > 0 ? { resources } : {}),
    ...(notResources.length > 0 ? { notResources } : {}),
  };
}

function selectionsOf(planScope: PlanScope, serviceRole: string | undefined): Json {
  const { scope, out, plan, path } = planScope;
  const keys = new KeyTaker();
  const selections: Json = {};
  for (const { id, body } of plan.selections) {
    const name = str(body, 'SelectionName') ?? id;
    const criteria = criteriaOf(body);
    const refused = typeof criteria === 'string' ? criteria : checkSelectionCriteria(criteria, { accountId: scope.id, region: plan.region }).find((problem) => problem.severity === 'error')?.message;
    if (refused !== undefined || typeof criteria === 'string') {
      out.report('not-represented', `${path}.selections`, `selection ${name} of plan ${plan.name} cannot be reproduced exactly (${refused}): it stays as it is, unmanaged (a changed selection would be replaced)`);
      continue;
    }
    const key = keys.take(keyOf(name, 'selection'));
    const role = str(body, 'IamRoleArn') ?? '';
    selections[key] = { ...(key === name ? {} : { name }), ...(role === serviceRole ? {} : { role }), ...criteria };
    out.importing({ stack: stackName(scope, plan.region), configPath: `${path}.selections.${key}`, type: 'aws_backup_selection', id: `${plan.id}|${id}`, what: `selection ${name} of plan ${plan.name} (${plan.region})` });
  }
  return selections;
}

function windowsVssOf(planScope: PlanScope): string | undefined {
  const { plan, out, path } = planScope;
  const settings = list(plan.plan, 'AdvancedBackupSettings').length > 0 ? list(plan.plan, 'AdvancedBackupSettings') : list(plan.response, 'AdvancedBackupSettings');
  let vss: string | undefined;
  for (const setting of settings) {
    const options = stringMap(setting, 'BackupOptions');
    if (str(setting, 'ResourceType') === 'EC2' && Object.keys(options).join() === 'WindowsVSS') vss = options.WindowsVSS;
    else out.report('not-represented', path, `advanced backup setting ${str(setting, 'ResourceType')} ${JSON.stringify(options)} of plan ${plan.name}: the config holds only EC2 WindowsVSS (provider 5.100.0), so the first apply removes it`);
  }
  return vss;
}

/** Every plan: config entries keyed by plan, import targets of plans and selections. */
export function adoptPlans(scope: AccountScope, plans: readonly ExistingPlan[], vaults: VaultIndex, serviceRole: string | undefined, out: Adoption): Record<string, Json> {
  const keys = new KeyTaker();
  const entries: Record<string, Json> = {};
  const ordered = [...plans].sort((a, b) => Number(b.region === scope.primary) - Number(a.region === scope.primary) || (a.region < b.region ? -1 : 1) || (a.name < b.name ? -1 : 1));
  for (const plan of ordered) {
    const key = keys.take(keyOf(plan.name, 'plan'), plan.region);
    const planScope: PlanScope = { scope, vaults, out, plan, path: `plans.${key}` };
    const selections = selectionsOf(planScope, serviceRole);
    if (Object.keys(selections).length === 0) {
      out.report('not-represented', 'plans', `plan ${plan.name} (${plan.region}) has no selection the config can hold, and backup-estate manages no plan without one: it stays as it is, unmanaged`);
      continue;
    }
    const ruleKeys = new KeyTaker();
    const rules = list(plan.plan, 'Rules').map((rule) => ruleOf(rule, ruleKeys, planScope));
    const targets = [...new Set(rules.map(([, , target]) => target))];
    const shared = targets.length === 1 ? targets[0] : undefined;
    const missing = rules.filter(([, , target]) => target === undefined).map(([name]) => name);
    if (missing.length > 0) out.report('not-represented', `plans.${key}`, `the target vault of rule ${listed(missing)} is not in the export: export its Region again`);
    const windowsVss = windowsVssOf(planScope);
    entries[key] = {
      ...(key === plan.name ? {} : { name: plan.name }),
      ...(plan.region === scope.primary ? {} : { region: plan.region }),
      ...(shared !== undefined ? { vault: shared } : {}),
      ...(windowsVss ? { windowsVss } : {}),
      rules: Object.fromEntries(rules.map(([ruleKey, rule, target]) => [ruleKey, shared === undefined && target !== undefined ? { vault: target, ...rule } : rule])),
      selections,
      ...(userTags(plan.tags) ? { tags: userTags(plan.tags) } : {}),
    };
    if (plan.tagsFailed !== undefined) {
      out.report('warning', `plans.${key}.tags`, `the tags of plan ${plan.name} (${plan.region}) could not be exported (${plan.tagsFailed}): the config holds none, so the first apply removes whatever tags the plan has; export them again (backup:ListTags) or write them under plans.${key}.tags before applying`);
    }
    out.importing({ stack: stackName(scope, plan.region), configPath: `plans.${key}`, type: 'aws_backup_plan', id: plan.id, what: `plan ${plan.name} (${plan.region})` });
  }
  return entries;
}

/** Plans per Region (the primary Region is where most run). */
export function planRegions(plans: readonly ExistingPlan[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const plan of plans) counts.set(plan.region, (counts.get(plan.region) ?? 0) + 1);
  return counts;
}

export type { ExistingPlan };
