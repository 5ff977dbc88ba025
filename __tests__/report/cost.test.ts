/**
 * The cost estimate, checked against hand calculations: warm chains, cold full copies (EBS only with
 * the archive opt-in), DynamoDB full backups, continuous rules and the types they cannot back up
 * continuously, logically air-gapped vaults, backup policies' plans per account and Region, continuous
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
  compliance: { status: 'not run', errors: 0, warnings: 0, suppressedFindings: 0, suppressions: [], otherFindings: [], configWarnings: [] },
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

  // Found by the review: DynamoDB moves to cold storage only with advanced DynamoDB backup (full management).
  it('DynamoDB stays warm when the Region settings turn its full management off; moves cold when on, or when the config leaves them to the account', () => {
    const dynamo = (fullyManaged?: readonly string[]) => steadyStorage({ protectedGb: 10, dailyChangePercent: 1 }, 12 / 365, retentionOf(365, 30), false, 'DynamoDB', fullyManaged);
    // 12 full copies a year, all 365 days warm: 12 x 10 GB.
    expect(dynamo([])?.warmGb).toBeCloseTo(120, 9);
    expect(dynamo([])?.coldGb).toBe(0);
    expect(dynamo(['DynamoDB'])?.coldGb).toBeCloseTo((10 * 12 * 335) / 365, 9);
    expect(dynamo()?.coldGb).toBeCloseTo((10 * 12 * 335) / 365, 9);
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
    // EBS 1,340 GB; DynamoDB 35 full backups of 10 GB = 350 GB.
    const markdown = postureMarkdown({ ...posture([rule({})]), cost });
    expect(markdown).toContain('| **total** |  | 1690.0 GB | 0.0 GB | 0.0 GB | **$67.00** + 1 not priced |');
    expect(markdown).toContain('An estimate of the steady state, copies included, not a bill; prices: test prices (2026-01-01).');
    expect(markdown).toContain('Not included:\n\n- restores, and the restores and restored resources of restore testing\n');
    // Found by the review: Backup Audit Manager frameworks need AWS Config resource tracking, which AWS charges for.
    expect(markdown).toContain(
      '\n- Backup Audit Manager control evaluations, and the AWS Config resource tracking its frameworks need ("Charges apply when you turn on resource tracking", AWS Backup developer guide)\n',
    );
  });
});

describe('what AWS Backup makes nothing of is not priced (as the report\'s copies cell, Region settings line and coverage say)', () => {
  const tagged = { name: 'tagged', tags: [{ operator: 'StringEquals' as const, key: 'backup', value: 'gold' }], conditions: [], resources: [], notResources: [], words: '' };
  const withSelection = (base: Posture, regionSettings?: { optedIn: string[]; fullyManaged: string[] }): Posture => ({
    ...base,
    stacks: base.stacks.map((stack) => ({ ...stack, accountId: '111122223333', plans: stack.plans.map((plan) => ({ ...plan, selections: [tagged] })), ...(regionSettings ? { regionSettings } : {}) })),
  });

  it('a type the Region settings opt out: AWS Backup skips it, so it stores nothing', () => {
    const sized = sizes({ EBS: { protectedGb: 1000, dailyChangePercent: 1 }, RDS: { protectedGb: 100, dailyChangePercent: 1 } });
    const cost = estimateCost(withSelection(posture([rule({})]), { optedIn: ['RDS'], fullyManaged: [] }), sized, PRICES);
    expect(cost.lines.map((line) => line.type)).toEqual(['RDS']);
    expect(cost.notStored).toEqual(['EBS of selection tagged of plan gold, stack s: the Region settings opt EBS out, so AWS Backup skips it']);
    expect(postureMarkdown({ ...posture([rule({})]), cost })).toContain('Not counted, as AWS Backup stores nothing of it: EBS of selection tagged of plan gold, stack s: the Region settings opt EBS out, so AWS Backup skips it.');
    // Region settings not managed by the config: the type counts.
    expect(estimateCost(withSelection(posture([rule({})])), sized, PRICES).lines.map((line) => line.type)).toEqual(['EBS', 'RDS']);
  });

  it('a copy AWS Backup does not make of a type (DocumentDB into an opt-in Region) stores and sends nothing; a copy it refuses, of no type', () => {
    const notMade = { types: ['DocumentDB', 'FSx'], because: 'no cross-Region copy where Region opt-in is required (af-south-1)' };
    const copy = { arn: 'x', destination: vault('af-south-1'), crossRegion: true, crossAccount: false, retention: retentionOf(35, null), notMade };
    const cost = estimateCost(withSelection(posture([rule({ copies: [copy] })])), sizes({ DocumentDB: { protectedGb: 100, dailyChangePercent: 1 }, EBS: { protectedGb: 100, dailyChangePercent: 1 } }), PRICES);
    expect(cost.lines.map((line) => [line.type, line.where])).toEqual([
      ['DocumentDB', 'vault'],
      ['EBS', 'vault'],
      ['EBS', 'copy to af-south-1'],
    ]);
    expect(cost.notStored).toEqual(['DocumentDB copies of rule daily of plan gold to v (af-south-1), stack s: AWS Backup makes none (no cross-Region copy where Region opt-in is required (af-south-1))']);
    const refused = { ...copy, notMade: { because: 'AWS Backup refuses it' } };
    expect(estimateCost(withSelection(posture([rule({ copies: [refused] })])), sizes({ EBS: { protectedGb: 100, dailyChangePercent: 1 } }), PRICES).lines.map((line) => line.where)).toEqual(['vault']);
  });

  it('says $0.00, not "not priced (0)", when nothing is stored', () => {
    const cost = estimateCost(withSelection(posture([rule({})]), { optedIn: [], fullyManaged: [] }), sizes({ EBS: { protectedGb: 1000, dailyChangePercent: 1 } }), PRICES);
    expect(postureMarkdown({ ...posture([rule({})]), cost })).toContain('| **total** |  | 0.0 GB | 0.0 GB | 0.0 GB | $0.00 |');
  });
});

describe('what AWS stores, by resource type and rule (hand calculations)', () => {
  const gb = (size: number, change: number) => ({ protectedGb: size, dailyChangePercent: change });

  it('DynamoDB: every backup is a full copy of the table ("the entire table data is backed up"), so is every run sent to another Region', () => {
    // Daily, kept 35 days: 35 x 10 GB; the copy kept 7 days: 7 x 10 GB, and 10 GB a day sent.
    expect(steadyStorage(gb(10, 1), 1, retentionOf(35, null), false, 'DynamoDB')).toEqual({ warmGb: 350, coldGb: 0 });
    const copy = { arn: 'x', destination: vault('eu-central-1'), crossRegion: true, crossAccount: false, retention: retentionOf(7, null) };
    const table = { ...PRICES, regions: { ...PRICES.regions, 'eu-west-1': { ...PRICES.regions['eu-west-1']!, storage: { DynamoDB: { warmPerGbMonth: 0.1 } } }, 'eu-central-1': { storage: { DynamoDB: { warmPerGbMonth: 0.1 } } } } };
    const cost = estimateCost(posture([rule({ copies: [copy] })]), sizes({ DynamoDB: gb(10, 1) }), table);
    expect(cost.lines.map((line) => [line.where, line.warmGb, line.transferGbPerMonth])).toEqual([
      ['vault', 350, 0],
      ['copy to eu-central-1', 70, 10 * 30.4375],
    ]);
    expect(cost.total.monthlyUsd).toBeCloseTo(350 * 0.1 + 70 * 0.1 + 10 * 30.4375 * 0.02, 9);
  });

  // Found by the review: Aurora was priced as an incremental chain, 1,340 GB where AWS keeps 35,000 GB.
  it('Aurora, DocumentDB and Neptune: "Snapshots are full backups, not incremental" (Aurora user guide), so is every run sent to another Region', () => {
    // Daily, kept 35 days: 35 snapshots of the 1,000 GB cluster volume, not 1,000 GB + 34 daily changes of 10 GB.
    for (const type of ['Aurora', 'DocumentDB', 'Neptune']) expect(steadyStorage(gb(1000, 1), 1, retentionOf(35, null), false, type)).toEqual({ warmGb: 35000, coldGb: 0 });
    // RDS DB instance snapshots stay incremental.
    expect(steadyStorage(gb(1000, 1), 1, retentionOf(35, null), false, 'RDS')).toEqual({ warmGb: 1340, coldGb: 0 });
    const copy = { arn: 'x', destination: vault('eu-central-1'), crossRegion: true, crossAccount: false, retention: retentionOf(7, null) };
    const table: PriceTable = { ...PRICES, regions: { 'eu-west-1': { crossRegionTransferPerGb: 0.02, storage: { Aurora: { warmPerGbMonth: 0.021 } } }, 'eu-central-1': { storage: { Aurora: { warmPerGbMonth: 0.021 } } } } };
    const cost = estimateCost(posture([rule({ copies: [copy] })]), sizes({ Aurora: gb(1000, 1) }), table);
    expect(cost.lines.map((line) => [line.where, line.warmGb, line.transferGbPerMonth])).toEqual([
      ['vault', 35000, 0],
      ['copy to eu-central-1', 7000, 1000 * 30.4375],
    ]);
    expect(cost.total.monthlyUsd).toBeCloseTo(35000 * 0.021 + 7000 * 0.021 + 1000 * 30.4375 * 0.02, 9);
    // Continuous backup stays a full copy plus the changes over its retention.
    expect(steadyStorage(gb(1000, 1), 1, retentionOf(14, null), true, 'Aurora')).toEqual({ warmGb: 1140, coldGb: 0 });
    expect(cost.assumptions[0]).toBe(
      "the first backup of a resource stores a full copy; each later one stores what changed since the previous run (daily change x days between runs, at most a full copy), except DynamoDB, Aurora, DocumentDB, Neptune, DSQL, whose every backup is a full copy (Aurora, DocumentDB and Neptune snapshots are charged at the cluster volume's size once older than the cluster's own backup retention period, free before: this errs high by the snapshots younger than it); each rule is its own chain (rules sharing a resource are not merged, which errs high)",
    );
  });

  // Found by the review: the copy was priced as an increment over a previous copy its destination no longer keeps warm.
  it('a copy to a destination that keeps no copy warm until the next run is sent in full every run ("no backup in warm storage")', () => {
    const weekly = (retention: ReturnType<typeof retentionOf>) =>
      rule({ schedule: 'cron(0 5 ? * SUN *)', retention: retentionOf(365, 7), copies: [{ arn: 'x', destination: vault('eu-central-1'), crossRegion: true, crossAccount: false, retention }] });
    const sent = (retention: ReturnType<typeof retentionOf>) => estimateCost(posture([weekly(retention)]), sizes({ EFS: gb(100, 1) }), PRICES).lines.map((line) => line.transferGbPerMonth);
    // Cold after 7 days: 52/365 x 7 < 1 copy warm, so each weekly run sends the whole 100 GB.
    expect(sent(retentionOf(365, 7))).toEqual([0, 100 * (52 / 365) * 30.4375]);
    // Kept warm 35 days: 5 weekly copies warm, each run sends its week of change (7 x 1 GB a day).
    expect(sent(retentionOf(35, null))[1]).toBeCloseTo(30.4375, 9);
  });

  it('EBS moves to the archive tier (full snapshots) only with optInToArchiveForSupportedResources', () => {
    // Monthly, cold after 30 of 365 days: 12 x 30 / 365 points warm, 12 x 335 / 365 full snapshots archived.
    const archived = steadyStorage(gb(100, 1), 12 / 365, retentionOf(365, 30, true), false, 'EBS');
    expect(archived?.warmGb).toBeCloseTo((100 * 12 * 30) / 365, 9);
    expect(archived?.coldGb).toBeCloseTo((100 * 12 * 335) / 365, 9);
    const warmOnly = steadyStorage(gb(100, 1), 12 / 365, retentionOf(365, 30), false, 'EBS');
    expect(warmOnly?.coldGb).toBe(0);
    const table: PriceTable = { ...PRICES, regions: { 'eu-west-1': { storage: { EBS: { warmPerGbMonth: 0.05, coldPerGbMonth: 0.0125 } } } } };
    const monthly = rule({ schedule: 'cron(0 5 1 * ? *)', retention: retentionOf(365, 30, true) });
    expect(estimateCost(posture([monthly]), sizes({ EBS: gb(100, 1) }), table).total.monthlyUsd).toBeCloseTo(((100 * 12 * 30) / 365) * 0.05 + ((100 * 12 * 335) / 365) * 0.0125, 9);
  });

  it('EBS stays in the standard tier in China and GovCloud, archive opt-in or not: AWS Backup has no EBS archive tier there', () => {
    // AWS Backup, "Amazon EBS and AWS Backup": the archive tier for cold storage "is not available in the China (Beijing), China (Ningxia), AWS GovCloud (US-East) and AWS GovCloud (US-West) Regions".
    for (const region of ['cn-north-1', 'cn-northwest-1', 'us-gov-east-1', 'us-gov-west-1']) {
      expect(steadyStorage(gb(100, 1), 12 / 365, retentionOf(365, 30, true), false, 'EBS', undefined, region)).toEqual(steadyStorage(gb(100, 1), 12 / 365, retentionOf(365, 30), false, 'EBS'));
    }
    expect(steadyStorage(gb(100, 1), 12 / 365, retentionOf(365, 30, true), false, 'EFS', undefined, 'us-gov-west-1')?.coldGb).toBeCloseTo((100 * 12 * 335) / 365, 9);
    const gov = { ...vault('us-gov-west-1') };
    const table: PriceTable = { ...PRICES, regions: { 'us-gov-west-1': { storage: { EBS: { warmPerGbMonth: 0.06 } } } } };
    const monthly = rule({ schedule: 'cron(0 5 1 * ? *)', retention: retentionOf(365, 30, true), vault: gov });
    const estimate = estimateCost(posture([monthly]), sizes({ EBS: gb(100, 1) }), table);
    expect(estimate.unpriced).toEqual([]);
    expect(estimate.lines[0]).toMatchObject({ region: 'us-gov-west-1', coldGb: 0 });
    // Kept warm all 365 days: 12 monthly points, a full 100 GB and 11 increments of a month's change (1 GB a day).
    expect(estimate.total.monthlyUsd).toBeCloseTo((100 + (365 / 12) * 11) * 0.06, 9);
  });

  it('a continuous rule backs up continuously only the types that support it: EBS gets daily snapshots', () => {
    // Kept 14 days: RDS 100 GB + 14 days x 2 GB; EBS 100 GB + 13 daily changes of 2 GB.
    expect(steadyStorage(gb(100, 2), 1, retentionOf(14, null), true, 'RDS')).toEqual({ warmGb: 128, coldGb: 0 });
    expect(steadyStorage(gb(100, 2), 1, retentionOf(14, null), true, 'EBS')).toEqual({ warmGb: 126, coldGb: 0 });
    expect(steadyStorage(gb(10, 1), 1, retentionOf(14, null), true, 'DynamoDB')).toEqual({ warmGb: 140, coldGb: 0 });
  });

  it('prices a logically air-gapped vault only from its own storage prices', () => {
    const airGapped = { ...vault('eu-west-1'), key: '2/eu-west-1/lag', airGapped: true };
    const copy = { arn: 'x', destination: airGapped, crossRegion: false, crossAccount: true, retention: retentionOf(35, null) };
    const unpriced = estimateCost(posture([rule({ copies: [copy] })]), sizes({ EBS: gb(1000, 1) }), PRICES);
    expect(unpriced.unpriced).toEqual(['no EBS logically air-gapped vault storage price for eu-west-1']);
    expect(unpriced.total).toMatchObject({ monthlyUsd: 67, unpricedLines: 1 });
    const table: PriceTable = { ...PRICES, regions: { 'eu-west-1': { ...PRICES.regions['eu-west-1']!, airGappedStorage: { EBS: { warmPerGbMonth: 0.07 } } } } };
    expect(estimateCost(posture([rule({ copies: [copy] })]), sizes({ EBS: gb(1000, 1) }), table).total.monthlyUsd).toBeCloseTo(1340 * 0.05 + 1340 * 0.07, 9);
  });
});

describe('plans of Organizations backup policies', () => {
  it('are priced once in each account and Region of the config they run in (organization example)', () => {
    const posture = editedPosture('organization.yaml', (document) => {
      document.deleteIn(['organization', 'policies', 'weekly-archive']);
      document.setIn(['plans', 'silver', 'selections', 'tagged', 'size'], document.createNode({ EBS: { protectedGb: 1000, dailyChangePercent: 1 } }));
    });
    const silver = posture.cost?.plans.filter((plan) => plan.plan === 'silver') ?? [];
    // The baseline policy targets the workloads unit: analytics, orders and payments, in eu-west-1 and us-east-1.
    expect(silver.map((plan) => [plan.stack, plan.viaPolicy])).toEqual(
      ['analytics', 'orders', 'payments'].flatMap((account) => [`${account}-eu-west-1`, `${account}-us-east-1`].map((stack) => [stack, true])),
    );
    // Daily, kept 14 days: 1,000 GB + 13 changes of 10 GB; EBS warm $0.05 in us-east-1 (the bundled table), eu-west-1 not priced.
    for (const plan of silver) expect(plan.warmGb).toBe(1130);
    expect(silver.filter((plan) => plan.pricedLines > 0).map((plan) => plan.monthlyUsd)).toEqual([56.5, 56.5, 56.5]);
    expect(postureMarkdown(posture)).toContain('| `orders-us-east-1` | `silver` (backup policy) | 1130.0 GB | 0.0 GB | 0.0 GB | $56.50 |');
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
    expect(postureMarkdown(head, { diff, baseLabel: 'examples/multi-region.yaml' })).toContain(
      'Estimated monthly cost: $201.50 -> $280.25 (**+$78.75**) against `examples/multi-region.yaml`. Lines not priced, left out of both totals: 2 before, 2 after.',
    );
  });

  it('says when the head has lines the totals leave out', () => {
    const base = posture([rule({})]);
    const head = posture([rule({ copies: [{ arn: 'x', destination: vault('us-west-2'), crossRegion: true, crossAccount: false, retention: retentionOf(35, null) }] })]);
    const size = sizes({ EBS: { protectedGb: 1000, dailyChangePercent: 1 } });
    const diff = diffPostures({ ...base, cost: estimateCost(base, size, PRICES) }, { ...head, cost: estimateCost(head, size, PRICES) });
    expect(diff.cost).toEqual({ before: 67, after: 67, unpricedBefore: 0, unpricedAfter: 1 });
    expect(postureMarkdown(head, { diff })).toContain('Estimated monthly cost: $67.00 -> $67.00 (**±$0.00**) against the base. Lines not priced, left out of both totals: 0 before, 1 after.');
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

  // EKS is a type of the table (GetSupportedResourceTypes): its size was refused as an unknown type.
  it('takes the size of an EKS selection, and refuses EKS beside a selection of RDS only', () => {
    const config = baseConfig();
    config.plans.gold.selections = { clusters: { resources: ['arn:aws:eks:eu-west-1:111122223333:cluster/prod'], size: { EKS: { protectedGb: 50, dailyChangePercent: 2 } } } };
    expect(checkRawConfig(config).errors).toEqual([]);
    config.plans.gold.selections = { arns: { resources: ['arn:aws:rds:eu-west-1:111122223333:db:orders'], size: { EKS: { protectedGb: 50, dailyChangePercent: 2 } } } };
    expect(checkRawConfig(config).errors).toEqual([
      { path: 'plans.gold.selections.arns.size.EKS', message: 'sizes EKS data, but the selection can select only RDS: give size only to what the plan backs up', severity: 'error' },
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
    expect(bad({ ...PRICES, regions: { 'eu-west-1': { storage: {}, airGappedStorage: { EBS: { warmPerGbMonth: 0.05, coldPerGbMonth: 'cheap' } } } } })).toThrow(
      'p.json: regions.eu-west-1.airGappedStorage.EBS.coldPerGbMonth: must be a price of 0 or more',
    );
    expect(() => parsePriceTable('{', 'p.json')).toThrow(/^p\.json: not JSON/);
  });
});
