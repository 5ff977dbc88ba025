/**
 * The keys `central` and `central-air-gapped` are reserved in an organization (copies into the
 * central backup account). A single account may use them for a vault of its own: they crashed
 * validate (exit 2, an internal error) when the resolution took them for the central vault.
 */
import { checkRawConfig } from '../../config';
import { configWith, findings } from '../support/configs';

describe('a vault keyed central in a single account', () => {
  it('an existing vault keyed central is that existing vault', () => {
    const config = configWith((c) => {
      c.existingVaults = { central: { name: 'shared' } };
      c.plans.gold.vault = 'central';
    });
    expect(findings(config).errors).toEqual([]);
    const stack = checkRawConfig(config).model!.stacks.find((candidate) => candidate.kind === 'workload');
    expect(stack?.kind === 'workload' ? stack.plans[0].rules.daily.target : undefined).toMatchObject({ key: 'central', name: 'shared', arn: 'arn:aws:backup:eu-west-1:111122223333:backup-vault:shared', existing: true });
  });

  it('a vault of the config keyed central-air-gapped is created and backed up into', () => {
    const config = configWith((c) => {
      c.vaults['central-air-gapped'] = { accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::111122223333:role/BreakGlass'] } };
      c.plans.gold.vault = 'central-air-gapped';
    });
    expect(findings(config).errors).toEqual([]);
    const stack = checkRawConfig(config).model!.stacks.find((candidate) => candidate.kind === 'workload' && candidate.region === 'eu-west-1');
    expect(stack?.kind === 'workload' ? stack.vaults.map((vault) => vault.key) : []).toContain('central-air-gapped');
    expect(stack?.kind === 'workload' ? stack.plans[0].rules.daily.target : undefined).toMatchObject({ key: 'central-air-gapped', name: 'central-air-gapped', region: 'eu-west-1' });
  });
});
