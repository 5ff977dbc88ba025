import { Construct } from 'constructs';
import { TerraformProvider } from 'cdktf';
import { BackupPlan as AwsBackupPlan, BackupPlanRule, BackupPlanRuleCopyAction } from '@cdktf/provider-aws/lib/backup-plan';
import { RULE_LIMITS, ruleWindows, WINDOWS_VSS_VALUES } from '../core/limits';
import { error, isToken, Problem, under, warning } from '../core/problems';
import { parseBackupVaultArn } from '../core/arn';
import { checkLifecycle, checkName, checkRetentionInLock, checkSchedule, checkTags, LifecycleValues, ScheduleValues } from '../core/checks';
import { sortedEntries } from '../core/order';
import { reportPropsProblems } from './props-problems';
import { knownVaultLock } from './vault-lock-registry';
import { providerPlace } from './provider-place';
import { arnPlacementMessage, knownRegionPartition } from '../core/regions';

export interface RuleLifecycleProps extends LifecycleValues {
  /** Days a recovery point is kept, 1-36,500, at least coldStorageAfterDays + 90. */
  readonly deleteAfterDays: number;
}

export interface CopyActionProps {
  /** arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME (or a reference to a vault's arn). */
  readonly destinationVaultArn: string;
  /** @default the rule's lifecycle */
  readonly lifecycle?: LifecycleValues;
}

export interface BackupRuleProps extends ScheduleValues {
  /** Name (or reference) of the vault the recovery points go to. */
  readonly targetVaultName: string;
  /** AWS cron, at most hourly. @default 'cron(0 5 ? * * *)' */
  readonly schedule?: string;
  /** IANA time zone of the schedule. @default 'Etc/UTC' */
  readonly scheduleTimezone?: string;
  /** @default 60 */
  readonly startWindowMinutes?: number;
  /** More than startWindowMinutes. @default startWindowMinutes + 120, at least 180 (ruleWindows) */
  readonly completionWindowMinutes?: number;
  readonly lifecycle: RuleLifecycleProps;
  /** Continuous backup for RDS, Aurora, S3 and SAP HANA (retention at most 35 days). @default false */
  readonly continuousBackup?: boolean;
  /** @default none */
  readonly recoveryPointTags?: Readonly<Record<string, string>>;
  /** Copies keyed by a name of your choice, at most 5. @default none */
  readonly copies?: Readonly<Record<string, CopyActionProps>>;
}

export interface BackupPlanProps {
  /** Plan name, 1-50 characters of A-Z a-z 0-9 _ . - */
  readonly planName: string;
  /** Rules keyed by rule name (1-50 characters of A-Z a-z 0-9 _ . -). */
  readonly rules: Readonly<Record<string, BackupRuleProps>>;
  /** Windows VSS for EC2 backups. @default not set (AWS default: disabled) */
  readonly windowsVss?: (typeof WINDOWS_VSS_VALUES)[number];
  /** @default none (provider default tags still apply) */
  readonly tags?: Readonly<Record<string, string>>;
  /**
   * Provider for another Region. @default the stack's default provider. Its literal `region` (when
   * it exists before the plan) decides the partition: copies into a vault of another are refused.
   */
  readonly provider?: TerraformProvider;
}

/** The lifecycle a copy really gets: its own, or the rule's when it has none (as AWS does). */
export function effectiveCopyLifecycle(rule: { readonly lifecycle: LifecycleValues }, copy: { readonly lifecycle?: LifecycleValues }): LifecycleValues {
  return copy.lifecycle ?? rule.lifecycle;
}

/** What the rule checks read: BackupRuleProps, or a config rule before its vaults are resolved. */
export interface RuleCheckInput extends ScheduleValues {
  readonly lifecycle: LifecycleValues;
  readonly continuousBackup?: boolean;
  readonly copies?: Readonly<Record<string, { readonly lifecycle?: LifecycleValues }>>;
}

export function checkRuleProps(rule: RuleCheckInput): Problem[] {
  const continuousBackup = rule.continuousBackup ?? false;
  const problems = [...checkSchedule(rule), ...under('lifecycle', checkLifecycle(rule.lifecycle, { continuousBackup }))];
  const copies = Object.entries(rule.copies ?? {});
  if (copies.length > RULE_LIMITS.copyActionsPerRule) {
    problems.push(error('copies', `has ${copies.length} copies; a rule allows at most ${RULE_LIMITS.copyActionsPerRule}`));
  }
  for (const [name, copy] of copies) {
    if (!copy.lifecycle) continue;
    problems.push(...under(`copies.${name}.lifecycle`, checkLifecycle(copy.lifecycle)));
    if (copy.lifecycle.deleteAfterDays === undefined) {
      problems.push(error(`copies.${name}.lifecycle.deleteAfterDays`, 'is required when the copy has its own lifecycle: without it the copy is never deleted'));
    }
  }
  return problems;
}

export function checkPlanProps(props: BackupPlanProps): Problem[] {
  const problems = checkName('plan', props.planName, 'planName');
  const rules = Object.entries(props.rules);
  if (rules.length === 0) problems.push(error('rules', 'a plan needs at least one rule'));
  for (const [name, rule] of rules) {
    problems.push(...checkName('rule', name, `rules.${name}`), ...checkName('vault', rule.targetVaultName, `rules.${name}.targetVaultName`));
    problems.push(...under(`rules.${name}`, checkRuleProps(rule)), ...under(`rules.${name}`, checkCopyDestinations(rule)));
    problems.push(...checkTags(rule.recoveryPointTags, `rules.${name}.recoveryPointTags`, 'recovery point tag'));
  }
  problems.push(...checkTags(props.tags, 'tags'));
  // A reference names a vault only at apply (two references to one vault differ as strings): unknown here.
  const continuous = rules.map(([name, rule]): [string, ContinuousRuleInput] => [name, { ...rule, vault: isToken(rule.targetVaultName) ? undefined : rule.targetVaultName }]);
  problems.push(...checkContinuousRules(continuous));
  return problems;
}

const CONTINUOUS_OVERLAP_SOURCE = 'AWS Backup, "Overlapping continuous backups on the same resource"';

/** A rule as the continuous-rule check reads it: `vault` undefined when unknown (a reference, or a config rule without one). */
export interface ContinuousRuleInput {
  readonly continuousBackup?: boolean;
  readonly vault?: string;
  readonly lifecycle: LifecycleValues;
}

/**
 * The continuous rules of one plan (AWS Backup Developer Guide, "Overlapping continuous backups on
 * the same resource"): "If your rules point to different backup vaults, AWS Backup rejects the plan
 * as not valid" (an error), and "if your rules point to the same backup vault, AWS Backup only
 * creates a continuous backup for the rule with the longest retention period. It disregards all
 * other rules" (a warning naming the rules whose retention and copies then do nothing; only when
 * every continuous rule's vault is known). Paths are relative to the plan (`rules`, `rules.<name>`).
 * The config check and BackupPlan both ask this.
 */
export function checkContinuousRules(rules: readonly (readonly [string, ContinuousRuleInput])[]): Problem[] {
  const all = rules.filter(([, rule]) => rule.continuousBackup === true);
  const continuous = all.filter(([, rule]) => rule.vault !== undefined);
  if (continuous.length < 2) return [];
  const vaults = [...new Set(continuous.map(([, rule]) => rule.vault))];
  if (vaults.length > 1) {
    const listed = continuous.map(([key, rule]) => `${key} (vault ${rule.vault})`).join(', ');
    return [error('rules', `continuous backup rules ${listed} point to different vaults: AWS Backup rejects such a plan as not valid (${CONTINUOUS_OVERLAP_SOURCE}); keep one continuous rule per plan, or send them to one vault`)];
  }
  if (continuous.length < all.length) return [];
  const kept = (days: number | undefined) => days ?? Number.POSITIVE_INFINITY;
  const longest = Math.max(...continuous.map(([, rule]) => kept(rule.lifecycle.deleteAfterDays)));
  const winners = continuous.filter(([, rule]) => kept(rule.lifecycle.deleteAfterDays) === longest).map(([key]) => key);
  return continuous
    .filter(([key, rule]) => kept(rule.lifecycle.deleteAfterDays) < longest || (winners.length > 1 && winners.indexOf(key) > 0))
    .map(([key]) =>
      warning(
        `rules.${key}.continuousBackup`,
        winners.length > 1
          ? `rules ${winners.join(', ')} back up continuously into one vault with the same retention: AWS Backup creates the continuous backup for one of them only and disregards the others, their copies included (${CONTINUOUS_OVERLAP_SOURCE}); AWS does not say which: keep one`
          : `AWS Backup disregards this rule: of the continuous rules of a plan into one vault it creates the continuous backup only for the one kept longest (${winners[0]}), so this rule's retention and copies do nothing (${CONTINUOUS_OVERLAP_SOURCE}); remove it or merge its copies into ${winners[0]}`,
      ),
    );
}

/**
 * A rule's copy destinations as the construct receives them (the config checks its vault keys
 * itself): backup vault ARNs (Terraform references pass) and one copy action per destination
 * (two blocks for one vault send AWS two actions). A copy into the rule's own vault cannot be
 * told from a copy into a namesake in another Region without the plan's account: the config checks it.
 */
function checkCopyDestinations(rule: BackupRuleProps): Problem[] {
  const problems: Problem[] = [];
  const seen = new Map<string, string>();
  for (const [name, copy] of sortedEntries(rule.copies ?? {})) {
    const arn = copy.destinationVaultArn;
    const path = `copies.${name}.destinationVaultArn`;
    const earlier = seen.get(arn);
    if (earlier !== undefined) problems.push(error(path, `copies into the same vault as copies.${earlier}: a rule has one copy action per destination vault`));
    seen.set(arn, name);
    if (isToken(arn)) continue;
    if (parseBackupVaultArn(arn) === undefined) problems.push(error(path, `"${arn}" is not a backup vault ARN such as arn:aws:backup:eu-west-1:111122223333:backup-vault:dr`));
  }
  return problems;
}

/**
 * Copy destinations of another partition than the plan's Region (the config's partition rule,
 * core/regions.ts): AWS Backup copies within a partition only (in China, "Cross Region Backups are
 * only allowed between the Beijing Region and the Ningxia Region"), so such a copy is never made.
 * A destination Region the pinned provider does not know is not refused here: the plan only names
 * the vault's ARN (hashicorp/aws plans it), and the vault may live in a Region AWS Backup has but
 * the provider does not know yet (ap-southeast-6). Paths are relative to the plan.
 */
export function checkCopyPartitions(props: Pick<BackupPlanProps, 'rules'>, region: string): Problem[] {
  const partition = knownRegionPartition(region);
  if (partition === undefined) return [];
  return sortedEntries(props.rules).flatMap(([name, rule]) =>
    sortedEntries(rule.copies ?? {}).flatMap(([copy, { destinationVaultArn }]) => {
      const checkRegion = knownRegionPartition(destinationVaultArn.split(':')[3] ?? '') !== undefined;
      const message = isToken(destinationVaultArn) ? undefined : arnPlacementMessage(destinationVaultArn, partition, `the partition of ${region}`, checkRegion);
      return message === undefined ? [] : [error(`rules.${name}.copies.${copy}.destinationVaultArn`, message)];
    }),
  );
}

/**
 * Retention of each rule and copy against the lock of its vault, when the vault is one this
 * stack's constructs created before the plan (./vault-lock-registry.ts): the config's rule
 * (config/vault-locks.ts), by the same evaluator. A copy without its own lifecycle keeps the
 * rule's. Paths are relative to the plan.
 */
function checkKnownLocks(scope: Construct, props: BackupPlanProps): Problem[] {
  return sortedEntries(props.rules).flatMap(([name, rule]) => {
    const inLock = (vault: string, days: number | undefined, path: string): Problem[] => {
      const known = knownVaultLock(scope, vault, props.provider);
      return known === undefined || days === undefined ? [] : checkRetentionInLock(days, known.lock, known.vaultName, path);
    };
    const retention = rule.lifecycle.deleteAfterDays;
    return [
      ...inLock(rule.targetVaultName, retention, `rules.${name}.lifecycle.deleteAfterDays`),
      ...sortedEntries(rule.copies ?? {}).flatMap(([copy, { destinationVaultArn, lifecycle }]) => {
        const own = lifecycle?.deleteAfterDays;
        return inLock(destinationVaultArn, own ?? retention, own !== undefined ? `rules.${name}.copies.${copy}.lifecycle.deleteAfterDays` : `rules.${name}.copies.${copy}`);
      }),
    ];
  });
}

function lifecycleBlock(lifecycle: LifecycleValues) {
  return {
    deleteAfter: lifecycle.deleteAfterDays,
    coldStorageAfter: lifecycle.coldStorageAfterDays,
    optInToArchiveForSupportedResources: lifecycle.optInToArchiveForSupportedResources,
  };
}

function ruleBlock(name: string, rule: BackupRuleProps): BackupPlanRule {
  const copyActions: BackupPlanRuleCopyAction[] = sortedEntries(rule.copies ?? {}).map(([, copy]) => ({
    destinationVaultArn: copy.destinationVaultArn,
    lifecycle: lifecycleBlock(effectiveCopyLifecycle(rule, copy)),
  }));
  return {
    ruleName: name,
    targetVaultName: rule.targetVaultName,
    schedule: rule.schedule ?? RULE_LIMITS.defaultSchedule,
    scheduleExpressionTimezone: rule.scheduleTimezone ?? RULE_LIMITS.defaultTimezone,
    startWindow: ruleWindows(rule.startWindowMinutes, rule.completionWindowMinutes).startWindowMinutes,
    completionWindow: ruleWindows(rule.startWindowMinutes, rule.completionWindowMinutes).completionWindowMinutes,
    enableContinuousBackup: rule.continuousBackup ?? false,
    lifecycle: lifecycleBlock(rule.lifecycle),
    recoveryPointTags: rule.recoveryPointTags ? Object.fromEntries(sortedEntries(rule.recoveryPointTags)) : undefined,
    copyAction: copyActions.length > 0 ? copyActions : undefined,
  };
}

/** A backup plan with named rules, explicit schedules, lifecycles and copies. */
export class BackupPlan extends Construct {
  readonly plan: AwsBackupPlan;
  /** The plan id (a Terraform reference). */
  get planId(): string {
    return this.plan.id;
  }
  get arn(): string {
    return this.plan.arn;
  }

  constructor(scope: Construct, id: string, props: BackupPlanProps) {
    super(scope, id);
    const { region } = providerPlace(this, props.provider);
    reportPropsProblems(this, `BackupPlan ${this.node.path}`, [...checkPlanProps(props), ...(region === undefined ? [] : checkCopyPartitions(props, region)), ...checkKnownLocks(this, props)]);
    this.plan = new AwsBackupPlan(this, 'plan', {
      name: props.planName,
      rule: sortedEntries(props.rules).map(([name, rule]) => ruleBlock(name, rule)),
      advancedBackupSetting: props.windowsVss ? [{ resourceType: 'EC2', backupOptions: { WindowsVSS: props.windowsVss } }] : undefined,
      tags: props.tags ? { ...props.tags } : undefined,
      provider: props.provider,
    });
  }
}
