import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { sortedEntries } from '../core/order';
import { ACCOUNT_ID_PATTERN, ORGANIZATIONAL_UNIT_ID_PATTERN } from '../core/limits';
import { error, isToken, Problem } from '../core/problems';
import { validatePolicyText } from '../policies/validate';
import { reportPropsProblems } from './props-problems';

export interface OrganizationBackupPolicyProps {
  /** 1-128 characters. */
  readonly policyName: string;
  /** @default none */
  readonly description?: string;
  /**
   * The BACKUP_POLICY document, JSON text. Checked with the same validator as `validate-policy`
   * and the config's policies (grammar, operators, schedules, lifecycles, limits): its errors are
   * the construct's.
   */
  readonly content: string;
  /** Attachment targets keyed by a stable name: OU, root or account ids (or references to them). At least one. */
  readonly targets: Readonly<Record<string, string>>;
  /**
   * A child policy merged with an inherited parent (AWS's Example 5): required keys it leaves out
   * are the parent's to set. @default false: the document must work on its own
   */
  readonly partial?: boolean;
}

/** AWS Organizations policy names: 1-128 characters (CreatePolicy Name). */
const POLICY_NAME_MAX = 128;

export function checkOrganizationBackupPolicyProps(props: OrganizationBackupPolicyProps): Problem[] {
  const problems: Problem[] = [];
  if (props.policyName.length === 0 || props.policyName.length > POLICY_NAME_MAX) {
    problems.push(error('policyName', `must be 1-${POLICY_NAME_MAX} characters; got ${props.policyName.length}`));
  }
  // A Terraform reference (Fn.jsonencode, a file read) is known only at apply: nothing to check here.
  const problemsOfContent = isToken(props.content) ? [] : validatePolicyText(props.content, { partial: props.partial });
  for (const problem of problemsOfContent) {
    if (problem.severity === 'error') problems.push(error('content', `${problem.path}: ${problem.message}`));
  }
  const targets = sortedEntries(props.targets);
  // Without an attachment the policy enforces nothing.
  if (targets.length === 0) problems.push(error('targets', 'must name at least one root, organizational unit or account'));
  for (const [name, targetId] of targets) {
    if (!isToken(targetId) && !ORGANIZATIONAL_UNIT_ID_PATTERN.test(targetId) && !ACCOUNT_ID_PATTERN.test(targetId)) {
      problems.push(error(`targets.${name}`, `"${targetId}" is not a root (r-...), organizational unit (ou-...) or account id`));
    }
  }
  return problems;
}

/** An AWS Organizations backup policy and its attachments (one resource per named target). */
export class OrganizationBackupPolicy extends Construct {
  readonly policy: OrganizationsPolicy;

  constructor(scope: Construct, id: string, props: OrganizationBackupPolicyProps) {
    super(scope, id);
    reportPropsProblems(this, `OrganizationBackupPolicy ${this.node.path}`, checkOrganizationBackupPolicyProps(props));
    this.policy = new OrganizationsPolicy(this, 'policy', {
      name: props.policyName,
      description: props.description,
      type: 'BACKUP_POLICY',
      // "${" would be a Terraform interpolation and "%{" a template directive: "$${" and "%%{" keep them literal.
      content: props.content.split('${').join('$${').split('%{').join('%%{'),
    });
    for (const [name, targetId] of sortedEntries(props.targets)) {
      new OrganizationsPolicyAttachment(this, `target-${name}`, { policyId: this.policy.id, targetId });
    }
  }
}
