/**
 * Coverage of real inventories (report/coverage.ts, cli/coverage.ts): inventory files in the AWS
 * CLI's formats (__tests__/fixtures/coverage/: get-resources and Resource Explorer output), judged
 * against a config with tag, condition, wildcard-ARN, notResources and S3 selections.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { checkRawConfig } from '../../config';
import type { EstateModel, WorkloadStackModel } from '../../config/estate-model';
import { coverageJson, coverageMarkdown, coverageOf, InventoryError, parseInventory, type CoverageGroup, type InventoryResource } from '../../report/coverage';
import { runCoverage } from '../../cli/coverage';
import { ROOT, runCommand } from '../support/cli';
import { configWith, findings, organizationWith, type RawConfig } from '../support/configs';

const FIXTURES = join(__dirname, '..', 'fixtures', 'coverage');
const fixture = (name: string): string => readFileSync(join(FIXTURES, name), 'utf8');
const ACCOUNT = '111122223333';
const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
const QUESTION_MARK_WARNING =
  'plans.silver.selections.payments.conditions.stringLike.team: holds "?": AWS documents only * as a wildcard in AWS Backup conditions, so whether ? matches one character is unknown; coverage counts a resource only when both readings select it';

/** The base test config with three plans: by tags, by conditions (one with "?"), by ARNs. */
function coverageConfig(): RawConfig {
  return configWith((config) => {
    // Hours apart: plans whose selections may share a resource contend for it, one backup job per resource at a time (core/plan-contention.ts).
    const daily = (hour: number) => ({ schedule: `cron(0 ${hour} ? * * *)`, lifecycle: { deleteAfterDays: 35 } });
    config.plans.silver = {
      vault: 'main',
      rules: { daily: daily(10) },
      selections: {
        conditioned: { conditions: { stringEquals: { backup: 'silver' }, stringNotEquals: { env: 'dev' } }, resources: ['*'] },
        payments: { conditions: { stringLike: { team: 'pay?' } }, resources: ['*'] },
      },
    };
    config.plans.tables = {
      vault: 'main',
      rules: { daily: daily(15) },
      selections: {
        arns: {
          resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-*`, 'arn:aws:s3:::audit-logs'],
          notResources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-tmp`],
        },
      },
    };
    config.regionSettings = {};
  });
}

function modelOf(raw: RawConfig): EstateModel {
  const check = checkRawConfig(raw);
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return check.model;
}

const model = modelOf(coverageConfig());
const groupIn = (groups: readonly CoverageGroup[], region: string): CoverageGroup => groups.find((group) => group.region === region) as CoverageGroup;
const arns = (resources: readonly { arn: string }[]): string[] => resources.map((resource) => resource.arn);

describe('parseInventory', () => {
  it('reads get-resources output: ARNs, tags, and the home of S3 buckets from the other ARNs of the file', () => {
    const resources = parseInventory(fixture('tagging-eu-west-1.json'), 'tagging-eu-west-1.json');
    expect(resources).toHaveLength(12);
    expect(resources[1]).toEqual({ arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-prod`, tags: { backup: 'silver', env: 'prod' }, accountId: ACCOUNT, region: 'eu-west-1' });
    expect(resources.find((resource) => resource.arn === 'arn:aws:s3:::audit-logs')).toEqual({ arn: 'arn:aws:s3:::audit-logs', tags: { owner: 'security' }, accountId: ACCOUNT, region: 'eu-west-1' });
  });

  it('reads Resource Explorer output: account and Region from the entry, tags from its tags property, unknown without one', () => {
    const resources = parseInventory(fixture('explorer-untagged.json'), 'explorer-untagged.json');
    expect(resources.find((resource) => resource.arn.endsWith('fs-0gold'))?.tags).toEqual({ backup: 'gold' });
    expect(resources.find((resource) => resource.arn.endsWith('vol-0untagged'))).toEqual({ arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0untagged`, accountId: ACCOUNT, region: 'eu-west-1' });
    expect(resources.find((resource) => resource.arn === 'arn:aws:s3:::dr-copies')).toMatchObject({ accountId: ACCOUNT, region: 'eu-central-1' });
  });

  it('needs the home of a file of S3 buckets only, and takes it when given', () => {
    expect(() => parseInventory(fixture('buckets.json'), 'buckets.json')).toThrow(
      new InventoryError(`buckets.json: arn:aws:s3:::audit-logs names no account or Region and the file's other ARNs do not tell them: give them with --inventory ACCOUNT:REGION=buckets.json`),
    );
    expect(parseInventory(fixture('buckets.json'), 'buckets.json', HOME).map((resource) => `${resource.accountId}:${resource.region}`)).toEqual([`${ACCOUNT}:eu-west-1`, `${ACCOUNT}:eu-west-1`]);
  });

  it('refuses an inventory cut short: a search past 1,000 results, a first page only', () => {
    expect(() => parseInventory(fixture('explorer-cut-short.json'), 'cut.json')).toThrow(
      new InventoryError(
        'cut.json: incomplete inventory: the search stopped at 1,000 results (Count.Complete is false): search per Region or resource type, or use aws resource-explorer-2 list-resources',
      ),
    );
    expect(() => parseInventory(fixture('tagging-first-page.json'), 'page.json')).toThrow(
      new InventoryError('page.json: incomplete inventory: it holds a NextToken: only the first page was written (--max-items?); run the command again without it'),
    );
  });

  it('refuses what is not an inventory, naming the file', () => {
    expect(() => parseInventory('{"ResourceTagMappingList": [', 'x.json')).toThrow(/^x\.json: not JSON \(/);
    expect(() => parseInventory('{"Reservations": []}', 'ec2.json')).toThrow(
      new InventoryError('ec2.json: neither ResourceTagMappingList nor Resources: not the output of aws resourcegroupstaggingapi get-resources or aws resource-explorer-2 search / list-resources'),
    );
    expect(() => parseInventory('{"ResourceTagMappingList": [{"Tags": []}]}', 'y.json')).toThrow(new InventoryError('y.json: ResourceTagMappingList[0] has no ARN'));
    expect(() => parseInventory('{"Resources": [{"Arn": "i-123"}]}', 'z.json')).toThrow(new InventoryError('z.json: Resources[0] has no ARN'));
  });
});

describe('coverageOf a get-resources inventory', () => {
  const report = coverageOf(model, parseInventory(fixture('tagging-eu-west-1.json'), 'tagging-eu-west-1.json'));
  const group = groupIn(report.groups, 'eu-west-1');

  it('judges every resource of a type AWS Backup protects, and only those', () => {
    expect(group).toMatchObject({ account: 'test', accountId: ACCOUNT, stack: 'test-eu-west-1', listed: 12, supported: 11, covered: 4 });
    expect(report.totals).toEqual({ supported: 11, covered: 4, uncovered: 4, optedOut: 0, coveredIf: 3, doubleCovered: 1, notJudged: 0 });
  });

  // GetSupportedResourceTypes lists EKS; a tag selection reaches it once the Region settings opt it in, as the synthesized ones do.
  it('judges an EKS cluster as any other type: covered by the tag selection that selects it, uncovered when no plan selects it (it was "not judged")', () => {
    expect(group.notJudged).toEqual([]);
    expect(coverageJson(report)).toContain(`"arn": "arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/payments"`);
    const untagged: InventoryResource = { arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/untagged`, tags: {}, ...HOME };
    const alone = coverageOf(model, [untagged]);
    expect(alone.totals).toEqual({ supported: 1, covered: 0, uncovered: 1, optedOut: 0, coveredIf: 0, doubleCovered: 0, notJudged: 0 });
    expect(coverageMarkdown(alone)).toContain(`| \`arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/untagged\` | EKS | no selection of any plan selects it |`);
  });

  it('lists as not judged, never as of no type AWS Backup protects, Redshift Serverless namespaces', () => {
    const serverless: InventoryResource = { arn: `arn:aws:redshift-serverless:eu-west-1:${ACCOUNT}:namespace/0f1e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b`, tags: { backup: 'gold' }, ...HOME };
    const report = coverageOf(model, [serverless]);
    const group = groupIn(report.groups, 'eu-west-1');
    expect(group.notJudged).toEqual([{ arn: serverless.arn, type: 'Redshift Serverless' }]);
    expect(group.otherServices).toEqual({});
    expect(coverageMarkdown(report)).toContain('**1 of a type AWS Backup protects that this version does not judge (Redshift Serverless): check them by hand**');
    // Not "the Region settings of hashicorp/aws 5.100.0 do not know the type": its opt-in map takes any key.
    expect(coverageMarkdown(report)).toContain(
      `| \`${serverless.arn}\` | Redshift Serverless | AWS Backup protects Redshift Serverless, but backup-estate's type table does not hold it yet (its ARN shapes, Region opt-in and features): whether a plan covers it is not checked |`,
    );
  });

  // "To use AWS Backup to create backups of your Amazon Aurora DSQL clusters, you must enable protection for Aurora DSQL" (AWS Backup,
  // "Amazon Aurora DSQL backups"): the synthesized Region settings opt DSQL in where AWS Backup offers it, as they do EKS.
  it('judges an Aurora DSQL cluster where AWS Backup offers DSQL: covered by the tag selection that selects it, uncovered when none does (it was "not judged")', () => {
    const tagged: InventoryResource = { arn: `arn:aws:dsql:eu-west-1:${ACCOUNT}:cluster/abcdefghijklmnopqrstuvwxyz`, tags: { backup: 'gold' }, ...HOME };
    const untagged: InventoryResource = { arn: `arn:aws:dsql:eu-west-1:${ACCOUNT}:cluster/zyxwvutsrqponmlkjihgfedcba`, tags: {}, ...HOME };
    const report = coverageOf(model, [tagged, untagged]);
    expect(report.totals).toEqual({ supported: 2, covered: 1, uncovered: 1, optedOut: 0, coveredIf: 0, doubleCovered: 0, notJudged: 0 });
    expect(coverageMarkdown(report)).toContain(`| \`${untagged.arn}\` | DSQL | no selection of any plan selects it |`);
  });

  it('does not judge a DSQL cluster in a Region where AWS Backup documents no DSQL backups: no DSQL opt-in is written there', () => {
    const saModel = modelOf(configWith((config) => (config.account.region = 'sa-east-1')));
    const dsql: InventoryResource = { arn: `arn:aws:dsql:sa-east-1:${ACCOUNT}:cluster/abcdefghijklmnopqrstuvwxyz`, tags: { backup: 'gold' }, accountId: ACCOUNT, region: 'sa-east-1' };
    const report = coverageOf(saModel, [dsql]);
    expect(report.totals).toEqual({ supported: 0, covered: 0, uncovered: 0, optedOut: 0, coveredIf: 0, doubleCovered: 0, notJudged: 1 });
    const why =
      'AWS Backup documents DSQL backups only in us-east-1, us-east-2, us-west-2, ca-central-1, ca-west-1, eu-west-1, eu-west-2, eu-west-3, eu-central-1, eu-north-1, eu-south-2, ap-northeast-1, ap-northeast-2, ap-northeast-3, ap-south-1, ap-southeast-1, ap-southeast-2, ap-southeast-4, not in sa-east-1: backup-estate writes no DSQL opt-in here (AWS refuses Region settings naming a type the Region does not offer), so whether a plan covers it is not checked';
    expect(groupIn(report.groups, 'sa-east-1').notJudged).toEqual([{ arn: dsql.arn, type: 'DSQL', why }]);
    expect(coverageMarkdown(report)).toContain('**1 of a type AWS Backup protects that this version does not judge (in its Region) (DSQL): check them by hand**');
    expect(coverageMarkdown(report)).toContain(`| \`${dsql.arn}\` | DSQL | ${why} |`);
  });

  it('lists as uncovered what a condition, notResources or no selection leaves out', () => {
    expect(arns(group.uncovered)).toEqual([
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-tmp`, // notResources
      `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0payments`, // "pay?" matches "pay1" only if ? is a wildcard
      `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-dev`, // stringNotEquals env: dev
      'arn:aws:s3:::scratch-data', // no selection
    ]);
  });

  it('counts by service what is of no type AWS Backup protects, and lists in the JSON what it covers', () => {
    expect(group.otherServices).toEqual({ sns: 1 });
    expect(coverageMarkdown(report)).toContain('Of no type AWS Backup protects (not judged): sns 1.');
    expect(group.coveredResources).toEqual([
      { arn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-2024`, types: ['DynamoDB'], plans: ['tables'] },
      { arn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-main`, types: ['DynamoDB'], plans: ['gold', 'tables'] },
      { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0gold`, types: ['EBS'], plans: ['gold'] },
      { arn: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/payments`, types: ['EKS'], plans: ['gold'] },
    ]);
    expect(group.coveredResources).toHaveLength(group.covered);
  });

  it('names the plans covering a resource more than once', () => {
    expect(group.doubleCovered).toEqual([{ arn: `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-main`, types: ['DynamoDB'], plans: ['gold', 'tables'] }]);
  });

  it('says what it cannot see, and writes the totals as Markdown and JSON', () => {
    const markdown = coverageMarkdown(report);
    expect(markdown).toContain('**11 resources of types AWS Backup protects · 4 covered · 4 uncovered · 0 opted out · 3 covered only if · 1 covered by more than one plan**');
    expect(markdown).toContain('`aws resourcegroupstaggingapi get-resources` lists only resources that are or once were tagged');
    expect(markdown).toContain(`| \`arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-dev\` | RDS | no selection of any plan selects it |`);
    expect(JSON.parse(coverageJson(report))).toMatchObject({ version: 1, totals: report.totals });
  });
});

describe('coverageOf resources whose tags are unknown (Resource Explorer)', () => {
  const report = coverageOf(model, parseInventory(fixture('explorer-untagged.json'), 'explorer-untagged.json'));

  it('counts them covered only by a selection that takes them whatever their tags', () => {
    const group = groupIn(report.groups, 'eu-west-1');
    expect(arns(group.uncovered)).toEqual([`arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0untagged`, `arn:aws:rds:eu-west-1:${ACCOUNT}:db:reporting`]);
    expect(group.covered).toBe(2); // the ARN-selected table, and the file system whose tags are given
  });

  it('judges a resource in the Region the entry names, where no plan runs', () => {
    const group = groupIn(report.groups, 'eu-central-1');
    expect(arns(group.uncovered)).toEqual(['arn:aws:s3:::dr-copies']);
    expect(group.notes).toEqual(['no backup plan runs here']);
  });
});

describe('coverageOf, the edge cases', () => {
  it('judges a resource listed by two inventories once, with the tags one of them gives', () => {
    const tagged: InventoryResource = { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0both`, tags: { backup: 'gold' }, ...HOME };
    const unknown: InventoryResource = { arn: tagged.arn, ...HOME };
    for (const inventory of [
      [unknown, tagged],
      [tagged, unknown],
    ]) {
      expect(coverageOf(model, inventory).totals).toEqual({ supported: 1, covered: 1, uncovered: 0, optedOut: 0, coveredIf: 0, doubleCovered: 0, notJudged: 0 });
    }
  });

  it('judges a bucket two inventories place in different Regions in each, whatever the order of the files', () => {
    const here: InventoryResource = { arn: 'arn:aws:s3:::data-eu', tags: { backup: 'gold' }, ...HOME };
    const elsewhere: InventoryResource = { ...here, region: 'eu-central-1' };
    for (const inventory of [
      [here, elsewhere],
      [elsewhere, here],
    ]) {
      const report = coverageOf(model, inventory);
      expect(arns(groupIn(report.groups, 'eu-west-1').coveredIf)).toEqual([here.arn]);
      expect(arns(groupIn(report.groups, 'eu-central-1').uncovered)).toEqual([here.arn]);
    }
  });

  it('a cluster ARN (Aurora, DocumentDB or Neptune) with some of those types opted out is covered only if it is one of the others', () => {
    const optIn = (types: string[]): EstateModel => ({
      ...model,
      stacks: model.stacks.map((stack) => (stack.kind === 'workload' && stack.regionSettings ? ({ ...stack, regionSettings: { ...stack.regionSettings, optIn: types } } as WorkloadStackModel) : stack)),
    });
    const cluster: InventoryResource = { arn: `arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:ledger`, tags: { backup: 'gold' }, ...HOME };
    const partly = groupIn(coverageOf(optIn(['Aurora', 'EBS']), [cluster]).groups, 'eu-west-1');
    expect(arns(partly.coveredResources)).toEqual([]);
    expect(partly.coveredIf.map((entry) => entry.condition)).toEqual([
      "it is Aurora: the Region's settings opt DocumentDB, Neptune, RDS out, and AWS skips a resource of an opted-out type (no job, no failure)",
    ]);
    expect(arns(groupIn(coverageOf(optIn(['EBS']), [cluster]).groups, 'eu-west-1').optedOut)).toEqual([cluster.arn]);
    expect(arns(groupIn(coverageOf(optIn(['Aurora', 'DocumentDB', 'Neptune', 'RDS']), [cluster]).groups, 'eu-west-1').coveredResources)).toEqual([cluster.arn]);
  });

  it('does not count as covered what Region settings opt out', () => {
    // The config opts in every type its selections reach; a model whose settings leave types out shows what AWS would skip.
    const narrowed: EstateModel = {
      ...model,
      stacks: model.stacks.map((stack) => (stack.kind === 'workload' && stack.regionSettings ? ({ ...stack, regionSettings: { ...stack.regionSettings, optIn: ['EBS'] } } as WorkloadStackModel) : stack)),
    };
    const report = coverageOf(narrowed, parseInventory(fixture('tagging-eu-west-1.json'), 'tagging-eu-west-1.json'));
    // What tags select is skipped, and so is what a pattern of part of a type selects (table/orders-*: AWS documents the opt-in
    // bypassed for a whole type only); what the tables plan lists by the ARN of the resource itself (an S3 bucket) is not.
    expect(report.totals).toEqual({ supported: 11, covered: 1, uncovered: 4, optedOut: 5, coveredIf: 1, doubleCovered: 1, notJudged: 0 });
    expect(arns(groupIn(report.groups, 'eu-west-1').optedOut)).toEqual([
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-2024`,
      `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders-main`,
      `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0literal`,
      `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/payments`,
      `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-prod`,
    ]);
  });

  // AWS Backup Developer Guide, "Assign resources with AWS CLI": with arn:aws:ec2:* (selection by service name) "EC2 instances
  // will be included in the backup only if the opt-in setting for the EC2 resource type is enabled"; with the resource type
  // (arn:aws:ec2:*:*:instance/*) "EC2 instances will be backed up regardless of the opt-in setting". Config and coverage agree.
  it('counts a resource of an opted-out type covered when a plan lists it by an ARN naming its type, not by the service alone', () => {
    const instance: InventoryResource = { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0web`, tags: {}, ...HOME };
    const selecting = (arn: string): CoverageGroup =>
      groupIn(
        coverageOf(
          modelOf(
            configWith((c) => {
              c.plans.gold.selections = { listed: { resources: [arn] } };
              c.regionSettings = { optOut: ['EC2'] };
            }),
          ),
          [instance],
        ).groups,
        'eu-west-1',
      );
    expect(arns(selecting('arn:aws:ec2:*:*:instance/*').coveredIf)).toEqual([instance.arn]); // only if EBS-backed, as any instance
    expect(arns(selecting('arn:aws:ec2:*:*:instance/*').optedOut)).toEqual([]);
    expect(arns(selecting('arn:aws:ec2:*').optedOut)).toEqual([instance.arn]);
  });

  // "Shared resource types": "FSx and FSx for OpenZFS share the ARN format arn:aws:fsx:::file-system/*. Enable the respective
  // opt-in settings to backup these file systems." A file system listed by ARN is skipped when FSx is opted out; a volume is not.
  it('counts an FSx file system listed by ARN as opted out with FSx opted out (a shared ARN shape), an FSx volume listed by ARN as covered', () => {
    const fileSystem: InventoryResource = { arn: `arn:aws:fsx:eu-west-1:${ACCOUNT}:file-system/fs-0win`, tags: {}, ...HOME };
    const volume: InventoryResource = { arn: `arn:aws:fsx:eu-west-1:${ACCOUNT}:volume/fsvol-0zfs`, tags: {}, ...HOME };
    const group = groupIn(
      coverageOf(
        modelOf(
          configWith((c) => {
            c.plans.gold.selections = { listed: { resources: [fileSystem.arn, volume.arn] } };
            c.regionSettings = { optOut: ['FSx'] };
          }),
        ),
        [fileSystem, volume],
      ).groups,
      'eu-west-1',
    );
    expect(arns(group.optedOut)).toEqual([fileSystem.arn]);
    expect(arns([...group.coveredResources, ...group.coveredIf])).toEqual([volume.arn]);
  });

  it('says so where the config does not manage Region settings', () => {
    const unmanaged = modelOf({ ...coverageConfig(), regionSettings: undefined });
    const report = coverageOf(unmanaged, parseInventory(fixture('tagging-eu-west-1.json'), 'tagging-eu-west-1.json'));
    expect(groupIn(report.groups, 'eu-west-1').notes).toEqual([
      'Region settings are not managed by this config here (no regionSettings): what only tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select, and rds clusters and FSx file systems however they are selected, are covered only if the account\'s opt-ins include their type',
    ]);
  });

  it('warns at the config about a "?" in a stringLike pattern', () => {
    expect(findings(coverageConfig()).warnings).toEqual([QUESTION_MARK_WARNING]);
  });
});

describe('coverageOf, what the inventory cannot show', () => {
  it('lists as covered only if what AWS backs up only under a condition no inventory shows', () => {
    const group = groupIn(coverageOf(model, parseInventory(fixture('tagging-eu-west-1.json'), 'tagging-eu-west-1.json')).groups, 'eu-west-1');
    expect(group.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([
      [`arn:aws:ec2:eu-west-1:${ACCOUNT}:instance/i-0literal`, 'the instance is EBS-backed (AWS Backup excludes instance store-backed instances)'],
      [
        `arn:aws:rds:eu-west-1:${ACCOUNT}:db:orders-prod`,
        'the instance is no member of an Aurora, DocumentDB or Neptune cluster (AWS Backup backs up such a cluster, by its cluster ARN, not its instances)',
      ],
      ['arn:aws:s3:::audit-logs', 'S3 Versioning is enabled on the bucket (AWS Backup for S3 requires it)'],
    ]);
  });

  it('covers an FSx file system only if FSx backs it up (not ONTAP, not scratch or data-repository-linked Lustre), and a volume only if an ONTAP RW volume', () => {
    // ARNs do not tell ONTAP from Lustre, nor an ONTAP volume (RW, DP, LS, FlexCache) from an OpenZFS volume.
    const fileSystem: InventoryResource = { arn: `arn:aws:fsx:eu-west-1:${ACCOUNT}:file-system/fs-0lustre`, tags: { backup: 'gold' }, ...HOME };
    const volume: InventoryResource = { arn: `arn:aws:fsx:eu-west-1:${ACCOUNT}:volume/fs-0openzfs/fsvol-0data`, tags: { backup: 'gold' }, ...HOME };
    const report = coverageOf(model, [fileSystem, volume]);
    expect(report.totals).toMatchObject({ supported: 2, covered: 0, coveredIf: 2 });
    const markdown = coverageMarkdown(report);
    expect(markdown).toContain(
      `| \`${fileSystem.arn}\` | FSx | selected by gold; backed up only if the file system is not FSx for NetApp ONTAP (AWS Backup backs up ONTAP volumes: select or tag the volumes, not the file system) and not a scratch or data-repository-linked FSx for Lustre file system (FSx backs up neither) |`,
    );
    expect(markdown).toContain(
      `| \`${volume.arn}\` | FSx | selected by gold; backed up only if the volume is an FSx for NetApp ONTAP read-write (RW) volume: FSx backs up no OpenZFS volume (AWS Backup backs up the OpenZFS file system) and no ONTAP data protection (DP), load-sharing (LS) or FlexCache destination volume |`,
    );
  });

  it('judges Storage Gateway volumes and Timestream tables, never the gateway or database that holds them', () => {
    const tagged = (arn: string): InventoryResource => ({ arn, tags: { backup: 'gold' }, ...HOME });
    const report = coverageOf(model, [
      tagged(`arn:aws:storagegateway:eu-west-1:${ACCOUNT}:gateway/sgw-12A3456B`),
      tagged(`arn:aws:storagegateway:eu-west-1:${ACCOUNT}:gateway/sgw-12A3456B/volume/vol-1122AABB`),
      tagged(`arn:aws:timestream:eu-west-1:${ACCOUNT}:database/metrics`),
      tagged(`arn:aws:timestream:eu-west-1:${ACCOUNT}:database/metrics/table/cpu`),
    ]);
    expect(report.totals).toMatchObject({ supported: 2, covered: 2 });
    expect(groupIn(report.groups, 'eu-west-1').listed).toBe(4);
  });

  it('counts a resource two inventories list with different tags as covered only if every listing is selected, in any order', () => {
    const gold: InventoryResource = { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0changed`, tags: { backup: 'gold' }, ...HOME };
    const none: InventoryResource = { ...gold, tags: { backup: 'none' } };
    for (const inventory of [
      [gold, none],
      [none, gold],
    ]) {
      const report = coverageOf(model, inventory);
      expect(report.totals).toMatchObject({ supported: 1, covered: 0, uncovered: 1 });
      expect(groupIn(report.groups, 'eu-west-1').conflictingTags).toEqual([gold.arn]);
      expect(coverageMarkdown(report)).toContain(
        `> The inventories give different tags for \`${gold.arn}\`: counted covered only if the plans select every listing's tags (one of them is stale).`,
      );
    }
    expect(coverageOf(model, [gold, { ...gold, tags: { backup: 'gold', team: 'a' } }]).totals).toMatchObject({ covered: 1, uncovered: 0 });
  });
});

describe('coverageOf the selections of a hand-written backup policy', () => {
  const ORDERS = '444444444444';
  const tag = (key: string, value: string) => ({ Key: key, Value: value });
  /** A policy with two plans: eu-west-1 selects backup-archive=weekly where env=prod; us-east-1 selects backup-archive=monthly. */
  function policyEstate(condition: { condition_key: { '@@assign': string }; condition_value: { '@@assign': string } }): EstateModel {
    const dir = mkdtempSync(join(tmpdir(), 'coverage-policy-'));
    mkdirSync(join(dir, 'policies'));
    const role = { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' };
    const rules = { weekly: { schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' }, target_backup_vault_name: { '@@assign': 'baseline' } } };
    const plan = (region: string, value: string, conditions?: object) => ({
      regions: { '@@assign': [region] },
      rules,
      selections: { tags: { archive: { iam_role_arn: role, tag_key: { '@@assign': 'backup-archive' }, tag_value: { '@@assign': [value] }, ...(conditions ? { conditions } : {}) } } },
    });
    const policy = { plans: { weekly: plan('eu-west-1', 'weekly', { string_equals: { env: condition } }), monthly: plan('us-east-1', 'monthly') } };
    writeFileSync(join(dir, 'policies', 'archive.json'), JSON.stringify(policy));
    const raw = organizationWith((c) => {
      c.accounts.orders.regions = ['eu-west-1', 'us-east-1'];
      c.organization.policies.archive = { file: 'policies/archive.json', targets: ['orders'] };
    });
    const check = checkRawConfig(raw, { baseDir: dir });
    if (!check.model) throw new Error(JSON.stringify(check.errors));
    return check.model;
  }
  const inventory = (tags: { Key: string; Value: string }[][]): InventoryResource[] =>
    parseInventory(JSON.stringify({ ResourceTagMappingList: tags.map((list, index) => ({ ResourceARN: `arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-${index}`, Tags: list })) }), 'orders.json');
  const envIsProd = { condition_key: { '@@assign': 'aws:ResourceTag/env' }, condition_value: { '@@assign': 'prod' } };

  it('counts a resource covered only when its conditions hold, and only in the Regions of the plan that selects it', () => {
    const report = coverageOf(
      policyEstate(envIsProd),
      inventory([[tag('backup-archive', 'weekly'), tag('env', 'prod')], [tag('backup-archive', 'weekly'), tag('env', 'dev')], [tag('backup-archive', 'monthly')]]),
    );
    const group = groupIn(report.groups, 'eu-west-1');
    expect(group.covered).toBe(1);
    expect(group.uncovered.map((resource) => resource.arn)).toEqual([`arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-1`, `arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-2`]);
  });

  it('credits nothing to a selection with a condition it cannot read', () => {
    const other = { condition_key: { '@@assign': 'aws:RequestTag/env' }, condition_value: { '@@assign': 'prod' } };
    const report = coverageOf(policyEstate(other), inventory([[tag('backup-archive', 'weekly'), tag('env', 'prod')]]));
    expect(report.totals).toMatchObject({ covered: 0, uncovered: 1 });
  });
});

describe('backup-estate coverage', () => {
  const dir = mkdtempSync(join(tmpdir(), 'coverage-cli-'));
  writeFileSync(join(dir, 'backup.yaml'), stringify(coverageConfig()));
  for (const name of ['tagging-eu-west-1.json', 'buckets.json', 'explorer-cut-short.json']) writeFileSync(join(dir, name), fixture(name));

  it('prints the Markdown, writes --out and --json, and exits 0 without --fail-on-uncovered', () => {
    const result = runCommand(runCoverage, ['--inventory', 'tagging-eu-west-1.json', '--out', 'coverage.md', '--json', 'coverage.json'], dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(readFileSync(join(dir, 'coverage.md'), 'utf8'));
    expect(result.stderr).toBe(
      `warning ${QUESTION_MARK_WARNING}\ncoverage: 4 uncovered, 0 covered only through an opted-out type\ncoverage: 3 selected but backed up only if something the inventory cannot show holds: see "Covered only if" in the report\n`,
    );
    expect(JSON.parse(readFileSync(join(dir, 'coverage.json'), 'utf8')).totals).toMatchObject({ covered: 4, coveredIf: 3 });
  });

  it('fails --fail-on-uncovered on an EKS cluster no plan selects (it exited 0: EKS was "not judged")', () => {
    const clusters = { ResourceTagMappingList: [{ ResourceARN: `arn:aws:eks:eu-west-1:${ACCOUNT}:cluster/untagged`, Tags: [] }] };
    writeFileSync(join(dir, 'clusters.json'), JSON.stringify(clusters));
    const result = runCommand(runCoverage, ['--inventory', 'clusters.json', '--fail-on-uncovered'], dir);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe(`warning ${QUESTION_MARK_WARNING}\ncoverage: 1 uncovered, 0 covered only through an opted-out type\n`);
  });

  it('says on stderr, in the report\'s words, what it does not judge: a Redshift Serverless namespace, exit 0 even with --fail-on-uncovered', () => {
    const namespaces = { ResourceTagMappingList: [{ ResourceARN: `arn:aws:redshift-serverless:eu-west-1:${ACCOUNT}:namespace/abc`, Tags: [] }] };
    writeFileSync(join(dir, 'namespaces.json'), JSON.stringify(namespaces));
    const result = runCommand(runCoverage, ['--inventory', 'namespaces.json', '--fail-on-uncovered'], dir);
    expect(result.status).toBe(0);
    expect(result.stderr).toBe(`warning ${QUESTION_MARK_WARNING}\ncoverage: 1 of a type AWS Backup protects that this version does not judge (Redshift Serverless): check them by hand\n`);
    expect(result.stdout).toContain('**1 of a type AWS Backup protects that this version does not judge (Redshift Serverless): check them by hand**');
  });

  it('refuses a config the rule pack refuses, as validate does, as an input it cannot read: exit 2, nothing written (it called resources covered by plans synth never writes)', () => {
    // The example without its suppressions: the silver tier's 14 days are two rule-pack errors.
    writeFileSync(join(dir, 'unsuppressed.yaml'), readFileSync(join(ROOT, 'examples/single-account.yaml'), 'utf8').replace(/^compliance:[\s\S]*$/m, ''));
    const result = runCommand(runCoverage, ['--inventory', 'tagging-eu-west-1.json', '--config', 'unsuppressed.yaml', '--out', 'refused.md'], dir);
    expect(result).toMatchObject({ status: 2, stdout: '' });
    expect(result.stderr.split('\n').slice(-3)).toEqual(['compliance: 2 error(s), 4 warning(s), 0 suppressed', 'unsuppressed.yaml: compliance rule pack found errors; nothing was written', '']);
    expect(existsSync(join(dir, 'refused.md'))).toBe(false);
  });

  it('exits 1 with --fail-on-uncovered when something is uncovered, 0 when nothing is', () => {
    expect(runCommand(runCoverage, ['--inventory', 'tagging-eu-west-1.json', '--fail-on-uncovered'], dir).status).toBe(1);
    const covered = runCommand(runCoverage, ['--inventory', `${ACCOUNT}:eu-west-1=buckets.json`, '--config', 'backup.yaml', '--fail-on-uncovered'], dir);
    // Both buckets are selected; whether they are versioned, the inventory cannot tell: not a finding, never silent.
    expect(covered).toMatchObject({
      status: 0,
      stderr: `warning ${QUESTION_MARK_WARNING}\ncoverage: 2 selected but backed up only if something the inventory cannot show holds: see "Covered only if" in the report\n`,
    });
    expect(covered.stdout).toContain('**2 resources of types AWS Backup protects · 0 covered · 0 uncovered · 0 opted out · 2 covered only if · 0 covered by more than one plan**');
  });

  it('reads ACCOUNT:REGION=FILE for every Region the config takes (core/limits.ts REGION_PATTERN): eusc-de-east-1 was read as a file name, "not found"', () => {
    const buckets = { ResourceTagMappingList: [{ ResourceARN: 'arn:aws-eusc:s3:::sovereign-data', Tags: [] }] };
    writeFileSync(join(dir, 'eusc-buckets.json'), JSON.stringify(buckets));
    const result = runCommand(runCoverage, ['--inventory', `${ACCOUNT}:eusc-de-east-1=eusc-buckets.json`, '--json', 'eusc.json'], dir);
    expect(result.status).toBe(0);
    const groups = (JSON.parse(readFileSync(join(dir, 'eusc.json'), 'utf8')) as { groups: CoverageGroup[] }).groups;
    expect(groups.map((group) => [group.accountId, group.region, arns(group.uncovered)])).toEqual([[ACCOUNT, 'eusc-de-east-1', ['arn:aws-eusc:s3:::sovereign-data']]]);
  });

  it('exits 2 with the reason on a usage error or an inventory it cannot judge', () => {
    expect(runCommand(runCoverage, [], dir)).toMatchObject({ status: 2, stderr: expect.stringMatching(/^coverage: give at least one --inventory FILE/) });
    expect(runCommand(runCoverage, ['--inventory', 'missing.json'], dir)).toMatchObject({ status: 2, stderr: 'coverage: missing.json: not found\n' });
    expect(runCommand(runCoverage, ['--inventory', 'explorer-cut-short.json'], dir)).toMatchObject({
      status: 2,
      stdout: '',
      stderr: 'coverage: explorer-cut-short.json: incomplete inventory: the search stopped at 1,000 results (Count.Complete is false): search per Region or resource type, or use aws resource-explorer-2 list-resources\n',
    });
  });

  it('names an inventory it cannot read and an --out it cannot write: exit 2, never an internal error (found by the journey audit)', () => {
    const folder = mkdtempSync(join(dir, 'folder-'));
    const shown = folder.slice(dir.length + 1);
    expect(runCommand(runCoverage, ['--inventory', shown], dir)).toEqual({ status: 2, stdout: '', stderr: `coverage: ${shown}: cannot read: is a directory\n` });
    const out = runCommand(runCoverage, ['--inventory', 'tagging-eu-west-1.json', '--out', shown], dir);
    expect(out.status).toBe(2);
    expect(out.stderr).toContain(`cannot write ${shown}: is a directory\n`);
    expect(out.stderr).not.toContain('internal error');
  });

  it('refuses an inventory that is not UTF-8 at its line and column (a Latin-1 tag value would have become U+FFFD and been judged as such), exit 2', () => {
    const tags = `{ "ResourceTagMappingList": [\n  { "ResourceARN": "arn:aws:s3:::b", "Tags": [{ "Key": "team", "Value": "g\u00e9ld" }] }\n] }\n`;
    writeFileSync(join(dir, 'latin1.json'), tags, 'latin1');
    expect(runCommand(runCoverage, ['--inventory', 'latin1.json'], dir)).toEqual({
      status: 2,
      stdout: '',
      stderr: 'coverage: latin1.json: is not UTF-8 text at line 2, column 75 (byte 0xE9): save it as UTF-8\n',
    });
  });
});
