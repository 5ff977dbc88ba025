/**
 * Rules of one plan whose runs overlap: "If you have a backup plan with multiple rules and the time
 * frames of the two rules overlap, AWS Backup optimizes the backup and takes a backup for the rule
 * with the longer retention time. The optimization takes into account the full start window" (AWS
 * Backup Developer Guide, "Backup plan options and configuration"). Legal, and AWS does it: a daily
 * and a weekly rule into one vault make the weekly backup on Sundays, and nothing is lost. The
 * config check warns when something is: a rule that never makes a backup at all, or one whose vault
 * or copies get nothing on the runs another rule takes (counted by core/rpo.ts over the RPO's years).
 */
import { warning, type Problem } from '../core/problems';
import { asSnapshotRules, displacedRuns, RPO_WINDOW, rulesAsRun, type RpoInput } from '../core/rpo';
import { rulesMayContend, runsBlockedByOthers } from '../core/rpo-contention';
import type { SelectionHome, SelectionSpec } from '../core/selection';
import { continuousCoverage } from '../core/selection-reach';
import { selectionSpecOf } from '../modules/backup-selection';
import { rpoInputOf } from './monitoring';
import type { NormalizedPlan } from './normalize';

export function checkOverlappingRules(plan: NormalizedPlan, path: string, home?: SelectionHome, contested: readonly SelectionSpec[] = []): Problem[] {
  const entries = Object.entries(plan.rules);
  // The rules as AWS runs them (core/rpo.ts rulesAsRun, as the RPO, the report and the silence alarms read them): where the selections
  // may reach types without continuous backup, or another plan's continuous rule may take them (`contested`), a continuous rule's
  // snapshots of those take part. Converted first, so the winners keep their identity.
  const specs = Object.values(plan.selections).map(selectionSpecOf);
  const converted = entries.map(([, rule]) => rpoInputOf(rule));
  const retentionDays = entries.map(([, rule]) => rule.lifecycle.deleteAfterDays);
  // Why, for the message: another plan's continuous rule may take them (AWS may back them up by snapshot for this plan), or their
  // continuous recovery point may lapse between runs (core/selection-reach continuousCoverage).
  const coverage = continuousCoverage(specs, home, contested, converted, retentionDays);
  const snapshotFallback = coverage !== 'continuous';
  const takenByOthers = coverage === 'contested';
  const lapses = coverage === 'lapse';
  const plain = snapshotFallback ? asSnapshotRules(converted) : converted;
  const inputs = rulesAsRun(plain, retentionDays, snapshotFallback);
  const years = `${RPO_WINDOW.fromYear}-${RPO_WINDOW.fromYear + RPO_WINDOW.years - 1}`;
  const problems: Problem[] = [];
  entries.forEach(([key, rule], index) => {
    const input = inputs[index];
    const count = input === undefined ? undefined : displacedRuns(input);
    if (input === undefined || count === undefined || count.displaced === 0) return;
    // Only these rules, with their part (kept longer, or as long), taking this one's runs.
    const takenBy = (which: readonly RpoInput[]): RpoInput => ({
      ...input,
      displacedBy: (input.displacedBy ?? []).filter((other) => which.includes(other)),
      tiedWith: (input.tiedWith ?? []).filter((other) => which.includes(other)),
    });
    // The rules whose runs do take this one's.
    const winners = entries.filter(([, other], at) => {
      const winner = plain[at];
      return other !== rule && winner !== undefined && (displacedRuns(takenBy([winner]))?.displaced ?? 0) > 0;
    });
    const others = `rule${winners.length === 1 ? '' : 's'} ${winners.map(([name, other]) => `${name} (kept ${other.lifecycle.deleteAfterDays} d)`).join(', ')}`;
    // Equal retention: AWS does not say which rule wins; core/rpo counts, run by run, the one whose recovery point comes later (the worst case).
    const tie = winners.some(([, other]) => other.lifecycle.deleteAfterDays === rule.lifecycle.deleteAfterDays);
    const which = tie ? 'for the rule kept longer (with equal retention AWS does not say which: counted here, run by run, as the one whose recovery point is certain later, the worst case)' : 'for the rule kept longer';
    const taken = `they start within the start window of a run of ${others}, and AWS Backup then takes one backup, ${which}, into that rule's vault with its windows and copies`;
    // A continuous rule on either side: what is said holds for the types without continuous backup, which it backs up by snapshot on its schedule.
    const snapshots = rule.continuousBackup === true || winners.some(([, other]) => other.continuousBackup === true);
    const ofTypes = !snapshots
      ? ''
      : takenByOthers
        ? " of the resources another plan's continuous rule may take too (AWS backs each up continuously for the first plan it evaluates only, by snapshot on the others' schedules)"
        : lapses
          ? ' of the Aurora, RDS and SAP HANA resources whose continuous recovery point it keeps no longer than the time between its runs (it may lapse: each run renews it)'
          : ' of the types without continuous backup its selections can reach (a continuous rule backs them up by snapshot on its schedule)';
    if (count.displaced === count.runs) {
      problems.push(warning(`${path}.rules.${key}`, `never makes a backup${ofTypes}: ${taken.replace('they start', 'all its runs start')}; move its schedule or remove it`));
      return;
    }
    // What this rule's own runs would have made that the winners' backups do not (its vault, its copies), and on how many runs.
    const runsTakenBy = (which: typeof winners): number => displacedRuns(takenBy(which.map(([, other]) => plain[entries.findIndex(([, entry]) => entry === other)] as RpoInput)))?.displaced ?? 0;
    const lost: string[] = [];
    const elsewhere = rule.vault === undefined ? 0 : runsTakenBy(winners.filter(([, other]) => other.vault !== rule.vault));
    if (elsewhere > 0) lost.push(`on ${elsewhere} of them vault ${rule.vault} gets no backup`);
    for (const vault of new Set(Object.values(rule.copies).map((copy) => copy.vault))) {
      const uncopied = runsTakenBy(winners.filter(([, other]) => !Object.values(other.copies).some((copy) => copy.vault === vault)));
      if (uncopied > 0) lost.push(`on ${uncopied} of them no copy goes to ${vault}`);
    }
    if (lost.length === 0) return;
    problems.push(warning(`${path}.rules.${key}`, `makes no backup${ofTypes} on ${count.displaced} of its ${count.runs} runs in ${years}: ${taken}; ${lost.join(', ')} from this plan`));
  });
  problems.push(...checkContendedRules(entries, inputs, path, years));
  return problems;
}

/**
 * Runs another rule's job may leave without a backup: AWS Backup runs one backup job per resource at a time (core/job-contention.ts),
 * and a job may start at the end of its start window and run its whole completion window. Warned where that run's backup is not made
 * by the other rule anyway: the other rule is kept shorter, writes to another vault, or does not copy where this one does.
 */
function checkContendedRules(entries: readonly [string, NormalizedPlan['rules'][string]][], inputs: readonly RpoInput[], path: string, years: string): Problem[] {
  // Rule by rule only when some job may outlast a later run's start window (a linear pass over the plan's runs).
  if (!rulesMayContend(inputs)) return [];
  return entries.flatMap(([key, rule], index) => {
    const blocked = runsBlockedByOthers(inputs, index);
    if (blocked === undefined || blocked.blocked === 0) return [];
    const costly = blocked.by.filter((at) => {
      const other = (entries[at] as [string, typeof rule])[1];
      const copiesHere = new Set(Object.values(other.copies).map((copy) => copy.vault));
      const keptShorter = (other.lifecycle.deleteAfterDays ?? Number.POSITIVE_INFINITY) < (rule.lifecycle.deleteAfterDays ?? Number.POSITIVE_INFINITY);
      return keptShorter || other.vault !== rule.vault || Object.values(rule.copies).some((copy) => !copiesHere.has(copy.vault));
    });
    if (costly.length === 0) return [];
    const names = costly.map((at) => {
      const [name, other] = entries[at] as [string, typeof rule];
      const input = inputs[at] as RpoInput;
      return `${name} (kept ${other.lifecycle.deleteAfterDays} d, ${input.startWindowMinutes} min to start, ${input.completionWindowMinutes} min to complete)`;
    });
    const own = inputs[index] as RpoInput;
    const copies = [...new Set(Object.values(rule.copies).map((copy) => copy.vault))];
    const nothing = `vault ${rule.vault ?? '(none)'} gets no backup of this rule then${copies.length === 0 ? '' : `, nor ${copies.join(', ')} its copy`}`;
    return [
      warning(
        `${path}.rules.${key}`,
        `may make no backup on ${blocked.blocked} of its ${blocked.runs} runs in ${years}: AWS Backup runs one backup job per resource at a time (quota: concurrent backup and copy jobs per resource, 1), and a job of rule${costly.length === 1 ? '' : 's'} ${names.join(', ')} may still run when this rule's ${own.startWindowMinutes}-minute start window ends, so the run expires: ${nothing}; schedule it after the other rule's start and completion windows, or give it a start window that outlasts them`,
      ),
    ];
  });
}
