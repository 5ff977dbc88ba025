/**
 * The estate model: the contract between the config stage and everything downstream. The
 * resolver (./resolve.ts) builds it from a valid config; the stacks, the synth worker, the rule
 * pack, the report, the guard and the CLI read only this, never the raw config. Every name and
 * ARN another stack needs is already computed here, so each stack plans alone.
 */
import type { AccountContext } from '../core/arn';
import type { LifecycleValues } from '../core/checks';
import type { VaultLockProps, VaultAccessPolicyProps } from '../modules/backup-vault';
import type { BackupRuleProps } from '../modules/backup-plan';
import type { SelectionCriteria } from '../modules/backup-selection';
import type { SelectionSpec } from '../core/selection';
import type { SilenceWatch } from '../core/silence';
import type { RpoInput } from '../core/rpo';
import type { AlertSubscription } from '../modules/backup-alerts';
import type { KeyProtectionModel, ReportPlanModel, VaultProtectionPolicyModel } from './estate-model-protection';

export type { KeyProtectionModel, ReportPlanModel, VaultProtectionPolicyModel } from './estate-model-protection';

export interface VaultRef {
  /** The vault's key in the config's vaults map (or central / central-air-gapped). */
  readonly key: string;
  readonly name: string;
  readonly region: string;
  readonly arn: string;
  /** A vault this config does not create (existingVaults): its lock is unknown here. */
  readonly existing?: boolean;
  /** A logically air-gapped vault (a copy destination). */
  readonly logicallyAirGapped?: boolean;
}

export interface KeyModel {
  readonly key: string;
  readonly alias: string;
  readonly description: string;
  readonly deletionWindowInDays: number;
  readonly administrators?: readonly string[];
  readonly preventDestroy: boolean;
  readonly tags?: Readonly<Record<string, string>>;
  /** The deny of deletion and disabling in its key policy; undefined when security.protectKeys is false. */
  readonly protection?: KeyProtectionModel;
  /** Other accounts its vaults copy into: the key policy admits them (modules/kms-key.ts). */
  readonly copyDestinationAccounts?: readonly string[];
  /** One of its vaults receives copies from other accounts: the key policy admits the account's AWS Backup service-linked role (modules/kms-key.ts). */
  readonly receivesCopiesFromOtherAccounts?: boolean;
}

export type VaultEncryption =
  /** A key of the config's keys map, created by the same stack. */
  | { readonly kind: 'shared'; readonly key: string }
  | { readonly kind: 'existing'; readonly arn: string }
  | { readonly kind: 'dedicated'; readonly alias: string };

export interface VaultModel extends VaultRef {
  readonly encryption: VaultEncryption;
  /** A logically air-gapped vault (no key, no lock resource: this range). */
  readonly airGapped?: { readonly minRetentionDays: number; readonly maxRetentionDays: number };
  /** The deny in its dedicated key's policy; undefined when security.protectKeys is false. */
  readonly keyProtection?: KeyProtectionModel;
  /** Other accounts its rules copy into: its dedicated key's policy admits them (modules/kms-key.ts). */
  readonly copyDestinationAccounts?: readonly string[];
  /** Other accounts' plans and backup policies copy into it, or its own access policy lets another account copy in (./copy-destinations.ts): its dedicated key's policy admits the account's AWS Backup service-linked role. */
  readonly receivesCopiesFromOtherAccounts?: boolean;
  readonly lock?: VaultLockProps;
  readonly accessPolicy: VaultAccessPolicyProps;
  readonly forceDestroy: boolean;
  readonly preventDestroy: boolean;
  readonly tags?: Readonly<Record<string, string>>;
}

export interface CopyModel {
  readonly destination: VaultRef;
  readonly lifecycle?: LifecycleValues;
}

export interface RuleModel extends Omit<BackupRuleProps, 'targetVaultName' | 'copies'> {
  readonly target: VaultRef;
  readonly copies: Readonly<Record<string, CopyModel>>;
}

export interface SelectionModel extends SelectionCriteria {
  readonly key: string;
  readonly name: string;
  /** The selection's own role, or undefined for the service role. */
  readonly roleArn?: string;
  /** Protected data by resource type (config `size`), for the cost estimate. */
  readonly size?: Readonly<Record<string, { readonly protectedGb: number; readonly dailyChangePercent: number }>>;
}

export interface PlanModel {
  readonly key: string;
  readonly name: string;
  /** Declared worst-case RPO in hours (config rpoTargetHours): the rule pack holds the plan to it. */
  readonly rpoTargetHours?: number;
  readonly windowsVss?: 'enabled' | 'disabled';
  readonly tags?: Readonly<Record<string, string>>;
  readonly rules: Readonly<Record<string, RuleModel>>;
  readonly selections: readonly SelectionModel[];
}

export interface ServiceRoleModel {
  readonly arn: string;
  /** Set when this stack creates the role. */
  readonly create?: { readonly roleName: string; readonly path: string; readonly permissionsBoundaryArn?: string; readonly tags?: Readonly<Record<string, string>> };
}

export type BackendModel =
  | { readonly kind: 'local'; readonly path: string }
  | {
      readonly kind: 's3';
      readonly bucket: string;
      readonly region: string;
      readonly key: string;
      readonly useLockfile: boolean;
      readonly dynamodbTable?: string;
      readonly roleArn?: string;
    };

export type StackKind = 'management' | 'central' | 'workload';

/** What a pipeline needs to know about a stack (cdktf.out/rollout.json). */
export interface RolloutInfo {
  readonly kind: StackKind;
  /** Config key of the account. */
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
  readonly roleArn?: string;
  readonly dependsOn: readonly string[];
}

interface StackBase {
  /** The folder under cdktf.out/stacks. */
  readonly name: string;
  readonly region: string;
  readonly account: AccountContext;
  readonly defaultTags: Readonly<Record<string, string>>;
  /** Role the providers assume (organization estates). */
  readonly assumeRoleArn?: string;
  readonly backend: BackendModel;
  readonly rollout: RolloutInfo;
  /** Terraform import blocks of an adopted estate: resource address (type.name) -> import id. */
  readonly imports?: Readonly<Record<string, string>>;
}

export interface AlertsModel {
  readonly topicName: string;
  readonly subscriptions: Readonly<Record<string, AlertSubscription>>;
  /** An existing topic (the stack's own ARN for one given by name): no topic, key or topic policy is created. */
  readonly existingTopicArn?: string;
  readonly jobStates: readonly string[];
  readonly alarms: boolean;
  /** Vault notification events; undefined: the construct's default failure events. */
  readonly vaultEvents?: readonly string[];
  /** The deny of deletion and disabling in the topic key's policy; undefined when security.protectKeys is false. */
  readonly keyProtection?: KeyProtectionModel;
}

export interface RestoreTestingModel {
  readonly key: string;
  /** Restore testing names allow no hyphen: derived from the key. */
  readonly name: string;
  readonly schedule?: string;
  readonly scheduleTimezone?: string;
  readonly startWindowHours?: number;
  readonly algorithm?: 'LATEST_WITHIN_WINDOW' | 'RANDOM_WITHIN_WINDOW';
  /** Vault ARNs (computed) or ['*']. */
  readonly includeVaults: readonly string[];
  readonly excludeVaults?: readonly string[];
  /** The restore jobs' role when the config names one (else the restore testing role). */
  readonly roleArn?: string;
  readonly recoveryPointTypes?: readonly ('CONTINUOUS' | 'SNAPSHOT')[];
  readonly selectionWindowDays?: number;
  readonly selections: Readonly<
    Record<
      string,
      {
        readonly resourceType: string;
        readonly resources?: readonly string[];
        readonly conditions?: { readonly stringEquals?: Readonly<Record<string, string>>; readonly stringNotEquals?: Readonly<Record<string, string>> };
        readonly validationWindowHours?: number;
        readonly restoreMetadataOverrides?: Readonly<Record<string, string>>;
      }
    >
  >;
}

export interface AuditModel {
  readonly frameworkName: string;
  readonly frameworkDescription?: string;
  /** Report plans of the config's audit.reportPlans that live in this stack. */
  readonly reportPlans: readonly ReportPlanModel[];
  readonly controls: Readonly<Record<string, { readonly parameters?: Readonly<Record<string, string | number | readonly string[]>>; readonly scope?: { readonly resourceTypes?: readonly string[]; readonly tags?: Readonly<Record<string, string>> } }>>;
  readonly reports: {
    /** keyProtection: the deny in the bucket key's policy; undefined when security.protectKeys is false. */
    readonly bucket: { readonly create: true; readonly name: string; readonly expireAfterDays: number; readonly keyProtection?: KeyProtectionModel } | { readonly create: false; readonly name: string };
    readonly templates: readonly string[];
    readonly formats: readonly string[];
  };
}

export interface RegionSettingsModel {
  readonly optIn: readonly string[];
  readonly management?: { readonly DynamoDB?: boolean; readonly EFS?: boolean };
  /** Opt-in preferences of types backup-estate does not know, written as they are. */
  readonly otherTypes?: Readonly<Record<string, boolean>>;
}

/** A vault plans back up into, and whether a silence alarm watches it (core/silence.ts). */
export interface VaultWatchModel {
  readonly vaultKey: string;
  readonly vaultName: string;
  /** Plans whose rules back up into it: the stack's own and those backup policies deliver. */
  readonly plans: readonly string[];
  readonly watch: SilenceWatch;
}

/** Silence alarms and the dashboard of a workload stack (config `monitoring`). */
export interface MonitoringModel {
  readonly namePrefix: string;
  readonly silenceAlarms: boolean;
  /** undefined: no dashboard. */
  readonly dashboardName?: string;
  /** Every vault of the stack's Region that plans back up into, by vault key. */
  readonly vaults: readonly VaultWatchModel[];
}

/** How policy-plans.json and messages name a plan of a hand-written policy file (its plans may share names with the config's). */
export const handWrittenPolicyPlanName = (plan: string, policy: string): string => `${plan} (hand-written policy ${policy})`;

/**
 * A plan the stack does not create that runs in its account and Region (a backup policy's), as the RPO readers see it: its
 * selections, its rules as AWS runs them here, and whether one backs up continuously (core/plan-contention.ts, selection-reach).
 */
export interface PlanJobsModel {
  /** The plan's name: a built policy's plan by its own, a hand-written policy's by handWrittenPolicyPlanName. */
  readonly plan: string;
  readonly selections: readonly SelectionSpec[];
  readonly rules: readonly RpoInput[];
  /** A rule of it backs up continuously: AWS backs a resource it shares with another plan's continuous rule up continuously for one of them only. */
  readonly continuous: boolean;
  /** The names of its rules, in the order of `rules`, where messages name them (a hand-written policy's). */
  readonly ruleNames?: readonly string[];
  /** The key of the hand-written policy it comes from (organization.policies.<key>.file). */
  readonly policyKey?: string;
  /** Its worst-case RPO in minutes here, the other plans' jobs counted, as the runbook reads it (a built policy's plan; null: unbounded). */
  readonly rpoMinutes?: number | null;
}

export interface WorkloadStackModel extends StackBase {
  readonly kind: 'workload';
  readonly primary: boolean;
  readonly serviceRole: ServiceRoleModel;
  /** Roles AWS Backup runs jobs with (service, selection and restore testing roles): the vault keys let them in. */
  readonly backupRoleArns: readonly string[];
  /** The keys and vaults of the stack's Region. */
  readonly keys: readonly KeyModel[];
  readonly vaults: readonly VaultModel[];
  /** Empty in a stack that only holds vaults (a disaster-recovery Region). */
  readonly plans: readonly PlanModel[];
  /** Set when the config has alerts. */
  readonly alerts?: AlertsModel;
  /** Empty where no plan runs. */
  readonly restoreTesting: readonly RestoreTestingModel[];
  /** The restore testing role: created by the account's primary stack, named by ARN elsewhere. */
  readonly restoreTestingRole?: { readonly arn: string; readonly create?: { readonly roleName: string } };
  /** Set when the config has audit and the stack runs plans or holds vaults. */
  readonly audit?: AuditModel;
  /** Set when the config has region settings and a plan runs in the stack's Region. */
  readonly regionSettings?: RegionSettingsModel;
  /** Plans Organizations backup policies run here (not created by this stack; coverage, runbook and silence alarms read them). */
  readonly policyPlans?: readonly PlanModel[];
  /** Selections of hand-written backup policies that run here, by policy key. */
  readonly policyFileSelections?: readonly { readonly policy: string; readonly selections: readonly SelectionSpec[] }[];
  /** The plans of hand-written backup policies that run here, whose jobs may hold a resource a plan of the stack selects too. */
  readonly policyFileJobs?: readonly PlanJobsModel[];
  /** Silence alarms and dashboard; undefined in models built before monitoring existed. */
  readonly monitoring?: MonitoringModel;
  /** aws_backup_global_settings of a single-account estate (its primary stack). */
  readonly globalSettings?: { readonly crossAccountBackup: boolean };
}

export interface PolicyModel {
  readonly key: string;
  readonly name: string;
  readonly description: string;
  /** The BACKUP_POLICY document, serialized. */
  readonly content: string;
  /** Attachment targets: config key and OU, root or account id. */
  readonly targets: readonly { readonly key: string; readonly targetId: string }[];
}

export interface ManagementStackModel extends StackBase {
  readonly kind: 'management';
  readonly policies: readonly PolicyModel[];
  /** aws_backup_global_settings isCrossAccountBackupEnabled; undefined: no global settings resource. */
  readonly crossAccountBackup?: boolean;
  /** The service control policy protecting vaults and keys; undefined when disabled. */
  readonly vaultProtection?: VaultProtectionPolicyModel;
  readonly delegatedAdministratorAccountId?: string;
}

export interface CentralStackModel extends StackBase {
  readonly kind: 'central';
  readonly organizationId: string;
  readonly vault: {
    readonly name: string;
    readonly lock?: VaultLockProps;
    readonly accessPolicy: VaultAccessPolicyProps;
    readonly keyAdministrators?: readonly string[];
    readonly preventDestroy: boolean;
    readonly keyProtection?: KeyProtectionModel;
  };
  /** Multi-account report plans (the backup account is the delegated administrator) and where they deliver. */
  readonly reports?: { readonly plans: readonly ReportPlanModel[]; readonly bucket: AuditModel['reports']['bucket'] };
  readonly airGapped?: { readonly name: string; readonly minRetentionDays: number; readonly maxRetentionDays: number };
}

export type StackModel = WorkloadStackModel | ManagementStackModel | CentralStackModel;

/** Thresholds of the compliance rule pack (config `compliance`). */
export interface ComplianceThresholds {
  /** Shortest retention (days) a rule or copy may keep recovery points (AWS Config default 35). */
  readonly minRetentionDays: number;
  /** Longest time (hours) between two scheduled backups of a plan's best rule (AWS Config default 1 day = 24). */
  readonly maxFrequencyHours: number;
}

/**
 * A rule-pack finding accepted with a reason (config `compliance.suppressions`): a rule id, narrowed
 * by a config path (the finding's config path or a field below it), a stack and a resource address.
 */
export interface Suppression {
  readonly rule: string;
  /** Config path: `plans.gold` matches findings of that plan and of its rules (`plans.gold.rules.daily`). */
  readonly path?: string;
  readonly stack?: string;
  readonly resource?: string;
  readonly reason: string;
}

/** A deletion or replacement the plan guard lets through (config `guard.allowedChanges`). */
export interface AllowedChange {
  readonly stack: string;
  readonly address: string;
  readonly reason: string;
}

export interface EstateModel {
  readonly mode: 'single' | 'organization';
  readonly stacks: readonly StackModel[];
  /** What the rule pack run at synth needs: thresholds and suppressions. */
  readonly compliance: { readonly thresholds: ComplianceThresholds; readonly suppressions: readonly Suppression[] };
  readonly guard: { readonly allowedChanges: readonly AllowedChange[] };
}
