/**
 * Free text of the config that reaches the stacks' JSON as written: tags, descriptions, the tag
 * values and conditions of selections, recovery point tags, restore metadata overrides, alert
 * endpoints and filter policies, audit control parameters. cdktf writes strings as given and
 * Terraform reads "${" and "%{" in any of them as the start of a template: a tag value
 * "team-${owner}" passed validate and synth, then `terraform validate` refused the stack ("Invalid
 * reference"). Refused at the field (templateTextProblem). Left out: what never reaches Terraform
 * (compliance, guard, adoption, $schema, policy file paths), fields whose own rules already refuse
 * the sequence (role paths and ARNs), and vault policy statements, which keep IAM policy variables
 * literal (modules/policy.ts terraformLiteral).
 */
import { templateTextProblem } from '../core/checks';
import { error, joinPath, type Problem } from '../core/problems';

/** Top-level sections that never reach a stack's JSON. */
const NOT_IN_STACKS = new Set(['$schema', 'compliance', 'guard', 'adoption']);

/** Paths (segments, * for any key) whose strings are not written as free text. */
const SKIPPED: readonly (readonly string[])[] = [
  ['organization', 'policies', '*', 'file'],
  ['vaults', '*', 'accessPolicy', 'statements'],
  ['organization', 'central', 'accessPolicy', 'statements'],
];

const skipped = (segments: readonly string[]): boolean =>
  SKIPPED.some((pattern) => pattern.length === segments.length && pattern.every((segment, index) => segment === '*' || segment === segments[index]));

export function checkTemplateText(config: unknown): Problem[] {
  const problems: Problem[] = [];
  const visit = (value: unknown, segments: readonly string[]): void => {
    if (segments.length === 1 && NOT_IN_STACKS.has(segments[0])) return;
    if (skipped(segments)) return;
    const path = joinPath(...segments);
    if (typeof value === 'string') {
      const problem = templateTextProblem(value);
      if (problem) problems.push(error(path, problem));
      return;
    }
    if (value === null || typeof value !== 'object') return;
    for (const [key, child] of Object.entries(value)) {
      // A map key is written as given too (a tag key): the key's own path names it.
      const keyProblem = Array.isArray(value) ? undefined : templateTextProblem(key);
      if (keyProblem) problems.push(error(joinPath(path, key), `key ${keyProblem}`));
      visit(child, [...segments, key]);
    }
  };
  visit(config, []);
  return problems;
}
