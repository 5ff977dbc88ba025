/** Roles given to AWS Backup by ARN must be of the account whose stack passes them: exact messages (config/role-accounts.ts). */
import { configWith, findings, organizationWith, RawConfig, withRestoreTests } from '../support/configs';

const errorsAt = (raw: RawConfig, prefix: string) => findings(raw).errors.filter((line) => line.startsWith(prefix));
const PASS_ROLE = "of another account, and IAM passes a role only to a service of the role's own account (iam:PassRole, for";

describe('a role of another account than the stack that passes it', () => {
  it("is refused as a selection's role: creating the selection passes it, so nothing it selects would be backed up", () => {
    const other = configWith((c) => (c.plans.gold.selections.tagged.role = 'arn:aws:iam::999988887777:role/BackupRole'));
    expect(errorsAt(other, 'plans')).toEqual([
      `plans.gold.selections.tagged.role: "arn:aws:iam::999988887777:role/BackupRole" is a role of account 999988887777, but it is used in stack test-eu-west-1 ${PASS_ROLE} this selection there, which creating a backup selection needs): it fails to be created and nothing it selects is backed up; leave role out (the service role of each account backs up)`,
    ]);
    expect(errorsAt(configWith((c) => (c.plans.gold.selections.tagged.role = 'arn:aws:iam::111122223333:role/BackupRole')), 'plans')).toEqual([]);
  });

  it("is refused in an organization where the plan runs in another account, and accepted where every stack of the plan is in the role's account", () => {
    // gold runs in payments (333333333333) only.
    const ofOrders = organizationWith((c) => (c.plans.gold.selections.tagged.role = 'arn:aws:iam::444444444444:role/BackupRole'));
    expect(errorsAt(ofOrders, 'plans')).toEqual([
      `plans.gold.selections.tagged.role: "arn:aws:iam::444444444444:role/BackupRole" is a role of account 444444444444, but it is used in stack payments-eu-west-1 ${PASS_ROLE} this selection there, which creating a backup selection needs): it fails to be created and nothing it selects is backed up; leave role out (the service role of each account backs up)`,
    ]);
    expect(errorsAt(organizationWith((c) => (c.plans.gold.selections.tagged.role = 'arn:aws:iam::333333333333:role/BackupRole')), 'plans')).toEqual([]);
  });

  it('is refused as the service role (serviceRole.arn) its selections use, and accepted when every selection has a role of its own', () => {
    const other = configWith((c) => (c.serviceRole = { arn: 'arn:aws:iam::999988887777:role/BackupRole' }));
    expect(errorsAt(other, 'serviceRole')).toEqual([
      `serviceRole.arn: "arn:aws:iam::999988887777:role/BackupRole" is a role of account 999988887777, but it is used in stack test-eu-west-1 ${PASS_ROLE} the backup selections of its plans there, which creating a backup selection needs): those selections fail to be created and nothing they select is backed up; give a role of the account whose stacks use it, or leave arn out (the primary stack then creates the role serviceRole.name)`,
    ]);
    const unused = configWith((c) => {
      c.serviceRole = { arn: 'arn:aws:iam::999988887777:role/BackupRole' };
      c.plans.gold.selections.tagged.role = 'arn:aws:iam::111122223333:role/BackupRole';
    });
    expect(errorsAt(unused, 'serviceRole')).toEqual([]);
    expect(errorsAt(configWith((c) => (c.serviceRole = { arn: 'arn:aws:iam::111122223333:role/BackupRole' })), 'serviceRole')).toEqual([]);
  });

  it('is refused as a restore test role: its selections fail to be created and the test never runs', () => {
    const other = withRestoreTests((c) => (c.restoreTesting.weekly.role = 'arn:aws:iam::999988887777:role/RestoreTests'));
    expect(errorsAt(other, 'restoreTesting')).toEqual([
      `restoreTesting.weekly.role: "arn:aws:iam::999988887777:role/RestoreTests" is a role of account 999988887777, but it is used in stack test-eu-west-1 ${PASS_ROLE} its selections there, which creating a restore testing selection needs): they fail to be created and the test never runs; leave role out (each account's primary stack creates aws-backup-restore-testing-role)`,
    ]);
    const test = { selections: { volumes: { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } };
    const ofPayments = organizationWith((c) => (c.restoreTesting = { weekly: { ...test, role: 'arn:aws:iam::333333333333:role/RestoreTests' } }));
    expect(errorsAt(ofPayments, 'restoreTesting')).toEqual([
      `restoreTesting.weekly.role: "arn:aws:iam::333333333333:role/RestoreTests" is a role of account 333333333333, but it is used in stack orders-eu-west-1 ${PASS_ROLE} its selections there, which creating a restore testing selection needs): they fail to be created and the test never runs; leave role out (each account's primary stack creates aws-backup-restore-testing-role)`,
    ]);
    expect(errorsAt(withRestoreTests((c) => (c.restoreTesting.weekly.role = 'arn:aws:iam::111122223333:role/RestoreTests')), 'restoreTesting')).toEqual([]);
  });

  it("is refused as an organization account's deploy role: its stacks' providers assume it, pinned to the account's own id", () => {
    const other = organizationWith((c) => (c.accounts.payments.deployRoleArn = 'arn:aws:iam::111111111111:role/Deployer'));
    expect(errorsAt(other, 'accounts')).toEqual([
      'accounts.payments.deployRoleArn: "arn:aws:iam::111111111111:role/Deployer" is a role of account 111111111111, but the stacks of account payments (333333333333) assume it and pin their provider to 333333333333 (allowed_account_ids): the credentials it gives are of account 111111111111, so every plan of those stacks fails; give a role of account 333333333333',
    ]);
    expect(errorsAt(organizationWith((c) => (c.accounts.payments.deployRoleArn = 'arn:aws:iam::333333333333:role/Deployer')), 'accounts')).toEqual([]);
    expect(errorsAt(organizationWith(() => undefined), 'accounts')).toEqual([]);
  });

  it("accepts an EC2 restore test restoring the instance profile with the restore testing role the stacks create: AWS's restore policy lets it pass the profile's role to EC2", () => {
    // AWSBackupServiceRolePolicyForRestores v35 (2026-02-12): iam:PassRole on arn:aws:iam::*:role/* passed to ec2.amazonaws.com (among others).
    const instances = withRestoreTests((c) => {
      c.restoreTesting.weekly.selections.instances = { resourceType: 'EC2', conditions: { stringEquals: { backup: 'gold' } }, restoreMetadataOverrides: { iamInstanceProfileName: 'UseBackedUpValue', subnetId: 'subnet-0123456789abcdef0' } };
    });
    expect(findings(instances).errors).toEqual([]);
  });
});
