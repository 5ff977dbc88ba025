/**
 * Files of an export adopt cannot read as AWS wrote them: a list file without its list, a get-*
 * file without what it gets. Read as "none" (the readers took a missing key for an empty list),
 * adopt said the account had no plans and the first apply would leave them unmanaged, while the
 * adopted config validated. AWS's references give every list call's output as its list key
 * (BackupPlansList: "Information about the backup plans", API_ListBackupPlans); none documents
 * leaving it out. Adopt refuses such a file, naming it and the key; an explicit [] is none.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adoptExport, ExportError } from '../../adopt';
import { FIXTURES, messyExport, removeScratch } from './messy-export';

const copies: string[] = [];
afterAll(() => {
  removeScratch();
  for (const dir of copies.splice(0)) rmSync(dir, { recursive: true, force: true });
});

const PLAN = 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b';

/** The ExportError adopt throws for `from` (the CLI prints it and exits 2). */
function refusal(from: string): string {
  try {
    adoptExport({ from });
  } catch (cause) {
    if (cause instanceof ExportError) return cause.message;
    throw cause;
  }
  return 'no error';
}

/** A copy of the organization export, with `file` (relative to its account folder) replaced by `text`. */
function organizationWith(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'adopt-org-'));
  copies.push(dir);
  cpSync(join(FIXTURES, 'organization'), dir, { recursive: true });
  writeFileSync(join(dir, '111111111111', file), text);
  return dir;
}

const unknownList = (file: string, key: string): string => `${file} holds no ${key}, so adopt cannot tell which ${key} AWS returned (an empty list says there are none): run scripts/export-estate.sh again`;

describe('a list file without its list', () => {
  it.each([
    ['eu-west-1/backup-vaults.json', 'BackupVaultList'],
    ['eu-west-1/backup-plans.json', 'BackupPlansList'],
    ['eu-central-1/backup-plans.json', 'BackupPlansList'],
    [`${PLAN}/selections.json`, 'BackupSelectionsList'],
    ['eu-west-1/restore-testing-plans.json', 'RestoreTestingPlans'],
    ['eu-west-1/restore-testing/weekly_restore/selections.json', 'RestoreTestingSelections'],
    ['eu-west-1/frameworks.json', 'Frameworks'],
    ['eu-west-1/report-plans.json', 'ReportPlans'],
  ])('%s ({}) stops adopt, naming the file and %s', (file, key) => {
    const from = messyExport((account) => writeFileSync(join(account, file), '{}'));
    expect(refusal(from)).toBe(unknownList(`111122223333/${file}`, key));
  });

  it.each([
    ['organizations/backup-policies.json', 'Policies'],
    ['organizations/policies/p-backup12ab.targets.json', 'Targets'],
    ['organizations/delegated-administrators.json', 'DelegatedAdministrators'],
  ])('%s ({}) of an organization stops adopt, naming the file and %s', (file, key) => {
    expect(refusal(organizationWith(file, '{}'))).toBe(unknownList(`111111111111/${file}`, key));
  });

  it('of another type, or with an item that is not an object, stops adopt too', () => {
    const file = 'eu-west-1/backup-plans.json';
    const asObject = messyExport((account) => writeFileSync(join(account, file), '{ "BackupPlansList": {} }'));
    expect(refusal(asObject)).toBe(
      `111122223333/${file} holds BackupPlansList as an object, not a list, so adopt cannot tell which BackupPlansList AWS returned (an empty list says there are none): run scripts/export-estate.sh again`,
    );
    const withString = messyExport((account) => writeFileSync(join(account, file), '{ "BackupPlansList": ["prod-daily"] }'));
    expect(refusal(withString)).toBe(
      `111122223333/${file} holds a string in BackupPlansList, where each item is an object, so adopt cannot tell which BackupPlansList AWS returned (an empty list says there are none): run scripts/export-estate.sh again`,
    );
  });

  it('[] is none: adopt writes no plan of that Region', () => {
    const from = messyExport((account) => writeFileSync(join(account, 'eu-west-1/backup-plans.json'), '{ "BackupPlansList": [] }'));
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).plans).toEqual({});
  });
});

/*
 * A get-* file without what it gets: adopt wrote AWS's defaults over the estate. A restore testing
 * plan.json of {} became a plan run on Sundays (AWS runs it on Saturdays) over the last 30 days'
 * recovery points of every vault, imported, with a report that named none of it; a selection of {}
 * was reported as selecting "every resource opted in to AWS Backup".
 */
describe('a get-* file without what it gets', () => {
  const unknown = (file: string, key: string): string => `${file} holds no ${key}, so adopt cannot tell what AWS returned: run scripts/export-estate.sh again`;

  it.each([
    ['account.json', 'Account'],
    [`${PLAN}/plan.json`, 'BackupPlan'],
    [`${PLAN}/selections/a1b2c3d4-0001-4a5b-8c6d-7e8f9a0b1c2d.json`, 'BackupSelection'],
    ['eu-west-1/restore-testing/weekly_restore/plan.json', 'RestoreTestingPlan'],
    ['eu-west-1/restore-testing/weekly_restore/selections/ebs_volumes.json', 'RestoreTestingSelection'],
  ])('%s ({}) stops adopt, naming the file and %s', (file, key) => {
    const from = messyExport((account) => writeFileSync(join(account, file), '{}'));
    expect(refusal(from)).toBe(unknown(`111122223333/${file}`, key));
  });

  it.each([
    ['organizations/organization.json', '{}', 'holds no Organization'],
    ['organizations/policies/p-backup12ab.json', '{ "Policy": { "PolicySummary": { "Id": "p-backup12ab" } } }', 'holds no Policy.Content'],
    ['organizations/policies/p-backup12ab.json', '{ "Policy": { "Content": {} } }', 'holds Policy.Content as an object, not a string'],
  ])('%s (%s) of an organization stops adopt: it %s', (file, text, problem) => {
    expect(refusal(organizationWith(file, text))).toBe(`111111111111/${file} ${problem}, so adopt cannot tell what AWS returned: run scripts/export-estate.sh again`);
  });
});
