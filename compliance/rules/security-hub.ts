/** Static mirrors of the AWS Security Hub controls Backup.1-5 and KMS.4. */
import type { ComplianceRule, RuleResult, StackResource, StackView } from '../types';
import { checkKeyRotation, ROTATION_REMEDIATION } from './aws-config';
import { COMPLIANT, isTagged, isToken, NOT_APPLICABLE, nonCompliant, onKnownRules, planLabel, planRules } from './helpers';
import { KMS_KEY_ARN_PATTERN } from '../../core/limits';
import * as ids from './ids';

/**
 * The vault's kms_key_arn names a customer-managed key: a reference to an aws_kms_key of the
 * stack or a KMS key ARN. Absent means the AWS managed key (aws/backup); an alias ARN cannot be
 * told apart from alias/aws/backup; other references (data sources, variables) are unknown here.
 */
export function checkVaultCmk(vault: StackResource, view: StackView): RuleResult {
  const value = vault.attributes.kms_key_arn;
  if (value === undefined || value === null || value === '') return nonCompliant(`${vault.address} has no kms_key_arn: its recovery points are encrypted with the AWS managed key aws/backup`);
  const referenced = view.referenced(value);
  if (referenced?.type === 'aws_kms_key') return COMPLIANT;
  if (typeof value === 'string' && KMS_KEY_ARN_PATTERN.test(value)) return COMPLIANT;
  if (isToken(value) && referenced === undefined) return NOT_APPLICABLE;
  return nonCompliant(`kms_key_arn of ${vault.address} (${String(value)}) is not a customer-managed KMS key (a key ARN or a reference to an aws_kms_key)`);
}

export const CMK_REMEDIATION = 'Encrypt the vault with a customer-managed key: leave kmsKey and kmsKeyArn unset for a dedicated key, or name a shared key (kmsKey) or an existing key ARN (kmsKeyArn).';

export const backup1RecoveryPointsEncrypted: ComplianceRule = {
  id: ids.SECURITY_HUB_BACKUP_1,
  severity: 'error',
  source: 'Security Hub Backup.1',
  description:
    'Recovery points are encrypted at rest with a customer-managed KMS key: the vault\'s kms_key_arn is a reference to an aws_kms_key or a KMS key ARN. Stricter than Security Hub\'s Backup.1, which passes the AWS managed key too; and Security Hub also fails recovery points of types that inherit an unencrypted source\'s encryption (EBS, RDS), which Terraform does not show.',
  remediation: CMK_REMEDIATION,
  resourceTypes: ['aws_backup_vault'],
  check: checkVaultCmk,
};

export const backup2RecoveryPointsTagged: ComplianceRule = {
  id: ids.SECURITY_HUB_BACKUP_2,
  severity: 'warning',
  source: 'Security Hub Backup.2',
  description:
    'Recovery points are tagged: every rule sets recovery_point_tags. Provider default tags do not count: they tag the plan, not the recovery points it creates.',
  remediation: 'Set recoveryPointTags on every rule (e.g. { retention: 35d }).',
  resourceTypes: ['aws_backup_plan'],
  check: onKnownRules('whether its rules tag recovery points', (plan) => {
    const rules = planRules(plan).filter((rule) => !rule.tagsRecoveryPoints);
    if (rules.length === 0) return COMPLIANT;
    // A reference is known only at apply and may be an empty map: never read as tagged.
    const untagged = rules.filter((rule) => rule.recoveryPointTagsUnknown !== true);
    const unknown = rules.filter((rule) => rule.recoveryPointTagsUnknown === true);
    const names = (list: readonly { name: string }[]): string => `rule${list.length > 1 ? 's' : ''} ${list.map((rule) => rule.name).join(', ')}`;
    return nonCompliant(
      [
        ...(untagged.length > 0 ? [`${names(untagged)} of ${planLabel(plan)} set${untagged.length > 1 ? '' : 's'} no recovery_point_tags`] : []),
        ...(unknown.length > 0 ? [`${names(unknown)} of ${planLabel(plan)} set${unknown.length > 1 ? '' : 's'} recovery_point_tags to a reference known only at apply, which may be empty`] : []),
      ].join('; '),
      rules.map((rule) => rule.name),
    );
  }),
};

function taggedRule(id: string, source: string, what: string, types: readonly string[], remediation: string): ComplianceRule {
  return {
    id,
    severity: 'warning',
    source,
    description: `${what} are tagged: the resource has tags, or its provider sets default_tags (tags that are a reference, known only at apply, may be an empty map: a finding).`,
    remediation,
    resourceTypes: types,
    check: (resource, view) => {
      const tagged = isTagged(view, resource);
      if (tagged === 'tagged') return COMPLIANT;
      // Tags known only at apply may be an empty map: never read as tagged.
      return nonCompliant(`${resource.address} ${tagged === 'unknown' ? 'has tags known only at apply (a reference, which may be empty)' : 'has no tags'} and its provider sets no default_tags`);
    },
  };
}

export const backup3VaultsTagged = taggedRule(
  ids.SECURITY_HUB_BACKUP_3,
  'Security Hub Backup.3',
  'Backup vaults',
  ['aws_backup_vault', 'aws_backup_logically_air_gapped_vault'],
  'Set tags: at the top of the config (provider default tags) or on the vault.',
);

export const backup4ReportPlansTagged = taggedRule(
  ids.SECURITY_HUB_BACKUP_4,
  'Security Hub Backup.4',
  'Backup report plans',
  ['aws_backup_report_plan'],
  'Set tags: at the top of the config (provider default tags).',
);

export const backup5PlansTagged = taggedRule(
  ids.SECURITY_HUB_BACKUP_5,
  'Security Hub Backup.5',
  'Backup plans',
  ['aws_backup_plan'],
  'Set tags: at the top of the config (provider default tags) or on the plan.',
);

export const kms4KeyRotation: ComplianceRule = {
  id: ids.SECURITY_HUB_KMS_4,
  severity: 'error',
  source: 'Security Hub KMS.4',
  description: 'AWS KMS key rotation is enabled for every symmetric customer-managed key.',
  remediation: ROTATION_REMEDIATION,
  resourceTypes: ['aws_kms_key'],
  check: (key) => checkKeyRotation(key),
};

export const SECURITY_HUB_RULES: readonly ComplianceRule[] = [
  backup1RecoveryPointsEncrypted,
  backup2RecoveryPointsTagged,
  backup3VaultsTagged,
  backup4ReportPlansTagged,
  backup5PlansTagged,
  kms4KeyRotation,
];
