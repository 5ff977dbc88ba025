/** The role a restore test's jobs run with, where AWS cannot use it: exact messages (config/restore-testing-roles.ts; a role of another account: role-accounts.test.ts). */
import { findings, RawConfig, withRestoreTests } from '../support/configs';

const weekly = (c: RawConfig) => c.restoreTesting.weekly;
const restoreErrors = (raw: RawConfig) => findings(raw).errors.filter((line) => line.startsWith('restoreTesting'));

describe('an EC2 restore test that restores the instance profile', () => {
  const instances = (overrides: Record<string, string>, role?: string) =>
    withRestoreTests((c) => {
      weekly(c).selections.instances = { resourceType: 'EC2', conditions: { stringEquals: { backup: 'gold' } }, restoreMetadataOverrides: overrides };
      if (role !== undefined) weekly(c).role = role;
    });

  it('is refused with the restore testing role the stacks create: it may not pass the profile role (AWS managed restore policies only)', () => {
    expect(restoreErrors(instances({ IamInstanceProfileName: 'UseBackedUpValue', subnetId: 'subnet-0123456789abcdef0' }))).toEqual([
      'restoreTesting.weekly.selections.instances.restoreMetadataOverrides.IamInstanceProfileName: is "UseBackedUpValue": each instance is restored with an instance profile, so the restore job must pass the profile\'s role to EC2 (iam:PassRole), and the restore testing role the stacks create (aws-backup-restore-testing-role, AWS managed restore policies only) may not: every restore job of this selection fails; give the restore test a role of your own (role) allowed to pass that role, or leave IamInstanceProfileName out (AWS Backup then restores the instances without an instance profile)',
    ]);
  });

  it('is accepted with a role of its own, or without an instance profile (null)', () => {
    expect(restoreErrors(instances({ iamInstanceProfileName: 'UseBackedUpValue' }, 'arn:aws:iam::111122223333:role/RestoreTests'))).toEqual([]);
    expect(restoreErrors(instances({ iamInstanceProfileName: 'null', subnetId: 'subnet-0123456789abcdef0' }))).toEqual([]);
  });
});
