import { Construct } from 'constructs';
import { OrganizationsPolicy } from '@cdktf/provider-aws/lib/organizations-policy';
import { OrganizationsPolicyAttachment } from '@cdktf/provider-aws/lib/organizations-policy-attachment';
import { sortedEntries } from '../core/order';
import { ACCOUNT_ID_PATTERN, ORGANIZATIONAL_UNIT_ID_PATTERN } from '../core/limits';
import { ORGANIZATIONS_POLICY_LIMITS } from '../core/service-limits';
import { error, isToken, Problem } from '../core/problems';
import { validatePolicyText } from '../policies/validate';
import { reportPropsProblems } from './props-problems';
import { terraformLiteral } from './policy';

export interface OrganizationBackupPolicyProps {
  /** 1-128 printable ASCII characters, not starting with a space. */
  readonly policyName: string;
  /** At most 512 characters. @default none */
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

/**
 * What AWS Organizations takes of any policy and its attachments, backup policy or service control
 * policy (ORGANIZATIONS_POLICY_LIMITS, which the config schema reads too): the name, the
 * description, and at least one target, each a root, unit or account id, each once (a second
 * attachment of one policy to one target is refused: DuplicatePolicyAttachmentException).
 */
export function checkOrganizationsPolicyProps(props: Pick<OrganizationBackupPolicyProps, 'policyName' | 'description' | 'targets'>): Problem[] {
  const problems: Problem[] = [];
  const { name, descriptionMaxLength } = ORGANIZATIONS_POLICY_LIMITS;
  if (!isToken(props.policyName) && !name.pattern.test(props.policyName)) problems.push(error('policyName', `must be ${name.describe}; got "${props.policyName}"`));
  if (props.description !== undefined && !isToken(props.description) && props.description.length > descriptionMaxLength) {
    problems.push(error('description', `must be at most ${descriptionMaxLength} characters; got ${props.description.length}`));
  }
  const targets = sortedEntries(props.targets);
  // Without an attachment the policy enforces nothing.
  if (targets.length === 0) problems.push(error('targets', 'must name at least one root, organizational unit or account'));
  for (const [key, targetId] of targets) {
    if (!isToken(targetId) && !ORGANIZATIONAL_UNIT_ID_PATTERN.test(targetId) && !ACCOUNT_ID_PATTERN.test(targetId)) {
      problems.push(error(`targets.${key}`, `"${targetId}" is not a root (r-...), organizational unit (ou-...) or account id`));
    }
  }
  problems.push(...checkDuplicateTargets(props.targets));
  return problems;
}

/**
 * Targets (key -> root, unit or account id) naming one id twice: a second attachment of one policy
 * to one target is refused (DuplicatePolicyAttachmentException). The config asks this alone: its
 * other target problems are its own rules'.
 */
export function checkDuplicateTargets(targets: Readonly<Record<string, string>>): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const [key, targetId] of sortedEntries(targets)) {
    if (isToken(targetId)) continue;
    const first = seen.get(targetId);
    if (first !== undefined) problems.push(error(`targets.${key}`, `attaches the policy a second time to ${targetId} (${first} names it too): AWS Organizations refuses it (DuplicatePolicyAttachmentException)`));
    else seen.set(targetId, key);
  }
  return problems;
}

export function checkOrganizationBackupPolicyProps(props: OrganizationBackupPolicyProps): Problem[] {
  const problems: Problem[] = checkOrganizationsPolicyProps(props);
  // A Terraform reference (Fn.jsonencode, a file read) is known only at apply: nothing to check here.
  const problemsOfContent = isToken(props.content) ? [] : validatePolicyText(props.content, { partial: props.partial });
  for (const problem of problemsOfContent) {
    if (problem.severity === 'error') problems.push(error('content', `${problem.path}: ${problem.message}`));
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
      // "${" and "%{" literal, a Terraform reference (Fn.file, Fn.jsonencode) kept one: modules/policy.ts terraformLiteral.
      content: terraformLiteral(props.content),
    });
    for (const [name, targetId] of sortedEntries(props.targets)) {
      new OrganizationsPolicyAttachment(this, `target-${name}`, { policyId: this.policy.id, targetId });
    }
  }
}
