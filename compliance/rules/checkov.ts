/** Static mirrors of the Checkov checks on backup vaults and KMS keys. */
import type { ComplianceRule, StackResource, StackView } from '../types';
import { checkKeyRotation, ROTATION_REMEDIATION } from './aws-config';
import { checkVaultCmk, CMK_REMEDIATION } from './security-hub';
import { COMPLIANT, isRestrictedByCondition, isWildcardPrincipal, NOT_APPLICABLE, nonCompliant, parsePolicy, RESTRICTING_CONDITION_KEYS } from './helpers';
import * as ids from './ids';

export const ckvAws166VaultCmk: ComplianceRule = {
  id: ids.CHECKOV_CKV_AWS_166,
  severity: 'error',
  source: 'Checkov CKV_AWS_166',
  description: 'The backup vault is encrypted with a customer-managed KMS key (kms_key_arn set to a key ARN or a reference to an aws_kms_key).',
  remediation: CMK_REMEDIATION,
  resourceTypes: ['aws_backup_vault'],
  check: checkVaultCmk,
};

export const ckvAws7KeyRotation: ComplianceRule = {
  id: ids.CHECKOV_CKV_AWS_7,
  severity: 'error',
  source: 'Checkov CKV_AWS_7',
  description: 'Rotation is enabled for every symmetric customer-created KMS key.',
  remediation: ROTATION_REMEDIATION,
  resourceTypes: ['aws_kms_key'],
  check: (key) => checkKeyRotation(key),
};

/** aws_kms_key_policy resources attached to `key` (key_id referring to it). */
function keyPolicyResources(view: StackView, key: StackResource): StackResource[] {
  return view.ofType('aws_kms_key_policy').filter((policy) => view.referenced(policy.attributes.key_id)?.address === key.address);
}

export const ckvAws33NoWildcardPrincipal: ComplianceRule = {
  id: ids.CHECKOV_CKV_AWS_33,
  severity: 'error',
  source: 'Checkov CKV_AWS_33',
  description: `No Allow statement of a key policy has a wildcard principal ("*" or { AWS: "*" }, or a NotPrincipal) unless a positive condition on ${RESTRICTING_CONDITION_KEYS.join(', ')} restricts it.`,
  remediation: 'Name the principals in the key policy, or restrict the wildcard statement with a condition such as StringEquals aws:PrincipalOrgID or ArnEquals aws:PrincipalArn.',
  resourceTypes: ['aws_kms_key', 'aws_kms_key_policy'],
  check(resource) {
    const parsed = parsePolicy(resource.attributes.policy);
    if (parsed.kind === 'absent' || parsed.kind === 'reference') return NOT_APPLICABLE;
    if (parsed.kind === 'invalid') return nonCompliant(`the policy of ${resource.address} ${parsed.reason}`);
    const open = parsed.statements.filter(
      (statement) => statement.effect === 'Allow' && (statement.notPrincipal !== undefined || isWildcardPrincipal(statement.principal)) && !isRestrictedByCondition(statement.condition),
    );
    if (open.length === 0) return COMPLIANT;
    const names = open.map((statement) => (statement.sid !== undefined ? `"${statement.sid}"` : `#${parsed.statements.indexOf(statement) + 1}`));
    return nonCompliant(`the key policy of ${resource.address} allows any principal without a restricting condition (statement ${names.join(', ')})`);
  },
};

export const ckvAws227KeyEnabled: ComplianceRule = {
  id: ids.CHECKOV_CKV_AWS_227,
  severity: 'error',
  source: 'Checkov CKV_AWS_227',
  description: 'The KMS key is enabled (is_enabled is not false): a disabled vault key fails every backup, copy and restore that needs it.',
  remediation: 'Remove is_enabled = false (or set it to true).',
  resourceTypes: ['aws_kms_key'],
  check: (key) => (key.attributes.is_enabled === false ? nonCompliant(`${key.address} is disabled (is_enabled = false)`) : COMPLIANT),
};

export const ckv2Aws64KeyPolicyDefined: ComplianceRule = {
  id: ids.CHECKOV_CKV2_AWS_64,
  severity: 'warning',
  source: 'Checkov CKV2_AWS_64',
  description: 'The KMS key has an explicit key policy: its policy attribute, or an aws_kms_key_policy resource for it. Without one KMS applies the default policy, which lets every IAM principal of the account with kms:* permissions use the key.',
  remediation: 'Give the key a policy (keys created by backup-estate always have one).',
  resourceTypes: ['aws_kms_key'],
  check(key, view) {
    if (parsePolicy(key.attributes.policy).kind !== 'absent' || keyPolicyResources(view, key).length > 0) return COMPLIANT;
    return nonCompliant(`${key.address} has no key policy: KMS applies the default key policy`);
  },
};

/** A named IAM principal (not "*") in a statement's Principal.AWS. */
const namesPrincipal = (principal: unknown): boolean => {
  const aws = typeof principal === 'object' && principal !== null ? (principal as { AWS?: unknown }).AWS : undefined;
  return (Array.isArray(aws) ? aws : [aws]).some((value) => typeof value === 'string' && value.startsWith('arn:') && value !== '*');
};

export const ckvAws385SnsNoCrossAccount: ComplianceRule = {
  id: ids.CHECKOV_CKV_AWS_385,
  severity: 'warning',
  source: 'Checkov CKV_AWS_385',
  description: 'No Allow statement of an SNS topic policy grants a named IAM principal (an account root, a role, a user) without a Condition: such a grant stands open whoever the principal turns out to be.',
  remediation: 'Drop the statement (IAM policies already grant the topic\'s own account) or add a Condition such as aws:SourceAccount, aws:SourceArn or aws:PrincipalOrgID.',
  resourceTypes: ['aws_sns_topic_policy'],
  check(resource) {
    const parsed = parsePolicy(resource.attributes.policy);
    if (parsed.kind === 'absent' || parsed.kind === 'reference') return NOT_APPLICABLE;
    if (parsed.kind === 'invalid') return nonCompliant(`the policy of ${resource.address} ${parsed.reason}`);
    const open = parsed.statements.filter((statement) => statement.effect === 'Allow' && namesPrincipal(statement.principal) && Object.keys(statement.condition).length === 0);
    if (open.length === 0) return COMPLIANT;
    return nonCompliant(`the topic policy of ${resource.address} grants ${open.map((statement) => (statement.sid !== undefined ? `"${statement.sid}"` : `#${parsed.statements.indexOf(statement) + 1}`)).join(', ')} to a named principal without a condition`);
  },
};

export const CHECKOV_RULES: readonly ComplianceRule[] = [ckvAws166VaultCmk, ckvAws7KeyRotation, ckvAws33NoWildcardPrincipal, ckvAws227KeyEnabled, ckv2Aws64KeyPolicyDefined, ckvAws385SnsNoCrossAccount];
