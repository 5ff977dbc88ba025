/**
 * Types of the compliance rule pack: static checks over the synthesized Terraform JSON of one
 * stack, in the style of cdk-nag v2 (rules with ids, severities and remediation; findings that a
 * suppression with a reason can silence).
 */

export type FindingSeverity = 'error' | 'warning';

export type RuleResult = { status: 'compliant' } | { status: 'not-applicable' } | { status: 'non-compliant'; message: string };

/** A synthesized resource: Terraform type, name (address = type.name) and attributes as synthesized (references stay as "${...}" strings). */
export interface StackResource {
  type: string;
  name: string;
  address: string;
  attributes: Record<string, unknown>;
}

export interface ComplianceThresholds {
  /** Shortest retention (days) a rule or copy may keep recovery points (AWS Config default 35). */
  minRetentionDays: number;
  /** Longest time (hours) between two scheduled backups of a plan's best rule (AWS Config default 1 day = 24). */
  maxFrequencyHours: number;
}

export interface StackFacts {
  stack: string;
  kind: 'workload' | 'central' | 'management';
  region: string;
  accountId: string;
  /** plan name -> declared RPO target hours */
  rpoTargetHours: Record<string, number>;
  /** vault name -> lock range, for vaults outside this stack (e.g. the central vault). A vault ARN is accepted as key too and wins over the name. */
  externalLocks: Readonly<Record<string, { min: number; max?: number }>>;
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

/** One `provider.aws[]` block of the stack. */
export interface ProviderView {
  /** undefined for the default provider. */
  alias?: string;
  region?: string;
  /** `default_tags[].tags`, merged ({} when none). */
  defaultTags: Readonly<Record<string, string>>;
}

export interface StackView {
  facts: StackFacts;
  thresholds: ComplianceThresholds;
  resources: readonly StackResource[];
  byAddress(address: string): StackResource | undefined;
  /** resolves "${aws_x.y.attr}" to the referenced resource */
  referenced(value: unknown): StackResource | undefined;
  /** Resources of one Terraform type, sorted by address. */
  ofType(type: string): readonly StackResource[];
  /** The stack's `provider.aws` blocks. */
  providers: readonly ProviderView[];
  /** The provider a resource uses (`provider = "aws.<alias>"`, else the default one). */
  providerOf(resource: StackResource): ProviderView | undefined;
  /** The Region a resource lives in: its provider's Region, else facts.region. */
  regionOf(resource: StackResource): string;
}

export interface Suppression {
  rule: string;
  stack?: string;
  resource?: string;
  reason: string;
}

export interface Finding {
  ruleId: string;
  severity: FindingSeverity;
  stack: string;
  address: string;
  message: string;
  description: string;
  remediation: string;
  source: string;
  suppressed?: { reason: string };
}
