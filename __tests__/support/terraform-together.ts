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

/** Plans every stack directory as a child module of one root; nothing is kept afterwards. */
export async function planStacksTogether(stackDirs: readonly string[]): Promise<PlanTogether> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-together-'));
  try {
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
      const override = buildOfflineOverride(JSON.parse(text) as unknown, path.join(root, 'terraform.tfstate'));
      // A backend belongs to the root; in a child it would only add a warning.
      delete override.terraform;
      fs.writeFileSync(path.join(moduleDir, OVERRIDE_FILE), JSON.stringify(override));
      return name;
    });
    const rootConfig = {
      terraform: { backend: { local: { path: path.join(root, 'terraform.tfstate') } } },
      module: Object.fromEntries(modules.map((name) => [name, { source: `./${name}` }])),
    };
    fs.writeFileSync(path.join(root, 'main.tf.json'), JSON.stringify(rootConfig));
    return await runInWorkDir(root, async (run) => {
      const init = await run(['init', '-input=false', '-no-color']);
      if (init.code !== 0) {
        const stacks = modules.map((module, index) => ({ stackDir: stackDirs[index], module, creates: [], otherChanges: [], errors: [] }));
        return { init, plan: { code: -1, stdout: '', stderr: 'not run: init failed' }, stacks, unattributedErrors: [init.stderr.trim()] };
      }
      const plan = await run(['plan', '-json', '-refresh=false', '-input=false', '-lock=false']);
      return { init, plan, ...splitByModule(parseLines(plan.stdout), modules, stackDirs) };
    });
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
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
