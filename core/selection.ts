/**
 * The one evaluator of what an AWS Backup selection covers. The config checker, the constructs,
 * the rule pack, the posture report, Region settings and coverage all ask it, so the tool never
 * says two things about one selection.
 *
 * AWS semantics (AWS Backup Developer Guide, "Assign resources with AWS CLI" and the
 * BackupSelection API reference; terraform-provider-aws issues #24235 and #49829):
 * - `Resources` (ARN patterns, `*` = zero or more characters, in any field) and `ListOfTags`
 *   (selection tags, STRINGEQUALS) are alternatives: a resource matching either is a candidate (OR).
 * - `Conditions` must all hold (AND) on the candidates. StringLike/StringNotLike take `*` anywhere
 *   (the Conditions API reference); whether `?` matches one character, as in IAM, AWS does not
 *   document, so a resource counts as selected only when both readings select it: `?` is literal
 *   in StringLike and a wildcard in StringNotLike. Likewise `*`: "Assign resources with AWS CLI"
 *   says it "represents zero or more non-whitespace characters", IAM's matches white space too, so
 *   it spans no white space in StringLike and any in StringNotLike.
 * - StringNotEquals and StringNotLike: the Conditions API reference describes them only for "your
 *   tagged resources"; whether a resource without the tag meets them, as in IAM, AWS does not
 *   confirm, so such a resource is selected only if (resourceSelection says so, with the reason).
 * - `NotResources` removes what it matches: `"*"` with NotResources is every resource but those.
 * - A selection with conditions but neither `ListOfTags` nor `Resources` is refused by
 *   CreateBackupSelection ("Invalid backup selection. Either 'ListOfTags' or 'Resources' section
 *   must be non-empty"): write `resources: ["*"]` with them. With nothing at all, the API reference
 *   says AWS Backup selects every supported and opted-in resource.
 * - Tag-based selections only reach resource types opted in with Region settings, so every type a
 *   selection can match must be opted in where it runs.
 * - A condition key is "aws:ResourceTag/<tag key>": "Include the prefix aws:ResourceTag in your
 *   tags" (CloudFormation ConditionParameter). What AWS matches a key without it against (the tag
 *   of that name, no key at all, or, for a negated operator, IAM's absent key that always meets
 *   it) AWS does not say, so such a condition (`unprefixed`) lets no resource count as selected and
 *   makes no selection read as selecting nothing. So does the prefix in another case
 *   (`aws:resourcetag/env`): IAM reads context key names in any case, AWS Backup does not say. So
 *   does another aws: key (`aws:PrincipalTag/team`, `aws:RequestedRegion`): the Conditions API
 *   reference describes only resource tags, and what AWS does with another key (refuse the
 *   selection, ignore the condition, match nothing) it does not say.
 */
import { matchesPattern, patternCovers, patternMissesField, patternsOverlap } from './arn-patterns';
import { REGION_SETTINGS_RESOURCE_TYPES, TAG_LIMITS } from './limits';
import { isToken } from './problems';
import { knownRegionPartition } from './regions';
import { conditionHolds, CONDITIONS_CONTRADICT, contradiction, tagsFailingConditions, TAGS_FAIL_CONDITIONS, type ConditionOperator, type TagCondition } from './tag-conditions';
import { sortedUnique } from './order';
import { blocks } from './terraform-json';

export type ResourceTypeName = (typeof REGION_SETTINGS_RESOURCE_TYPES)[number];

/** A selection in AWS's terms, whatever wrote it (config, construct props, synthesized JSON, a backup policy). */
export interface SelectionSpec {
  /** Selection tags (ListOfTags, STRINGEQUALS): alternatives to `resources`. */
  readonly tags: readonly { readonly key: string; readonly value: string }[];
  /** Conditions, all of which must hold. */
  readonly conditions: readonly TagCondition[];
  /** ARN patterns or "*". */
  readonly resources: readonly string[];
  readonly notResources: readonly string[];
}

/** Where the plan of a selection runs: it backs up resources of this account and Region only. */
export interface SelectionHome {
  readonly region: string;
  readonly accountId: string;
}

export type SelectionVerdict =
  /** AWS refuses to create it. */
  | 'refused'
  /** Every resource opted in to AWS Backup (a cost trap). */
  | 'everything'
  /** It can never select anything. */
  | 'nothing'
  /** Some resources. */
  | 'some';

export interface SelectionEvaluation {
  readonly verdict: SelectionVerdict;
  /** Why, for every verdict but 'some'. */
  readonly reason?: string;
  /** The resource types it can select ('every' with tags, "*" or an unknown value), each of which must be opted in. */
  readonly types: 'every' | readonly ResourceTypeName[];
  /** Of `types`, those tags, "*", an ARN of the service only (`arn:aws:ec2:*`), of a shared shape (rds `cluster:`) or of part of a type (`arn:aws:s3:::prod*`) select: their Region opt-in decides (see namesResourceType). */
  readonly typesNeedingOptIn?: readonly ResourceTypeName[];
  /** The kinds of KINDS_COPIED_APART its ARN patterns (not "*") can match: see KINDS_COPIED_APART for tags and "*". */
  readonly kinds?: readonly string[];
  /** Types its ARNs can select that `types` cannot name: of TYPES_NOT_JUDGED (DSQL, ...), or UNKNOWN_TYPE for an ARN of no type known here. A per-type answer (continuous backup, ...) has none for them. */
  readonly typesNotJudged?: readonly string[];
}

/**
 * ARN shapes of each resource type AWS Backup protects (Region settings names). `%` is any run of
 * characters within one ARN field (no colon): no protected resource's id holds a colon.
 */
export const RESOURCE_TYPE_ARN_PATTERNS: Readonly<Record<ResourceTypeName, readonly string[]>> = {
  Aurora: ['arn:%:rds:%:%:cluster:%'],
  CloudFormation: ['arn:%:cloudformation:%:%:stack/%'],
  DSQL: ['arn:%:dsql:%:%:cluster/%'],
  DocumentDB: ['arn:%:rds:%:%:cluster:%'],
  DynamoDB: ['arn:%:dynamodb:%:%:table/%'],
  EBS: ['arn:%:ec2:%:%:volume/%'],
  EC2: ['arn:%:ec2:%:%:instance/%'],
  EFS: ['arn:%:elasticfilesystem:%:%:file-system/%'],
  EKS: ['arn:%:eks:%:%:cluster/%'],
  FSx: ['arn:%:fsx:%:%:file-system/%', 'arn:%:fsx:%:%:volume/%'],
  Neptune: ['arn:%:rds:%:%:cluster:%'],
  // Multi-AZ DB clusters: "Aurora and RDS Clusters share the ARN format arn:aws:rds:::cluster:*" (AWS Backup, "Assign resources with AWS CLI").
  RDS: ['arn:%:rds:%:%:db:%', 'arn:%:rds:%:%:cluster:%'],
  Redshift: ['arn:%:redshift:%:%:cluster:%'],
  S3: ['arn:%:s3:::%'],
  'SAP HANA on Amazon EC2': ['arn:%:ssm-sap:%:%:HANA/%'],
  // Volumes of a gateway and tables of a database: AWS Backup protects those, not the gateway or database itself.
  'Storage Gateway': ['arn:%:storagegateway:%:%:gateway/%/volume/%'],
  Timestream: ['arn:%:timestream:%:%:database/%/table/%'],
  VirtualMachine: ['arn:%:backup-gateway:%:%:vm/%'],
};

/**
 * Types AWS Backup protects (the supported resource_types of AWS Organizations backup policies)
 * that the type table (RESOURCE_TYPE_ARN_PATTERNS, core/limits.ts RESOURCE_TYPES) does not hold
 * yet: coverage lists them as not judged, selections may name them. Not the provider's doing:
 * hashicorp/aws 5.100.0 takes any key in resource_type_opt_in_preference (a free map of bool).
 */
export const TYPES_NOT_JUDGED: Readonly<Record<string, readonly string[]>> = {
  'Redshift Serverless': ['arn:%:redshift-serverless:%:%:namespace/%'],
};

/**
 * What AWS Backup needs of a resource that neither its ARN nor its tags show (the AWS Backup
 * Developer Guide: supported resources, S3 backups, assigning resources). A resource of these
 * shapes that a plan selects is covered only if the condition holds: coverage says "covered if".
 */
export const COVERAGE_PRECONDITIONS: readonly { readonly shape: string; readonly condition: string }[] = [
  { shape: 'arn:%:s3:::%', condition: 'S3 Versioning is enabled on the bucket (AWS Backup for S3 requires it)' },
  { shape: 'arn:%:ec2:%:%:instance/%', condition: 'the instance is EBS-backed (AWS Backup excludes instance store-backed instances)' },
  {
    shape: 'arn:%:rds:%:%:db:%',
    condition: 'the instance is no member of an Aurora, DocumentDB or Neptune cluster (AWS Backup backs up such a cluster, by its cluster ARN, not its instances)',
  },
  // FSx CreateBackup, which AWS Backup uses: "an Amazon FSx for NetApp ONTAP volume, or an Amazon FSx
  // for OpenZFS file system"; FSx for Lustre only "A Persistent deployment type" "not linked to a
  // data repository"; ONTAP volumes only "with an OntapVolumeType of read-write (RW)" (FSx for ONTAP
  // User Guide, "Protecting your data with volume backups"). An OpenZFS volume has the same ARN shape.
  {
    shape: 'arn:%:fsx:%:%:file-system/%',
    condition:
      'the file system is not FSx for NetApp ONTAP (AWS Backup backs up ONTAP volumes: select or tag the volumes, not the file system) and not a scratch or data-repository-linked FSx for Lustre file system (FSx backs up neither)',
  },
  {
    shape: 'arn:%:fsx:%:%:volume/%',
    condition:
      'the volume is an FSx for NetApp ONTAP read-write (RW) volume: FSx backs up no OpenZFS volume (AWS Backup backs up the OpenZFS file system) and no ONTAP data protection (DP), load-sharing (LS) or FlexCache destination volume',
  },
];

/**
 * Kinds of resource of one type (its Region settings name) that AWS Backup copies unlike the rest
 * of the type, by ARN shape. FSx for ONTAP: the FSx volumes AWS Backup backs up are ONTAP volumes
 * (COVERAGE_PRECONDITIONS), and AWS Backup copies none of them to another Region or account
 * (core/regions.ts BACKUP_AVAILABILITY.noCopyKinds). A kind counts as reached through an ARN
 * pattern that can match its shape (`arn:aws:fsx:*:*:volume/*`, `arn:aws:fsx:*:*:*`); a tag or "*"
 * may take such resources too, but is not counted: every tag-selected plan with a copy would read
 * as not copied, whether or not the estate has one (README, "What AWS Backup offers where").
 */
export const KINDS_COPIED_APART: Readonly<Record<string, { readonly type: ResourceTypeName; readonly shape: string }>> = {
  'FSx for ONTAP': { type: 'FSx', shape: 'arn:%:fsx:%:%:volume/%' },
};

/** The kinds of KINDS_COPIED_APART ARN patterns can reach ("*" and unknown values aside: see KINDS_COPIED_APART). */
function kindsOfPatterns(patterns: readonly string[]): string[] {
  const named = patterns.filter((pattern) => pattern !== '*' && !isToken(pattern));
  return Object.keys(KINDS_COPIED_APART).filter((kind) => named.some((pattern) => patternsOverlap(pattern, KINDS_COPIED_APART[kind]?.shape ?? '')));
}

/** The condition AWS Backup needs of a selected resource that its ARN and tags cannot show, if any. */
export const coveragePreconditionOf = (arn: string): string | undefined => COVERAGE_PRECONDITIONS.find((entry) => patternsOverlap(arn, entry.shape))?.condition;


/** What typesNotJudged says of an ARN of no resource type backup-estate knows. */
export const UNKNOWN_TYPE = 'unknown';

/** The type of TYPES_NOT_JUDGED an ARN is, if any. */
export const typeNotJudgedOf = (arn: string): string | undefined => Object.keys(TYPES_NOT_JUDGED).find((type) => TYPES_NOT_JUDGED[type]?.some((shape) => patternsOverlap(arn, shape)));

export { matchesPattern, patternCovers, patternsOverlap };
export { CONDITIONS_CONTRADICT, TAGS_FAIL_CONDITIONS, type ConditionOperator, type TagCondition };

/** Types per pattern, remembered (bounded): every check of a config asks again of the same few patterns, and each answer walks every type's ARN shapes. */
const typesByPattern = new Map<string, readonly ResourceTypeName[]>();
const notJudgedByPattern = new Map<string, readonly string[]>();
function remembered<T>(memo: Map<string, readonly T[]>, pattern: string, compute: () => readonly T[]): T[] {
  let types = memo.get(pattern);
  if (types === undefined) {
    types = compute();
    if (memo.size >= 5_000) memo.clear();
    memo.set(pattern, types);
  }
  return [...types];
}

/** The resource types whose ARNs a pattern (or plain ARN) can match. */
export function resourceTypesOfPattern(pattern: string): ResourceTypeName[] {
  if (pattern === '*' || isToken(pattern)) return [...REGION_SETTINGS_RESOURCE_TYPES];
  return remembered(typesByPattern, pattern, () => REGION_SETTINGS_RESOURCE_TYPES.filter((type) => RESOURCE_TYPE_ARN_PATTERNS[type].some((shape) => patternsOverlap(pattern, shape))));
}

/** The types of TYPES_NOT_JUDGED an ARN pattern can match; [UNKNOWN_TYPE] when it matches no type known here at all. */
function typesNotJudgedOfPattern(pattern: string): string[] {
  return remembered(notJudgedByPattern, pattern, () => {
    const notJudged = Object.keys(TYPES_NOT_JUDGED).filter((type) => TYPES_NOT_JUDGED[type]?.some((shape) => patternsOverlap(pattern, shape)));
    return notJudged.length > 0 || resourceTypesOfPattern(pattern).length > 0 ? notJudged : [UNKNOWN_TYPE];
  });
}

/** The ARN shapes of every type AWS Backup protects, by service (`ec2`: the EBS and EC2 shapes). */
export const SHAPES_BY_SERVICE: ReadonlyMap<string, readonly string[]> = (() => {
  const byService = new Map<string, string[]>();
  for (const shape of [...Object.values(RESOURCE_TYPE_ARN_PATTERNS), ...Object.values(TYPES_NOT_JUDGED)].flat()) {
    const service = shape.split(':')[2] as string;
    byService.set(service, [...new Set([...(byService.get(service) ?? []), shape])]);
  }
  return byService;
})();

/** Every ARN shape of every type AWS Backup protects. */
const ALL_SHAPES: readonly string[] = [...SHAPES_BY_SERVICE.values()].flat();

/** The Region and account fields of an ARN pattern ('' where the service has none, as in S3). */
function fieldsOf(pattern: string): { region: string; account: string } | undefined {
  const parts = pattern.split(':');
  return parts.length >= 6 && parts[0] === 'arn' ? { region: parts[3] ?? '', account: parts[4] ?? '' } : undefined;
}

/** A Region or account field holding `*` (`eu-*`, `2222*`) with which the pattern matches no ARN of the plan's: no shape of its service (any for an unknown one) with `value` there. */
const fieldMisses = (pattern: string, field: string, index: number, value: string): boolean => field.includes('*') && patternMissesField(pattern, SHAPES_BY_SERVICE.get(pattern.split(':')[2] ?? '') ?? ['arn:%:%:%:%:*'], index, value);

/** Why an ARN pattern can never match a resource of the plan's account and Region; undefined when it can. A field of `home` left out is unknown: not checked. */
export function outsideHome(pattern: string, home: Partial<SelectionHome>): string | undefined {
  if (isToken(pattern)) return undefined;
  const fields = fieldsOf(pattern);
  if (!fields) return undefined;
  if (home.region !== undefined && fields.region !== '' && !fields.region.includes('*') && fields.region !== home.region) {
    return `is in ${fields.region} but the plan runs in ${home.region}: a plan backs up resources of its own Region only`;
  }
  if (home.region !== undefined && fields.region !== '' && fieldMisses(pattern, fields.region, 3, home.region)) {
    return `matches only Regions like ${fields.region}, not ${home.region} where the plan runs: a plan backs up resources of its own Region only`;
  }
  if (home.accountId !== undefined && fields.account !== '' && !fields.account.includes('*') && fields.account !== home.accountId) {
    return `belongs to account ${fields.account}, not ${home.accountId}: a plan backs up resources of its own account only`;
  }
  if (home.accountId !== undefined && fields.account !== '' && fieldMisses(pattern, fields.account, 4, home.accountId)) {
    return `matches only accounts like ${fields.account}, not ${home.accountId} where the plan runs: a plan backs up resources of its own account only`;
  }
  return undefined;
}

/**
 * True when notResources surely excludes every ARN `pattern` can match: a `?` in it read literally,
 * since AWS does not say it is a wildcard (resourceSelection reads it as one, which excludes more:
 * coverage counts a resource only when both readings select it).
 */
const excluded = (pattern: string, notResources: readonly string[]): boolean => notResources.some((not) => patternCovers(not, pattern, false));

/** Why a selection's notResources excludes everything its tags or resources could take. */
export const EXCLUDES_EVERY_LISTED = 'notResources excludes every listed resource';
export const EXCLUDES_EVERY_TYPE = 'notResources excludes every resource of every type AWS Backup protects';

/**
 * True when notResources excludes every resource AWS Backup protects that a plan at `home` could
 * back up: every ARN shape of every type, in home's partition, Region and account (any, unknown).
 */
function excludesEveryType(notResources: readonly string[], home: SelectionHome | undefined): boolean {
  if (notResources.length === 0) return false;
  const partition = home === undefined ? undefined : knownRegionPartition(home.region);
  return ALL_SHAPES.every((shape) => {
    const fields = shape.split(':');
    const fill = (index: number, value: string | undefined): void => {
      if (value !== undefined && fields[index] === '%') fields[index] = value;
    };
    fill(1, partition);
    fill(3, home?.region);
    fill(4, home?.accountId);
    return excluded(fields.join(':'), notResources);
  });
}


/** What a selection covers (see the file comment for AWS's semantics). `home` rules out ARNs of other Regions and accounts. */
export function evaluateSelection(spec: SelectionSpec, home?: SelectionHome): SelectionEvaluation {
  const { tags, conditions, resources, notResources } = spec;
  if (tags.length === 0 && resources.length === 0) {
    // The API reference: without tags, conditions or resources AWS Backup selects every opted-in resource.
    if (conditions.length === 0) return { verdict: 'everything', reason: 'it has no tags, conditions or resources', types: 'every' };
    return {
      verdict: 'refused',
      reason: 'conditions without tags or resources: AWS Backup refuses the selection (either tags or resources must be given)',
      types: [],
    };
  }
  // Tagged resources are of the types known here; a listed one may be of another, so each must be excluded too.
  if (tags.length > 0 && excludesEveryType(notResources, home) && resources.every((pattern) => excluded(pattern, notResources))) return { verdict: 'nothing', reason: EXCLUDES_EVERY_TYPE, types: [] };
  // A condition on a key without aws:ResourceTag/ may hold everywhere (a negated one, as IAM reads an absent key): it proves nothing empty.
  const judged = conditions.filter((condition) => condition.unprefixed !== true);
  const unreachable = contradiction(judged);
  if (unreachable) return { verdict: 'nothing', reason: `${CONDITIONS_CONTRADICT}: ${unreachable}`, types: [] };
  const untaken = resources.length === 0 ? tagsFailingConditions(tags, judged) : undefined;
  if (untaken) return { verdict: 'nothing', reason: `${TAGS_FAIL_CONDITIONS}: ${untaken}`, types: [] };
  const reachable = resources.filter((pattern) => !excluded(pattern, notResources) && (home === undefined || outsideHome(pattern, home) === undefined));
  if (tags.length === 0 && reachable.length === 0) {
    const reason = resources.every((pattern) => excluded(pattern, notResources)) ? EXCLUDES_EVERY_LISTED : "every listed resource is outside the plan's account and Region";
    return { verdict: 'nothing', reason, types: [] };
  }
  const kinds = kindsOfPatterns(reachable);
  const withKinds = kinds.length === 0 ? {} : { kinds };
  if (tags.length > 0 || reachable.some((pattern) => pattern === '*' || isToken(pattern))) {
    // "*" with notResources is every resource but those (AWS's "Select all resources in my account, but exclude EBS volumes").
    const everything = reachable.includes('*') && conditions.length === 0 && notResources.length === 0;
    return everything ? { verdict: 'everything', reason: '"*" without conditions takes every resource', types: 'every', ...withKinds } : { verdict: 'some', types: 'every', ...withKinds };
  }
  const types = sortedUnique(reachable.flatMap(resourceTypesOfPattern)) as ResourceTypeName[];
  const typesNeedingOptIn = sortedUnique(reachable.filter((pattern) => !namesResourceType(pattern)).flatMap(resourceTypesOfPattern)) as ResourceTypeName[];
  const typesNotJudged = sortedUnique(reachable.flatMap(typesNotJudgedOfPattern));
  return { verdict: 'some', types, ...(typesNeedingOptIn.length === 0 ? {} : { typesNeedingOptIn }), ...(typesNotJudged.length === 0 ? {} : { typesNotJudged }), ...withKinds };
}

/**
 * ARN shapes that several resource types share, so that an ARN of the shape does not say which type
 * it is: AWS then needs the opt-in of each ("Shared resource types": "Aurora and RDS Clusters share
 * the ARN format arn:aws:rds:::cluster:*"; "FSx and FSx for OpenZFS share the ARN format
 * arn:aws:fsx:::file-system/*. Enable the respective opt-in settings"). Shapes two types of the
 * table list are shared by construction; FSx file systems are listed under one type here.
 */
const SHARED_SHAPES: readonly string[] = [
  ...Object.values(RESOURCE_TYPE_ARN_PATTERNS)
    .flat()
    .filter((shape, index, all) => all.indexOf(shape) !== index),
  'arn:%:fsx:%:%:file-system/%',
];

/** Each type's ARN shape, split: the service, the Region and account fields ('' for an S3 bucket), the resource and its literal start ('instance/', 'db:'), and whether several types share it. */
const SHAPE_FIELDS = Object.values(RESOURCE_TYPE_ARN_PATTERNS).flat().map((shape) => {
  const [, , service, region, account, ...rest] = shape.split(':') as [string, string, string, string, string, ...string[]];
  return { service, region, account, resource: rest.join(':'), prefix: rest.join(':').split('%')[0] as string, shared: SHARED_SHAPES.includes(shape) };
});

/**
 * Whether an ARN (pattern) assigns a type explicitly, backed up "regardless of the opt-in setting" (AWS Backup, "Assign resources with AWS
 * CLI", "Selection by resource type": `arn:aws:ec2:::instance/*`): of a type's own shape (not a shared one), naming all of it (`volume/*`)
 * or one resource. Part of a type (`arn:aws:s3:::prod*`; `?` literal) AWS does not document: its opt-in decides, as for tags.
 */
export function namesResourceType(pattern: string): boolean {
  if (pattern === '*' || isToken(pattern)) return false;
  const fields = pattern.split(':');
  if (fields.length < 6) return false;
  const resource = fields.slice(5).join(':');
  // A field the shape leaves empty (an S3 bucket's Region and account) must be empty in the pattern too: arn:aws:s3:*:*:* is the service, not its buckets.
  const fits = (shapeField: string, field: string | undefined) => shapeField !== '' || field === '';
  const wholeOrOne = (shape: { readonly resource: string }) => !/[*?]/.test(resource) || patternCovers(resource, shape.resource, false);
  return SHAPE_FIELDS.some((shape) => !shape.shared && fields[2] === shape.service && fits(shape.region, fields[3]) && fits(shape.account, fields[4]) && resource.startsWith(shape.prefix) && wholeOrOne(shape));
}

/**
 * A selection tag key starting with "aws:": AWS applies some such tags itself
 * (aws:cloudformation:stack-name), but AWS Backup documents no selection by them, so the evaluator
 * credits no resource through one (a selection may still name one: validate accepts it).
 */
export const isReservedTagKey = (key: string): boolean => TAG_LIMITS.reservedPrefix.test(key);

/**
 * A selection tag key in the condition-key form, "aws:ResourceTag/<key>". AWS's own examples write
 * ListOfTags keys both ways (the CloudFormation and CLI references "aws:ResourceTag/CreatedByCryo",
 * the API reference a bare "backup") without saying they mean the same, so the checks accept it
 * with a warning, and coverage credits no resource through it (the loud side: reported uncovered).
 */
export const isConditionKeyForm = (key: string): boolean => /^aws:ResourceTag\//i.test(key);

export function conditionKeyFormMessage(key: string): string {
  return `"${key}" is in the condition-key form: AWS's examples write selection tag keys both as "aws:ResourceTag/<key>" and as the bare key without saying they select the same resources, so coverage credits no resource through it; write "${key.replace(/^aws:ResourceTag\//i, '')}"`;
}

/** A resource as an inventory lists it; `tags` undefined when the inventory does not tell them. */
export interface ListedResource {
  readonly arn: string;
  readonly tags?: Readonly<Record<string, string>>;
}

/**
 * Whether a selection selects a resource: surely, not, or only if what the ARN and tags cannot
 * confirm holds (`condition`, in words, to follow "backed up only if").
 */
export type ResourceSelection = { readonly selects: 'surely' | 'no' } | { readonly selects: 'if'; readonly condition: string };

/** The words of a ResourceSelection's condition for negated conditions on tags the resource lacks. */
export function untaggedNegationCondition(keys: readonly string[]): string {
  const named = keys.map((key) => `"${key}"`).join(', ');
  return `AWS reads stringNotEquals / stringNotLike on tag ${named} as met by a resource without that tag, as IAM does (AWS documents negated conditions only for tagged resources, and this resource lacks the tag)`;
}

/**
 * Whether the selection selects this resource (its ARN and tags). A resource whose tags are
 * unknown is selected only by what takes it whatever its tags: its ARN (or "*", or a selection of
 * everything) with no conditions. A resource that meets every condition but lacks the tag of a
 * negated one (stringNotEquals, stringNotLike) is selected only if AWS reads that as met.
 */
export function resourceSelection(spec: SelectionSpec, resource: ListedResource, home?: SelectionHome): ResourceSelection {
  const no: ResourceSelection = { selects: 'no' };
  if (evaluateSelection(spec, home).verdict === 'refused') return no;
  const { tags } = resource;
  // No tags and no resources (and so no conditions): AWS takes every opted-in resource.
  const takesAll = spec.tags.length === 0 && spec.resources.length === 0;
  const byResource = spec.resources.some((pattern) => (home === undefined || outsideHome(pattern, home) === undefined) && (pattern === '*' || matchesPattern(pattern, resource.arn)));
  const byTag = tags !== undefined && spec.tags.some((tag) => !isReservedTagKey(tag.key) && Object.hasOwn(tags, tag.key) && tags[tag.key] === tag.value);
  if (!takesAll && !byResource && !byTag) return no;
  // A ? in an ARN: literal where it would select (no protected resource's ARN holds one), a wildcard where it excludes (IAM's reading); a reference may be this ARN.
  if (spec.notResources.some((pattern) => pattern === '*' || isToken(pattern) || matchesPattern(pattern, resource.arn, true))) return no;
  if (spec.conditions.length === 0) return { selects: 'surely' };
  // A condition on a key without aws:ResourceTag/ may match no resource (see the file comment), one holding a reference any value: none is counted through it.
  if (tags === undefined || spec.conditions.some((condition) => condition.unprefixed === true || isToken(condition.key) || isToken(condition.value))) return no;
  const verdicts = spec.conditions.map((condition) => ({ condition, holds: conditionHolds(condition, tags) }));
  if (verdicts.some((verdict) => verdict.holds === 'no')) return no;
  const untagged = [...new Set(verdicts.filter((verdict) => verdict.holds === 'untagged').map((verdict) => verdict.condition.key))];
  return untagged.length === 0 ? { selects: 'surely' } : { selects: 'if', condition: untaggedNegationCondition(untagged) };
}

/** True when the selection surely selects this resource (see resourceSelection). */
export const selectsResource = (spec: SelectionSpec, resource: ListedResource, home?: SelectionHome): boolean => resourceSelection(spec, resource, home).selects === 'surely';

/** Condition operators as Terraform's aws_backup_selection and Organizations backup policies write them (snake case). */
export const SNAKE_CASE_OPERATORS: Readonly<Record<string, ConditionOperator>> = {
  string_equals: 'StringEquals',
  string_not_equals: 'StringNotEquals',
  string_like: 'StringLike',
  string_not_like: 'StringNotLike',
};

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : []);

/**
 * The aws:ResourceTag/ prefix written in another case (`aws:resourcetag/env`): IAM reads context key
 * names in any case ("Context key names are not case-sensitive", IAM JSON policy elements:
 * Condition); AWS Backup documents only "aws:ResourceTag/<tag key>" and does not say.
 */
const otherCasePrefix = (key: string): boolean => isConditionKeyForm(key) && !key.startsWith('aws:ResourceTag/');

/**
 * Another condition key of IAM's form, aws:<Name> or aws:<Name>/... (aws:PrincipalTag/team,
 * aws:RequestedRegion), not aws:ResourceTag/ in any case: no resource tag. Tags AWS applies itself
 * read aws:<service>:<name> (aws:cloudformation:stack-name): a key without the prefix, not this.
 */
export const isOtherAwsConditionKey = (key: string): boolean => /^aws:[A-Za-z]+(?:\/|$)/i.test(key) && !isConditionKeyForm(key);

/**
 * A condition key without the aws:ResourceTag/ prefix (a bare tag key such as `env` or
 * `aws:cloudformation:stack-name`), with it in another case, or another aws: key, which AWS documents no reading of
 * in a selection (see the file comment). A reference is not judged.
 */
export const isUnprefixedConditionKey = (key: string): boolean => key !== '' && !isToken(key) && !key.startsWith('aws:ResourceTag/');

/** The tag key an `unprefixed` condition key names if AWS reads it as the prefixed key: the bare key, or what follows the prefix in another case. */
export const unprefixedTagKey = (key: string): string => (otherCasePrefix(key) ? key.slice('aws:ResourceTag/'.length) : key);

/** What is wrong with an `unprefixed` condition key, in words: "has no aws:ResourceTag/ prefix", "writes the aws:ResourceTag/ prefix in another case" or "is not a resource tag key". */
export const unprefixedKeyFlaw = (key: string): string =>
  otherCasePrefix(key) ? `writes the aws:ResourceTag/ prefix in another case (${key.slice(0, 'aws:ResourceTag/'.length)})` : isOtherAwsConditionKey(key) ? NOT_A_TAG_KEY : 'has no aws:ResourceTag/ prefix';

/** unprefixedKeyFlaw of another aws: key (aws:PrincipalTag/team): no tag key to write instead. */
export const NOT_A_TAG_KEY = 'is not a resource tag key (aws:ResourceTag/<tag key>)';

/** A selection condition as Terraform or a backup policy writes it (operator, condition key, value), in the evaluator's terms: the tag key, or the key as written, marked `unprefixed`. */
export function tagConditionOf(operator: ConditionOperator, conditionKey: string, value: string): TagCondition {
  if (conditionKey.startsWith('aws:ResourceTag/')) return { operator, key: conditionKey.slice('aws:ResourceTag/'.length), value };
  return isUnprefixedConditionKey(conditionKey) ? { operator, key: conditionKey, value, unprefixed: true } : { operator, key: conditionKey, value };
}

/** Why a condition key without aws:ResourceTag/ (with it in another case, or another aws: key) is judged as it is, and the fix: one wording for the rule pack, adopt, validate-policy and the report. */
export function unprefixedConditionKeyMessage(key: string): string {
  if (isOtherAwsConditionKey(key)) {
    return `condition key "${key}" ${NOT_A_TAG_KEY}: AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it does with "${key}" (refuse the selection, ignore the condition or match no resource), so no resource is counted as selected through it; select by a resource tag instead`;
  }
  return `condition key "${key}" ${unprefixedKeyFlaw(key)}: AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "${key}" against, so no resource is counted as selected through it; write "aws:ResourceTag/${unprefixedTagKey(key)}"`;
}

/**
 * The selection an `aws_backup_selection` of synthesized Terraform JSON makes (selection_tag,
 * condition, resources, not_resources). A whole attribute that is a reference ("${...}") becomes a
 * one-item list with that token, which the evaluator treats as "could be anything".
 */
export function selectionSpecOfTerraform(attributes: Readonly<Record<string, unknown>>): SelectionSpec {
  const tags = blocks(attributes.selection_tag).flatMap((tag) =>
    typeof tag.key === 'string' && typeof tag.value === 'string' && (tag.type === undefined || String(tag.type).toUpperCase() === 'STRINGEQUALS') ? [{ key: tag.key, value: tag.value }] : [],
  );
  const conditions = blocks(attributes.condition).flatMap((condition) =>
    Object.entries(SNAKE_CASE_OPERATORS).flatMap(([field, operator]) =>
      blocks(condition[field]).flatMap((entry) => (typeof entry.key === 'string' && typeof entry.value === 'string' ? [tagConditionOf(operator, entry.key, entry.value)] : [])),
    ),
  );
  return { tags, conditions, resources: strings(attributes.resources), notResources: strings(attributes.not_resources) };
}

/** Selection tags match exactly (StringEquals): a * in one is a character like any other. One wording for config and policies. */
export function exactTagValueMessage(value: string, instead: string): string {
  return `"${value}" is matched exactly: a selection tag takes no wildcard (StringEquals), so * is a character of the value; for a pattern use ${instead}`;
}
