/** Restore tests that find nothing or fail every time, found by the restore testing audit against AWS's documentation: exact messages. */
import { findings, RawConfig, withRestoreTests } from '../support/configs';

const weekly = (c: RawConfig) => c.restoreTesting.weekly;
const restoreWarnings = (config: RawConfig) => findings(config).warnings.filter((w) => w.startsWith('restoreTesting'));

describe('restore tests that pick from no vault', () => {
  it('warns when excludeVaults leaves none of the vaults a test without vaults picks from (include_vaults and exclude_vaults the same ARNs)', () => {
    // Without vaults the test picks from every vault its stack creates: main in eu-west-1.
    expect(restoreWarnings(withRestoreTests((c) => (weekly(c).excludeVaults = ['main'])))).toEqual([
      'restoreTesting.weekly.excludeVaults: excludes every vault the restore test picks from in stack test-eu-west-1 (without vaults, every vault the stack creates): it finds no recovery point, starts no restore job and raises no alert; list the vaults to test in vaults, or ["*"]',
    ]);
    // "*" picks from vaults this config does not create too: nothing to say.
    expect(
      restoreWarnings(
        withRestoreTests((c) => {
          weekly(c).vaults = ['*'];
          weekly(c).excludeVaults = ['main'];
        }),
      ),
    ).toEqual([]);
  });
});

describe('restore test resources given as ARN patterns', () => {
  it('warns: AWS takes "*" alone or specific ARNs, so a pattern restores nothing (and nothing is credited by it)', () => {
    const pattern = 'arn:aws:ec2:eu-west-1:111122223333:volume/*';
    expect(restoreWarnings(withRestoreTests((c) => (weekly(c).selections['ebs-volumes'] = { resourceType: 'EBS', resources: [pattern] })))).toEqual([
      `restoreTesting.weekly.selections.ebs-volumes.resources.0: "${pattern}" is a pattern, but a restore testing selection takes "*" alone or specific ARNs (CreateRestoreTestingSelection): no protected resource has this ARN, so it restores none; list the resources' ARNs, or use conditions`,
    ]);
    // Not also "no plan selection backs up the resources it lists": plans may back up every volume; the pattern is why it restores none.
    expect(restoreWarnings(withRestoreTests((c) => (weekly(c).selections['ebs-volumes'] = { resourceType: 'EBS', resources: ['arn:aws:ec2:eu-west-1:111122223333:volume/vol-0abc'] })))).toEqual([]);
  });
});
