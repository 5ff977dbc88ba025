/**
 * The backup posture of a synthesized estate: what the Terraform JSON in a synth dir
 * (`cdktf.out/stacks/<stack>/cdk.tf.json`, `rollout.json`, and `compliance.json` when the
 * compliance pack ran) actually protects, stack by stack: every plan's rules (schedule in words,
 * worst-case RPO, warm and cold retention, target vault and its lock, copies with their
 * destination, retention and lock), what each selection covers, the Organizations backup
 * policies of the management stack, the vaults of every stack, and the compliance findings and
 * suppressions.
 *
 * Everything is read from the synthesized JSON, not from the config: the report shows what
 * Terraform would apply. References such as "${aws_backup_vault.vault-main_vault_77900A69.name}"
 * are resolved to the resource in the same stack; vault ARNs of other stacks (DR and central
 * vaults) are looked up across the estate by account, Region and name.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readRollout, type RolloutStack, type StackKind } from '../rollout/rollout';
import { bestRpo, explainRpo, type RpoEstimate } from './rpo';
import { scheduleInWords } from './schedule-words';
import { parseBackupVaultArn } from '../core/arn';

// ---------------------------------------------------------------------------
// Model
// ---------------------------------------------------------------------------

export type LockMode = 'governance' | 'compliance';

export interface LockPosture {
  /** compliance: changeable_for_days is set (immutable after the grace period); governance otherwise. */
  readonly mode: LockMode;
  readonly minRetentionDays: number | null;
  /** null: no maximum. */
  readonly maxRetentionDays: number | null;
  /** Grace period of a compliance lock. */
  readonly changeableForDays: number | null;
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
}

export interface CopyPosture {
  /** The destination vault ARN as written (a reference is shown resolved: arn:aws:backup:<region>:<account>:backup-vault:<name>). */
  readonly arn: string;
  readonly destination: VaultRef;
  readonly crossRegion: boolean;
  readonly crossAccount: boolean;
  readonly retention: RetentionPosture;
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
}

export type TagOperator = 'StringEquals' | 'StringNotEquals' | 'StringLike' | 'StringNotLike';

export interface TagTest {
  readonly operator: TagOperator;
  readonly key: string;
  readonly value: string;
}

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
}

export interface PlanPosture {
  readonly name: string;
  readonly address: string;
  readonly rules: RulePosture[];
  /** Best (smallest) worst-case RPO of the rules, minutes; null when none is bounded. */
  readonly rpoMinutes: number | null;
  readonly selections: SelectionPosture[];
}

export interface PolicyPlanPosture extends PlanPosture {
  readonly regions: string[];
}

export interface PolicyTarget {
  readonly id: string;
  /** Account key for account ids the rollout knows, else the id (ou-..., r-...). */
  readonly label: string;
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

export interface Finding {
  readonly ruleId: string;
  readonly severity: 'error' | 'warning';
  readonly stack: string;
  readonly address: string;
  readonly message: string;
  readonly description: string;
  readonly remediation: string;
  readonly source: string;
  readonly suppressed?: { readonly reason: string };
}

export interface Suppression {
  readonly rule: string;
  readonly stack?: string;
  readonly resource?: string;
  readonly reason: string;
  readonly matched: number;
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
  readonly suppressions: Suppression[];
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
  readonly suppressions: Suppression[];
  /** Findings of stacks the rollout does not list. */
  readonly otherFindings: Finding[];
}

export interface Posture {
  readonly version: 1;
  /** What was read (a synth dir or a config file), for humans. */
  readonly source: string;
  readonly stacks: StackPosture[];
  readonly compliance: ComplianceSummary;
}

// ---------------------------------------------------------------------------
// JSON helpers
// ---------------------------------------------------------------------------

type JsonObject = { readonly [key: string]: unknown };

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function asObject(value: unknown): JsonObject {
  if (Array.isArray(value)) return isObject(value[0]) ? value[0] : {};
  return isObject(value) ? value : {};
}

function asList(value: unknown): unknown[] {
  if (Array.isArray(value)) return value;
  return value === undefined || value === null ? [] : [value];
}

function asString(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && /^[0-9]+(\.[0-9]+)?$/.test(value)) return Number(value);
  return undefined;
}

function asStrings(value: unknown): string[] {
  return asList(value).flatMap((item) => (typeof item === 'string' ? [item] : []));
}

/** Code-unit order: the same on every machine. */
function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

// ---------------------------------------------------------------------------
// References and Regions
// ---------------------------------------------------------------------------

export interface Reference {
  readonly type: string;
  readonly name: string;
  readonly attribute: string;
}

/** Parses "${aws_backup_vault.vault-main_vault_77900A69.name}"; undefined for anything else. */
export function parseReference(value: string): Reference | undefined {
  const match = /^\$\{([A-Za-z0-9_]+)\.([A-Za-z0-9_-]+)\.([A-Za-z0-9_]+)\}$/.exec(value.trim());
  if (!match || match[1] === undefined || match[2] === undefined || match[3] === undefined) return undefined;
  return { type: match[1], name: match[2], attribute: match[3] };
}

export interface ResolvedResource {
  readonly type: string;
  readonly name: string;
  readonly address: string;
  readonly attributes: JsonObject;
}

/** The resource a reference string points to in the same stack (the `resource` block of cdk.tf.json). */
export function resolveReference(resources: unknown, value: string): ResolvedResource | undefined {
  const reference = parseReference(value);
  if (!reference) return undefined;
  const attributes = asObject(resources)[reference.type];
  if (!isObject(attributes) || !isObject(attributes[reference.name])) return undefined;
  return { type: reference.type, name: reference.name, address: `${reference.type}.${reference.name}`, attributes: attributes[reference.name] as JsonObject };
}

/** arn:<partition>:backup:<region>:<account>:backup-vault:<name> (account may be $account). */
export function parseVaultArn(arn: string): { region: string; accountId: string; name: string } | undefined {
  const parts = parseBackupVaultArn(arn);
  return parts && { region: parts.region, accountId: parts.account, name: parts.name };
}

const vaultKey = (accountId: string, region: string, name: string) => `${accountId}/${region}/${name}`;

interface StackContext {
  readonly stack: RolloutStack;
  readonly resources: JsonObject;
  readonly defaultRegion: string;
  readonly aliasRegions: ReadonlyMap<string, string>;
}

function contextFor(stack: RolloutStack, json: JsonObject): StackContext {
  const aliasRegions = new Map<string, string>();
  let defaultRegion = stack.region;
  for (const provider of asList(asObject(json.provider).aws)) {
    if (!isObject(provider)) continue;
    const region = asString(provider.region);
    if (region === undefined) continue;
    const alias = asString(provider.alias);
    if (alias === undefined) defaultRegion = region;
    else aliasRegions.set(alias, region);
  }
  return { stack, resources: asObject(json.resource), defaultRegion, aliasRegions };
}

/** The Region of a resource: its aliased provider's Region, else the stack's default provider. */
function regionOf(context: StackContext, attributes: JsonObject): string {
  const provider = asString(attributes.provider);
  if (provider?.startsWith('aws.')) return context.aliasRegions.get(provider.slice(4)) ?? context.defaultRegion;
  return context.defaultRegion;
}

function resourcesOfType(context: StackContext, type: string): [string, JsonObject][] {
  const byName = asObject(context.resources[type]);
  return Object.keys(byName)
    .sort(compareText)
    .flatMap((name) => (isObject(byName[name]) ? [[name, byName[name] as JsonObject] as [string, JsonObject]] : []));
}

// ---------------------------------------------------------------------------
// Vaults and locks
// ---------------------------------------------------------------------------

function lockOf(attributes: JsonObject): LockPosture {
  const changeable = asNumber(attributes.changeable_for_days) ?? null;
  return {
    mode: changeable === null ? 'governance' : 'compliance',
    minRetentionDays: asNumber(attributes.min_retention_days) ?? null,
    maxRetentionDays: asNumber(attributes.max_retention_days) ?? null,
    changeableForDays: changeable,
  };
}

function readVaults(context: StackContext): VaultPosture[] {
  const { stack } = context;
  const locks = resourcesOfType(context, 'aws_backup_vault_lock_configuration');
  const vaults: VaultPosture[] = [];
  for (const [resourceName, attributes] of resourcesOfType(context, 'aws_backup_vault')) {
    const region = regionOf(context, attributes);
    const name = asString(attributes.name) ?? resourceName;
    const lock = locks.find(([, lockAttributes]) => {
      const target = asString(lockAttributes.backup_vault_name) ?? '';
      const reference = parseReference(target);
      if (reference) return reference.type === 'aws_backup_vault' && reference.name === resourceName;
      return target === name && regionOf(context, lockAttributes) === region;
    });
    vaults.push({
      key: vaultKey(stack.accountId, region, name),
      name,
      region,
      accountId: stack.accountId,
      stack: stack.name,
      address: `aws_backup_vault.${resourceName}`,
      airGapped: false,
      lock: lock ? lockOf(lock[1]) : null,
    });
  }
  for (const [resourceName, attributes] of resourcesOfType(context, 'aws_backup_logically_air_gapped_vault')) {
    const region = regionOf(context, attributes);
    const name = asString(attributes.name) ?? resourceName;
    vaults.push({
      key: vaultKey(stack.accountId, region, name),
      name,
      region,
      accountId: stack.accountId,
      stack: stack.name,
      address: `aws_backup_logically_air_gapped_vault.${resourceName}`,
      airGapped: true,
      // A logically air-gapped vault is locked in compliance mode by AWS, within its min/max.
      lock: { mode: 'compliance', minRetentionDays: asNumber(attributes.min_retention_days) ?? null, maxRetentionDays: asNumber(attributes.max_retention_days) ?? null, changeableForDays: null },
    });
  }
  return vaults.sort((a, b) => compareText(a.region, b.region) || compareText(a.name, b.name));
}

function refFromVault(vault: VaultPosture): VaultRef {
  return { key: vault.key, name: vault.name, region: vault.region, accountId: vault.accountId, known: true, airGapped: vault.airGapped, lock: vault.lock };
}

function unknownVault(accountId: string, region: string, name: string): VaultRef {
  return { key: vaultKey(accountId, region, name), name, region, accountId, known: false, airGapped: false, lock: null };
}

type VaultIndex = ReadonlyMap<string, VaultPosture>;

/** A rule's target vault: a reference to a vault of the stack, or a name in the plan's Region. */
function targetVault(context: StackContext, index: VaultIndex, value: string, region: string): VaultRef {
  const resolved = resolveReference(context.resources, value);
  if (resolved) {
    const vault = index.get(vaultKey(context.stack.accountId, regionOf(context, resolved.attributes), asString(resolved.attributes.name) ?? resolved.name));
    if (vault) return refFromVault(vault);
  }
  const vault = index.get(vaultKey(context.stack.accountId, region, value));
  return vault ? refFromVault(vault) : unknownVault(context.stack.accountId, region, value);
}

/** A copy destination: a reference to a vault of the stack, or an ARN looked up across the estate. */
function destinationVault(context: StackContext, index: VaultIndex, value: string): { arn: string; vault: VaultRef } {
  const resolved = resolveReference(context.resources, value);
  if (resolved) {
    const region = regionOf(context, resolved.attributes);
    const name = asString(resolved.attributes.name) ?? resolved.name;
    const vault = index.get(vaultKey(context.stack.accountId, region, name));
    return { arn: `arn:aws:backup:${region}:${context.stack.accountId}:backup-vault:${name}`, vault: vault ? refFromVault(vault) : unknownVault(context.stack.accountId, region, name) };
  }
  const parsed = parseVaultArn(value);
  if (!parsed) return { arn: value, vault: unknownVault('unknown', 'unknown', value) };
  const vault = index.get(vaultKey(parsed.accountId, parsed.region, parsed.name));
  return { arn: value, vault: vault ? refFromVault(vault) : unknownVault(parsed.accountId, parsed.region, parsed.name) };
}

// ---------------------------------------------------------------------------
// Rules
// ---------------------------------------------------------------------------

/** AWS defaults when a rule leaves them out (the synthesized stacks always state them). */
const DEFAULT_SCHEDULE = 'cron(0 5 ? * * *)';
const DEFAULT_START_WINDOW = 480;
const DEFAULT_COMPLETION_WINDOW = 10080;

export function retentionOf(deleteAfterDays: number | null, coldStorageAfterDays: number | null): RetentionPosture {
  if (coldStorageAfterDays === null) {
    return { deleteAfterDays, coldStorageAfterDays, warmDays: deleteAfterDays, coldDays: 0, totalDays: deleteAfterDays };
  }
  return {
    deleteAfterDays,
    coldStorageAfterDays,
    warmDays: coldStorageAfterDays,
    coldDays: deleteAfterDays === null ? null : Math.max(0, deleteAfterDays - coldStorageAfterDays),
    totalDays: deleteAfterDays,
  };
}

function terraformRetention(lifecycle: unknown): RetentionPosture {
  const block = asObject(lifecycle);
  return retentionOf(asNumber(block.delete_after) ?? null, asNumber(block.cold_storage_after) ?? null);
}

interface RuleFields {
  readonly name: string;
  readonly schedule: string;
  readonly timezone: string;
  readonly startWindowMinutes: number;
  readonly completionWindowMinutes: number;
  readonly continuous: boolean;
  readonly retention: RetentionPosture;
  readonly vault: VaultRef;
  readonly copies: CopyPosture[];
}

function rulePosture(fields: RuleFields): RulePosture {
  return {
    name: fields.name,
    schedule: fields.schedule,
    timezone: fields.timezone,
    scheduleWords: scheduleInWords(fields.schedule, fields.timezone),
    startWindowMinutes: fields.startWindowMinutes,
    completionWindowMinutes: fields.completionWindowMinutes,
    continuous: fields.continuous,
    rpo: explainRpo({
      schedule: fields.schedule,
      timezone: fields.timezone,
      startWindowMinutes: fields.startWindowMinutes,
      completionWindowMinutes: fields.completionWindowMinutes,
      continuous: fields.continuous,
    }),
    retention: fields.retention,
    vault: fields.vault,
    copies: fields.copies,
  };
}

function readRule(context: StackContext, index: VaultIndex, rule: JsonObject, region: string, position: number): RulePosture {
  const retention = terraformRetention(rule.lifecycle);
  const vault = targetVault(context, index, asString(rule.target_vault_name) ?? '', region);
  const copies = asList(rule.copy_action).flatMap((action): CopyPosture[] => {
    if (!isObject(action)) return [];
    const { arn, vault: destination } = destinationVault(context, index, asString(action.destination_vault_arn) ?? '');
    return [
      {
        arn,
        destination,
        crossRegion: destination.region !== region,
        crossAccount: destination.accountId !== context.stack.accountId,
        // A copy action without lifecycle keeps the rule's (the synthesized stacks always state it).
        retention: action.lifecycle === undefined ? retention : terraformRetention(action.lifecycle),
      },
    ];
  });
  return rulePosture({
    name: asString(rule.rule_name) ?? `rule-${position + 1}`,
    schedule: asString(rule.schedule) ?? DEFAULT_SCHEDULE,
    timezone: asString(rule.schedule_expression_timezone) ?? 'Etc/UTC',
    startWindowMinutes: asNumber(rule.start_window) ?? DEFAULT_START_WINDOW,
    completionWindowMinutes: asNumber(rule.completion_window) ?? DEFAULT_COMPLETION_WINDOW,
    continuous: rule.enable_continuous_backup === true || rule.enable_continuous_backup === 'true',
    retention,
    vault,
    copies: copies.sort((a, b) => compareText(a.destination.key, b.destination.key)),
  });
}

// ---------------------------------------------------------------------------
// Selections
// ---------------------------------------------------------------------------

const OPERATOR_WORDS: Record<TagOperator, string> = { StringEquals: '=', StringNotEquals: '!=', StringLike: 'like', StringNotLike: 'not like' };

/** "backup = gold", "environment != sandbox", "name like prod-*". */
export function tagTestWords(test: TagTest): string {
  return `${test.key} ${OPERATOR_WORDS[test.operator]} ${test.value}`;
}

function operatorOf(text: string): TagOperator {
  const normalized = text.replace(/_/g, '').toLowerCase();
  if (normalized === 'stringnotequals') return 'StringNotEquals';
  if (normalized === 'stringlike') return 'StringLike';
  if (normalized === 'stringnotlike') return 'StringNotLike';
  return 'StringEquals';
}

function compareTests(a: TagTest, b: TagTest): number {
  return compareText(a.key, b.key) || compareText(a.operator, b.operator) || compareText(a.value, b.value);
}

const MAX_ARNS_IN_WORDS = 5;

function arnList(arns: readonly string[]): string {
  const shown = arns.slice(0, MAX_ARNS_IN_WORDS).join(', ');
  return arns.length > MAX_ARNS_IN_WORDS ? `${shown} and ${arns.length - MAX_ARNS_IN_WORDS} more` : shown;
}

/** What a selection covers, in words: tags OR resources, conditions AND, exclusions. */
export function selectionInWords(selection: Pick<SelectionPosture, 'tags' | 'conditions' | 'resources' | 'notResources'>): string {
  const arns = selection.resources.filter((resource) => resource !== '*');
  let words: string;
  if (selection.resources.includes('*')) {
    // "*" OR-ed with anything is every resource (opted in to AWS Backup): tags add nothing.
    words = 'every resource';
  } else {
    const alternatives: string[] = [];
    if (selection.tags.length > 0) alternatives.push(`resources tagged ${selection.tags.map(tagTestWords).join(' or ')}`);
    if (arns.length > 0) alternatives.push(`${arns.length} resource${arns.length === 1 ? '' : 's'}: ${arnList(arns)}`);
    words = alternatives.length > 0 ? alternatives.join(', or ') : 'nothing';
  }
  if (selection.conditions.length > 0) {
    const tests = selection.conditions.map(tagTestWords).join(' and ');
    words += words === 'every resource' ? ` whose tags match ${tests}` : `, whose tags also match ${tests}`;
  }
  if (selection.notResources.length > 0) words += `, except ${arnList(selection.notResources)}`;
  return words;
}

function selectionPosture(name: string, tags: TagTest[], conditions: TagTest[], resources: string[], notResources: string[]): SelectionPosture {
  const sorted = { tags: [...tags].sort(compareTests), conditions: [...conditions].sort(compareTests), resources: [...resources].sort(compareText), notResources: [...notResources].sort(compareText) };
  return { name, ...sorted, words: selectionInWords(sorted) };
}

function readSelection(resourceName: string, attributes: JsonObject): SelectionPosture {
  const tags = asList(attributes.selection_tag).flatMap((tag): TagTest[] =>
    isObject(tag) ? [{ operator: operatorOf(asString(tag.type) ?? 'STRINGEQUALS'), key: asString(tag.key) ?? '', value: asString(tag.value) ?? '' }] : [],
  );
  const conditions: TagTest[] = [];
  for (const condition of asList(attributes.condition)) {
    if (!isObject(condition)) continue;
    for (const [operatorKey, entries] of Object.entries(condition)) {
      for (const entry of asList(entries)) {
        if (!isObject(entry)) continue;
        conditions.push({ operator: operatorOf(operatorKey), key: (asString(entry.key) ?? '').replace(/^aws:ResourceTag\//, ''), value: asString(entry.value) ?? '' });
      }
    }
  }
  return selectionPosture(asString(attributes.name) ?? resourceName, tags, conditions, asStrings(attributes.resources), asStrings(attributes.not_resources));
}

// ---------------------------------------------------------------------------
// Plans
// ---------------------------------------------------------------------------

function readPlans(context: StackContext, index: VaultIndex): PlanPosture[] {
  const selectionsByPlan = new Map<string, SelectionPosture[]>();
  for (const [resourceName, attributes] of resourcesOfType(context, 'aws_backup_selection')) {
    const reference = parseReference(asString(attributes.plan_id) ?? '');
    const planName = reference?.type === 'aws_backup_plan' ? reference.name : asString(attributes.plan_id) ?? '';
    selectionsByPlan.set(planName, [...(selectionsByPlan.get(planName) ?? []), readSelection(resourceName, attributes)]);
  }
  return resourcesOfType(context, 'aws_backup_plan')
    .map(([resourceName, attributes]): PlanPosture => {
      const region = regionOf(context, attributes);
      const rules = asList(attributes.rule)
        .flatMap((rule, position) => (isObject(rule) ? [readRule(context, index, rule, region, position)] : []))
        .sort((a, b) => compareText(a.name, b.name));
      return {
        name: asString(attributes.name) ?? resourceName,
        address: `aws_backup_plan.${resourceName}`,
        rules,
        rpoMinutes: bestRpo(rules.map((rule) => rule.rpo.minutes)),
        selections: (selectionsByPlan.get(resourceName) ?? []).sort((a, b) => compareText(a.name, b.name)),
      };
    })
    .sort((a, b) => compareText(a.name, b.name) || compareText(a.address, b.address));
}

// ---------------------------------------------------------------------------
// Organizations backup policies
// ---------------------------------------------------------------------------

/** The value of a policy setting: its @@assign (policies may also be written without operators). */
function assigned(node: unknown): unknown {
  return isObject(node) && '@@assign' in node ? node['@@assign'] : node;
}

function assignedString(node: unknown): string | undefined {
  return asString(assigned(node));
}

function assignedNumber(node: unknown): number | undefined {
  return asNumber(assigned(node));
}

/** Named children of a policy map, without @@ operators, in name order. */
function namedChildren(node: unknown): [string, JsonObject][] {
  const map = asObject(node);
  return Object.keys(map)
    .filter((key) => !key.startsWith('@@'))
    .sort(compareText)
    .flatMap((key) => (isObject(map[key]) ? [[key, map[key] as JsonObject] as [string, JsonObject]] : []));
}

function policyRetention(lifecycle: unknown): RetentionPosture {
  const block = asObject(lifecycle);
  return retentionOf(assignedNumber(block.delete_after_days) ?? null, assignedNumber(block.move_to_cold_storage_after_days) ?? null);
}

function policyConditions(node: unknown): TagTest[] {
  const tests: TagTest[] = [];
  for (const [operatorKey, entries] of namedChildren(node)) {
    for (const [, condition] of namedChildren(entries)) {
      tests.push({
        operator: operatorOf(operatorKey),
        key: (assignedString(condition.condition_key) ?? '').replace(/^aws:ResourceTag\//, ''),
        value: assignedString(condition.condition_value) ?? '',
      });
    }
  }
  return tests;
}

function readPolicyPlan(index: VaultIndex, name: string, plan: JsonObject): PolicyPlanPosture {
  const regions = asStrings(assigned(plan.regions)).sort(compareText);
  const rules = namedChildren(plan.rules).map(([ruleName, rule]): RulePosture => {
    const retention = policyRetention(rule.lifecycle);
    const vaultName = assignedString(rule.target_backup_vault_name) ?? '';
    const copies = namedChildren(rule.copy_actions).map(([arnKey, action]): CopyPosture => {
      const arn = assignedString(action.target_backup_vault_arn) ?? arnKey;
      const parsed = parseVaultArn(arn);
      const known = parsed ? index.get(vaultKey(parsed.accountId, parsed.region, parsed.name)) : undefined;
      const destination = known ? refFromVault(known) : unknownVault(parsed?.accountId ?? 'unknown', parsed?.region ?? 'unknown', parsed?.name ?? arn);
      return {
        arn,
        destination,
        crossRegion: !(regions.length === 1 && regions[0] === destination.region),
        crossAccount: destination.accountId !== '$account',
        retention: action.lifecycle === undefined ? retention : policyRetention(action.lifecycle),
      };
    });
    return rulePosture({
      name: ruleName,
      schedule: assignedString(rule.schedule_expression) ?? DEFAULT_SCHEDULE,
      timezone: assignedString(rule.schedule_expression_timezone) ?? 'Etc/UTC',
      startWindowMinutes: assignedNumber(rule.start_backup_window_minutes) ?? DEFAULT_START_WINDOW,
      completionWindowMinutes: assignedNumber(rule.complete_backup_window_minutes) ?? DEFAULT_COMPLETION_WINDOW,
      continuous: assignedString(rule.enable_continuous_backup) === 'true' || assigned(rule.enable_continuous_backup) === true,
      retention,
      // The vault of that name in each account and Region the policy reaches.
      vault: unknownVault('$account', regions.length === 1 ? (regions[0] ?? 'each Region') : 'each Region', vaultName),
      copies: copies.sort((a, b) => compareText(a.destination.key, b.destination.key)),
    });
  });
  const selectionsNode = asObject(plan.selections);
  const selections: SelectionPosture[] = [];
  for (const [selectionName, selection] of namedChildren(selectionsNode.tags)) {
    const key = assignedString(selection.tag_key) ?? '';
    const tags = asStrings(assigned(selection.tag_value)).map((value): TagTest => ({ operator: 'StringEquals', key, value }));
    selections.push(selectionPosture(selectionName, tags, policyConditions(selection.conditions), [], []));
  }
  for (const [selectionName, selection] of namedChildren(selectionsNode.resources)) {
    selections.push(selectionPosture(selectionName, [], policyConditions(selection.conditions), asStrings(assigned(selection.resource_types)), asStrings(assigned(selection.not_resource_types))));
  }
  return {
    name,
    address: '',
    regions,
    rules,
    rpoMinutes: bestRpo(rules.map((rule) => rule.rpo.minutes)),
    selections: selections.sort((a, b) => compareText(a.name, b.name)),
  };
}

function readPolicies(context: StackContext, index: VaultIndex, accountNames: ReadonlyMap<string, string>): PolicyPosture[] {
  const attachments = resourcesOfType(context, 'aws_organizations_policy_attachment');
  return resourcesOfType(context, 'aws_organizations_policy')
    .filter(([, attributes]) => (asString(attributes.type) ?? 'BACKUP_POLICY') === 'BACKUP_POLICY')
    .map(([resourceName, attributes]): PolicyPosture => {
      const name = asString(attributes.name) ?? resourceName;
      const targets = attachments
        .filter(([, attachment]) => {
          const reference = parseReference(asString(attachment.policy_id) ?? '');
          return reference?.type === 'aws_organizations_policy' && reference.name === resourceName;
        })
        .map(([, attachment]): PolicyTarget => {
          const id = asString(attachment.target_id) ?? '';
          return { id, label: accountNames.get(id) ?? id };
        })
        .sort((a, b) => compareText(a.id, b.id));
      let content: unknown;
      try {
        content = JSON.parse(asString(attributes.content) ?? '');
      } catch {
        return { name, address: `aws_organizations_policy.${resourceName}`, description: asString(attributes.description) ?? '', plans: [], targets, problem: 'content is not JSON' };
      }
      const plans = namedChildren(asObject(content).plans).map(([planName, plan]) => readPolicyPlan(index, planName, plan));
      return { name, address: `aws_organizations_policy.${resourceName}`, description: asString(attributes.description) ?? '', plans, targets };
    })
    .sort((a, b) => compareText(a.name, b.name));
}

// ---------------------------------------------------------------------------
// Compliance
// ---------------------------------------------------------------------------

interface ComplianceFile {
  readonly status: ComplianceSummary['status'];
  readonly problem?: string;
  readonly findings: Finding[];
  readonly suppressions: Suppression[];
}

function readFinding(value: unknown): Finding | undefined {
  if (!isObject(value)) return undefined;
  const suppressed = isObject(value.suppressed) ? { reason: asString(value.suppressed.reason) ?? '' } : undefined;
  return {
    ruleId: asString(value.ruleId) ?? '',
    severity: value.severity === 'error' ? 'error' : 'warning',
    stack: asString(value.stack) ?? '',
    address: asString(value.address) ?? '',
    message: asString(value.message) ?? '',
    description: asString(value.description) ?? '',
    remediation: asString(value.remediation) ?? '',
    source: asString(value.source) ?? '',
    ...(suppressed ? { suppressed } : {}),
  };
}

function readSuppression(value: unknown): Suppression | undefined {
  if (!isObject(value)) return undefined;
  const stack = asString(value.stack);
  const resource = asString(value.resource);
  return {
    rule: asString(value.rule) ?? '',
    ...(stack === undefined ? {} : { stack }),
    ...(resource === undefined ? {} : { resource }),
    reason: asString(value.reason) ?? '',
    matched: asNumber(value.matched) ?? 0,
  };
}

/** compliance.json of a synth dir: absent is "not run"; unreadable content is reported, not thrown. */
export function readCompliance(synthDir: string): ComplianceFile {
  const path = join(synthDir, 'compliance.json');
  if (!existsSync(path)) return { status: 'not run', findings: [], suppressions: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    return { status: 'unreadable', problem: `compliance.json is not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`, findings: [], suppressions: [] };
  }
  if (!isObject(parsed) || !Array.isArray(parsed.findings)) {
    return { status: 'unreadable', problem: 'compliance.json has no findings array', findings: [], suppressions: [] };
  }
  return {
    status: 'run',
    findings: parsed.findings.flatMap((finding) => readFinding(finding) ?? []),
    suppressions: asList(parsed.suppressions).flatMap((suppression) => readSuppression(suppression) ?? []),
  };
}

// ---------------------------------------------------------------------------
// The synth dir
// ---------------------------------------------------------------------------

export interface ReadPostureOptions {
  /** Shown as the posture's source. @default the synth dir */
  readonly source?: string;
}

function readStackJson(synthDir: string, stack: RolloutStack): JsonObject {
  const path = join(synthDir, 'stacks', stack.name, 'cdk.tf.json');
  if (!existsSync(path)) throw new Error(`${path}: not found (rollout.json lists stack ${stack.name}): synthesize again`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (cause) {
    throw new Error(`${path}: not valid JSON: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
  if (!isObject(parsed)) throw new Error(`${path}: not a Terraform JSON object`);
  return parsed;
}

/**
 * Reads a synth dir (`<dir>/rollout.json`, `<dir>/stacks/<stack>/cdk.tf.json`, optional
 * `<dir>/compliance.json`) into its posture. Throws an Error naming the file when rollout.json
 * or a stack it lists is missing or unreadable.
 */
export function readPosture(synthDir: string, options: ReadPostureOptions = {}): Posture {
  const rolloutPath = join(synthDir, 'rollout.json');
  if (!existsSync(rolloutPath)) throw new Error(`${rolloutPath}: not found: not a synth dir (run npm run synth first)`);
  const rollout = readRollout(rolloutPath);
  const contexts = rollout.stacks.map((stack) => contextFor(stack, readStackJson(synthDir, stack)));
  const accountNames = new Map(rollout.stacks.map((stack) => [stack.accountId, stack.account]));

  const vaultsByStack = new Map(contexts.map((context) => [context.stack.name, readVaults(context)]));
  const index = new Map<string, VaultPosture>();
  for (const vaults of vaultsByStack.values()) for (const vault of vaults) if (!index.has(vault.key)) index.set(vault.key, vault);

  const compliance = readCompliance(synthDir);
  const stackNames = new Set(rollout.stacks.map((stack) => stack.name));
  const stacks = contexts.map((context): StackPosture => {
    const { stack } = context;
    return {
      name: stack.name,
      kind: stack.kind,
      account: stack.account,
      accountId: stack.accountId,
      region: stack.region,
      plans: readPlans(context, index),
      vaults: vaultsByStack.get(stack.name) ?? [],
      policies: readPolicies(context, index, accountNames),
      findings: compliance.findings.filter((finding) => finding.stack === stack.name),
      suppressions: compliance.suppressions.filter((suppression) => suppression.stack === stack.name),
    };
  });
  const live = compliance.findings.filter((finding) => finding.suppressed === undefined);
  return {
    version: 1,
    source: options.source ?? synthDir,
    stacks,
    compliance: {
      status: compliance.status,
      ...(compliance.problem === undefined ? {} : { problem: compliance.problem }),
      errors: live.filter((finding) => finding.severity === 'error').length,
      warnings: live.filter((finding) => finding.severity === 'warning').length,
      suppressedFindings: compliance.findings.length - live.length,
      suppressions: compliance.suppressions,
      otherFindings: compliance.findings.filter((finding) => !stackNames.has(finding.stack)),
    },
  };
}

/** Every plan of the posture with its stack (Terraform plans, not policy plans). */
export function allPlans(posture: Posture): { stack: StackPosture; plan: PlanPosture }[] {
  return posture.stacks.flatMap((stack) => stack.plans.map((plan) => ({ stack, plan })));
}
