/**
 * Many stacks in one terraform plan: each stack's cdk.tf.json (with the harness's offline override)
 * becomes a child module of one root, and one `init` and one `plan -json -refresh=false` run over
 * all of them.
 *
 * Why: every terraform command decodes the AWS provider's schema (about 2 s of CPU with 5.100.0),
 * whatever it plans; a plan of one stack spends most of its time there. Twelve stacks in one plan
 * pay for it once. What a child module cannot be, a stack here cannot be either: `import` blocks
 * are root-only (stacks with them go through checkStacks() in their own root), and a backend block
 * in a child is ignored (the override's local backend is the root's concern, with empty state).
 * Everything the provider checks (attributes, types, Regions, provider aliases) is checked exactly
 * as in a root of its own: provider configurations in a module called without count/for_each are
 * the module's own.
 *
 * Override files beside a stack (`*_override.tf.json`, such as the plan role's) are planned with it.
 *
 * The result is split per stack: `plan -json` names every planned change with its module address
 * and every diagnostic with the file it comes from, `<module>/cdk.tf.json`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildOfflineOverride, CommandResult, runInWorkDir } from './terraform';
import { stateUnderModules, type TerraformState } from './terraform-state';

export interface StackInPlan {
  /** The stack's directory, as given. */
  readonly stackDir: string;
  /** The module name it was planned under (`module.<name>`). */
  readonly module: string;
  /** Addresses planned for creation, without the module prefix. */
  readonly creates: readonly string[];
  /** Changes other than create (`<action> <address>`): none, for stacks planned against empty state. */
  readonly otherChanges: readonly string[];
  /** Error diagnostics whose file or address is this stack's. */
  readonly errors: readonly string[];
}

export interface PlanTogether {
  readonly init: CommandResult;
  readonly plan: CommandResult;
  readonly stacks: readonly StackInPlan[];
  /** Error diagnostics that name no stack (a failed init, a root problem). */
  readonly unattributedErrors: readonly string[];
}

const STACK_FILE = 'cdk.tf.json';
const OVERRIDE_FILE = 'zz_offline_override.tf.json';
const STATE_FILE = 'terraform.tfstate';

interface JsonMessage {
  type?: string;
  '@level'?: string;
  '@message'?: string;
  change?: { action?: string; resource?: { addr?: string; module?: string } };
  diagnostic?: { severity?: string; summary?: string; detail?: string; address?: string; range?: { filename?: string } };
}

const parseLines = (stdout: string): JsonMessage[] =>
  stdout.split('\n').flatMap((line) => {
    if (!line.startsWith('{')) return [];
    try {
      return [JSON.parse(line) as JsonMessage];
    } catch {
      return [];
    }
  });

/**
 * Writes each stack directory as a child module of `root` (cdk.tf.json, the override files beside
 * it, the offline override without its backend) and the root's main.tf.json calling them, with a
 * local backend at `<root>/terraform.tfstate`. Returns the module names, in the order of `stackDirs`.
 */
function writeRoot(root: string, stackDirs: readonly string[]): string[] {
  const modules = stackDirs.map((dir, index) => {
    const name = `s${index}_${path.basename(path.resolve(dir)).replace(/[^A-Za-z0-9_-]+/g, '_')}`;
    const text = fs.readFileSync(path.join(dir, STACK_FILE), 'utf8');
    const moduleDir = path.join(root, name);
    fs.mkdirSync(moduleDir);
    fs.writeFileSync(path.join(moduleDir, STACK_FILE), text);
    // Override files a pipeline writes beside the stack (the plan role's) go with it; the
    // harness's own sorts after them, so its offline provider settings win.
    for (const file of fs.readdirSync(dir).filter((name) => name.endsWith('_override.tf.json') && name !== OVERRIDE_FILE)) {
      fs.copyFileSync(path.join(dir, file), path.join(moduleDir, file));
    }
    const override = buildOfflineOverride(JSON.parse(text) as unknown, path.join(root, STATE_FILE));
    // A backend belongs to the root; in a child it would only add a warning.
    delete override.terraform;
    fs.writeFileSync(path.join(moduleDir, OVERRIDE_FILE), JSON.stringify(override));
    return name;
  });
  const rootConfig = {
    terraform: { backend: { local: { path: path.join(root, STATE_FILE) } } },
    module: Object.fromEntries(modules.map((name) => [name, { source: `./${name}` }])),
  };
  fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify(rootConfig));
  return modules;
}

type Run = (args: string[]) => Promise<CommandResult>;

/**
 * A root calling every stack as a module, in a scratch folder removed afterwards, initialized:
 * `planned` runs on a successful init, `failed` shapes the result when init fails.
 */
async function inInitializedRoot<T>(stackDirs: readonly string[], failed: (init: CommandResult, modules: readonly string[]) => T, planned: (run: Run, init: CommandResult, root: string, modules: readonly string[]) => Promise<T>): Promise<T> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-together-'));
  try {
    const modules = writeRoot(root, stackDirs);
    return await runInWorkDir(root, async (run) => {
      const init = await run(['init', '-input=false', '-no-color']);
      return init.code !== 0 ? failed(init, modules) : planned(run, init, root, modules);
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
}

const NOT_RUN: CommandResult = { code: -1, stdout: '', stderr: 'not run: init failed' };

/** Plans every stack directory as a child module of one root; nothing is kept afterwards. */
export async function planStacksTogether(stackDirs: readonly string[]): Promise<PlanTogether> {
  return inInitializedRoot<PlanTogether>(
    stackDirs,
    (init, modules) => ({
      init,
      plan: NOT_RUN,
      stacks: modules.map((module, index) => ({ stackDir: stackDirs[index], module, creates: [], otherChanges: [], errors: [] })),
      unattributedErrors: [init.stderr.trim()],
    }),
    async (run, init, _root, modules) => {
      const plan = await run(['plan', '-json', '-refresh=false', '-input=false', '-lock=false']);
      return { init, plan, ...splitByModule(parseLines(plan.stdout), modules, stackDirs) };
    },
  );
}

export interface StackWithState {
  /** The stack's directory, as given. */
  readonly stackDir: string;
  /** The module name it was planned under (`module.<name>`). */
  readonly module: string;
  /** The stack's share of `show -json` (modulePlanJson()): undefined when the plan failed. */
  readonly planJson?: unknown;
  /** Error diagnostics whose file or address is this stack's, with `module.<name>.` taken out. */
  readonly errors: readonly string[];
}

export interface PlanTogetherWithState {
  readonly init: CommandResult;
  readonly plan: CommandResult;
  readonly show?: CommandResult;
  readonly stacks: readonly StackWithState[];
  readonly unattributedErrors: readonly string[];
}

/**
 * Plans stacks that are versions of one stack (edits of its config) against one state, that
 * state's resources copied under each stack's module (stateUnderModules()): one init, one
 * `plan -json -refresh=false` and one `show -json` for all of them, where planWithState() of
 * ./terraform-state.ts pays for a plan and a show per stack. Each stack gets its share of the
 * plan JSON with the addresses a plan of its own would show.
 *
 * Why they must share their provider blocks: the state holds one stack's resources, and the
 * shared provider process (./shared-provider.ts) keeps one configuration at a time, which every
 * module's provider block sets in turn; identical blocks make that harmless.
 * An error anywhere fails the whole plan, so plans Terraform refuses go in a root of their own.
 */
export async function planStacksWithState(stackDirs: readonly string[], state: TerraformState): Promise<PlanTogetherWithState> {
  const providers = new Set(stackDirs.map((dir) => JSON.stringify((JSON.parse(fs.readFileSync(path.join(dir, STACK_FILE), 'utf8')) as { provider?: unknown }).provider ?? null)));
  if (providers.size > 1) throw new Error('planStacksWithState: the stacks declare different provider blocks; plan them apart');
  return inInitializedRoot<PlanTogetherWithState>(
    stackDirs,
    (init, modules) => ({ init, plan: NOT_RUN, stacks: modules.map((module, index) => ({ stackDir: stackDirs[index], module, errors: [] })), unattributedErrors: [init.stderr.trim()] }),
    async (run, init, root, modules) => {
      // After init: init of a new local backend would set an existing state aside.
      fs.writeFileSync(path.join(root, STATE_FILE), JSON.stringify(stateUnderModules(state, modules)));
      const plan = await run(['plan', '-json', '-refresh=false', '-input=false', '-lock=false', '-out=tfplan']);
      const split = splitByModule(parseLines(plan.stdout), modules, stackDirs);
      const errorsOf = (index: number): string[] => split.stacks[index].errors.map((text) => text.split(`module.${modules[index]}.`).join(''));
      const bare = (planJson?: unknown): StackWithState[] =>
        modules.map((module, index) => ({ stackDir: stackDirs[index], module, ...(planJson !== undefined ? { planJson: modulePlanJson(planJson, module) } : {}), errors: errorsOf(index) }));
      if (plan.code !== 0) return { init, plan, stacks: bare(), unattributedErrors: split.unattributedErrors };
      const show = await run(['show', '-json', '-no-color', 'tfplan']);
      if (show.code !== 0) return { init, plan, show, stacks: bare(), unattributedErrors: split.unattributedErrors };
      return { init, plan, show, stacks: bare(JSON.parse(show.stdout) as unknown), unattributedErrors: split.unattributedErrors };
    },
  );
}

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

/**
 * What `show -json` of `module` planned in a root of its own would hold, from `show -json` of a
 * root calling it: its resource_changes, resource_drift, planned_values, prior_state and
 * configuration, every address without `module.<name>.`. The guard reads resource_changes,
 * format_version, terraform_version, planned_values, configuration, errored and complete: all
 * here. Compared once with plans of each stack alone: resource_changes and configuration equal.
 * Not rebuilt: outputs and output_changes (a root does not show its children's), checks, and
 * relevant_attributes (a whole-plan notion: the combined plan lists more).
 */
export function modulePlanJson(planJson: unknown, module: string): unknown {
  if (!isObject(planJson)) return undefined;
  const prefix = `module.${module}`;
  /** The address inside the module: '' for the module itself, undefined for another module's. */
  const local = (address: unknown): string | undefined =>
    typeof address !== 'string' ? undefined : address === prefix ? '' : address.startsWith(`${prefix}.`) ? address.slice(prefix.length + 1) : undefined;
  const entries = (list: unknown): Record<string, unknown>[] | undefined =>
    !Array.isArray(list)
      ? undefined
      : list.filter(isObject).flatMap((entry) => {
          const address = local(entry.address);
          if (!address) return [];
          const copy: Record<string, unknown> = { ...entry, address };
          for (const key of ['module_address', 'previous_address'] as const) {
            const inside = local(entry[key]);
            if (inside) copy[key] = inside;
            else delete copy[key];
          }
          return [copy];
        });
  /** A values module (planned_values, prior_state.values) with its addresses rebased. */
  const values = (node: Record<string, unknown>): Record<string, unknown> => {
    const resources = (Array.isArray(node.resources) ? node.resources : []).filter(isObject).map((resource) => ({
      ...resource,
      address: local(resource.address),
      ...(Array.isArray(resource.depends_on) ? { depends_on: resource.depends_on.map((address) => local(address) ?? address) } : {}),
    }));
    const out: Record<string, unknown> = { resources };
    const address = local(node.address);
    if (address) out.address = address;
    const children = (Array.isArray(node.child_modules) ? node.child_modules : []).filter(isObject).map(values);
    if (children.length > 0) out.child_modules = children;
    return out;
  };
  const rootValues = (root: unknown): Record<string, unknown> => {
    const child = (isObject(root) && Array.isArray(root.child_modules) ? root.child_modules : []).filter(isObject).find((node) => node.address === prefix);
    return child === undefined ? {} : values(child);
  };
  const result: Record<string, unknown> = { ...planJson };
  for (const key of ['resource_changes', 'resource_drift', 'relevant_attributes', 'output_changes', 'checks', 'prior_state', 'planned_values', 'configuration']) delete result[key];
  const changes = entries(planJson.resource_changes);
  if (changes !== undefined && changes.length > 0) result.resource_changes = changes;
  const drift = entries(planJson.resource_drift);
  if (drift !== undefined && drift.length > 0) result.resource_drift = drift;
  if (isObject(planJson.planned_values)) result.planned_values = { root_module: rootValues(planJson.planned_values.root_module) };
  const prior = planJson.prior_state;
  if (isObject(prior) && isObject(prior.values)) result.prior_state = { ...prior, values: { root_module: rootValues(prior.values.root_module) } };
  const configuration = planJson.configuration;
  if (isObject(configuration)) {
    const calls = isObject(configuration.root_module) && isObject(configuration.root_module.module_calls) ? configuration.root_module.module_calls : {};
    const call = calls[module];
    const providerConfig = isObject(configuration.provider_config) ? configuration.provider_config : {};
    // Keys of a module's provider configurations are `module.<name>:aws`; a root's, `aws`.
    const key = (value: unknown): unknown => (typeof value === 'string' && value.startsWith(`${prefix}:`) ? value.slice(prefix.length + 1) : value);
    const config = isObject(call) && isObject(call.module) ? call.module : {};
    result.configuration = {
      provider_config: Object.fromEntries(
        Object.entries(providerConfig)
          .filter(([name]) => name.startsWith(`${prefix}:`))
          .map(([name, value]) => {
            const { module_address: _, ...rest } = isObject(value) ? value : {};
            return [key(name), rest];
          }),
      ),
      root_module: { ...config, ...(Array.isArray(config.resources) ? { resources: config.resources.filter(isObject).map((resource) => ({ ...resource, provider_config_key: key(resource.provider_config_key) })) } : {}) },
    };
  }
  return result;
}

function splitByModule(messages: readonly JsonMessage[], modules: readonly string[], stackDirs: readonly string[]): Pick<PlanTogether, 'stacks' | 'unattributedErrors'> {
  const byModule = new Map(modules.map((name) => [name, { creates: [] as string[], otherChanges: [] as string[], errors: [] as string[] }]));
  const unattributedErrors: string[] = [];
  const moduleOf = (text: string | undefined): string | undefined => {
    const match = text === undefined ? null : /^(?:module\.)?([^./]+)[./]/.exec(text);
    return match && byModule.has(match[1]) ? match[1] : undefined;
  };
  for (const message of messages) {
    if (message.type === 'planned_change' && message.change?.resource?.addr) {
      const address = message.change.resource.addr;
      const name = moduleOf(address);
      const local = name === undefined ? address : address.slice(`module.${name}.`.length);
      const entry = name === undefined ? undefined : byModule.get(name);
      if (!entry) unattributedErrors.push(`a change outside every stack: ${message.change.action} ${address}`);
      else if (message.change.action === 'create') entry.creates.push(local);
      else entry.otherChanges.push(`${message.change.action} ${local}`);
    }
    if (message.type === 'diagnostic' && message.diagnostic?.severity === 'error') {
      const { summary = '', detail = '', address, range } = message.diagnostic;
      const text = `${summary}${address ? ` (${address})` : ''}${detail ? `: ${detail}` : ''}`;
      const name = moduleOf(range?.filename) ?? moduleOf(address);
      const entry = name === undefined ? undefined : byModule.get(name);
      if (entry) entry.errors.push(text);
      else unattributedErrors.push(text);
    }
  }
  const stacks = modules.map((module, index) => ({ stackDir: stackDirs[index], module, ...byModule.get(module)! }));
  return { stacks, unattributedErrors };
}
