/**
 * Steady-state storage and monthly cost of the backups, per plan and in total, from the sizes the
 * config gives its selections (`plans.<plan>.selections.<name>.size`: protected GB and daily change
 * rate by resource type, written by synth to `sizes.json`), the plans as synthesized (schedules,
 * retention, copies: the posture) and a dated price table (./prices.ts).
 *
 * The model, per sized selection, resource type and rule (every rule backs up every resource its
 * plan selects), stated in the report as its assumptions:
 * - "For the first backup of an AWS resource, a full copy of your data is saved. For each
 *   incremental backup, only the changed part of your AWS resource is saved." (AWS Backup pricing,
 *   https://aws.amazon.com/backup/pricing/). A run `i` days after the previous one stores
 *   min(P, P x change x i); each rule is its own chain (rules sharing a resource are not merged).
 * - Runs per day: the rule's runs in 2027 (its time zone) / 365.
 * - Warm storage: one full copy plus one change per further recovery point kept warm
 *   (warm days x runs per day); fewer than one point: that share of a full copy.
 * - Cold storage holds each recovery point as a full copy (as the EBS snapshot archive does), and
 *   only for the types the pricing page lists with cold storage (EFS, DynamoDB, Timestream, SAP
 *   HANA on EC2, VMware): other types ignore cold_storage_after and stay warm until deleted.
 * - Continuous backup: one full copy plus every change over the retention.
 * - A copy is stored the same way in its destination's Region (its own lifecycle); a copy to
 *   another Region also transfers each run's change, priced at the source Region's rate.
 * - Recovery points kept forever have no steady state: not priced.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAwsCron } from '../core/cron';
import { occurrenceTimes } from '../core/cron-runs';
import { compareStrings } from '../core/order';
import type { StackModel } from '../config/estate-model';
import type { PriceTable } from './prices';
import type { CostEstimate, CostLine, PlanCost, ResourceSize, SizesFile } from './cost-model';
import type { Posture, RetentionPosture, RulePosture } from './posture-model';

export type { CostEstimate, CostLine, PlanCost, ResourceSize, SizesFile } from './cost-model';

/** What synth writes to sizes.json: the sizes of the selections of every plan the stacks create. */
export function sizesOfModel(stacks: readonly StackModel[]): SizesFile {
  const result: Record<string, Record<string, Record<string, Record<string, ResourceSize>>>> = {};
  for (const stack of stacks) {
    if (stack.kind !== 'workload') continue;
    for (const plan of stack.plans) {
      for (const selection of plan.selections) {
        if (!selection.size || Object.keys(selection.size).length === 0) continue;
        const plans = (result[stack.name] ??= {});
        const selections = (plans[plan.name] ??= {});
        selections[selection.name] = Object.fromEntries(Object.entries(selection.size).sort(([a], [b]) => compareStrings(a, b)));
      }
    }
  }
  return { version: 1, stacks: result };
}

/** sizes.json of a synth dir; undefined when there is none (a synth dir written before sizes existed). */
export function readSizes(synthDir: string): SizesFile | undefined {
  const path = join(synthDir, 'sizes.json');
  if (!existsSync(path)) return undefined;
  const parsed = JSON.parse(readFileSync(path, 'utf8')) as SizesFile;
  if (parsed.version !== 1 || typeof parsed.stacks !== 'object' || parsed.stacks === null) throw new Error(`${path}: not a sizes file of this version: synthesize again`);
  return parsed;
}

/** sizes.json as synth writes it. */
export function sizesJson(stacks: readonly StackModel[]): string {
  return `${JSON.stringify(sizesOfModel(stacks), null, 2)}\n`;
}

export const COLD_STORAGE_TYPES: readonly string[] = ['EFS', 'DynamoDB', 'Timestream', 'SAP HANA on Amazon EC2', 'VirtualMachine'];

export const COST_ASSUMPTIONS: readonly string[] = [
  'the first backup of a resource stores a full copy; each later one stores what changed since the previous run (daily change x days between runs, at most a full copy); each rule is its own chain',
  'runs per day: the rule\'s runs in 2027 in its time zone / 365',
  'cold storage keeps each recovery point as a full copy, and only EFS, DynamoDB, Timestream, SAP HANA on EC2 and VMware backups move there; other types (EBS without archive, RDS, ...) stay warm until deleted',
  'continuous backup stores a full copy plus every change over its retention',
  'a copy is stored the same way in its destination Region; a copy to another Region transfers each run\'s change, priced at the source Region',
  'a month is 30.4375 days; prices exclude restores, requests and the 90-day cold minimum',
];

const DAYS_PER_MONTH = 30.4375;
const runsCache = new Map<string, number>();

/** Runs per day of a schedule: its runs in 2027 in its time zone / 365 (0 when it does not parse or run). */
export function runsPerDay(schedule: string, timezone: string): number {
  const key = `${schedule}\u0000${timezone}`;
  let runs = runsCache.get(key);
  if (runs === undefined) {
    const parsed = parseAwsCron(schedule);
    runs = parsed.ok ? occurrenceTimes(parsed.schedule, Date.UTC(2027, 0, 1), Date.UTC(2028, 0, 1), timezone).length / 365 : 0;
    runsCache.set(key, runs);
  }
  return runs;
}

export interface StoredGb {
  readonly warmGb: number;
  readonly coldGb: number;
}

/** Steady-state storage of one resource type under one retention (see the module comment); null when kept forever or never run. */
export function steadyStorage(size: ResourceSize, perDay: number, retention: RetentionPosture, continuous: boolean, type: string): StoredGb | null {
  const full = size.protectedGb;
  const change = size.dailyChangePercent / 100;
  if (retention.totalDays === null || retention.warmDays === null || retention.coldDays === null) return null;
  if (continuous) return { warmGb: full + full * change * retention.totalDays, coldGb: 0 };
  if (perDay <= 0) return null;
  const cold = COLD_STORAGE_TYPES.includes(type);
  const warmDays = cold ? retention.warmDays : retention.totalDays;
  const coldDays = cold ? retention.coldDays : 0;
  const delta = Math.min(full, full * change * (1 / perDay));
  const warmPoints = warmDays * perDay;
  const warmGb = warmPoints <= 1 ? full * warmPoints : full + delta * (warmPoints - 1);
  return { warmGb, coldGb: full * coldDays * perDay };
}

function price(table: PriceTable, line: Omit<CostLine, 'monthlyUsd' | 'unpriced'>, sourceRegion: string): { monthlyUsd: number | null; unpriced?: string } {
  const storage = table.regions[line.region]?.storage[line.type];
  if (!storage) return { monthlyUsd: null, unpriced: `no ${line.type} storage price for ${line.region}` };
  let usd = line.warmGb * storage.warmPerGbMonth;
  if (line.coldGb > 0) {
    if (storage.coldPerGbMonth === undefined) return { monthlyUsd: null, unpriced: `no ${line.type} cold storage price for ${line.region}` };
    usd += line.coldGb * storage.coldPerGbMonth;
  }
  if (line.transferGbPerMonth > 0) {
    const transfer = table.regions[sourceRegion]?.crossRegionTransferPerGb;
    if (transfer === undefined) return { monthlyUsd: null, unpriced: `no cross-Region transfer price for ${sourceRegion}` };
    usd += line.transferGbPerMonth * transfer;
  }
  return { monthlyUsd: usd };
}

function ruleLines(base: { stack: string; plan: string; selection: string; type: string }, rule: RulePosture, size: ResourceSize, table: PriceTable): CostLine[] {
  const perDay = runsPerDay(rule.schedule, rule.timezone);
  const lines: CostLine[] = [];
  const add = (where: string, region: string, retention: RetentionPosture, transferGbPerMonth: number, continuous: boolean) => {
    const stored = steadyStorage(size, perDay, retention, continuous, base.type);
    const partial = { ...base, rule: rule.name, where, region, warmGb: stored?.warmGb ?? 0, coldGb: stored?.coldGb ?? 0, transferGbPerMonth };
    if (!stored) lines.push({ ...partial, monthlyUsd: null, unpriced: retention.totalDays === null ? 'recovery points kept forever' : `rule ${rule.name} never runs` });
    else lines.push({ ...partial, ...price(table, partial, rule.vault.region) });
  };
  add('vault', rule.vault.region, rule.retention, 0, rule.continuous);
  for (const copy of rule.copies) {
    // Copies of continuous backups are snapshots: they follow the rule's schedule.
    const change = Math.min(size.protectedGb, (size.protectedGb * size.dailyChangePercent) / 100 / Math.max(perDay, Number.MIN_VALUE));
    const transfer = copy.crossRegion ? change * perDay * DAYS_PER_MONTH : 0;
    add(`copy to ${copy.destination.region}`, copy.destination.region, copy.retention, transfer, false);
  }
  return lines;
}

/** The cost estimate of a posture's plans with the given sizes and prices. */
export function estimateCost(posture: Posture, sizes: SizesFile, table: PriceTable): CostEstimate {
  const lines: CostLine[] = [];
  for (const stack of posture.stacks) {
    for (const plan of stack.plans) {
      const selections = sizes.stacks[stack.name]?.[plan.name] ?? {};
      for (const [selection, types] of Object.entries(selections).sort(([a], [b]) => compareStrings(a, b))) {
        for (const [type, size] of Object.entries(types).sort(([a], [b]) => compareStrings(a, b))) {
          for (const rule of plan.rules) lines.push(...ruleLines({ stack: stack.name, plan: plan.name, selection, type }, rule, size, table));
        }
      }
    }
  }
  const plans = new Map<string, PlanCost>();
  for (const line of lines) {
    const key = `${line.stack}\u0000${line.plan}`;
    const sum = plans.get(key) ?? { stack: line.stack, plan: line.plan, warmGb: 0, coldGb: 0, transferGbPerMonth: 0, monthlyUsd: 0, pricedLines: 0, unpricedLines: 0 };
    plans.set(key, {
      ...sum,
      warmGb: sum.warmGb + line.warmGb,
      coldGb: sum.coldGb + line.coldGb,
      transferGbPerMonth: sum.transferGbPerMonth + line.transferGbPerMonth,
      monthlyUsd: sum.monthlyUsd + (line.monthlyUsd ?? 0),
      pricedLines: sum.pricedLines + (line.monthlyUsd === null ? 0 : 1),
      unpricedLines: sum.unpricedLines + (line.monthlyUsd === null ? 1 : 0),
    });
  }
  const planList = [...plans.values()];
  const total = (pick: (plan: PlanCost) => number) => planList.reduce((sum, plan) => sum + pick(plan), 0);
  return {
    priceTable: { source: table.source, date: table.date },
    plans: planList,
    total: {
      warmGb: total((plan) => plan.warmGb),
      coldGb: total((plan) => plan.coldGb),
      transferGbPerMonth: total((plan) => plan.transferGbPerMonth),
      monthlyUsd: total((plan) => plan.monthlyUsd),
      pricedLines: total((plan) => plan.pricedLines),
      unpricedLines: total((plan) => plan.unpricedLines),
    },
    unpriced: [...new Set(lines.flatMap((line) => (line.unpriced === undefined ? [] : [line.unpriced])))].sort(compareStrings),
    assumptions: COST_ASSUMPTIONS,
    lines,
  };
}

const gb = (value: number): string => `${value.toFixed(1)} GB`;

/** "$67.00", "$67.00 + 1 not priced", or "not priced (6)" when nothing is: never a $0.00 that hides unpriced lines. */
function costCell(cost: { readonly monthlyUsd: number; readonly pricedLines: number; readonly unpricedLines: number }, bold = false): string {
  if (cost.pricedLines === 0) return `not priced (${cost.unpricedLines})`;
  const amount = bold ? `**${usd(cost.monthlyUsd)}**` : usd(cost.monthlyUsd);
  return cost.unpricedLines > 0 ? `${amount} + ${cost.unpricedLines} not priced` : amount;
}
export const usd = (value: number): string => `$${value.toFixed(2)}`;

/** The cost section of the report. */
export function costMarkdown(cost: CostEstimate | undefined): string[] {
  if (!cost) return ['### Estimated cost', '', 'Not estimated: synthesize again to write sizes.json.', ''];
  if (cost.lines.length === 0) return ['### Estimated cost', '', 'Not estimated: no selection has a `size` (protected GB and daily change by resource type).', ''];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    '### Estimated cost',
    '',
    '| stack | plan | warm | cold | transfer / month | monthly cost |',
    '| --- | --- | --- | --- | --- | --- |',
    ...cost.plans.map((plan) => row([`\`${plan.stack}\``, `\`${plan.plan}\``, gb(plan.warmGb), gb(plan.coldGb), gb(plan.transferGbPerMonth), costCell(plan)])),
    row(['**total**', '', gb(cost.total.warmGb), gb(cost.total.coldGb), gb(cost.total.transferGbPerMonth), costCell(cost.total, true)]),
    '',
    `Steady state, copies included; prices: ${cost.priceTable.source} (${cost.priceTable.date}).`,
  ];
  if (cost.unpriced.length > 0) lines.push('', `Not priced: ${cost.unpriced.join('; ')}.`);
  lines.push('', 'Assumptions:', '', ...cost.assumptions.map((assumption) => `- ${assumption}`), '');
  return lines;
}
