/**
 * The stacks a change affects (`npm run affected`): the new synth compared with a base synth stack
 * by stack (core/stack-changes.ts, the evaluator the plan guard's removed stacks share), ordered
 * and grouped by the new synth's rollout waves, as JSON (affected.json, for pipelines) and Markdown
 * (for a pull request). A pipeline plans `affected` (added and changed stacks) and applies them
 * wave by wave; removed stacks go to the plan guard (`backup-estate guard --base`), which blocks
 * those holding vaults, keys, locks or policies.
 */
import { plural } from '../core/order';
import { compareSynths, UNKNOWN_CONTENT, type ChangedStack, type SynthStack } from '../core/stack-changes';
import type { Rollout } from './rollout';

export interface AffectedReport {
  readonly version: 1;
  /** The base as the user named it (a synth dir, a rollout.json, a config file). */
  readonly base: string;
  /** The new synth dir as named. */
  readonly synthDir: string;
  readonly counts: { readonly added: number; readonly changed: number; readonly unchanged: number; readonly removed: number; readonly affected: number };
  /** Stacks to plan: added and changed, in rollout order. */
  readonly affected: readonly string[];
  /** The affected stacks of each rollout wave: waves[i] is wave i + 1 of the new rollout (empty when none is affected). */
  readonly waves: readonly (readonly string[])[];
  readonly added: readonly string[];
  readonly changed: readonly ChangedStack[];
  readonly unchanged: readonly string[];
  /** Unchanged stacks whose files differ in cdktf metadata only. */
  readonly metadataOnly: readonly string[];
  /** Stacks of the base the new synth no longer has: nothing plans them; the plan guard checks them. */
  readonly removed: readonly string[];
  /** Set when the base is a config file this version synthesized: a change of backup-estate itself shows in no stack. */
  readonly baseSynthesizedHere?: true;
}

/**
 * Compares `head` (the stacks of the new synth, whose rollout is `rollout`) with `base`.
 * @throws SyntaxError naming the stack when a stack's JSON cannot be read.
 */
export function affectedStacks(base: readonly SynthStack[], head: readonly SynthStack[], rollout: Rollout, labels: { base: string; synthDir: string; baseSynthesizedHere?: boolean }): AffectedReport {
  const order = rollout.waves.flat();
  const rank = new Map(order.map((name, index) => [name, index]));
  const byRollout = (a: string, b: string) => (rank.get(a) ?? Number.MAX_SAFE_INTEGER) - (rank.get(b) ?? Number.MAX_SAFE_INTEGER);
  const headInOrder = [...head].sort((a, b) => byRollout(a.name, b.name));
  const changes = compareSynths(base, headInOrder);
  const affectedSet = new Set([...changes.added, ...changes.changed.map((stack) => stack.name)]);
  const affected = [...affectedSet].sort(byRollout);
  return {
    version: 1,
    base: labels.base,
    synthDir: labels.synthDir,
    counts: { added: changes.added.length, changed: changes.changed.length, unchanged: changes.unchanged.length, removed: changes.removed.length, affected: affected.length },
    affected,
    waves: rollout.waves.map((wave) => wave.filter((name) => affectedSet.has(name))),
    added: changes.added,
    changed: changes.changed,
    unchanged: changes.unchanged,
    metadataOnly: changes.metadataOnly,
    removed: changes.removed,
    ...(labels.baseSynthesizedHere === true ? { baseSynthesizedHere: true as const } : {}),
  };
}

/** affected.json: the report with a fixed key order, 2-space indent, trailing newline. */
export function affectedJson(report: AffectedReport): string {
  return `${JSON.stringify(report, null, 2)}\n`;
}


/** At most `max` names in backticks, then how many more. */
function names(list: readonly string[], max: number): string {
  const shown = list.slice(0, max).map((name) => `\`${name}\``);
  return list.length > max ? `${shown.join(', ')} and ${list.length - max} more` : shown.join(', ');
}

const MAX_CHANGES_SHOWN = 12;
const MAX_UNCHANGED_SHOWN = 20;

/** What a config base cannot show: it is synthesized with the installed version, as the new synth is. */
const BASE_SYNTHESIZED_HERE =
  "The base is a config file, synthesized with this version of backup-estate: a change of backup-estate itself (an upgrade, or a fix that changes what it writes) shows in no stack here, even when every stack's Terraform changes. Compare with the base commit's own synth dir to see it.";

function changeWords(stack: ChangedStack): string {
  if (stack.changes.length === 1 && stack.changes[0] === UNKNOWN_CONTENT) return 'the base has no JSON for it (known only from its rollout.json): planned';
  const shown = stack.changes.slice(0, MAX_CHANGES_SHOWN).map((change) => `\`${change}\``).join(', ');
  return stack.changes.length > MAX_CHANGES_SHOWN ? `${shown} and ${stack.changes.length - MAX_CHANGES_SHOWN} more` : shown;
}

/** The report as Markdown for a pull request: counts, then the affected stacks by wave, the removed ones, the rest counted. */
export function affectedMarkdown(report: AffectedReport): string {
  const { counts } = report;
  const lines = [
    `## Affected stacks: ${counts.affected} of ${counts.affected + counts.unchanged}`,
    '',
    `Compared \`${report.synthDir}\` with \`${report.base}\`: ${plural(counts.changed, 'stack')} changed, ${counts.added} added, ${counts.unchanged} unchanged, ${counts.removed} removed. Metadata that does not change what Terraform does (cdktf's \`//\` comments) is ignored.`,
    '',
  ];
  if (report.baseSynthesizedHere) lines.push(BASE_SYNTHESIZED_HERE, '');
  if (counts.affected === 0) {
    // A removed stack changes what Terraform manages, but nothing plans it: say so, not "nothing changes".
    const noStack = counts.removed === 0 ? 'no stack' : 'no stack still synthesized';
    const nothing = report.baseSynthesizedHere ? `Nothing to plan against this base: ${noStack} differs from the base config synthesized with this version` : `Nothing to plan: ${noStack} changes what Terraform does`;
    lines.push(counts.removed === 0 ? `${nothing}.` : `${nothing}; the removed stacks below are planned by nothing.`, '');
  }
  else {
    lines.push('| wave | stack | change |', '| --- | --- | --- |');
    const changedByName = new Map(report.changed.map((stack) => [stack.name, stack]));
    report.waves.forEach((wave, index) => {
      for (const name of wave) {
        const changed = changedByName.get(name);
        lines.push(`| ${index + 1} | \`${name}\` | ${changed ? changeWords(changed) : 'added'} |`);
      }
    });
    lines.push('');
  }
  if (report.removed.length > 0) {
    lines.push(
      `### Removed: ${names(report.removed, report.removed.length)}`,
      '',
      'Nothing plans a removed stack: what it holds stays in AWS and in its state. The plan guard (`backup-estate guard --base`) blocks the removal of a stack holding vaults, keys, locks or policies unless `guard.allowedChanges` allows it.',
      '',
    );
  }
  if (report.unchanged.length > 0) {
    const metadata = report.metadataOnly.length > 0 ? ` (${plural(report.metadataOnly.length, 'file')} differ in metadata only)` : '';
    lines.push(`Unchanged${metadata}: ${names(report.unchanged, MAX_UNCHANGED_SHOWN)}.`, '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}

/** One line for stderr: the counts. */
export function affectedSummary(report: AffectedReport): string {
  const { counts } = report;
  const note = report.baseSynthesizedHere ? '; the base config was synthesized with this version: a change of backup-estate itself is not seen' : '';
  return `affected --base ${report.base}: ${counts.affected} of ${counts.affected + counts.unchanged} stacks to plan (${counts.changed} changed, ${counts.added} added, ${counts.unchanged} unchanged, ${counts.removed} removed${note})`;
}
