/**
 * Types of the compliance rule pack: static checks over the synthesized Terraform JSON of one
 * stack, in the style of cdk-nag v2 (rules with ids, severities and remediation; findings that a
 * suppression with a reason can silence).
 */
import type { ProviderBlock, TerraformResource, TerraformStackJson } from '../core/terraform-json';
import type { ComplianceThresholds, StackKind, Suppression } from '../config/estate-model';
import type { SelectionSpec } from '../core/selection';
import type { RpoInput } from '../core/rpo';

/** The rule pack's thresholds and suppressions come from the config, through the estate model. */
export type { ComplianceThresholds, Suppression };

export type FindingSeverity = 'error' | 'warning';

/**
 * A rule's verdict on one resource. A non-compliant result about a plan may name the plan rules
 * (rule_name) it concerns: a finding about exactly one rule points at that rule's config path.
 */
export type RuleResult =
  | { status: 'compliant' }
  | { status: 'not-applicable' }
  /** `severity`: lower than the rule's when the rule cannot confirm the problem, only not rule it out (a lock the facts leave unknown). */
  | { status: 'non-compliant'; message: string; rules?: readonly string[]; severity?: FindingSeverity };

/** A synthesized resource (see core/terraform-json). */
export type StackResource = TerraformResource;

export interface StackFacts {
  stack: string;
  kind: StackKind;
  region: string;
  accountId: string;
  /** plan name -> declared RPO target hours */
  rpoTargetHours: Record<string, number>;
  /** vault name -> lock range, for vaults outside this stack (e.g. the central vault). A vault ARN is accepted as key too and wins over the name. */
  externalLocks: Readonly<Record<string, { min: number; max?: number }>>;
  /**
   * True when externalLocks names every locked vault outside this stack (estateFacts lists the
   * estate's), so a vault it leaves out has no lock. @default false: a vault outside the stack
   * that externalLocks leaves out may be locked, and the lock rules say that it is unknown.
   */
  externalLocksComplete?: boolean;
  /** Names and ARNs of existing vaults (config existingVaults) the stack's plans use: whether they are locked is unknown. */
  unknownLockVaults?: readonly string[];
  /** ARNs of logically air-gapped vaults of other stacks the stack's plans copy into (AWS makes no copy across into one from or to some Regions). */
  airGappedVaults?: readonly string[];
  /** Plans Organizations backup policies run in the stack (not in its JSON): their selections, and their snapshot rules as AWS runs them, whose jobs may hold a resource a plan of the stack selects too (core/plan-contention.ts). */
  policyPlanJobs?: readonly { readonly selections: readonly SelectionSpec[]; readonly rules: readonly RpoInput[]; readonly continuous: boolean }[];
  /** The worst-case RPO here of each plan a backup policy runs in the stack that declares rpoTargetHours (compliance/policy-plan-rpo.ts). */
  policyPlanRpo?: readonly { readonly name: string; readonly key: string; readonly targetHours: number; readonly minutes: number | null; readonly explanation: string }[];
}

export interface ComplianceRule {
  id: string;
  severity: FindingSeverity;
  description: string;
  remediation: string;
  /** Terraform types it checks */
  resourceTypes: readonly string[];
  /** e.g. 'AWS Config backup-plan-min-frequency-and-min-retention-check', 'Security Hub Backup.1', 'Checkov CKV_AWS_166', 'backup-estate' */
  source: string;
  check(resource: StackResource, stack: StackView): RuleResult;
}

/** One `provider.aws` block of the stack. */
export type ProviderView = ProviderBlock;

export interface StackView extends Omit<TerraformStackJson, 'regionOf'> {
  facts: StackFacts;
  thresholds: ComplianceThresholds;
  /** The Region a resource lives in: its provider's Region, else facts.region. */
  regionOf(resource: StackResource): string;
}

export interface Finding {
  ruleId: string;
  severity: FindingSeverity;
  stack: string;
  address: string;
  /** The config field the resource comes from (plans.gold, plans.gold.rules.daily, vaults.main...), when known. */
  configPath?: string;
  message: string;
  description: string;
  remediation: string;
  source: string;
  suppressed?: { reason: string };
}
