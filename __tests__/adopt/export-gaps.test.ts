/**
 * Adopting what an export holds but the account config must not take over, or cannot read back:
 * plans an Organizations backup policy deploys, Region settings that could not be exported,
 * opt-outs and unknown types, tags that could not be exported, vaults named like the reserved
 * central keys. Each part below says what AWS does and what adopt writes.
 */
import { cpSync, mkdirSync, writeFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { editJson, lines, messyExport, removeScratch, denied } from './messy-export';
import { Adoption } from '../../adopt/context';
import { ExportFolder } from '../../adopt/export-files';
import { adoptRegionSettings } from '../../adopt/operations';

/** adoptRegionSettings over both Regions of an export, plans running in both. */
function regionSettingsOfBothRegions(from: string): { settings: ReturnType<typeof adoptRegionSettings>; out: Adoption } {
  const account = join(from, '111122223333');
  const folders = ['eu-central-1', 'eu-west-1'].map((region) => new ExportFolder(from, join(account, region)));
  const out = new Adoption();
  const settings = adoptRegionSettings({ id: '111122223333', name: 'acme-prod', partition: 'aws', primary: 'eu-west-1' }, folders, new Set(['eu-central-1', 'eu-west-1']), out);
  return { settings, out };
}

afterAll(removeScratch);
/*
 * Plans an AWS Organizations backup policy deploys into a member account (id and ARN under orgs/,
 * e.g. arn:aws:backup:us-east-1:025066259999:backup-plan:orgs/4232272a-...): the management account
 * owns them, so adopt never writes them into the account's config nor imports them, and says so.
 */
{
  const ORG_PLAN = 'orgs/4232272a-ed54-3a88-b1d0-ace894b6c24c';
  const ORG_PLAN_2 = 'orgs/5343383b-fe65-4b99-c2e1-bdf905c7d35d';

  describe('a plan a backup policy deploys', () => {
    const from = messyExport((account) => {
      // Two policy plans in eu-central-1 (more than the account's own plans in eu-west-1), whose selections use another role.
      editJson(join(account, 'eu-central-1/backup-plans.json'), (plans) => {
        plans.BackupPlansList.push(
          {
            BackupPlanArn: `arn:aws:backup:eu-central-1:111122223333:backup-plan:${ORG_PLAN}`,
            BackupPlanId: ORG_PLAN,
            BackupPlanName: 'org-baseline',
            VersionId: 'v1',
          },
          {
            BackupPlanArn: `arn:aws:backup:eu-central-1:111122223333:backup-plan:${ORG_PLAN_2}`,
            BackupPlanId: ORG_PLAN_2,
            BackupPlanName: 'org-weekly',
            VersionId: 'v1',
          }
        );
      });
      for (const id of [ORG_PLAN, ORG_PLAN_2]) {
        const folder = join(account, 'eu-central-1/plans', id);
        mkdirSync(join(folder, 'selections'), { recursive: true });
        writeFileSync(
          join(folder, 'plan.json'),
          JSON.stringify({
            BackupPlan: {
              BackupPlanName: 'org',
              Rules: [
                {
                  RuleName: 'org_daily',
                  TargetBackupVaultName: 'prod-dr',
                  ScheduleExpression: 'cron(0 1 * * ? *)',
                  Lifecycle: { DeleteAfterDays: 35 },
                },
              ],
            },
            BackupPlanId: id,
          })
        );
        writeFileSync(
          join(folder, 'selections.json'),
          JSON.stringify({
            BackupSelectionsList: [1, 2, 3].map((n) => ({
              SelectionId: `org-sel-${n}`,
              SelectionName: `baseline${n}`,
              IamRoleArn: 'arn:aws:iam::111122223333:role/org-backup',
            })),
          })
        );
        for (const n of [1, 2, 3])
          writeFileSync(
            join(folder, 'selections', `org-sel-${n}.json`),
            JSON.stringify({
              BackupSelection: {
                SelectionName: `baseline${n}`,
                IamRoleArn: 'arn:aws:iam::111122223333:role/org-backup',
                ListOfTags: [
                  {
                    ConditionType: 'STRINGEQUALS',
                    ConditionKey: 'backup',
                    ConditionValue: 'org',
                  },
                ],
              },
            })
          );
      }
    });
    const result = adoptExport({ from });

    it('is neither adopted nor imported, and moves neither the primary Region nor the service role', () => {
      expect(result.errors).toEqual([]);
      const config = result.config as any;
      expect(Object.keys(config.plans)).toEqual(['prod-daily', 'prod-monthly']);
      expect(config.account.region).toBe('eu-west-1');
      expect(config.serviceRole).toEqual({
        arn: 'arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole',
      });
      expect(result.imports.filter((row) => row.id.includes('orgs/'))).toEqual([]);
    });

    it('is reported as deployed by a backup policy and left alone', () => {
      expect(lines(result).filter((line) => line.includes('orgs/'))).toEqual([
        `not-represented plans: plan org-baseline (eu-central-1, ${ORG_PLAN}) is deployed by an AWS Organizations backup policy: the management account manages it (adopt the organization with an export of the management account made with --organization), so it is not adopted or imported and stays as it is, unmanaged`,
        `not-represented plans: plan org-weekly (eu-central-1, ${ORG_PLAN_2}) is deployed by an AWS Organizations backup policy: the management account manages it (adopt the organization with an export of the management account made with --organization), so it is not adopted or imported and stays as it is, unmanaged`,
      ]);
    });
  });
}

/*
 * The opt-outs of an adopted estate stay opt-outs (regionSettings.optOut): the first apply starts
 * backing up nothing AWS skips today. Types backup-estate does not know are carried as they are
 * (otherTypes), so the plan shows no difference for them; a type the config would opt in is a warning.
 */
{
  describe('adopting Region settings', () => {
    it('keeps the opt-outs, carries the types it does not know, and warns about a type the first apply opts in', () => {
      const from = messyExport((account) =>
        editJson(join(account, 'eu-west-1/region-settings.json'), (settings) => {
          Object.assign(settings.ResourceTypeOptInPreference, {
            // Types of the table (EKS: GetSupportedResourceTypes lists it; DSQL: where AWS Backup offers it): an opt-in and an opt-out, no longer carried under otherTypes.
            DSQL: true,
            EKS: false,
            'Redshift Serverless': false,
          });
          delete settings.ResourceTypeOptInPreference.S3; // not returned: the config neither opts it in nor out
        })
      );
      const result = adoptExport({ from });
      expect(result.errors).toEqual([]);
      expect((result.config as any).regionSettings).toEqual({
        optIn: ['Aurora', 'DSQL', 'DynamoDB', 'EBS', 'EC2', 'EFS', 'RDS'],
        optOut: ['CloudFormation', 'DocumentDB', 'EKS', 'FSx', 'Neptune', 'Redshift', 'SAP HANA on Amazon EC2', 'Storage Gateway', 'Timestream', 'VirtualMachine'],
        otherTypes: { 'Redshift Serverless': false },
        management: { DynamoDB: true, EFS: true },
      });
      expect(lines(result).filter((line) => line.includes(' regionSettings'))).toEqual([
        'not-represented regionSettings: the Region settings of eu-central-1: backup-estate manages Region settings only where plans run (elsewhere they would opt out every other type); they stay as they are, unmanaged',
        'kept regionSettings.otherTypes: Redshift Serverless is a resource type backup-estate does not know: the config holds its opt-in as AWS has it (otherTypes), so Terraform keeps it and shows no difference',
        'warning regionSettings.optOut: keeps CloudFormation, DocumentDB, EKS, FSx, Neptune, Redshift, SAP HANA on Amazon EC2, Storage Gateway, Timestream and VirtualMachine opted out, which the selections can select: AWS skips resources of these types that tags, "*", an ARN of the service only (arn:aws:ec2:*) or an ARN pattern of part of a type (arn:aws:s3:::prod*) select (and rds clusters or FSx file systems even when listed by ARN: several types share their ARN shape) in every Region where plans run (no backup job, no failure); remove them from optOut to back them up',
        'warning regionSettings.optOut: the first apply opts in S3 in eu-west-1 (acme-prod-eu-west-1), which AWS does not opt in there today: the selections there can select them (a selection by tags, or by "*" with conditions, selects every type), so they start being backed up; regionSettings holds one value for every Region, and another Region opts them in. To keep them skipped everywhere, add them to regionSettings.optOut',
      ]);
    });

    it('opts in everywhere a type one Region opts in and another out (opting it out would stop backups)', () => {
      const from = messyExport((account) =>
        editJson(join(account, 'eu-central-1/region-settings.json'), (settings) =>
          Object.assign(settings.ResourceTypeOptInPreference, {
            S3: true,
            EC2: false,
            DSQL: false,
          })
        )
      );
      const { settings } = regionSettingsOfBothRegions(from);
      expect(settings?.optIn).toEqual(expect.arrayContaining(['EC2', 'S3']));
      expect(settings?.optOut).not.toContain('S3');
    });
  });
}

/*
 * Region settings adopt could not read in a Region where plans run: the config's one regionSettings
 * would be written there over settings no one has read (opting types out, switching full
 * management), so adopt leaves regionSettings out altogether and says so.
 */
{
  const DENIED = 'An error occurred (AccessDeniedException) when calling the DescribeRegionSettings operation: User is not authorized';

  describe('Region settings that could not be exported where plans run', () => {
    it('leave the config without regionSettings, import none, and say what the first apply would have done', () => {
      const from = messyExport((account) => denied(join(account, 'eu-west-1/region-settings.json'), 'DescribeRegionSettings'));
      const result = adoptExport({ from });
      expect(result.errors).toEqual([]);
      expect((result.config as any).regionSettings).toBeUndefined();
      expect(result.imports.filter((row) => row.address.startsWith('aws_backup_region_settings'))).toEqual([]);
      expect(lines(result).filter((line) => line.startsWith('not-represented regionSettings'))).toEqual([
        `not-represented regionSettings: the Region settings of eu-west-1 (${DENIED}), where plans run, could not be exported: regionSettings is one setting for every Region where plans run, and the first apply would write it there over settings no one has read (opting out every type it does not list, switching full management of DynamoDB and EFS), so the config holds no regionSettings and the Region settings of every Region stay as they are, unmanaged; export them again (backup:DescribeRegionSettings) and run adopt again to manage them`,
      ]);
    });

    it('are not filled in from another Region where plans run', () => {
      const from = messyExport((account) => denied(join(account, 'eu-central-1/region-settings.json'), 'DescribeRegionSettings'));
      const { settings, out } = regionSettingsOfBothRegions(from);
      expect(settings).toBeUndefined();
      expect(out.targets).toEqual([]);
      expect(out.items.map((item) => item.message.split(':')[0])).toEqual([
        `the Region settings of eu-central-1 (An error occurred (AccessDeniedException) when calling the DescribeRegionSettings operation`,
      ]);
    });
  });
}

/*
 * Tags adopt could not read (list-tags denied): the config holds none, and the first apply would
 * remove whatever tags the resource has. Adopt warns, naming the resource and what apply does.
 */
{
  const DENIED = 'An error occurred (AccessDeniedException) when calling the ListTags operation: User is not authorized';

  describe('tags that could not be exported', () => {
    it('are a warning naming the vault or plan and what the first apply does', () => {
      const from = messyExport((account) => {
        denied(join(account, 'eu-west-1/vaults/prod-main/tags.json'), 'ListTags');
        denied(join(account, 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/tags.json'), 'ListTags');
      });
      const result = adoptExport({ from });
      expect(result.errors).toEqual([]);
      const config = result.config as any;
      expect(config.vaults['prod-main'].tags).toBeUndefined();
      expect(config.plans['prod-daily'].tags).toBeUndefined();
      expect(lines(result).filter((line) => line.includes('could not be exported'))).toEqual([
        `warning plans.prod-daily.tags: the tags of plan prod-daily (eu-west-1) could not be exported (${DENIED}): the config holds none, so the first apply removes whatever tags the plan has; export them again (backup:ListTags) or write them under plans.prod-daily.tags before applying`,
        `warning vaults.prod-main.tags: the tags of vault prod-main (eu-west-1) could not be exported (${DENIED}): the config holds none, so the first apply removes whatever tags the vault has; export them again (backup:ListTags) or write them under vaults.prod-main.tags before applying`,
      ]);
    });

    // The export script calls list-tags and kms describe-key with the ARN and key describe-backup-vault
    // returns: when that call is denied it writes neither file nor its .error. Adopt read the missing
    // tags as none (the first apply removed the vault's tags unannounced) and checked no key.
    it('are a warning too when tags.json is missing (describe-backup-vault denied), and so is the unchecked key', () => {
      const from = messyExport((account) => {
        const vault = join(account, 'eu-west-1/vaults/prod-archive');
        denied(join(vault, 'describe.json'), 'DescribeBackupVault');
        for (const file of ['tags.json', 'key.json']) rmSync(join(vault, file));
        rmSync(join(account, 'eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/tags.json'));
      });
      const result = adoptExport({ from });
      expect(result.errors).toEqual([]);
      expect((result.config as any).vaults['prod-archive'].tags).toBeUndefined();
      const why = '111122223333/eu-west-1/vaults/prod-archive/tags.json is missing: the export reads it with what describe-backup-vault returns, and that call failed';
      expect(lines(result).filter((line) => line.includes(' is missing'))).toEqual([
        'warning plans.prod-daily.tags: the tags of plan prod-daily (eu-west-1) could not be exported (111122223333/eu-west-1/plans/5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b/tags.json is missing): the config holds none, so the first apply removes whatever tags the plan has; export them again (backup:ListTags) or write them under plans.prod-daily.tags before applying',
        'warning vaults.prod-archive.kmsKeyArn: could not tell whether arn:aws:kms:eu-west-1:111122223333:key/2c3d4e5f-6071-4829-93a4-b5c6d7e8f90a is a customer-managed key (kms describe-key: 111122223333/eu-west-1/vaults/prod-archive/key.json is missing: the export reads it with what describe-backup-vault returns, and that call failed); backup-estate requires one',
        `warning vaults.prod-archive.tags: the tags of vault prod-archive (eu-west-1) could not be exported (${why}): the config holds none, so the first apply removes whatever tags the vault has; export them again (backup:ListTags) or write them under vaults.prod-archive.tags before applying`,
      ]);
    });
  });
}

/*
 * A restore testing plan that includes only vaults adopt does not carry over (a logically air-gapped
 * vault, AWS's recommended restore test target; another account's): dropping them left vaults: [],
 * which is AWS's "*" (include_vaults ["*"]), so the first apply tested every vault of the Region
 * while the report said only "the first apply drops them". It stays as it is, unmanaged.
 */
describe('a restore testing plan of only vaults outside the export', () => {
  it('is not adopted (vaults: [] would be every vault), and the report says why', () => {
    const lag = 'arn:aws:backup:eu-west-1:111122223333:backup-vault:prod-lag';
    const from = messyExport((account) => {
      editJson(join(account, 'eu-west-1/backup-vaults.json'), (list) =>
        list.BackupVaultList.push({ BackupVaultName: 'prod-lag', BackupVaultArn: lag, VaultType: 'LOGICALLY_AIR_GAPPED_BACKUP_VAULT', VaultState: 'AVAILABLE', EncryptionKeyType: 'AWS_OWNED_KMS_KEY', Locked: true, MinRetentionDays: 7, MaxRetentionDays: 30 }),
      );
      editJson(join(account, 'eu-west-1/restore-testing/weekly_restore/plan.json'), (plan) => (plan.RestoreTestingPlan.RecoveryPointSelection.IncludeVaults = [lag]));
    });
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).restoreTesting).toBeUndefined();
    expect(result.imports.filter((row) => row.address.startsWith('aws_backup_restore_testing'))).toEqual([]);
    expect(lines(result).filter((line) => line.includes('weekly_restore'))).toEqual([
      `not-represented restoreTesting: restore testing plan weekly_restore (eu-west-1) includes only vaults outside the export (${lag}: another account's, a Region not exported, or a logically air-gapped vault): without them its vaults would be [], which is AWS's "*" and tests every vault of the Region instead, so it stays as it is, unmanaged`,
    ]);
  });
});

/*
 * A vault named central or central-air-gapped (plain AWS names) must not take the config keys
 * reserved for the organization's central vaults: adopt crashed (internal error, exit 2).
 */
{
  describe('a vault named central', () => {
    it('gets another key, keeps its name, and is imported', () => {
      const from = messyExport((account) => {
        editJson(join(account, 'eu-west-1/backup-vaults.json'), (list) => {
          const vault = list.BackupVaultList.find((entry: any) => entry.BackupVaultName === 'prod-main');
          Object.assign(vault, {
            BackupVaultName: 'central',
            BackupVaultArn: vault.BackupVaultArn.replace('prod-main', 'central'),
          });
        });
        renameSync(join(account, 'eu-west-1/vaults/prod-main'), join(account, 'eu-west-1/vaults/central'));
        editJson(join(account, 'eu-west-1/vaults/central/describe.json'), (vault) =>
          Object.assign(vault, {
            BackupVaultName: 'central',
            BackupVaultArn: vault.BackupVaultArn.replace('prod-main', 'central'),
          })
        );
        for (const id of ['5f1e3a2b-8c4d-4e6f-9a0b-1c2d3e4f5a6b'])
          editJson(join(account, 'eu-west-1/plans', id, 'plan.json'), (plan) => plan.BackupPlan.Rules.forEach((rule: any) => (rule.TargetBackupVaultName = 'central')));
      });
      const result = adoptExport({ from });
      expect(result.errors).toEqual([]);
      const config = result.config as any;
      expect(config.vaults.central).toBeUndefined();
      expect(config.vaults['central-eu-west-1'].name).toBe('central');
      expect(config.plans['prod-daily'].vault).toBe('central-eu-west-1');
      expect(result.imports.filter((row) => row.id === 'central').map((row) => row.address.split('.')[0])).toEqual([
        'aws_backup_vault',
        'aws_backup_vault_lock_configuration',
        'aws_backup_vault_policy',
      ]);
    });
  });
}

/*
 * Restore testing plans are one per name in the config, created in every Region where plans run and
 * their vaults are: one of the same name in another Region is created over (AWS refuses it there),
 * and what the first apply creates elsewhere is reported for each Region it is created in.
 */
{
  describe('restore testing plans across Regions', () => {
    const from = messyExport((account) => {
      const west = join(account, 'eu-west-1');
      const central = join(account, 'eu-central-1');
      // A plan of the account's own in eu-central-1 too, so restore tests run in both Regions.
      const id = 'c3d4e5f6-0000-4000-8000-00000000c1c1';
      editJson(join(central, 'backup-plans.json'), (plans) => {
        plans.BackupPlansList.push({ BackupPlanArn: `arn:aws:backup:eu-central-1:111122223333:backup-plan:${id}`, BackupPlanId: id, BackupPlanName: 'central-daily', VersionId: 'v1' });
      });
      const folder = join(central, 'plans', id);
      mkdirSync(join(folder, 'selections'), { recursive: true });
      writeFileSync(join(folder, 'plan.json'), JSON.stringify({ BackupPlan: { BackupPlanName: 'central-daily', Rules: [{ RuleName: 'daily', TargetBackupVaultName: 'prod-dr', ScheduleExpression: 'cron(0 1 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }] }, BackupPlanId: id }));
      writeFileSync(join(folder, 'selections.json'), JSON.stringify({ BackupSelectionsList: [{ SelectionId: 'sel-c1', SelectionName: 'central', IamRoleArn: 'arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole' }] }));
      writeFileSync(join(folder, 'selections', 'sel-c1.json'), JSON.stringify({ BackupSelection: { SelectionName: 'central', IamRoleArn: 'arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole', ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'central' }] } }));
      // eu-central-1 gets a weekly_restore of its own (the same name, every vault) and only_central.
      for (const name of ['weekly_restore', 'only_central']) {
        cpSync(join(west, 'restore-testing', 'weekly_restore'), join(central, 'restore-testing', name), { recursive: true });
        editJson(join(central, 'restore-testing-plans.json'), (plans) => {
          plans.RestoreTestingPlans.push({ RestoreTestingPlanArn: `arn:aws:backup:eu-central-1:111122223333:restore-testing-plan:${name}-1a2b3c`, RestoreTestingPlanName: name, ScheduleExpression: 'cron(0 6 ? * SAT *)' });
        });
      }
    });

    it('warns that the same name in another Region is created over, and reports each Region a test is created in', () => {
      const result = adoptExport({ from });
      const found = lines(result).filter((line) => line.includes('restore testing plan') && !line.includes('tags of'));
      // The export is read Region by Region (eu-central-1 first): its weekly_restore is adopted, and eu-west-1's of that name collides.
      expect(found).toEqual([
        'changed restoreTesting: the first apply creates restore testing plans weekly_restore and only_central in eu-west-1 too: backup-estate runs a restore test in every Region where plans run and its vaults are',
        'warning restoreTesting.weekly_restore: restore testing plan weekly_restore (eu-west-1) has the name of the one adopted from eu-central-1, which the first apply also creates in eu-west-1: AWS refuses a second plan of that name there, so that apply fails; rename or delete one of them in AWS, then export again',
      ]);
    });
  });
}

/*
 * A selection condition keyed by a bare tag key ("department"): AWS documents condition keys only as
 * "aws:ResourceTag/<tag key>" ("Include the prefix aws:ResourceTag in your tags", CloudFormation
 * ConditionParameter) and says nothing of what it matches a bare one against. The config writes
 * the prefix always, so adopting it would change what the selection selects: it stays unmanaged,
 * and the report names the key and the fix.
 */
describe('a selection condition on a key without aws:ResourceTag/', () => {
  const P2 = 'eu-west-1/plans/6a2f4b3c-9d5e-4f70-8b1c-2d3e4f5a6b7c';
  const from = messyExport((account) =>
    editJson(join(account, P2, 'selections/a1b2c3d4-0003-4a5b-8c6d-7e8f9a0b1c2d.json'), (selection) => (selection.BackupSelection.Conditions.StringEquals[0].ConditionKey = 'department')),
  );

  it('is not adopted, and the report says what AWS documents and what to write', () => {
    const result = adoptExport({ from });
    expect(lines(result).filter((line) => line.includes('finance.monthly'))).toEqual([
      'not-represented plans.prod-monthly.selections: selection finance.monthly of plan prod-monthly cannot be reproduced exactly (its condition key "department" has no aws:ResourceTag/ prefix: AWS documents selection condition keys only as "aws:ResourceTag/<tag key>" and does not say what it matches "department" against, so no resource is counted as selected through it; write "aws:ResourceTag/department"): it stays as it is, unmanaged (a changed selection would be replaced)',
    ]);
  });
});

/*
 * A restore testing selection by "*" and tag conditions, which AWS documents ("A restore testing selection can include a
 * wildcard value ("*") for ProtectedResourceArns along with ProtectedResourceConditions", CreateRestoreTestingSelection):
 * the config holds one of the two (provider 5.100.0 takes exactly one), and conditions alone pick the same resources.
 */
describe('a restore testing selection by "*" and tag conditions', () => {
  const from = messyExport((account) =>
    editJson(join(account, 'eu-west-1/restore-testing/weekly_restore/selections/ebs_volumes.json'), (selection) => (selection.RestoreTestingSelection.ProtectedResourceArns = ['*'])),
  );

  it('keeps its conditions, not resources: ["*"], which would test every EBS volume (found by the restore testing audit)', () => {
    const result = adoptExport({ from });
    expect(result.errors).toEqual([]);
    expect((result.config as any).restoreTesting.weekly_restore.selections.ebs_volumes).toEqual({ resourceType: 'EBS', conditions: { stringEquals: { backup: 'daily' } }, validationWindowHours: 2 });
  });
});

/*
 * Whether an adopted deletion deny already denies backup:DisassociateRecoveryPoint: adopt searched
 * the policy's text for the action's name beside its parsed reading (breakGlassOf), so a name
 * elsewhere in the text (a break-glass role whose path holds it: IAM paths take any ASCII between "!"
 * and DEL, colons included) hid the in-place change the first apply makes, and an action written
 * with a JSON escape reported one it does not make. The evaluator the rule pack, the posture report
 * and the plan guard read vault policies with (compliance policyDenies) answers now.
 */
describe('an adopted deletion deny and backup:DisassociateRecoveryPoint', () => {
  const THREE = ['backup:DeleteRecoveryPoint', 'backup:UpdateRecoveryPointLifecycle', 'backup:PutBackupVaultAccessPolicy'];
  const CHANGED = 'changed vaults.prod-main.accessPolicy: the access policy of prod-main denies deleting recovery points but not backup:DisassociateRecoveryPoint, which deletes a continuous recovery point from AWS Backup: the first apply adds it to the deny in place';
  const withPolicy = (statement: Record<string, unknown>): string[] => {
    const from = messyExport((account) =>
      editJson(join(account, 'eu-west-1/vaults/prod-main/access-policy.json'), (file) => {
        const policy = JSON.parse(file.Policy);
        Object.assign(policy.Statement[0], statement);
        file.Policy = JSON.stringify(policy);
      }),
    );
    return lines(adoptExport({ from })).filter((line) => line.startsWith('changed vaults.prod-main.accessPolicy'));
  };

  it('is added in place, and said so, when only a break-glass role ARN names it', () => {
    const role = 'arn:aws:iam::111122223333:role/backup:DisassociateRecoveryPoint/BreakGlass';
    expect(withPolicy({ Action: THREE, Condition: { ArnNotLike: { 'aws:PrincipalArn': [role] } } })).toEqual([CHANGED]);
  });

  it('is not reported as added when the deny holds it, however its JSON spells it', () => {
    const from = messyExport((account) => {
      const file = join(account, 'eu-west-1/vaults/prod-main/access-policy.json');
      editJson(file, (policy) => {
        const document = JSON.parse(policy.Policy);
        document.Statement[0].Action = [...THREE, 'backup:DisassociateRecoveryPoint'];
        // The JSON escape \u0052 for the R of RecoveryPoint: the same action to every JSON reader.
        policy.Policy = JSON.stringify(document).replace('backup:DisassociateRecoveryPoint', 'backup:Disassociate\\u0052ecoveryPoint');
      });
    });
    const result = adoptExport({ from });
    expect((result.config as any).vaults['prod-main'].accessPolicy).toEqual({ breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BackupBreakGlass'] });
    expect(lines(result).filter((line) => line.startsWith('changed vaults.prod-main.accessPolicy'))).toEqual([]);
  });
});
