/**
 * The plan guard's Markdown report: the stacks removed from the synth (with --base) first, then
 * one or more stacks' GuardResults, as a pull request comment. Evaluation is guard/guard.ts and
 * guard/removed-stacks.ts.
 */
import { plural } from '../core/order';
import { BACKUP_POLICY_ATTACHMENT_TYPE, BACKUP_ROLE_TYPE, describeActionReason, NOT_PASSED_KINDS, PROTECTED_TYPES, type GuardFinding, type GuardResult } from './guard';
import type { RemovedStack, StackRemovalResult } from './removed-stacks';

/** The stack comparison of `npm run guard -- --base`. */
export interface RemovalReport {
  /** The base as given (a synth dir, rollout.json or config file). */
  readonly base: string;
  readonly result: StackRemovalResult;
}

/** The types of drift findings about protection (the rest are backups, copies or alerts stopped: guard/stopping-changes.ts). */
const PROTECTED_DRIFT: ReadonlySet<string> = new Set([...PROTECTED_TYPES, BACKUP_ROLE_TYPE, BACKUP_POLICY_ATTACHMENT_TYPE]);
/** The types of drift findings about restore tests (stopped or narrowed: guard/restore-testing-changes.ts), which prove restores work rather than make backups. */
const RESTORE_TESTING_TYPES: ReadonlySet<string> = new Set(['aws_backup_restore_testing_plan', 'aws_backup_restore_testing_selection']);

/** Text safe inside a Markdown table cell or list item: one line, pipes escaped. */
function inline(text: string): string {
  return text.replace(/\s*\r?\n\s*/g, ' ').replace(/\|/g, '\\|');
}

/** A code span that survives backticks in the text. */
function code(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = '`'.repeat(longest + 1);
  const pad = text.startsWith('`') || text.endsWith('`') ? ' ' : '';
  return `${fence}${pad}${text}${pad}${fence}`;
}

function describeActions(finding: GuardFinding): string {
  if (finding.drift === true) return finding.kind === 'delete' ? 'deleted outside Terraform (drift)' : 'changed outside Terraform (drift)';
  switch (finding.kind) {
    case 'replace':
      return finding.actions[0] === 'create' ? 'replace (create, then delete)' : 'replace (delete, then create)';
    case 'forget':
      return finding.actions.includes('create') ? 'replace, forgetting the old object' : 'forget (removed from state)';
    default:
      return finding.actions.join(', ') || 'no action';
  }
}

function findingLine(stack: string, finding: GuardFinding, withAllowance: boolean): string {
  const why: string[] = [];
  if (finding.replacePaths.length > 0) why.push(`forced by ${finding.replacePaths.map(code).join(', ')}`);
  if (finding.actionReason !== undefined) why.push(describeActionReason(finding.actionReason));
  const parts = [
    `- ${code(finding.address)} in ${code(stack)}: **${describeActions(finding)}**${why.length > 0 ? ` (${inline(why.join('; '))})` : ''}.`,
    `  ${inline(finding.consequence.charAt(0).toUpperCase() + finding.consequence.slice(1))}.`,
  ];
  if (withAllowance && finding.allowedBecause !== undefined) parts.push(`  Reason given: ${inline(finding.allowedBecause)}`);
  return parts.join('\n');
}


/** What a removed stack held, in words. */
function removedStackLine(stack: RemovedStack): string {
  const held = stack.protectedResources;
  const what =
    held === undefined
      ? 'only its rollout.json entry is known, so it is taken to hold vaults, keys, locks or policies'
      : held.length === 0
        ? 'it held no vault, key, lock or policy'
        : `holding ${held.map(code).join(', ')}`;
  if (stack.allowedBecause !== undefined) return `- ${code(stack.name)} (${stack.kind}): removed, allowed by config; ${what}.\n  Reason given: ${inline(stack.allowedBecause)}`;
  if (held !== undefined && held.length === 0) return `- ${code(stack.name)} (${stack.kind}): removed; ${what}, so it is not blocked.`;
  return `- ${code(stack.name)} (${stack.kind}): **removed**; ${what}.`;
}

/** The removed stacks, first in the report: blocked, then allowed, then those that held nothing protected. */
function removedStacksSection(removal: RemovalReport): string[] {
  const { blocked, allowed, unprotected } = removal.result;
  const removed = [...blocked, ...allowed, ...unprotected];
  if (removed.length === 0) return [];
  const lines = ['', '### Removed stacks', '', `Compared with ${code(removal.base)}, the new synth no longer has ${removed.length === 1 ? 'this stack' : 'these stacks'}:`, ''];
  for (const stack of removed) lines.push(removedStackLine(stack));
  if (blocked.length > 0) {
    lines.push(
      '',
      'No pipeline plans a stack whose folder is gone, and no plan shows what it holds: its vaults, keys, locks and policies stay in AWS and in its Terraform state, managed by nothing.',
      'To retire a stack, empty it first (lift `preventDestroy`, apply, then `terraform destroy` in its folder), or keep what it holds on purpose; either way, allow the removal under `guard.allowedChanges`: `{ stack, address: "*", reason }`.',
    );
  }
  return lines;
}

/** A Markdown summary of one or more stacks' guard results (and, with --base, the removed stacks first), for a pull request comment. */
export function guardMarkdown(results: readonly GuardResult[], removal?: RemovalReport): string {
  const blocked = results.flatMap((result) => result.violations.map((finding) => ({ stack: result.stack, finding })));
  const allowed = results.flatMap((result) => result.allowed.map((finding) => ({ stack: result.stack, finding })));
  const warnings = results.flatMap((result) => result.warnings.map((finding) => ({ stack: result.stack, finding })));
  const notes = [
    ...(removal?.result.notes ?? []).map(([stack, note]) => ({ stack, note })),
    ...results.flatMap((result) => [...(result.notPassed !== undefined ? [result.notPassed] : []), ...result.notes].map((note) => ({ stack: result.stack, note }))),
  ];
  const removedBlocked = removal?.result.blocked.length ?? 0;
  const notPassed = results.filter((result) => result.notPassed !== undefined).length;

  const verdict = [
    ...(removedBlocked > 0 ? [plural(removedBlocked, 'removed stack')] : []),
    ...(blocked.length > 0 ? [plural(blocked.length, 'blocked change')] : []),
    ...(notPassed > 0 ? [`${plural(notPassed, 'plan')} not passed (${NOT_PASSED_KINDS})`] : []),
  ];
  const lines: string[] = [`## Backup plan guard: ${verdict.length > 0 ? verdict.join(', ') : 'passed'}`, ''];
  if (removedBlocked > 0) {
    lines.push(`${removedBlocked === 1 ? 'A stack that holds' : 'Stacks that hold'} or may hold recovery points or their protection ${removedBlocked === 1 ? 'leaves' : 'leave'} the synth.`);
  }
  if (blocked.length > 0) {
    lines.push(`The plan deletes, replaces or weakens ${blocked.length === 1 ? 'a resource' : 'resources'} that ${blocked.length === 1 ? 'holds or protects' : 'hold or protect'} recovery points or that backup jobs need.`);
  }
  if (verdict.length === 0) {
    if (results.length > 0 || removal === undefined) {
      lines.push(`No vault, key, lock, vault policy, backup role or backup policy is deleted, replaced or weakened without an allowance (${plural(results.length, 'stack')} checked).`);
    }
    if (removal !== undefined) lines.push(`No stack that holds one leaves the synth without an allowance (${plural(removal.result.compared, 'stack')} of ${code(removal.base)} compared).`);
  }
  // The verdict is the plans'; what their refresh found done outside Terraform is said beside it, never hidden by it.
  // A backup policy narrowed outside Terraform stops backups; it takes no protection away (its type is protected against deletion).
  const drifted = warnings
    .filter(({ finding }) => finding.drift === true)
    .map(({ finding }) => (finding.stops !== true && PROTECTED_DRIFT.has(finding.type) ? 'protected' : RESTORE_TESTING_TYPES.has(finding.type) ? 'restore' : 'backups'));
  if (drifted.length > 0) {
    const what = [
      ...(drifted.includes('protected') ? ['a protected resource was deleted or weakened'] : []),
      ...(drifted.includes('backups') ? ['backups, copies or their alerts were stopped or narrowed'] : []),
      ...(drifted.includes('restore') ? ['restore tests were stopped or narrowed'] : []),
    ];
    lines.push(`Outside Terraform, ${what.join(', and ')} (the plans' \`resource_drift\`): see the warnings.`);
  }
  if (removal !== undefined) lines.push(...removedStacksSection(removal));

  const showForget = results.some((result) => result.summary.forget > 0);
  const showOther = results.some((result) => result.summary.other > 0);
  for (const result of results) {
    const s = result.summary;
    const headers = ['Creates', 'Updates', 'Replaces', 'Deletes', ...(showForget ? ['Forgets'] : []), 'Unchanged', ...(showOther ? ['Other'] : [])];
    const values = [s.create, s.update, s.replace, s.delete, ...(showForget ? [s.forget] : []), s.noOp, ...(showOther ? [s.other] : [])];
    const verdict = result.ok
      ? 'passed'
      : [...(result.violations.length > 0 ? [plural(result.violations.length, 'blocked change')] : []), ...(result.notPassed !== undefined ? ['not passed (see the notes)'] : [])].join(', ');
    lines.push(
      '',
      `### ${code(result.stack)}: ${verdict}`,
      '',
      `| ${headers.join(' | ')} |`,
      `| ${headers.map(() => '---:').join(' | ')} |`,
      `| ${values.join(' | ')} |`,
    );
  }

  if (blocked.length > 0) {
    lines.push('', '### Blocked', '');
    for (const { stack, finding } of blocked) lines.push(findingLine(stack, finding, false));
    lines.push(
      '',
      'If this is intended, let it through with an entry under `guard.allowedChanges` in the config: `{ stack, address, reason }`.',
    );
  }
  if (allowed.length > 0) {
    lines.push('', '### Allowed by config', '');
    for (const { stack, finding } of allowed) lines.push(findingLine(stack, finding, true));
  }
  if (warnings.length > 0) {
    lines.push('', '### Warnings', '');
    for (const { stack, finding } of warnings) lines.push(findingLine(stack, finding, false));
  }
  if (notes.length > 0) {
    lines.push('', '### Notes', '');
    for (const { stack, note } of notes) lines.push(`- ${code(stack)}: ${inline(note)}`);
  }
  return `${lines.join('\n')}\n`;
}
