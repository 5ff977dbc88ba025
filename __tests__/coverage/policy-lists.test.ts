/**
 * Coverage of hand-written backup policies whose lists use @@append: coverage reads them as the
 * posture report does (one policy list reader), so a selection by tag_value, resource_types or
 * Regions written with @@append covers what AWS selects and nothing else.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkRawConfig } from '../../config';
import type { EstateModel } from '../../config/estate-model';
import { coverageOf, type InventoryResource } from '../../report/coverage';
import { organizationWith } from '../support/configs';

const ORDERS = '444444444444';
const role = { '@@assign': 'arn:aws:iam::$account:role/aws-backup-service-role' };
const rules = { weekly: { schedule_expression: { '@@assign': 'cron(0 4 ? * SUN *)' }, target_backup_vault_name: { '@@assign': 'baseline' } } };

function checkWith(plan: object, ordersRegions = ['eu-west-1']) {
  const dir = mkdtempSync(join(tmpdir(), 'coverage-append-'));
  mkdirSync(join(dir, 'policies'));
  writeFileSync(join(dir, 'policies', 'archive.json'), JSON.stringify({ plans: { archive: { rules, ...plan } } }));
  const raw = organizationWith((c) => {
    c.accounts.orders.regions = ordersRegions;
    c.organization.policies.archive = { file: 'policies/archive.json', targets: ['orders'] };
  });
  return checkRawConfig(raw, { baseDir: dir });
}

function estateWith(plan: object, ordersRegions?: string[]): EstateModel {
  const check = checkWith(plan, ordersRegions);
  if (!check.model) throw new Error(JSON.stringify(check.errors));
  return check.model;
}

const resource = (arn: string, tags?: Record<string, string>): InventoryResource => ({ arn, ...(tags ? { tags } : {}), accountId: ORDERS, region: 'eu-west-1' });
const weeklyTable = resource(`arn:aws:dynamodb:eu-west-1:${ORDERS}:table/weekly`, { 'backup-archive': 'weekly' });
const monthlyTable = resource(`arn:aws:dynamodb:eu-west-1:${ORDERS}:table/monthly`, { 'backup-archive': 'monthly' });
const ownerVolume = resource(`arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-0owner`, { owner: 'x' });
const unknownTags = resource(`arn:aws:ec2:eu-west-1:${ORDERS}:volume/vol-0unknown`);
const coveredArns = (model: EstateModel, inventory: InventoryResource[]) => coverageOf(model, inventory).groups.flatMap((group) => group.coveredResources.map((covered) => covered.arn));

describe('coverage of a backup policy whose lists use @@append', () => {
  const tagSelection = (tagValue: object) => ({ tags: { archive: { iam_role_arn: role, tag_key: { '@@assign': 'backup-archive' }, tag_value: tagValue } } });

  it('covers by a tag_value @@append only the resources of that tag, never every resource', () => {
    const model = estateWith({ regions: { '@@assign': ['eu-west-1'] }, selections: tagSelection({ '@@append': ['weekly'] }) });
    expect(coveredArns(model, [weeklyTable, monthlyTable, ownerVolume, unknownTags])).toEqual([weeklyTable.arn]);
  });

  it('covers by a resource_types @@append only resources of those types', () => {
    const selections = { resources: { tables: { iam_role_arn: role, resource_types: { '@@append': ['arn:aws:dynamodb:*:*:table/*'] } } } };
    const model = estateWith({ regions: { '@@assign': ['eu-west-1'] }, selections });
    expect(coveredArns(model, [weeklyTable, ownerVolume, unknownTags])).toEqual([weeklyTable.arn]);
  });

  it('runs a plan in the Regions its regions @@append names: coverage, and the checks of its vaults and role there', () => {
    const plan = { regions: { '@@append': ['eu-west-1', 'us-east-1'] }, selections: tagSelection({ '@@assign': ['weekly'] }) };
    expect(checkWith(plan).errors.map((problem) => `${problem.path}: ${problem.message}`)).toEqual([
      'organization.policies.archive.file: policy runs in us-east-1 in account orders, which has no stack there to create its vaults and service role: add the Regions to accounts.orders.regions',
    ]);
    const model = estateWith(plan, ['eu-west-1', 'us-east-1']);
    const usTable = { ...weeklyTable, arn: `arn:aws:dynamodb:us-east-1:${ORDERS}:table/weekly`, region: 'us-east-1' };
    expect(coveredArns(model, [weeklyTable, usTable])).toEqual([weeklyTable.arn, usTable.arn]);
  });

  it('covers nothing by a selection that reads as empty (every tag value removed)', () => {
    const model = estateWith({ regions: { '@@assign': ['eu-west-1'] }, selections: tagSelection({ '@@assign': ['weekly'], '@@remove': ['weekly'] }) });
    const report = coverageOf(model, [weeklyTable, ownerVolume, unknownTags]);
    expect(report.totals).toMatchObject({ supported: 3, covered: 0, uncovered: 3 });
  });
});
