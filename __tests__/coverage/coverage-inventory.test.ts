/**
 * Inventory files as AWS documents them (report/inventory.ts): the GetResources response and the
 * Resource Explorer ListResources / Search responses, as the AWS CLI writes them with and without
 * --query, paginated and concatenated. Each is read whole or refused with its reason, never read
 * as fewer resources.
 */
import { checkRawConfig } from '../../config';
import type { EstateModel } from '../../config/estate-model';
import { coverageMarkdown, coverageOf, InventoryError, parseInventory } from '../../report/coverage';
import { configWith } from '../support/configs';

const ACCOUNT = '111122223333';
const explorerEntry = (arn: string, region: string, tags?: { Key: string; Value: string }[]) => ({
  Arn: arn,
  LastReportedAt: '2026-12-01T08:00:00Z',
  OwningAccountId: ACCOUNT,
  Properties: tags === undefined ? [] : [{ Data: tags, LastReportedAt: '2026-12-01T08:00:00Z', Name: 'tags' }],
  Region: region,
  ResourceType: arn.split(':')[2],
  Service: arn.split(':')[2],
});

describe('parseInventory refuses what is not the whole inventory, and says why', () => {
  const tagged = { ResourceARN: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-1`, Tags: [{ Key: 'backup', Value: 'gold' }] };

  it('a search whose Count.TotalResources is more than it lists (a --query or --max-items dropped the NextToken): it was read as the resources listed', () => {
    const search = { Count: { Complete: true, TotalResources: 250 }, Resources: [explorerEntry(`arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-1`, 'eu-west-1')] };
    expect(() => parseInventory(JSON.stringify(search), 'search.json')).toThrow(
      new InventoryError(
        "search.json: incomplete inventory: the search counted 250 matching resources (Count.TotalResources) but the file lists 1: pages or entries were left out (a --query or --max-items that dropped the NextToken?); write the command's whole output",
      ),
    );
    expect(parseInventory(JSON.stringify({ ...search, Count: { Complete: true, TotalResources: 1 } }), 'search.json')).toHaveLength(1);
  });

  it('a JSON list, as --query prints it: no NextToken or Count to tell whether it is whole', () => {
    expect(() => parseInventory(JSON.stringify([tagged]), 'query.json')).toThrow(
      new InventoryError(
        'query.json: a JSON list, as --query (ResourceTagMappingList[], Resources[]) prints it: that drops the NextToken and Count that tell whether the inventory is whole; give the output of aws resourcegroupstaggingapi get-resources or aws resource-explorer-2 search / list-resources without --query',
      ),
    );
  });

  it('pages written one by one into one file: it said "not JSON (Unexpected non-whitespace character after JSON ...)"', () => {
    const pages = `${JSON.stringify({ ResourceTagMappingList: [tagged], PaginationToken: 'page2' })}\n${JSON.stringify({ ResourceTagMappingList: [tagged], PaginationToken: '' })}\n`;
    expect(() => parseInventory(pages, 'pages.json')).toThrow(
      new InventoryError(
        "pages.json: several JSON documents one after another (pages written one by one, or files concatenated): whether every page is there cannot be told; give each command's whole output as its own --inventory file",
      ),
    );
    expect(() => parseInventory('{"ResourceTagMappingList": []} trailing', 'junk.json')).toThrow(/^junk\.json: not JSON \(/);
  });

  it('reads the last page of the API (PaginationToken "") and a whole CLI output', () => {
    expect(parseInventory(JSON.stringify({ PaginationToken: '', ResourceTagMappingList: [tagged] }), 'r.json')).toEqual([
      { arn: tagged.ResourceARN, tags: { backup: 'gold' }, accountId: ACCOUNT, region: 'eu-west-1' },
    ]);
  });
});

describe('parseInventory refuses tags it cannot read, naming the file and the field', () => {
  const shape = 'AWS writes tags as a list of {"Key": ..., "Value": ...}: give the command\'s own output';
  const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/scratch`;

  it('a get-resources tag written {key, value} (AWS Config\'s spelling): the table tagged backup=false was read as untagged, so "everything but backup=false" listed it covered only if', () => {
    const listing = { ResourceTagMappingList: [{ ResourceARN: table, Tags: [{ key: 'backup', value: 'false' }] }] };
    expect(() => parseInventory(JSON.stringify(listing), 'tagging.json')).toThrow(new InventoryError(`tagging.json: ResourceTagMappingList[0].Tags[0] has no Key: ${shape}`));
  });

  it('get-resources Tags as a map, and Resource Explorer tags Data or Properties that are no list: they were read as unknown tags, silently', () => {
    const listing = { ResourceTagMappingList: [{ ResourceARN: table, Tags: [] }, { ResourceARN: table, Tags: { backup: 'false' } }] };
    expect(() => parseInventory(JSON.stringify(listing), 'tagging.json')).toThrow(new InventoryError(`tagging.json: ResourceTagMappingList[1].Tags is not a list: ${shape}`));
    const entry = explorerEntry(table, 'eu-west-1');
    const data = { Resources: [{ ...entry, Properties: [{ Name: 'owner', Data: 'x' }, { Name: 'tags', Data: { backup: 'false' } }] }] };
    expect(() => parseInventory(JSON.stringify(data), 'explorer.json')).toThrow(new InventoryError(`explorer.json: Resources[0].Properties[1].Data is not a list: ${shape}`));
    expect(() => parseInventory(JSON.stringify({ Resources: [{ ...entry, Properties: { tags: [] } }] }), 'explorer.json')).toThrow(
      new InventoryError('explorer.json: Resources[0].Properties is not a list: AWS writes it as a list of {"Name", "Data"}: give the command\'s own output'),
    );
  });

  it('still reads empty tags as none, a missing Tags field as unknown, and values with spaces and other scripts as written', () => {
    const listing = { ResourceTagMappingList: [{ ResourceARN: table, Tags: [] }, { ResourceARN: `${table}-2` }, { ResourceARN: `${table}-3`, Tags: [{ Key: 'team name', Value: 'Data Platform ü 数据' }] }] };
    expect(parseInventory(JSON.stringify(listing), 'tagging.json').map((resource) => resource.tags)).toEqual([{}, undefined, { 'team name': 'Data Platform ü 数据' }]);
  });
});

describe('parseInventory places S3 buckets only where the file says they are', () => {
  const listing = (volume: string, bucket: string) => JSON.stringify({ PaginationToken: '', ResourceTagMappingList: [volume, bucket].map((arn) => ({ ResourceARN: arn, Tags: [{ Key: 'backup', Value: 'yes' }] })) });
  const euFile = listing(`arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-1`, 'arn:aws:s3:::eu-logs');

  it('refuses an --inventory ACCOUNT:REGION its ARNs contradict: the eu-west-1 bucket was judged in us-east-1, covered only if by a plan there, and --fail-on-uncovered passed', () => {
    expect(() => parseInventory(euFile, 'eu.json', { accountId: ACCOUNT, region: 'us-east-1' })).toThrow(
      new InventoryError(
        `eu.json: --inventory ${ACCOUNT}:us-east-1=eu.json contradicts the file: its ARNs are of account ${ACCOUNT} in eu-west-1, so arn:aws:s3:::eu-logs, whose ARN names no account or Region, is there too, not in ${ACCOUNT}:us-east-1; give --inventory ${ACCOUNT}:eu-west-1=eu.json, or the inventory of ${ACCOUNT}:us-east-1`,
      ),
    );
    expect(() => parseInventory(euFile, 'eu.json', { accountId: '444455556666', region: 'eu-west-1' })).toThrow(/^eu\.json: --inventory 444455556666:eu-west-1=eu\.json contradicts the file: its ARNs are of account 111122223333 in eu-west-1,/);
    expect(parseInventory(euFile, 'eu.json', { accountId: ACCOUNT, region: 'eu-west-1' }).map((resource) => `${resource.accountId}:${resource.region}`)).toEqual([`${ACCOUNT}:eu-west-1`, `${ACCOUNT}:eu-west-1`]);
  });

  it('refuses a Region of another partition than the ARN: an aws-cn bucket given eu-west-1 was selected by the eu-west-1 plan', () => {
    const cn = JSON.stringify({ ResourceTagMappingList: [{ ResourceARN: 'arn:aws-cn:s3:::cn-logs', Tags: [] }] });
    expect(() => parseInventory(cn, 'cn.json', { accountId: ACCOUNT, region: 'eu-west-1' })).toThrow(
      new InventoryError('cn.json: arn:aws-cn:s3:::cn-logs is of partition aws-cn, but --inventory places it in eu-west-1, of partition aws: no plan there backs it up; give it with --inventory ACCOUNT:REGION=cn.json of a Region of aws-cn'),
    );
    expect(parseInventory(cn, 'cn.json', { accountId: ACCOUNT, region: 'cn-north-1' })).toEqual([{ arn: 'arn:aws-cn:s3:::cn-logs', tags: {}, accountId: ACCOUNT, region: 'cn-north-1' }]);
    const gov = listing(`arn:aws-us-gov:ec2:us-gov-west-1:${ACCOUNT}:volume/vol-1`, 'arn:aws-us-gov:s3:::gov-logs');
    expect(parseInventory(gov, 'gov.json').map((resource) => `${resource.accountId}:${resource.region}`)).toEqual([`${ACCOUNT}:us-gov-west-1`, `${ACCOUNT}:us-gov-west-1`]);
  });
});

describe('parseInventory of a file of several accounts and Regions (a Resource Explorer aggregator index)', () => {
  const volume = (region: string) => explorerEntry(`arn:aws:ec2:${region}:${ACCOUNT}:volume/vol-${region}`, region);

  it('counts a global resource (an IAM role, Region "global") in a group of its own: the whole file was refused ("names no account or Region")', () => {
    const list = { Resources: [volume('eu-west-1'), volume('us-east-1'), explorerEntry(`arn:aws:iam::${ACCOUNT}:role/app`, 'global')], ViewArn: `arn:aws:resource-explorer-2:eu-west-1:${ACCOUNT}:view/all/1` };
    expect(parseInventory(JSON.stringify(list), 'org.json').map((resource) => `${resource.accountId} ${resource.region} ${resource.arn}`)).toEqual([
      `${ACCOUNT} eu-west-1 arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-eu-west-1`,
      `${ACCOUNT} us-east-1 arn:aws:ec2:us-east-1:${ACCOUNT}:volume/vol-us-east-1`,
      `${ACCOUNT} global arn:aws:iam::${ACCOUNT}:role/app`,
    ]);
  });

  it('still refuses an S3 bucket it cannot place, naming what is missing', () => {
    const list = { Resources: [volume('eu-west-1'), volume('us-east-1'), explorerEntry('arn:aws:s3:::logs', 'global')] };
    expect(() => parseInventory(JSON.stringify(list), 'org.json')).toThrow(
      new InventoryError("org.json: arn:aws:s3:::logs names no Region and the file's other ARNs do not tell them: give them with --inventory ACCOUNT:REGION=org.json"),
    );
  });
});

describe('coverageOf parts of a resource within a protected type\'s ARN shape', () => {
  const model = ((): EstateModel => {
    const raw = configWith((config) => {
      config.plans.tables = {
        vault: 'main',
        rules: { daily: { schedule: 'cron(0 15 ? * * *)', lifecycle: { deleteAfterDays: 35 } } },
        selections: { tables: { resources: [`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/*`] } },
      };
      config.regionSettings = {};
    });
    const check = checkRawConfig(raw);
    if (!check.model) throw new Error(JSON.stringify(check.errors));
    return check.model;
  })();
  const table = `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`;
  const parts = [`${table}/index/by-date`, `${table}/stream/2026-01-01T00:00:00.000`, `${table}/backup/01489602797149-73d8d5bc`, `${table}/export/01234567890123-a1b2c3d4`];
  const listing = { ResourceTagMappingList: [table, ...parts, 'arn:aws:s3:::logs', 'arn:aws:s3:::logs/2026/01/app.log'].map((arn) => ({ ResourceARN: arn, Tags: [{ Key: 'team', Value: 'data' }] })) };

  it('counts a DynamoDB index, stream, backup or export, and an S3 object, as of no type AWS Backup protects: they were judged as tables and buckets', () => {
    const report = coverageOf(model, parseInventory(JSON.stringify(listing), 'r.json'));
    const group = report.groups[0];
    expect(group).toMatchObject({ listed: 7, supported: 2, covered: 1, otherServices: { dynamodb: 4, s3: 1 } });
    expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([table]);
    expect(group?.uncovered.map((resource) => resource.arn)).toEqual(['arn:aws:s3:::logs']);
    expect(coverageMarkdown(report)).toContain('Of no type AWS Backup protects (not judged): dynamodb 4, s3 1.');
  });

  it('judges an SAP HANA database, not the application or component that holds it: they were listed as uncovered SAP HANA resources', () => {
    const sap = (resource: string) => ({ ResourceARN: `arn:aws:ssm-sap:eu-west-1:${ACCOUNT}:HANA/${resource}`, Tags: [{ Key: 'team', Value: 'sap' }] });
    const report = coverageOf(model, parseInventory(JSON.stringify({ ResourceTagMappingList: [sap('erp'), sap('erp/COMPONENT/HDB-HDB00'), sap('erp/DB/SYSTEMDB')] }), 'sap.json'));
    expect(report.groups[0]).toMatchObject({ listed: 3, supported: 1, otherServices: { 'ssm-sap': 2 } });
    expect(report.groups[0]?.uncovered.map((resource) => `${resource.arn} ${resource.types.join(' / ')}`)).toEqual([`arn:aws:ssm-sap:eu-west-1:${ACCOUNT}:HANA/erp/DB/SYSTEMDB SAP HANA on Amazon EC2`]);
  });
});
