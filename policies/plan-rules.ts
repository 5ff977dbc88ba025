/**
 * The backup policy rules on the document and its plans: the size limit, plans, Regions, rules
 * (schedule, windows, continuous backup), lifecycles, copy actions and advanced backup settings,
 * reusing the shared plan checks with messages in the policy's field names.
 */
import { checkLifecycle, checkName, checkSchedule, type LifecycleValues } from '../core/checks';
import { parseBackupVaultArn, partitionOfRegion } from '../core/arn';
import { isKnownRegion } from '../core/regions';
import { AWS_DEFAULT_WINDOWS, POLICY_LIMITS, REGION_PATTERN, WINDOWS_VSS_VALUES } from '../core/limits';
import { own, type Problem } from '../core/problems';
import { childPath } from '../core/json-text';
import { characters, type JsonObject } from './json';
import { type Entry } from './grammar';
import { MESSAGES } from './messages';
import {
  ADVANCED_BACKUP_SETTINGS_KEYS,
  COPY_ACTION_KEYS,
  DOCUMENTED_UNMODELLED_KEYS,
  EC2_SETTINGS_KEYS,
  LIFECYCLE_KEYS,
  PLAN_KEYS,
  ROOT_KEYS,
  RULE_KEYS,
} from './model';
import { type PolicyProblem } from './problem';
import { SelectionRules } from './selection-rules';

/** Field names of the shared plan checks, in the policy's vocabulary. */
const POLICY_FIELDS: Readonly<Record<string, string>> = {
  deleteAfterDays: 'delete_after_days',
  coldStorageAfterDays: 'move_to_cold_storage_after_days',
  optInToArchiveForSupportedResources: 'opt_in_to_archive_for_supported_resources',
  continuousBackup: 'enable_continuous_backup',
  startWindowMinutes: 'start_backup_window_minutes',
  completionWindowMinutes: 'complete_backup_window_minutes',
};
const CONFIG_FIELD_WORDS = new RegExp(`\\b(${Object.keys(POLICY_FIELDS).join('|')})\\b`, 'g');

function inPolicyTerms(problems: readonly Problem[], pathOf: (field: string) => string): PolicyProblem[] {
  return problems.map((problem) => ({
    path: pathOf(problem.path),
    message: problem.message.replace(CONFIG_FIELD_WORDS, (word) => POLICY_FIELDS[word] ?? word),
    severity: problem.severity,
  }));
}

interface LifecycleRead {
  readonly values: LifecycleValues;
  readonly path: string;
  /** delete_after_days is absent (the whole lifecycle may be absent). */
  readonly deleteMissing: boolean;
}

const broken = (read: { present: boolean; value?: unknown }): boolean => read.present && read.value === undefined;

/** Walks a whole backup policy document by the operator grammar and every policy rule. */
export class PolicyWalker extends SelectionRules {
  size(doc: unknown, text: string | undefined): void {
    let compact: string | undefined;
    try {
      compact = JSON.stringify(doc);
    } catch {
      compact = undefined;
    }
    const measured = text ?? compact;
    if (measured === undefined) return;
    const length = characters(measured);
    if (length <= POLICY_LIMITS.maxDocumentCharacters) return;
    const compactLength = text !== undefined && compact !== undefined ? characters(compact) : undefined;
    this.error('$', MESSAGES.documentSize(length, compactLength !== undefined && compactLength <= POLICY_LIMITS.maxDocumentCharacters ? compactLength : undefined));
  }

  document(doc: unknown): void {
    const root = this.object(doc, '$');
    if (root === undefined) return;
    this.groupKeys(root, '$', '$', ROOT_KEYS);
    const plansNode = own(root, 'plans');
    if (plansNode === undefined) {
      this.missing('$.plans');
      return;
    }
    const plans = this.named(plansNode, '$.plans', { group: 'plans', nameKind: 'plan', lowerCased: false });
    if (plans === undefined) return;
    if (plans.length === 0) this.warning('$.plans', MESSAGES.noPlan);
    for (const plan of plans) this.plan(plan);
  }

  plan(entry: Entry): void {
    const plan = this.object(entry.value, entry.path);
    if (plan === undefined) return;
    this.groupKeys(plan, entry.path, entry.name, PLAN_KEYS, DOCUMENTED_UNMODELLED_KEYS.plan);
    const partition = this.regions(plan, entry.path);
    this.rules(plan, entry.path, partition);
    this.selections(plan, entry.path, partition);
    this.advancedBackupSettings(plan, entry.path);
    const planTags = own(plan, 'backup_plan_tags');
    if (planTags !== undefined) this.tags(planTags, childPath(entry.path, 'backup_plan_tags'), 'backup_plan_tags');
  }

  /** Checks the Region codes; returns the partition of the plan (from its first valid Region). */
  regions(plan: JsonObject, planPath: string): string | undefined {
    const regions = this.list(plan, 'regions', planPath, true);
    let first: { region: string; partition: string } | undefined;
    const seen = new Set<string>();
    for (const item of regions.items) {
      if (!this.variables(item.value, item.path)) continue;
      if (!REGION_PATTERN.test(item.value)) {
        this.error(item.path, MESSAGES.regionCode(item.value));
        continue;
      }
      // A plan in a Region that does not exist backs up nothing, and no job fails.
      if (!isKnownRegion(item.value)) {
        this.error(item.path, MESSAGES.unknownRegion(item.value));
        continue;
      }
      const key = `${item.operator} ${item.value}`;
      if (seen.has(key)) {
        this.warning(item.path, MESSAGES.listedTwice(item.value));
        continue;
      }
      seen.add(key);
      if (item.operator === '@@remove') continue;
      const partition = partitionOfRegion(item.value);
      if (first === undefined) first = { region: item.value, partition };
      else if (partition !== first.partition) this.error(item.path, MESSAGES.regionPartition(partition, first.region, first.partition));
    }
    return first?.partition;
  }

  rules(plan: JsonObject, planPath: string, partition: string | undefined): void {
    const path = childPath(planPath, 'rules');
    const node = own(plan, 'rules');
    if (node === undefined) {
      this.missing(path);
      return;
    }
    const rules = this.named(node, path, { group: 'rules', nameKind: 'rule', lowerCased: true });
    if (rules === undefined) return;
    if (rules.length === 0) this.error(path, MESSAGES.noRule);
    if (rules.length > POLICY_LIMITS.maxRulesPerPlan) this.error(path, MESSAGES.tooManyRules(rules.length));
    const read = rules.map((rule) => ({ name: rule.name, ...this.rule(rule, partition) }));
    // AWS rejects a plan whose continuous rules point to different vaults ("Overlapping continuous backups on the same resource").
    const continuous = read.filter((rule) => rule.continuous && rule.vault !== undefined);
    if (new Set(continuous.map((rule) => rule.vault)).size > 1) this.error(path, MESSAGES.continuousIntoVaults(continuous.map((rule) => `${rule.name} (${rule.vault})`)));
  }

  /** Checks a rule; returns its vault and whether it backs up continuously (for the plan-wide check). */
  rule(entry: Entry, partition: string | undefined): { vault?: string; continuous: boolean } {
    const rule = this.object(entry.value, entry.path);
    if (rule === undefined) return { continuous: false };
    const path = entry.path;
    this.groupKeys(rule, path, entry.name, RULE_KEYS, DOCUMENTED_UNMODELLED_KEYS.rule);
    const schedule = this.text(rule, 'schedule_expression', path, { required: true });
    const vault = this.text(rule, 'target_backup_vault_name', path, { required: true });
    if (vault.value !== undefined) this.add(checkName('vault', vault.value, vault.path));
    const start = this.whole(rule, 'start_backup_window_minutes', path);
    const completion = this.whole(rule, 'complete_backup_window_minutes', path);
    const continuous = this.bool(rule, 'enable_continuous_backup', path);

    const windowsUsable = !broken(start) && !broken(completion);
    const scheduleProblems = checkSchedule({
      schedule: schedule.value,
      startWindowMinutes: windowsUsable ? start.value : undefined,
      // A policy rule without a start window starts within AWS's 480 minutes, not the config's 60.
      defaultStartWindowMinutes: AWS_DEFAULT_WINDOWS.startMinutes,
      // Absent (or unusable): AWS applies its own default, nothing to compare.
      completionWindowMinutes: windowsUsable ? (completion.value ?? Number.POSITIVE_INFINITY) : Number.POSITIVE_INFINITY,
    });
    const fieldPaths: Record<string, string> = { schedule: schedule.path, startWindowMinutes: start.path, completionWindowMinutes: completion.path };
    this.add(inPolicyTerms(scheduleProblems, (field) => fieldPaths[field] ?? path));

    const isContinuous = continuous.value === true;
    const lifecycle = this.lifecycle(rule, path, isContinuous);
    if (lifecycle !== undefined && lifecycle.deleteMissing) {
      const deletePath = childPath(lifecycle.path, 'delete_after_days');
      if (isContinuous) this.error(deletePath, MESSAGES.continuousNeedsRetention);
      else if (!broken(continuous)) this.warning(deletePath, MESSAGES.noRetention);
    }

    const copies = own(rule, 'copy_actions');
    if (copies !== undefined) this.copyActions(copies, childPath(path, 'copy_actions'), partition);
    const tags = own(rule, 'recovery_point_tags');
    if (tags !== undefined) this.tags(tags, childPath(path, 'recovery_point_tags'), 'recovery_point_tags', POLICY_LIMITS.maxRecoveryPointTags);
    return { vault: vault.value, continuous: isContinuous };
  }

  /** Reads and checks a lifecycle group (checkLifecycle); undefined when it is unusable. */
  lifecycle(parent: JsonObject, parentPath: string, continuousBackup: boolean): LifecycleRead | undefined {
    const path = childPath(parentPath, 'lifecycle');
    const node = own(parent, 'lifecycle');
    if (node === undefined) return { values: {}, path, deleteMissing: true };
    const lifecycle = this.object(node, path);
    if (lifecycle === undefined) return undefined;
    this.groupKeys(lifecycle, path, 'lifecycle', LIFECYCLE_KEYS);
    const cold = this.whole(lifecycle, 'move_to_cold_storage_after_days', path);
    const del = this.whole(lifecycle, 'delete_after_days', path);
    const optIn = this.bool(lifecycle, 'opt_in_to_archive_for_supported_resources', path);
    const values: LifecycleValues = {
      deleteAfterDays: del.value,
      coldStorageAfterDays: cold.value,
      optInToArchiveForSupportedResources: optIn.value,
    };
    const paths: Record<string, string> = { deleteAfterDays: del.path, coldStorageAfterDays: cold.path, optInToArchiveForSupportedResources: optIn.path };
    this.add(inPolicyTerms(checkLifecycle(values, { continuousBackup }), (field) => paths[field] ?? path));
    return { values, path, deleteMissing: !del.present };
  }

  copyActions(node: unknown, path: string, partition: string | undefined): void {
    const copies = this.named(node, path, { group: 'copy_actions', lowerCased: true, arnKeys: true });
    if (copies === undefined) return;
    if (copies.length > POLICY_LIMITS.maxCopyActionsPerRule) this.error(path, MESSAGES.tooManyCopies(copies.length));
    for (const entry of copies) {
      const copy = this.object(entry.value, entry.path);
      if (copy === undefined) continue;
      this.groupKeys(copy, entry.path, entry.name, COPY_ACTION_KEYS);
      const target = this.text(copy, 'target_backup_vault_arn', entry.path, { arn: true });
      if (target.value !== undefined) {
        this.vaultArn(target.value, target.path, partition);
        if (entry.name !== target.value) this.warning(entry.path, MESSAGES.copyKeyMismatch(target.value));
      } else if (!target.present) {
        if (parseBackupVaultArn(entry.name) !== undefined) {
          this.warning(entry.path, MESSAGES.copyWithoutTarget);
          this.vaultArn(entry.name, entry.path, partition);
        } else {
          this.error(entry.path, MESSAGES.copyWithoutDestination);
        }
      }
      // Copies of continuous backups become snapshots: the plain lifecycle rules apply.
      const lifecycle = this.lifecycle(copy, entry.path, false);
      // A lifecycle of its own without delete_after_days keeps the copies forever, as policies/references.ts reads it for the vault
      // locks (and the config refuses it: modules/backup-plan.ts checkRuleProps); without a lifecycle the rule's applies.
      if (lifecycle !== undefined && lifecycle.deleteMissing && own(copy, 'lifecycle') !== undefined) this.warning(childPath(lifecycle.path, 'delete_after_days'), MESSAGES.noCopyRetention);
    }
  }

  vaultArn(arn: string, path: string, partition: string | undefined): void {
    if (arn.includes('$region')) return; // reported by variables()
    const parts = parseBackupVaultArn(arn);
    if (parts === undefined) {
      this.error(path, MESSAGES.vaultArn(arn));
      return;
    }
    this.add(checkName('vault', parts.name, path));
    this.partition(arn, path, partition);
  }

  advancedBackupSettings(plan: JsonObject, planPath: string): void {
    const node = own(plan, 'advanced_backup_settings');
    if (node === undefined) return;
    const path = childPath(planPath, 'advanced_backup_settings');
    const settings = this.object(node, path);
    if (settings === undefined) return;
    this.groupKeys(settings, path, 'advanced_backup_settings', ADVANCED_BACKUP_SETTINGS_KEYS, DOCUMENTED_UNMODELLED_KEYS.advancedBackupSettings);
    const ec2Node = own(settings, 'ec2');
    if (ec2Node === undefined) return;
    const ec2Path = childPath(path, 'ec2');
    const ec2 = this.object(ec2Node, ec2Path);
    if (ec2 === undefined) return;
    this.groupKeys(ec2, ec2Path, 'ec2', EC2_SETTINGS_KEYS);
    const vss = this.text(ec2, 'windows_vss', ec2Path);
    if (vss.value !== undefined && !(WINDOWS_VSS_VALUES as readonly string[]).includes(vss.value)) this.error(vss.path, MESSAGES.windowsVss(vss.value));
  }
}
