/**
 * Config sections about who may undo the protection of vaults and keys (security, the
 * organization's service control policy), vaults this config targets without creating them
 * (existingVaults), logically air-gapped vaults in workload accounts, extra vault policy statements
 * and the AWS Backup global settings. Field-level limits here; rules across fields in
 * ./protection-rules.ts.
 */
import { z } from 'zod';
import { AIR_GAPPED_MIN_RETENTION_DAYS, LOCK_LIMITS, NAME_RULES } from '../core/limits';
import { CONDITION_OPERATOR, ORGANIZATIONS_POLICY_LIMITS, POLICY_SID_PATTERN, SCP_LIMITS } from '../core/service-limits';
import { configKey, days, keyedMap, principalArn, roleArn } from './schema-primitives';

/** A backup vault ARN of a known shape (the Region and partition are checked by ./partition-rules.ts). */
export const BACKUP_VAULT_ARN_FIELD = /^arn:aws[a-z-]*:backup:[a-z0-9-]+:\d{12}:backup-vault:[A-Za-z0-9_-]{2,50}$/;

export const securitySchema = z
  .strictObject({
    deployRoleArn: roleArn
      .optional()
      .describe(
        'Single-account estates: the role Terraform applies the stacks with (not assumed: the stacks run with the ambient credentials, which must be this role). Exempt, like the break-glass principals, from the denies of vault and key policies, and then the only other principal that may replace a vault key policy. In an organization each account\'s deploy role plays this part. Default none: key policies deny deletion and disabling but leave kms:PutKeyPolicy to the key administrators, and vault policies leave their own removal alone, so nobody is locked out.',
      ),
    breakGlassPrincipals: z
      .array(principalArn)
      .default([])
      .describe('Principal ARNs (wildcards allowed, matched with ArnLike) exempt from every deny backup-estate writes (vault policies, key policies, the service control policy), beside each vault\'s own break-glass principals. Default none.'),
    protectKeys: z
      .boolean()
      .default(true)
      .describe('The policies of the keys backup-estate creates (vault keys, the alerts topic key, the report bucket key) deny kms:ScheduleKeyDeletion and kms:DisableKey (and kms:PutKeyPolicy when a deployment role is known) to every principal, the account root included, but the break-glass principals and the deployment role: a disabled vault key makes its recovery points unrestorable, a disabled topic key silences every alert. Default true.'),
    serviceControlPolicy: z
      .strictObject({
        enabled: z.boolean().default(true).describe('Create and attach the policy. Default true.'),
        name: z.string().regex(ORGANIZATIONS_POLICY_LIMITS.name.pattern, { error: `must be ${ORGANIZATIONS_POLICY_LIMITS.name.describe}` }).default('backup-estate-vault-protection').describe('Policy name. Default backup-estate-vault-protection.'),
        targets: z
          .array(configKey)
          .min(1, { error: 'must name at least one organizational unit or account' })
          .optional()
          .describe('Keys of organization.units or of accounts it is attached to. Default the unit of every account but the management account (the account itself when it has no unit).'),
        otherPoliciesPerTarget: z
          .int()
          .min(0, { error: 'must be at least 0' })
          .default(SCP_LIMITS.defaultOtherPoliciesPerTarget)
          .describe(`Service control policies attached directly to each target besides this one, FullAWSAccess included (AWS allows ${SCP_LIMITS.policiesPerTarget}). Default ${SCP_LIMITS.defaultOtherPoliciesPerTarget}.`),
      })
      .optional()
      .describe(
        `Organizations only: a service control policy (at most ${SCP_LIMITS.maxDocumentCharacters} characters) that denies deleting or weakening backup vaults, their locks and access policies, recovery points and vault keys to every principal of the targeted accounts but the break-glass principals and the deployment roles. Default enabled.`,
      ),
  })
  .describe('Who may still undo the protection of vaults and keys: the deployment role and the break-glass principals.');

export const globalSettingsSchema = z
  .strictObject({
    crossAccountBackup: z
      .boolean()
      .describe('isCrossAccountBackupEnabled: lets the accounts of the organization copy recovery points into each other\'s vaults. AWS accepts it only from the organization\'s management account.'),
  })
  .describe('AWS Backup global settings, created by the primary stack (single account: the account must be its organization\'s management account) or the management stack. Default in an organization: cross-account backup on when organization.central is set.');

export const existingVaultSchema = z
  .strictObject({
    name: z.string().optional().describe(`Name of a vault in the account and Region where the plan runs (the Default vault, one created by hand), ${NAME_RULES.vault.describe}. Give name or arn.`),
    arn: z
      .string()
      .regex(BACKUP_VAULT_ARN_FIELD, { error: 'must be a backup vault ARN such as arn:aws:backup:eu-west-1:111122223333:backup-vault:Default' })
      .optional()
      .describe('ARN of a vault in any account and Region (a copy destination, or a rule target in the plan\'s own account and Region). Give name or arn.'),
  })
  .describe('A vault the config names as a rule target or copy destination but does not create: its lock is unknown to the checks.');

export const existingVaultsSchema = keyedMap(existingVaultSchema)
  .default({})
  .describe('Vaults this config does not create, keyed by name, for rule targets (vault:) and copies: the Default vault, a vault of another team, account or Region. Default none.');

/** vaults.<name>.airGapped */
export const airGappedSchema = z
  .strictObject({
    minRetentionDays: days('minRetentionDays')
      .min(AIR_GAPPED_MIN_RETENTION_DAYS, { error: `must be at least ${AIR_GAPPED_MIN_RETENTION_DAYS}` })
      .describe(`Shortest retention of a recovery point copied in, at least ${AIR_GAPPED_MIN_RETENTION_DAYS}.`),
    maxRetentionDays: days('maxRetentionDays')
      .max(LOCK_LIMITS.maxRetentionDays.max, { error: `must be at most ${LOCK_LIMITS.maxRetentionDays.max}` })
      .describe(`Longest retention, at least minRetentionDays, at most ${LOCK_LIMITS.maxRetentionDays.max}.`),
  })
  .optional()
  .describe('Make this a logically air-gapped vault (AWS-owned encryption, compliance-locked to this range): a copy destination only (provider 5.100.0 has no rule target for it); no kmsKey, kmsKeyArn or lock.');

const conditionValues = z.union([z.string(), z.array(z.string()).min(1)]);

const vaultPolicyStatementSchema = z.strictObject({
  effect: z.enum(['Allow', 'Deny']).describe('Allow or Deny.'),
  principals: z
    .union([z.literal('*'), z.strictObject({ aws: z.array(z.string()).optional().describe('Account ids or IAM principal ARNs (no wildcard).'), service: z.array(z.string()).optional().describe('Service principals such as backup.amazonaws.com.') })])
    .describe('"*" (an Allow then needs a condition that restricts the principal, such as StringEquals aws:PrincipalOrgID) or { aws: [...], service: [...] }.'),
  actions: z.array(z.string()).min(1, { error: 'must name at least one action' }).describe('backup:<Action> names; vault policies take no wildcard.'),
  resources: z.array(z.string()).optional().describe('Default "*" (the vault and its recovery points).'),
  conditions: z
    .record(z.string().regex(CONDITION_OPERATOR, { error: 'is not an IAM condition operator such as StringEquals, ArnLike or ForAnyValue:StringLike' }), z.record(z.string().min(1), conditionValues))
    .optional()
    .describe('IAM conditions: operator: { key: value or [values] }.'),
});

/** vaults.<name>.accessPolicy.statements */
export const vaultPolicyStatementsSchema = z
  .record(z.string().regex(POLICY_SID_PATTERN, { error: 'statement ids are 1-100 letters and digits' }), vaultPolicyStatementSchema)
  .optional()
  .describe('Statements added to the access policy, keyed by statement id (Sid), after backup-estate\'s denies; an Allow cannot lift a deny. Cross-account Allows may grant backup:CopyIntoBackupVault only. Default none.');
