/** The one selection evaluator (core/selection.ts): AWS's semantics, pattern overlap, resource types. */
import { unprotectedResourceArn } from '../../core/resource-arns';
import {
  evaluateSelection,
  matchesPattern,
  patternsOverlap,
  resourceTypesOfPattern,
  selectionSpecOfTerraform,
  selectsResource,
  resourceSelection,
  namesResourceType,
  outsideHome,
  type SelectionSpec,
  unprefixedConditionKeyMessage,
} from '../../core/selection';
import { typesToOptIn, typesDependingOnOptIn, reachesOnlyContinuousTypes } from '../../core/selection-reach';
import { REGION_SETTINGS_RESOURCE_TYPES } from '../../core/limits';
import { selectionInWords } from '../../report/posture-parts';

const NONE: SelectionSpec = { tags: [], conditions: [], resources: [], notResources: [] };
const HOME = { region: 'eu-west-1', accountId: '444455556666' };
const eq = (key: string, value: string) => ({ operator: 'StringEquals' as const, key, value });

describe('patternsOverlap: some string matches both patterns', () => {
  it.each([
    ['arn:aws:ec2:eu-west-1:444455556666:*', 'arn:%:ec2:%:%:volume/%', true],
    ['arn:aws:ec2:eu-west-1:444455556666:*', 'arn:%:ec2:%:%:instance/%', true],
    ['arn:aws:ec2:eu-west-1:444455556666:*', 'arn:%:rds:%:%:db:%', false],
    ['arn:aws:ec2:*:*:volume/*', 'arn:%:ec2:%:%:volume/%', true],
    ['arn:aws:ec2:*:*:volume/*', 'arn:%:ec2:%:%:instance/%', false],
    ['arn:aws:rds:*:*:cluster:*', 'arn:%:rds:%:%:db:%', false],
    ['arn:aws:s3:::my-bucket', 'arn:%:s3:::%', true],
    ['*x', '*y', false],
    ['a*b', '*', true],
    ['abc', 'abc', true],
    ['abc', 'abd', false],
    ['', '*', true],
    ['', 'a', false],
  ])('%s ~ %s: %s', (a, b, expected) => {
    expect(patternsOverlap(a, b)).toBe(expected);
    expect(patternsOverlap(b, a)).toBe(expected);
  });
});

describe('resourceTypesOfPattern', () => {
  it('a service-level pattern reaches every type of that service (EC2 instances and EBS volumes)', () => {
    expect(resourceTypesOfPattern('arn:aws:ec2:eu-west-1:444455556666:*')).toEqual(['EBS', 'EC2']);
  });
  it('cluster:* reaches Aurora, DocumentDB, Neptune and RDS Multi-AZ DB clusters alike (one ARN shape: "Aurora and RDS Clusters share the ARN format")', () => {
    expect(resourceTypesOfPattern('arn:aws:rds:eu-west-1:444455556666:cluster:*')).toEqual(['Aurora', 'DocumentDB', 'Neptune', 'RDS']);
    expect(resourceTypesOfPattern('arn:aws:rds:eu-west-1:444455556666:cluster:orders')).toEqual(['Aurora', 'DocumentDB', 'Neptune', 'RDS']);
  });
  it('plain ARNs, wildcard Regions and accounts, S3', () => {
    expect(resourceTypesOfPattern('arn:aws:ec2:*:*:volume/*')).toEqual(['EBS']);
    expect(resourceTypesOfPattern('arn:aws:dynamodb:eu-west-1:444455556666:table/orders')).toEqual(['DynamoDB']);
    expect(resourceTypesOfPattern('arn:aws:s3:::logs-*')).toEqual(['S3']);
    expect(resourceTypesOfPattern('arn:aws:rds:*:*:*')).toEqual(['Aurora', 'DocumentDB', 'Neptune', 'RDS']);
  });
  it('"*" and references reach every type', () => {
    expect(resourceTypesOfPattern('*')).toEqual([...REGION_SETTINGS_RESOURCE_TYPES]);
    expect(resourceTypesOfPattern('${aws_dynamodb_table.t.arn}')).toEqual([...REGION_SETTINGS_RESOURCE_TYPES]);
  });
});

describe('evaluateSelection', () => {
  it('tags alone: some resources, of every type (tag selections need every type opted in)', () => {
    expect(evaluateSelection({ ...NONE, tags: [{ key: 'backup', value: 'gold' }] })).toEqual({ verdict: 'some', types: 'every' });
  });
  it('nothing at all: every opted-in resource (the API reference)', () => {
    expect(evaluateSelection(NONE)).toEqual({ verdict: 'everything', reason: 'it has no tags, conditions or resources', types: 'every' });
    expect(evaluateSelection({ ...NONE, notResources: ['arn:aws:ec2:*:*:volume/*'] }).verdict).toBe('everything');
  });
  it('conditions alone: refused by AWS ("Either ListOfTags or Resources must be non-empty")', () => {
    expect(evaluateSelection({ ...NONE, conditions: [eq('backup', 'gold')] })).toEqual({
      verdict: 'refused',
      reason: 'conditions without tags or resources: AWS Backup refuses the selection (either tags or resources must be given)',
      types: [],
    });
  });
  it('"*" without conditions: everything; with conditions: some, of every type', () => {
    expect(evaluateSelection({ ...NONE, resources: ['*'] }).verdict).toBe('everything');
    expect(evaluateSelection({ ...NONE, resources: ['*'], tags: [{ key: 'a', value: 'b' }] }).verdict).toBe('everything');
    expect(evaluateSelection({ ...NONE, resources: ['*'], conditions: [eq('backup', 'gold')] })).toEqual({ verdict: 'some', types: 'every' });
  });
  it('ARN patterns: the types they reach', () => {
    // An ARN of the service only reaches its types through their opt-in ("Selection by service name"); one naming the type does not.
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:eu-west-1:444455556666:*'] }, HOME)).toEqual({ verdict: 'some', types: ['EBS', 'EC2'], typesNeedingOptIn: ['EBS', 'EC2'] });
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:*:*:instance/*', 'arn:aws:s3:::*'] }, HOME)).toEqual({ verdict: 'some', types: ['EC2', 'S3'] });
  });
  it('namesResourceType: an ARN naming the type (AWS: "Selection by resource type") or the service only ("by service name")', () => {
    for (const pattern of ['arn:aws:ec2:*:*:instance/*', 'arn:aws:ec2:*:*:volume/*', 'arn:aws:rds:*:*:db:*', 'arn:aws:s3:::*', 'arn:aws:s3:::audit-logs', 'arn:aws:dynamodb:eu-west-1:444455556666:table/t']) {
      expect([pattern, namesResourceType(pattern)]).toEqual([pattern, true]);
    }
    // Shapes several types share ("Shared resource types": rds clusters, FSx file systems) need the opt-in however they are named; arn:aws:s3:*:*:* is the service, not its buckets.
    for (const pattern of ['*', 'arn:aws:ec2:*', 'arn:aws:ec2:*:*:*', 'arn:aws:ec2:eu-west-1:444455556666:*', 'arn:aws:*:*:*:instance/*', 'arn:aws:rds:*:*:cluster:*', 'arn:aws:fsx:eu-west-1:444455556666:file-system/fs-1', 'arn:aws:s3:*:*:*']) {
      expect([pattern, namesResourceType(pattern)]).toEqual([pattern, false]);
    }
  });
  it('namesResourceType: a pattern naming part of a type is no "Selection by resource type" (AWS documents the whole type, arn:aws:ec2:::instance/*)', () => {
    for (const pattern of ['arn:aws:timestream:*:*:database/*', 'arn:aws:timestream:*:*:database/*/table/*', 'arn:aws:ec2:eu-*:*:volume/*', 'arn:aws:rds:eu-west-1:444455556666:db:*']) {
      expect([pattern, namesResourceType(pattern)]).toEqual([pattern, true]);
    }
    for (const pattern of ['arn:aws:s3:::prod*', 'arn:aws:ec2:*:*:volume/vol-0a*', 'arn:aws:ec2:*:*:volume/?*', 'arn:aws:timestream:*:*:database/ledger/table/*', 'arn:aws:dynamodb:*:*:table/orders-?']) {
      expect([pattern, namesResourceType(pattern)]).toEqual([pattern, false]);
    }
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:s3:::prod*', 'arn:aws:ec2:*:*:instance/*'] }, HOME)).toEqual({ verdict: 'some', types: ['EC2', 'S3'], typesNeedingOptIn: ['S3'] });
  });
  it('nothing: contradictions, every resource excluded, every resource elsewhere', () => {
    expect(evaluateSelection({ ...NONE, resources: ['*'], conditions: [eq('env', 'a'), eq('env', 'b')] }).reason).toBe('its conditions contradict each other: tag "env" must equal "a" and "b" at once');
    expect(evaluateSelection({ ...NONE, resources: ['*'], conditions: [eq('env', 'a'), { operator: 'StringNotEquals', key: 'env', value: 'a' }] }).reason).toBe(
      'its conditions contradict each other: tag "env" must and must not equal "a"',
    );
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:eu-west-1:444455556666:volume/v'], notResources: ['arn:aws:ec2:eu-west-1:444455556666:volume/v'] }).reason).toBe('notResources excludes every listed resource');
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:us-east-1:444455556666:volume/v'] }, HOME)).toEqual({ verdict: 'nothing', reason: "every listed resource is outside the plan's account and Region", types: [] });
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/*'] }, HOME).verdict).toBe('some');
  });
  it('a Region or account field with a wildcard that cannot match the plan\'s selects nothing there either (AWS backs up nothing, silently)', () => {
    expect(outsideHome('arn:aws:ec2:us-*:*:volume/*', HOME)).toBe('matches only Regions like us-*, not eu-west-1 where the plan runs: a plan backs up resources of its own Region only');
    expect(outsideHome('arn:aws:dynamodb:*:1111*:table/*', HOME)).toBe('matches only accounts like 1111*, not 444455556666 where the plan runs: a plan backs up resources of its own account only');
    expect(evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:us-*:*:volume/*', 'arn:aws:rds:*:*5:db:*'] }, HOME)).toEqual({ verdict: 'nothing', reason: "every listed resource is outside the plan's account and Region", types: [] });
    // A * that may span colons, a ? read as IAM reads it, an unknown service: outside only when no reading can match.
    for (const pattern of ['arn:aws:ec2:eu-*:*:volume/*', 'arn:aws:ec2:*west*:4444*:volume/*', 'arn:aws:rds:*:*:db:*', 'arn:aws:ec2:??-*:*:volume/*', 'arn:aws:ec2:*:*:*', 'arn:aws:s3:::*', 'arn:aws:s3:us-*:*:*', 'arn:aws:*:*:*:*', 'arn:aws:foo:eu*:*:bar/*']) {
      expect([pattern, outsideHome(pattern, HOME)]).toEqual([pattern, undefined]);
    }
    expect(outsideHome('arn:aws:foo:us*:*:bar/*', HOME)).toBe('matches only Regions like us*, not eu-west-1 where the plan runs: a plan backs up resources of its own Region only');
  });
  it('typesToOptIn: every type once one selection reaches every type; otherwise the union, in settings order', () => {
    const ec2 = evaluateSelection({ ...NONE, resources: ['arn:aws:ec2:eu-west-1:444455556666:*'] });
    const db = evaluateSelection({ ...NONE, resources: ['arn:aws:rds:eu-west-1:444455556666:db:x'] });
    expect(typesToOptIn([ec2, db])).toEqual(['EBS', 'EC2', 'RDS']);
    expect(typesToOptIn([ec2, evaluateSelection({ ...NONE, tags: [{ key: 'b', value: 'c' }] })])).toEqual([...REGION_SETTINGS_RESOURCE_TYPES]);
  });
});

describe('selectsResource: tags OR resources, conditions AND, minus notResources', () => {
  const volume = { arn: 'arn:aws:ec2:eu-west-1:444455556666:volume/vol-1', tags: { Environment: 'Production' } };
  const table = { arn: 'arn:aws:dynamodb:eu-west-1:444455556666:table/t', tags: { BackupRequired: 'true' } };
  it('several selection tags are an OR', () => {
    const spec = { ...NONE, tags: [{ key: 'Environment', value: 'Production' }, { key: 'BackupRequired', value: 'true' }] };
    expect(selectsResource(spec, volume)).toBe(true);
    expect(selectsResource(spec, table)).toBe(true);
  });
  it('conditions are an AND; a negated condition on a tag the resource lacks selects it only if AWS reads it as IAM does', () => {
    const spec = { ...NONE, resources: ['*'], conditions: [eq('Environment', 'Production'), { operator: 'StringNotEquals' as const, key: 'skip', value: 'yes' }] };
    // AWS documents StringNotEquals and StringNotLike only for "your tagged resources".
    expect(selectsResource(spec, volume)).toBe(false);
    expect(resourceSelection(spec, volume)).toEqual({
      selects: 'if',
      condition:
        'AWS reads stringNotEquals / stringNotLike on tag "skip" as met by a resource without that tag, as IAM does (AWS documents negated conditions only for tagged resources, and this resource lacks the tag)',
    });
    expect(resourceSelection(spec, { ...volume, tags: { ...volume.tags, skip: 'no' } })).toEqual({ selects: 'surely' });
    expect(resourceSelection(spec, { ...volume, tags: { ...volume.tags, skip: 'yes' } })).toEqual({ selects: 'no' });
    expect(resourceSelection(spec, table)).toEqual({ selects: 'no' });
    const notLike = { ...NONE, resources: ['*'], conditions: [{ operator: 'StringNotLike' as const, key: 'skip', value: 'y*' }] };
    expect(resourceSelection(notLike, volume)).toMatchObject({ selects: 'if' });
  });
  it('StringLike and StringNotLike take *; a ? selects only if both readings (literal, one character) do', () => {
    const like = (operator: 'StringLike' | 'StringNotLike', value: string, resource: { arn: string; tags: Record<string, string> } = volume) =>
      selectsResource({ ...NONE, resources: ['*'], conditions: [{ operator, key: 'Environment', value }] }, resource);
    expect(like('StringLike', 'Prod*')).toBe(true);
    expect(like('StringNotLike', 'Prod*')).toBe(false);
    // AWS documents * only: "?roduction" may or may not match "Production", so it does not surely select it ...
    expect(like('StringLike', '?roduction')).toBe(false);
    expect(like('StringLike', '?roduction', { ...volume, tags: { Environment: '?roduction' } })).toBe(true);
    // ... and a StringNotLike "?roduction" may exclude it.
    expect(like('StringNotLike', '?roduction')).toBe(false);
    expect(like('StringNotLike', '?roduction', { ...volume, tags: { Environment: 'Staging' } })).toBe(true);
  });
  it('a * selects across white space only if both readings do (AWS: "zero or more non-whitespace characters"; IAM: any)', () => {
    const like = (operator: 'StringLike' | 'StringNotLike', value: string, tag: string) =>
      selectsResource({ ...NONE, resources: ['*'], conditions: [{ operator, key: 'team', value }] }, { arn: volume.arn, tags: { team: tag } });
    expect(like('StringLike', 'Data*', 'DataPlatform')).toBe(true);
    // "Data*" matches "Data Platform" only if * spans the space, which AWS's page denies.
    expect(like('StringLike', 'Data*', 'Data Platform')).toBe(false);
    expect(like('StringLike', 'Data *', 'Data Platform')).toBe(true);
    // ... and a StringNotLike "dev*" may exclude "dev box", as IAM would.
    expect(like('StringNotLike', 'dev*', 'dev box')).toBe(false);
    expect(like('StringNotLike', 'dev*', 'prod box')).toBe(true);
    expect(matchesPattern('a*', 'a b', false, false)).toBe(false);
    expect(matchesPattern('a*', 'a b')).toBe(true);
  });
  it('a resource of unknown tags is selected only by what takes it whatever its tags', () => {
    const untold = { arn: volume.arn };
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/*'] }, untold)).toBe(true);
    expect(selectsResource({ ...NONE, tags: [{ key: 'Environment', value: 'Production' }] }, untold)).toBe(false);
    expect(selectsResource({ ...NONE, resources: ['*'], conditions: [{ operator: 'StringNotEquals', key: 'skip', value: 'yes' }] }, untold)).toBe(false);
  });
  it('wildcard ARNs, notResources, home', () => {
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/*'] }, volume, HOME)).toBe(true);
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/*'], notResources: ['arn:aws:ec2:*:*:volume/vol-1'] }, volume)).toBe(false);
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:us-east-1:*:volume/*'] }, volume, HOME)).toBe(false);
  });
  it('a reference in notResources or a condition (a construct\'s token, a Terraform expression) may exclude the resource: not surely selected', () => {
    const vol = { arn: 'arn:aws:ec2:eu-west-1:444455556666:volume/v', tags: { env: 'dev' } };
    expect(resourceSelection({ ...NONE, resources: ['*'], notResources: ['${aws_ebs_volume.v.arn}'] }, vol, HOME)).toEqual({ selects: 'no' });
    expect(resourceSelection({ ...NONE, resources: ['*'], conditions: [{ operator: 'StringNotEquals', key: 'env', value: '${var.env}' }] }, vol, HOME)).toEqual({ selects: 'no' });
    expect(resourceSelection({ ...NONE, resources: ['*'], conditions: [{ operator: 'StringNotLike', key: 'env', value: '${var.env}' }] }, vol, HOME)).toEqual({ selects: 'no' });
    expect(resourceSelection({ ...NONE, resources: ['*'], conditions: [{ operator: 'StringNotEquals', key: 'env', value: 'prod' }] }, vol, HOME)).toEqual({ selects: 'surely' });
  });
  it('a ? in an ARN selects only if both readings do: literal in resources, one character in notResources', () => {
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/vol-?'] }, volume)).toBe(false);
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/*'], notResources: ['arn:aws:ec2:*:*:volume/vol-?'] }, volume)).toBe(false);
    expect(selectsResource({ ...NONE, resources: ['arn:aws:ec2:*:*:volume/*'], notResources: ['arn:aws:ec2:*:*:volume/vol-??'] }, volume)).toBe(true);
  });
  it('conditions alone select nothing (refused); nothing at all selects everything', () => {
    expect(selectsResource({ ...NONE, conditions: [eq('Environment', 'Production')] }, volume)).toBe(false);
    expect(selectsResource(NONE, volume)).toBe(true);
  });
  it('matchesPattern escapes regular expression characters', () => {
    expect(matchesPattern('arn:aws:s3:::a.b', 'arn:aws:s3:::aXb')).toBe(false);
    expect(matchesPattern('a?', 'ab')).toBe(false);
    expect(matchesPattern('a?', 'ab', true)).toBe(true);
  });
});

describe('selectionSpecOfTerraform', () => {
  it('reads selection_tag, condition blocks (aws:ResourceTag/ keys), resources and not_resources', () => {
    expect(
      selectionSpecOfTerraform({
        selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'gold' }],
        condition: [{ string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], string_not_like: [{ key: 'aws:ResourceTag/tmp', value: '*' }] }],
        resources: ['*'],
        not_resources: ['arn:aws:ec2:*:*:volume/*'],
      }),
    ).toEqual({
      tags: [{ key: 'backup', value: 'gold' }],
      conditions: [
        { operator: 'StringEquals', key: 'env', value: 'prod' },
        { operator: 'StringNotLike', key: 'tmp', value: '*' },
      ],
      resources: ['*'],
      notResources: ['arn:aws:ec2:*:*:volume/*'],
    });
  });
});

/*
 * A condition key without aws:ResourceTag/ ("env"): AWS documents only the prefixed form ("Include the
 * prefix aws:ResourceTag in your tags", CloudFormation ConditionParameter) and not what it matches a
 * bare key against, so no resource counts as selected through it, and it proves no selection empty.
 */
describe('a condition key without aws:ResourceTag/', () => {
  const bare = (field: string, key: string, value: string) => ({ [field]: [{ key, value }] });
  const PROD_TABLE = { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', tags: { env: 'prod' } };

  it('is read as written and marked unprefixed; a prefixed one or a reference is not', () => {
    expect(selectionSpecOfTerraform({ resources: ['*'], condition: [{ ...bare('string_equals', 'env', 'prod'), ...bare('string_like', '${var.key}', 'x*') }] }).conditions).toEqual([
      { operator: 'StringEquals', key: 'env', value: 'prod', unprefixed: true },
      { operator: 'StringLike', key: '${var.key}', value: 'x*' },
    ]);
  });

  it('credits no resource, even one whose tag the key names', () => {
    const spec = selectionSpecOfTerraform({ resources: ['*'], condition: [bare('string_equals', 'env', 'prod')] });
    expect(resourceSelection(spec, PROD_TABLE)).toEqual({ selects: 'no' });
    expect(resourceSelection(selectionSpecOfTerraform({ resources: ['*'], condition: [bare('string_equals', 'aws:ResourceTag/env', 'prod')] }), PROD_TABLE)).toEqual({ selects: 'surely' });
    expect(evaluateSelection(spec)).toEqual({ verdict: 'some', types: 'every' });
  });

  it('makes no selection read as selecting nothing: a negated one may hold on every resource, as IAM reads an absent key', () => {
    const negated = selectionSpecOfTerraform({ resources: ['*'], condition: [{ ...bare('string_equals', 'aws:ResourceTag/env', 'prod'), ...bare('string_not_equals', 'env', 'prod') }] });
    expect(evaluateSelection(negated)).toEqual({ verdict: 'some', types: 'every' });
    const tagged = selectionSpecOfTerraform({ selection_tag: [{ type: 'STRINGEQUALS', key: 'env', value: 'prod' }], condition: [bare('string_not_equals', 'env', 'prod')] });
    expect(evaluateSelection(tagged)).toEqual({ verdict: 'some', types: 'every' });
    // The same with the prefix: nothing, surely.
    expect(evaluateSelection(selectionSpecOfTerraform({ resources: ['*'], condition: [{ ...bare('string_equals', 'aws:ResourceTag/env', 'prod'), ...bare('string_not_equals', 'aws:ResourceTag/env', 'prod') }] })).verdict).toBe('nothing');
  });

  it('reads the prefix in another case (aws:resourcetag/env) the same way: IAM reads key names in any case, AWS Backup does not say', () => {
    const DEV_TABLE = { arn: PROD_TABLE.arn, tags: { env: 'dev' } };
    for (const key of ['aws:resourcetag/env', 'AWS:ResourceTag/env']) {
      const negated = selectionSpecOfTerraform({ resources: ['*'], condition: [bare('string_not_equals', key, 'dev')] });
      expect(negated.conditions).toEqual([{ operator: 'StringNotEquals', key, value: 'dev', unprefixed: true }]);
      // It was read as a tag named "aws:resourcetag/env", which env=dev lacks: covered "only if" AWS met the negated condition on a missing tag.
      expect(resourceSelection(negated, DEV_TABLE)).toEqual({ selects: 'no' });
      expect(resourceSelection(selectionSpecOfTerraform({ resources: ['*'], condition: [bare('string_equals', key, 'prod')] }), PROD_TABLE)).toEqual({ selects: 'no' });
    }
    expect(unprefixedConditionKeyMessage('aws:resourcetag/env')).toBe(
      'condition key "aws:resourcetag/env" writes the aws:ResourceTag/ prefix in another case (aws:resourcetag/): AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "aws:resourcetag/env" against, so no resource is counted as selected through it; write "aws:ResourceTag/env"',
    );
    const spec = selectionSpecOfTerraform({ resources: ['*'], condition: [bare('string_equals', 'aws:resourcetag/env', 'prod')] });
    expect(selectionInWords({ tags: [], conditions: [...spec.conditions], resources: ['*'], notResources: [] })).toBe(
      'every resource whose tags match aws:resourcetag/env = prod (condition key with aws:ResourceTag/ in another case: it may match no resource; write aws:ResourceTag/env)',
    );
  });

  it('says so in the report\'s words, with the key to write', () => {
    const spec = selectionSpecOfTerraform({ resources: ['*'], condition: [bare('string_equals', 'env', 'prod')] });
    expect(selectionInWords({ tags: [], conditions: [...spec.conditions], resources: ['*'], notResources: [] })).toBe(
      'every resource whose tags match env = prod (condition key without aws:ResourceTag/: it may match no resource; write aws:ResourceTag/env)',
    );
  });
});

/*
 * Another aws: condition key (aws:PrincipalTag/team, aws:RequestedRegion): the Conditions API reference
 * describes resource tags only, and what AWS does with another key it does not say. It was read as a
 * tag of that literal name: a negated condition made a resource covered "only if" AWS met it on a
 * missing tag, and two values of one such key read as a contradiction (selects nothing).
 */
describe('another aws: condition key than aws:ResourceTag/', () => {
  const PROD_TABLE = { arn: 'arn:aws:dynamodb:eu-west-1:111122223333:table/orders', tags: { env: 'prod' } };
  const spec = (field: string, key: string, value = 'ops') =>
    selectionSpecOfTerraform({ resources: ['*'], condition: [{ string_equals: [{ key: 'aws:ResourceTag/env', value: 'prod' }], ...(field === 'string_equals' ? {} : { [field]: [{ key, value }] }) }, ...(field === 'string_equals' ? [{ string_equals: [{ key, value }] }] : [])] });

  it('is marked unprefixed, as a bare key is; a tag AWS applies without the prefix too', () => {
    expect(spec('string_not_equals', 'aws:PrincipalTag/team').conditions).toEqual([
      { operator: 'StringEquals', key: 'env', value: 'prod' },
      { operator: 'StringNotEquals', key: 'aws:PrincipalTag/team', value: 'ops', unprefixed: true },
    ]);
    expect(spec('string_equals', 'aws:cloudformation:stack-name').conditions[1]).toEqual({ operator: 'StringEquals', key: 'aws:cloudformation:stack-name', value: 'ops', unprefixed: true });
  });

  it('credits no resource, negated or not (it was covered "only if" under a negated one)', () => {
    for (const field of ['string_equals', 'string_not_equals', 'string_not_like']) {
      for (const key of ['aws:PrincipalTag/team', 'aws:RequestedRegion']) expect(resourceSelection(spec(field, key), PROD_TABLE)).toEqual({ selects: 'no' });
    }
  });

  it('proves no selection empty: two values of one such key are no contradiction AWS documents', () => {
    const two = selectionSpecOfTerraform({ resources: ['*'], condition: [{ string_equals: [{ key: 'aws:PrincipalTag/team', value: 'a' }, { key: 'aws:PrincipalTag/team', value: 'b' }] }] });
    expect(evaluateSelection(two)).toEqual({ verdict: 'some', types: 'every' });
  });

  it('says what AWS documents, in the rule pack\'s and the report\'s words', () => {
    expect(unprefixedConditionKeyMessage('aws:PrincipalTag/team')).toBe(
      'condition key "aws:PrincipalTag/team" is not a resource tag key (aws:ResourceTag/<tag key>): AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it does with "aws:PrincipalTag/team" (refuse the selection, ignore the condition or match no resource), so no resource is counted as selected through it; select by a resource tag instead',
    );
    expect(unprefixedConditionKeyMessage('aws:cloudformation:stack-name')).toBe(
      'condition key "aws:cloudformation:stack-name" has no aws:ResourceTag/ prefix: AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "aws:cloudformation:stack-name" against, so no resource is counted as selected through it; write "aws:ResourceTag/aws:cloudformation:stack-name"',
    );
    const negated = spec('string_not_equals', 'aws:PrincipalTag/team');
    expect(selectionInWords({ tags: [], conditions: [...negated.conditions], resources: ['*'], notResources: [] })).toBe(
      'every resource whose tags match env = prod and aws:PrincipalTag/team != ops (condition key not a resource tag: it may match no resource; AWS does not say what it does with it)',
    );
  });
});

describe('unprotectedResourceArn', () => {
  it('passes what may select a protected resource: "*", tokens, wildcard services, every known shape, EKS', () => {
    for (const arn of ['*', '${aws_ebs_volume.v.arn}', 'arn:aws:*:*:*:*', 'arn:aws:ec2:*:*:volume/*', 'arn:aws:ec2:eu-west-1:111122223333:instance/i-1', 'arn:aws:s3:::bucket', 'arn:aws:eks:eu-west-1:111122223333:cluster/payments', 'arn:aws:dsql:eu-west-1:111122223333:cluster/abc', 'arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/0f1e']) {
      expect(unprotectedResourceArn(arn)).toBeUndefined();
    }
  });
  it('refuses a known service with no protected shape, and warns about an unknown service', () => {
    expect(unprotectedResourceArn('arn:aws:dynamodb:eu-west-1:111122223333:backup/01')?.severity).toBe('error');
    expect(unprotectedResourceArn('arn:aws:s3:::audit-logs/*')).toEqual({
      severity: 'error',
      message: 'names S3 objects (a path after the bucket), so it selects nothing: AWS Backup protects whole buckets, arn:aws:s3:::BUCKET',
    });
    expect(unprotectedResourceArn('arn:aws:s3:::audit-*')).toBeUndefined();
    expect(unprotectedResourceArn('arn:aws:lambda:eu-west-1:111122223333:function:f')?.severity).toBe('warning');
  });
});

describe('typesDependingOnOptIn', () => {
  const spec = (fields: Partial<SelectionSpec>): SelectionSpec => ({ tags: [], conditions: [], resources: [], notResources: [], ...fields });
  it('is every type for a tag selection, the types of a shared shape (rds clusters, FSx file systems) for listed ARNs, none for other listed ARNs', () => {
    expect(typesDependingOnOptIn([evaluateSelection(spec({ tags: [{ key: 'backup', value: 'gold' }] }))])).toHaveLength(REGION_SETTINGS_RESOURCE_TYPES.length);
    expect(typesDependingOnOptIn([evaluateSelection(spec({ resources: ['arn:aws:rds:eu-west-1:111122223333:cluster:ledger'] }))])).toEqual(['Aurora', 'DocumentDB', 'Neptune', 'RDS']);
    expect(typesDependingOnOptIn([evaluateSelection(spec({ resources: ['arn:aws:fsx:eu-west-1:111122223333:file-system/fs-0abc'] }))])).toEqual(['FSx']);
    expect(typesDependingOnOptIn([evaluateSelection(spec({ resources: ['arn:aws:fsx:eu-west-1:111122223333:volume/fsvol-0abc', 'arn:aws:s3:::logs'] }))])).toEqual([]);
    expect(typesDependingOnOptIn([evaluateSelection(spec({ resources: ['arn:aws:ec2:eu-west-1:111122223333:instance/i-0abc'] }))])).toEqual([]);
  });
});

describe('reachesOnlyContinuousTypes', () => {
  const spec = (resources: string[]): SelectionSpec => ({ tags: [], conditions: [], resources, notResources: [] });
  it('is true only when every type reached has continuous backup: EKS has none, and an ARN of a type the table does not hold (DSQL) or of no known type is not proof', () => {
    expect(reachesOnlyContinuousTypes([spec(['arn:aws:rds:eu-west-1:111122223333:db:orders', 'arn:aws:s3:::logs'])])).toBe(true);
    // EKS is in the table, without continuous backup: its cluster gets snapshots only.
    expect(reachesOnlyContinuousTypes([spec(['arn:aws:eks:eu-west-1:111122223333:cluster/prod'])])).toBe(false);
    expect(reachesOnlyContinuousTypes([spec(['arn:aws:rds:eu-west-1:111122223333:db:orders']), spec(['arn:aws:dsql:eu-west-1:111122223333:cluster/abc'])])).toBe(false);
    expect(reachesOnlyContinuousTypes([spec(['arn:aws:memorydb:eu-west-1:111122223333:cluster/cache'])])).toBe(false);
  });

  it('says which types outside the table a selection reaches', () => {
    expect(evaluateSelection(spec(['arn:aws:redshift-serverless:eu-west-1:111122223333:namespace/abc', 'arn:aws:memorydb:eu-west-1:111122223333:cluster/cache'])).typesNotJudged).toEqual(['Redshift Serverless', 'unknown']);
    // DSQL is a type of the table now: named among the types.
    expect(evaluateSelection(spec(['arn:aws:dsql:eu-west-1:111122223333:cluster/abc']))).toEqual({ verdict: 'some', types: ['DSQL'] });
    // EKS is a type of the table (GetSupportedResourceTypes): named among the types, not as not judged.
    expect(evaluateSelection(spec(['arn:aws:eks:eu-west-1:111122223333:cluster/prod']))).toEqual({ verdict: 'some', types: ['EKS'] });
    expect(evaluateSelection(spec(['arn:aws:rds:eu-west-1:111122223333:db:orders'])).typesNotJudged).toBeUndefined();
  });
});
