/**
 * The posture as a pull request comment (`postureMarkdown`) and as JSON (`postureJson`).
 *
 * Layout: a marker comment (so a pipeline can find and update its comment), a title, one bold
 * summary line (stacks, plans, compliance errors and warnings, regressions, removed stacks), the
 * stacks the base had and the head no longer has, the regressions (before -> after) and
 * improvements when a base was given, estate-wide compliance notes, then one
 * section per stack (= account and Region): its vaults, the Organizations backup policies of a
 * management stack, a table per plan (rule | schedule | worst-case RPO | warm / cold retention |
 * copies | vault lock), what each selection covers, and the stack's findings and suppressions.
 * The output depends only on the posture: same input, same bytes.
 */
import { configWarningKey, type PostureChange, type PostureDiff, type RemovedStackPosture } from './diff';
import { formatDays, lockWords, plural, retentionWords, silenceWindowWords, vaultWords, warmColdWords } from './format';
import type { Finding } from '../compliance/types';
import { FINDINGS_SHOWN_PER_RULE } from '../compliance/pack';
import { formatProblem } from '../config/issues';
import { warning } from '../core/problems';
import { firstFew } from '../core/order';
import type { ConfigWarning, CopyPosture, MatchedSuppression, PlanPosture, PolicyPlanPosture, PolicyPosture, Posture, RetentionPosture, RulePosture, StackPosture } from './posture-model';
import { formatMinutes } from '../core/rpo';
import { costMarkdown, usd } from './cost';
import { typesDependingOnRegionOptIn, typesIgnoringColdStorage } from './posture-parts';

/** First line of every report: pipelines find their previous comment by it. */
export const REPORT_MARKER = '<!-- backup-estate-report -->';

export interface MarkdownOptions {
  /** Changes against a base posture: regressions first, then improvements. */
  readonly diff?: PostureDiff;
  /** What the base was (a config file or synth dir), shown with the regressions. */
  readonly baseLabel?: string;
  /** Title. @default 'Backup posture' */
  readonly title?: string;
}

/** A table cell: no pipe or newline may break the row. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, '<br>');
}

function row(cells: readonly string[]): string {
  return `| ${cells.map(cell).join(' | ')} |`;
}

function accountNamesOf(posture: Posture): Map<string, string> {
  const names = new Map<string, string>();
  for (const stack of posture.stacks) if (!names.has(stack.accountId)) names.set(stack.accountId, stack.account);
  return names;
}

function summaryLine(posture: Posture, options: MarkdownOptions): string {
  const plans = posture.stacks.reduce((sum, stack) => sum + stack.plans.length, 0);
  const policyPlans = posture.stacks.reduce((sum, stack) => sum + stack.policies.reduce((inner, policy) => inner + policy.plans.length, 0), 0);
  // A partial synth's posture is not the estate's: said first, so that no one reads its counts as the whole.
  const stacks = posture.subset === undefined ? plural(posture.stacks.length, 'stack') : `${plural(posture.stacks.length, 'stack')} of a partial synth (${posture.subset}; the other stacks are not in this report)`;
  const parts = [stacks, plural(plans, 'plan')];
  if (policyPlans > 0) parts.push(plural(policyPlans, 'policy plan'));
  const { compliance } = posture;
  if (compliance.status === 'run') {
    parts.push(plural(compliance.errors, 'error'), plural(compliance.warnings, 'warning'));
    if (compliance.suppressedFindings > 0) parts.push(`${compliance.suppressedFindings} suppressed`);
    // The config's caveats beside the verdicts: a report with no finding is not clean while validate warned.
    if (compliance.configWarnings.length > 0) parts.push(plural(compliance.configWarnings.length, 'config warning'));
  } else if (compliance.status === 'unreadable') parts.push('compliance unreadable');
  else parts.push('compliance not run');
  if (options.diff) {
    parts.push(plural(options.diff.regressions.length, 'regression'));
    if (options.diff.removedStacks.length > 0) parts.push(`${plural(options.diff.removedStacks.length, 'stack')} removed`);
  } else parts.push('regressions not checked (no base)');
  return `**${parts.join(' · ')}**`;
}

function changesTable(changes: readonly PostureChange[]): string[] {
  return [
    '| stack | what | change | before -> after |',
    '| --- | --- | --- | --- |',
    ...changes.map((change) => row([`\`${change.stack}\``, change.subject, change.what, `${change.before} -> ${change.after}`])),
  ];
}

function removedStackHeld(stack: RemovedStackPosture): string {
  const parts = [stack.vaults.length === 0 ? 'no vault' : `vaults: ${stack.vaults.join(', ')}`, plural(stack.plans, 'plan')];
  if (stack.policies > 0) parts.push(`${stack.policies} Organizations backup polic${stack.policies === 1 ? 'y' : 'ies'}`);
  return parts.join(' · ');
}

/** The stacks the head no longer has: first, since nothing plans them any more. */
function removedStacksSection(removed: readonly RemovedStackPosture[], against: string): string[] {
  if (removed.length === 0) return [];
  return [
    `### Removed stacks (${removed.length}) against ${against}`,
    '',
    'No pipeline plans a stack that is no longer synthesized: what it created stays in AWS and in its Terraform state, managed by nothing, unless it was destroyed first. `backup-estate guard --base` blocks such a removal when the stack holds vaults, keys, locks or policies.',
    '',
    '| stack | kind | account · Region | what it held |',
    '| --- | --- | --- | --- |',
    ...removed.map((stack) => row([`\`${stack.stack}\``, stack.kind, `${stack.account} · ${stack.accountId} · ${stack.region}`, removedStackHeld(stack)])),
    '',
  ];
}

function diffSection(options: MarkdownOptions): string[] {
  const { diff } = options;
  if (!diff) return [];
  const against = options.baseLabel === undefined ? 'the base' : `\`${options.baseLabel}\``;
  const lines: string[] = [...removedStacksSection(diff.removedStacks, against)];
  if (diff.regressions.length === 0) lines.push(`No regression against ${against}.`, '');
  else lines.push(`### Regressions (${diff.regressions.length}) against ${against}`, '', ...changesTable(diff.regressions), '');
  if (diff.improvements.length > 0) lines.push(`### Improvements (${diff.improvements.length})`, '', ...changesTable(diff.improvements), '');
  if (diff.cost) lines.push(costChangeLine(diff.cost, against), '');
  return lines;
}

/** "Estimated monthly cost: $67.00 -> $95.00 (+$28.00) against ...", and what neither total holds. */
function costChangeLine(cost: NonNullable<PostureDiff['cost']>, against: string): string {
  const { before, after, unpricedBefore, unpricedAfter } = cost;
  // Totals of priced lines only: when lines are not priced, the change leaves them out.
  const unpriced = unpricedBefore + unpricedAfter > 0 ? ` Lines not priced, left out of both totals: ${unpricedBefore} before, ${unpricedAfter} after.` : '';
  if (before === null || after === null) return `Estimated monthly cost: ${before === null ? 'not estimated' : usd(before)} -> ${after === null ? 'not estimated' : usd(after)} against ${against}.${unpriced}`;
  const delta = after - before;
  const sign = delta > 0 ? '+' : delta < 0 ? '-' : '±';
  return `Estimated monthly cost: ${usd(before)} -> ${usd(after)} (**${sign}${usd(Math.abs(delta))}**) against ${against}.${unpriced}`;
}

/** Which vaults a silence alarm watches, and why the others are not watched. */
function silenceLines(stack: StackPosture): string[] {
  const watches = stack.silence ?? [];
  if (watches.length === 0) return [];
  return [
    'Silence alarms (no backup job completed in the vault for longer than its plans allow):',
    '',
    ...watches.map((watch) => {
      const plans = watch.plans.length > 0 ? ` (plan${watch.plans.length === 1 ? '' : 's'} ${watch.plans.map((plan) => `\`${plan}\``).join(', ')})` : ' (backup policy plans)';
      return watch.watched
        ? `- \`${watch.vault}\`${plans}: alarms ${silenceWindowWords(watch)}${watch.notifiesNoOne ? ', but **notifies no one** (no `alerts`)' : watch.unsubscribed ? ', but **notifies no one**: no subscription of its topic receives alarm notifications' : ''}${watch.plans.length > 1 ? `; these plans share this one alarm: one can stop unseen while another still completes jobs here` : ''}`
        : `- \`${watch.vault}\`${plans}: **not watched**: ${watch.reason ?? 'unknown'}`;
    }),
    '',
  ];
}

/**
 * Whether the Region settings let AWS Backup back up what the stack's plans select by tags, "*" or a
 * shared ARN shape ("If resource assignments are only based on tags, then service opt-in settings
 * are applied": UpdateRegionSettings). Settings the config does not manage are the account's own: not judged.
 */
function regionSettingsLines(stack: StackPosture): string[] {
  const depending = typesDependingOnRegionOptIn(stack.plans, { accountId: stack.accountId, region: stack.region });
  if (depending.length === 0) return [];
  const settings = stack.regionSettings;
  if (!settings) {
    return ['Region settings: **not managed by this config** (no `regionSettings`): the account\'s own opt-ins decide whether AWS Backup backs up what the plans here select by tags, `"*"`, an ARN of the service only (`arn:aws:ec2:*`), an ARN pattern of part of a type (`arn:aws:s3:::prod*`) or a shared ARN shape; not judged here.', ''];
  }
  const skipped = depending.filter((type) => !settings.optedIn.includes(type));
  if (skipped.length === 0) return ['Region settings: every resource type the plans here can select is opted in.', ''];
  return [`Region settings: **${skipped.join(', ')} opted out**: AWS Backup skips the resources of ${skipped.length === 1 ? 'this type' : 'these types'} that the plans here select by tags, \`"*"\`, an ARN of the service only (\`arn:aws:ec2:*\`), an ARN pattern of part of a type (\`arn:aws:s3:::prod*\`) or a shared ARN shape (no backup job, no failure).`, ''];
}

function suppressionWords(suppression: MatchedSuppression): string {
  const scope = [...(suppression.resource === undefined ? [] : [`on \`${suppression.resource}\``]), suppression.stack === undefined ? '(every stack)' : `in \`${suppression.stack}\``].join(' ');
  return `\`${suppression.rule}\` ${scope}: ${suppression.reason} (matched ${suppression.matched})`;
}

/** Terraform addresses of a stack's plans and vaults, as the names the report uses. */
function addressNames(stack: StackPosture | undefined): Map<string, string> {
  const names = new Map<string, string>();
  for (const plan of stack?.plans ?? []) names.set(plan.address, `plan \`${plan.name}\``);
  for (const vault of stack?.vaults ?? []) names.set(vault.address, `vault \`${vault.name}\``);
  for (const policy of stack?.policies ?? []) names.set(policy.address, `policy \`${policy.name}\``);
  return names;
}

function findingLine(finding: Finding, names: ReadonlyMap<string, string> = new Map()): string {
  const where = finding.address === '' ? '' : ` ${names.get(finding.address) ?? `\`${finding.address}\``}`;
  if (finding.suppressed) return `- suppressed ${finding.severity} \`${finding.ruleId}\`${where}: ${finding.message} (reason: ${finding.suppressed.reason})`;
  return `- **${finding.severity}** \`${finding.ruleId}\`${where}: ${finding.message}`;
}

/** A warning when compliance.json could not be read (at the top: the counts above are then unknown). */
function complianceNotice(posture: Posture): string[] {
  const { compliance } = posture;
  return compliance.status === 'unreadable' ? [`> compliance.json could not be read: ${compliance.problem ?? 'unknown problem'}`, ''] : [];
}

/** A warning when the plans' worst-case RPO leaves out the backup policies' jobs (at the top: every plan's RPO may then read too short). */
function policyJobsNotice(posture: Posture): string[] {
  if (posture.policyPlanJobs === undefined) return [];
  return [`> The plans' worst-case RPO does not count the jobs of the backup policies' plans that run beside them (${posture.policyPlanJobs}): a job of a policy plan selecting the same resources may hold them through a run's start window, which then makes no backup. Synthesize again to count them.`, ''];
}

/** Estate-wide compliance notes (at the end): suppressions for every stack, findings of unknown stacks. */
function complianceSection(posture: Posture): string[] {
  const { compliance } = posture;
  const everywhere = compliance.suppressions.filter((suppression) => suppression.stack === undefined);
  if (everywhere.length === 0 && compliance.otherFindings.length === 0) return [];
  const lines = ['### Compliance', ''];
  if (everywhere.length > 0) lines.push('Suppressions for every stack:', '', ...everywhere.map((suppression) => `- ${suppressionWords(suppression)}`), '');
  if (compliance.otherFindings.length > 0) lines.push('Findings of stacks not in rollout.json:', '', ...sortFindings(compliance.otherFindings).map((finding) => findingLine(finding)), '');
  return lines;
}

/**
 * The config's own warnings (at the end, after the findings), as validate prints them (formatProblem), in its order: a text
 * more than FINDINGS_SHOWN_PER_RULE fields share is one line naming them, as reportFindings does for a rule's findings.
 * With a base, a warning the base has not is marked new: a caveat, not a regression.
 */
function configWarningsSection(posture: Posture, options: MarkdownOptions): string[] {
  const warnings = posture.compliance.configWarnings;
  if (warnings.length === 0) return [];
  const isNew = new Set((options.diff?.newConfigWarnings ?? []).map(configWarningKey));
  const mark = (items: readonly ConfigWarning[]) => (items.some((item) => isNew.has(configWarningKey(item))) ? ` (new against ${options.baseLabel ?? 'the base'})` : '');
  const byText = new Map<string, ConfigWarning[]>();
  for (const item of warnings) {
    const same = byText.get(item.message);
    if (same) same.push(item);
    else byText.set(item.message, [item]);
  }
  const lines = ['### Config warnings', '', 'What `validate` warns about this config: caveats of the posture above (what AWS may do otherwise than the file says), not verdicts.', ''];
  for (const [message, items] of byText) {
    if (items.length <= FINDINGS_SHOWN_PER_RULE) {
      for (const item of items) lines.push(`- ${formatProblem(warning(item.path, item.message))}${mark([item])}`);
      continue;
    }
    const where = firstFew(items.map((item) => item.path || '(the file)'));
    lines.push(`- ${formatProblem(warning(where, message))} (${items.length} fields)${mark(items)}`);
  }
  lines.push('');
  return lines;
}

/** Open errors, then open warnings, then suppressed findings; otherwise in file order. */
function sortFindings(findings: readonly Finding[]): Finding[] {
  const rank = (finding: Finding) => (finding.suppressed ? 2 : finding.severity === 'error' ? 0 : 1);
  return findings.map((finding, index) => ({ finding, index })).sort((a, b) => rank(a.finding) - rank(b.finding) || a.index - b.index).map(({ finding }) => finding);
}

/** A copy AWS Backup does not make, whole or for some types (core/regions.ts copyNotMade): the cell must not read as a copy made. */
function notMadeWords(copy: CopyPosture): string {
  const { notMade } = copy;
  if (notMade === undefined) return '';
  if (notMade.types === undefined) return ` · **not made**: ${notMade.because}`;
  return ` · **not made of ${notMade.types.join(', ')}** (the types of the plan's selections AWS Backup does not copy here): ${notMade.because}`;
}

function copyCell(plan: PlanPosture, rule: RulePosture, accountId: string, accountNames: ReadonlyMap<string, string>): string {
  const { copies } = rule;
  // A dynamic "copy_action" block is expanded only at apply: no copy is certain.
  const dynamic = rule.dynamicCopies === true ? ['known only at apply (dynamic "copy_action" block)'] : [];
  if (copies.length === 0) return dynamic[0] ?? '–';
  return [...dynamic, ...copies]
    .map((copy) => {
      if (typeof copy === 'string') return copy;
      const lock = copy.destination.known ? ` · ${lockWords(copy.destination.lock, copy.destination.airGapped)}` : '';
      // The destination's full management (DynamoDB's cold storage) is its account's: not known here, not named (as the runbook's kept cell).
      return `${vaultWords(copy.destination, accountId, accountNames)}: ${withWarmTypes(plan, copy.retention, retentionWords(copy.retention), undefined, [copy.destination.region])}${lock}${notMadeWords(copy)}`;
    })
    .join('<br>');
}

function vaultCell(rule: RulePosture, accountId: string, accountNames: ReadonlyMap<string, string>): string {
  const { vault } = rule;
  if (vault.accountId === '$account') return `\`${vault.name}\` in each account`;
  if (!vault.known) return `\`${vault.name}\` (not in these stacks)`;
  const name = vault.accountId === accountId ? `\`${vault.name}\`` : vaultWords(vault, accountId, accountNames);
  return `${name} ${lockWords(vault.lock, vault.airGapped)}`;
}

/** A rule whose windows are references and whose RPO depends on them (a continuous rule's 5 minutes do not). */
const windowsDecideRpo = (rule: RulePosture): boolean => rule.windowsUnknown === true && !(rule.continuous && rule.rpo.basis === 'continuous');

function rpoCell(rule: RulePosture): string {
  if (windowsDecideRpo(rule)) return 'known only at apply (start_window or completion_window is a reference)';
  if (rule.rpo.minutes === null) return `unbounded${rule.rpo.note === undefined ? '' : ` (${rule.rpo.note})`}`;
  if (!rule.continuous) return formatMinutes(rule.rpo.minutes);
  // A continuous rule whose selections may reach types without continuous backup: those get snapshots on its schedule.
  if (rule.rpo.basis === 'continuous') return `${formatMinutes(rule.rpo.minutes)} (continuous)`;
  // Its continuous recovery point may lapse between runs: the runs count for every type.
  if (rule.continuousMayLapse === true) return `${formatMinutes(rule.rpo.minutes)} (its runs: the continuous recovery point, kept no longer than the time between them, may expire)`;
  return `${formatMinutes(rule.rpo.minutes)} (snapshots of types without continuous backup; 5 min for the others)`;
}

/** `words` of a retention in `regions`, and how long the types that ignore its cold storage stay warm (they do not move: AWS ignores the setting for them). */
function withWarmTypes(plan: PlanPosture, retention: RetentionPosture, words: string, fullyManaged: readonly string[] | undefined, regions: readonly string[]): string {
  const ignoring = typesIgnoringColdStorage(plan, retention, undefined, fullyManaged, regions);
  if (ignoring.length === 0 || retention.unknown !== undefined) return words;
  const which = ignoring.length <= 3 ? ignoring.join(', ') : 'types without cold storage';
  return `${words} (${which}: ${formatDays(retention.totalDays)} warm)`;
}

/** Warm / cold retention, and how long the types that ignore cold storage stay warm. */
function retentionCell(plan: PlanPosture, rule: RulePosture, fullyManaged?: readonly string[]): string {
  // A backup policy's plan runs in its Regions (its vault reads "each Region" when they are several).
  const regions = 'regions' in plan ? (plan as PolicyPlanPosture).regions : [rule.vault.region];
  return withWarmTypes(plan, rule.retention, warmColdWords(rule.retention), fullyManaged, regions);
}

function planTable(plan: PlanPosture, accountId: string, accountNames: ReadonlyMap<string, string>, fullyManaged?: readonly string[]): string[] {
  return [
    '| rule | schedule | worst-case RPO | warm / cold retention | copies | vault lock |',
    '| --- | --- | --- | --- | --- | --- |',
    ...plan.rules.map((rule) =>
      row([`\`${rule.name}\``, rule.continuous ? `continuous; ${rule.scheduleWords} (snapshots only of types without continuous backup)` : rule.scheduleWords, rpoCell(rule), retentionCell(plan, rule, fullyManaged), copyCell(plan, rule, accountId, accountNames), vaultCell(rule, accountId, accountNames)]),
    ),
  ];
}

function selectionLines(plan: PlanPosture): string[] {
  if (plan.selections.length === 0) return ['Selections: none (the plan backs up nothing).'];
  if (plan.selections.length === 1) {
    const only = plan.selections[0];
    return only ? [`Selection \`${only.name}\`: ${only.words}.`] : [];
  }
  return ['Selections:', '', ...plan.selections.map((selection) => `- \`${selection.name}\`: ${selection.words}`)];
}

/** `fullyManaged`: the stack's Region settings' fully managed types, when it sets them (DynamoDB's cold storage needs it). */
function planSection(heading: string, plan: PlanPosture, accountId: string, accountNames: ReadonlyMap<string, string>, fullyManaged?: readonly string[]): string[] {
  // Rules written as a dynamic "rule" block are expanded only at apply: neither the rules nor the RPO are known here.
  if (plan.dynamicRules === true) {
    const rules = plan.rules.length === 0 ? [] : [...planTable(plan, accountId, accountNames, fullyManaged), ''];
    return [`${heading} · worst-case RPO known only at apply (its rules are a Terraform dynamic "rule" block, expanded only at apply)`, '', ...rules, ...selectionLines(plan), ''];
  }
  const unknownWindows = plan.rules.filter(windowsDecideRpo).map((rule) => `\`${rule.name}\``);
  const rpo = unknownWindows.length > 0 ? `known only at apply (the windows of rule ${unknownWindows.join(', ')} are references)` : formatMinutes(plan.rpoMinutes);
  return [`${heading} · worst-case RPO ${rpo}`, '', ...planTable(plan, accountId, accountNames, fullyManaged), '', ...selectionLines(plan), ''];
}

function policySection(policies: readonly PolicyPosture[], accountNames: ReadonlyMap<string, string>): string[] {
  if (policies.length === 0) return [];
  const lines = [
    'Organizations backup policies:',
    '',
    '| policy | plans | Regions | targets |',
    '| --- | --- | --- | --- |',
    ...policies.map((policy) =>
      row([
        `\`${policy.name}\``,
        policy.plans.map((plan) => `\`${plan.name}\``).join(', ') || (policy.problem ?? 'none'),
        [...new Set(policy.plans.flatMap((plan) => plan.regions))].sort().join(', ') || '–',
        policy.targets.map((target) => (target.label === target.id ? target.id : `${target.label} (${target.id})`)).join(', ') || 'not attached',
      ]),
    ),
    '',
  ];
  for (const policy of policies) {
    for (const plan of policy.plans) lines.push(...planSection(`**Policy \`${policy.name}\` plan \`${plan.name}\`** (${plan.regions.join(', ')})`, plan, '$account', accountNames));
  }
  return lines;
}

function stackLine(stack: StackPosture): string {
  // The stack's own Region first, then the vaults it creates elsewhere (disaster recovery).
  const ordered = [...stack.vaults.filter((vault) => vault.region === stack.region), ...stack.vaults.filter((vault) => vault.region !== stack.region)];
  const vaults = ordered.map((vault) => `\`${vault.name}\`${vault.region === stack.region ? '' : ` (${vault.region})`} ${lockWords(vault.lock, vault.airGapped)}`);
  return `Stack \`${stack.name}\` (${stack.kind}) · ${vaults.length === 0 ? 'no vault' : `vaults: ${vaults.join(', ')}`}`;
}

function stackSection(stack: StackPosture, accountNames: ReadonlyMap<string, string>, hasPolicies: boolean): string[] {
  const lines = [`### ${stack.account} · ${stack.accountId} · ${stack.region}`, '', stackLine(stack), '', ...policySection(stack.policies, accountNames)];
  for (const plan of stack.plans) lines.push(...planSection(`**Plan \`${plan.name}\`**`, plan, stack.accountId, accountNames, stack.regionSettings?.fullyManaged));
  if (stack.plans.length === 0 && stack.kind === 'workload') {
    lines.push(hasPolicies ? 'No backup plan of its own: the Organizations backup policies attached to the account or its unit apply.' : 'No backup plan in this stack.', '');
  }
  lines.push(...regionSettingsLines(stack));
  lines.push(...silenceLines(stack));
  const names = addressNames(stack);
  if (stack.findings.length > 0) lines.push('Findings:', '', ...sortFindings(stack.findings).map((finding) => findingLine(finding, names)), '');
  if (stack.suppressions.length > 0) lines.push('Suppressions:', '', ...stack.suppressions.map((suppression) => `- ${suppressionWords(suppression)}`), '');
  return lines;
}

/** The posture (and its changes against a base) as Markdown for a pull request comment. */
export function postureMarkdown(posture: Posture, options: MarkdownOptions = {}): string {
  const accountNames = accountNamesOf(posture);
  const lines = [REPORT_MARKER, `## ${options.title ?? 'Backup posture'}`, '', summaryLine(posture, options), '', ...complianceNotice(posture), ...policyJobsNotice(posture), ...diffSection(options)];
  const hasPolicies = posture.stacks.some((stack) => stack.policies.length > 0);
  for (const stack of posture.stacks) lines.push(...stackSection(stack, accountNames, hasPolicies));
  if (posture.cost || posture.stacks.some((stack) => stack.plans.length > 0)) lines.push(...costMarkdown(posture.cost));
  lines.push(...complianceSection(posture), ...configWarningsSection(posture, options));
  while (lines[lines.length - 1] === '') lines.pop();
  return `${lines.join('\n')}\n`;
}

/** The posture and its diff as JSON (2-space indent, trailing newline); diff null without a base. */
export function postureJson(posture: Posture, diff?: PostureDiff): string {
  return `${JSON.stringify({ version: 1, posture, diff: diff ?? null }, null, 2)}\n`;
}
