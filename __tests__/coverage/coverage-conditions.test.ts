/**
 * Coverage verdicts that must not claim more than AWS does: hand-written policy lists read with
 * @@assign, @@append and @@remove (one reader), negated conditions on resources without the tag,
 * and opt-ins unknown without regionSettings.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import { type EstateModel } from '../../config/estate-model';
import { coverageOf, type InventoryResource, coverageMarkdown, optInCondition } from '../../report/coverage';
import { organizationWith, configWith } from '../support/configs';

/*
 * Coverage of hand-written backup policies whose lists use @@append: coverage reads them as the
 * posture report does (one policy list reader), so a selection by tag_value, resource_types or
 * Regions written with @@append covers what AWS selects and nothing else.
 */
{
  const ORDERS = '444444444444';
  const role = {
    '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role',
  };
  const rules = {
    weekly: {
      schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' },
      target_backup_vault_name: { '@@assign': 'baseline' },
    },
  };

  function checkWith(plan: object, ordersRegions = ['eu-west-1']) {
    const dir = mkdtempSync(join(tmpdir(), 'coverage-append-'));
    mkdirSync(join(dir, 'policies'));
    writeFileSync(join(dir, 'policies', 'archive.json'), JSON.stringify({ plans: { archive: { rules, ...plan } } }));
    const raw = organizationWith((c) => {
      c.accounts.orders.regions = ordersRegions;
      c.organization.policies.archive = {
        file: 'policies/archive.json',
        targets: ['orders'],
      };
    });
    return checkRawConfig(raw, { baseDir: dir });
  }

  function estateWith(plan: object, ordersRegions?: string[]): EstateModel {
    const check = checkWith(plan, ordersRegions);
    if (!check.model) throw new Error(JSON.stringify(check.errors));
    return check.model;
  }

  const resource = (arn: string, tags?: Record<string, string>): InventoryResource => ({
    arn,
    ...(tags ? { tags } : {}),
    accountId: ORDERS,
    region: 'eu-west-1',
  });
  const weeklyTable = resource(`arn:aws:dynamodb:eu-west-1:${ORDERS}:table/weekly`, { 'backup-archive': 'weekly' });
  const monthlyTable = resource(`arn:aws:dynamodb:eu-west-1:${ORDERS}:table/monthly`, { 'backup-archive': 'monthly' });
  const ownerVolume = resource(`arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-0owner`, { owner: 'x' });
  const unknownTags = resource(`arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-0unknown`);
  const coveredArns = (model: EstateModel, inventory: InventoryResource[]) =>
    coverageOf(model, inventory).groups.flatMap((group) => group.coveredResources.map((covered) => covered.arn));

  describe('coverage of a backup policy whose lists use @@append', () => {
    const tagSelection = (tagValue: object) => ({
      tags: {
        archive: {
          iam_role_arn: role,
          tag_key: { '@@assign': 'backup-archive' },
          tag_value: tagValue,
        },
      },
    });

    it('covers by a tag_value @@append only the resources of that tag, never every resource', () => {
      const model = estateWith({
        regions: { '@@assign': ['eu-west-1'] },
        selections: tagSelection({ '@@append': ['weekly'] }),
      });
      expect(coveredArns(model, [weeklyTable, monthlyTable, ownerVolume, unknownTags])).toEqual([weeklyTable.arn]);
    });

    it('covers by a resource_types @@append only resources of those types', () => {
      const selections = {
        resources: {
          tables: {
            iam_role_arn: role,
            resource_types: { '@@append': ['arn:aws:dynamodb:*:*:table/*'] },
          },
        },
      };
      const model = estateWith({
        regions: { '@@assign': ['eu-west-1'] },
        selections,
      });
      expect(coveredArns(model, [weeklyTable, ownerVolume, unknownTags])).toEqual([weeklyTable.arn]);
    });

    it('runs a plan in the Regions its regions @@append names: coverage, and the checks of its vaults and role there', () => {
      const plan = {
        regions: { '@@append': ['eu-west-1', 'us-east-1'] },
        selections: tagSelection({ '@@assign': ['weekly'] }),
      };
      expect(checkWith(plan).errors.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
        'organization.policies.archive.file: policy runs in us-east-1 in account orders, which has no stack there to create its vaults and service role: add the Regions to accounts.orders.regions',
      ]);
      const model = estateWith(plan, ['eu-west-1', 'us-east-1']);
      const usTable = {
        ...weeklyTable,
        arn: `arn:aws:dynamodb:us-east-1:${ORDERS}:table/weekly`,
        region: 'us-east-1',
      };
      expect(coveredArns(model, [weeklyTable, usTable])).toEqual([weeklyTable.arn, usTable.arn]);
    });

    it('covers nothing by a selection that reads as empty (every tag value removed)', () => {
      const model = estateWith({
        regions: { '@@assign': ['eu-west-1'] },
        selections: tagSelection({
          '@@assign': ['weekly'],
          '@@remove': ['weekly'],
        }),
      });
      const report = coverageOf(model, [weeklyTable, ownerVolume, unknownTags]);
      expect(report.totals).toMatchObject({
        supported: 3,
        covered: 0,
        uncovered: 3,
      });
    });
  });
}

/*
 * Coverage of a resource only a negated condition (stringNotEquals, stringNotLike) on a tag it
 * lacks lets through: "covered only if", never covered. AWS's Conditions API reference describes
 * the negated operators only for "your tagged resources"; reading a missing key as meeting them,
 * as IAM does, is unconfirmed.
 */
{
  const ACCOUNT = '111122223333';
  const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
  const CONDITION =
    'AWS reads stringNotEquals / stringNotLike on tag "backup" as met by a resource without that tag, as IAM does (AWS documents negated conditions only for tagged resources, and this resource lacks the tag)';

  function modelWith(conditions: Record<string, Record<string, string>>): EstateModel {
    const raw = configWith((config) => {
      config.plans.gold.selections = {
        allButNone: { resources: ['*'], conditions },
      };
      config.regionSettings = {};
    });
    const check = checkRawConfig(raw);
    if (!check.model) throw new Error(JSON.stringify(check.errors));
    return check.model;
  }

  const volume = (id: string, tags: Record<string, string>): InventoryResource => ({
    arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/${id}`,
    tags,
    ...HOME,
  });
  const untagged = volume('vol-0nobackuptag', { owner: 'team-a' });
  const none = volume('vol-0none', { backup: 'none' });
  const gold = volume('vol-0gold', { backup: 'gold' });

  describe('coverage under stringNotEquals / stringNotLike', () => {
    for (const operator of ['stringNotEquals', 'stringNotLike']) {
      it(`${operator}: covers a resource with another value, excludes the value, and covers one without the tag only if`, () => {
        const report = coverageOf(modelWith({ [operator]: { backup: 'none' } }), [untagged, none, gold]);
        expect(report.totals).toMatchObject({
          supported: 3,
          covered: 1,
          uncovered: 1,
          coveredIf: 1,
        });
        const group = report.groups[0];
        expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([gold.arn]);
        expect(group?.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([[untagged.arn, CONDITION]]);
        expect(coverageMarkdown(report)).toContain(`| \`${untagged.arn}\` | EBS | selected by gold; backed up only if ${CONDITION} |`);
      });
    }

    it('joins the doubt with what AWS needs of the resource type', () => {
      const bucket: InventoryResource = {
        arn: 'arn:aws:s3:::logs',
        tags: {},
        ...HOME,
      };
      const [entry] = coverageOf(modelWith({ stringNotEquals: { backup: 'none' } }), [bucket]).groups[0]?.coveredIf ?? [];
      expect(entry?.condition).toBe(`${CONDITION}; and S3 Versioning is enabled on the bucket (AWS Backup for S3 requires it)`);
    });
  });
}

/*
 * Coverage where the config does not manage Region settings: the account's own opt-ins decide
 * what tag and "*" selections back up, and Aurora, DocumentDB and Neptune need the opt-in even
 * when assigned by ARN (AWS Backup, "Assigning resources to a backup plan"). Such resources are
 * "covered only if" the Region opts their type in; other types assigned by ARN stay covered.
 */
{
  const ACCOUNT = '111122223333';
  const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
  const daily = {
    schedule: 'cron(0 5 ? * * *)',
    lifecycle: { deleteAfterDays: 35 },
  };

  function modelOf(regionSettings: object | undefined): EstateModel {
    const raw = configWith((config) => {
      config.plans.clusters = {
        vault: 'main',
        rules: { daily },
        selections: {
          arns: {
            resources: [`arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders`, `arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`],
          },
        },
      };
      config.regionSettings = regionSettings;
    });
    const check = checkRawConfig(raw);
    if (!check.model) throw new Error(JSON.stringify(check.errors));
    return check.model;
  }

  const tagged = (arn: string): InventoryResource => ({
    arn,
    tags: { backup: 'gold' },
    ...HOME,
  });
  const aurora = tagged(`arn:aws:rds:eu-west-1:${ACCOUNT}:cluster:orders`);
  const windows = tagged(`arn:aws:fsx:eu-west-1:${ACCOUNT}:file-system/fs-0windows`);
  const table = tagged(`arn:aws:dynamodb:eu-west-1:${ACCOUNT}:table/orders`);
  const volume = tagged(`arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0gold`);

  describe('coverage without regionSettings (opt-ins unknown)', () => {
    it('covers only if the Region opts the type in: what only tags select, and a cluster even by ARN; a table assigned by ARN stays covered', () => {
      const report = coverageOf(modelOf(undefined), [aurora, windows, table, volume]);
      expect(report.totals).toMatchObject({
        supported: 4,
        covered: 1,
        coveredIf: 3,
      });
      const group = report.groups[0];
      expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([table.arn]);
      expect(group?.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([
        [
          volume.arn,
          "the Region's AWS Backup settings opt in EBS (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup)",
        ],
        [
          windows.arn,
          "the Region's AWS Backup settings opt in FSx (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup); and the file system is not FSx for NetApp ONTAP (AWS Backup backs up ONTAP volumes: select or tag the volumes, not the file system) and not a scratch or data-repository-linked FSx for Lustre file system (FSx backs up neither)",
        ],
        [aurora.arn, optInCondition(['Aurora', 'DocumentDB', 'Neptune', 'RDS'])],
      ]);
      expect(optInCondition(['Aurora', 'DocumentDB', 'Neptune', 'RDS'])).toBe(
        "the Region's AWS Backup settings opt in Aurora / DocumentDB / Neptune / RDS (no regionSettings here: the account's own opt-ins decide, and AWS opts an account in only to the types it supported when it first used AWS Backup)"
      );
      expect(coverageMarkdown(report)).toContain(`| \`${volume.arn}\` | EBS | selected by gold; backed up only if ${optInCondition(['EBS'])} |`);
    });

    it('covers them where the config manages Region settings', () => {
      const report = coverageOf(modelOf({}), [aurora, table, volume]);
      expect(report.totals).toMatchObject({
        supported: 3,
        covered: 3,
        coveredIf: 0,
      });
    });
  });
}

/*
 * A type's opt-in is skipped only by an ARN naming the type that surely takes the resource: a tag
 * selection beside an ARN selection that takes it only if a negated condition holds without the
 * tag was read as an ARN assignment, and the volume counted covered while EBS was opted out.
 */
{
  const ACCOUNT = '111122223333';
  const HOME = { accountId: ACCOUNT, region: 'eu-west-1' };
  const NEGATION = 'AWS reads stringNotEquals / stringNotLike on tag "tier" as met by a resource without that tag, as IAM does (AWS documents negated conditions only for tagged resources, and this resource lacks the tag)';

  function modelOf(regionSettings: object | undefined): EstateModel {
    const raw = configWith((config) => {
      config.plans.gold.selections = {
        tagged: { tags: { backup: 'gold' } },
        'volumes-not-scratch': { resources: ['arn:aws:ec2:*:*:volume/*'], conditions: { stringNotEquals: { tier: 'scratch' } } },
      };
      config.regionSettings = regionSettings;
    });
    const check = checkRawConfig(raw);
    if (!check.model) throw new Error(JSON.stringify(check.errors));
    return check.model;
  }
  const gold = { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0gold`, tags: { backup: 'gold' }, ...HOME };
  const prod = { arn: `arn:aws:ec2:eu-west-1:${ACCOUNT}:volume/vol-0prod`, tags: { tier: 'prod' }, ...HOME };

  describe('an ARN selection that takes a resource only if, beside a tag selection of an opted-out type', () => {
    it('covers it only if, where the Region settings opt the type out', () => {
      const group = coverageOf(modelOf({ optOut: ['EBS'] }), [gold, prod]).groups[0];
      expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([prod.arn]);
      expect(group?.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([[gold.arn, NEGATION]]);
      expect(group?.optedOut).toEqual([]);
    });

    it('covers it only if the Region opts EBS in, where the account\'s opt-ins decide', () => {
      const group = coverageOf(modelOf(undefined), [gold, prod]).groups[0];
      expect(group?.coveredResources.map((resource) => resource.arn)).toEqual([prod.arn]);
      expect(group?.coveredIf.map((resource) => [resource.arn, resource.condition])).toEqual([[gold.arn, optInCondition(['EBS'])]]);
    });
  });
}
