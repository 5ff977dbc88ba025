import { parseConfigText } from '../../config/loader';

describe('parseConfigText', () => {
  it('expands anchors and aliases (shared Region lists, shared rules)', () => {
    const text = 'regions: &regions [eu-west-1, us-east-1]\na: { regions: *regions }\nb: { regions: *regions }\n';
    expect(parseConfigText(text)).toEqual({ raw: { regions: ['eu-west-1', 'us-east-1'], a: { regions: ['eu-west-1', 'us-east-1'] }, b: { regions: ['eu-west-1', 'us-east-1'] } }, problems: [] });
  });

  it('refuses a runaway alias expansion with a config error, not a crash', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 6; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const result = parseConfigText(levels.join('\n'));
    expect(result.raw).toBeUndefined();
    expect(result.problems).toEqual([{ path: '', severity: 'error', message: 'the YAML cannot be expanded: Excessive alias count indicates a resource exhaustion attack' }]);
  });

  it('refuses a list or a scalar as the whole file', () => {
    expect(parseConfigText('- a\n- b\n').problems[0].message).toBe('the file must hold a map of settings (version, account, vaults, plans, ...)');
  });
});
