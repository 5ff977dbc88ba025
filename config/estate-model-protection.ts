/**
 * Parts of the estate model (./estate-model.ts) about insider-proofing and report plans: the deny
 * in vault key policies, the organization's service control policy, report plans of the config.
 */
import type { ReportTemplate } from '../modules/report-plans';

/** Who a vault key's deny of deletion and disabling exempts. */
export interface KeyProtectionModel {
  readonly breakGlassPrincipals: readonly string[];
  /** Set: kms:PutKeyPolicy is denied to all but it and the break-glass principals. */
  readonly deployRoleArn?: string;
}

/** The SCP of the management stack (modules/vault-protection-policy.ts). */
export interface VaultProtectionPolicyModel {
  readonly name: string;
  readonly partition: string;
  readonly exemptPrincipals: readonly string[];
  readonly keyAliases: readonly string[];
  /** The service role every account runs plans with and the restore testing role the stacks create (ARN patterns): their IAM changes are denied. */
  readonly backupRoles: readonly string[];
  /** The service role's permissions boundary when it is a customer managed policy: new versions and deletion are denied. */
  readonly backupRoleBoundaries: readonly string[];
  /** Attachment targets: config key and OU, root or account id. */
  readonly targets: readonly { readonly key: string; readonly targetId: string }[];
  readonly otherPoliciesPerTarget: number;
}

/** One report plan of the config's audit.reportPlans, resolved for a stack. */
export interface ReportPlanModel {
  readonly key: string;
  readonly name: string;
  readonly template: ReportTemplate;
  readonly description?: string;
  readonly formats: readonly string[];
  /** Framework ARNs; ['<framework>'] stands for the stack's own framework (a reference). */
  readonly frameworkArns?: readonly string[];
  readonly accounts?: readonly string[];
  readonly organizationUnits?: readonly string[];
  readonly regions?: readonly string[];
}

/** In ReportPlanModel.frameworkArns: the stack's own framework. */
export const OWN_FRAMEWORK = '<framework>';
