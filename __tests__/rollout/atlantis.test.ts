import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { ATLANTIS_WORKFLOW, PRE_WORKFLOW_HOOK, atlantisConfig, defaultWhenModified } from '../../rollout/atlantis';
import { buildRollout, type RolloutStack } from '../../rollout/rollout';
import { EXPECTED_ORDER, EXPECTED_WAVES, estateStacks } from './estate';

interface Project {
  name: string;
  dir: string;
  workspace: string;
  execution_order_group: number;
  autoplan: { enabled: boolean; when_modified: string[] };
  depends_on?: string[];
  apply_requirements: string[];
  workflow: string;
  terraform_version?: string;
}

interface Config {
  version: number;
  automerge: boolean;
  parallel_plan: boolean;
  parallel_apply: boolean;
  projects: Project[];
  workflows: Record<string, { plan: { steps: unknown[] }; apply: { steps: unknown[] } }>;
}

const rollout = buildRollout(estateStacks());
const parsed = (text: string) => parse(text) as Config;

describe('atlantisConfig', () => {
  it('writes a version 3 repo config: no automerge, parallel plans, sequential applies', () => {
    const config = parsed(atlantisConfig(rollout));
    expect(Object.keys(config)).toEqual(['version', 'automerge', 'parallel_plan', 'parallel_apply', 'projects', 'workflows']);
    expect(config).toMatchObject({ version: 3, automerge: false, parallel_plan: true, parallel_apply: false });
  });

  it('has one project per stack, in rollout order, named after the stack, in its folder', () => {
    const { projects } = parsed(atlantisConfig(rollout));
    expect(projects.map((project) => project.name)).toEqual(EXPECTED_ORDER);
    expect(projects.map((project) => project.dir)).toEqual(EXPECTED_ORDER.map((name) => `cdktf.out/stacks/${name}`));
    for (const project of projects) {
      expect(project.workspace).toBe('default');
      // undiverged: a plan of a branch behind main is not applied (with --checkout-strategy=merge, which the header asks for).
      expect(project.apply_requirements).toEqual(['approved', 'mergeable', 'undiverged']);
      expect(project.workflow).toBe(ATLANTIS_WORKFLOW);
      expect(project).not.toHaveProperty('terraform_version');
    }
  });

  it('turns stack dependencies into depends_on (omitted when none) and waves into execution order groups', () => {
    const { projects } = parsed(atlantisConfig(rollout));
    const byName = new Map(projects.map((project) => [project.name, project]));
    expect(byName.get('management-us-east-1')).not.toHaveProperty('depends_on');
    expect(byName.get('central-eu-west-1')!.depends_on).toEqual(['management-us-east-1']);
    expect(byName.get('analytics-eu-west-1')!.depends_on).toEqual(['management-us-east-1', 'central-eu-west-1', 'analytics-eu-central-1']);
    expect(byName.get('shop-eu-central-1')!.depends_on).toEqual(['management-us-east-1', 'central-eu-central-1', 'shop-eu-west-1']);
    for (const stack of rollout.stacks) expect(byName.get(stack.name)!.depends_on ?? []).toEqual(stack.dependsOn);
    EXPECTED_WAVES.forEach((wave, index) => wave.forEach((name) => expect(byName.get(name)!.execution_order_group).toBe(index)));
  });

  it('autoplans on its own stack JSON and Terraform files, the config actually used and the files it reads, the tool version and the provider lock file, relative to the project dir', () => {
    const { projects } = parsed(atlantisConfig(rollout, { configFiles: ['estate/backup.yaml', 'estate/policies/legacy.json'] }));
    for (const project of projects) {
      expect(project.autoplan).toEqual({
        enabled: true,
        when_modified: ['*.tf.json', '*.tf', '../../../estate/backup.yaml', '../../../estate/policies/legacy.json', '../../../package.json', '../../../package-lock.json', '../../../.terraform.lock.hcl'],
      });
    }
    expect(defaultWhenModified('stacks/a')).toEqual(['*.tf.json', '*.tf', '../../backup.yaml', '../../package.json', '../../package-lock.json', '../../.terraform.lock.hcl']);
    expect(parsed(atlantisConfig(rollout)).projects[0]!.autoplan.when_modified).toEqual(defaultWhenModified('cdktf.out/stacks/management-us-east-1'));
    const custom = parsed(atlantisConfig(rollout, { autoplanWhenModified: ['*.tf.json', '../../../estate/*.yaml'] }));
    for (const project of custom.projects) expect(project.autoplan.when_modified).toEqual(['*.tf.json', '../../../estate/*.yaml']);
  });

  // Found by the affected audit: a config file name with pattern characters matched other files and never itself.
  it('escapes the pattern characters of .dockerignore syntax in config file names, so each matches only itself', () => {
    expect(defaultWhenModified('stacks/a', ['estate/backup[prod].yaml', 'policies/*?.json'])).toEqual([
      '*.tf.json',
      '*.tf',
      '../../estate/backup\\[prod\\].yaml',
      '../../policies/\\*\\?.json',
      '../../package.json',
      '../../package-lock.json',
      '../../.terraform.lock.hcl',
    ]);
  });

  it('plans each project in its own stack folder (synthesized once by the pre_workflow_hook), init and plan without input, then the plan guard', () => {
    const text = atlantisConfig(rollout);
    const { workflows } = parsed(text);
    expect(Object.keys(workflows)).toEqual([ATLANTIS_WORKFLOW]);
    expect(workflows[ATLANTIS_WORKFLOW]).toEqual({
      plan: {
        steps: [
          { env: { name: 'TF_IN_AUTOMATION', value: 'true' } },
          { run: 'terraform init -input=false -no-color' },
          { run: 'terraform plan -input=false -no-color -out $PLANFILE' },
          // The guard fails the plan of a blocked change, so Atlantis cannot apply it.
          { run: 'terraform show -json $PLANFILE > $SHOWFILE' },
          { run: 'cd ../../.. && { npx --no-install backup-estate guard "$SHOWFILE" --stack "$PROJECT_NAME" || { rm -f "$PLANFILE"; exit 1; }; }' },
        ],
      },
      apply: { steps: [{ env: { name: 'TF_IN_AUTOMATION', value: 'true' } }, { run: 'terraform apply -input=false -no-color $PLANFILE' }] },
    });
    expect(text.split('\n').filter((line) => line.includes('pre_workflow_hooks'))).toEqual([`#   pre_workflow_hooks: [{ run: ${PRE_WORKFLOW_HOOK} }]`]);
    expect(PRE_WORKFLOW_HOOK).toBe('npm ci --no-audit --no-fund && npx --no-install backup-estate synth && npx --no-install backup-estate atlantis');
  });

  it('runs tofu in every step with terraformBinary tofu', () => {
    const { workflows } = parsed(atlantisConfig(rollout, { terraformBinary: 'tofu' }));
    const runs = [...workflows[ATLANTIS_WORKFLOW]!.plan.steps, ...workflows[ATLANTIS_WORKFLOW]!.apply.steps].flatMap((step) => (typeof step === 'object' && step !== null && 'run' in step ? [String(step.run)] : []));
    expect(runs).toEqual([
      'tofu init -input=false -no-color',
      'tofu plan -input=false -no-color -out $PLANFILE',
      'tofu show -json $PLANFILE > $SHOWFILE',
      'cd ../../.. && { npx --no-install backup-estate guard "$SHOWFILE" --stack "$PROJECT_NAME" || { rm -f "$PLANFILE"; exit 1; }; }',
      'tofu apply -input=false -no-color $PLANFILE',
    ]);
    // The config actually used goes to the guard too (its guard.allowedChanges).
    const withConfig = parsed(atlantisConfig(rollout, { configFiles: ["estate/it's.yaml", 'policies/a.json'] })).workflows[ATLANTIS_WORKFLOW]!.plan.steps;
    expect(withConfig[4]).toEqual({ run: `cd ../../.. && { npx --no-install backup-estate guard "$SHOWFILE" --stack "$PROJECT_NAME" --config 'estate/it'\\''s.yaml' || { rm -f "$PLANFILE"; exit 1; }; }` });
    expect(runs.join('\n')).not.toContain('terraform');
  });

  it('removes the plan file when the guard blocks, so Atlantis has no plan to apply; keeps it when the guard passes', () => {
    const step = String((parsed(atlantisConfig(rollout)).workflows[ATLANTIS_WORKFLOW]!.plan.steps[4] as { run: string }).run);
    const root = mkdtempSync(join(tmpdir(), 'atlantis-guard-step-'));
    const project = join(root, 'cdktf.out', 'stacks', 'a');
    const bin = join(root, 'bin');
    mkdirSync(project, { recursive: true });
    mkdirSync(bin);
    writeFileSync(join(bin, 'npx'), '#!/usr/bin/env bash\nexit "${FAKE_GUARD_STATUS:-0}"\n', { mode: 0o755 });
    try {
      const run = (status: number) => {
        writeFileSync(join(root, 'tfplan'), 'plan');
        const env = { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, PLANFILE: join(root, 'tfplan'), SHOWFILE: join(root, 'plan.json'), PROJECT_NAME: 'a', FAKE_GUARD_STATUS: String(status) };
        return { status: spawnSync('bash', ['-c', step], { cwd: project, env }).status, kept: existsSync(join(root, 'tfplan')) };
      };
      expect(run(1)).toEqual({ status: 1, kept: false });
      expect(run(0)).toEqual({ status: 0, kept: true });
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('is deterministic and starts with a do-not-edit header', () => {
    const text = atlantisConfig(rollout);
    expect(atlantisConfig(buildRollout(estateStacks().reverse()))).toBe(text);
    expect(text.startsWith('# Generated by `backup-estate atlantis`')).toBe(true);
    expect(text).toContain('allowed_overrides: [apply_requirements, workflow]');
    expect(text).toContain('#   and atlantis server --checkout-strategy=merge (undiverged holds only with it)\n');
    expect(text.endsWith('\n')).toBe(true);
  });

  it('gives stack folders of different depths each their own way back to the repo root', () => {
    const stacks: RolloutStack[] = [
      { name: 'a', kind: 'workload', account: 'x', accountId: '123456789012', region: 'eu-west-1', directory: 'cdktf.out/stacks/a', dependsOn: [] },
      { name: 'b', kind: 'workload', account: 'x', accountId: '123456789012', region: 'us-east-1', directory: 'out/b', dependsOn: [] },
    ];
    expect(parsed(atlantisConfig(buildRollout(stacks))).projects.map((project) => project.autoplan.when_modified[2])).toEqual(['../../../backup.yaml', '../../backup.yaml']);
  });
});
