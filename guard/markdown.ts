/**
 * The plan guard's Markdown report: one or more stacks' GuardResults as a pull request comment.
 * Evaluation is guard/guard.ts.
 */
import { describeActionReason, type GuardFinding, type GuardResult } from './guard';

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

/** A Markdown summary of one or more stacks' guard results, for a pull request comment. */
export function guardMarkdown(results: readonly GuardResult[]): string {
  const blocked = results.flatMap((result) => result.violations.map((finding) => ({ stack: result.stack, finding })));
  const allowed = results.flatMap((result) => result.allowed.map((finding) => ({ stack: result.stack, finding })));
  const warnings = results.flatMap((result) => result.warnings.map((finding) => ({ stack: result.stack, finding })));
  const notes = results.flatMap((result) => result.notes.map((note) => ({ stack: result.stack, note })));
  const plural = (n: number, what: string) => `${n} ${what}${n === 1 ? '' : 's'}`;

  const lines: string[] = [];
  lines.push(
    blocked.length > 0
      ? `## Backup plan guard: ${plural(blocked.length, 'blocked change')}`
      : `## Backup plan guard: passed`,
    '',
    blocked.length > 0
      ? `The plan deletes or replaces ${blocked.length === 1 ? 'a resource' : 'resources'} that ${blocked.length === 1 ? 'holds or protects' : 'hold or protect'} recovery points.`
      : `No vault, key, lock, vault policy or backup policy is deleted or replaced without an allowance (${plural(results.length, 'stack')} checked).`,
  );

  const showForget = results.some((result) => result.summary.forget > 0);
  const showOther = results.some((result) => result.summary.other > 0);
  for (const result of results) {
    const s = result.summary;
    const headers = ['Creates', 'Updates', 'Replaces', 'Deletes', ...(showForget ? ['Forgets'] : []), 'Unchanged', ...(showOther ? ['Other'] : [])];
    const values = [s.create, s.update, s.replace, s.delete, ...(showForget ? [s.forget] : []), s.noOp, ...(showOther ? [s.other] : [])];
    const verdict = result.ok ? 'passed' : `${plural(result.violations.length, 'blocked change')}`;
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
