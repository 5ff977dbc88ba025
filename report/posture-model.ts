/**
 * The posture model: what `readPosture` returns for a synth dir (stacks, their plans with rules,
 * copies and selections, their vaults and locks, the Organizations backup policies of a
 * management stack, and the compliance findings and suppressions). Types only; the readers are
 * posture-terraform.ts, posture-policies.ts and posture-compliance.ts, assembled by posture.ts.
 */
import type { ConditionOperator, TagCondition } from '../core/selection';
import type { Finding, Suppression } from '../compliance/types';
import type { StackKind } from '../rollout/rollout';
import type { RpoEstimate } from '../core/rpo';
import type { CostEstimate } from './cost-model';

export type LockMode = 'governance' | 'compliance';

export interface LockPosture {
  /** compliance: changeable_for_days is set (immutable after the grace period); governance otherwise. */
  readonly mode: LockMode;
  readonly minRetentionDays: number | null;
  /** null: no maximum. */
  readonly maxRetentionDays: number | null;
  /** Grace period of a compliance lock. */
  readonly changeableForDays: number | null;
  /** The lock configuration's count or for_each is a reference, known only at apply: it may make no lock. */
  readonly conditional?: true;
}

export interface VaultPosture {
  /** `<account id>/<region>/<name>`: how vaults are matched across stacks and between postures. */
  readonly key: string;
  readonly name: string;
  readonly region: string;
  readonly accountId: string;
  /** The stack that creates it. */
  readonly stack: string;
  /** Terraform address, e.g. aws_backup_vault.vault-main_vault_77900A69. */
  readonly address: string;
  /** A logically air-gapped vault (always locked: its min/max retention are in `lock`). */
  readonly airGapped: boolean;
  readonly lock: LockPosture | null;
  /** Its access policies' deny of deleting recovery points to every principal, and who is exempt (compliance deletionDenyOf). */
  readonly deletionDeny: VaultDeletionDeny;
  /** The same for the customer-managed key that encrypts it, when its stack creates that key; null otherwise. */
  readonly keyDeletionDeny: VaultDeletionDeny | null;
  /**
   * That key's deletion waiting period in days (deletion_window_in_days, AWS's 30 when unset): how long a scheduled
   * deletion can still be cancelled before the recovery points it encrypts are lost. Null when the stack does not create the key.
   */
  readonly keyDeletionWindowDays: number | null;
  /** The key that encrypts it (kms_key_arn): the address of the aws_kms_key the stack creates, a key ARN, or null (none given). */
  readonly encryptionKey: string | null;
  /** Terraform refuses to destroy it (lifecycle.prevent_destroy). */
  readonly preventDestroy: boolean;
  /** Destroying it deletes its recovery points first (force_destroy). */
  readonly forceDestroy: boolean;
}

/** What the access policies of a vault (or its key's policy) deny every principal, and which principals they exempt. */
export interface VaultDeletionDeny {
  /** Of WATCHED_VAULT_ACTIONS (compliance/vault-protection.ts; for a key: kms:DisableKey, kms:ScheduleKeyDeletion, kms:PutKeyPolicy). */
  readonly denied: readonly string[];
  readonly exempt: readonly string[];
  /** Per denied action, who is exempt from it (every statement denying it exempts them). */
  readonly exemptFrom: Readonly<Record<string, readonly string[]>>;
}

/** A vault a rule backs up into or copies to. */
export interface VaultRef {
  readonly key: string;
  readonly name: string;
  readonly region: string;
  /** 12 digits, or `$account` in an Organizations policy (the account the policy runs in). */
  readonly accountId: string;
  /** Found in the estate (its lock is known); false for vaults outside the synthesized stacks. */
  readonly known: boolean;
  readonly airGapped: boolean;
  readonly lock: LockPosture | null;
}

export interface RetentionPosture {
  /** null: never deleted. */
  readonly deleteAfterDays: number | null;
  /** null: no cold storage. */
  readonly coldStorageAfterDays: number | null;
  /** Days in warm storage (until cold storage or deletion); null: forever. */
  readonly warmDays: number | null;
  /** Days in cold storage: 0 without cold storage; null: forever. */
  readonly coldDays: number | null;
  /** warm + cold = deleteAfterDays; null: forever. */
  readonly totalDays: number | null;
  /** optInToArchiveForSupportedResources: EBS snapshots too move to cold storage (the EBS Snapshots Archive tier). */
  readonly archiveOptIn?: true;
  /**
   * Set when delete_after or cold_storage_after is a Terraform reference (a hand-written plan's
   * "${var.days}"), known only at apply: which ones. The days above then say nothing (never "forever").
   */
  readonly unknown?: string;
}

export interface CopyPosture {
  /** The destination vault ARN as written (a reference is shown resolved: arn:aws:backup:<region>:<account>:backup-vault:<name>). */
  readonly arn: string;
  readonly destination: VaultRef;
  readonly crossRegion: boolean;
  readonly crossAccount: boolean;
  readonly retention: RetentionPosture;
  /** What AWS Backup does not make of this copy (core/regions.ts copyNotMade): absent when it makes it. */
  readonly notMade?: CopyNotMade;
}

/** A copy AWS Backup refuses (no `types`), or does not make of these types the plan's selections reach; `because` says why, from AWS's availability page. */
export interface CopyNotMade {
  readonly types?: readonly string[];
  readonly because: string;
}

export interface RulePosture {
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly scheduleWords: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly continuous: boolean;
  readonly rpo: RpoEstimate;
  readonly retention: RetentionPosture;
  readonly vault: VaultRef;
  readonly copies: CopyPosture[];
  /** The rule's copies are written as a Terraform dynamic "copy_action" block, expanded only at apply: `copies` lacks them. */
  readonly dynamicCopies?: true;
  /** Its start_window or completion_window is a reference, known only at apply: the windows above are AWS's defaults, and its RPO is not known. */
  readonly windowsUnknown?: true;
  /** A continuous rule whose recovery point may lapse between its runs (core/selection-reach continuousMayLapse): its RPO counts the runs. */
  readonly continuousMayLapse?: true;
}

/** A tag test of a selection: the one selection evaluator's condition (core/selection.ts). */
export type TagOperator = ConditionOperator;
export type TagTest = TagCondition;

export interface SelectionPosture {
  readonly name: string;
  /** Selection tags: a resource with any of them is selected (OR). */
  readonly tags: TagTest[];
  /** Conditions: all must hold (AND). */
  readonly conditions: TagTest[];
  /** Resource ARNs (or "*"), OR-ed with the tags. */
  readonly resources: string[];
  /** Excluded ARNs. */
  readonly notResources: string[];
  readonly words: string;
  /** The selection's count or for_each is a reference, known only at apply: it may select nothing (said in `words`). */
  readonly conditional?: true;
  /** The role its backup jobs run with (iam_role_arn); absent for a backup policy's selection and in postures built before it. */
  readonly role?: SelectionRole;
}

/**
 * A selection's iam_role_arn: `created`, the backup service role the stack creates (a reference to it, or its ARN written out);
 * `given`, a literal ARN of a role the synth does not create; `unknown`, any other reference, known only at apply (`arn` is the expression).
 */
export interface SelectionRole {
  readonly kind: 'created' | 'given' | 'unknown';
  readonly arn: string;
}

export interface PlanPosture {
  readonly name: string;
  readonly address: string;
  readonly rules: RulePosture[];
  /** Best (smallest) worst-case RPO of the rules, minutes; null when none is bounded. */
  readonly rpoMinutes: number | null;
  /**
   * Its continuous rules count as their runs (core/rpo.ts rulesAsRun): its selections may reach types without continuous backup,
   * which they back up by snapshot, or their recovery point may lapse between runs (core/selection-reach continuousRunsAsSnapshots).
   */
  readonly snapshotFallback?: boolean;
  readonly selections: SelectionPosture[];
  /** The plan's rules are written as a Terraform dynamic "rule" block, expanded only at apply: `rules` lacks them, the RPO is not known. */
  readonly dynamicRules?: true;
}

export interface PolicyPlanPosture extends PlanPosture {
  readonly regions: string[];
  /**
   * Value-setting operators (@@assign, @@append, @@remove) a child policy (of an OU or account
   * below) may still use somewhere in the plan, sorted; empty when @@operators_allowed_for_child_policies
   * locks it all (AWS allows every operator by default).
   */
  readonly childOperators: readonly string[];
}

export interface PolicyTarget {
  readonly id: string;
  /** Account key for account ids the rollout knows, else the id (ou-..., r-...). */
  readonly label: string;
}

/** A service control policy of the management stack: what it denies, to whom not, and where it is attached. */
export interface GuardrailPosture {
  readonly name: string;
  readonly targets: PolicyTarget[];
  /** Every action a Deny statement names, sorted. */
  readonly denied: readonly string[];
  /** Principal ARNs a "Not" condition on aws:PrincipalArn exempts from those denies, sorted. */
  readonly exempt: readonly string[];
}

export interface PolicyPosture {
  readonly name: string;
  readonly address: string;
  readonly description: string;
  readonly plans: PolicyPlanPosture[];
  readonly targets: PolicyTarget[];
  /** Set when the content is not a readable backup policy. */
  readonly problem?: string;
}

/** A suppression as compliance.json lists it: the compliance pack's suppression and how many findings it matched. */
export type MatchedSuppression = Suppression & { readonly matched: number };

/** Whether a silence alarm watches a vault plans back up into (core/silence.ts). */
export interface VaultWatchPosture {
  readonly vault: string;
  /** The stack's plans writing to it (none: only backup policies' plans do). */
  readonly plans: readonly string[];
  readonly watched: boolean;
  /** How long a silence lasts before the alarm fires, minutes. */
  readonly windowMinutes?: number;
  /**
   * Set when the window is only the least the alarm waits: it reads the bare metric (synthesized before the silence alarms read
   * FILL(…, 0), or written by hand), so it fires once the last completed job has left CloudWatch's evaluation range (core/silence-alarm.ts).
   */
  readonly windowLowerBound?: true;
  /** Why it is not watched. */
  readonly reason?: string;
  /** Set when the alarm has no action: it changes state and notifies no one (the config has no alerts). */
  readonly notifiesNoOne?: true;
  /** Set when the alarm notifies only topics of the stack none of whose subscriptions receives alarm notifications (none, or all filter them out). */
  readonly unsubscribed?: true;
}

export interface StackPosture {
  readonly name: string;
  readonly kind: StackKind;
  readonly account: string;
  readonly accountId: string;
  readonly region: string;
  readonly plans: PlanPosture[];
  readonly vaults: VaultPosture[];
  readonly policies: PolicyPosture[];
  readonly findings: Finding[];
  /** Suppressions scoped to this stack (those for every stack are in Posture.compliance). */
  readonly suppressions: MatchedSuppression[];
  /** Silence alarms of the vaults plans back up into (absent in postures built before them). */
  readonly silence?: readonly VaultWatchPosture[];
  /** Where failed jobs are reported (absent in postures built before it). */
  readonly alerts?: AlertsPosture;
  /** The service control policies a management stack attaches (the vault protection guardrail). */
  readonly guardrails?: readonly GuardrailPosture[];
  /** The stack's Region settings (aws_backup_region_settings), when it manages them. */
  readonly regionSettings?: RegionSettingsPosture;
  /** What proves restores and backups: `<plan> · <selection> (<type>)` per restore testing selection, and the audit framework's controls, sorted. */
  readonly assurance?: AssurancePosture;
}

export interface AssurancePosture {
  readonly restoreTests: readonly string[];
  readonly auditControls: readonly string[];
  /** The stack's report plans, as `name (template)`, sorted (absent in postures built before them). */
  readonly reportPlans?: readonly string[];
  /**
   * The longest gap between two runs of each restore testing plan, in minutes, by plan name (null:
   * it runs fewer than twice or stops); absent in postures built before it.
   */
  readonly restoreTestGaps?: Readonly<Record<string, number | null>>;
  /** Each control's input parameters, by control name (absent in postures built before them). */
  readonly auditParameters?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Each scoped control's scope, by control name: the resource types and the tag it checks (absent: every resource). */
  readonly auditScopes?: Readonly<Record<string, { readonly resourceTypes?: readonly string[]; readonly tags?: Readonly<Record<string, string>> }>>;
  /**
   * What each restore test (keyed as in `restoreTests`) restores: its protected_resource_arns and its
   * protected_resource_conditions (`string_equals aws:ResourceTag/backup = gold`), sorted (absent in postures built before them).
   */
  readonly restoreTestScopes?: Readonly<Record<string, { readonly arns: readonly string[]; readonly conditions: readonly string[] }>>;
  /** What each restore testing plan picks recovery points from, by plan name (absent in postures built before it). */
  readonly restoreTestPicks?: Readonly<Record<string, RestoreTestPick>>;
}

/** A restore testing plan's recovery_point_selection (the vaults, by name or "*", it picks from and leaves out, of which kinds, how far back, how), and the types its selections test. */
export interface RestoreTestPick {
  readonly includeVaults: readonly string[];
  readonly excludeVaults: readonly string[];
  /** SNAPSHOT, CONTINUOUS, sorted. */
  readonly recoveryPointTypes: readonly string[];
  readonly selectionWindowDays: number;
  readonly algorithm: string;
  /** The protected_resource_type of its selections, sorted. */
  readonly resourceTypes: readonly string[];
}

/** Which resource types AWS Backup may back up here, and which it fully manages (DynamoDB, EFS). */
export interface RegionSettingsPosture {
  /** Types opted in, sorted; a type not listed is opted out. */
  readonly optedIn: readonly string[];
  /** Types the settings set to false (opted out), sorted (absent in postures built before it). */
  readonly optedOut?: readonly string[];
  /** Types under full AWS Backup management, sorted. */
  readonly fullyManaged: readonly string[];
}

/** The failure alerts of a stack: which job kinds' failure events are routed somewhere, and who is subscribed. */
export interface AlertsPosture {
  /** 'backup', 'copy', 'restore': an EventBridge rule with a target routes the job kind's FAILED state changes. */
  readonly routedJobs: readonly string[];
  /** `<kind> <state>` (`backup FAILED`, `copy *` for every state) each such rule routes, sorted. */
  readonly routedStates: readonly string[];
  /** AWS/Backup metrics of failed, aborted or expired jobs that an alarm with an action watches, sorted. */
  readonly failureAlarms: readonly string[];
  /** `<vault> <event>` of the vault notifications of failed, aborted or expired jobs, sorted. */
  readonly vaultFailureEvents: readonly string[];
  /** `<protocol> <endpoint>` of each subscription of the stack's topics, sorted. */
  readonly subscriptions: readonly string[];
  /** The filter policy (JSON) of each filtered subscription, by `<protocol> <endpoint>`. */
  readonly filters: Readonly<Record<string, string>>;
}

/** A warning `validate` prints about the config (config/issues.ts formatProblem): a caveat of the posture, not a verdict. */
export interface ConfigWarning {
  /** The config field it is about ('' for the whole file). */
  readonly path: string;
  readonly message: string;
}

export interface ComplianceSummary {
  /** 'not run': no compliance.json in the synth dir. */
  readonly status: 'run' | 'not run' | 'unreadable';
  readonly problem?: string;
  /** Findings that are not suppressed. */
  readonly errors: number;
  readonly warnings: number;
  readonly suppressedFindings: number;
  /** Every suppression of compliance.json. */
  readonly suppressions: MatchedSuppression[];
  /** Findings of stacks the rollout does not list. */
  readonly otherFindings: Finding[];
  /** The config's own warnings, as validate prints them, written by synth into compliance.json (empty when it holds none). */
  readonly configWarnings: ConfigWarning[];
}

export interface Posture {
  readonly version: 1;
  /** What was read (a synth dir or a config file), for humans. */
  readonly source: string;
  /** Set when the synth dir holds part of the estate (synth --stack, --account or --region): the filters, as flags. */
  readonly subset?: string;
  readonly stacks: StackPosture[];
  readonly compliance: ComplianceSummary;
  /**
   * Set when the plans' worst-case RPO could not count the jobs of the backup policies' plans that run beside them (a synth dir written
   * before policy-plans.json, with backup policies): why. Absent when counted.
   */
  readonly policyPlanJobs?: string;
  /** The cost estimate, when the synth dir has sizes.json. */
  readonly cost?: CostEstimate;
}
