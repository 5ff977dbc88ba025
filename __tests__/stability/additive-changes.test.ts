/**
 * Additive config changes never move an existing resource: after adding an account, a Region, a
 * plan, a rule, a vault, a copy or a selection (or lengthening a retention), every address of the
 * example's synthesis is still there, in the same stack, with the same type. Additions are fine.
 * Stacks the edit has no business touching keep every resource attribute byte for byte.
 *
 * Speed: each example is synthesized once (beforeAll); an edit synthesizes only the stacks whose
 * stack model changed and reuses the others' output (see StackCache in ./addresses). Adding an
 * account (organization) and adding a Region (single account) synthesize every stack afresh
 * (`fresh`), so "untouched stacks are byte-identical" is checked there on real output, not on the
 * cache; elsewhere an untouched stack is one whose model did not change.
 */
import type { RawConfig } from '../support/configs';
import {
  addressesOf,
  cacheOf,
  diffAddresses,
  exampleRaw,
  formatDiff,
  goldenMismatch,
  newStacks,
  stacksWithChangedResources,
  StackCache,
  supersetViolation,
  synthRaw,
  Synthesis,
} from './addresses';

interface Base {
  synthesis: Synthesis;
  cache: StackCache;
}

/** The example, synthesized once for the tests of its describe block. */
function baseOf(example: string): Base {
  const base = {} as Base;
  beforeAll(() => {
    base.synthesis = synthRaw(exampleRaw(example));
    base.cache = cacheOf(base.synthesis);
  });
  return base;
}

/** The example with `edit` applied to its parsed config, synthesized (afresh when `fresh`, else through the cache). */
function edited(example: string, base: Base, edit: (config: RawConfig) => void, fresh = false): Synthesis {
  const raw = exampleRaw(example);
  edit(raw);
  return synthRaw(raw, fresh ? undefined : base.cache);
}

/** Fails with the removed addresses (and the state-move note) unless `after` keeps every address of `before`; returns the additions. */
function expectSuperset(what: string, before: Synthesis, after: Synthesis): string[] {
  const violation = supersetViolation(what, addressesOf(before.estate), addressesOf(after.estate));
  if (violation !== undefined) throw new Error(violation);
  return diffAddresses(addressesOf(before.estate), addressesOf(after.estate)).added;
}

const addressesOfType = (added: readonly string[], type: string): string[] => added.filter((address) => address.split('\t')[1].startsWith(`${type}.`));

const breakGlass = (accountId: string) => ({ breakGlassPrincipals: [`arn:aws:iam::${accountId}:role/BackupBreakGlass`] });

describe('single-account.yaml (one account: adding a Region stands in for adding an account)', () => {
  const EXAMPLE = 'single-account.yaml';
  const STACK = 'workload-prod-eu-west-1';
  const base = baseOf(EXAMPLE);

  it('adding a Region (a vault and a plan in us-east-1) keeps every address, and the eu-west-1 stack keeps every attribute', () => {
    const after = edited(
      EXAMPLE,
      base,
      (config) => {
        config.vaults['us-main'] = { region: 'us-east-1', accessPolicy: breakGlass('111122223333') };
        config.plans['us-gold'] = { region: 'us-east-1', vault: 'us-main', rules: { daily: { preset: 'daily-35' } }, selections: { tagged: { tags: { backup: 'gold' } } } };
      },
      true,
    );
    expectSuperset('a new Region', base.synthesis, after);
    expect(newStacks(base.synthesis, after)).toEqual(['workload-prod-us-east-1']);
    expect(after.synthesized.sort()).toEqual(Object.keys(after.estate)); // every stack synthesized afresh
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([]);
  });

  it('adding a plan in the primary Region keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.bronze = { vault: 'main', rules: { weekly: { preset: 'weekly-90' } }, selections: { 'tagged-bronze': { tags: { backup: 'bronze' } } } };
    });
    const added = expectSuperset('a new plan', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_plan')).toHaveLength(1);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([STACK]);
  });

  it('adding a rule to an existing plan keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.silver.rules.weekly = { preset: 'weekly-90' };
    });
    expectSuperset('a new rule', base.synthesis, after);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([STACK]);
  });

  it('adding a vault keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.vaults.spare = { accessPolicy: breakGlass('111122223333') };
    });
    const added = expectSuperset('a new vault', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_vault')).toEqual([expect.stringMatching(/\taws_backup_vault\.vault-spare_/)]);
  });

  it('adding a copy to an existing rule (into a new DR vault in eu-central-1) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.vaults.dr = { region: 'eu-central-1', accessPolicy: breakGlass('111122223333') };
      config.plans.gold.rules.daily.copies = { dr: {} };
    });
    const added = expectSuperset('a new copy', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_vault')).toEqual([expect.stringMatching(/\taws_backup_vault\.vault-dr_/)]);
    expect(stacksWithChangedResources(base.synthesis, after)).toContain(STACK);
  });

  it('adding a selection keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.gold.selections['tagged-platinum'] = { tags: { backup: 'platinum' } };
    });
    const added = expectSuperset('a new selection', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_selection')).toHaveLength(1);
  });

  it('a longer retention keeps exactly the same addresses', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.silver.rules.daily.lifecycle.deleteAfterDays = 30;
    });
    expect(expectSuperset('a longer retention', base.synthesis, after)).toEqual([]);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([STACK]);
  });

  it('renaming a vault key is caught: the checker reports the removed addresses and the state-move note', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.vaults.primary = config.vaults.main;
      delete config.vaults.main;
      config.plans.gold.vault = 'primary';
      config.plans.silver.vault = 'primary';
    });
    const diff = diffAddresses(addressesOf(base.synthesis.estate), addressesOf(after.estate));
    expect(diff.removed).toContain(addressesOf(base.synthesis.estate).find((address) => /\taws_backup_vault\.vault-main_/.test(address)));
    expect(diff.added).toContainEqual(expect.stringMatching(/\taws_backup_vault\.vault-primary_/));
    const violation = supersetViolation('renamed vault', addressesOf(base.synthesis.estate), addressesOf(after.estate));
    expect(violation).toContain(`- ${STACK}  aws_backup_vault.vault-main_`);
    expect(violation).toContain('terraform state mv');
    expect(() => expectSuperset('renamed vault', base.synthesis, after)).toThrow(/removed or renamed existing addresses/);
    // The golden-file comparison explains the same thing.
    expect(goldenMismatch(EXAMPLE, addressesOf(base.synthesis.estate), addressesOf(after.estate))).toMatch(/DESTROYS[\s\S]*moved \{ from = <old>, to = <new> \}[\s\S]*UPDATE_ADDRESS_FIXTURES=1/);
  });
});

describe('multi-region.yaml', () => {
  const EXAMPLE = 'multi-region.yaml';
  const EU = 'payments-prod-eu-west-1';
  const US = 'payments-prod-us-east-1';
  const base = baseOf(EXAMPLE);

  it('adding a Region (a vault and a plan in ap-southeast-2) keeps every address, and the other stacks keep every attribute', () => {
    const after = edited(
      EXAMPLE,
      base,
      (config) => {
        config.vaults['ap-primary'] = { region: 'ap-southeast-2', accessPolicy: breakGlass('111122223333') };
        config.plans['ap-critical'] = { region: 'ap-southeast-2', vault: 'ap-primary', rules: { daily: { preset: 'daily-35' } }, selections: { tagged: { tags: { backup: 'critical' } } } };
      },
    );
    expectSuperset('a new Region', base.synthesis, after);
    expect(newStacks(base.synthesis, after)).toEqual(['payments-prod-ap-southeast-2']);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([]);
  });

  it('adding a plan in the primary Region keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['eu-bronze'] = { vault: 'primary', rules: { weekly: { preset: 'weekly-90' } }, selections: { tagged: { tags: { backup: 'bronze' } } } };
    });
    const added = expectSuperset('a new plan', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_plan')).toEqual([expect.stringMatching(new RegExp(`^${EU}\t`))]);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([EU]);
  });

  it('adding a plan in a Region that so far only holds a DR copy-destination vault (eu-central-1) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['eu-dr-local'] = { region: 'eu-central-1', vault: 'eu-dr', rules: { daily: { preset: 'daily-35' } }, selections: { tagged: { tags: { backup: 'local' } } } };
    });
    expectSuperset('a new plan in the DR Region', base.synthesis, after);
    // Only eu-central-1 is touched: the stacks of the other Regions keep every attribute.
    const otherRegions = stacksWithChangedResources(base.synthesis, after).filter((name) => after.models[name]?.region !== 'eu-central-1');
    expect(otherRegions).toEqual([]);
  });

  it('adding a rule to an existing plan keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['us-critical'].rules.monthly = { preset: 'monthly-1y-cold' };
    });
    expectSuperset('a new rule', base.synthesis, after);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([US]);
  });

  it('adding a vault (on the shared eu-primary key) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.vaults['eu-archive'] = { kmsKey: 'eu-primary', accessPolicy: breakGlass('111122223333') };
    });
    const added = expectSuperset('a new vault', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_vault')).toEqual([expect.stringMatching(/\taws_backup_vault\.vault-eu-archive_/)]);
    expect(addressesOfType(added, 'aws_kms_key')).toEqual([]);
  });

  it('adding a copy to an existing rule (into the existing us-dr vault) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['eu-critical'].rules.daily.copies['us-dr'] = {};
    });
    expectSuperset('a new copy', base.synthesis, after);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([EU]);
  });

  it('adding a selection keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['eu-databases'].selections.reports = { resources: ['arn:aws:rds:eu-west-1:111122223333:db:payments-reports'] };
    });
    const added = expectSuperset('a new selection', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_selection')).toHaveLength(1);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([EU]);
  });

  it('a longer retention keeps exactly the same addresses', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['eu-databases'].rules.continuous.lifecycle.deleteAfterDays = 35;
    });
    expect(expectSuperset('a longer retention', base.synthesis, after)).toEqual([]);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([EU]);
  });

  it('renaming a plan key is caught: the plan and its selection leave their addresses', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans['us-tier1'] = config.plans['us-critical'];
      delete config.plans['us-critical'];
    });
    const diff = diffAddresses(addressesOf(base.synthesis.estate), addressesOf(after.estate));
    expect(diff.removed).toEqual([expect.stringMatching(new RegExp(`^${US}\taws_backup_plan\\.plan-us-critical_`)), expect.stringMatching(new RegExp(`^${US}\taws_backup_selection\\.plan-us-critical_`))]);
    expect(() => expectSuperset('renamed plan', base.synthesis, after)).toThrow(/aws_backup_plan\.plan-us-critical_[\s\S]*terraform state mv/);
  });
});

describe('organization.yaml', () => {
  const EXAMPLE = 'organization.yaml';
  const base = baseOf(EXAMPLE);
  const goldStacks = ['orders-eu-west-1', 'orders-us-east-1', 'payments-eu-west-1', 'payments-us-east-1'];

  it('adding an account keeps every address, and every other account stack is byte-identical (whole cdk.tf.json)', () => {
    const after = edited(
      EXAMPLE,
      base,
      (config) => {
        config.accounts.billing = { id: '666666666666', unit: 'workloads', regions: ['eu-west-1', 'us-east-1'], plans: ['gold'] };
      },
      true,
    );
    expectSuperset('a new account', base.synthesis, after);
    expect(newStacks(base.synthesis, after)).toEqual(['billing-eu-west-1', 'billing-us-east-1']);
    expect(after.synthesized.sort()).toEqual(Object.keys(after.estate)); // every stack synthesized afresh
    for (const [name, text] of Object.entries(base.synthesis.text)) expect({ name, text: after.text[name] }).toEqual({ name, text });
  });

  it("adding a Region to an account's regions keeps every address, and the other stacks keep every attribute", () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.accounts.analytics.regions.push('eu-central-1');
    });
    expectSuperset('a new Region', base.synthesis, after);
    expect(newStacks(base.synthesis, after)).toEqual(['analytics-eu-central-1']);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual([]);
  });

  it('adding a plan (to one account) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.copper = { vault: 'main', rules: { weekly: { preset: 'weekly-90' } }, selections: { tagged: { tags: { backup: 'copper' } } } };
      config.accounts.payments.plans.push('copper');
    });
    const added = expectSuperset('a new plan', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_plan')).toHaveLength(2);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual(['payments-eu-west-1', 'payments-us-east-1']);
  });

  it('adding a rule to an existing plan keeps every address in every account running it', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.gold.rules.weekly = { preset: 'weekly-90', copies: { central: {} } };
    });
    expectSuperset('a new rule', base.synthesis, after);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual(goldStacks);
  });

  it('adding a vault (the target of a new rule) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.vaults.archive = { name: 'workload-archive', accessPolicy: { breakGlassPrincipals: ['arn:aws:iam::*:role/BackupBreakGlass'] } };
      config.plans.gold.rules.yearly = { preset: 'monthly-1y-cold', vault: 'archive' };
    });
    const added = expectSuperset('a new vault', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_vault')).toHaveLength(goldStacks.length);
  });

  it('adding a copy to an existing rule (into the air-gapped vault) keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.gold.rules.daily.copies['central-air-gapped'] = {};
    });
    expectSuperset('a new copy', base.synthesis, after);
    expect(stacksWithChangedResources(base.synthesis, after)).toEqual(goldStacks);
  });

  it('adding a selection keeps every address', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.gold.selections.critical = { tags: { backup: 'critical' } };
    });
    const added = expectSuperset('a new selection', base.synthesis, after);
    expect(addressesOfType(added, 'aws_backup_selection')).toHaveLength(goldStacks.length);
  });

  it('a longer retention (of a policy plan) keeps exactly the same addresses', () => {
    const after = edited(EXAMPLE, base, (config) => {
      config.plans.silver.rules.daily.lifecycle.deleteAfterDays = 30;
    });
    expect(expectSuperset('a longer retention', base.synthesis, after)).toEqual([]);
    // The policy changes, and so do the audit frameworks of the accounts it reaches (they hold the
    // delivered plan to its retention): nothing else.
    const changed = stacksWithChangedResources(base.synthesis, after);
    expect(changed).toContain('management-us-east-1');
    for (const stack of changed.filter((name) => name !== 'management-us-east-1')) {
      const types = Object.keys(after.estate[stack].resource).filter((type) => JSON.stringify(after.estate[stack].resource[type]) !== JSON.stringify(base.synthesis.estate[stack].resource[type]));
      expect([stack, types]).toEqual([stack, ['aws_backup_framework']]);
    }
  });
});

describe('the address checker', () => {
  it('names the stack a removed address moved to (a cross-state move, which a moved block cannot express)', () => {
    const text = formatDiff(diffAddresses(['a-eu-west-1\taws_backup_vault.vault-dr_1', 'a-eu-west-1\taws_kms_key.k_2'], ['a-eu-central-1\taws_backup_vault.vault-dr_1', 'a-eu-west-1\taws_kms_key.k_2']));
    expect(text).toBe(
      ['removed (1):', '  - a-eu-west-1  aws_backup_vault.vault-dr_1   (moved to stack a-eu-central-1)', 'added (1):', '  + a-eu-central-1  aws_backup_vault.vault-dr_1'].join('\n'),
    );
    expect(supersetViolation('x', ['s\tt.a'], ['s\tt.b'])).toContain('moved blocks cannot cross states');
    expect(supersetViolation('x', ['s\tt.a'], ['s\tt.a', 's\tt.b'])).toBeUndefined();
  });
});
