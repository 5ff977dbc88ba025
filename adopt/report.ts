/**
 * What adopt tells the reviewer besides the config: every difference between what AWS runs and what
 * the config (and so the first apply) holds, at the config path to look at.
 * - not-represented: something AWS runs that the config cannot hold; it stays as it is, unmanaged
 *   (or, where the message says so, the first apply changes it);
 * - kept: represented, but a difference that would replace the resource (or that AWS does not
 *   return) is kept as AWS has it rather than changed;
 * - changed: the first apply updates this in place;
 * - warning: the existing estate breaks a rule of backup-estate: the config path to change.
 */
export type ReportKind = 'not-represented' | 'kept' | 'changed' | 'warning';

export interface ReportItem {
  readonly kind: ReportKind;
  /** Config path (plans.prod-daily.rules.DailyBackups) or config section (audit). */
  readonly path: string;
  readonly message: string;
}

export const REPORT_KINDS: readonly ReportKind[] = ['not-represented', 'kept', 'changed', 'warning'];

const HEADINGS: Readonly<Record<ReportKind, string>> = {
  'not-represented': 'Not represented (left as it is in AWS, unmanaged, unless the item says otherwise)',
  kept: 'Kept as AWS has it (a change would replace the resource, or AWS does not return it)',
  changed: 'Changed in place by the first apply',
  warning: 'Warnings: the existing estate breaks a rule (change the config path given)',
};

/** An existing resource and the Terraform address that imports it. */
export interface ImportRow {
  readonly stack: string;
  readonly address: string;
  readonly id: string;
  readonly what: string;
}

/** One line per item, as the CLI prints them: `<kind> <path>: <message>`. */
export const itemLine = (item: ReportItem): string => `${item.kind} ${item.path}: ${item.message}`;

/** Items sorted by kind (the order above), then path, then message. */
export function sortItems(items: readonly ReportItem[]): ReportItem[] {
  const rank = (kind: ReportKind) => REPORT_KINDS.indexOf(kind);
  return [...items].sort((a, b) => rank(a.kind) - rank(b.kind) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0) || (a.message < b.message ? -1 : a.message > b.message ? 1 : 0));
}

export interface ReportInput {
  readonly source: string;
  readonly config: string;
  readonly importsFile: string;
  readonly items: readonly ReportItem[];
  readonly imports: readonly ImportRow[];
  /** Resources of the stacks that import nothing: the first apply creates them. */
  readonly created: readonly { readonly stack: string; readonly address: string }[];
  readonly errors: readonly string[];
}

const cell = (text: string): string => text.replace(/\|/g, '\\|');

/** The Markdown report (adopt/report.md). */
export function reportMarkdown(input: ReportInput): string {
  const lines = [
    `# Adopted from ${input.source}`,
    '',
    `Config: \`${input.config}\`; import blocks: \`${input.importsFile}\` (${input.imports.length}). Review this report, run`,
    '`backup-estate validate`, then `synth` and a `terraform plan` per stack: it must only import and update',
    'in place. After the first apply, remove `adoption` from the config and delete the imports file.',
    '',
  ];
  if (input.errors.length > 0) lines.push('## The adopted config does not validate yet', '', ...input.errors.map((line) => `- ${line}`), '');
  for (const kind of REPORT_KINDS) {
    const items = sortItems(input.items.filter((item) => item.kind === kind));
    if (items.length === 0) continue;
    lines.push(`## ${HEADINGS[kind]}`, '', ...items.map((item) => `- \`${item.path}\`: ${item.message}`), '');
  }
  lines.push('## Import blocks', '', '| stack | address | import id | existing resource |', '| --- | --- | --- | --- |');
  lines.push(...input.imports.map((row) => `| ${row.stack} | \`${row.address}\` | \`${cell(row.id)}\` | ${cell(row.what)} |`), '');
  if (input.created.length > 0) {
    lines.push('## Created by the first apply (nothing imports them)', '', ...input.created.map((row) => `- ${row.stack}: \`${row.address}\``), '');
  }
  return `${lines.join('\n').trimEnd()}\n`;
}
