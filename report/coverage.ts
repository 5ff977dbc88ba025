/**
 * Coverage of a real inventory: which resources of the accounts and Regions the inventory lists
 * no backup plan covers, which are covered only through a resource type the Region settings opt
 * out, and which more than one plan covers. An inventory file is what either of these prints, one
 * file per account and Region or several at once:
 * - `aws resourcegroupstaggingapi get-resources` ({"ResourceTagMappingList": [{"ResourceARN",
 *   "Tags": [{"Key", "Value"}]}]}): only resources that are or once were tagged (GetResources API
 *   reference), one Region.
 * - `aws resource-explorer-2 search` or `list-resources` ({"Resources": [{"Arn", "OwningAccountId",
 *   "Region", "Properties": [{"Name": "tags", "Data": [{"Key", "Value"}]}]}]}): untagged resources
 *   too (`tag:none`). An entry without a `tags` property has unknown tags.
 * A file that says it was cut short (a search past 1,000 results, a NextToken left by --max-items)
 * is refused: what it leaves out would read as nothing to cover.
 *
 * Everything is judged by the one selection evaluator (core/selection.ts `resourceSelection`, with
 * the plan's account and Region as home), over the estate model: the stack's own plans, the plans
 * Organizations backup policies run there, and the selections of hand-written policies. A resource
 * of unknown tags counts as covered only by a selection that takes it whatever its tags. A resource
 * type is the one whose ARN shape (RESOURCE_TYPE_ARN_PATTERNS) the ARN matches; an RDS cluster ARN
 * can be Aurora, DocumentDB, Neptune or RDS (Multi-AZ), and counts as opted out only when none of them is opted in.
 * ARNs of no type AWS Backup protects are counted, not listed; those of a type AWS Backup protects
 * that this version does not know (TYPES_NOT_JUDGED: DSQL, Redshift Serverless) are listed as not judged. A selected
 * resource AWS backs up only under a condition no inventory shows (COVERAGE_PRECONDITIONS: S3
 * Versioning, ...) is "covered only if", not covered, and so is one only a negated condition
 * (stringNotEquals, stringNotLike) on a tag it lacks lets through; one two inventories list with different tags
 * is covered only if every listing's tags are selected.
 */
import { BACKUP_AVAILABILITY, backupOffersType } from '../core/regions';
import { compareStrings } from '../core/order';
import { stableJson } from '../core/stable-json';
import { coveragePreconditionOf, namesResourceType, resourceSelection, typeNotJudgedOf, TYPES_NOT_JUDGED, type ResourceSelection, type ResourceTypeName, type SelectionSpec } from '../core/selection';
import { resourceTypesOfArn } from '../core/resource-arns';
import type { EstateModel, WorkloadStackModel } from '../config/estate-model';
import { selectionSpecOfModel } from '../config/selection-specs';
import type { InventoryResource } from './inventory';

export { InventoryError, parseInventory, type InventoryHome, type InventoryResource } from './inventory';

/** A resource of a type listed in TYPES_NOT_JUDGED, or of a type AWS Backup does not offer in its Region as far as BACKUP_AVAILABILITY says (`why`). */
export interface UnjudgedResource {
  readonly arn: string;
  readonly type: string;
  /** Why it is not judged, when its type is one backup-estate knows. */
  readonly why?: string;
}


export interface CoveredResource {
  readonly arn: string;
  /** Resource types its ARN can be. */
  readonly types: readonly ResourceTypeName[];
  /** Plans covering it (`policy <key>` for a hand-written backup policy), sorted. */
  readonly plans: readonly string[];
}

/** A resource a plan selects that AWS Backup backs up only if something the inventory cannot show holds. */
export interface ConditionallyCoveredResource extends CoveredResource {
  /** What must hold (core/selection.ts COVERAGE_PRECONDITIONS). */
  readonly condition: string;
}

export interface CoverageGroup {
  readonly accountId: string;
  /** Account name (stack prefix), or the id when the estate has no stack there. */
  readonly account: string;
  readonly region: string;
  /** The workload stack of this account and Region, if the estate has one. */
  readonly stack?: string;
  /** Resources listed, and those of a type AWS Backup protects. */
  readonly listed: number;
  readonly supported: number;
  /** Those some plan surely backs up: not uncovered, not covered only through an opted-out type, not covered only if. */
  readonly covered: number;
  readonly uncovered: readonly CoveredResource[];
  readonly optedOut: readonly CoveredResource[];
  /** Selected, but backed up only if a condition the inventory cannot show holds (S3 versioning, ...). */
  readonly coveredIf: readonly ConditionallyCoveredResource[];
  /** ARNs that two inventories list with different tags: covered only if every listing's tags are selected. */
  readonly conflictingTags: readonly string[];
  readonly doubleCovered: readonly CoveredResource[];
  /** Of a type AWS Backup protects that this version does not judge (TYPES_NOT_JUDGED). */
  readonly notJudged: readonly UnjudgedResource[];
  /** Listed resources of no type AWS Backup protects, counted by service (`sns`: 3): a type AWS adds shows here, not nowhere. */
  readonly otherServices: Readonly<Record<string, number>>;
  /** Those some plan surely backs up, with the plans (the JSON lists them; the Markdown counts them). */
  readonly coveredResources: readonly CoveredResource[];
  /** Caveats: no plan runs here, Region settings not managed here. */
  readonly notes: readonly string[];
}

export interface CoverageReport {
  readonly groups: readonly CoverageGroup[];
  readonly totals: {
    readonly supported: number;
    readonly covered: number;
    readonly uncovered: number;
    readonly optedOut: number;
    readonly coveredIf: number;
    readonly doubleCovered: number;
    readonly notJudged: number;
  };
}

interface PlanSelections {
  readonly plan: string;
  readonly specs: readonly SelectionSpec[];
}

function plansOf(stack: WorkloadStackModel): PlanSelections[] {
  const own = [...stack.plans, ...(stack.policyPlans ?? [])].map((plan) => ({ plan: plan.name, specs: plan.selections.map(selectionSpecOfModel) }));
  const files = (stack.policyFileSelections ?? []).map((entry) => ({ plan: `policy ${entry.policy}`, specs: entry.selections }));
  return [...own, ...files];
}

/**
 * Whether a plan selects a resource: surely when, whichever listing's tags are the current ones,
 * one of its selections surely selects it; only if (with the conditions) when each listing is at
 * least selected only if; not otherwise.
 */
function planSelection(plan: PlanSelections, resource: JudgedResource, home: { accountId: string; region: string }): ResourceSelection {
  const readings = resource.tagReadings.map((tags): ResourceSelection => {
    const selections = plan.specs.map((spec) => resourceSelection(spec, { arn: resource.arn, ...(tags === undefined ? {} : { tags }) }, home));
    return selections.find((selection) => selection.selects === 'surely') ?? selections.find((selection) => selection.selects === 'if') ?? { selects: 'no' };
  });
  if (readings.some((reading) => reading.selects === 'no')) return { selects: 'no' };
  const conditions = [...new Set(readings.flatMap((reading) => (reading.selects === 'if' ? [reading.condition] : [])))];
  return conditions.length === 0 ? { selects: 'surely' } : { selects: 'if', condition: conditions.join('; and ') };
}

/** A resource as judged: every distinct set of tags the inventories give it (one undefined entry when none gives them). */
interface JudgedResource {
  readonly arn: string;
  readonly accountId: string;
  readonly region: string;
  readonly tagReadings: readonly (Readonly<Record<string, string>> | undefined)[];
}

/**
 * How the plans select the resource through ARNs (patterns) naming its type, which AWS backs up
 * whatever the Region's opt-in (namesResourceType: not "*", not `arn:aws:ec2:*`, not a pattern of part
 * of a type such as `arn:aws:s3:::prod*`, not a shape several types share such as an rds `cluster:`,
 * which Aurora, DocumentDB and Neptune need opted in whatever selects them): the best of the plans' answers. "If resource assignments are only based on tags,
 * then service opt-in settings are applied"; an explicitly assigned type is backed up even when not
 * opted in, except Aurora, Neptune and DocumentDB (AWS Backup, "Assigning resources to a backup
 * plan"); a service name alone leaves it to the opt-in ("Assign resources with AWS CLI"). Anything
 * less than 'surely' leaves the resource to its type's opt-in: a tag selection that surely takes it
 * beside an ARN one that takes it only if a negated condition holds without the tag is no ARN assignment.
 */
function selectionByArn(plans: readonly PlanSelections[], resource: JudgedResource, home: { accountId: string; region: string }): ResourceSelection {
  const byArn = (spec: SelectionSpec): SelectionSpec | undefined => {
    const resources = spec.resources.filter(namesResourceType);
    return resources.length === 0 ? undefined : { ...spec, tags: [], resources };
  };
  const readings = plans.flatMap((plan) => {
    const arnSpecs = plan.specs.flatMap((spec) => byArn(spec) ?? []);
    return arnSpecs.length === 0 ? [] : [planSelection({ plan: plan.plan, specs: arnSpecs }, resource, home)];
  });
  return readings.find((reading) => reading.selects === 'surely') ?? readings.find((reading) => reading.selects === 'if') ?? { selects: 'no' };
}

/** What must hold where the config does not manage Region settings and so the account's opt-ins decide. */
export function optInCondition(types: readonly ResourceTypeName[]): string {
  return `the Region's AWS Backup settings opt in ${types.join(' / ')} (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup)`;
}

/** Why a resource of a type AWS Backup offers only in some Regions is not judged in another. */
function notOfferedWhy(types: readonly string[], region: string): string {
  const type = types.join(' / ');
  const regions = types.flatMap((name) => BACKUP_AVAILABILITY.typeRegions[name] ?? []);
  return `AWS Backup documents ${type} backups only in ${regions.join(', ')}, not in ${region}: backup-estate writes no ${type} opt-in here (AWS refuses Region settings naming a type the Region does not offer), so whether a plan covers it is not checked`;
}

function coverGroup(stack: WorkloadStackModel | undefined, accountId: string, region: string, resources: readonly JudgedResource[]): CoverageGroup {
  const home = { accountId, region };
  const plans = stack ? plansOf(stack) : [];
  const optIn = stack?.regionSettings?.optIn;
  const uncovered: CoveredResource[] = [];
  const optedOut: CoveredResource[] = [];
  const coveredIf: ConditionallyCoveredResource[] = [];
  const doubleCovered: CoveredResource[] = [];
  const notJudged: UnjudgedResource[] = [];
  const otherServices: Record<string, number> = {};
  const coveredResources: CoveredResource[] = [];
  let supported = 0;
  for (const resource of [...resources].sort((a, b) => compareStrings(a.arn, b.arn))) {
    const types = resourceTypesOfArn(resource.arn);
    if (types.length === 0) {
      const unjudged = typeNotJudgedOf(resource.arn);
      if (unjudged !== undefined) notJudged.push({ arn: resource.arn, type: unjudged });
      else {
        const service = resource.arn.split(':')[2] || 'unknown';
        otherServices[service] = (otherServices[service] ?? 0) + 1;
      }
      continue;
    }
    // A type AWS Backup offers only in some Regions (DSQL), outside them: backup-estate writes no opt-in of it here, so it does not judge it.
    if (types.every((type) => !backupOffersType(type, region))) {
      notJudged.push({ arn: resource.arn, type: types.join(' / '), why: notOfferedWhy(types, region) });
      continue;
    }
    supported++;
    const judged = plans.map((plan) => ({ plan: plan.plan, selection: planSelection(plan, resource, home) }));
    const covering = [...new Set(judged.filter((entry) => entry.selection.selects === 'surely').map((entry) => entry.plan))].sort(compareStrings);
    // Selected only if AWS reads a negated condition as met without the tag: by no plan surely.
    const doubtful = covering.length > 0 ? [] : judged.filter((entry) => entry.selection.selects === 'if');
    const selecting = covering.length > 0 ? covering : [...new Set(doubtful.map((entry) => entry.plan))].sort(compareStrings);
    const entry = { arn: resource.arn, types, plans: selecting };
    const precondition = coveragePreconditionOf(resource.arn);
    const byArn = selectionByArn(plans, resource, home);
    const dependsOnOptIn = byArn.selects !== 'surely';
    const optInUnknown = optIn === undefined && selecting.length > 0 && dependsOnOptIn ? [optInCondition(types)] : [];
    // An ARN that may name several types (an rds cluster: Aurora, DocumentDB, Neptune or RDS) some of
    // which are opted out: covered only if it is one of the others.
    const optedOutTypes = optIn === undefined ? [] : types.filter((type) => !optIn.includes(type));
    const partlyOptedOut =
      optedOutTypes.length > 0 && optedOutTypes.length < types.length && selecting.length > 0 && dependsOnOptIn
        ? [`it is ${types.filter((type) => !optedOutTypes.includes(type)).join(' or ')}: the Region's settings opt ${optedOutTypes.join(', ')} out, and AWS skips a resource of an opted-out type (no job, no failure)`]
        : [];
    const conditions = [
      ...new Set(doubtful.flatMap((entry) => (entry.selection.selects === 'if' ? [entry.selection.condition] : []))),
      ...optInUnknown,
      ...partlyOptedOut,
      ...(precondition === undefined ? [] : [precondition]),
    ];
    const optedOutEntirely = optIn !== undefined && types.every((type) => !optIn.includes(type)) && dependsOnOptIn;
    if (selecting.length === 0) uncovered.push(entry);
    // Opted out, unless a plan names its type by ARN: AWS then backs it up whatever the opt-in (only if, when that selection takes it only if).
    else if (optedOutEntirely && byArn.selects === 'if') coveredIf.push({ ...entry, condition: [byArn.condition, ...(precondition === undefined ? [] : [precondition])].join('; and ') });
    else if (optedOutEntirely) optedOut.push(entry);
    else if (conditions.length > 0) coveredIf.push({ ...entry, condition: conditions.join('; and ') });
    else coveredResources.push(entry);
    if (covering.length > 1) doubleCovered.push(entry);
  }
  const notes: string[] = [];
  if (!stack) notes.push('the estate has no stack in this account and Region: no plan of this config runs here');
  else if (plans.length === 0) notes.push('no backup plan runs here');
  if (stack && plans.length > 0 && optIn === undefined) {
    notes.push(
      'Region settings are not managed by this config here (no regionSettings): what only tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select, and rds clusters and FSx file systems however they are selected, are covered only if the account\'s opt-ins include their type',
    );
  }
  return {
    accountId,
    account: stack?.rollout.account ?? accountId,
    region,
    ...(stack ? { stack: stack.name } : {}),
    listed: resources.length,
    supported,
    covered: supported - uncovered.length - optedOut.length - coveredIf.length,
    uncovered,
    optedOut,
    coveredIf,
    conflictingTags: resources.filter((resource) => resource.tagReadings.length > 1).map((resource) => resource.arn).sort(compareStrings),
    doubleCovered,
    notJudged,
    otherServices: Object.fromEntries(Object.entries(otherServices).sort(([a], [b]) => compareStrings(a, b))),
    coveredResources,
    notes,
  };
}

/**
 * One entry per ARN and home (two inventories may list a resource, get-resources and Resource
 * Explorer say), with every distinct set of tags the listings give. A bucket two files place in
 * different Regions (its ARN names none) is judged in each: keeping the first listing's home made
 * the verdict depend on the order of --inventory.
 * Listings that disagree (one of them is stale) are all kept: the resource is covered only if the
 * plans select it whichever is current.
 */
function uniqueResources(inventory: readonly InventoryResource[]): JudgedResource[] {
  const byArn = new Map<string, { first: InventoryResource; readings: Map<string, Readonly<Record<string, string>>> }>();
  for (const resource of inventory) {
    const key = `${resource.arn}\u0000${resource.accountId}\u0000${resource.region}`;
    const known = byArn.get(key) ?? { first: resource, readings: new Map() };
    if (resource.tags !== undefined) known.readings.set(stableJson(resource.tags), resource.tags);
    byArn.set(key, known);
  }
  return [...byArn.values()].map(({ first, readings }) => ({
    arn: first.arn,
    accountId: first.accountId,
    region: first.region,
    tagReadings: readings.size > 0 ? [...readings.values()] : [undefined],
  }));
}

/** Coverage of the inventory's resources by the estate's plans, per account and Region. */
export function coverageOf(model: EstateModel, inventory: readonly InventoryResource[]): CoverageReport {
  const groups = new Map<string, JudgedResource[]>();
  for (const resource of uniqueResources(inventory)) {
    const key = `${resource.accountId}\u0000${resource.region}`;
    groups.set(key, [...(groups.get(key) ?? []), resource]);
  }
  const workloads = model.stacks.filter((stack): stack is WorkloadStackModel => stack.kind === 'workload');
  const result = [...groups.entries()]
    .sort(([a], [b]) => compareStrings(a, b))
    .map(([key, resources]) => {
      const [accountId, region] = key.split('\u0000') as [string, string];
      const stack = workloads.find((candidate) => candidate.account.accountId === accountId && candidate.region === region);
      return coverGroup(stack, accountId, region, resources);
    });
  const sum = (pick: (group: CoverageGroup) => number) => result.reduce((total, group) => total + pick(group), 0);
  return {
    groups: result,
    totals: {
      supported: sum((group) => group.supported),
      covered: sum((group) => group.covered),
      uncovered: sum((group) => group.uncovered.length),
      optedOut: sum((group) => group.optedOut.length),
      coveredIf: sum((group) => group.coveredIf.length),
      doubleCovered: sum((group) => group.doubleCovered.length),
      notJudged: sum((group) => group.notJudged.length),
    },
  };
}

/** What the report and the CLI say of the resources not judged: how many, of which types, and where a Region decides it. */
export const notJudgedSentence = (report: CoverageReport): string =>
  `${report.totals.notJudged} of a type AWS Backup protects that this version does not judge${report.groups.some((group) => group.notJudged.some((resource) => resource.why !== undefined)) ? ' (in its Region)' : ''} (${notJudgedTypes(report).join(', ')}): check them by hand`;

/** The types of the resources not judged: those of TYPES_NOT_JUDGED in its order, then those AWS Backup does not offer in their Region. */
const notJudgedTypes = (report: CoverageReport): string[] => {
  const unjudged = report.groups.flatMap((group) => group.notJudged);
  const offeredElsewhere = [...new Set(unjudged.filter((resource) => resource.why !== undefined).map((resource) => resource.type))].sort(compareStrings);
  return [...Object.keys(TYPES_NOT_JUDGED).filter((type) => unjudged.some((resource) => resource.why === undefined && resource.type === type)), ...offeredElsewhere.filter((type) => !(type in TYPES_NOT_JUDGED))];
};

const cell = (text: string): string => text.replace(/\|/g, '\\|');

function resourceRows(title: string, resources: readonly CoveredResource[], why: (resource: CoveredResource) => string): string[] {
  if (resources.length === 0) return [];
  return [`**${title}** (${resources.length})`, '', '| resource | type | why |', '| --- | --- | --- |', ...resources.map((resource) => `| \`${cell(resource.arn)}\` | ${resource.types.join(' / ')} | ${cell(why(resource))} |`), ''];
}

/** The coverage as Markdown: totals (covered: some plan backs it up; opted out ones are not covered), then per account and Region what is uncovered, opted out and covered twice. */
export function coverageMarkdown(report: CoverageReport): string {
  const { totals } = report;
  const lines = [
    '## Backup coverage of the inventory',
    '',
    `**${totals.supported} resources of types AWS Backup protects · ${totals.covered} covered · ${totals.uncovered} uncovered · ${totals.optedOut} opted out · ${totals.coveredIf} covered only if · ${totals.doubleCovered} covered by more than one plan**`,
    '',
    ...(totals.coveredIf > 0
      ? [`**${totals.coveredIf} selected but backed up only if something the inventory cannot show holds (S3 Versioning, an EBS-backed instance, ...): check them**`, '']
      : []),
    ...(totals.notJudged > 0
      ? [`**${notJudgedSentence(report)}**`, '']
      : []),
    // What the numbers cannot say: a resource the inventory does not list is not judged at all.
    '> Only the resources the inventories list are judged. `aws resourcegroupstaggingapi get-resources` lists only resources that are or once were tagged: list the untagged ones with `aws resource-explorer-2 list-resources --filters FilterString=tag:none` and give that file too. A resource whose tags an inventory does not give counts as covered only by a selection that takes it whatever its tags.',
    '',
  ];
  for (const group of report.groups) {
    lines.push(`### ${group.account} · ${group.accountId} · ${group.region}`, '');
    lines.push(`${group.listed} listed, ${group.supported} of types AWS Backup protects, ${group.covered} covered${group.stack ? ` (stack \`${group.stack}\`)` : ''}.`, '');
    const others = Object.entries(group.otherServices);
    if (others.length > 0) lines.push(`Of no type AWS Backup protects (not judged): ${others.map(([service, count]) => `${service} ${count}`).join(', ')}.`, '');
    for (const note of group.notes) lines.push(`> ${note}`, '');
    if (group.conflictingTags.length > 0) {
      const listed = group.conflictingTags.map((arn) => `\`${arn}\``).join(', ');
      lines.push(`> The inventories give different tags for ${listed}: counted covered only if the plans select every listing's tags (one of them is stale).`, '');
    }
    lines.push(...resourceRows('Uncovered', group.uncovered, () => 'no selection of any plan selects it'));
    lines.push(...resourceRows('Covered only through an opted-out type', group.optedOut, (resource) => `covered by ${resource.plans.join(', ')}, but Region settings opt ${resource.types.join(' / ')} out: AWS Backup skips it`));
    lines.push(...resourceRows('Covered only if', group.coveredIf, (resource) => `selected by ${resource.plans.join(', ')}; backed up only if ${(resource as ConditionallyCoveredResource).condition}`));
    lines.push(...resourceRows('Covered by more than one plan', group.doubleCovered, (resource) => resource.plans.join(', ')));
    if (group.notJudged.length > 0) {
      lines.push(
        `**Not judged** (${group.notJudged.length})`,
        '',
        '| resource | type | why |',
        '| --- | --- | --- |',
        ...group.notJudged.map(
          (resource) =>
            `| \`${cell(resource.arn)}\` | ${resource.type} | ${cell(resource.why ?? `AWS Backup protects ${resource.type}, but backup-estate's type table does not hold it yet (its ARN shapes, Region opt-in and features): whether a plan covers it is not checked`)} |`,
        ),
        '',
      );
    }
  }
  while (lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** The coverage as JSON (2-space indent, trailing newline). */
export function coverageJson(report: CoverageReport): string {
  return `${JSON.stringify({ version: 1, ...report }, null, 2)}\n`;
}
