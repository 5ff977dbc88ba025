import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupSelection as AwsBackupSelection, BackupSelectionCondition } from '@cdktf/provider-aws/lib/backup-selection';
import { CONDITION_OPERATORS } from '../core/limits';
import { arnPlacementMessage, knownRegionPartition } from '../core/regions';
import { AccountContext } from '../core/arn';
import { evaluateSelection, isOtherAwsConditionKey, EXCLUDES_EVERY_LISTED, EXCLUDES_EVERY_TYPE, CONDITIONS_CONTRADICT, TAGS_FAIL_CONDITIONS, exactTagValueMessage, conditionKeyFormMessage, isConditionKeyForm, outsideHome, type SelectionHome, type SelectionSpec, type TagCondition } from '../core/selection';
import { unprotectedResourceArn } from '../core/resource-arns';
import { error, isToken, Problem, warning } from '../core/problems';
import { checkAccountContext, checkConditionCount, checkName, checkResourceList, countConditions, checkRoleArnProp, checkPassedRoleAt, tagControlCharacter, TAG_MESSAGES } from '../core/checks';
import { compareStrings } from '../core/order';
import { reportPropsProblems } from './props-problems';
import { literal, providerPlace } from './provider-place';

export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];
/** tag key -> one value or several (each value is its own condition, AND-ed). */
export type TagValues = Readonly<Record<string, string | readonly string[]>>;

export interface SelectionCriteria {
  /** Selection tags (STRINGEQUALS): a resource with any of them is selected (OR). @default none */
  readonly tags?: TagValues;
  /** Tag conditions, all of which must hold (AND). Keys are tag keys or full aws:ResourceTag/ keys. @default none */
  readonly conditions?: Readonly<Partial<Record<ConditionOperator, TagValues>>>;
  /** Resource ARNs or "*", OR-ed with tags. @default none */
  readonly resources?: readonly string[];
  /** Resource ARNs excluded. @default none */
  readonly notResources?: readonly string[];
}

export interface BackupSelectionProps extends SelectionCriteria {
  /** 1-50 characters of A-Z a-z 0-9 _ . - */
  readonly selectionName: string;
  /** Id (or reference) of the plan. */
  readonly planId: string;
  /** Role AWS Backup assumes; it must trust backup.amazonaws.com. */
  readonly iamRoleArn: string;
  /** Provider for another Region. @default the stack's default provider */
  readonly provider?: TerraformProvider;
  /**
   * The account and Region the plan runs in: a plan backs up resources of its own account and
   * Region only, so `resources` ARNs of another are refused (as the config refuses them).
   * @default the literal `region` of `provider` (or of the stack's default AWS provider, when it
   * exists before the selection) and the one id of its `allowedAccountIds`; what neither names is
   * unknown, and ARNs are not checked against it. A Region or account id the provider contradicts is an error
   */
  readonly account?: AccountContext;
  /**
   * The selection is one of a plan stamped into several accounts or Regions (as an organization's
   * plans are): an ARN of another account or Region selects nothing here but its resource where
   * it lives, so it is not refused (nor is `account` or the provider read). @default false
   */
  readonly allowResourcesElsewhere?: boolean;
}

/** Factories for common selections. */
export const Selections = {
  /** Resources carrying tag `key` with one of `values`. */
  byTag(key: string, ...values: string[]): SelectionCriteria {
    return { tags: { [key]: values.length === 1 ? values[0] : values } };
  },
  /** Exactly these resources. */
  byArns(...arns: string[]): SelectionCriteria {
    return { resources: arns };
  },
} as const;

const valuesOf = (value: string | readonly string[]): readonly string[] => (typeof value === 'string' ? [value] : value);
const conditionKey = (key: string): string => (key.startsWith('aws:ResourceTag/') ? key : `aws:ResourceTag/${key}`);

/** The criteria in AWS's terms, for the one selection evaluator (core/selection.ts). */
export function selectionSpecOf(criteria: SelectionCriteria): SelectionSpec {
  const tagKey = (key: string): string => (key.startsWith('aws:ResourceTag/') ? key.slice('aws:ResourceTag/'.length) : key);
  const operators: Record<ConditionOperator, TagCondition['operator']> = { stringEquals: 'StringEquals', stringLike: 'StringLike', stringNotEquals: 'StringNotEquals', stringNotLike: 'StringNotLike' };
  const conditions = CONDITION_OPERATORS.flatMap((operator) =>
    Object.entries(criteria.conditions?.[operator] ?? {}).flatMap(([key, value]) => valuesOf(value).map((v) => ({ operator: operators[operator], key: tagKey(key), value: v }))),
  );
  return {
    tags: Object.entries(criteria.tags ?? {}).flatMap(([key, value]) => valuesOf(value).map((v) => ({ key, value: v }))),
    conditions,
    resources: criteria.resources ?? [],
    notResources: criteria.notResources ?? [],
  };
}

/** Tag keys and values of a selection (tags, conditions) that hold a control character: no resource's tag does, so they match nothing (core/checks tagControlCharacter). */
function selectionControlCharacters(criteria: SelectionCriteria): Problem[] {
  const fields: [string, TagValues][] = [['tags', criteria.tags ?? {}], ...CONDITION_OPERATORS.map((operator): [string, TagValues] => [`conditions.${operator}`, criteria.conditions?.[operator] ?? {}])];
  return fields.flatMap(([field, tags]) =>
    Object.entries(tags).flatMap(([key, value]) =>
      [key, ...valuesOf(value)].flatMap((text) => {
        const control = isToken(text) ? undefined : tagControlCharacter(text);
        return control === undefined ? [] : [error(`${field}.${key}`, `${JSON.stringify(text)} ${TAG_MESSAGES.controlCharacter(control)}, so no resource's tag matches it and the selection backs nothing up by it`)];
      }),
    ),
  );
}

/**
 * Traps in selection criteria, judged by the one selection evaluator: a selection with no criteria
 * (every opted-in resource), of nothing, or one AWS refuses is an error; `"*"` without conditions
 * (every resource, as AWS's own examples choose) and an OR-widening mix of tags and resources a warning.
 * With `home`, ARNs of another Region or account (which a plan never backs up) are errors too; a field of `home` left out is unknown and not checked.
 */
export function checkSelectionCriteria(criteria: SelectionCriteria, home?: Partial<SelectionHome>): Problem[] {
  const problems: Problem[] = [];
  const resources = criteria.resources ?? [];
  const notResources = criteria.notResources ?? [];
  const tagCount = Object.values(criteria.tags ?? {}).reduce((count, value) => count + valuesOf(value).length, 0);
  const conditionCount = countConditions(criteria.conditions ?? {});
  problems.push(...checkResourceList(resources, 'resources'), ...checkResourceList(notResources, 'notResources'));
  problems.push(...checkConditionCount(conditionCount, 'conditions'));

  const known = home?.region !== undefined && home.accountId !== undefined ? { region: home.region, accountId: home.accountId } : undefined;
  const evaluation = evaluateSelection(selectionSpecOf(criteria), known);
  if (evaluation.verdict === 'refused') {
    problems.push(error('conditions', 'need tags or resources beside them: AWS Backup refuses a selection with conditions only; add resources: ["*"] to select every resource whose tags match'));
  } else if (evaluation.verdict === 'everything' && resources.length === 0 && notResources.length > 0) {
    // The provider's "Selecting Backups By Not Resource" example; AWS documents NotResources only beside Resources ("*" in its CLI examples).
    problems.push(error('notResources', 'is given without resources, tags or conditions: what AWS selects then is not documented (its API reference says only that a selection with none of them takes every opted-in resource), so what this selection backs up cannot be judged; write resources: ["*"] beside notResources, as AWS\'s example "Select all resources in my account, but exclude EBS volumes" does'));
  } else if (evaluation.verdict === 'everything' && resources.length === 0) {
    problems.push(error('', 'selects every resource opted in to AWS Backup: give tags, conditions or resources'));
  } else if (evaluation.verdict !== 'nothing' && resources.includes('*') && conditionCount === 0) {
    // AWS documents "*" alone ("Select all resources in my account") and with NotResources: a choice to make knowingly, not an error.
    problems.push(warning('resources', `"*" without conditions selects every resource opted in to AWS Backup${notResources.length > 0 ? ' but those notResources excludes' : ''}: add conditions or list ARNs to narrow it`));
  }
  problems.push(...selectionControlCharacters(criteria));
  problems.push(...checkSeveralTagKeys(criteria.tags ?? {}));
  for (const key of Object.keys(criteria.tags ?? {}).filter(isConditionKeyForm)) problems.push(warning(`tags.${key}`, conditionKeyFormMessage(key)));
  for (const [key, value] of Object.entries(criteria.tags ?? {})) {
    for (const text of valuesOf(value).filter((v) => v.includes('*'))) problems.push(warning(`tags.${key}`, exactTagValueMessage(text, `conditions: { stringLike: { ${yamlScalar(key)}: ${JSON.stringify(text)} } } with resources: ["*"]`)));
  }
  if (resources.length > 0 && tagCount > 0 && !resources.includes('*')) {
    problems.push(warning('tags', 'tags and resources are OR-ed: this selection takes every listed resource plus every tagged resource; use conditions to narrow instead'));
  }
  // The one evaluator's answer (resourceSelection reads notResources alike: wildcards exclude what they match).
  if (evaluation.verdict === 'nothing' && evaluation.reason === EXCLUDES_EVERY_LISTED) {
    problems.push(error('notResources', 'excludes every listed resource: the selection selects nothing'));
  } else if (evaluation.verdict === 'nothing' && evaluation.reason === EXCLUDES_EVERY_TYPE) {
    problems.push(error('notResources', 'excludes every resource AWS Backup protects, tagged or listed: the selection selects nothing; remove the entry, or narrow it to the ARNs to leave out'));
  } else if (evaluation.verdict === 'nothing' && evaluation.reason?.startsWith(TAGS_FAIL_CONDITIONS)) {
    // Tags are OR-ed candidates, conditions AND-ed on them: a condition every tagged candidate fails leaves none.
    problems.push(error('conditions', `${evaluation.reason.slice(TAGS_FAIL_CONDITIONS.length + 2)}: tags take resources, conditions must then hold on them, so the selection selects nothing; drop or correct the condition, or select by the tag it names`));
  }
  const contradictions = checkContradictions(criteria.conditions ?? {});
  if (contradictions.length === 0 && evaluation.verdict === 'nothing' && evaluation.reason?.startsWith(CONDITIONS_CONTRADICT)) {
    // What checkContradictions does not name itself (a pattern the required value never matches, or always does).
    problems.push(error('conditions', `${evaluation.reason.slice(CONDITIONS_CONTRADICT.length + 2)} (conditions are AND-ed): nothing matches; for either of two values, use tags (OR-ed) or one pattern`));
  }
  problems.push(...contradictions, ...checkQuestionMarks(criteria.conditions ?? {}));
  for (const [field, arns] of [['resources', resources], ['notResources', notResources]] as const) {
    arns.forEach((arn, index) => {
      // No ARN of a protected resource holds a "?": read literally, it matches nothing.
      if (arn.includes('?')) problems.push(warning(`${field}.${index}`, `"${arn}" holds "?": AWS documents only * as a wildcard in selection ARNs, so whether ? matches one character is unknown; coverage counts a resource only when both readings select it`));
    });
  }
  resources.forEach((arn, index) => {
    const unprotected = unprotectedResourceArn(arn);
    if (unprotected) problems.push((unprotected.severity === 'error' ? error : warning)(`resources.${index}`, `"${arn}" ${unprotected.message}`));
  });
  if (home) problems.push(...checkResourcesAtHome(resources, home));
  problems.push(...checkAwsKeys(criteria));
  return problems;
}

/**
 * Why a condition key of the config or the props cannot be written as meant, or undefined. It is
 * written as aws:ResourceTag/<key>, so "aws:PrincipalTag/team" would become a condition on a tag of
 * that key, one users cannot create (AWS reserves aws:): another condition key of IAM's form cannot
 * be written here, and AWS documents none for selections (only "aws:ResourceTag/<tag key>":
 * core/selection.ts). An error for the slash form (aws:PrincipalTag/team, the prefix in another
 * case), a warning for aws:<Name> (aws:RequestedRegion), which could still be a tag AWS applies; a
 * tag AWS applies (aws:cloudformation:stack-name) passes. One wording for backup and restore testing.
 */
export function awsConditionKeyProblem(key: string, path: string): Problem | undefined {
  const tag = key.startsWith('aws:ResourceTag/') ? key.slice('aws:ResourceTag/'.length) : key;
  if (!isOtherAwsConditionKey(tag) && !isConditionKeyForm(tag)) return undefined;
  const written = `"${key}" would be written as condition key "aws:ResourceTag/${tag}", on a tag key starting with "aws:", which users cannot create (AWS reserves the prefix)`;
  if (isConditionKeyForm(tag)) return error(path, `${written}; the prefix must be written "aws:ResourceTag/" exactly: write "${tag.slice('aws:ResourceTag/'.length)}"`);
  const meant = `AWS documents selection condition keys only as "aws:ResourceTag/<tag key>", not what it does with "${tag}": name a resource tag instead`;
  return tag.includes('/') ? error(path, `${written}, not IAM's condition key "${tag}": ${meant}`) : warning(path, `${written}; if it means IAM's condition key "${tag}", ${meant}`);
}

/** Condition and selection tag keys of another aws: condition key (awsConditionKeyProblem); the condition-key form of a tag has a warning of its own. */
function checkAwsKeys(criteria: SelectionCriteria): Problem[] {
  const conditionProblems = CONDITION_OPERATORS.flatMap((operator) => Object.keys(criteria.conditions?.[operator] ?? {}).flatMap((key) => awsConditionKeyProblem(key, `conditions.${operator}.${key}`) ?? []));
  const tagProblems = Object.keys(criteria.tags ?? {})
    .filter((key) => isOtherAwsConditionKey(key) && key.includes('/'))
    .map((key) => error(`tags.${key}`, `"${key}" is IAM's condition key form, not a tag key users can create (AWS reserves the aws: prefix), and AWS documents no selection by another key than a resource tag: name a resource tag instead`));
  return [...conditionProblems, ...tagProblems];
}

/** A tag key or value as YAML shows it: quoted unless it is a plain word YAML reads as that text (not true, 12, null, ...). */
const yamlScalar = (value: string): string => (/^[A-Za-z][A-Za-z0-9_./-]*$/.test(value) && !/^(true|false|yes|no|on|off|null|y|n)$/i.test(value) ? value : JSON.stringify(value));

/**
 * Selection tags are OR-ed (section 10): `tags: { Environment: Production, BackupRequired: "true" }`
 * takes every resource with either tag, where most who write two keys mean both. A warning, since
 * the OR may be meant; it shows the AND spelled as conditions (the user's own tags when each has
 * one value) together with resources "*", which is how AWS pairs conditions.
 */
function checkSeveralTagKeys(tags: TagValues): Problem[] {
  const entries = Object.entries(tags);
  if (entries.length < 2) return [];
  const single = entries.every(([, value]) => valuesOf(value).length === 1);
  const example = single ? entries : [['Environment', 'Production'], ['BackupRequired', 'true']];
  const conditions = example.map(([key, value]) => `${yamlScalar(key)}: ${yamlScalar(valuesOf(value)[0])}`).join(', ');
  return [
    warning(
      'tags',
      `selects resources with any one of the tags ${entries.map(([key]) => `"${key}"`).join(', ')} (selection tags are OR-ed); to require all of them write conditions: { stringEquals: { ${conditions} } } with resources: ["*"] instead`,
    ),
  ];
}

/** Condition values by their full aws:ResourceTag/ key, so "env" and "aws:ResourceTag/env" are one tag. */
function byConditionKey(values: TagValues = {}): Map<string, readonly string[]> {
  const result = new Map<string, readonly string[]>();
  for (const [key, value] of Object.entries(values)) result.set(conditionKey(key), [...(result.get(conditionKey(key)) ?? []), ...valuesOf(value)]);
  return result;
}

function checkContradictions(conditions: Readonly<Partial<Record<ConditionOperator, TagValues>>>): Problem[] {
  const problems: Problem[] = [];
  const notEquals = byConditionKey(conditions.stringNotEquals);
  for (const [key, value] of Object.entries(conditions.stringEquals ?? {})) {
    const values = valuesOf(value);
    if (new Set(values).size > 1) {
      problems.push(error(`conditions.stringEquals.${key}`, `requires tag "${key}" to equal ${values.map((v) => `"${v}"`).join(' and ')} at once (conditions are AND-ed): nothing matches; use tags for OR`));
    }
    const excluded = notEquals.get(conditionKey(key)) ?? [];
    const clash = values.find((v) => excluded.includes(v));
    if (clash !== undefined) {
      const notEqualsKey = Object.keys(conditions.stringNotEquals ?? {}).find((k) => conditionKey(k) === conditionKey(key));
      problems.push(error(`conditions.stringNotEquals.${notEqualsKey}`, `excludes "${clash}", which stringEquals requires: nothing matches`));
    }
  }
  return problems;
}

/**
 * AWS documents `*` as the wildcard of StringLike and StringNotLike in AWS Backup conditions
 * (Conditions API reference), not `?`: whether it matches one character, as in IAM, is unknown.
 * The coverage report counts a resource only when both readings select it (core/selection.ts).
 */
function checkQuestionMarks(conditions: Readonly<Partial<Record<ConditionOperator, TagValues>>>): Problem[] {
  return (['stringLike', 'stringNotLike'] as const).flatMap((operator) =>
    Object.entries(conditions[operator] ?? {}).flatMap(([key, value]) =>
      valuesOf(value).some((v) => v.includes('?'))
        ? [warning(`conditions.${operator}.${key}`, 'holds "?": AWS documents only * as a wildcard in AWS Backup conditions, so whether ? matches one character is unknown; coverage counts a resource only when both readings select it')]
        : [],
    ),
  );
}

function checkResourcesAtHome(resources: readonly string[], home: Partial<SelectionHome>): Problem[] {
  return resources.flatMap((arn, index) => {
    const outside = outsideHome(arn, home);
    return outside === undefined ? [] : [error(`resources.${index}`, outside)];
  });
}

/** Where a selection runs as far as is known: Region, account and partition (left out: unknown). */
type KnownHome = Partial<SelectionHome> & { readonly partition?: string };

/**
 * The props' problems: the role must be an IAM role ARN (as the config's selection role), and with
 * `account`, resources of another account, Region or partition are errors (a Terraform reference
 * in it is unknown, not checked); the construct also fills in what its AWS provider says.
 */
export function checkSelectionProps(props: BackupSelectionProps, home: KnownHome | undefined = props.account && props.allowResourcesElsewhere !== true ? literalHome(props.account) : undefined): Problem[] {
  const problems = [...checkName('selection', props.selectionName, 'selectionName'), ...(props.account ? checkAccountContext(props.account) : [])];
  // The role AWS Backup assumes for the selection's jobs: no other principal can be assumed, so nothing would be backed up.
  problems.push(...checkRoleArnProp(props.iamRoleArn, 'iamRoleArn'));
  problems.push(...checkSelectionCriteria(props, home), ...checkResourcePartitions(props.resources ?? [], home), ...checkRoleAtHome(props.iamRoleArn, home));
  return problems;
}

/** The partition a selection runs in, and the field that says so: account.partition, else its Region's. */
function homePartition(home: KnownHome | undefined): { partition: string; field: string } | undefined {
  const partition = home?.partition ?? (home?.region === undefined ? undefined : knownRegionPartition(home.region));
  if (partition === undefined || home?.region === undefined) return undefined;
  return { partition, field: home.partition === undefined ? `the partition of ${home.region}` : 'account.partition' };
}

/** ARNs of another partition than the Region's select nothing there (the config's partition rule, core/regions.ts). */
function checkResourcePartitions(resources: readonly string[], home: KnownHome | undefined): Problem[] {
  const at = homePartition(home);
  if (at === undefined) return [];
  return resources.flatMap((arn, index) => {
    const message = isToken(arn) ? undefined : arnPlacementMessage(arn, at.partition, at.field, false);
    return message === undefined ? [] : [error(`resources.${index}`, message)];
  });
}

/**
 * The role, as the config judges a selection's role: of the selection's partition (the partition
 * rule) and of its account (config/role-accounts.ts: creating the selection passes the role, which
 * IAM allows within one account only), or the selection fails to be created.
 */
function checkRoleAtHome(role: string, home: KnownHome | undefined): Problem[] {
  const at = homePartition(home);
  return checkPassedRoleAt(role, { partition: at?.partition, partitionField: at?.field, accountId: home?.accountId }, 'iamRoleArn', BACKUP_SELECTION_ROLE_USE);
}

const BACKUP_SELECTION_ROLE_USE = { subject: 'the selection', creating: 'creating a backup selection', lost: 'nothing it selects is backed up' } as const;

const literalHome = (account: AccountContext): KnownHome => ({ region: literal(account.region), accountId: literal(account.accountId), partition: literal(account.partition) });

/**
 * Where a selection runs, as far as `account` and its AWS provider say: the provider's literal
 * region and its one allowed account id fill what `account` leaves unknown. An `account.region` or
 * `account.accountId` the provider contradicts is an error: the selection (and its plan) run where the provider does.
 */
function selectionHome(scope: Construct, props: BackupSelectionProps): { home: KnownHome; problems: Problem[] } {
  const { region, accountId, allowedAccountIds } = providerPlace(scope, props.provider);
  const given = props.account ? literalHome(props.account) : {};
  const problems = given.region !== undefined && region !== undefined && given.region !== region ? [error('account.region', `is ${given.region} but the selection's AWS provider runs in ${region}: the selection and its plan run in the provider's Region`)] : [];
  // The provider refuses to run in an account its allowedAccountIds leave out: the plan runs in one of those, never in account.accountId.
  if (given.accountId !== undefined && allowedAccountIds !== undefined && !allowedAccountIds.includes(given.accountId)) {
    problems.push(error('account.accountId', `is ${given.accountId} but the selection's AWS provider runs only in ${allowedAccountIds.join(', ')} (allowedAccountIds): the selection and its plan run in the provider's account`));
  }
  return { home: { region: given.region ?? region, accountId: given.accountId ?? accountId, partition: given.partition }, problems };
}

function conditionBlocks(conditions: Readonly<Partial<Record<ConditionOperator, TagValues>>>): BackupSelectionCondition[] {
  const block: Partial<Record<ConditionOperator, { key: string; value: string }[]>> = {};
  for (const operator of CONDITION_OPERATORS) {
    const entries = [...byConditionKey(conditions[operator]).entries()].sort(([a], [b]) => compareStrings(a, b));
    const pairs = entries.flatMap(([key, values]) => [...values].sort().map((value) => ({ key, value })));
    if (pairs.length > 0) block[operator] = pairs;
  }
  return Object.keys(block).length > 0 ? [block satisfies BackupSelectionCondition] : [];
}

/** A tag-, condition- or ARN-based resource selection for a backup plan. */
export class BackupSelection extends Construct {
  readonly selection: AwsBackupSelection;

  constructor(scope: Construct, id: string, props: BackupSelectionProps) {
    super(scope, id);
    const { home, problems } = props.allowResourcesElsewhere === true ? { home: undefined, problems: [] } : selectionHome(this, props);
    reportPropsProblems(this, `BackupSelection ${this.node.path}`, [...problems, ...checkSelectionProps(props, home)]);
    const selectionTags = Object.entries(props.tags ?? {})
      .sort(([a], [b]) => compareStrings(a, b))
      .flatMap(([key, value]) => [...valuesOf(value)].sort().map((v) => ({ type: 'STRINGEQUALS', key, value: v })));
    const conditions = conditionBlocks(props.conditions ?? {});
    this.selection = new AwsBackupSelection(this, 'selection', {
      name: props.selectionName,
      planId: props.planId,
      iamRoleArn: props.iamRoleArn,
      selectionTag: selectionTags.length > 0 ? selectionTags : undefined,
      condition: conditions.length > 0 ? conditions : undefined,
      resources: props.resources && props.resources.length > 0 ? [...props.resources].sort() : undefined,
      notResources: props.notResources && props.notResources.length > 0 ? [...props.notResources].sort() : undefined,
      provider: props.provider,
    });
  }
}
