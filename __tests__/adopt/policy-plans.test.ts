/**
 * Plans an AWS Organizations backup policy deploys into a member account (id and ARN under orgs/,
 * e.g. arn:aws:backup:us-east-1:025066259999:backup-plan:orgs/4232272a-...): the management account
 * owns them, so adopt never writes them into the account's config nor imports them, and says so.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { adoptExport } from '../../adopt';
import { editJson, lines, messyExport, removeScratch } from './messy-export';

afterAll(removeScratch);

const ORG_PLAN = 'orgs/4232272a-ed54-3a88-b1d0-ace894b6c24c';
const ORG_PLAN_2 = 'orgs/5343383b-fe65-4b99-c2e1-bdf905c7d35d';

describe('a plan a backup policy deploys', () => {
  const from = messyExport((account) => {
    // Two policy plans in eu-central-1 (more than the account's own plans in eu-west-1), whose selections use another role.
    editJson(join(account, 'eu-central-1/backup-plans.json'), (plans) => {
      plans.BackupPlansList.push(
        { BackupPlanArn: `arn:aws:backup:eu-central-1:111122223333:backup-plan:${ORG_PLAN}`, BackupPlanId: ORG_PLAN, BackupPlanName: 'org-baseline', VersionId: 'v1' },
        { BackupPlanArn: `arn:aws:backup:eu-central-1:111122223333:backup-plan:${ORG_PLAN_2}`, BackupPlanId: ORG_PLAN_2, BackupPlanName: 'org-weekly', VersionId: 'v1' },
      );
    });
    for (const id of [ORG_PLAN, ORG_PLAN_2]) {
      const folder = join(account, 'eu-central-1/plans', id);
      mkdirSync(join(folder, 'selections'), { recursive: true });
      writeFileSync(join(folder, 'plan.json'), JSON.stringify({ BackupPlan: { BackupPlanName: 'org', Rules: [{ RuleName: 'org_daily', TargetBackupVaultName: 'prod-dr', ScheduleExpression: 'cron(0 1 * * ? *)', Lifecycle: { DeleteAfterDays: 35 } }] }, BackupPlanId: id }));
      writeFileSync(join(folder, 'selections.json'), JSON.stringify({ BackupSelectionsList: [1, 2, 3].map((n) => ({ SelectionId: `org-sel-${n}`, SelectionName: `baseline${n}`, IamRoleArn: 'arn:aws:iam::111122223333:role/org-backup' })) }));
      for (const n of [1, 2, 3]) writeFileSync(join(folder, 'selections', `org-sel-${n}.json`), JSON.stringify({ BackupSelection: { SelectionName: `baseline${n}`, IamRoleArn: 'arn:aws:iam::111122223333:role/org-backup', ListOfTags: [{ ConditionType: 'STRINGEQUALS', ConditionKey: 'backup', ConditionValue: 'org' }] } }));
    }
  });
  const result = adoptExport({ from });

  it('is neither adopted nor imported, and moves neither the primary Region nor the service role', () => {
    expect(result.errors).toEqual([]);
    const config = result.config as any;
    expect(Object.keys(config.plans)).toEqual(['prod-daily', 'prod-monthly']);
    expect(config.account.region).toBe('eu-west-1');
    expect(config.serviceRole).toEqual({ arn: 'arn:aws:iam::111122223333:role/service-role/AWSBackupDefaultServiceRole' });
    expect(result.imports.filter((row) => row.id.includes('orgs/'))).toEqual([]);
  });

  it('is reported as deployed by a backup policy and left alone', () => {
    expect(lines(result).filter((line) => line.includes('orgs/'))).toEqual([
      `not-represented plans: plan org-baseline (eu-central-1, ${ORG_PLAN}) is deployed by an AWS Organizations backup policy: the management account manages it (adopt the organization with an export of the management account made with --organization), so it is not adopted or imported and stays as it is, unmanaged`,
      `not-represented plans: plan org-weekly (eu-central-1, ${ORG_PLAN_2}) is deployed by an AWS Organizations backup policy: the management account manages it (adopt the organization with an export of the management account made with --organization), so it is not adopted or imported and stays as it is, unmanaged`,
    ]);
  });
});
