/**
 * What a plan's selections must be for an Organizations backup policy to enforce it (section 8):
 * the policy grammar has tag selections (a tag key, its values, optional conditions) and resource
 * selections (resource type patterns, exclusions, optional conditions), never both in one plan,
 * and every selection uses each account's service role.
 */
import { error, Problem } from '../core/problems';
import type { NormalizedPlan } from './normalize';

export function checkPolicySelections(planKey: string, policyKey: string, plan: NormalizedPlan): Problem[] {
  const problems: Problem[] = [];
  const enforced = `plan "${planKey}" is enforced by backup policy ${policyKey}`;
  const byTags: string[] = [];
  const byResources: string[] = [];
  for (const [selectionKey, selection] of Object.entries(plan.selections)) {
    const path = `plans.${planKey}.selections.${selectionKey}`;
    const tags = Object.keys(selection.tags ?? {}).length > 0;
    const resources = (selection.resources ?? []).length > 0;
    if (selection.role !== undefined) problems.push(error(`${path}.role`, `${enforced}, whose selections use the service role every account creates: remove role`));
    if (tags && resources) {
      problems.push(error(path, `${enforced}: a backup policy selection takes tags or resources, not both (a backup plan ORs them; the policy grammar cannot): split it in two selections`));
    } else if (!resources && (selection.notResources ?? []).length > 0) {
      problems.push(error(`${path}.notResources`, `${enforced}: a backup policy's tag selections cannot exclude resources; select with resources (and conditions) to exclude some`));
    }
    if (tags) byTags.push(selectionKey);
    else if (resources) byResources.push(selectionKey);
  }
  if (byTags.length > 0 && byResources.length > 0) {
    problems.push(
      error(`plans.${planKey}.selections`, `${enforced}: a backup policy plan selects by tags or by resources, not both; ${byTags.join(', ')} select by tags and ${byResources.join(', ')} by resources`),
    );
  }
  return problems;
}
