/**
 * The cost estimate, checked against hand calculations: warm chains, cold full copies, continuous
 * backup, copies with cross-Region transfer, retention kept forever, prices missing; the size
 * rule's exact messages; price table checks; and a retention increase showing as a cost increase
 * in the report's diff.
 */
import { checkRawConfig } from '../../config';
import { diffPostures } from '../../report/diff';
import { postureMarkdown } from '../../report/markdown';
import { estimateCost, runsPerDay, steadyStorage, type SizesFile } from '../../report/cost';
import { parsePriceTable, PriceTableError, type PriceTable } from '../../report/prices';
import { retentionOf } from '../../report/posture-parts';
import type { Posture, RulePosture } from '../../report/posture-model';
import { baseConfig } from '../support/configs';
import { editedPosture } from './helpers';

/** Test prices (not AWS's): round numbers so the hand calculations stay readable. */
const PRICES: PriceTable = {
  source: 'test prices',
  date: '2026-01-01',
  currency: 'USD',
  regions: {
    'eu-west-1': { crossRegionTransferPerGb: 0.02, storage: { EBS: { warmPerGbMonth: 0.05 }, EFS: { warmPerGbMonth: 0.06, coldPerGbMonth: 0.01 }, RDS: { warmPerGbMonth: 0.1 } } },
    'eu-central-1': { storage: { EBS: { warmPerGbMonth: 0.04 } } },
  },
};

const vault = (region: string) => ({ key: `1/${region}/v`, name: 'v', region, accountId: '1', known: true, airGapped: false, lock: null });
const rule = (fields: Partial<RulePosture>): RulePosture => ({
  name: 'daily',
  schedule: 'cron(0 5 ? * * *)',
  timezone: 'Etc/UTC',
  scheduleWords: '',
  startWindowMinutes: 60,
  completionWindowMinutes: 180,
  continuous: false,
  rpo: { minutes: 28 * 60, basis: 'schedule', gapMinutes: 24 * 60, windowMinutes: 240 },
  retention: retentionOf(35, null),
  vault: vault('eu-west-1'),
  copies: [],
  ...fields,
});
const posture = (rules: RulePosture[]): Posture => ({
  version: 1,
  source: 'test',
  stacks: [{ name: 's', kind: 'workload', account: 'a', accountId: '1', region: 'eu-west-1', plans: [{ name: 'gold', address: 'p', rules, rpoMinutes: null, selections: [] }], vaults: [], policies: [], findings: [], suppressions: [] }],
  compliance: { status: 'not run', errors: 0, warnings: 0, suppressedFindings: 0, suppressions: [], otherFindings: [] },
});
const sizes = (types: Record<string, { protectedGb: number; dailyChangePercent: number }>): SizesFile => ({ version: 1, stacks: { s: { gold: { tagged: types } } } });

describe('runs per day', () => {
  it('counts a schedule\'s runs in 2027 over 365 days', () => {
    expect(runsPerDay('cron(0 5 ? * * *)', 'Etc/UTC')).toBe(1);
    expect(runsPerDay('cron(0 5 1 * ? *)', 'Etc/UTC')).toBe(12 / 365);
    expect(runsPerDay('cron(0 5 ? * SUN *)', 'Etc/UTC')).toBe(52 / 365);
  });
});

describe('steady-state storage (hand calculations)', () => {
  it('daily, kept 35 days: 1,000 GB + 34 daily changes of 1% (10 GB) = 1,340 GB warm', () => {
    expect(steadyStorage({ protectedGb: 1000, dailyChangePercent: 1 }, 1, retentionOf(35, null), false, 'EBS')).toEqual({ warmGb: 1340, coldGb: 0 });
  });

  it('monthly EFS, cold after 30 of 365 days: warm 12/365 x 30 = 0.986 points of 100 GB; cold 12/365 x 335 = 11.01 full copies', () => {
    const stored = steadyStorage({ protectedGb: 100, dailyChangePercent: 1 }, 12 / 365, retentionOf(365, 30), false, 'EFS');
    expect(stored?.warmGb).toBeCloseTo((100 * 12 * 30) / 365, 9);
    expect(stored?.coldGb).toBeCloseTo((100 * 12 * 335) / 365, 9);
  });

  it('EBS ignores cold storage here: all 365 days stay warm', () => {
    const stored = steadyStorage({ protectedGb: 100, dailyChangePercent: 1 }, 12 / 365, retentionOf(365, 30), false, 'EBS');
    // 12 points kept; a change every 365/12 days is 30.42% of 100 GB.
    expect(stored?.warmGb).toBeCloseTo(100 + (100 * 0.01 * (365 / 12)) * 11, 9);
    expect(stored?.coldGb).toBe(0);
  });

  it('continuous, kept 14 days: 200 GB + 14 x 5% = 340 GB; kept forever: no steady state', () => {
    expect(steadyStorage({ protectedGb: 200, dailyChangePercent: 5 }, 24, retentionOf(14, null), true, 'RDS')).toEqual({ warmGb: 340, coldGb: 0 });
    expect(steadyStorage({ protectedGb: 200, dailyChangePercent: 5 }, 1, retentionOf(null, null), false, 'RDS')).toBeNull();
  });
});

describe('estimateCost', () => {
  it('prices the rule and its cross-Region copy: 1,340 GB x $0.05 + 1,340 GB x $0.04 + 10 GB/day x 30.4375 x $0.02', () => {
    const copy = { arn: 'x', destination: vault('eu-central-1'), crossRegion: true, crossAccount: false, retention: retentionOf(35, null) };
    const cost = estimateCost(posture([rule({ copies: [copy] })]), sizes({ EBS: { protectedGb: 1000, dailyChangePercent: 1 } }), PRICES);
    expect(cost.lines.map((line) => [line.where, line.region, line.warmGb, line.transferGbPerMonth])).toEqual([
      ['vault', 'eu-west-1', 1340, 0],
      ['copy to eu-central-1', 'eu-central-1', 1340, 10 * 30.4375],
    ]);
    expect(cost.lines[0]?.monthlyUsd).toBeCloseTo(67, 9);
    expect(cost.lines[1]?.monthlyUsd).toBeCloseTo(1340 * 0.04 + 304.375 * 0.02, 9);
    expect(cost.total.monthlyUsd).toBeCloseTo(67 + 53.6 + 6.0875, 9);
    expect(cost.plans).toEqual([expect.objectContaining({ stack: 's', plan: 'gold', warmGb: 2680, unpricedLines: 0 })]);
  });

  it('says what it cannot price, and leaves it out of the total', () => {
    const cost = estimateCost(posture([rule({})]), sizes({ DynamoDB: { protectedGb: 10, dailyChangePercent: 1 }, EBS: { protectedGb: 1000, dailyChangePercent: 1 } }), PRICES);
    expect(cost.unpriced).toEqual(['no DynamoDB storage price for eu-west-1']);
    expect(cost.total).toMatchObject({ monthlyUsd: 67, unpricedLines: 1 });
    expect(postureMarkdown({ ...posture([rule({})]), cost })).toContain('| **total** |  | 1353.4 GB | 0.0 GB | 0.0 GB | **$67.00** + 1 not priced |');
  });
});

describe('the report diff shows the cost change of a pull request', () => {
  it('a longer retention is a higher monthly cost (multi-region example, us-east-1 priced)', () => {
    // The hand calculation below covers the daily rule: the example's five-year rule (and its copy) is left out of both.
    const withoutYearly = (document: Parameters<Parameters<typeof editedPosture>[1]>[0]) => document.deleteIn(['plans', 'us-critical', 'rules', 'yearly']);
    const base = editedPosture('multi-region.yaml', withoutYearly);
    const head = editedPosture('multi-region.yaml', (document) => {
      withoutYearly(document);
      document.setIn(['plans', 'us-critical', 'rules', 'daily', 'lifecycle'], document.createNode({ deleteAfterDays: 70 }));
    });
    const diff = diffPostures(base, head);
    // EBS 2,000 GB at 2%: 34 -> 69 extra daily changes of 40 GB; EFS 500 GB at 1%: of 5 GB; warm $0.05 in us-east-1.
    expect(diff.cost?.before).toBeCloseTo((2000 + 40 * 34 + 500 + 5 * 34) * 0.05, 9);
    expect(diff.cost?.after).toBeCloseTo((2000 + 40 * 69 + 500 + 5 * 69) * 0.05, 9);
    expect(postureMarkdown(head, { diff, baseLabel: 'examples/multi-region.yaml' })).toContain('Estimated monthly cost: $201.50 -> $280.25 (**+$78.75**) against `examples/multi-region.yaml`.');
  });
});

describe('selection size rules', () => {
  it('refuses a size of a type the selection cannot select, at its path', () => {
    const config = baseConfig();
    config.plans.gold.selections = { arns: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'], size: { EBS: { protectedGb: 10, dailyChangePercent: 1 }, RDS: { protectedGb: 5, dailyChangePercent: 1 } } } };
    expect(checkRawConfig(config).errors).toEqual([
      { path: 'plans.gold.selections.arns.size.EBS', message: 'sizes EBS data, but the selection can select only RDS: give size only to what the plan backs up', severity: 'error' },
    ]);
  });

  it('refuses sizes of nothing, negative sizes, rates past 100% and unknown types', () => {
    const config = baseConfig();
    config.plans.gold.selections.tagged = { tags: { backup: 'gold' }, size: { EBS: { protectedGb: 0, dailyChangePercent: 101 }, Disk: { protectedGb: 1, dailyChangePercent: 1 } } };
    const messages = checkRawConfig(config).errors.map((problem) => `${problem.path}: ${problem.message}`);
    expect(messages).toEqual(expect.arrayContaining(['plans.gold.selections.tagged.size.EBS.protectedGb: must be more than 0 GB', 'plans.gold.selections.tagged.size.EBS.dailyChangePercent: must be between 0 and 100']));
    expect(messages.some((message) => message.startsWith('plans.gold.selections.tagged.size'))).toBe(true);
    expect(messages.length).toBe(3);
  });
});

describe('price tables', () => {
  it('reads a table and names what is wrong with a bad one', () => {
    expect(parsePriceTable(JSON.stringify(PRICES), 'p.json')).toEqual(PRICES);
    const bad = (table: unknown) => () => parsePriceTable(JSON.stringify(table), 'p.json');
    expect(bad({ ...PRICES, source: '' })).toThrow(new PriceTableError('p.json: source: must name where the prices come from'));
    expect(bad({ ...PRICES, date: 'June' })).toThrow('p.json: date: must be the date the prices were read, YYYY-MM-DD');
    expect(bad({ ...PRICES, regions: { 'eu-west-1': { storage: { EBS: { warmPerGbMonth: -1 } } } } })).toThrow('p.json: regions.eu-west-1.storage.EBS.warmPerGbMonth: must be a price of 0 or more');
    expect(() => parsePriceTable('{', 'p.json')).toThrow(/^p\.json: not JSON/);
  });
});
