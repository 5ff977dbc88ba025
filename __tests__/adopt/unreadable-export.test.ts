/**
 * Files of an export adopt cannot read as AWS wrote them: a list file without its list, a get-*
 * file without what it gets. Read as "none" (the readers took a missing key for an empty list),
 * adopt said the account had no plans and the first apply would leave them unmanaged, while the
 * adopted config validated. AWS's references give every list call's output as its list key
 * (BackupPlansList: "Information about the backup plans", API_ListBackupPlans); none documents
 * leaving it out. Adopt refuses such a file, naming it and the key; an explicit [] is none.
 */
import { rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { editJson, lines, messyExport, messyOrganization as organizationWith, refusal, removeScratch } from './messy-export';

afterAll(removeScratch);

const PLAN = 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b';

const unknownList = (file: string, key: string): string => `${file} holds no ${key}, so adopt cannot tell which ${key} AWS returned: run scripts/export-estate.sh again (a file that says there are none holds "${key}": [])`;

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
      `111122223333/${file} holds BackupPlansList as an object, not a list, so adopt cannot tell which BackupPlansList AWS returned: run scripts/export-estate.sh again (a file that says there are none holds "BackupPlansList": [])`,
    );
    const withString = messyExport((account) => writeFileSync(join(account, file), '{ "BackupPlansList": ["prod-daily"] }'));
    expect(refusal(withString)).toBe(
      `111122223333/${file} holds a string in BackupPlansList, where each item is an object, so adopt cannot tell which BackupPlansList AWS returned: run scripts/export-estate.sh again (a file that says there are none holds "BackupPlansList": [])`,
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
    [`${PLAN}/plan.json`, 'BackupPlan.Rules'],
    [`${PLAN}/selections/a1b2c3d4-0001-4a5b-8c6d-7e8f9a0b1c2d.json`, 'BackupSelection'],
    ['eu-west-1/restore-testing/weekly_restore/plan.json', 'RestoreTestingPlan.RecoveryPointSelection.IncludeVaults'],
    ['eu-west-1/restore-testing/weekly_restore/selections/ebs_volumes.json', 'RestoreTestingSelection'],
  ])('%s ({}) stops adopt, naming the file and %s', (file, key) => {
    const from = messyExport((account) => writeFileSync(join(account, file), '{}'));
    expect(refusal(from)).toBe(unknown(`111122223333/${file}`, key));
  });

  it('a restore testing plan without the vaults it tests (IncludeVaults, required: AWS API_RestoreTestingRecoveryPointSelection) stops adopt: read as [], it would test every vault', () => {
    const file = 'eu-west-1/restore-testing/weekly_restore/plan.json';
    const from = messyExport((account) => editJson(join(account, file), (plan) => delete plan.RestoreTestingPlan.RecoveryPointSelection.IncludeVaults));
    expect(refusal(from)).toBe(unknown(`111122223333/${file}`, 'RestoreTestingPlan.RecoveryPointSelection.IncludeVaults'));
  });

  it.each([
    ['organizations/organization.json', '{}', 'holds no Organization'],
    ['organizations/policies/p-backup12ab.json', '{ "Policy": { "PolicySummary": { "Id": "p-backup12ab" } } }', 'holds no Policy.Content'],
    ['organizations/policies/p-backup12ab.json', '{ "Policy": { "Content": {} } }', 'holds Policy.Content as an object, not a string'],
  ])('%s (%s) of an organization stops adopt: it %s', (file, text, problem) => {
    expect(refusal(organizationWith(file, text))).toBe(`111111111111/${file} ${problem}, so adopt cannot tell what AWS returned: run scripts/export-estate.sh again`);
  });
});

/*
 * A file adopt can do without, holding nothing it reads: what AWS has is unknown, not none, and
 * adopt says so as for a denied call. region-settings.json of {} was read as "nothing opted in":
 * the config opted in every type, reported as types "AWS does not opt in there today"; tags.json
 * of {} as no tags, which the first apply removed with no word of the report.
 */
describe('a file adopt can do without, holding nothing it reads', () => {
  it('region-settings.json without ResourceTypeOptInPreference: no regionSettings, and the report says why', () => {
    const from = messyExport((account) => writeFileSync(join(account, 'eu-west-1/region-settings.json'), '{}'));
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).regionSettings).toBeUndefined();
    expect(lines(result).filter((line) => line.startsWith('not-represented regionSettings') || line.includes('the first apply opts in'))).toEqual([
      'not-represented regionSettings: the Region settings of eu-west-1 (111122223333/eu-west-1/region-settings.json holds no ResourceTypeOptInPreference), where plans run, could not be exported: regionSettings is one setting for every Region where plans run, and the first apply would write it there over settings no one has read (opting out every type it does not list, switching full management of DynamoDB and EFS), so the config holds no regionSettings and the Region settings of every Region stay as they are, unmanaged; export them again (backup:DescribeRegionSettings) and run adopt again to manage them',
    ]);
  });

  it('tags.json without Tags, key.json without KeyMetadata, access-policy.json without Policy: read as could not be exported', () => {
    const from = messyExport((account) => {
      for (const file of ['eu-west-1/vaults/prod-main/tags.json', 'eu-west-1/vaults/prod-main/key.json', 'eu-west-1/vaults/prod-archive/access-policy.json', `${PLAN}/tags.json`]) writeFileSync(join(account, file), '{}');
    });
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).vaults['prod-main'].tags).toBeUndefined();
    expect(lines(result).filter((line) => line.includes(' holds no '))).toEqual([
      'not-represented vaults.prod-archive.accessPolicy: the access policy of prod-archive could not be exported (111122223333/eu-west-1/vaults/prod-archive/access-policy.json holds no Policy): it is left as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false)',
      `warning plans.prod-daily.tags: the tags of plan prod-daily (eu-west-1) could not be exported (111122223333/${PLAN}/tags.json holds no Tags): the config holds none, so the first apply removes whatever tags the plan has; export them again (backup:ListTags) or write them under plans.prod-daily.tags before applying`,
      'warning vaults.prod-main.kmsKeyArn: could not tell whether arn:aws:kms:eu-west-1:111122223333:key/1b2c3d4e-5f60-4718-8293-a4b5c6d7e8f9 is a customer-managed key (kms describe-key: 111122223333/eu-west-1/vaults/prod-main/key.json holds no KeyMetadata); backup-estate requires one',
      'warning vaults.prod-main.tags: the tags of vault prod-main (eu-west-1) could not be exported (111122223333/eu-west-1/vaults/prod-main/tags.json holds no Tags): the config holds none, so the first apply removes whatever tags the vault has; export them again (backup:ListTags) or write them under vaults.prod-main.tags before applying',
    ]);
  });

  it('describe.json without BackupVaultName: the vault is read from list-backup-vaults, as when describe-backup-vault is denied', () => {
    const from = messyExport((account) => writeFileSync(join(account, 'eu-west-1/vaults/prod-archive/describe.json'), '{}'));
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).vaults['prod-archive'].lock).toEqual({ mode: 'compliance', minRetentionDays: 30, maxRetentionDays: 3650, lockDate: '2022-03-04T09:00:00.000000+00:00' });
  });
});

/*
 * A file the export writes for every vault (the call's JSON, or its .error when the call failed or
 * found none), absent altogether: the export stopped or was edited. Read as none, the vault's access
 * policy and notifications were taken for absent, with no word of the report.
 */
describe('a file the export writes for every vault, absent with its .error', () => {
  it('is reported as could not be exported, not read as none', () => {
    const vault = 'eu-west-1/vaults/prod-main';
    const from = messyExport((account) => {
      for (const file of ['access-policy.json', 'notifications.json']) rmSync(join(account, vault, file));
    });
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect(result.imports.filter((row) => row.address.startsWith('aws_backup_vault_policy') && row.id === 'prod-main')).toEqual([]);
    expect(lines(result).filter((line) => line.includes(' is missing'))).toEqual([
      `not-represented vaults.prod-main: the notifications of vault prod-main could not be exported (111122223333/${vault}/notifications.json is missing): whatever they are, they stay as they are, unmanaged`,
      `not-represented vaults.prod-main.accessPolicy: the access policy of prod-main could not be exported (111122223333/${vault}/access-policy.json is missing): it is left as it is, unmanaged (accessPolicy.denyRecoveryPointDeletion: false)`,
    ]);
  });
});
