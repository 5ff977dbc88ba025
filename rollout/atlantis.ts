/**
 * Atlantis repo config (`atlantis.yaml`, version 3) from a rollout: one project per stack, in
 * rollout order, with the stack dependencies as Atlantis `depends_on`, and a custom workflow that
 * runs `init` and `plan` in the project's own stack folder, then the plan guard on that plan. The stack JSON is generated (and
 * gitignored): a server-side pre_workflow_hook synthesizes every stack once per clone, before any
 * project plans, so no project re-synthesizes the estate or writes another project's folder.
 *
 * Atlantis facts this relies on (runatlantis.io docs: repo-level-atlantis-yaml, custom-workflows,
 * depends-on, pre-workflow-hooks):
 * - `run` steps execute in the project directory; `$PLANFILE` is where Atlantis expects the plan,
 *   so a `run`-based plan must write `-out $PLANFILE` and the apply must apply `$PLANFILE`.
 * - `when_modified` uses .dockerignore syntax, relative to the project's `dir`.
 * - `depends_on` (Atlantis v0.27+) names projects that must be applied first: applying a project
 *   whose dependencies are not applied fails. `execution_order_group` orders plans and applies.
 * - `undiverged` (command-requirements) refuses an apply when the base branch changed in a file of the
 *   project's `when_modified` since its plan, with the `merge` checkout strategy only (a server flag;
 *   the default `branch` strategy plans the pull request's branch as it is, behind main or not).
 * - `workflows` and `apply_requirements` are restricted keys: the server-side repo config must
 *   allow them (`allowed_overrides: [apply_requirements, workflow]`, `allow_custom_workflows: true`).
 */
import { Document, isNode } from 'yaml';
import type { Rollout } from './rollout';

export type TerraformBinary = 'terraform' | 'tofu';

export interface AtlantisOptions {
  /** The CLI the workflow runs. Default terraform. */
  terraformBinary?: TerraformBinary;
  /**
   * Files whose change in a pull request autoplans every project, relative to each project's dir
   * (Atlantis semantics). Default: see `defaultWhenModified`.
   */
  autoplanWhenModified?: string[];
  /**
   * The estate config the stacks are synthesized from and the files it reads (hand-written policy
   * files), relative to the repository root with `/` separators. Default `backup.yaml`.
   */
  configFiles?: string[];
}

/**
 * The files that pin the tool's version (and cdktf's and the provider bindings'), and the provider
 * lock file that pins the provider builds every stack is planned with, relative to the repository root.
 */
export const TOOL_VERSION_FILES = ['package.json', 'package-lock.json', '.terraform.lock.hcl'];

/** Name of the custom workflow every project uses. */
export const ATLANTIS_WORKFLOW = 'backup-estate';

/** `../` once per segment of `directory`: from the project dir back to the repo root. */
function upToRoot(directory: string): string {
  return '../'.repeat(directory.split('/').length);
}

/**
 * The default `when_modified` of a project in `directory`, relative to that directory (Atlantis
 * matches it against the files a pull request changes):
 * - `*.tf.json` and `*.tf`: the project's own stack, when a repository commits cdktf.out (then a
 *   change plans exactly the stacks whose JSON changed), and any Terraform file committed beside it,
 *   which Terraform loads with the stack (an `*_override.tf` merges into it);
 * - the config files actually used (`configFiles`, default `backup.yaml`) and the files that pin
 *   the tool's and the provider's versions (TOOL_VERSION_FILES), from the repository root:
 *   cdktf.out/stacks/<name> is three levels deep, hence `../../../`. A change to any of them can
 *   change any stack, so it plans every project; Terraform then shows which stacks really change.
 */
export function defaultWhenModified(directory: string, configFiles: readonly string[] = ['backup.yaml']): string[] {
  const root = upToRoot(directory);
  return ['*.tf.json', '*.tf', ...[...configFiles, ...TOOL_VERSION_FILES].map((file) => `${root}${literalPattern(file)}`)];
}

/**
 * A file path as a .dockerignore pattern matching only itself: `*`, `?`, `[`, `]` and `\` are
 * pattern characters there (Go's filepath.Match, which .dockerignore follows, escapes with `\`), so
 * a config named backup[prod].yaml would otherwise match backupp.yaml and never itself, and its
 * change would autoplan nothing.
 */
export function literalPattern(path: string): string {
  return path.replace(/[*?[\]\\]/g, '\\$&');
}

interface AtlantisProject {
  name: string;
  dir: string;
  workspace: string;
  execution_order_group: number;
  autoplan: { enabled: boolean; when_modified: string[] };
  depends_on?: string[];
  apply_requirements: string[];
  workflow: string;
}

type AtlantisStep = string | { env: { name: string; value: string } } | { run: string };

/**
 * The synth a server-side pre_workflow_hook runs at the repository root, once per clone, before any
 * project plans (and before Atlantis reads atlantis.yaml, which it regenerates for new stacks).
 */
export const PRE_WORKFLOW_HOOK = 'npm ci --no-audit --no-fund && npx --no-install backup-estate synth && npx --no-install backup-estate atlantis';

/** The workflow: init and plan in the project's own stack folder, which the pre_workflow_hook synthesized. */
function workflow(binary: TerraformBinary, configFile: string | undefined): { plan: { steps: AtlantisStep[] }; apply: { steps: AtlantisStep[] } } {
  const config = configFile === undefined ? '' : ` --config '${configFile.replace(/'/g, `'\\''`)}'`;
  return {
    plan: {
      steps: [
        { env: { name: 'TF_IN_AUTOMATION', value: 'true' } },
        { run: `${binary} init -input=false -no-color` },
        { run: `${binary} plan -input=false -no-color -out $PLANFILE` },
        { run: `${binary} show -json $PLANFILE > $SHOWFILE` },
        { run: `cd ../../.. && { npx --no-install backup-estate guard "$SHOWFILE" --stack "$PROJECT_NAME"${config} || { rm -f "$PLANFILE"; exit 1; }; }` },
      ],
    },
    apply: {
      steps: [
        { env: { name: 'TF_IN_AUTOMATION', value: 'true' } },
        { run: `${binary} apply -input=false -no-color $PLANFILE` },
      ],
    },
  };
}

/** Comments on the workflow steps, by index in the plan and apply stages. */
const STEP_COMMENTS: Record<'plan' | 'apply', Record<number, string>> = {
  plan: {
    0: ' TF_IN_AUTOMATION drops the "run terraform apply next" hints from the output.',
    1: ' run steps start in the project dir (cdktf.out/stacks/<name>), its own stack folder, which the\n server-side pre_workflow_hook synthesized once for every project (see the header).\n -input=false: never wait for a prompt; -no-color: the output lands in a pull request comment.',
    2: ' A run-based plan must write $PLANFILE: Atlantis applies that file after approval.',
    3: ' The plan as JSON, for the guard.',
    4: ' The plan guard (README: Plan guard), from the repository root (the project dir is three levels\n down), with the config\'s guard.allowedChanges: a plan that deletes, replaces or weakens what holds\n or protects recovery points fails, and its plan file is removed (Atlantis would apply a plan\n file left behind by a failed step), so it cannot be applied.',
  },
  apply: {
    1: ' Applies exactly the plan that was reviewed.',
  },
};

/** The atlantis.yaml text for `rollout`: deterministic (same rollout and options, same bytes). */
export function atlantisConfig(rollout: Rollout, options: AtlantisOptions = {}): string {
  const binary = options.terraformBinary ?? 'terraform';
  if (binary !== 'terraform' && binary !== 'tofu') throw new Error(`terraformBinary: must be terraform or tofu; got ${JSON.stringify(binary)}`);

  const waveOf = new Map<string, number>();
  rollout.waves.forEach((wave, index) => wave.forEach((name) => waveOf.set(name, index)));

  const projects: AtlantisProject[] = rollout.stacks.map((stack) => ({
    name: stack.name,
    dir: stack.directory,
    workspace: 'default',
    // Waves as execution order groups: `atlantis apply` without -p goes wave by wave.
    execution_order_group: waveOf.get(stack.name) ?? 0,
    autoplan: { enabled: true, when_modified: [...(options.autoplanWhenModified ?? defaultWhenModified(stack.directory, options.configFiles))] },
    ...(stack.dependsOn.length > 0 ? { depends_on: [...stack.dependsOn] } : {}),
    // undiverged (with the server's --checkout-strategy=merge): no apply of a plan made before main
    // moved in a file of the project's when_modified; a plan of a pull request's stale branch would
    // delete what main added since (a backup plan, a selection: the guard only warns of those).
    apply_requirements: ['approved', 'mergeable', 'undiverged'],
    workflow: ATLANTIS_WORKFLOW,
  }));

  const config = {
    version: 3,
    automerge: false,
    parallel_plan: true,
    // Applies one project at a time: depends_on is checked when each apply starts.
    parallel_apply: false,
    projects,
    workflows: { [ATLANTIS_WORKFLOW]: workflow(binary, options.configFiles?.[0]) },
  };
  const document = new Document(config);
  document.commentBefore = [
    ` Generated by \`backup-estate atlantis\` from the rollout (${rollout.generatedBy}, ${rollout.stacks.length} stacks, ${rollout.waves.length} waves).`,
    ' Do not edit: run `backup-estate synth && backup-estate atlantis` again after changing the estate.',
    ' Needs Atlantis v0.27+ (depends_on) and a server-side repo config allowing the restricted keys',
    ' and synthesizing the stacks before any project plans:',
    '   allowed_overrides: [apply_requirements, workflow], allow_custom_workflows: true',
    '   and atlantis server --checkout-strategy=merge (undiverged holds only with it)',
    `   pre_workflow_hooks: [{ run: ${PRE_WORKFLOW_HOOK} }]`,
  ].join('\n');
  for (const stage of ['plan', 'apply'] as const) {
    for (const [index, comment] of Object.entries(STEP_COMMENTS[stage])) {
      const node = document.getIn(['workflows', ATLANTIS_WORKFLOW, stage, 'steps', Number(index)], true);
      if (isNode(node)) node.commentBefore = comment;
    }
  }
  return document.toString({ lineWidth: 0 });
}
