/**
 * Steady-state storage and monthly cost of the backups, per plan and in total, from the sizes the
 * config gives its selections (`plans.<plan>.selections.<name>.size`: protected GB and daily change
 * rate by resource type in each account and Region the plan runs in, written by synth to
 * `sizes.json`), the plans as synthesized (schedules, retention, copies: the posture; plans of
 * Organizations backup policies in each workload stack they run in) and a dated price table (./prices.ts).
 *
 * The model, per sized selection, resource type and rule (every rule backs up every resource its
 * plan selects), stated in the report as its assumptions, with what it leaves out:
 * - "For the first backup of an AWS resource, a full copy of your data is saved. For each
 *   incremental backup, only the changed part of your AWS resource is saved." (AWS Backup pricing,
 *   https://aws.amazon.com/backup/pricing/). A run `i` days after the previous one stores
 *   min(P, P x change x i); each rule is its own chain (rules sharing a resource are not merged).
 *   Types whose every backup is a full copy (core/limits fullBackups: DynamoDB, DSQL, and the
 *   Aurora, DocumentDB and Neptune cluster snapshots, charged at the cluster volume's size) store P a run.
 * - Runs per day: the rule's runs in 2027 (its time zone) / 365.
 * - Warm storage: one full copy plus one run's storage per further recovery point kept warm
 *   (warm days x runs per day); fewer than one point: that share of a full copy.
 * - Cold storage holds each recovery point as a full copy ("Archived snapshots are always full
 *   snapshots", EBS user guide, for the EBS Snapshots Archive tier), and only for the types that
 *   honour cold storage (core/limits: EBS only with optInToArchiveForSupportedResources); other
 *   types ignore coldStorageAfterDays and stay warm until deleted.
 * - Continuous backup: one full copy plus every change over the retention, for the types that
 *   support it; the other types a continuous rule selects get snapshots on its schedule.
 * - A copy is stored the same way in its destination's Region (its own lifecycle); a copy to
 *   another Region also transfers each run's storage, priced at the source Region's rate: a full
 *   copy when the destination keeps no copy warm until the next run (nothing to increment on).
 * - A logically air-gapped vault is priced from the table's airGappedStorage (AWS lists its
 *   storage prices apart), else not priced.
 * - Recovery points kept forever have no steady state: not priced.
 */
import { existsSync } from 'node:fs';
import { readJsonFile } from '../core/file-errors';
import { join } from 'node:path';
import { parseAwsCron } from '../core/cron';
import { occurrenceTimes } from '../core/cron-runs';
import { movesToColdStorage, RESOURCE_TYPES, resourceTypeFacts } from '../core/limits';
import { compareStrings } from '../core/order';
import type { PlanModel, StackModel } from '../config/estate-model';
import type { PriceTable } from './prices';
import type { CostEstimate, CostLine, PlanCost, ResourceSize, SizesFile, StackSizes } from './cost-model';
import type { PolicyPlanPosture, Posture, RetentionPosture, RulePosture, SelectionPosture, StackPosture } from './posture-model';
import { optedOutOf } from './posture-parts';

export type { CostEstimate, CostLine, PlanCost, ResourceSize, SizesFile } from './cost-model';

type MutableSizes = Record<string, Record<string, Record<string, Record<string, ResourceSize>>>>;

function addSizes(result: MutableSizes, stack: string, plan: PlanModel): void {
  for (const selection of plan.selections) {
    if (!selection.size || Object.keys(selection.size).length === 0) continue;
    const plans = (result[stack] ??= {});
    const selections = (plans[plan.name] ??= {});
    selections[selection.name] = Object.fromEntries(Object.entries(selection.size).sort(([a], [b]) => compareStrings(a, b)));
  }
}

/** What synth writes to sizes.json: the sizes of the selections of every plan the stacks create, and of the backup policies' plans in each stack they run in. */
export function sizesOfModel(stacks: readonly StackModel[]): SizesFile {
  const result: MutableSizes = {};
  const policyPlans: MutableSizes = {};
  for (const stack of stacks) {
    if (stack.kind !== 'workload') continue;
    for (const plan of stack.plans) addSizes(result, stack.name, plan);
    for (const plan of stack.policyPlans ?? []) addSizes(policyPlans, stack.name, plan);
  }
  return { version: 1, stacks: result, ...(Object.keys(policyPlans).length > 0 ? { policyPlans } : {}) };
}

/** sizes.json of a synth dir; undefined when there is none (a synth dir written before sizes existed). */
export function readSizes(synthDir: string): SizesFile | undefined {
  const path = join(synthDir, 'sizes.json');
  if (!existsSync(path)) return undefined;
  const parsed = readJsonFile(path, ': synthesize again') as SizesFile;
  if (parsed.version !== 1 || typeof parsed.stacks !== 'object' || parsed.stacks === null) throw new Error(`${path}: not a sizes file of this version: synthesize again`);
  return parsed;
}

/** sizes.json as synth writes it. */
export function sizesJson(stacks: readonly StackModel[]): string {
  return `${JSON.stringify(sizesOfModel(stacks), null, 2)}\n`;
}

/** The types whose every backup is a full copy (core/limits fullBackups), as the assumptions name them. */
const FULL_BACKUP_TYPES = RESOURCE_TYPES.filter((type) => type.fullBackups === true).map((type) => type.name);

export const COST_ASSUMPTIONS: readonly string[] = [
  `the first backup of a resource stores a full copy; each later one stores what changed since the previous run (daily change x days between runs, at most a full copy), except ${FULL_BACKUP_TYPES.join(', ')}, whose every backup is a full copy (Aurora, DocumentDB and Neptune snapshots are charged at the cluster volume's size once older than the cluster's own backup retention period, free before: this errs high by the snapshots younger than it); each rule is its own chain (rules sharing a resource are not merged, which errs high)`,
  'runs per day: the rule\'s runs in 2027 in its time zone / 365',
  'cold storage keeps each recovery point as a full copy, and only for the types that honour it (EFS, DynamoDB, Timestream, VMware, and EBS with optInToArchiveForSupportedResources: the EBS Snapshots Archive tier); other types stay warm until deleted',
  'continuous backup (RDS, Aurora, S3, SAP HANA) stores a full copy plus every change over its retention; the other types a continuous rule selects get snapshots on its schedule',
  'a copy is stored the same way in its destination Region; a copy to another Region transfers each run\'s backup, priced at the source Region, and a full copy every run when the destination keeps no copy warm until the next run (an increment needs the previous recovery point in warm storage); a logically air-gapped vault has storage prices of its own',
  'the sizes are per account and Region a plan runs in; a backup policy\'s plan is priced in each account and Region of this config it runs in',
  'a month is 30.4375 days',
];

/** What the estimate leaves out, said next to it. */
export const COST_EXCLUDED: readonly string[] = [
  'restores, and the restores and restored resources of restore testing',
  'requests: KMS requests, and for S3 backups the GET/LIST requests on the objects and EventBridge events (objects under 128 KB are also priced as 128 KB)',
  'Backup Audit Manager control evaluations, and the AWS Config resource tracking its frameworks need ("Charges apply when you turn on resource tracking", AWS Backup developer guide)',
  "the one-off transfer of each resource's first full copy to each other Region (the steady state above holds the full copy itself)",
  'early deletion from cold storage: a plan cannot cause it (deleteAfterDays is at least coldStorageAfterDays + 90), only deleting a recovery point by hand can',
  'data no selection sizes, and accounts of the policies\' targets that this config does not list',
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

/** Whether recovery points of a type move to cold storage under a retention in `region` (core/limits movesToColdStorage: the types that honour it; EBS only with the archive opt-in, outside China and GovCloud; DynamoDB only fully managed). */
export function movesToCold(type: string, retention: RetentionPosture, fullyManaged?: readonly string[], region?: string): boolean {
  return movesToColdStorage(type, retention.archiveOptIn, fullyManaged, region);
}

/** What one run stores (and a copy to another Region sends): a full copy for types whose every backup is full, else the change since the previous run, at most a full copy. */
export function runGb(size: ResourceSize, perDay: number, type: string): number {
  if (resourceTypeFacts(type)?.fullBackups === true || perDay <= 0) return size.protectedGb;
  return Math.min(size.protectedGb, (size.protectedGb * size.dailyChangePercent) / 100 / perDay);
}

/** Recovery points a retention keeps warm at once (warm days x runs per day; Infinity when kept forever): at most 1, no run finds the previous one warm. */
function warmPointsOf(retention: RetentionPosture, perDay: number, type: string, fullyManaged?: readonly string[], region?: string): number {
  if (retention.totalDays === null || retention.warmDays === null) return Number.POSITIVE_INFINITY;
  return (movesToCold(type, retention, fullyManaged, region) ? retention.warmDays : retention.totalDays) * perDay;
}

/** Steady-state storage of one resource type under one retention in `region` (see the module comment); null when kept forever or never run. */
export function steadyStorage(size: ResourceSize, perDay: number, retention: RetentionPosture, continuous: boolean, type: string, fullyManaged?: readonly string[], region?: string): StoredGb | null {
  const full = size.protectedGb;
  if (retention.totalDays === null || retention.warmDays === null || retention.coldDays === null) return null;
  // Only types with continuous backup get it; the others of a continuous rule get snapshots on its schedule.
  if (continuous && resourceTypeFacts(type)?.supportsContinuousBackup === true) return { warmGb: full + (full * size.dailyChangePercent * retention.totalDays) / 100, coldGb: 0 };
  if (perDay <= 0) return null;
  const coldDays = movesToCold(type, retention, fullyManaged, region) ? retention.coldDays : 0;
  const warmPoints = warmPointsOf(retention, perDay, type, fullyManaged, region);
  const warmGb = warmPoints <= 1 ? full * warmPoints : full + runGb(size, perDay, type) * (warmPoints - 1);
  return { warmGb, coldGb: full * coldDays * perDay };
}

function price(table: PriceTable, line: Omit<CostLine, 'monthlyUsd' | 'unpriced'>, sourceRegion: string): { monthlyUsd: number | null; unpriced?: string } {
  const prices = table.regions[line.region];
  const storage = line.airGapped ? prices?.airGappedStorage?.[line.type] : prices?.storage[line.type];
  if (!storage) return { monthlyUsd: null, unpriced: `no ${line.type} ${line.airGapped ? 'logically air-gapped vault ' : ''}storage price for ${line.region}` };
  let usd = line.warmGb * storage.warmPerGbMonth;
  if (line.coldGb > 0) {
    if (storage.coldPerGbMonth === undefined) return { monthlyUsd: null, unpriced: `no ${line.type} ${line.airGapped ? 'logically air-gapped vault ' : ''}cold storage price for ${line.region}` };
    usd += line.coldGb * storage.coldPerGbMonth;
  }
  if (line.transferGbPerMonth > 0) {
    const transfer = table.regions[sourceRegion]?.crossRegionTransferPerGb;
    if (transfer === undefined) return { monthlyUsd: null, unpriced: `no cross-Region transfer price for ${sourceRegion}` };
    usd += line.transferGbPerMonth * transfer;
  }
  return { monthlyUsd: usd };
}

interface LineBase {
  readonly stack: string;
  /** Sized data AWS stores nothing of, said beside the estimate instead of priced. */
  readonly notStored: string[];
  /** The stack's Region settings' fully managed types, when it sets them (DynamoDB's cold storage needs it). */
  readonly fullyManaged?: readonly string[];
  readonly plan: string;
  readonly viaPolicy?: true;
  readonly selection: string;
  readonly type: string;
}

function ruleLines(base: LineBase, rule: RulePosture, size: ResourceSize, table: PriceTable): CostLine[] {
  const perDay = runsPerDay(rule.schedule, rule.timezone);
  const lines: CostLine[] = [];
  const add = (where: string, region: string, airGapped: boolean, retention: RetentionPosture, transferGbPerMonth: number, continuous: boolean) => {
    const stored = steadyStorage(size, perDay, retention, continuous, base.type, base.fullyManaged, region);
    const { fullyManaged: _fullyManaged, notStored: _notStored, ...lineBase } = base;
    const partial = { ...lineBase, rule: rule.name, where, region, ...(airGapped ? { airGapped: true as const } : {}), warmGb: stored?.warmGb ?? 0, coldGb: stored?.coldGb ?? 0, transferGbPerMonth };
    if (!stored) lines.push({ ...partial, monthlyUsd: null, unpriced: retention.unknown !== undefined ? `retention known only at apply (${retention.unknown})` : retention.totalDays === null ? 'recovery points kept forever' : `rule ${rule.name} never runs` });
    else lines.push({ ...partial, ...price(table, partial, rule.vault.region) });
  };
  add('vault', rule.vault.region, rule.vault.airGapped, rule.retention, 0, rule.continuous);
  for (const copy of rule.copies) {
    // A copy AWS Backup refuses, or does not make of this type (core/regions.ts copyNotMade, as the report's copies cell says): nothing stored, nothing sent.
    if (copy.notMade && (copy.notMade.types === undefined || copy.notMade.types.includes(base.type))) {
      base.notStored.push(`${base.type} copies of rule ${rule.name} of plan ${base.plan} to ${copy.destination.name} (${copy.destination.region}), stack ${base.stack}: AWS Backup makes none (${copy.notMade.because})`);
      continue;
    }
    // Copies of continuous backups are snapshots: they follow the rule's schedule. An increment needs the previous recovery point
    // still warm ("AWS Backup cannot create an incremental backup because you have no backup in warm storage", AWS Backup,
    // "Metering, costs, and billing"): a destination that keeps no copy warm until the next run gets a full copy every run.
    const sent = warmPointsOf(copy.retention, perDay, base.type, base.fullyManaged, copy.destination.region) <= 1 ? size.protectedGb : runGb(size, perDay, base.type);
    const transfer = copy.crossRegion ? sent * perDay * DAYS_PER_MONTH : 0;
    add(`copy to ${copy.destination.region}`, copy.destination.region, copy.destination.airGapped, copy.retention, transfer, false);
  }
  return lines;
}

/** A backup policy's rule as it runs in one workload stack: its vault and copies in that stack's account and Region. */
function ruleInStack(rule: RulePosture, stack: StackPosture): RulePosture {
  const copies = rule.copies.map((copy) => {
    // Policy ARNs may name the Region with a $region variable: the Region the plan runs in.
    const region = /^[a-z]{2}/.test(copy.destination.region) ? copy.destination.region : stack.region;
    return { ...copy, destination: { ...copy.destination, region }, crossRegion: region !== stack.region };
  });
  return { ...rule, vault: { ...rule.vault, region: stack.region, accountId: stack.accountId }, copies };
}

/** `where`: the stack the plan runs in, for its Region settings (a type they opt out is skipped by AWS: no backup to price). */
function sizedLines(base: LineBase, selections: StackSizes[string][string], rules: readonly RulePosture[], table: PriceTable, where: { readonly stack: StackPosture; readonly plan?: readonly SelectionPosture[] }): CostLine[] {
  const lines: CostLine[] = [];
  const home = { region: where.stack.region, accountId: where.stack.accountId };
  for (const [selection, types] of Object.entries(selections).sort(([a], [b]) => compareStrings(a, b))) {
    const posture = where.plan?.find((candidate) => candidate.name === selection);
    for (const [type, size] of Object.entries(types).sort(([a], [b]) => compareStrings(a, b))) {
      if (posture && optedOutOf(posture, type, home, where.stack.regionSettings?.optedIn)) {
        base.notStored.push(`${type} of selection ${selection} of plan ${base.plan}, stack ${base.stack}: the Region settings opt ${type} out, so AWS Backup skips it`);
        continue;
      }
      for (const rule of rules) lines.push(...ruleLines({ ...base, selection, type }, rule, size, table));
    }
  }
  return lines;
}

/** The cost estimate of a posture's plans with the given sizes and prices. */
export function estimateCost(posture: Posture, sizes: SizesFile, table: PriceTable): CostEstimate {
  const policyPlans = new Map<string, PolicyPlanPosture>();
  for (const stack of posture.stacks) for (const policy of stack.policies) for (const plan of policy.plans) if (!policyPlans.has(plan.name)) policyPlans.set(plan.name, plan);
  const lines: CostLine[] = [];
  const notStored: string[] = [];
  for (const stack of posture.stacks) {
    const fullyManaged = stack.regionSettings?.fullyManaged;
    for (const plan of stack.plans) {
      lines.push(...sizedLines({ stack: stack.name, notStored, plan: plan.name, selection: '', type: '', fullyManaged }, sizes.stacks[stack.name]?.[plan.name] ?? {}, plan.rules, table, { stack, plan: plan.selections }));
    }
    for (const [name, selections] of Object.entries(sizes.policyPlans?.[stack.name] ?? {}).sort(([a], [b]) => compareStrings(a, b))) {
      const policyPlan = policyPlans.get(name);
      const rules = (policyPlan?.rules ?? []).map((rule) => ruleInStack(rule, stack));
      lines.push(...sizedLines({ stack: stack.name, notStored, plan: name, viaPolicy: true, selection: '', type: '', fullyManaged }, selections, rules, table, { stack, plan: policyPlan?.selections }));
    }
  }
  const plans = new Map<string, PlanCost>();
  for (const line of lines) {
    const key = `${line.stack}\u0000${line.plan}\u0000${line.viaPolicy === true}`;
    const sum = plans.get(key) ?? { stack: line.stack, plan: line.plan, ...(line.viaPolicy ? { viaPolicy: true as const } : {}), warmGb: 0, coldGb: 0, transferGbPerMonth: 0, monthlyUsd: 0, pricedLines: 0, unpricedLines: 0 };
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
    ...(notStored.length > 0 ? { notStored: [...new Set(notStored)].sort(compareStrings) } : {}),
    assumptions: COST_ASSUMPTIONS,
    excluded: COST_EXCLUDED,
    lines,
  };
}

const gb = (value: number): string => `${value.toFixed(1)} GB`;

/** "$67.00", "$67.00 + 1 not priced", or "not priced (6)" when nothing is: never a $0.00 that hides unpriced lines. */
function costCell(cost: { readonly monthlyUsd: number; readonly pricedLines: number; readonly unpricedLines: number }, bold = false): string {
  if (cost.pricedLines === 0 && cost.unpricedLines === 0) return usd(0);
  if (cost.pricedLines === 0) return `not priced (${cost.unpricedLines})`;
  const amount = bold ? `**${usd(cost.monthlyUsd)}**` : usd(cost.monthlyUsd);
  return cost.unpricedLines > 0 ? `${amount} + ${cost.unpricedLines} not priced` : amount;
}
export const usd = (value: number): string => `$${value.toFixed(2)}`;

/** The cost section of the report. */
export function costMarkdown(cost: CostEstimate | undefined): string[] {
  if (!cost) return ['### Estimated cost', '', 'Not estimated: synthesize again to write sizes.json.', ''];
  const notStored = cost.notStored ?? [];
  const notStoredLines = notStored.length > 0 ? ['', `Not counted, as AWS Backup stores nothing of it: ${notStored.join('; ')}.`] : [];
  if (cost.lines.length === 0 && notStored.length === 0) return ['### Estimated cost', '', 'Not estimated: no selection has a `size` (protected GB and daily change by resource type).', ''];
  const row = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const lines = [
    '### Estimated cost',
    '',
    '| stack | plan | warm | cold | transfer / month | monthly cost |',
    '| --- | --- | --- | --- | --- | --- |',
    ...cost.plans.map((plan) => row([`\`${plan.stack}\``, `\`${plan.plan}\`${plan.viaPolicy ? ' (backup policy)' : ''}`, gb(plan.warmGb), gb(plan.coldGb), gb(plan.transferGbPerMonth), costCell(plan)])),
    row(['**total**', '', gb(cost.total.warmGb), gb(cost.total.coldGb), gb(cost.total.transferGbPerMonth), costCell(cost.total, true)]),
    '',
    `An estimate of the steady state, copies included, not a bill; prices: ${cost.priceTable.source} (${cost.priceTable.date}).`,
  ];
  if (cost.unpriced.length > 0) lines.push('', `Not priced: ${cost.unpriced.join('; ')}.`);
  lines.push(...notStoredLines);
  lines.push('', 'Assumptions:', '', ...cost.assumptions.map((assumption) => `- ${assumption}`));
  lines.push('', 'Not included:', '', ...cost.excluded.map((excluded) => `- ${excluded}`), '');
  return lines;
}
