/**
 * Regions and partitions (AWS-BACKUP-RULES section 10): every Region field names a Region the
 * pinned provider knows, in a supported partition; every Region, ARN, key and principal is in the
 * estate's partition. Each rule with a failing config and its exact message. The table itself is
 * checked against the provider by __tests__/integration/regions-terraform.test.ts.
 */
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import { partitionOfRegion } from '../../core/arn';
import { PARTITIONS, REGION_PATTERN } from '../../core/limits';
import { arnPlacementMessage, isKnownRegion, KNOWN_REGIONS, regionsOfPartition, unknownRegionHint } from '../../core/regions';
import { configWith, findings, organizationWith, RawConfig } from '../support/configs';

const EXAMPLES = join(__dirname, '..', '..', 'examples');
const ONE_PARTITION = "every Region, ARN, key and principal of a stack must be in its account's partition";
const UNKNOWN = 'is unknown to the pinned provider hashicorp/aws 5.100.0 (terraform would fail on it)';

/** The commercial Regions hashicorp/aws 5.100.0 accepts, read from its binary (see core/regions.ts). */
const COMMERCIAL_5_100_0 = [
  'af-south-1', 'ap-east-1', 'ap-east-2', 'ap-northeast-1', 'ap-northeast-2', 'ap-northeast-3', 'ap-south-1', 'ap-south-2',
  'ap-southeast-1', 'ap-southeast-2', 'ap-southeast-3', 'ap-southeast-4', 'ap-southeast-5', 'ap-southeast-7', 'ca-central-1',
  'ca-west-1', 'eu-central-1', 'eu-central-2', 'eu-north-1', 'eu-south-1', 'eu-south-2', 'eu-west-1', 'eu-west-2', 'eu-west-3',
  'il-central-1', 'me-central-1', 'me-south-1', 'mx-central-1', 'sa-east-1', 'us-east-1', 'us-east-2', 'us-west-1', 'us-west-2',
];

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : /\.(ya?ml|json)$/.test(name) ? [path] : [];
  });
}

describe('the Region table (core/regions.ts)', () => {
  it('holds every commercial, China and GovCloud Region of hashicorp/aws 5.100.0, and nothing else there', () => {
    expect(regionsOfPartition('aws')).toEqual(COMMERCIAL_5_100_0);
    expect(regionsOfPartition('aws-cn')).toEqual(['cn-north-1', 'cn-northwest-1']);
    expect(regionsOfPartition('aws-us-gov')).toEqual(['us-gov-east-1', 'us-gov-west-1']);
    expect(Object.keys(KNOWN_REGIONS)).toHaveLength(44);
  });

  it('holds every Region the examples name', () => {
    const named = new Set(filesUnder(EXAMPLES).flatMap((file) => readFileSync(file, 'utf8').match(/\b[a-z]{2}(-gov|-iso[a-z]?)?-[a-z]+-\d+\b/g) ?? []));
    expect(named.size).toBeGreaterThanOrEqual(4);
    expect([...named].filter((region) => !isKnownRegion(region))).toEqual([]);
  });

  it('writes every Region the way REGION_PATTERN describes, and partitionOfRegion agrees with it', () => {
    for (const [region, partition] of Object.entries(KNOWN_REGIONS)) {
      expect([region, REGION_PATTERN.test(region)]).toEqual([region, true]);
      expect([region, partitionOfRegion(region)]).toEqual([region, partition]);
    }
    expect(PARTITIONS.every((partition) => regionsOfPartition(partition).length > 0)).toBe(true);
  });

  it('suggests a Region of the same geography, lists them when none is close, and crosses geographies only when it has none', () => {
    expect(unknownRegionHint('eu-west-9')).toBe(': did you mean eu-west-1?');
    expect(unknownRegionHint('eu-centrall-1')).toBe(': did you mean eu-central-1?');
    expect(unknownRegionHint('us-gov-west-2')).toBe(': did you mean us-gov-west-1?');
    expect(unknownRegionHint('us-south-1')).toBe('; known us Regions: us-east-1, us-east-2, us-west-1, us-west-2');
    expect(unknownRegionHint('ue-west-1')).toBe(': did you mean us-west-1?');
    expect(unknownRegionHint('zz-nowhere-1')).toBe('');
  });

  it('places ARNs: partition first, then a Region the provider knows, in that partition', () => {
    const place = (arn: string, checkRegion = true) => arnPlacementMessage(arn, 'aws', 'account.partition', checkRegion);
    expect(place('arn:aws:kms:eu-west-1:111122223333:key/k')).toBeUndefined();
    expect(place('arn:aws:iam::111122223333:role/r')).toBeUndefined();
    expect(place('arn:aws:ec2:*:111122223333:volume/*')).toBeUndefined();
    expect(place('not-an-arn')).toBeUndefined();
    expect(place('arn:aws-cn:kms:cn-north-1:111122223333:key/k')).toBe(`is an ARN of partition aws-cn, but account.partition is aws: ${ONE_PARTITION}`);
    expect(place('arn:aws:kms:eu-west-9:111122223333:key/k')).toBe('names Region "eu-west-9", unknown to the pinned provider hashicorp/aws 5.100.0: did you mean eu-west-1?');
    expect(place('arn:aws:kms:eu-west-9:111122223333:key/k', false)).toBeUndefined();
    expect(place('arn:aws:kms:cn-north-1:111122223333:key/k')).toBe(`names Region cn-north-1 of partition aws-cn, but account.partition is aws: ${ONE_PARTITION}`);
  });
});

type Mutation = (config: RawConfig) => void;
const errorsOf = (raw: RawConfig) => findings(raw).errors;

describe('Region fields name Regions the pinned provider knows', () => {
  const cases: [string, RawConfig, string][] = [
    ['account.region', configWith((c) => (c.account.region = 'eu-west-9')), `account.region: Region "eu-west-9" ${UNKNOWN}: did you mean eu-west-1?`],
    ['a plan Region', configWith((c) => (c.plans.gold.region = 'us-south-1')), `plans.gold.region: Region "us-south-1" ${UNKNOWN}; known us Regions: us-east-1, us-east-2, us-west-1, us-west-2`],
    ['a vault Region', configWith((c) => (c.vaults.dr.region = 'eu-centrall-1')), `vaults.dr.region: Region "eu-centrall-1" ${UNKNOWN}: did you mean eu-central-1?`],
    ['a key Region', configWith((c) => (c.keys = { shared: { region: 'ap-southeast-6' } })), `keys.shared.region: Region "ap-southeast-6" ${UNKNOWN}: did you mean ap-southeast-1?`],
    ['the state bucket Region', configWith((c) => (c.state = { backend: 's3', bucket: 'state', region: 'eu-wset-1' })), `state.region: Region "eu-wset-1" ${UNKNOWN}: did you mean eu-west-1?`],
    ['the management Region', organizationWith((c) => (c.organization.region = 'us-east-3')), `organization.region: Region "us-east-3" ${UNKNOWN}: did you mean us-east-1?`],
    ['a central Region', organizationWith((c) => (c.organization.central.regions = ['eu-west-1', 'eu-west-9'])), `organization.central.regions.1: Region "eu-west-9" ${UNKNOWN}: did you mean eu-west-1?`],
    ['a policy Region', organizationWith((c) => (c.organization.policies.baseline.regions = ['zz-nowhere-1'])), `organization.policies.baseline.regions.0: Region "zz-nowhere-1" ${UNKNOWN}`],
    ['an account Region', organizationWith((c) => (c.accounts.orders.regions = ['eu-west-1', 'us-gov-west-2'])), `accounts.orders.regions.1: Region "us-gov-west-2" ${UNKNOWN}: did you mean us-gov-west-1?`],
  ];
  it.each(cases)('%s', (_field, raw, message) => {
    expect(errorsOf(raw)).toEqual([message]);
  });

  it('of a partition backup-estate supports', () => {
    expect(errorsOf(configWith((c) => (c.vaults.dr.region = 'us-iso-east-1')))).toEqual(['vaults.dr.region: Region us-iso-east-1 is in partition aws-iso, which backup-estate does not support (aws, aws-us-gov, aws-cn)']);
    expect(errorsOf(configWith((c) => (c.account.region = 'eusc-de-east-1')))).toEqual(['account.region: Region eusc-de-east-1 is in partition aws-eusc, which backup-estate does not support (aws, aws-us-gov, aws-cn)']);
  });

  it('and a malformed one is still told so', () => {
    expect(errorsOf(configWith((c) => (c.account.region = 'Ireland')))).toEqual(['account.region: must be an AWS Region code such as eu-west-1']);
  });
});

describe('Regions are in the estate partition', () => {
  it('account.partition aws-cn with an aws Region is an error at each Region written', () => {
    const raw = configWith((c) => {
      c.account.partition = 'aws-cn';
      c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws-cn:iam::111122223333:role/BreakGlass'];
      c.vaults.dr.accessPolicy.breakGlassPrincipals = ['arn:aws-cn:iam::111122223333:role/BreakGlass'];
    });
    expect(errorsOf(raw)).toEqual([
      `account.region: Region eu-west-1 is in partition aws, but account.partition is aws-cn: ${ONE_PARTITION}`,
      `vaults.dr.region: Region eu-central-1 is in partition aws, but account.partition is aws-cn: ${ONE_PARTITION}`,
    ]);
  });

  it('a China or GovCloud Region in an aws estate is an error', () => {
    expect(errorsOf(configWith((c) => (c.vaults.dr.region = 'cn-north-1')))).toEqual([`vaults.dr.region: Region cn-north-1 is in partition aws-cn, but account.partition is aws: ${ONE_PARTITION}`]);
    expect(errorsOf(organizationWith((c) => (c.accounts.orders.regions = ['eu-west-1', 'us-gov-west-1'])))).toEqual([
      `accounts.orders.regions.1: Region us-gov-west-1 is in partition aws-us-gov, but organization.partition is aws: ${ONE_PARTITION}`,
    ]);
  });

  it('a consistent China estate is valid', () => {
    const raw = configWith((c) => {
      c.account.partition = 'aws-cn';
      c.account.region = 'cn-north-1';
      c.vaults.dr.region = 'cn-northwest-1';
      c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws-cn:iam::111122223333:role/BreakGlass'];
      c.vaults.dr.accessPolicy.breakGlassPrincipals = ['arn:aws-cn:iam::111122223333:role/BreakGlass'];
      c.vaults.main.kmsKeyArn = 'arn:aws-cn:kms:cn-north-1:111122223333:key/k';
    });
    expect(errorsOf(raw)).toEqual([]);
  });
});

describe('ARNs, keys and principals are in the estate partition', () => {
  const wrong = (path: string, partition = 'aws-cn', estate = 'account.partition is aws') => `${path}: is an ARN of partition ${partition}, but ${estate}: ${ONE_PARTITION}`;
  const single: [string, Mutation, string][] = [
    ['kmsKeyArn', (c) => (c.vaults.main.kmsKeyArn = 'arn:aws-cn:kms:eu-west-1:111122223333:key/k'), wrong('vaults.main.kmsKeyArn')],
    ['break-glass principal', (c) => (c.vaults.main.accessPolicy.breakGlassPrincipals = ['arn:aws-us-gov:iam::111122223333:role/BreakGlass']), wrong('vaults.main.accessPolicy.breakGlassPrincipals.0', 'aws-us-gov')],
    ['key administrator', (c) => ((c.keys = { shared: { administrators: ['arn:aws-cn:iam::111122223333:role/Admin'] } }), (c.vaults.main.kmsKey = 'shared')), wrong('keys.shared.administrators.0')],
    ['service role', (c) => (c.serviceRole = { arn: 'arn:aws-cn:iam::111122223333:role/Backup' }), wrong('serviceRole.arn')],
    ['permissions boundary', (c) => (c.serviceRole = { permissionsBoundaryArn: 'arn:aws-cn:iam::aws:policy/Boundary' }), wrong('serviceRole.permissionsBoundaryArn')],
    ['selection role', (c) => (c.plans.gold.selections.tagged.role = 'arn:aws-cn:iam::111122223333:role/Selection'), wrong('plans.gold.selections.tagged.role')],
    ['selected resource', (c) => (c.plans.gold.selections.dbs = { resources: ['arn:aws-cn:rds:eu-west-1:111122223333:db:orders'] }), wrong('plans.gold.selections.dbs.resources.0')],
    ['state role', (c) => (c.state = { backend: 's3', bucket: 'state', region: 'eu-west-1', roleArn: 'arn:aws-cn:iam::111122223333:role/State' }), wrong('state.roleArn')],
    ['SQS subscription', (c) => (c.alerts = { subscriptions: { queue: { protocol: 'sqs', endpoint: 'arn:aws-cn:sqs:eu-west-1:111122223333:alerts' } } }), wrong('alerts.subscriptions.queue.endpoint')],
    [
      'Lambda subscription (one stack: a Lambda function is in its Region)',
      (c) => {
        delete c.vaults.dr;
        delete c.plans.gold.rules.daily.copies;
        c.alerts = { subscriptions: { fn: { protocol: 'lambda', endpoint: 'arn:aws-cn:lambda:eu-west-1:111122223333:function:notify' } } };
      },
      wrong('alerts.subscriptions.fn.endpoint'),
    ],
    [
      'restore testing resource',
      (c) => (c.restoreTesting = { weekly: { selections: { db: { resourceType: 'RDS', resources: ['arn:aws-cn:rds:eu-west-1:111122223333:db:orders'] } } } }),
      wrong('restoreTesting.weekly.selections.db.resources.0'),
    ],
    [
      'audit exempt principal',
      (c) => (c.audit = { controls: { BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED: { parameters: { principalArnList: 'arn:aws:iam::111122223333:role/Ops,arn:aws-cn:iam::111122223333:role/Ops' } } } }),
      wrong('audit.controls.BACKUP_RECOVERY_POINT_MANUAL_DELETION_DISABLED.parameters.principalArnList.1'),
    ],
  ];
  it.each(single)('%s', (_field, mutate, message) => {
    expect(errorsOf(configWith(mutate))).toEqual([message]);
  });

  it('in an organization: deploy roles, central principals, selected resources', () => {
    const raw = organizationWith((c) => {
      c.accounts.orders.deployRoleArn = 'arn:aws-us-gov:iam::444444444444:role/Deploy';
      c.organization.central.keyAdministrators = ['arn:aws-cn:iam::222222222222:role/KeyAdmin'];
      c.organization.central.accessPolicy.breakGlassPrincipals = ['arn:aws-cn:iam::222222222222:role/BreakGlass'];
      c.plans.gold.selections.dbs = { resources: ['arn:aws-cn:rds:eu-west-1:333333333333:db:orders'] };
    });
    const estate = 'organization.partition is aws';
    expect(errorsOf(raw)).toEqual([
      wrong('plans.gold.selections.dbs.resources.0', 'aws-cn', estate),
      wrong('organization.central.accessPolicy.breakGlassPrincipals.0', 'aws-cn', estate),
      wrong('organization.central.keyAdministrators.0', 'aws-cn', estate),
      wrong('accounts.orders.deployRoleArn', 'aws-us-gov', estate),
    ]);
  });
});

describe('Regions inside ARNs and control parameters', () => {
  const unknownIn = (path: string, region: string, hint: string) => `${path}: names Region "${region}", unknown to the pinned provider hashicorp/aws 5.100.0${hint}`;
  it('a key ARN in a Region the provider does not know (reported once, not also as another Region)', () => {
    expect(errorsOf(configWith((c) => (c.vaults.main.kmsKeyArn = 'arn:aws:kms:eu-west-9:111122223333:key/k')))).toEqual([unknownIn('vaults.main.kmsKeyArn', 'eu-west-9', ': did you mean eu-west-1?')]);
  });

  it('a key ARN in a Region of another partition', () => {
    expect(errorsOf(configWith((c) => (c.vaults.main.kmsKeyArn = 'arn:aws:kms:cn-north-1:111122223333:key/k')))).toEqual([
      `vaults.main.kmsKeyArn: names Region cn-north-1 of partition aws-cn, but account.partition is aws: ${ONE_PARTITION}`,
    ]);
  });

  it('an SQS endpoint, a restore testing resource, an organization selection', () => {
    expect(errorsOf(configWith((c) => (c.alerts = { subscriptions: { queue: { protocol: 'sqs', endpoint: 'arn:aws:sqs:us-south-1:111122223333:alerts' } } })))).toEqual([
      unknownIn('alerts.subscriptions.queue.endpoint', 'us-south-1', '; known us Regions: us-east-1, us-east-2, us-west-1, us-west-2'),
    ]);
    const restore = configWith((c) => (c.restoreTesting = { weekly: { selections: { db: { resourceType: 'RDS', resources: ['arn:aws:rds:eu-west-9:111122223333:db:orders'] } } } }));
    expect(errorsOf(restore)).toEqual([unknownIn('restoreTesting.weekly.selections.db.resources.0', 'eu-west-9', ': did you mean eu-west-1?')]);
    const organization = organizationWith((c) => (c.plans.gold.selections.dbs = { resources: ['arn:aws:rds:eu-west-9:333333333333:db:orders'] }));
    expect(errorsOf(organization)).toEqual([unknownIn('plans.gold.selections.dbs.resources.0', 'eu-west-9', ': did you mean eu-west-1?')]);
  });

  it('a single-account selection keeps its own message: the plan Region is the one to compare with', () => {
    expect(errorsOf(configWith((c) => (c.plans.gold.selections.dbs = { resources: ['arn:aws:rds:eu-west-9:111122223333:db:orders'] })))).toEqual([
      'plans.gold.selections.dbs.resources.0: is in eu-west-9 but the plan runs in eu-west-1: a plan backs up resources of its own Region only',
    ]);
  });

  it('crossRegionList of the cross-Region audit control', () => {
    const raw = configWith((c) => (c.audit = { controls: { BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION: { parameters: { crossRegionList: ['eu-central-1', 'eu-west-9', 'cn-north-1'] } } } }));
    const path = 'audit.controls.BACKUP_RESOURCES_PROTECTED_BY_CROSS_REGION.parameters.crossRegionList';
    expect(errorsOf(raw)).toEqual([
      `${path}.1: Region "eu-west-9" ${UNKNOWN}: did you mean eu-west-1?`,
      `${path}.2: Region cn-north-1 is in partition aws-cn, but account.partition is aws: ${ONE_PARTITION}`,
    ]);
  });
});

describe('hand-written backup policies', () => {
  const dir = mkdtempSync(join(tmpdir(), 'policies-'));
  const policy = (regions: string[], copyTo?: string) => ({
    plans: {
      archive: {
        regions: { '@@assign': regions },
        rules: {
          weekly: {
            schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' },
            target_backup_vault_name: { '@@assign': 'baseline' },
            lifecycle: { delete_after_days: { '@@assign': '365' } },
            ...(copyTo ? { copy_actions: { [copyTo]: { target_backup_vault_arn: { '@@assign': copyTo }, lifecycle: { delete_after_days: { '@@assign': '365' } } } } } : {}),
          },
        },
        selections: { tags: { archive: { iam_role_arn: { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' }, tag_key: { '@@assign': 'backup' }, tag_value: { '@@assign': ['archive'] } } } },
      },
    },
  });
  const withPolicy = (document: unknown) => {
    writeFileSync(join(dir, 'archive.json'), JSON.stringify(document));
    const raw = organizationWith((c) => (c.organization.policies.archive = { file: 'archive.json', targets: ['workloads'] }));
    return checkRawConfig(raw, { baseDir: dir }).errors.map((p) => `${p.path}: ${p.message}`);
  };

  it('name Regions the provider knows, in the estate partition', () => {
    expect(withPolicy(policy(['eu-west-1']))).toEqual([]);
    expect(withPolicy(policy(['eu-west-1', 'eu-west-9']))).toEqual([
      // The policy validator's verdict, the one validate-policy gives on the file alone.
      "organization.policies.archive.file: $.plans.archive.regions['@@assign'][1]: Region \"eu-west-9\" is unknown to the pinned provider hashicorp/aws 5.100.0: did you mean eu-west-1?",
    ]);
  });

  it('run in the estate partition', () => {
    expect(withPolicy(policy(['cn-north-1']))).toEqual([
      // The policy validator's own rule: one partition inside the document.
      'organization.policies.archive.file: $.plans.archive.selections.tags.archive.iam_role_arn: is in partition "aws" but the plan\'s Regions are in partition "aws-cn"',
      `organization.policies.archive.file: plan archive: Region cn-north-1 is in partition aws-cn, but organization.partition is aws: ${ONE_PARTITION}`,
    ]);
  });

  it('copy to vaults in Regions the provider knows (their partition is the policy validator\'s: the plan Regions\')', () => {
    const arn = 'arn:aws:backup:eu-west-9:222222222222:backup-vault:central-backup';
    expect(withPolicy(policy(['eu-west-1'], arn))).toEqual([
      `organization.policies.archive.file: plan archive: copy destination ${arn} names Region "eu-west-9", unknown to the pinned provider hashicorp/aws 5.100.0: did you mean eu-west-1?`,
    ]);
  });
});
