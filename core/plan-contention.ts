/**
 * Jobs of different plans on one resource. AWS Backup runs one backup job per resource at a time
 * (quota "Concurrent backup and copy jobs per resource", 1, not adjustable: AWS Backup Developer
 * Guide, Quotas), whichever plan the job is of, and a request that cannot start within its start
 * window fails (Amazon Timestream Developer Guide, Quota and limits: "additional scheduled or
 * on-demand backup requests for the resource are queued ... If the backup job is not started or
 * completed within the backup window, the request fails"). AWS merges runs due together only for
 * the rules of one plan ("If you have a backup plan with multiple rules ..."), so a job of another
 * plan whose selections may take the same resource, due at the same time or before, or later while the run waits to start
 * (the RPO counts that its job may start as late as its start window's end), may still hold it when the run's start window ends: that run makes no backup of this plan (its vault, its copies).
 * core/job-contention.ts does the same within a plan; this reads plans against each other.
 */
import { holdsAny, withoutHeld, type HoldingRule } from './job-contention';
import { RPO_WINDOW, runsOf, type RpoInput } from './rpo';
import { madeRunsKey } from './rule-runs';

const MINUTE_MS = 60_000;

/** A snapshot rule's run times (with the look-ahead, those a rule of its plan takes left out), or undefined. */
function ownTimes(rule: RpoInput): number[] | undefined {
  if (rule.continuous) return undefined;
  const result = runsOf({ ...rule, heldBy: undefined }, RPO_WINDOW.fromYear);
  return 'invalid' in result ? undefined : result.times;
}

/**
 * A snapshot rule of another plan (as AWS runs it: core/rpo.ts rulesAsRun) as a holder of the resource, keyed by what its runs depend
 * on (core/rule-runs.ts madeRunsKey); undefined for a continuous rule or one that cannot be evaluated.
 */
function holderOf(rule: RpoInput): HoldingRule | undefined {
  const times = ownTimes(rule);
  return times === undefined ? undefined : { key: madeRunsKey(rule), times, startMs: rule.startWindowMinutes * MINUTE_MS, completionMs: rule.completionWindowMinutes * MINUTE_MS };
}

/**
 * A plan's rules (as AWS runs them) with the rules of `others` whose jobs may hold one of their runs: `others` are the snapshot rules,
 * as AWS runs them, of the plans of the account and Region whose selections may share a resource with this plan's
 * (core/selection-reach selectionsMayShare). The plan's worst-case RPO (core/rpo.ts planRpo) then counts those runs as none.
 */
export function withOtherPlansJobs<T extends RpoInput>(rules: readonly T[], others: readonly RpoInput[]): T[] {
  const holders = others.flatMap((other) => holderOf(other) ?? []);
  if (holders.length === 0) return [...rules];
  return rules.map((rule) => {
    const times = ownTimes(rule);
    if (times === undefined) return rule;
    const startMs = rule.startWindowMinutes * MINUTE_MS;
    const heldBy = holders.filter((holder) => holdsAny(times, startMs, holder));
    return heldBy.length === 0 ? rule : { ...rule, heldBy };
  });
}

export interface HeldRuns {
  /** Its runs in the RPO's window (those a rule of its plan kept longer takes left out). */
  readonly runs: number;
  /** How many of them a job of another plan may hold the resource through. */
  readonly held: number;
  /** The indexes (in `others`) of the rules whose jobs may. */
  readonly by: readonly number[];
}

/** The runs of a snapshot rule (as AWS runs it) that a job of one of `others` may hold the resource through (withOtherPlansJobs); undefined for a continuous rule or one that cannot be evaluated. */
export function runsHeldByOtherPlans(rule: RpoInput, others: readonly RpoInput[]): HeldRuns | undefined {
  const windowEnd = Date.UTC(RPO_WINDOW.fromYear + RPO_WINDOW.years, 0, 1);
  const times = ownTimes(rule)?.filter((time) => time < windowEnd);
  if (times === undefined) return undefined;
  const startMs = rule.startWindowMinutes * MINUTE_MS;
  const holders = others.map(holderOf);
  const by = holders.flatMap((holder, at) => (holder !== undefined && holdsAny(times, startMs, holder) ? [at] : []));
  const held = times.length - withoutHeld(times, startMs, by.map((at) => holders[at] as HoldingRule)).length;
  return { runs: times.length, held, by };
}
