/**
 * Terraform state for offline tests: what a stack's state would hold after applying a create-only
 * plan, and a second `plan` of a (changed) stack against that state, so tests can see updates,
 * replacements and deletions without an AWS account.
 *
 * - stateFromPlan(planJson, stackJson) builds a state (format v4) from the plan's planned_values.
 *   Values the plan left unknown are filled the way an apply would have settled them: arguments
 *   set from other resources (cdktf's `${type.name.attr}` references in cdk.tf.json) are evaluated
 *   against the state being built, so the state is self-consistent and a plan of the same stack
 *   shows no spurious change; computed-only attributes get plausible values (ids, ARNs of the
 *   provider's Region and account, KMS key ids) or null.
 * - planWithState(check, stackDir, state) reuses a work dir that checkStacks() (./terraform.ts)
 *   already initialized: it puts the stack's new cdk.tf.json and the offline override there, writes
 *   the state to the path of the override's local backend and runs `plan -refresh=false` and
 *   `show -json` through the harness (same hermetic environment, same shared providers). Run it before
 *   cleanupTerraformWorkDirs().
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { buildOfflineOverride, plannedChanges, runInWorkDir, type CommandResult, type PlannedChange, type StackCheck } from './terraform';

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

export interface StateInstance {
  index_key?: string | number;
  schema_version: number;
  attributes: JsonObject;
  sensitive_attributes: Json[];
}

export interface StateResource {
  module?: string;
  mode: 'managed';
  type: string;
  name: string;
  provider: string;
  instances: StateInstance[];
}

/** A Terraform state file, format version 4. */
export interface TerraformState {
  version: 4;
  terraform_version: string;
  serial: number;
  lineage: string;
  outputs: JsonObject;
  resources: StateResource[];
  check_results: null;
}

/**
 * Computed collections the provider plans as unknown (or, for not_resources, as a replacement) when
 * the state holds null: an apply would have left them empty. Other computed-only attributes stay
 * null, which the provider accepts as they are.
 */
const EMPTY_COMPUTED: Readonly<Record<string, Readonly<Record<string, Json>>>> = {
  aws_backup_selection: { not_resources: [], condition: [] },
  aws_iam_role: { managed_policy_arns: [], inline_policy: [] },
};

const OVERRIDE_FILE = 'zz_offline_override.tf.json';
const STACK_FILE = 'cdk.tf.json';
const STATE_FILE = 'terraform.tfstate';
const FALLBACK_ACCOUNT = '123456789012';

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function toJson(value: unknown): Json {
  if (value === null || typeof value === 'boolean' || typeof value === 'number' || typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(toJson);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, toJson(item)]));
  return null;
}

const hash = (text: string, length = 12): string => createHash('sha256').update(text).digest('hex').slice(0, length);

/** A UUID-shaped id derived from `seed` (stable across runs). */
function fakeUuid(seed: string): string {
  const h = hash(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

interface PlannedResource {
  readonly address: string;
  readonly module?: string;
  readonly type: string;
  readonly name: string;
  readonly index?: string | number;
  readonly providerName: string;
  readonly schemaVersion: number;
  readonly values: JsonObject;
}

function plannedResources(module: unknown, moduleAddress?: string): PlannedResource[] {
  if (!isObject(module)) return [];
  const own = (Array.isArray(module.resources) ? module.resources : []).filter(isObject).flatMap((resource): PlannedResource[] => {
    if (resource.mode !== 'managed' || typeof resource.address !== 'string' || typeof resource.type !== 'string' || typeof resource.name !== 'string') return [];
    const index = typeof resource.index === 'string' || typeof resource.index === 'number' ? resource.index : undefined;
    return [
      {
        address: resource.address,
        ...(moduleAddress !== undefined ? { module: moduleAddress } : {}),
        type: resource.type,
        name: resource.name,
        ...(index !== undefined ? { index } : {}),
        providerName: typeof resource.provider_name === 'string' ? resource.provider_name : 'registry.terraform.io/hashicorp/aws',
        schemaVersion: typeof resource.schema_version === 'number' ? resource.schema_version : 0,
        values: isObject(resource.values) ? (toJson(resource.values) as JsonObject) : {},
      },
    ];
  });
  const children = (Array.isArray(module.child_modules) ? module.child_modules : [])
    .filter(isObject)
    .flatMap((child) => plannedResources(child, typeof child.address === 'string' ? child.address : undefined));
  return [...own, ...children];
}

/** `${type.name.attr}` references of cdktf output; `$${` is Terraform's escape for a literal `${`. */
const REFERENCE = /\$\{([^}]*)\}/g;
const SIMPLE_REFERENCE = /^([a-z0-9_]+)\.([A-Za-z0-9_-]+)\.([a-z0-9_]+)$/;

function referencesIn(value: unknown, found: Set<string>): void {
  if (typeof value === 'string') {
    for (const match of value.replace(/\$\$\{/g, '').matchAll(REFERENCE)) {
      const simple = SIMPLE_REFERENCE.exec(match[1].trim());
      if (simple) found.add(`${simple[1]}.${simple[2]}.${simple[3]}`);
    }
  } else if (Array.isArray(value)) {
    for (const item of value) referencesIn(item, found);
  } else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) if (key !== '//') referencesIn(item, found);
  }
}

interface ProviderSettings {
  readonly region: string;
  readonly account: string;
  /** The provider's default_tags, which AWS merges into every resource's tags_all. */
  readonly defaultTags: JsonObject;
}

function providerSettings(stack: Record<string, unknown>): Map<string, ProviderSettings> {
  const settings = new Map<string, ProviderSettings>();
  const providers = isObject(stack.provider) ? stack.provider.aws : undefined;
  const blocks = (Array.isArray(providers) ? providers : [providers]).filter(isObject);
  for (const block of blocks) {
    const alias = typeof block.alias === 'string' ? `aws.${block.alias}` : 'aws';
    const allowed = Array.isArray(block.allowed_account_ids) ? block.allowed_account_ids.find((id): id is string => typeof id === 'string') : undefined;
    const roles = (Array.isArray(block.assume_role) ? block.assume_role : [block.assume_role]).filter(isObject);
    const roleAccount = roles.map((role) => (typeof role.role_arn === 'string' ? /^arn:[^:]+:iam::(\d{12}):/.exec(role.role_arn)?.[1] : undefined)).find(Boolean);
    const defaultTags = (Array.isArray(block.default_tags) ? block.default_tags : [block.default_tags]).filter(isObject).map((entry) => entry.tags).find(isObject);
    settings.set(alias, {
      region: typeof block.region === 'string' ? block.region : 'us-east-1',
      account: allowed ?? roleAccount ?? FALLBACK_ACCOUNT,
      defaultTags: (defaultTags ?? {}) as JsonObject,
    });
  }
  return settings;
}

/** The service part of an ARN for a resource type (aws_cloudwatch_event_rule -> events). */
function arnService(type: string): string {
  const rest = type.replace(/^aws_/, '');
  if (rest.startsWith('cloudwatch_event')) return 'events';
  if (rest.startsWith('cloudwatch_log')) return 'logs';
  return rest.split('_')[0] ?? rest;
}

/**
 * A state (format v4) holding every managed resource of `planJson` (`terraform show -json` of a
 * plan, usually create-only) as if it had been applied. `stackJson` is the stack's parsed
 * cdk.tf.json: its references settle the values the plan left unknown. Throws on a reference it
 * cannot evaluate (anything but `${type.name.attr}`).
 */
/** The JSON type of a value, as Terraform writes a dynamically typed attribute's type in state. */
function typeOf(value: Json): Json {
  if (Array.isArray(value)) return ['tuple', value.map(typeOf)];
  if (isObject(value)) return ['object', Object.fromEntries(Object.entries(value).map(([key, item]) => [key, typeOf(item as Json)]))];
  return typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : 'string';
}

/**
 * terraform_data's input and output are dynamically typed: state holds each as { value, type }.
 * After an apply its output is its input.
 */
function terraformDataAttributes(attributes: JsonObject): JsonObject {
  const dynamic = (value: Json | undefined): Json => (value === undefined || value === null ? null : { value, type: typeOf(value) });
  return { ...attributes, input: dynamic(attributes.input), output: dynamic(attributes.input), triggers_replace: dynamic(attributes.triggers_replace) };
}

export function stateFromPlan(planJson: unknown, stackJson: unknown): TerraformState {
  if (!isObject(planJson) || !isObject(planJson.planned_values)) throw new Error('stateFromPlan needs `terraform show -json` output of a plan');
  const stack = isObject(stackJson) ? stackJson : {};
  const config = isObject(stack.resource) ? stack.resource : {};
  const providers = providerSettings(stack);
  const referenced = new Set<string>();
  referencesIn(config, referenced);

  const resources = plannedResources(planJson.planned_values.root_module);
  const byAddress = new Map(resources.map((resource) => [resource.address, resource]));
  const unknownByAddress = new Map<string, Json>();
  for (const entry of (Array.isArray(planJson.resource_changes) ? planJson.resource_changes : []).filter(isObject)) {
    if (typeof entry.address === 'string' && isObject(entry.change)) unknownByAddress.set(entry.address, toJson(entry.change.after_unknown));
  }

  const configOf = (resource: PlannedResource): Record<string, unknown> | undefined => {
    if (resource.module !== undefined || resource.index !== undefined) return undefined;
    const byName = config[resource.type];
    const block = isObject(byName) ? byName[resource.name] : undefined;
    return isObject(block) ? block : undefined;
  };
  const settingsOf = (resource: PlannedResource): ProviderSettings => {
    const provider = configOf(resource)?.provider;
    return providers.get(typeof provider === 'string' ? provider : 'aws') ?? { region: 'us-east-1', account: FALLBACK_ACCOUNT, defaultTags: {} };
  };

  const filled = new Map<string, JsonObject>();
  const inProgress = new Set<string>();

  /** A plausible value for a computed attribute no argument sets. */
  const placeholder = (resource: PlannedResource, attributePath: readonly (string | number)[], values: JsonObject): Json => {
    if (attributePath.length !== 1) return null;
    const attribute = String(attributePath[0]);
    const { region, account } = settingsOf(resource);
    const named = typeof values.name === 'string' ? values.name : typeof values.bucket === 'string' ? values.bucket : `${resource.name.toLowerCase()}-${hash(resource.address, 6)}`;
    const keyId = fakeUuid(resource.address);
    const arn = (): string => {
      const service = arnService(resource.type);
      switch (resource.type) {
        case 'aws_kms_key':
          return `arn:aws:kms:${region}:${account}:key/${keyId}`;
        case 'aws_s3_bucket':
          return `arn:aws:s3:::${named}`;
        case 'aws_sns_topic':
          return `arn:aws:sns:${region}:${account}:${named}`;
        case 'aws_backup_vault':
          return `arn:aws:backup:${region}:${account}:backup-vault:${named}`;
        default:
          return service === 'iam'
            ? `arn:aws:iam::${account}:${resource.type.replace(/^aws_iam_/, '')}/${named}`
            : `arn:aws:${service}:${region}:${account}:${resource.type.replace(/^aws_[a-z0-9]+_/, '')}/${named}`;
      }
    };
    switch (attribute) {
      case 'arn':
        return arn();
      case 'id':
        if (resource.type === 'aws_kms_key') return keyId;
        if (resource.type === 'aws_sns_topic') return arn();
        return named;
      case 'key_id':
        return keyId;
      case 'tags_all':
        return { ...settingsOf(resource).defaultTags, ...(isObject(values.tags) ? (values.tags as JsonObject) : {}) };
      default:
        if (EMPTY_COMPUTED[resource.type]?.[attribute] !== undefined) return EMPTY_COMPUTED[resource.type][attribute];
        return referenced.has(`${resource.type}.${resource.name}.${attribute}`) ? `${attribute.replace(/_/g, '-')}-${hash(resource.address, 8)}` : null;
    }
  };

  /** The value of `type.name.attr` in the state being built. */
  const resolveReference = (expression: string, from: string): Json => {
    const simple = SIMPLE_REFERENCE.exec(expression.trim());
    if (!simple) throw new Error(`stateFromPlan cannot evaluate \${${expression}} (in ${from}): only \${type.name.attribute} references are supported`);
    const target = byAddress.get(`${simple[1]}.${simple[2]}`);
    if (!target) throw new Error(`stateFromPlan: ${from} refers to ${simple[1]}.${simple[2]}, which the plan does not create`);
    return fill(target)[simple[3]] ?? null;
  };

  /** Evaluates a cdk.tf.json argument (strings are templates) against the state being built. */
  const evaluate = (value: unknown, from: string): Json => {
    if (typeof value === 'string') {
      const whole = /^\$\{([^}]*)\}$/.exec(value);
      if (whole) return resolveReference(whole[1], from);
      const parts = value.split('$${');
      return parts
        .map((part) =>
          part.replace(REFERENCE, (_match, expression: string) => {
            const resolved = resolveReference(expression, from);
            return typeof resolved === 'string' ? resolved : JSON.stringify(resolved);
          }),
        )
        .join('${');
    }
    if (Array.isArray(value)) return value.map((item) => evaluate(item, from));
    if (isObject(value)) return Object.fromEntries(Object.entries(value).filter(([key]) => key !== '//').map(([key, item]) => [key, evaluate(item, from)]));
    return toJson(value);
  };

  /** The config node at `index` of a block list; cdktf writes single blocks as objects. */
  const configAt = (node: unknown, index: number): unknown => (Array.isArray(node) ? node[index] : index === 0 && isObject(node) ? node : undefined);

  const hasUnknown = (node: Json): boolean => node === true || (Array.isArray(node) ? node.some(hasUnknown) : isObject(node) && Object.values(node).some(hasUnknown));

  const fillUnknown = (resource: PlannedResource, value: Json | undefined, unknown: Json, configNode: unknown, attributePath: (string | number)[], values: JsonObject): Json => {
    if (!hasUnknown(unknown)) return value ?? null;
    if (unknown === true) {
      return configNode !== undefined ? evaluate(configNode, resource.address) : placeholder(resource, attributePath, values);
    }
    if (Array.isArray(unknown)) {
      const items = Array.isArray(value) ? [...value] : [];
      unknown.forEach((item, index) => {
        items[index] = fillUnknown(resource, items[index], item, configAt(configNode, index), [...attributePath, index], values);
      });
      return items;
    }
    if (isObject(unknown)) {
      const object: JsonObject = isObject(value) ? { ...(value as JsonObject) } : {};
      for (const [key, item] of Object.entries(unknown)) {
        if (item === false) continue;
        object[key] = fillUnknown(resource, object[key], item, isObject(configNode) ? configNode[key] : undefined, [...attributePath, key], values);
      }
      return object;
    }
    return value ?? null;
  };

  function fill(resource: PlannedResource): JsonObject {
    const done = filled.get(resource.address);
    if (done) return done;
    if (inProgress.has(resource.address)) throw new Error(`stateFromPlan: reference cycle through ${resource.address}`);
    inProgress.add(resource.address);
    const unknown = unknownByAddress.get(resource.address) ?? {};
    const values = fillUnknown(resource, resource.values, unknown, configOf(resource), [], resource.values);
    inProgress.delete(resource.address);
    const attributes = isObject(values) ? (values as JsonObject) : {};
    filled.set(resource.address, attributes);
    return attributes;
  }

  const grouped = new Map<string, StateResource>();
  for (const resource of resources) {
    const key = `${resource.module ?? ''}|${resource.type}.${resource.name}`;
    const alias = configOf(resource)?.provider;
    const providerAddress = `provider["${resource.providerName}"]${typeof alias === 'string' && alias.includes('.') ? `.${alias.split('.')[1]}` : ''}`;
    const entry = grouped.get(key) ?? {
      ...(resource.module !== undefined ? { module: resource.module } : {}),
      mode: 'managed' as const,
      type: resource.type,
      name: resource.name,
      provider: providerAddress,
      instances: [],
    };
    entry.instances.push({
      ...(resource.index !== undefined ? { index_key: resource.index } : {}),
      schema_version: resource.schemaVersion,
      attributes: resource.type === 'terraform_data' ? terraformDataAttributes(fill(resource)) : fill(resource),
      sensitive_attributes: [],
    });
    grouped.set(key, entry);
  }

  // Root outputs: the planned value, else the cdk.tf.json expression; primitives only (their type is obvious).
  const outputs: JsonObject = {};
  const plannedOutputs = isObject(planJson.planned_values.outputs) ? planJson.planned_values.outputs : {};
  const configOutputs = isObject(stack.output) ? stack.output : {};
  for (const [name, planned] of Object.entries(plannedOutputs)) {
    if (!isObject(planned)) continue;
    const configured = configOutputs[name];
    const value = 'value' in planned ? toJson(planned.value) : isObject(configured) && 'value' in configured ? evaluate(configured.value, `output.${name}`) : null;
    const type = typeof value === 'string' ? 'string' : typeof value === 'number' ? 'number' : typeof value === 'boolean' ? 'bool' : undefined;
    if (type !== undefined) outputs[name] = { value, type, ...(planned.sensitive === true ? { sensitive: true } : {}) };
  }

  return {
    version: 4,
    terraform_version: typeof planJson.terraform_version === 'string' ? planJson.terraform_version : '1.5.0',
    serial: 1,
    lineage: fakeUuid(JSON.stringify(resources.map((resource) => resource.address))),
    outputs,
    resources: [...grouped.values()],
    check_results: null,
  };
}

// ---------------------------------------------------------------------------------------------
// planning against a state

export interface PlanWithState {
  readonly plan: CommandResult;
  readonly show?: CommandResult;
  readonly planJson?: unknown;
  /**
   * The planned resource changes: from `show -json` (every resource, no-ops included), or, with
   * `showJson: false`, from plan's own `-json` stream (resources that change only).
   */
  readonly changes?: PlannedChange[];
}

export interface PlanWithStateOptions {
  commandTimeoutMs?: number;
  /**
   * Plan in a fresh work dir beside the check's (`<workDir>-<fork>`, initialized first) instead
   * of the check's own, so several plans of one stack can run at once.
   */
  fork?: string;
  /**
   * Run `show -json` for the full plan (default true). False reads the changes from `plan -json`
   * instead, which saves a terraform process that decodes the provider schema once more;
   * 'when-changed' does that too, and runs `show -json` only when something changes.
   */
  showJson?: boolean | 'when-changed';
}

/** plan -json stream actions -> the action lists of `show -json`. */
const STREAM_ACTIONS: Readonly<Record<string, string[]>> = {
  create: ['create'],
  update: ['update'],
  delete: ['delete'],
  replace: ['delete', 'create'],
  read: ['read'],
  noop: ['no-op'],
};

/** The `planned_change` messages of `terraform plan -json` output. */
export function streamedChanges(stdout: string): PlannedChange[] {
  const changes: PlannedChange[] = [];
  for (const line of stdout.split('\n')) {
    if (!line.includes('"planned_change"')) continue;
    const message = JSON.parse(line) as { type?: string; change?: { action?: string; resource?: { addr?: string; resource_type?: string; implied_provider?: string } } };
    const resource = message.change?.resource;
    if (message.type !== 'planned_change' || !resource?.addr) continue;
    const action = message.change?.action ?? '';
    changes.push({ address: resource.addr, type: resource.resource_type ?? '', providerName: resource.implied_provider ?? '', actions: STREAM_ACTIONS[action] ?? [action] });
  }
  return changes;
}

/**
 * Plans the stack in `stackDir` (its cdk.tf.json) against `state`, in the work dir of `check`
 * (a StackCheck whose init succeeded, from checkStacks() of the same process, before
 * cleanupTerraformWorkDirs()). The providers the earlier init installed are reused: the stack must
 * need the same providers and backend.
 */
export async function planWithState(check: StackCheck, stackDir: string, state: TerraformState, options: PlanWithStateOptions = {}): Promise<PlanWithState> {
  if (check.init.code !== 0) throw new Error(`planWithState needs an initialized work dir; init of ${check.stack} failed`);
  const workDir = options.fork === undefined ? check.workDir : `${check.workDir}-${options.fork.replace(/[^A-Za-z0-9._-]+/g, '_')}`;
  fs.mkdirSync(workDir, { recursive: true });
  const text = fs.readFileSync(path.join(stackDir, STACK_FILE), 'utf8');
  fs.writeFileSync(path.join(workDir, STACK_FILE), text);
  const override = buildOfflineOverride(JSON.parse(text) as unknown, path.join(workDir, STATE_FILE));
  fs.writeFileSync(path.join(workDir, OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
  return runInWorkDir(
    workDir,
    async (run) => {
      if (workDir !== check.workDir) {
        // Before the state exists: init of a new local backend would set an existing state aside.
        const init = await run(['init', '-input=false', '-no-color']);
        if (init.code !== 0) return { plan: { ...init, stderr: `init of the forked work dir failed:\n${init.stderr}` } };
      }
      fs.writeFileSync(path.join(workDir, STATE_FILE), `${JSON.stringify(state, null, 2)}\n`);
      const showJson = options.showJson ?? true;
      const plan = await run(['plan', ...(showJson === true ? [] : ['-json']), '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=tfplan-with-state']);
      if (plan.code !== 0) return { plan };
      if (showJson !== true) {
        const changes = streamedChanges(plan.stdout);
        if (showJson === false || changes.every((change) => change.actions.every((action) => action === 'no-op'))) return { plan, changes };
      }
      const show = await run(['show', '-json', '-no-color', 'tfplan-with-state']);
      if (show.code !== 0) return { plan, show };
      const planJson = JSON.parse(show.stdout) as unknown;
      return { plan, show, planJson, changes: plannedChanges(planJson) };
    },
    options.commandTimeoutMs,
  );
}

/**
 * `state` once for each module of `modules`: every resource re-addressed under `module.<name>`,
 * with the provider configuration that module declares (a stack's providers are its own, so an
 * orphaned resource must name the module's, not an unconfigured root one). Root outputs are
 * dropped: a state holds no child module outputs. For planStacksWithState() (./terraform-together.ts).
 */
export function stateUnderModules(state: TerraformState, modules: readonly string[]): TerraformState {
  const resources = modules.flatMap((name) =>
    state.resources.map((resource) => ({
      ...resource,
      module: resource.module === undefined ? `module.${name}` : `module.${name}.${resource.module}`,
      provider: `module.${name}.${resource.provider}`,
    })),
  );
  return { ...state, outputs: {}, resources };
}
