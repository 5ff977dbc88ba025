/**
 * What a plan's selections must be for an Organizations backup policy to enforce it (section 8):
 * the policy grammar has tag selections (a tag key, its values, optional conditions) and resource
 * selections (resource type patterns, exclusions, optional conditions), never both in one plan,
 * and every selection uses each account's service role. The policy quotas count what the policy
 * builder makes of the plan: one tag selection per tag key of each config selection.
 */
import { POLICY_LIMITS } from '../core/limits';
import { error, Problem } from '../core/problems';
import type { NormalizedPlan } from './normalize';
import { policyTagSelections } from './policy-content';
import { DOCUMENTED_RESOURCE_TYPES } from '../policies/model';

/** True when a backup policy's resource_types can hold the ARN pattern as it is: "*" or a documented type pattern (any partition). */
const isPolicyResourceType = (arn: string): boolean => arn === '*' || (DOCUMENTED_RESOURCE_TYPES as readonly string[]).includes(arn.replace(/^arn:[^:]*:/, 'arn:aws:'));

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
    // resource_types holds type patterns: one table's ARN, or a prefix, would not mean what the config says.
    for (const field of ['resources', 'notResources'] as const) {
      (selection[field] ?? []).forEach((arn, index) => {
        if (isPolicyResourceType(arn)) return;
        problems.push(
          error(
            `${path}.${field}.${index}`,
            `${enforced}: "${arn}" is not "*" or a resource type a backup policy documents (such as arn:aws:dynamodb:*:*:table/*): a policy's resource_types select whole types in every account, not one resource; select it by tags or conditions, or run the plan from Terraform (accounts.<name>.plans)`,
          ),
        );
      });
    }
    if (tags) byTags.push(selectionKey);
    else if (resources) byResources.push(selectionKey);
  }
  // AWS Backup "Policy quotas": 10 resource selections that use tags per plan, 30 tags per resource selection.
  const tagSelections = policyTagSelections(plan);
  if (tagSelections.length > POLICY_LIMITS.maxTagSelectionsPerPlan) {
    problems.push(
      error(
        `plans.${planKey}.selections`,
        `${enforced}, which makes one tag selection per tag key of each selection: ${tagSelections.length} here; a backup policy plan accepts at most ${POLICY_LIMITS.maxTagSelectionsPerPlan} resource selections that use tags: use fewer tag keys, or split the plan`,
      ),
    );
  }
  for (const selection of tagSelections) {
    if (selection.tagValues.length <= POLICY_LIMITS.maxTagsPerSelection) continue;
    problems.push(
      error(
        `plans.${planKey}.selections.${selection.selectionKey}.tags.${selection.tagKey}`,
        `${enforced}: its ${selection.tagValues.length} values make one tag selection of ${selection.tagValues.length} tags; a backup policy selection accepts at most ${POLICY_LIMITS.maxTagsPerSelection} tags (each value counted as one tag: AWS's quota does not say how values count): split the values over several selections`,
      ),
    );
  }
  if (byTags.length > 0 && byResources.length > 0) {
    problems.push(
      error(`plans.${planKey}.selections`, `${enforced}: a backup policy plan selects by tags or by resources, not both; ${byTags.join(', ')} select by tags and ${byResources.join(', ')} by resources`),
    );
  }
  return problems;
}
