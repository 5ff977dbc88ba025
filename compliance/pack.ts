/**
 * The backup rule pack and its evaluation over the synthesized JSON of one stack. Pure: the same
 * stack, facts, thresholds and suppressions always give the same findings, in the same order.
 */
import type { ComplianceRule, ComplianceThresholds, Finding, StackFacts, Suppression } from './types';
import { stackView } from './stack-view';
import { configPathOf } from './config-paths';
import { COMPLIANCE_DEFAULTS } from '../core/limits';
import { AWS_CONFIG_RULES } from './rules/aws-config';
import { SECURITY_HUB_RULES } from './rules/security-hub';
import { CHECKOV_RULES } from './rules/checkov';
import { BACKUP_ESTATE_RULES } from './rules/backup-estate';
import { compareStrings } from '../core/order';
import { importTargetFindings } from './imports';
import { policyPlanRpoFindings } from './policy-plan-rpo';
import type { Problem } from '../core/problems';

/** AWS Config's defaults: a backup at least every day, recovery points kept at least 35 days. */
export const DEFAULT_THRESHOLDS: Readonly<ComplianceThresholds> = COMPLIANCE_DEFAULTS;

export const BACKUP_RULE_PACK: readonly ComplianceRule[] = Object.freeze([...AWS_CONFIG_RULES, ...SECURITY_HUB_RULES, ...CHECKOV_RULES, ...BACKUP_ESTATE_RULES]);

/** Findings by stack, then address, then rule id (then message, for two findings of one rule on one resource). */
export function sortFindings(findings: readonly Finding[]): Finding[] {
  return [...findings].sort((a, b) => compareStrings(a.stack, b.stack) || compareStrings(a.address, b.address) || compareStrings(a.ruleId, b.ruleId) || compareStrings(a.message, b.message));
}

/** Problems of a suppression list: every suppression names a rule and gives a reason. */
export function checkSuppressions(suppressions: readonly Suppression[]): string[] {
  const problems: string[] = [];
  suppressions.forEach((suppression, index) => {
    const label = `suppressions[${index}]`;
    if (typeof suppression.rule !== 'string' || suppression.rule.trim() === '') problems.push(`${label}: rule must name a rule id`);
    if (typeof suppression.reason !== 'string' || suppression.reason.trim() === '') problems.push(`${label}${suppression.rule ? ` (${suppression.rule})` : ''}: reason must say why the finding is accepted`);
    for (const field of ['path', 'stack', 'resource'] as const) {
      const value = suppression[field];
      if (value !== undefined && (typeof value !== 'string' || value.trim() === '')) problems.push(`${label}: ${field}, when given, must be a non-empty string`);
    }
  });
  return problems;
}

/** True when `path` is `prefix` or a field below it (`plans.gold` covers `plans.gold.rules.daily`). */
const within = (path: string | undefined, prefix: string): boolean => path !== undefined && (path === prefix || path.startsWith(`${prefix}.`));

/**
 * True when the suppression covers the finding: same rule id, and, when it names them, the finding's
 * config path at or below its path, the same stack and the same resource address.
 */
export function suppressionMatches(suppression: Suppression, finding: Pick<Finding, 'ruleId' | 'stack' | 'address' | 'configPath'>): boolean {
  return (
    suppression.rule === finding.ruleId &&
    (suppression.path === undefined || within(finding.configPath, suppression.path)) &&
    (suppression.stack === undefined || suppression.stack === finding.stack) &&
    (suppression.resource === undefined || suppression.resource === finding.address)
  );
}

/** Packs and suppression lists already checked (each stack of an estate is evaluated with the same ones). */
const checkedPacks = new WeakSet<readonly ComplianceRule[]>();
const checkedSuppressions = new WeakSet<readonly Suppression[]>();

/** The distinct resource types of each rule, computed once per rule. */
const typesOfRule = new WeakMap<ComplianceRule, readonly string[]>();
function typesOf(rule: ComplianceRule): readonly string[] {
  let types = typesOfRule.get(rule);
  if (types === undefined) {
    types = [...new Set(rule.resourceTypes)];
    typesOfRule.set(rule, types);
  }
  return types;
}

function checkPack(pack: readonly ComplianceRule[]): void {
  if (checkedPacks.has(pack)) return;
  const seen = new Set<string>();
  for (const rule of pack) {
    if (seen.has(rule.id)) throw new Error(`compliance pack: rule id ${rule.id} appears twice`);
    seen.add(rule.id);
  }
  checkedPacks.add(pack);
}

/**
 * Runs every rule of the pack on every resource of its types in one synthesized stack
 * (`resource.<type>.<name>` maps and `provider.aws` blocks; `//` metadata ignored). Each
 * non-compliant result is a finding; the first matching suppression marks it suppressed with its
 * reason (it stays in the list). A rule that throws becomes an error finding of that rule.
 *
 * @throws Error when a suppression has no rule or no reason, or two rules share an id.
 */
export function evaluateStack(
  stackJson: unknown,
  facts: StackFacts,
  thresholds: ComplianceThresholds = DEFAULT_THRESHOLDS,
  suppressions: readonly Suppression[] = [],
  pack: readonly ComplianceRule[] = BACKUP_RULE_PACK,
): Finding[] {
  if (!checkedSuppressions.has(suppressions)) {
    const problems = checkSuppressions(suppressions);
    if (problems.length > 0) throw new Error(`invalid compliance suppressions:\n  ${problems.join('\n  ')}`);
    checkedSuppressions.add(suppressions);
  }
  checkPack(pack);
  const view = stackView(stackJson, facts, thresholds);
  const findings: Finding[] = [];
  for (const rule of pack) {
    for (const type of typesOf(rule)) {
      for (const resource of view.ofType(type)) {
        let message: string | undefined;
        let concerns: readonly string[] = [];
        let severity = rule.severity;
        try {
          const result = rule.check(resource, view);
          if (result.status === 'non-compliant') {
            message = result.message;
            concerns = result.rules ?? [];
            severity = result.severity ?? rule.severity;
          }
        } catch (cause) {
          severity = 'error';
          message = `the rule could not evaluate ${resource.address}: ${cause instanceof Error ? cause.message : String(cause)}`;
        }
        if (message === undefined) continue;
        const base = configPathOf(facts.kind, resource.constructPath);
        const [only] = concerns;
        const configPath = base !== undefined && concerns.length === 1 && only !== undefined && base.startsWith('plans.') ? `${base}.rules.${only}` : base;
        const finding: Finding = {
          ruleId: rule.id,
          severity,
          stack: facts.stack,
          address: resource.address,
          ...(configPath === undefined ? {} : { configPath }),
          message,
          description: rule.description,
          remediation: rule.remediation,
          source: rule.source,
        };
        const suppression = suppressions.find((candidate) => suppressionMatches(candidate, finding));
        findings.push(suppression ? { ...finding, suppressed: { reason: suppression.reason } } : finding);
      }
    }
  }
  for (const finding of [...importTargetFindings(view, facts), ...policyPlanRpoFindings(facts)]) {
    const suppression = suppressions.find((candidate) => suppressionMatches(candidate, finding));
    findings.push(suppression ? { ...finding, suppressed: { reason: suppression.reason } } : finding);
  }
  return sortFindings(findings);
}

/** How many findings each suppression matches (in the order given). */
export function suppressionUse(findings: readonly Finding[], suppressions: readonly Suppression[]): { suppression: Suppression; matched: number }[] {
  return suppressions.map((suppression) => ({ suppression, matched: findings.filter((finding) => suppressionMatches(suppression, finding)).length }));
}

/** Suppressions that match no finding: stale, or misspelled (rule id, stack or address). Pass the findings of every evaluated stack. */
export function unusedSuppressions(findings: readonly Finding[], suppressions: readonly Suppression[]): Suppression[] {
  return suppressionUse(findings, suppressions)
    .filter((use) => use.matched === 0)
    .map((use) => use.suppression);
}

/** Unsuppressed findings of severity error: the ones that should fail a pipeline. */
export const unsuppressedErrors = (findings: readonly Finding[]): Finding[] => findings.filter((finding) => finding.severity === 'error' && finding.suppressed === undefined);

/** A rule with more findings than this is summed up on one line (cli/report-problems.ts), as are config warnings of one text (the posture report). */
export const FINDINGS_SHOWN_PER_RULE = 3;

/**
 * The findings report as deterministic JSON (sorted findings, fixed key order, 2-space indent,
 * trailing newline): { version: 1, findings: [...], suppressions: [{ ...suppression, matched: n }],
 * configWarnings: [{ path, message }] }. configWarnings are the config's own warnings, in the order
 * validate prints them (config/issues.ts formatProblem): the caveats the posture report shows beside the findings.
 */
export function findingsJson(findings: readonly Finding[], suppressions: readonly Suppression[], configWarnings: readonly Problem[] = []): string {
  const report = {
    version: 1,
    findings: sortFindings(findings).map((finding) => ({
      ruleId: finding.ruleId,
      severity: finding.severity,
      stack: finding.stack,
      address: finding.address,
      ...(finding.configPath !== undefined ? { configPath: finding.configPath } : {}),
      message: finding.message,
      description: finding.description,
      remediation: finding.remediation,
      source: finding.source,
      ...(finding.suppressed ? { suppressed: { reason: finding.suppressed.reason } } : {}),
    })),
    suppressions: suppressionUse(findings, suppressions).map(({ suppression, matched }) => ({
      rule: suppression.rule,
      ...(suppression.path !== undefined ? { path: suppression.path } : {}),
      ...(suppression.stack !== undefined ? { stack: suppression.stack } : {}),
      ...(suppression.resource !== undefined ? { resource: suppression.resource } : {}),
      reason: suppression.reason,
      matched,
    })),
    configWarnings: configWarnings.map((problem) => ({ path: problem.path, message: problem.message })),
  };
  return `${JSON.stringify(report, null, 2)}\n`;
}
