import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildRollout, readRollout, rolloutJson, type RolloutStack } from '../../rollout/rollout';
import { EXPECTED_ORDER, EXPECTED_WAVES, estateStacks } from './estate';

function simple(name: string, dependsOn: string[] = [], overrides: Partial<RolloutStack> = {}): RolloutStack {
  return { name, kind: 'workload', account: 'acct', accountId: '123456789012', region: 'eu-west-1', directory: `cdktf.out/stacks/${name}`, dependsOn, ...overrides };
}

function writeTemp(name: string, text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'rollout-')), name);
  writeFileSync(path, text);
  return path;
}

describe('buildRollout', () => {
  it('orders stacks by kind (management, central, workload), then account, then Region', () => {
    const rollout = buildRollout(estateStacks());
    expect(rollout.stacks.map((stack) => stack.name)).toEqual(EXPECTED_ORDER);
    expect(rollout.version).toBe(1);
    expect(rollout.generatedBy).toBe('backup-estate');
  });

  it('layers the estate into waves: management, central, primary Regions, other Regions', () => {
    expect(buildRollout(estateStacks()).waves).toEqual(EXPECTED_WAVES);
  });

  it('puts every stack after all of its dependencies, and each stack in exactly one wave', () => {
    const rollout = buildRollout(estateStacks());
    const waveOf = new Map(rollout.waves.flatMap((wave, index) => wave.map((name) => [name, index] as const)));
    expect([...waveOf.keys()].sort()).toEqual([...EXPECTED_ORDER].sort());
    for (const stack of rollout.stacks) {
      for (const dependency of stack.dependsOn) expect(waveOf.get(dependency)!).toBeLessThan(waveOf.get(stack.name)!);
      // Layers, not just an order: a stack in wave n > 0 depends on something in wave n - 1.
      if (waveOf.get(stack.name)! > 0) expect(stack.dependsOn.some((dependency) => waveOf.get(dependency) === waveOf.get(stack.name)! - 1)).toBe(true);
    }
  });

  it('lists each stack dependencies once, in rollout order, and keeps roleArn only when given', () => {
    const rollout = buildRollout(estateStacks());
    const payments = rollout.stacks.find((stack) => stack.name === 'payments-eu-central-1')!;
    expect(payments.dependsOn).toEqual(['management-us-east-1', 'central-eu-central-1', 'payments-eu-west-1']);
    expect(payments.roleArn).toBe('arn:aws:iam::333333333333:role/OrganizationAccountAccessRole');
    expect('roleArn' in rollout.stacks[0]!).toBe(false);
    expect(buildRollout([simple('a'), simple('b', ['a', 'a'])]).stacks[1]!.dependsOn).toEqual(['a']);
  });

  it('does not modify its input', () => {
    const input = estateStacks();
    const before = JSON.stringify(input);
    buildRollout(input);
    expect(JSON.stringify(input)).toBe(before);
  });

  it('puts independent stacks in one wave, and an empty estate in none', () => {
    expect(buildRollout([simple('b'), simple('a', [], { region: 'us-east-1' })]).waves).toEqual([['b', 'a']]);
    expect(buildRollout([])).toEqual({ version: 1, generatedBy: 'backup-estate', stacks: [], waves: [] });
  });

  it('rejects duplicate stack names', () => {
    expect(() => buildRollout([simple('a'), simple('b'), simple('a', [], { region: 'us-east-1' })])).toThrow(new Error('duplicate stack name "a": stack names must be unique'));
  });

  it('rejects a dependency on an unknown stack', () => {
    expect(() => buildRollout([simple('a'), simple('b', ['a', 'zzz'])])).toThrow(new Error('stack "b" depends on unknown stack "zzz"'));
  });

  it('rejects a dependency cycle, naming it', () => {
    expect(() => buildRollout([simple('root'), simple('a', ['root', 'c']), simple('b', ['a']), simple('c', ['b'])])).toThrow(new Error('dependency cycle: a -> c -> b -> a'));
    expect(() => buildRollout([simple('self', ['self'])])).toThrow(new Error('dependency cycle: self -> self'));
  });

  it('rejects malformed fields, naming the stack and the field', () => {
    expect(() => buildRollout([simple('a', [], { accountId: '1234' })])).toThrow(new Error('stack "a": accountId: must be 12 digits; got "1234"'));
    expect(() => buildRollout([simple('a', [], { directory: 'cdktf.out\\stacks\\a' })])).toThrow(new Error('stack "a": directory: must use POSIX separators (/), not \\; got "cdktf.out\\\\stacks\\\\a"'));
    expect(() => buildRollout([simple('a', [], { directory: '../a' })])).toThrow(/^stack "a": directory: must be a plain relative path/);
    expect(() => buildRollout([simple('a', [], { region: 'Europe' })])).toThrow(new Error('stack "a": region: must be an AWS Region such as eu-west-1; got "Europe"'));
    expect(() => buildRollout([simple('a b')])).toThrow(/^stack "a b": name: must be letters, digits/);
    expect(() => buildRollout([simple('a', [], { roleArn: 'arn:aws:iam::123:user/x' })])).toThrow(new Error('stack "a": roleArn: must be an IAM role ARN; got "arn:aws:iam::123:user/x"'));
  });
});

describe('rolloutJson', () => {
  it('is byte-identical whatever the input order, with 2-space indent and a trailing newline', () => {
    const shuffled = estateStacks().reverse().map((stack) => ({ ...stack, dependsOn: [...stack.dependsOn].reverse() }));
    const text = rolloutJson(buildRollout(estateStacks()));
    expect(rolloutJson(buildRollout(shuffled))).toBe(text);
    expect(text.endsWith('}\n')).toBe(true);
    expect(text.endsWith('\n\n')).toBe(false);
    expect(text.split('\n')[1]).toBe('  "version": 1,');
    expect(JSON.parse(text)).toEqual(buildRollout(estateStacks()));
  });

  it('writes keys in a fixed order, whatever the order of the object it is given', () => {
    const rollout = buildRollout([simple('a')]);
    const scrambled = { waves: rollout.waves, stacks: [{ dependsOn: [], directory: 'cdktf.out/stacks/a', region: 'eu-west-1', accountId: '123456789012', account: 'acct', kind: 'workload' as const, name: 'a' }], generatedBy: 'backup-estate', version: 1 as const };
    expect(rolloutJson(scrambled)).toBe(rolloutJson(rollout));
    expect(rolloutJson(rollout)).toBe(
      '{\n  "version": 1,\n  "generatedBy": "backup-estate",\n  "stacks": [\n    {\n      "name": "a",\n      "kind": "workload",\n      "account": "acct",\n      "accountId": "123456789012",\n      "region": "eu-west-1",\n      "directory": "cdktf.out/stacks/a",\n      "dependsOn": []\n    }\n  ],\n  "waves": [\n    [\n      "a"\n    ]\n  ]\n}\n',
    );
  });
});

describe('readRollout', () => {
  it('reads back what rolloutJson wrote', () => {
    const rollout = buildRollout(estateStacks());
    expect(readRollout(writeTemp('rollout.json', rolloutJson(rollout)))).toEqual(rollout);
  });

  it('names a missing file', () => {
    expect(() => readRollout('/nonexistent/rollout.json')).toThrow(new Error('/nonexistent/rollout.json: not found'));
  });

  it('rejects text that is not JSON', () => {
    const path = writeTemp('rollout.json', '{ "version": 1,');
    expect(() => readRollout(path)).toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not valid JSON: `));
  });

  it('lists every shape problem, one per line, with its path', () => {
    const path = writeTemp('rollout.json', JSON.stringify({ version: 2, stacks: [{ name: 'a', kind: 'hub', account: 'x', accountId: 12, region: 'eu-west-1', directory: 'cdktf.out/stacks/a', dependsOn: 'b' }, 'oops'], waves: [['a']], extra: true }));
    expect(() => readRollout(path)).toThrow(
      new Error(
        [
          `${path}: extra: unknown field`,
          `${path}: version: must be 1; got 2`,
          `${path}: generatedBy: must be a string`,
          `${path}: stacks[0].accountId: must be a string`,
          `${path}: stacks[0].dependsOn: must be an array of stack names`,
          `${path}: stacks[1]: must be an object`,
        ].join('\n'),
      ),
    );
  });

  it('checks the stack fields and the dependency graph', () => {
    const stacks = [simple('a', [], { kind: 'hub' as RolloutStack['kind'] })];
    const kind = writeTemp('rollout.json', JSON.stringify({ version: 1, generatedBy: 'x', stacks, waves: [['a']] }));
    expect(() => readRollout(kind)).toThrow(new Error(`${kind}: stacks[0].kind: must be one of management, central, workload; got "hub"`));
    const unknown = writeTemp('rollout.json', JSON.stringify({ version: 1, generatedBy: 'x', stacks: [simple('a', ['b'])], waves: [['a']] }));
    expect(() => readRollout(unknown)).toThrow(new Error(`${unknown}: stack "a" depends on unknown stack "b"`));
  });

  it('rejects waves that do not match the dependencies', () => {
    const rollout = buildRollout([simple('a'), simple('b', ['a'])]);
    const path = writeTemp('rollout.json', JSON.stringify({ ...rollout, waves: [['a', 'b']] }));
    expect(() => readRollout(path)).toThrow(new Error(`${path}: waves: do not match the stacks' dependencies (expected [["a"],["b"]]): regenerate it with backup-estate synth`));
  });
});
