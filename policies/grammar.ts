/**
 * The operator grammar of a backup policy and the walker that reads a document by it: groups (fixed
 * keys), named maps (free names, with case collisions and variables in names), and settings, the
 * operator objects holding @@assign, @@append, @@remove and @@operators_allowed_for_child_policies.
 * Each reader reports what is malformed and returns only usable values; the policy rules
 * (selection-rules.ts, plan-rules.ts) build on it.
 */
import { checkName, type NameKind } from '../core/checks';
import { isRecord } from '../core/order';
import { own, type Problem } from '../core/problems';
import { suggest } from '../core/suggest';
import { childPath } from '../core/json-text';
import { type JsonObject } from './json';
import { MESSAGES } from './messages';
import { ACCOUNT_VARIABLE, CHILD_CONTROL, CHILD_CONTROL_VALUES, VALUE_OPERATORS, type ValueOperator } from './model';
import { type PolicyProblem } from './problem';

interface Scalar {
  readonly present: boolean;
  readonly path: string;
  readonly assigned: boolean;
  readonly value: unknown;
}

export interface Read<T> {
  /** The key is in the document (even when its value is unusable). */
  readonly present: boolean;
  readonly path: string;
  /** The usable value; undefined when absent or unusable (already reported). */
  readonly value?: T;
}

export interface ListItem {
  readonly value: string;
  readonly path: string;
  readonly operator: ValueOperator;
}

export interface ListRead {
  readonly present: boolean;
  readonly path: string;
  /** Every string item under every operator. */
  readonly items: readonly ListItem[];
}

export interface Entry {
  readonly name: string;
  readonly value: unknown;
  readonly path: string;
}

export interface NamedSpec {
  /** The key of the map, for messages. */
  readonly group: string;
  /** AWS name rule the names must follow; free ids otherwise. */
  readonly nameKind?: NameKind;
  /** AWS lower-cases these names in the effective policy: names differing only in case collide. */
  readonly lowerCased: boolean;
  /** Keys are ARNs (copy actions): $account allowed. */
  readonly arnKeys?: boolean;
}

function isValueOperator(key: string): key is ValueOperator {
  return (VALUE_OPERATORS as readonly string[]).includes(key);
}

/** Reads a policy document by the operator grammar, collecting problems as it goes. */
export class GrammarWalker {
  readonly problems: PolicyProblem[] = [];
  /**
   * A child policy that sets only what differs from an inherited parent (AWS's Example 5): a key
   * it leaves out is a warning (the merge must supply it), not an error.
   */
  partial = false;

  /** A required key that is missing: an error, or in a partial (child) policy a warning. */
  missing(path: string): void {
    if (this.partial) this.warning(path, MESSAGES.requiredWhenMerged);
    else this.error(path, MESSAGES.required);
  }

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
      if (required) this.missing(path);
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
      if (Object.hasOwn(setting.node, operator)) this.error(childPath(setting.path, operator), MESSAGES.listOnly(operator, key));
    }
    if (!Object.hasOwn(setting.node, '@@assign')) {
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
      if (!Object.hasOwn(setting.node, operator)) continue;
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
}
