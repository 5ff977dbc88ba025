/** Restore tests that find nothing or fail every time, found by the restore testing audit against AWS's documentation: exact messages. */
import { configWith, findings, RawConfig } from '../support/configs';

type Mutation = (config: RawConfig) => void;
const withRestoreTests = (mutate: Mutation): RawConfig =>
  configWith((c) => {
    c.restoreTesting = { weekly: { selections: { 'ebs-volumes': { resourceType: 'EBS', conditions: { stringEquals: { backup: 'gold' } } } } } };
    mutate(c);
  });
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
