import { TerraformStack, Testing } from 'cdktf';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { BackupSelection as AwsBackupSelection } from '@cdktf/provider-aws/lib/backup-selection';
import { BackupSelection, BackupSelectionProps, checkSelectionCriteria, checkSelectionProps, SelectionCriteria, Selections } from '../../modules/backup-selection';
import { evaluateSelection } from '../../core/selection';
import { BackupPlan } from '../../modules/backup-plan';
import { BackupServiceRole } from '../../modules/service-role';
import { ValidationError } from '../../core/problems';
import { ACCOUNT, BACKUP_ROLE, expectValidationError, onlyResource, stackWithProviders, synth } from './helpers';
import { configWith, findings } from '../support/configs';

const base = { selectionName: 'tagged', planId: 'plan-1234', iamRoleArn: BACKUP_ROLE };
const EVERYTHING = 'selects every resource opted in to AWS Backup: give tags, conditions or resources';
const STAR_WITHOUT_CONDITIONS = '"*" without conditions selects every resource opted in to AWS Backup: add conditions or list ARNs to narrow it';
const OR_WARNING = 'tags and resources are OR-ed: this selection takes every listed resource plus every tagged resource; use conditions to narrow instead';

const db = (name: string, region = 'eu-west-1', account = '111122223333') => `arn:aws:rds:${region}:${account}:db:${name}`;
const volumes = (count: number, wildcard: boolean) =>
  Array.from({ length: count }, (_, i) => `arn:aws:ec2:eu-west-1:111122223333:volume/vol-${String(i).padStart(4, '0')}${wildcard ? '*' : ''}`);

function synthSelection(criteria: SelectionCriteria, props: Partial<BackupSelectionProps> = {}): string {
  return synth((scope) => {
    new BackupSelection(scope, 'selection', { ...base, ...criteria, ...props });
  });
}

const selectionConfig = (criteria: SelectionCriteria) => onlyResource(synthSelection(criteria), 'aws_backup_selection').config;

describe('BackupSelection: synthesized selection', () => {
  it('writes name, plan id and role, and nothing it was not given', () => {
    const config = selectionConfig({ tags: { backup: 'daily' } });
    expect(config).toEqual({
      name: 'tagged',
      plan_id: 'plan-1234',
      iam_role_arn: BACKUP_ROLE,
      selection_tag: [{ type: 'STRINGEQUALS', key: 'backup', value: 'daily' }],
    });
  });

  it('writes one STRINGEQUALS selection_tag per value, sorted by key then value', () => {
    expect(selectionConfig({ tags: { tier: ['silver', 'gold'], backup: 'daily' } }).selection_tag).toEqual([
      { type: 'STRINGEQUALS', key: 'backup', value: 'daily' },
      { type: 'STRINGEQUALS', key: 'tier', value: 'gold' },
      { type: 'STRINGEQUALS', key: 'tier', value: 'silver' },
    ]);
  });

  it('writes one condition block with aws:ResourceTag/ keys, one entry per value, sorted', () => {
    const config = selectionConfig({
      resources: ['*'],
      conditions: {
        stringEquals: { env: 'prod', app: 'billing' },
        stringNotLike: { tier: ['b*', 'a*'] },
      },
    });
    expect(config.condition).toEqual([
      {
        string_equals: [
          { key: 'aws:ResourceTag/app', value: 'billing' },
          { key: 'aws:ResourceTag/env', value: 'prod' },
        ],
        string_not_like: [
          { key: 'aws:ResourceTag/tier', value: 'a*' },
          { key: 'aws:ResourceTag/tier', value: 'b*' },
        ],
      },
    ]);
    expect(config).not.toHaveProperty('selection_tag');
    expect(config.resources).toEqual(['*']);
  });

  it('keeps keys already prefixed with aws:ResourceTag/ as they are', () => {
    const config = selectionConfig({ resources: ['*'], conditions: { stringLike: { 'aws:ResourceTag/owner': 'team-*' }, stringNotEquals: { 'aws:ResourceTag/env': 'dev' } } });
    expect(config.condition).toEqual([
      { string_like: [{ key: 'aws:ResourceTag/owner', value: 'team-*' }], string_not_equals: [{ key: 'aws:ResourceTag/env', value: 'dev' }] },
    ]);
  });

  it('covers all four operators', () => {
    const [block] = selectionConfig({
      resources: ['*'],
      conditions: { stringEquals: { a: '1' }, stringLike: { b: '2*' }, stringNotEquals: { c: '3' }, stringNotLike: { d: '4*' } },
    }).condition;
    expect(Object.keys(block).sort()).toEqual(['string_equals', 'string_like', 'string_not_equals', 'string_not_like']);
  });

  it('writes resources and not_resources sorted, without reordering the caller arrays', () => {
    const resources = [db('zeta'), db('alpha'), 'arn:aws:s3:::bucket'];
    const notResources = [db('beta'), db('alpha-replica')];
    const config = selectionConfig({ resources, notResources });
    expect(config.resources).toEqual(['arn:aws:rds:eu-west-1:111122223333:db:alpha', 'arn:aws:rds:eu-west-1:111122223333:db:zeta', 'arn:aws:s3:::bucket']);
    expect(config.not_resources).toEqual(['arn:aws:rds:eu-west-1:111122223333:db:alpha-replica', 'arn:aws:rds:eu-west-1:111122223333:db:beta']);
    expect(resources[0]).toBe(db('zeta'));
  });

  it('synthesizes the same selection whatever the input order', () => {
    const one = synthSelection({ tags: { b: ['2', '1'], a: '0' }, resources: [db('b'), db('a')], conditions: { stringEquals: { y: '1', x: '2' } } });
    const two = synthSelection({ tags: { a: '0', b: ['1', '2'] }, resources: [db('a'), db('b')], conditions: { stringEquals: { x: '2', y: '1' } } });
    expect(one).toBe(two);
  });

  it('"*" with conditions: resources ["*"] and the condition block', () => {
    expect(synthSelection({ resources: ['*'], conditions: { stringEquals: { backup: 'true' } } })).toHaveResourceWithProperties(AwsBackupSelection, {
      resources: ['*'],
      condition: [{ string_equals: [{ key: 'aws:ResourceTag/backup', value: 'true' }] }],
    });
  });

  it('wires plan id and role ARN by reference, on the provider it is given', () => {
    const { stack, dr } = stackWithProviders();
    const plan = new BackupPlan(stack, 'plan', { planName: 'gold', rules: { daily: { targetVaultName: 'main', lifecycle: { deleteAfterDays: 35 } } }, provider: dr });
    const role = new BackupServiceRole(stack, 'role', { account: ACCOUNT });
    new BackupSelection(stack, 'selection', { selectionName: 'all-tagged', planId: plan.planId, iamRoleArn: role.arn, tags: { backup: 'true' }, provider: dr });
    const out = Testing.synth(stack);
    const planId = onlyResource(out, 'aws_backup_plan').id;
    const roleId = onlyResource(out, 'aws_iam_role').id;
    expect(out).toHaveResourceWithProperties(AwsBackupSelection, {
      plan_id: `\${aws_backup_plan.${planId}.id}`,
      iam_role_arn: `\${aws_iam_role.${roleId}.arn}`,
      provider: 'aws.dr',
    });
  });
});

describe('Selections factories', () => {
  it('byTag with one value gives a single string', () => {
    expect(Selections.byTag('backup', 'daily')).toEqual({ tags: { backup: 'daily' } });
  });

  it('byTag with several values gives a list (OR-ed selection tags)', () => {
    const criteria = Selections.byTag('tier', 'gold', 'silver');
    expect(criteria).toEqual({ tags: { tier: ['gold', 'silver'] } });
    expect(selectionConfig(criteria).selection_tag).toEqual([
      { type: 'STRINGEQUALS', key: 'tier', value: 'gold' },
      { type: 'STRINGEQUALS', key: 'tier', value: 'silver' },
    ]);
  });

  it('byArns lists exactly the resources', () => {
    const criteria = Selections.byArns(db('b'), db('a'));
    expect(criteria).toEqual({ resources: [db('b'), db('a')] });
    const config = selectionConfig(criteria);
    expect(config.resources).toEqual([db('a'), db('b')]);
    expect(config).not.toHaveProperty('selection_tag');
  });

  // BUG: modules/backup-selection.ts counts tag keys (`Object.keys(criteria.tags).length`), not tag
  // values, so a tag with no values (`Selections.byTag('backup')`, or tags: { backup: [] }) passes
  // as "has tags" and the construct writes a selection with no tag, no condition and no resource:
  // the very selection the "selects every resource" check exists to reject.
  it('byTag with no value is rejected like an empty selection', () => {
    const criteria = Selections.byTag('backup');
    expect(checkSelectionCriteria(criteria).filter((problem) => problem.severity === 'error')).not.toEqual([]);
    expect(() => synthSelection(criteria)).toThrow(ValidationError);
  });

  // Same bug (tag keys counted instead of tag values): an empty tag list also turns the
  // "excludes every listed resource" error into a misleading OR-ed-with-tags warning.
  it('a tag with no values does not hide that every listed resource is excluded', () => {
    expect(checkSelectionCriteria({ tags: { backup: [] }, resources: [db('a')], notResources: [db('a')] })).toEqual([
      { path: 'notResources', severity: 'error', message: 'excludes every listed resource: the selection selects nothing' },
    ]);
  });
});

describe('checkSelectionCriteria', () => {
  it('nothing given: selects everything (error on the selection itself)', () => {
    expect(checkSelectionCriteria({})).toEqual([{ path: '', severity: 'error', message: EVERYTHING }]);
    expect(checkSelectionCriteria({ tags: {}, resources: [], conditions: { stringEquals: {} } })).toEqual([{ path: '', severity: 'error', message: EVERYTHING }]);
  });

  // AWS Backup Developer Guide, "Assign resources with AWS CLI": "Select all resources in my account" is { "Resources": [ "*" ] },
  // and "... but exclude EBS volumes" adds "NotResources": [ "arn:aws:ec2:*:*:volume/*" ]. AWS accepts both: a warning, not an error.
  it('"*" without conditions: a warning (AWS\'s own "Select all resources in my account")', () => {
    expect(checkSelectionCriteria({ resources: ['*'] })).toEqual([{ path: 'resources', severity: 'warning', message: STAR_WITHOUT_CONDITIONS }]);
    expect(checkSelectionCriteria({ resources: ['*'], tags: { backup: 'true' } })).toEqual([{ path: 'resources', severity: 'warning', message: STAR_WITHOUT_CONDITIONS }]);
  });

  it('notResources alone (the provider\'s "Selecting Backups By Not Resource" example): an error that says AWS documents no meaning for it and how to write it, not "selects every resource"', () => {
    const arns = ['arn:aws:rds:us-east-1:111122223333:db:mydb', 'arn:aws:ec2:us-east-1:111122223333:volume/vol-0123456789abcdef0'];
    expect(checkSelectionCriteria({ notResources: arns })).toEqual([
      {
        path: 'notResources',
        severity: 'error',
        message:
          'is given without resources, tags or conditions: what AWS selects then is not documented (its API reference says only that a selection with none of them takes every opted-in resource), so what this selection backs up cannot be judged; write resources: ["*"] beside notResources, as AWS\'s example "Select all resources in my account, but exclude EBS volumes" does',
      },
    ]);
    expect(checkSelectionCriteria({ resources: ['*'], notResources: arns }).map((problem) => problem.severity)).toEqual(['warning']);
  });

  it('"*" with notResources and no conditions: a warning naming the exclusion, not "every resource"', () => {
    expect(checkSelectionCriteria({ resources: ['*'], notResources: ['arn:aws:ec2:*:*:volume/*'] })).toEqual([
      { path: 'resources', severity: 'warning', message: '"*" without conditions selects every resource opted in to AWS Backup but those notResources excludes: add conditions or list ARNs to narrow it' },
    ]);
    expect(evaluateSelection({ tags: [], conditions: [], resources: ['*'], notResources: ['arn:aws:ec2:*:*:volume/*'] })).toEqual({ verdict: 'some', types: 'every' });
  });

  it('"*" with conditions: no problem', () => {
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringEquals: { backup: 'true' } } })).toEqual([]);
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringLike: { team: 'data-*' } } })).toEqual([]);
  });

  it('a ? in resources or notResources: a warning (AWS documents only * there)', () => {
    const arn = 'arn:aws:ec2:*:*:volume/vol-?';
    const message = `"${arn}" holds "?": AWS documents only * as a wildcard in selection ARNs, so whether ? matches one character is unknown; coverage counts a resource only when both readings select it`;
    expect(checkSelectionCriteria({ resources: ['arn:aws:ec2:*:*:volume/*'], notResources: [arn], conditions: { stringEquals: { backup: 'true' } } })).toEqual([
      { path: 'notResources.0', severity: 'warning', message },
    ]);
    expect(checkSelectionCriteria({ resources: [arn] })).toEqual([{ path: 'resources.0', severity: 'warning', message }]);
  });

  it('tags or resources alone: no problem', () => {
    expect(checkSelectionCriteria({ tags: { backup: 'true' } })).toEqual([]);
    expect(checkSelectionCriteria({ resources: [db('a')] })).toEqual([]);
  });

  it('conditions alone: AWS refuses the selection (either tags or resources must be given)', () => {
    expect(checkSelectionCriteria({ conditions: { stringEquals: { backup: 'true' } } })).toEqual([
      {
        path: 'conditions',
        severity: 'error',
        message: 'need tags or resources beside them: AWS Backup refuses a selection with conditions only; add resources: ["*"] to select every resource whose tags match',
      },
    ]);
    expect(() => synthSelection({ conditions: { stringEquals: { backup: 'true' } } })).toThrow(/AWS Backup refuses a selection with conditions only/);
  });

  it('tags and resources together: a warning only, and the construct still synthesizes', () => {
    const criteria = { tags: { backup: 'true' }, resources: [db('a')] };
    expect(checkSelectionCriteria(criteria)).toEqual([{ path: 'tags', severity: 'warning', message: OR_WARNING }]);
    expect(synthSelection(criteria)).toHaveResource(AwsBackupSelection);
  });

  it('several tag keys: a warning that they are OR-ed, spelling the AND with the given tags; the construct still synthesizes', () => {
    const criteria = { tags: { Environment: 'Production', BackupRequired: 'true' } };
    expect(checkSelectionCriteria(criteria)).toEqual([
      {
        path: 'tags',
        severity: 'warning',
        message:
          'selects resources with any one of the tags "Environment", "BackupRequired" (selection tags are OR-ed); to require all of them write conditions: { stringEquals: { Environment: Production, BackupRequired: "true" } } with resources: ["*"] instead',
      },
    ]);
    expect(synthSelection(criteria)).toHaveResource(AwsBackupSelection);
  });

  it('several tag keys: keys and values YAML would misread are quoted in the example', () => {
    const [problem] = checkSelectionCriteria({ tags: { 'cost center': '12', env: 'prod' } });
    expect(problem.message).toContain('write conditions: { stringEquals: { "cost center": "12", env: prod } }');
  });

  it('a * in a tag value: a warning that selection tags match exactly (StringEquals), with the condition that matches the pattern', () => {
    expect(checkSelectionCriteria({ tags: { backup: ['gold', 'prod*'] } })).toEqual([
      {
        path: 'tags.backup',
        severity: 'warning',
        message: '"prod*" is matched exactly: a selection tag takes no wildcard (StringEquals), so * is a character of the value; for a pattern use conditions: { stringLike: { backup: "prod*" } } with resources: ["*"]',
      },
    ]);
  });

  it('one tag key with several values: no warning (an OR of values is what a list says)', () => {
    expect(checkSelectionCriteria({ tags: { backup: ['gold', 'silver'] } })).toEqual([]);
  });

  it('every listed resource excluded: error', () => {
    expect(checkSelectionCriteria({ resources: [db('a'), db('b')], notResources: [db('b'), db('a'), db('c')] })).toEqual([
      { path: 'notResources', severity: 'error', message: 'excludes every listed resource: the selection selects nothing' },
    ]);
    expect(checkSelectionCriteria({ resources: [db('a'), db('b')], notResources: [db('a')] })).toEqual([]);
  });

  it('stringEquals with two values for one key: contradiction', () => {
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringEquals: { env: ['prod', 'dev'] } } })).toEqual([
      {
        path: 'conditions.stringEquals.env',
        severity: 'error',
        message: 'requires tag "env" to equal "prod" and "dev" at once (conditions are AND-ed): nothing matches; use tags for OR',
      },
    ]);
  });

  it('stringEquals and stringNotEquals on the same value: contradiction', () => {
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringEquals: { env: 'prod' }, stringNotEquals: { env: ['dev', 'prod'] } } })).toEqual([
      { path: 'conditions.stringNotEquals.env', severity: 'error', message: 'excludes "prod", which stringEquals requires: nothing matches' },
    ]);
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringEquals: { env: 'prod' }, stringNotEquals: { env: 'dev' } } })).toEqual([]);
  });

  it('accepts wildcards anywhere in an ARN, as AWS does (arn:aws:ec2:*:*:volume/*)', () => {
    expect(checkSelectionCriteria({ resources: ['arn:aws:ec2:*:*:volume/*'] })).toEqual([]);
    expect(checkSelectionCriteria({ resources: [db('a'), 'arn:aws:ec2:eu-west-1:111122223333:volume/*-prod'] })).toEqual([]);
    expect(checkSelectionCriteria({ tags: { backup: 'true' }, notResources: ['arn:aws:rds:*:111122223333:db:x'] })).toEqual([]);
  });

  it('an entry that is not an ARN: error', () => {
    expect(checkSelectionCriteria({ resources: ['i-0123456789abcdef0'] })).toEqual([
      { path: 'resources.0', severity: 'error', message: '"i-0123456789abcdef0" is not an ARN (or "*")' },
    ]);
  });

  it('30 wildcard ARNs pass, 31 fail', () => {
    expect(checkSelectionCriteria({ resources: volumes(30, true) })).toEqual([]);
    expect(checkSelectionCriteria({ resources: volumes(31, true) })).toEqual([
      { path: 'resources', severity: 'error', message: 'has 31 ARNs with wildcards; at most 30 are allowed' },
    ]);
  });

  it('500 plain ARNs pass, 501 fail', () => {
    expect(checkSelectionCriteria({ resources: volumes(500, false) })).toEqual([]);
    expect(checkSelectionCriteria({ resources: volumes(501, false) })).toEqual([
      { path: 'resources', severity: 'error', message: 'has 501 ARNs; at most 500 are allowed' },
    ]);
  });

  it('30 conditions pass, 31 fail (each value counts)', () => {
    const keys = (count: number) => Object.fromEntries(Array.from({ length: count }, (_, i) => [`tag${i}`, `value${i}*`]));
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringLike: keys(30) } })).toEqual([]);
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringLike: keys(31) } })).toEqual([
      { path: 'conditions', severity: 'error', message: 'has 31 conditions; at most 30 are allowed' },
    ]);
    const values = Array.from({ length: 16 }, (_, i) => `*v${i}*`); // patterns one value can meet together (conditions are AND-ed)
    expect(checkSelectionCriteria({ resources: ['*'], conditions: { stringLike: { a: values }, stringNotLike: { b: values.slice(1) } } })).toEqual([
      { path: 'conditions', severity: 'error', message: 'has 31 conditions; at most 30 are allowed' },
    ]);
  });

  describe('with a home context', () => {
    it('rejects an ARN in another Region', () => {
      expect(checkSelectionCriteria({ resources: [db('a'), db('b', 'us-east-1')] }, ACCOUNT)).toEqual([
        { path: 'resources.1', severity: 'error', message: 'is in us-east-1 but the plan runs in eu-west-1: a plan backs up resources of its own Region only' },
      ]);
    });

    it('rejects an ARN of another account', () => {
      expect(checkSelectionCriteria({ resources: [db('a', 'eu-west-1', '444455556666')] }, ACCOUNT)).toEqual([
        {
          path: 'resources.0',
          severity: 'error',
          message: 'belongs to account 444455556666, not 111122223333: a plan backs up resources of its own account only',
        },
      ]);
    });

    it('accepts home ARNs, trailing-wildcard home ARNs and ARNs without Region or account (S3)', () => {
      const resources = [db('a'), 'arn:aws:ec2:eu-west-1:111122223333:volume/*', 'arn:aws:s3:::my-bucket'];
      expect(checkSelectionCriteria({ resources }, ACCOUNT)).toEqual([]);
    });

    it('accepts a wildcard Region or account: it includes the plan\'s own', () => {
      expect(checkSelectionCriteria({ resources: ['arn:aws:ec2:*:111122223333:volume/*', 'arn:aws:ec2:eu-west-1:*:instance/*'] }, ACCOUNT)).toEqual([]);
    });

    it('does not check Region or account without a home context (nor does the construct)', () => {
      const criteria = { resources: [db('b', 'us-east-1', '444455556666')] };
      expect(checkSelectionCriteria(criteria)).toEqual([]);
      expect(synthSelection(criteria)).toHaveResource(AwsBackupSelection);
    });
  });
});

describe('BackupSelection: eager validation', () => {
  const construct = 'BackupSelection stack/selection';

  it('throws for an empty selection', () => {
    expectValidationError(() => synthSelection({}), construct, [{ path: '', message: EVERYTHING }]);
  });

  it('synthesizes "*" without conditions (AWS\'s "Select all resources in my account"), with its warning', () => {
    expect(synthSelection({ resources: ['*'] })).toHaveResourceWithProperties(AwsBackupSelection, { resources: ['*'] });
    expect(checkSelectionProps({ ...base, resources: ['*'] })).toEqual([{ path: 'resources', severity: 'warning', message: STAR_WITHOUT_CONDITIONS }]);
  });

  it.each(['', 'has space', 'a/b', 's'.repeat(51)])('throws for the selection name %j', (selectionName) => {
    expectValidationError(() => synthSelection({ tags: { backup: 'true' } }, { selectionName }), construct, [
      { path: 'selectionName', message: `selection name "${selectionName}" must be 1-50 characters of A-Z a-z 0-9 _ . -` },
    ]);
  });

  it.each(['arn:aws:iam::111122223333:user/backup', 'aws-backup-service-role', 'arn:aws:iam::111122223333:policy/backup'])('throws for the role %j: AWS Backup assumes an IAM role, as the config requires', (iamRoleArn) => {
    expectValidationError(() => synthSelection({ tags: { backup: 'true' } }, { iamRoleArn }), construct, [
      { path: 'iamRoleArn', message: `"${iamRoleArn}" is not an IAM role ARN (arn:PARTITION:iam::ACCOUNT:role/NAME)` },
    ]);
  });

  it('throws for a role ARN IAM or Terraform would not take: a name over 64 characters, a "%{" in its path', () => {
    const long = `arn:aws:iam::111122223333:role/${'r'.repeat(65)}`;
    expectValidationError(() => synthSelection({ tags: { backup: 'true' } }, { iamRoleArn: long }), construct, [
      { path: 'iamRoleArn', message: `"${long}": its role name "${'r'.repeat(65)}" has 65 characters; IAM allows at most 64 (CreateRole)` },
    ]);
    const directive = 'arn:aws:iam::111122223333:role/a%{b}/backup';
    expectValidationError(() => synthSelection({ tags: { backup: 'true' } }, { iamRoleArn: directive }), construct, [
      { path: 'iamRoleArn', message: `"${directive}" holds "%{", which Terraform reads as the start of a template (a directive) in any string of the stack's JSON: IAM allows it in a role path, but AWS would not get this ARN` },
    ]);
  });

  it.each(['arn:aws-us-gov:iam::111122223333:role/service-role/backup', 'arn:aws:iam::111122223333:role/team#1/a:b/backup', '${aws_iam_role.backup.arn}'])('accepts the role %j', (iamRoleArn) => {
    expect(synthSelection({ tags: { backup: 'true' } }, { iamRoleArn })).toHaveResourceWithProperties(AwsBackupSelection, { iam_role_arn: iamRoleArn });
  });

  it.each(['s', 'Tagged.v2_all-dbs', 's'.repeat(50)])('accepts the selection name %j', (selectionName) => {
    expect(synthSelection({ tags: { backup: 'true' } }, { selectionName })).toHaveResourceWithProperties(AwsBackupSelection, { name: selectionName });
  });
});

describe('BackupSelection: resources of another account or Region', () => {
  const construct = 'BackupSelection stack/selection';
  const OTHER_REGION = 'is in us-east-1 but the plan runs in eu-west-1: a plan backs up resources of its own Region only';
  const OTHER_ACCOUNT = 'belongs to account 444455556666, not 111122223333: a plan backs up resources of its own account only';
  const foreign = { resources: [db('a'), db('b', 'us-east-1'), db('c', 'eu-west-1', '444455556666')] };

  function selectionIn(providerProps: Partial<ConstructorParameters<typeof AwsProvider>[2]> | undefined, props: Partial<BackupSelectionProps> = {}, dr = false): string {
    const app = Testing.app();
    const stack = new TerraformStack(app, 'stack');
    if (providerProps) new AwsProvider(stack, 'aws', { region: 'eu-west-1', ...providerProps });
    const provider = dr ? new AwsProvider(stack, 'aws-dr', { region: 'us-east-1', alias: 'dr' }) : undefined;
    new BackupSelection(stack, 'selection', { ...base, ...foreign, ...(provider ? { provider } : {}), ...props });
    return Testing.synth(stack);
  }

  it('refuses an ARN of another Region than its default provider\'s literal region (the account unknown: not checked)', () => {
    expectValidationError(() => selectionIn({}), construct, [{ path: 'resources.1', message: OTHER_REGION }]);
  });

  it('refuses an ARN of another account than the provider\'s one allowed account', () => {
    expectValidationError(() => selectionIn({ allowedAccountIds: ['111122223333'] }), construct, [
      { path: 'resources.1', message: OTHER_REGION },
      { path: 'resources.2', message: OTHER_ACCOUNT },
    ]);
  });

  it('reads the Region of the provider it is given', () => {
    expectValidationError(() => selectionIn({}, { resources: [db('a', 'us-east-1'), db('b')] }, true), construct, [
      { path: 'resources.1', message: 'is in eu-west-1 but the plan runs in us-east-1: a plan backs up resources of its own Region only' },
    ]);
    expect(selectionIn({}, { resources: [db('a', 'us-east-1')] }, true)).toHaveResourceWithProperties(AwsBackupSelection, { resources: [db('a', 'us-east-1')] });
  });

  it('takes account from props, and refuses a Region its provider contradicts', () => {
    expectValidationError(() => selectionIn(undefined, { account: ACCOUNT }), construct, [
      { path: 'resources.1', message: OTHER_REGION },
      { path: 'resources.2', message: OTHER_ACCOUNT },
    ]);
    expectValidationError(() => selectionIn({ region: 'eu-central-1' }, { account: ACCOUNT, resources: [db('a')] }), construct, [
      { path: 'account.region', message: "is eu-west-1 but the selection's AWS provider runs in eu-central-1: the selection and its plan run in the provider's Region" },
    ]);
    expect(checkSelectionProps({ ...base, ...foreign, account: ACCOUNT }).map((p) => p.path)).toEqual(['resources.1', 'resources.2']);
  });

  it('refuses an account.accountId its provider\'s allowedAccountIds leave out: the plan runs in the provider\'s account, so its ARNs were checked against the wrong one', () => {
    const message = "is 111122223333 but the selection's AWS provider runs only in 444455556666 (allowedAccountIds): the selection and its plan run in the provider's account";
    expectValidationError(() => selectionIn({ allowedAccountIds: ['444455556666'] }, { account: ACCOUNT, resources: [db('a')] }), construct, [{ path: 'account.accountId', message }]);
    expect(selectionIn({ allowedAccountIds: ['444455556666', '111122223333'] }, { account: ACCOUNT, resources: [db('a')] })).toHaveResource(AwsBackupSelection);
    expect(selectionIn({ allowedAccountIds: ['${var.account_id}'] }, { account: ACCOUNT, resources: [db('a')] })).toHaveResource(AwsBackupSelection);
  });

  it('refuses an ARN of another partition than its Region\'s (or account.partition), as the config does', () => {
    const cn = 'arn:aws-cn:ec2:eu-west-1:111122223333:volume/vol-1';
    expectValidationError(() => selectionIn({}, { resources: [db('a'), cn] }), construct, [
      { path: 'resources.1', message: "is an ARN of partition aws-cn, but the partition of eu-west-1 is aws: every Region, ARN, key and principal of a stack must be in its account's partition" },
    ]);
    // The role of base is of partition aws too: the config's partition rule refuses a selection role of another partition as well.
    expect(checkSelectionProps({ ...base, resources: [db('a')], account: { ...ACCOUNT, partition: 'aws-cn' } })).toEqual([
      { path: 'resources.0', severity: 'error', message: "is an ARN of partition aws, but account.partition is aws-cn: every Region, ARN, key and principal of a stack must be in its account's partition" },
      { path: 'iamRoleArn', severity: 'error', message: "is an ARN of partition aws, but account.partition is aws-cn: every Region, ARN, key and principal of a stack must be in its account's partition" },
    ]);
  });

  it('refuses a role of another partition or account than where it runs, as the config does (it synthesized both silently; creating the selection fails)', () => {
    const roleOf = (iamRoleArn: string) => () => selectionIn({}, { account: ACCOUNT, resources: [db('a')], iamRoleArn });
    expectValidationError(roleOf('arn:aws-cn:iam::111122223333:role/backup'), construct, [
      { path: 'iamRoleArn', message: "is an ARN of partition aws-cn, but the partition of eu-west-1 is aws: every Region, ARN, key and principal of a stack must be in its account's partition" },
    ]);
    const message =
      "\"arn:aws:iam::444455556666:role/backup\" is a role of account 444455556666, but the selection runs in account 111122223333, and IAM passes a role only to a service of the role's own account (iam:PassRole, which creating a backup selection needs): it fails to be created and nothing it selects is backed up; give a role of account 111122223333";
    expectValidationError(roleOf('arn:aws:iam::444455556666:role/backup'), construct, [{ path: 'iamRoleArn', message }]);
    // The account from the provider alone (allowedAccountIds) is judged alike; with allowResourcesElsewhere, or no account known, nothing is.
    expectValidationError(() => selectionIn({ allowedAccountIds: ['111122223333'] }, { resources: [db('a')], iamRoleArn: 'arn:aws:iam::444455556666:role/backup' }), construct, [{ path: 'iamRoleArn', message }]);
    expect(selectionIn({}, { account: ACCOUNT, allowResourcesElsewhere: true, iamRoleArn: 'arn:aws:iam::444455556666:role/backup' })).toHaveResource(AwsBackupSelection);
    expect(selectionIn({}, { resources: [db('a')], iamRoleArn: 'arn:aws:iam::444455556666:role/backup' })).toHaveResource(AwsBackupSelection);
    expect(findings(configWith((c) => (c.plans.gold.selections.tagged.role = 'arn:aws:iam::444455556666:role/backup'))).errors).toEqual([
      'plans.gold.selections.tagged.role: "arn:aws:iam::444455556666:role/backup" is a role of account 444455556666, but it is used in stack test-eu-west-1 of another account, and IAM passes a role only to a service of the role\'s own account (iam:PassRole, for this selection there, which creating a backup selection needs): it fails to be created and nothing it selects is backed up; leave role out (the service role of each account backs up)',
    ]);
  });

  it('refuses nothing with allowResourcesElsewhere (a selection of a plan stamped into several accounts or Regions)', () => {
    expect(selectionIn({ allowedAccountIds: ['111122223333'] }, { allowResourcesElsewhere: true, account: ACCOUNT })).toHaveResourceWithProperties(AwsBackupSelection, { resources: [...foreign.resources].sort() });
    expect(checkSelectionProps({ ...base, ...foreign, account: ACCOUNT, allowResourcesElsewhere: true })).toEqual([]);
  });

  it('checks nothing it cannot know: no provider, a provider Region given as a reference, several allowed accounts', () => {
    expect(selectionIn(undefined)).toHaveResource(AwsBackupSelection);
    expect(selectionIn({ region: '${var.region}', allowedAccountIds: ['111122223333', '444455556666'] })).toHaveResource(AwsBackupSelection);
    expect(selectionIn(undefined, { account: { accountId: '${data.aws_caller_identity.current.account_id}', region: '${var.region}' } })).toHaveResource(AwsBackupSelection);
  });
});
