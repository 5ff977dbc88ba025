/**
 * Validates AWS Organizations BACKUP_POLICY documents (../shared/AWS-BACKUP-RULES.md section 8)
 * before they reach AWS: the JSON shape and keys at every level, the inheritance operators, the
 * `$account` variable, every section 8 limit, and the same schedule, window and lifecycle rules as
 * backup plans (reusing modules/validation.ts, with messages in the policy's field names).
 *
 * Every problem carries a JSON path (`$.plans.gold.rules.daily.lifecycle.delete_after_days`; keys
 * that are not plain identifiers in brackets: `$.plans.gold.regions['@@assign'][0]`). Value
 * problems of a single-valued setting point at the setting, list items at their position under
 * the operator. All problems are reported at once; nothing here throws, whatever the input.
 */
import { IAM_ROLE_ARN_PATTERN, REGION_PATTERN, WINDOWS_VSS_VALUES } from '../core/limits';
import { parseBackupVaultArn } from '../core/arn';
import { type Problem, type Severity } from '../core/problems';
import { checkConditionCount, checkLifecycle, checkName, checkSchedule, type LifecycleValues, type NameKind } from '../core/checks';
import { childPath, findDuplicateKeys, kindOf, lineAndColumn, show, type JsonObject } from './json';
import { isRecord } from '../core/order';
import {
  ACCOUNT_VARIABLE,
  ADVANCED_BACKUP_SETTINGS_KEYS,
  CHILD_CONTROL,
  CHILD_CONTROL_VALUES,
  CONDITION_KEYS,
  CONDITION_OPERATORS,
  COPY_ACTION_KEYS,
  DOCUMENTED_RESOURCE_TYPES,
  DOCUMENTED_UNMODELLED_KEYS,
  EC2_SETTINGS_KEYS,
  LIFECYCLE_KEYS,
  PLAN_KEYS,
  POLICY_LIMITS,
  RESOURCE_SELECTION_KEYS,
  ROOT_KEYS,
  RULE_KEYS,
  SELECTIONS_KEYS,
  TAG_KEYS,
  TAG_SELECTION_KEYS,
  VALUE_OPERATORS,
  type ValueOperator,
} from './model';

export interface PolicyProblem {
  /** JSON path of the offending node, `$` for the document. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}

export interface ValidateOptions {
  /**
   * The exact text that will be uploaded, to measure the 10,000-character limit on.
   * @default the document as compact JSON (what serializePolicy writes)
   */
  readonly text?: string;
}

// ---------------------------------------------------------------------------
// Messages shared by several checks
// ---------------------------------------------------------------------------

export const MESSAGES = {
  required: 'is required',
  operatorObject: (got: unknown) => `must be an operator object like {"@@assign": ...}; got ${kindOf(got)}`,
  settingKey: (key: string) =>
    `unknown key "${key}" in a setting: a setting holds only @@assign, @@append, @@remove and @@operators_allowed_for_child_policies`,
  prepend: '"@@prepend" is not an inheritance operator: backup policies have @@assign, @@append and @@remove',
  unknownOperator: (key: string) => `unknown operator "${key}": backup policies accept @@assign, @@append, @@remove and @@operators_allowed_for_child_policies`,
  operatorOnGroup: (operator: string, group: string) => `"${operator}" cannot be used on "${group}", which groups settings: put operators on the settings inside it`,
  listOnly: (operator: string, key: string) => `"${operator}" applies to lists only; "${key}" is a single value: use "@@assign"`,
  needsValue: 'needs a value: add "@@assign"',
  needsValues: 'needs values: add "@@assign" (or "@@append")',
  notEmpty: 'must not be empty',
  singleValue: (got: unknown) => `must be a single value; got ${kindOf(got)}`,
  list: (got: unknown) => `must be a list; got ${kindOf(got)}`,
  string: (got: unknown) => `must be a string; got ${kindOf(got)}`,
  wholeNumber: (got: unknown) => `must be a whole number, as a string like "60" or a JSON number; got ${show(got)}`,
  boolean: (got: unknown) => `must be true or false, as a JSON boolean or the string "true" or "false"; got ${show(got)}`,
  childControlList: (got: unknown) => `must be a list: ["@@all"], ["@@none"] or some of "@@assign", "@@append", "@@remove"; got ${kindOf(got)}`,
  childControlEmpty: 'must not be empty: use ["@@none"] to allow no operator',
  childControlValue: (got: unknown) => `${show(got)} is not allowed here; use "@@all", "@@none", "@@assign", "@@append" or "@@remove"`,
  childControlAlone: (value: string) => `"${value}" must be used alone`,
  childControlTwice: (value: string) => `lists "${value}" twice`,
  account: '$account is replaced by the account id only inside ARN values (iam_role_arn, target_backup_vault_arn, copy action keys); here it would stay literal',
  region: 'backup policies do not replace $region here: write one plan per Region set with Region-specific values',
  unknownKey: (key: string, expected: readonly string[], suggestion?: string) =>
    `unknown key "${key}"${suggestion === undefined ? '' : ` (did you mean "${suggestion}"?)`}; expected one of: ${expected.join(', ')}`,
  unmodelled: 'is documented by AWS but not modelled by this tool: it is passed through unchecked',
  object: (got: unknown) => `must be a JSON object; got ${kindOf(got)}`,
  emptyName: 'must not be an empty name',
  collision: (other: string, otherPath: string) => `collides with "${other}" (${otherPath}): AWS lower-cases these names in the effective policy`,
  documentSize: (characters: number, compact?: number) =>
    `is ${characters} characters long; AWS Organizations accepts at most ${POLICY_LIMITS.maxDocumentCharacters} characters per backup policy` +
    (compact === undefined ? ': split its plans over several policies' : ` (${compact} without whitespace: upload it compact)`),
  noPlan: 'defines no plan',
  noRule: 'must contain at least one rule',
  noSelection: 'must contain at least one selection',
  tooManyRules: (count: number) => `has ${count} rules; a plan accepts at most ${POLICY_LIMITS.maxRulesPerPlan}`,
  tooManyCopies: (count: number) => `has ${count} copy actions; a rule accepts at most ${POLICY_LIMITS.maxCopyActionsPerRule}`,
  tooManyRecoveryPointTags: (count: number) => `has ${count} recovery point tags; a rule accepts at most ${POLICY_LIMITS.maxRecoveryPointTags}`,
  tooManySelections: (count: number) => `has ${count} selections; a plan accepts at most ${POLICY_LIMITS.maxSelectionsPerPlan}`,
  regionCode: (value: string) => `"${value}" is not an AWS Region code such as eu-west-1`,
  listedTwice: (value: string) => `lists "${value}" twice`,
  regionPartition: (partition: string, firstRegion: string, firstPartition: string) =>
    `is in partition "${partition}", unlike ${firstRegion} (partition "${firstPartition}"): a plan cannot span partitions`,
  arnPartition: (partition: string, planPartition: string) => `is in partition "${partition}" but the plan's Regions are in partition "${planPartition}"`,
  continuousNeedsRetention: `is required with enable_continuous_backup (1-35 days)`,
  noRetention: 'is not set: recovery points are kept until someone deletes them',
  copyWithoutTarget:
    'has no target_backup_vault_arn: AWS then uses the key lower-cased, which breaks case-sensitive vault ARNs; set it to the destination vault ARN',
  copyWithoutDestination: 'has no target_backup_vault_arn and its key is not a backup vault ARN: the copy has no destination',
  copyKeyMismatch: (target: string) => `key is not the destination vault ARN "${target}"; AWS documents the key as the destination ARN`,
  vaultArn: (value: string) => `"${value}" is not a backup vault ARN: arn:PARTITION:backup:REGION:ACCOUNT:backup-vault:NAME, ACCOUNT being 12 digits or $account`,
  roleArn: (value: string) => `"${value}" is not an IAM role ARN: arn:PARTITION:iam::ACCOUNT:role/NAME, ACCOUNT being 12 digits or $account`,
  tagKeyLength: (length: number) => `must be 1-${POLICY_LIMITS.tagKeyMaxLength} characters; got ${length}`,
  tagKeyReserved: 'must not start with "aws:", which AWS reserves',
  tagValueLength: (length: number) => `must be at most ${POLICY_LIMITS.tagValueMaxLength} characters; got ${length}`,
  tagKeyTwice: (key: string, otherPath: string) => `sets tag key "${key}" again (already set at ${otherPath})`,
  selectionsExclusive: '"tags" and "resources" are mutually exclusive: use "resources" with conditions to combine resource types and tags',
  selectionsNeeded: 'needs "tags" or "resources"',
  resourceType: (value: string) => `"${value}" is not a resource type: use "*" or an ARN pattern such as arn:aws:ec2:*:*:volume/*`,
  undocumentedResourceType: (value: string) => `"${value}" is not one of the resource types documented for backup policies, such as arn:aws:ec2:*:*:volume/*`,
  selectsEverything: "selects every resource opted in to AWS Backup in the plan's Regions: add conditions to narrow it",
  conditionKey: 'should be "aws:ResourceTag/<tag key>": conditions match resource tags',
  windowsVss: (value: string) => `must be "enabled" or "disabled"; got ${show(value)}`,
  duplicateKey: (key: string, line: number) => `duplicate key "${key}" (line ${line}): AWS Organizations rejects duplicate keys`,
  invalidJson: (reason: string) => `invalid JSON: ${reason}`,
  internal: (reason: string) => `internal error while validating: ${reason}`,
} as const;

// ---------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------

function own(node: JsonObject, key: string): unknown {
  return Object.prototype.hasOwnProperty.call(node, key) ? node[key] : undefined;
}

function has(node: JsonObject, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(node, key);
}

function isValueOperator(key: string): key is ValueOperator {
  return (VALUE_OPERATORS as readonly string[]).includes(key);
}

/** Characters as AWS counts them (code points, not UTF-16 units). */
function characters(text: string): number {
  let count = 0;
  for (let index = 0; index < text.length; index += 1) {
    const unit = text.charCodeAt(index);
    if (unit < 0xdc00 || unit > 0xdfff) count += 1; // a low surrogate completes the character before it
  }
  return count;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i += 1) {
    let diagonal = row[0] ?? 0;
    row[0] = i;
    for (let j = 1; j <= b.length; j += 1) {
      const above = row[j] ?? 0;
      row[j] = Math.min(above + 1, (row[j - 1] ?? 0) + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length] ?? 0;
}

/** The allowed key a misspelt key most likely meant. */
function suggest(key: string, allowed: readonly string[]): string | undefined {
  const normalized = key.toLowerCase().replace(/[-\s]/g, '_');
  const exact = allowed.find((candidate) => candidate === normalized);
  if (exact !== undefined) return exact;
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of allowed) {
    const distance = editDistance(normalized, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

/** The partition of a Region code: aws, aws-cn, aws-us-gov, aws-iso, aws-iso-b ... */
export function partitionOfRegion(region: string): string {
  if (region.startsWith('us-gov-')) return 'aws-us-gov';
  if (region.startsWith('cn-')) return 'aws-cn';
  const iso = /^[a-z]{2}-iso([a-z]?)-/.exec(region);
  if (iso) return iso[1] ? `aws-iso-${iso[1]}` : 'aws-iso';
  return 'aws';
}

/** Parts of a backup vault ARN (account may be $account), or undefined when it is not one. */
export const parseVaultArn = parseBackupVaultArn;

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

interface Scalar {
  readonly present: boolean;
  readonly path: string;
  readonly assigned: boolean;
  readonly value: unknown;
}

interface Read<T> {
  /** The key is in the document (even when its value is unusable). */
  readonly present: boolean;
  readonly path: string;
  /** The usable value; undefined when absent or unusable (already reported). */
  readonly value?: T;
}

interface ListItem {
  readonly value: string;
  readonly path: string;
  readonly operator: ValueOperator;
}

interface ListRead {
  readonly present: boolean;
  readonly path: string;
  /** Every string item under every operator. */
  readonly items: readonly ListItem[];
}

interface Entry {
  readonly name: string;
  readonly value: unknown;
  readonly path: string;
}

interface NamedSpec {
  /** The key of the map, for messages. */
  readonly group: string;
  /** AWS name rule the names must follow; free ids otherwise. */
  readonly nameKind?: NameKind;
  /** AWS lower-cases these names in the effective policy: names differing only in case collide. */
  readonly lowerCased: boolean;
  /** Keys are ARNs (copy actions): $account allowed. */
  readonly arnKeys?: boolean;
}

interface LifecycleRead {
  readonly values: LifecycleValues;
  readonly path: string;
  /** delete_after_days is absent (the whole lifecycle may be absent). */
  readonly deleteMissing: boolean;
}

const broken = (read: { present: boolean; value?: unknown }): boolean => read.present && read.value === undefined;

// ---------------------------------------------------------------------------
// The walker
// ---------------------------------------------------------------------------

class PolicyWalker {
  readonly problems: PolicyProblem[] = [];

  error(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'error' });
  }

  warning(path: string, message: string): void {
    this.problems.push({ path, message, severity: 'warning' });
  }

  /** Adds problems of the shared checks, whose paths are already JSON paths. */
  add(problems: readonly (Problem | PolicyProblem)[]): void {
    for (const problem of problems) this.problems.push({ path: problem.path, message: problem.message, severity: problem.severity });
  }

  // --- generic nodes --------------------------------------------------------

  object(value: unknown, path: string): JsonObject | undefined {
    if (isRecord(value)) return value;
    this.error(path, MESSAGES.object(value));
    return undefined;
  }

  unknownOperator(key: string, path: string): void {
    this.error(path, key === '@@prepend' ? MESSAGES.prepend : MESSAGES.unknownOperator(key));
  }

  childControl(value: unknown, path: string): void {
    if (!Array.isArray(value)) {
      this.error(path, MESSAGES.childControlList(value));
      return;
    }
    if (value.length === 0) {
      this.error(path, MESSAGES.childControlEmpty);
      return;
    }
    const seen = new Set<string>();
    value.forEach((item: unknown, index) => {
      const itemPath = childPath(path, index);
      if (typeof item !== 'string' || !(CHILD_CONTROL_VALUES as readonly string[]).includes(item)) {
        this.error(itemPath, MESSAGES.childControlValue(item));
      } else if (seen.has(item)) {
        this.warning(itemPath, MESSAGES.childControlTwice(item));
      } else {
        seen.add(item);
      }
    });
    for (const alone of ['@@all', '@@none']) {
      if (seen.has(alone) && value.length > 1) this.error(path, MESSAGES.childControlAlone(alone));
    }
  }

  /** An @@ key on a group or a named map: only the child control operator belongs there. */
  groupOperator(node: JsonObject, key: string, path: string, group: string): void {
    const keyPath = childPath(path, key);
    if (key === CHILD_CONTROL) this.childControl(node[key], keyPath);
    else if (isValueOperator(key)) this.error(keyPath, MESSAGES.operatorOnGroup(key, group));
    else this.unknownOperator(key, keyPath);
  }

  /** Checks the keys of a group (an object with fixed keys). */
  groupKeys(node: JsonObject, path: string, group: string, allowed: readonly string[], unmodelled: readonly string[] = []): void {
    for (const key of Object.keys(node)) {
      if (key.startsWith('@@')) {
        this.groupOperator(node, key, path, group);
      } else if (!allowed.includes(key)) {
        if (unmodelled.includes(key)) this.warning(childPath(path, key), MESSAGES.unmodelled);
        else this.error(childPath(path, key), MESSAGES.unknownKey(key, allowed, suggest(key, allowed)));
      }
    }
  }

  /** The entries of a named map, after checking names, variables in names and case collisions. */
  named(value: unknown, path: string, spec: NamedSpec): Entry[] | undefined {
    const node = this.object(value, path);
    if (node === undefined) return undefined;
    const entries: Entry[] = [];
    const lowerCased = new Map<string, Entry>();
    for (const name of Object.keys(node)) {
      if (name.startsWith('@@')) {
        this.groupOperator(node, name, path, spec.group);
        continue;
      }
      const entry: Entry = { name, value: node[name], path: childPath(path, name) };
      if (spec.nameKind !== undefined) this.add(checkName(spec.nameKind, name, entry.path));
      else if (name === '') this.error(entry.path, MESSAGES.emptyName);
      this.variables(name, entry.path, spec.arnKeys ?? false);
      if (spec.lowerCased) {
        const other = lowerCased.get(name.toLowerCase());
        if (other !== undefined) this.error(entry.path, MESSAGES.collision(other.name, other.path));
        else lowerCased.set(name.toLowerCase(), entry);
      }
      entries.push(entry);
    }
    return entries;
  }

  /** `$account` only inside ARN values; `$region` nowhere. False when the text misuses one. */
  variables(text: string, path: string, arn = false): boolean {
    let ok = true;
    if (!arn && text.includes(ACCOUNT_VARIABLE)) {
      this.error(path, MESSAGES.account);
      ok = false;
    }
    if (text.includes('$region')) {
      this.error(path, MESSAGES.region);
      ok = false;
    }
    return ok;
  }

  // --- settings (operator objects) ------------------------------------------

  private setting(parent: JsonObject, key: string, parentPath: string, required: boolean): { present: boolean; path: string; node?: JsonObject } {
    const path = childPath(parentPath, key);
    const value = own(parent, key);
    if (value === undefined) {
      if (required) this.error(path, MESSAGES.required);
      return { present: false, path };
    }
    if (!isRecord(value)) {
      this.error(path, MESSAGES.operatorObject(value));
      return { present: true, path };
    }
    for (const operator of Object.keys(value)) {
      const operatorPath = childPath(path, operator);
      if (operator === CHILD_CONTROL) this.childControl(value[operator], operatorPath);
      else if (isValueOperator(operator)) continue;
      else if (operator.startsWith('@@')) this.unknownOperator(operator, operatorPath);
      else this.error(operatorPath, MESSAGES.settingKey(operator));
    }
    return { present: true, path, node: value };
  }

  scalar(parent: JsonObject, key: string, parentPath: string, required = false): Scalar {
    const setting = this.setting(parent, key, parentPath, required);
    const none: Scalar = { present: setting.present, path: setting.path, assigned: false, value: undefined };
    if (setting.node === undefined) return none;
    for (const operator of ['@@append', '@@remove']) {
      if (has(setting.node, operator)) this.error(childPath(setting.path, operator), MESSAGES.listOnly(operator, key));
    }
    if (!has(setting.node, '@@assign')) {
      if (required) this.error(setting.path, MESSAGES.needsValue);
      return none;
    }
    const value = setting.node['@@assign'];
    if (Array.isArray(value) || isRecord(value)) {
      this.error(childPath(setting.path, '@@assign'), MESSAGES.singleValue(value));
      return none;
    }
    return { present: true, path: setting.path, assigned: true, value };
  }

  text(parent: JsonObject, key: string, parentPath: string, options: { required?: boolean; arn?: boolean } = {}): Read<string> {
    const scalar = this.scalar(parent, key, parentPath, options.required ?? false);
    if (!scalar.assigned) return { present: scalar.present, path: scalar.path };
    if (typeof scalar.value !== 'string') {
      this.error(scalar.path, MESSAGES.string(scalar.value));
      return { present: true, path: scalar.path };
    }
    if (!this.variables(scalar.value, scalar.path, options.arn ?? false)) return { present: true, path: scalar.path };
    return { present: true, path: scalar.path, value: scalar.value };
  }

  whole(parent: JsonObject, key: string, parentPath: string): Read<number> {
    const scalar = this.scalar(parent, key, parentPath);
    if (!scalar.assigned) return { present: scalar.present, path: scalar.path };
    const value = scalar.value;
    let number: number | undefined;
    if (typeof value === 'number' && Number.isSafeInteger(value)) number = value;
    else if (typeof value === 'string' && /^-?[0-9]{1,15}$/.test(value)) number = Number(value);
    if (number === undefined) {
      this.error(scalar.path, MESSAGES.wholeNumber(value));
      return { present: true, path: scalar.path };
    }
    return { present: true, path: scalar.path, value: number };
  }

  bool(parent: JsonObject, key: string, parentPath: string): Read<boolean> {
    const scalar = this.scalar(parent, key, parentPath);
    if (!scalar.assigned) return { present: scalar.present, path: scalar.path };
    const value = scalar.value;
    if (value === true || value === 'true') return { present: true, path: scalar.path, value: true };
    if (value === false || value === 'false') return { present: true, path: scalar.path, value: false };
    this.error(scalar.path, MESSAGES.boolean(value));
    return { present: true, path: scalar.path };
  }

  list(parent: JsonObject, key: string, parentPath: string, required = false): ListRead {
    const setting = this.setting(parent, key, parentPath, required);
    const items: ListItem[] = [];
    if (setting.node === undefined) return { present: setting.present, path: setting.path, items };
    let wellFormed = true;
    let adds = false;
    let addsValues = false;
    for (const operator of VALUE_OPERATORS) {
      if (!has(setting.node, operator)) continue;
      const operatorPath = childPath(setting.path, operator);
      const value = setting.node[operator];
      if (!Array.isArray(value)) {
        this.error(operatorPath, MESSAGES.list(value));
        wellFormed = false;
        continue;
      }
      if (operator !== '@@remove') {
        adds = true;
        addsValues ||= value.length > 0;
      }
      value.forEach((item: unknown, index) => {
        const itemPath = childPath(operatorPath, index);
        if (typeof item === 'string') items.push({ value: item, path: itemPath, operator });
        else {
          this.error(itemPath, MESSAGES.string(item));
          wellFormed = false;
        }
      });
    }
    if (required && wellFormed) {
      if (!adds) this.error(setting.path, MESSAGES.needsValues);
      else if (!addsValues) this.error(setting.path, MESSAGES.notEmpty);
    }
    return { present: true, path: setting.path, items };
  }

  // --- the document -----------------------------------------------------------

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
      this.error('$.plans', MESSAGES.required);
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

  /** An ARN's partition must be the plan's. */
  partition(arn: string, path: string, planPartition: string | undefined): void {
    const partition = arn.split(':')[1] ?? '';
    if (planPartition !== undefined && partition !== planPartition) this.error(path, MESSAGES.arnPartition(partition, planPartition));
  }

  rules(plan: JsonObject, planPath: string, partition: string | undefined): void {
    const path = childPath(planPath, 'rules');
    const node = own(plan, 'rules');
    if (node === undefined) {
      this.error(path, MESSAGES.required);
      return;
    }
    const rules = this.named(node, path, { group: 'rules', nameKind: 'rule', lowerCased: true });
    if (rules === undefined) return;
    if (rules.length === 0) this.error(path, MESSAGES.noRule);
    if (rules.length > POLICY_LIMITS.maxRulesPerPlan) this.error(path, MESSAGES.tooManyRules(rules.length));
    for (const rule of rules) this.rule(rule, partition);
  }

  rule(entry: Entry, partition: string | undefined): void {
    const rule = this.object(entry.value, entry.path);
    if (rule === undefined) return;
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
        if (parseVaultArn(entry.name) !== undefined) {
          this.warning(entry.path, MESSAGES.copyWithoutTarget);
          this.vaultArn(entry.name, entry.path, partition);
        } else {
          this.error(entry.path, MESSAGES.copyWithoutDestination);
        }
      }
      // Copies of continuous backups become snapshots: the plain lifecycle rules apply.
      this.lifecycle(copy, entry.path, false);
    }
  }

  vaultArn(arn: string, path: string, partition: string | undefined): void {
    if (arn.includes('$region')) return; // reported by variables()
    const parts = parseVaultArn(arn);
    if (parts === undefined) {
      this.error(path, MESSAGES.vaultArn(arn));
      return;
    }
    this.add(checkName('vault', parts.name, path));
    this.partition(arn, path, partition);
  }

  roleArn(selection: JsonObject, path: string, partition: string | undefined): void {
    const role = this.text(selection, 'iam_role_arn', path, { required: true, arn: true });
    if (role.value === undefined) return;
    if (!IAM_ROLE_ARN_PATTERN.test(role.value.split(ACCOUNT_VARIABLE).join('123456789012'))) {
      this.error(role.path, MESSAGES.roleArn(role.value));
      return;
    }
    this.partition(role.value, role.path, partition);
  }

  tagKey(key: string, path: string, reservedPrefix: boolean): void {
    const length = characters(key);
    if (length < 1 || length > POLICY_LIMITS.tagKeyMaxLength) this.error(path, MESSAGES.tagKeyLength(length));
    else if (reservedPrefix && key.toLowerCase().startsWith('aws:')) this.error(path, MESSAGES.tagKeyReserved);
  }

  tagValue(value: string, path: string): void {
    const length = characters(value);
    if (length > POLICY_LIMITS.tagValueMaxLength) this.error(path, MESSAGES.tagValueLength(length));
  }

  /** recovery_point_tags and backup_plan_tags: id -> {tag_key, tag_value}. */
  tags(node: unknown, path: string, group: string, max?: number): void {
    const tags = this.named(node, path, { group, lowerCased: true });
    if (tags === undefined) return;
    if (max !== undefined && tags.length > max) this.error(path, MESSAGES.tooManyRecoveryPointTags(tags.length));
    const keys = new Map<string, string>();
    for (const entry of tags) {
      const tag = this.object(entry.value, entry.path);
      if (tag === undefined) continue;
      this.groupKeys(tag, entry.path, entry.name, TAG_KEYS);
      const key = this.text(tag, 'tag_key', entry.path, { required: true });
      const value = this.text(tag, 'tag_value', entry.path, { required: true });
      if (key.value !== undefined) {
        this.tagKey(key.value, key.path, true);
        const other = keys.get(key.value);
        if (other !== undefined) this.error(key.path, MESSAGES.tagKeyTwice(key.value, other));
        else keys.set(key.value, key.path);
      }
      if (value.value !== undefined) this.tagValue(value.value, value.path);
    }
  }

  selections(plan: JsonObject, planPath: string, partition: string | undefined): void {
    const path = childPath(planPath, 'selections');
    const node = own(plan, 'selections');
    if (node === undefined) {
      this.error(path, MESSAGES.required);
      return;
    }
    const selections = this.object(node, path);
    if (selections === undefined) return;
    this.groupKeys(selections, path, 'selections', SELECTIONS_KEYS);
    const tagsNode = own(selections, 'tags');
    const resourcesNode = own(selections, 'resources');
    if (tagsNode !== undefined && resourcesNode !== undefined) this.error(path, MESSAGES.selectionsExclusive);
    if (tagsNode === undefined && resourcesNode === undefined) this.error(path, MESSAGES.selectionsNeeded);
    let count = 0;
    if (tagsNode !== undefined) {
      const tagsPath = childPath(path, 'tags');
      const entries = this.named(tagsNode, tagsPath, { group: 'tags', nameKind: 'selection', lowerCased: true });
      if (entries !== undefined) {
        if (entries.length === 0) this.error(tagsPath, MESSAGES.noSelection);
        count += entries.length;
        for (const entry of entries) this.tagSelection(entry, partition);
      }
    }
    if (resourcesNode !== undefined) {
      const resourcesPath = childPath(path, 'resources');
      const entries = this.named(resourcesNode, resourcesPath, { group: 'resources', nameKind: 'selection', lowerCased: true });
      if (entries !== undefined) {
        if (entries.length === 0) this.error(resourcesPath, MESSAGES.noSelection);
        count += entries.length;
        for (const entry of entries) this.resourceSelection(entry, partition);
      }
    }
    if (count > POLICY_LIMITS.maxSelectionsPerPlan) this.error(path, MESSAGES.tooManySelections(count));
  }

  tagSelection(entry: Entry, partition: string | undefined): void {
    const selection = this.object(entry.value, entry.path);
    if (selection === undefined) return;
    this.groupKeys(selection, entry.path, entry.name, TAG_SELECTION_KEYS);
    this.roleArn(selection, entry.path, partition);
    const key = this.text(selection, 'tag_key', entry.path, { required: true });
    // Selecting on AWS-created tags (aws:cloudformation:stack-name ...) is legitimate: no reserved-prefix check.
    if (key.value !== undefined) this.tagKey(key.value, key.path, false);
    const values = this.list(selection, 'tag_value', entry.path, true);
    for (const item of values.items) {
      if (this.variables(item.value, item.path)) this.tagValue(item.value, item.path);
    }
    this.conditions(selection, entry.path);
  }

  resourceSelection(entry: Entry, partition: string | undefined): void {
    const selection = this.object(entry.value, entry.path);
    if (selection === undefined) return;
    this.groupKeys(selection, entry.path, entry.name, RESOURCE_SELECTION_KEYS);
    this.roleArn(selection, entry.path, partition);
    const types = this.list(selection, 'resource_types', entry.path, true);
    const excluded = this.list(selection, 'not_resource_types', entry.path);
    for (const item of [...types.items, ...excluded.items]) this.resourceType(item, partition);
    const conditions = this.conditions(selection, entry.path);
    if (conditions === 0 && types.items.some((item) => item.value === '*' && item.operator !== '@@remove')) this.warning(types.path, MESSAGES.selectsEverything);
  }

  resourceType(item: ListItem, partition: string | undefined): void {
    if (!this.variables(item.value, item.path) || item.value === '*') return;
    if (!item.value.startsWith('arn:')) {
      this.error(item.path, MESSAGES.resourceType(item.value));
      return;
    }
    const inAws = item.value.replace(/^arn:[^:]*:/, 'arn:aws:');
    if (!(DOCUMENTED_RESOURCE_TYPES as readonly string[]).includes(inAws)) this.warning(item.path, MESSAGES.undocumentedResourceType(item.value));
    this.partition(item.value, item.path, partition);
  }

  /** Checks a selection's conditions; returns how many there are (undefined when unusable). */
  conditions(selection: JsonObject, selectionPath: string): number | undefined {
    const node = own(selection, 'conditions');
    if (node === undefined) return 0;
    const path = childPath(selectionPath, 'conditions');
    const conditions = this.object(node, path);
    if (conditions === undefined) return undefined;
    this.groupKeys(conditions, path, 'conditions', CONDITION_OPERATORS);
    let count = 0;
    for (const operator of CONDITION_OPERATORS) {
      const operatorNode = own(conditions, operator);
      if (operatorNode === undefined) continue;
      const entries = this.named(operatorNode, childPath(path, operator), { group: operator, lowerCased: true });
      if (entries === undefined) continue;
      count += entries.length;
      for (const entry of entries) {
        const condition = this.object(entry.value, entry.path);
        if (condition === undefined) continue;
        this.groupKeys(condition, entry.path, entry.name, CONDITION_KEYS);
        const key = this.text(condition, 'condition_key', entry.path, { required: true });
        const value = this.text(condition, 'condition_value', entry.path, { required: true });
        if (key.value !== undefined && !key.value.startsWith('aws:ResourceTag/')) this.warning(key.path, MESSAGES.conditionKey);
        if (value.value !== undefined) this.tagValue(value.value, value.path);
      }
    }
    this.add(checkConditionCount(count, path));
    return count;
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

// ---------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------

/**
 * Every problem of a BACKUP_POLICY document (errors and warnings), in document order, the size
 * limit first. Never throws: any input, however malformed, gives problems.
 */
export function validateBackupPolicy(doc: unknown, options: ValidateOptions = {}): PolicyProblem[] {
  const walker = new PolicyWalker();
  try {
    walker.size(doc, options.text);
    walker.document(doc);
  } catch (cause) {
    walker.error('$', MESSAGES.internal(cause instanceof Error ? cause.message : String(cause)));
  }
  return walker.problems;
}

/** A JSON.parse error as one line, with the line and column when the engine gives a position. */
function describeJsonError(cause: unknown, text: string): string {
  const message = cause instanceof Error ? cause.message : String(cause);
  const withPosition = message.replace(/ at position (\d+)/, (_, offset: string) => {
    const { line, column } = lineAndColumn(text, Number(offset));
    return ` at line ${line}, column ${column}`;
  });
  const oneLine = withPosition.replace(/\r/g, '\\r').replace(/\n/g, '\\n').replace(/\t/g, '\\t');
  return oneLine.length > 200 ? `${oneLine.slice(0, 197)}...` : oneLine;
}

/**
 * Validates the text of a policy file: JSON syntax, duplicate keys (JSON.parse hides them, AWS
 * rejects them), the size limit on the text as written, then everything validateBackupPolicy checks.
 */
export function validatePolicyText(text: string): PolicyProblem[] {
  const source = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  let doc: unknown;
  try {
    doc = JSON.parse(source);
  } catch (cause) {
    return [{ path: '$', message: MESSAGES.invalidJson(describeJsonError(cause, source)), severity: 'error' }];
  }
  const duplicates: PolicyProblem[] = findDuplicateKeys(source).map((duplicate) => ({
    path: duplicate.path,
    message: MESSAGES.duplicateKey(duplicate.key, duplicate.line),
    severity: 'error',
  }));
  return [...duplicates, ...validateBackupPolicy(doc, { text: source })];
}

export interface PolicyPlanReferences {
  readonly name: string;
  readonly regions: string[];
  /** target_backup_vault_name of every rule. */
  readonly vaultNames: string[];
  /** target_backup_vault_arn of every copy action (its key when target_backup_vault_arn is missing). */
  readonly destinationVaultArns: string[];
  /** iam_role_arn of every selection. */
  readonly roleArns: string[];
}

function assigned(node: unknown, key: string): unknown {
  if (!isRecord(node)) return undefined;
  const setting = own(node, key);
  return isRecord(setting) ? own(setting, '@@assign') : undefined;
}

function assignedString(node: unknown, key: string): string | undefined {
  const value = assigned(node, key);
  return typeof value === 'string' ? value : undefined;
}

function namedValues(node: unknown): [string, JsonObject][] {
  if (!isRecord(node)) return [];
  return Object.keys(node)
    .filter((name) => !name.startsWith('@@'))
    .flatMap((name): [string, JsonObject][] => {
      const value = node[name];
      return isRecord(value) ? [[name, value]] : [];
    });
}

function addUnique(list: string[], value: string | undefined): void {
  if (value !== undefined && !list.includes(value)) list.push(value);
}

/**
 * What each plan of a policy names (from its @@assign values), for the config layer's cross-stack
 * checks: the vaults and the role must exist in every account and Region the policy reaches.
 * Never throws; ignores what it cannot read.
 */
export function policyReferences(doc: unknown): { plans: PolicyPlanReferences[] } {
  const plans: PolicyPlanReferences[] = [];
  const plansNode = isRecord(doc) ? own(doc, 'plans') : undefined;
  for (const [name, plan] of namedValues(plansNode)) {
    const references: PolicyPlanReferences = { name, regions: [], vaultNames: [], destinationVaultArns: [], roleArns: [] };
    const regions = assigned(plan, 'regions');
    if (Array.isArray(regions)) for (const region of regions) addUnique(references.regions, typeof region === 'string' ? region : undefined);
    for (const [, rule] of namedValues(own(plan, 'rules'))) {
      addUnique(references.vaultNames, assignedString(rule, 'target_backup_vault_name'));
      for (const [key, copy] of namedValues(own(rule, 'copy_actions'))) {
        addUnique(references.destinationVaultArns, assignedString(copy, 'target_backup_vault_arn') ?? (has(copy, 'target_backup_vault_arn') ? undefined : key));
      }
    }
    const selections = own(plan, 'selections');
    if (isRecord(selections)) {
      for (const kind of ['tags', 'resources']) {
        for (const [, selection] of namedValues(own(selections, kind))) addUnique(references.roleArns, assignedString(selection, 'iam_role_arn'));
      }
    }
    plans.push(references);
  }
  return { plans };
}
