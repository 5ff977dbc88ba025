/**
 * The example GitHub Actions workflow: valid YAML, the expected jobs, and its bash and JavaScript
 * steps run (with fake npm, npx, git and terraform binaries; see ./workflow-support.ts). The matrix
 * script at scale is ./pipeline-matrix.test.ts.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { SUBCOMMANDS } from '../../cli/backup-estate';
import { ROOT } from '../support/cli';
import { needs, runStep, stepNamed, TEXT, uses, workflow, type Step } from './workflow-support';

const APPLY_JOBS = Object.keys(workflow.jobs).filter((name) => name.startsWith('apply-wave-'));
const scratch = (prefix: string) => mkdtempSync(join(tmpdir(), prefix));

describe('examples/pipelines/github-actions.yml', () => {
  it('is valid YAML without warnings', () => {
    const document = parseDocument(TEXT);
    expect(document.errors).toEqual([]);
    expect(document.warnings).toEqual([]);
  });

  it('plans on pull requests, applies on main, plans every stack nightly and by hand, with no default token permission and a pinned Terraform', () => {
    expect(workflow.on).toEqual({
      pull_request: { branches: ['main'] },
      push: { branches: ['main'] },
      schedule: [{ cron: '17 3 * * *' }],
      workflow_dispatch: { inputs: { apply: { description: expect.any(String), type: 'boolean', default: false } } },
    });
    expect(workflow.permissions).toEqual({});
    expect(Object.keys(workflow.jobs)).toEqual(['synth', 'plan', 'review', 'mark-applying', 'apply-wave-1', 'apply-wave-2', 'apply-wave-3', 'apply-wave-4', 'apply-wave-5', 'apply-wave-6', 'record-applied']);
    expect(workflow.env.TERRAFORM_VERSION).toBe("${{ vars.TERRAFORM_VERSION || '1.11.4' }}");
    expect(TEXT.replaceAll('ubuntu-latest', '')).not.toMatch(/latest/);
  });

  it('synth: decides what the run does from the event: affected plans, affected applies, or everything', () => {
    const step = workflow.jobs.synth!.steps.find((candidate) => candidate.id === 'mode')!;
    const mode = (env: Record<string, string>) => runStep(step.run!, scratch('estate-mode-'), { EVENT: '', APPLY_INPUT: '', REF: 'refs/heads/main', ...env });
    expect(mode({ EVENT: 'pull_request', REF: 'refs/pull/7/merge' }).outputs).toBe('scope=affected\nmode=plan\n');
    expect(mode({ EVENT: 'push' }).outputs).toBe('scope=affected\nmode=apply\n');
    expect(mode({ EVENT: 'schedule' }).outputs).toBe('scope=all\nmode=plan\n');
    expect(mode({ EVENT: 'workflow_dispatch', APPLY_INPUT: 'false' }).outputs).toBe('scope=all\nmode=plan\n');
    expect(mode({ EVENT: 'workflow_dispatch', APPLY_INPUT: 'true' }).outputs).toBe('scope=all\nmode=apply\n');
    const elsewhere = mode({ EVENT: 'workflow_dispatch', APPLY_INPUT: 'true', REF: 'refs/heads/feature' });
    expect([elsewhere.status, elsewhere.stdout.trim()]).toEqual([1, '::error::apply runs from main only (this run is on refs/heads/feature)']);
  });

  it('synth: installs the pinned tool, synthesizes (the validation included), checks the state backend, and uploads no stack JSON', () => {
    const synth = workflow.jobs.synth!;
    expect(uses(synth, 'actions/setup-node')!.with).toEqual({ 'node-version': 20, cache: 'npm' });
    expect(synth.steps.filter((step) => step.run && !step.name).map((step) => step.run)).toEqual([
      'npm ci --no-audit --no-fund',
      'npx --no-install backup-estate synth',
      // The state must be remote (an organization's or a single account's) before any job plans or applies.
      'npx --no-install backup-estate plan-role --check',
    ]);
    const uploads = synth.steps.filter((step) => step.uses?.startsWith('actions/upload-artifact@')).map((step) => [step.with!.name, step.with!.path]);
    expect(uploads).toEqual([
      ['synth-tool', 'synth-tool'],
      ['base-synth', 'base-synth'],
      ['posture-report', 'posture-report'],
      ['synth', 'cdktf.out/rollout.json\ncdktf.out/compliance.json\nplanned.json\naffected.json\naffected.md\n'],
    ]);
    expect(Object.keys(synth.outputs!)).toEqual(['plan', 'plan-jobs', 'planned', 'apply', 'apply-jobs', 'mode', 'regressions']);
  });

  it('synth: fails on a file in a stack folder that synth did not write (Terraform loads it, affected and the report do not read it)', () => {
    const synth = workflow.jobs.synth!;
    const step = stepNamed(synth, 'Stack folders hold only what synth wrote');
    const names = synth.steps.map((candidate) => candidate.run ?? candidate.name);
    expect(names.indexOf(step.run)).toBe(names.indexOf('npx --no-install backup-estate synth') + 2);
    const dir = scratch('estate-stack-folders-');
    for (const stack of ['a-eu-west-1', 'b-eu-west-1']) {
      mkdirSync(join(dir, 'cdktf.out', 'stacks', stack), { recursive: true });
      writeFileSync(join(dir, 'cdktf.out', 'stacks', stack, 'cdk.tf.json'), '{}\n');
    }
    expect(runStep(step.run!, dir)).toMatchObject({ status: 0, stdout: '' });
    // A hand-written override beside a stack's JSON: Terraform merges it, every check of the PR misses it.
    writeFileSync(join(dir, 'cdktf.out', 'stacks', 'b-eu-west-1', 'hotfix_override.tf.json'), '{"resource": {}}\n');
    mkdirSync(join(dir, 'cdktf.out', 'stacks', 'a-eu-west-1', '.terraform'));
    const result = runStep(step.run!, dir);
    expect([result.status, result.stdout]).toEqual([
      1,
      '::error file=cdktf.out/stacks/a-eu-west-1/.terraform::cdktf.out/stacks/a-eu-west-1/.terraform was not written by backup-estate synth, yet Terraform would load it with its stack, and neither affected nor the posture report reads it: remove it from the repository (cdktf.out is generated)\n' +
        '::error file=cdktf.out/stacks/b-eu-west-1/hotfix_override.tf.json::cdktf.out/stacks/b-eu-west-1/hotfix_override.tf.json was not written by backup-estate synth, yet Terraform would load it with its stack, and neither affected nor the posture report reads it: remove it from the repository (cdktf.out is generated)\n',
    ]);
  });

  it("runs in a user's project as `backup-estate init` copies it: only the installed package's commands, never this repository's scripts or a download", () => {
    const scripts = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step) => [step.run ?? '', ...Object.values(step.env ?? {})])).join('\n');
    const commands = [...scripts.matchAll(/\bnpx (--no-install )?backup-estate ([a-z-]+)/g)];
    expect(commands.length).toBeGreaterThan(5);
    // --no-install: the version package-lock.json pins, or a failure; never whatever the registry serves.
    expect(commands.filter((match) => !match[1]).map((match) => match[0])).toEqual([]);
    expect([...new Set(commands.map((match) => match[2]))].filter((command) => !(command! in SUBCOMMANDS))).toEqual([]);
    expect(scripts).not.toMatch(/npm run|npm install|scripts\/|dist\/main|node dist/);
  });

  it("synth: copies the plan jobs' tools (the standalone synth and plan-role) from the installed package", () => {
    const step = stepNamed(workflow.jobs.synth!, "The plan jobs' tools");
    const dir = scratch('estate-tools-step-');
    const installed = join(dir, 'node_modules', 'backup-estate');
    mkdirSync(join(installed, 'dist', 'standalone'), { recursive: true });
    writeFileSync(join(installed, 'package.json'), JSON.stringify({ name: 'backup-estate', exports: { './package.json': './package.json' } }));
    const tools = ['synth.js', 'plan-role.js', 'guard.js'];
    for (const tool of tools) writeFileSync(join(installed, 'dist', 'standalone', tool), `// ${tool}\n`);
    const result = runStep(step.run!, dir);
    expect([result.status, result.stderr]).toEqual([0, '']);
    expect(tools.map((tool) => readFileSync(join(dir, 'synth-tool', tool), 'utf8'))).toEqual(tools.map((tool) => `// ${tool}\n`));
    // Without the package installed the step fails: the plan jobs never run without their tools.
    rmSync(join(dir, 'node_modules'), { recursive: true });
    expect(runStep(step.run!, dir).status).not.toBe(0);
  });

  it("synth: synthesizes the base commit with its own code and config, or says why every stack counts, and fails when it cannot", () => {
    const step = stepNamed(workflow.jobs.synth!, 'Synthesize the base commit');
    expect(step.if).toBe("steps.mode.outputs.scope == 'affected'");
    expect(step.env).toEqual({ BASE_SHA: '${{ github.event.pull_request.base.sha }}', APPLIED_TAG: 'backup-estate-applied', APPLYING_TAG: 'backup-estate-applying' });
    const SHA = 'a'.repeat(40);
    const base = scratch('estate-base-commit-');
    writeFileSync(join(base, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(join(base, 'backup.yaml'), 'version: 1\n');
    const run = (env: Record<string, string>, setup: (dir: string) => void = () => undefined) => {
      const dir = scratch('estate-base-synth-');
      setup(dir);
      return { dir, ...runStep(step.run!, dir, { BASE_SHA: SHA, FAKE_BASE: base, APPLIED_TAG: 'backup-estate-applied', APPLYING_TAG: 'backup-estate-applying', ...env }) };
    };

    // A push to main compares with the last fully applied commit (the tag), never the previous push.
    const TAG_FETCH = 'git fetch --no-tags --depth=1 origin +refs/tags/backup-estate-applied:refs/tags/backup-estate-applied';
    const APPLIED = 'b'.repeat(40);
    const APPLYING_FETCH = 'git fetch --no-tags --depth=1 origin +refs/tags/backup-estate-applying:refs/tags/backup-estate-applying';
    const APPLYING_PARSE = 'git rev-parse refs/tags/backup-estate-applying^{commit}';
    const pushed = run({ BASE_SHA: '', FAKE_APPLIED: APPLIED }, (dir) => writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n'));
    expect([pushed.status, pushed.calls.slice(0, 4)]).toEqual([0, [TAG_FETCH, 'git rev-parse refs/tags/backup-estate-applied^{commit}', APPLYING_FETCH, `git fetch --no-tags --depth=1 origin ${APPLIED}`]]);
    // The last run that began applying finished (its commit is the applied one): compared with the tag.
    const finished = run({ BASE_SHA: '', FAKE_APPLIED: APPLIED, FAKE_APPLYING: APPLIED });
    expect([finished.status, finished.calls.slice(2, 5)]).toEqual([0, [APPLYING_FETCH, APPLYING_PARSE, `git fetch --no-tags --depth=1 origin ${APPLIED}`]]);
    // A run began applying another commit and stopped: some of its stacks are in AWS, so a stack it
    // applied and a later commit reverted would read as unchanged against the tag. Everything counts.
    const APPLYING = 'c'.repeat(40);
    const partial = run({ BASE_SHA: '', FAKE_APPLIED: APPLIED, FAKE_APPLYING: APPLYING });
    expect([partial.status, partial.calls]).toEqual([0, [TAG_FETCH, 'git rev-parse refs/tags/backup-estate-applied^{commit}', APPLYING_FETCH, APPLYING_PARSE]]);
    expect(readFileSync(join(partial.dir, 'base-synth', 'NO-BASE'), 'utf8')).toBe(`A run began applying ${APPLYING} and did not finish: every stack is planned and applied.\n`);
    // No tag yet (the first apply), a zero SHA, or a commit that cannot be fetched: everything counts.
    for (const [env, calls] of [[{ BASE_SHA: '' }, [TAG_FETCH, APPLYING_FETCH]], [{ BASE_SHA: '0'.repeat(40) }, []], [{ FAKE_GIT_FETCH: 'fail' }, [`git fetch --no-tags --depth=1 origin ${SHA}`]]] as const) {
      const result = run(env);
      expect([result.status, result.calls]).toEqual([0, calls]);
      expect(readFileSync(join(result.dir, 'base-synth', 'NO-BASE'), 'utf8')).toBe('No base commit to compare with: every stack is planned.\n');
    }
    // The first pull request: no config on the base branch (none renamed to it) and no estate applied
    // from this repository (neither tag exists): nothing to synthesize, and a note for the guard.
    const DIFF = `git diff -z --name-status -M --diff-filter=R ${SHA} HEAD`;
    const first = run({ FAKE_BASE: '' });
    expect([first.status, first.calls]).toEqual([0, [`git fetch --no-tags --depth=1 origin ${SHA}`, 'git worktree add --detach base FETCH_HEAD', DIFF, TAG_FETCH, APPLYING_FETCH]]);
    expect(readFileSync(join(first.dir, 'base-synth', 'NO-BASE-CONFIG'), 'utf8')).toBe('The base branch has no backup.yaml: no stack of it could be removed.\n');
    expect(existsSync(join(first.dir, 'base-synth', 'BASE-CONFIG'))).toBe(false);
    // No config on the base, yet an estate was applied from this repository (BACKUP_CONFIG changed
    // without a rename the diff shows): its stacks cannot be compared, so the step fails rather than
    // let a removed stack through unchecked.
    for (const tags of [{ FAKE_APPLIED: APPLIED }, { FAKE_APPLYING: APPLYING }] as Record<string, string>[]) {
      const applied = run({ FAKE_BASE: '', FAKE_GIT_DIFF: 'R100\\0other.yaml\\0elsewhere.yaml\\0', ...tags });
      expect([applied.status, applied.stdout]).toEqual([
        1,
        '::error::the base commit has no backup.yaml and no file this commit renamed to it, yet this repository has applied an estate (tag backup-estate-applied or backup-estate-applying): the stacks it holds cannot be compared, so a removed stack would go unchecked. Move the config with git mv (and set BACKUP_CONFIG to its new path) in a commit that the comparison can follow, or restore it at backup.yaml\n',
      ]);
      expect(existsSync(join(applied.dir, 'base-synth', 'NO-BASE-CONFIG'))).toBe(false);
    }
    // The config renamed by this commit (git mv, BACKUP_CONFIG set to the new name): the base synthesizes
    // its own file, whose stacks are the ones that could be removed, and the report compares with it.
    const renamedBase = scratch('estate-base-commit-');
    writeFileSync(join(renamedBase, 'package-lock.json'), '{"lockfileVersion": 3}\n');
    writeFileSync(join(renamedBase, 'estate.yaml'), 'version: 1\n');
    const renamed = run({ FAKE_BASE: renamedBase, FAKE_GIT_DIFF: 'R100\\0policies/a.json\\0policies/b.json\\0R087\\0estate.yaml\\0backup.yaml\\0' });
    expect([renamed.status, renamed.calls.slice(2)]).toEqual([0, [DIFF, 'npm ci --no-audit --no-fund', 'npx --no-install backup-estate synth']]);
    expect(readFileSync(join(renamed.dir, 'base-synth', 'cdktf.out', 'config-read'), 'utf8')).toBe('estate.yaml\n');
    expect(readFileSync(join(renamed.dir, 'base-synth', 'BASE-CONFIG'), 'utf8')).toBe('estate.yaml\n');
    // The same lock file: the dependencies are shared, and the base synthesizes in base/ its own backup.yaml.
    const same = run({}, (dir) => writeFileSync(join(dir, 'package-lock.json'), '{"lockfileVersion": 3}\n'));
    expect([same.status, same.calls.slice(2)]).toEqual([0, ['npx --no-install backup-estate synth']]);
    expect(readFileSync(join(same.dir, 'base-synth', 'cdktf.out', 'rollout.json'), 'utf8')).toBe('synthesized in base\n');
    expect(readFileSync(join(same.dir, 'base-synth', 'cdktf.out', 'config-read'), 'utf8')).toBe('backup.yaml\n');
    expect(readFileSync(join(same.dir, 'base-synth', 'BASE-CONFIG'), 'utf8')).toBe('backup.yaml\n');
    // The same provider lock file (or none on either side): the synths say what changed.
    expect(existsSync(join(same.dir, 'base-synth', 'LOCK-CHANGED'))).toBe(false);
    // Another provider lock file (an upgrade, or one added or removed): every stack plans differently,
    // whatever the synth says, so the affected stacks step selects them all.
    const LOCK_CHANGED = 'The provider lock file (.terraform.lock.hcl) changed: every stack is planned with the provider builds it pins.\n';
    writeFileSync(join(base, '.terraform.lock.hcl'), '# aws 5.100.0\n');
    for (const lock of ['# aws 5.99.0\n', undefined]) {
      const upgraded = run({}, (dir) => (lock === undefined ? undefined : writeFileSync(join(dir, '.terraform.lock.hcl'), lock)));
      expect([upgraded.status, readFileSync(join(upgraded.dir, 'base-synth', 'LOCK-CHANGED'), 'utf8')]).toEqual([0, LOCK_CHANGED]);
    }
    expect(existsSync(join(run({}, (dir) => writeFileSync(join(dir, '.terraform.lock.hcl'), '# aws 5.100.0\n')).dir, 'base-synth', 'LOCK-CHANGED'))).toBe(false);
    rmSync(join(base, '.terraform.lock.hcl'));
    // Another lock file: the base commit's own dependencies first.
    expect(run({}).calls.slice(2)).toEqual(['npm ci --no-audit --no-fund', 'npx --no-install backup-estate synth']);
    // A base that does not synthesize fails the step: no silent pass.
    const failing = run({ FAKE_NPM_STATUS_2: '1' });
    expect(failing.status).not.toBe(0);
    expect(existsSync(join(failing.dir, 'base-synth', 'cdktf.out'))).toBe(false);
  });

  it('synth: lists the affected stacks against the base synth, or says every stack counts without one', () => {
    const step = stepNamed(workflow.jobs.synth!, 'Affected stacks');
    const dir = scratch('estate-affected-step-');
    mkdirSync(join(dir, 'base-synth', 'cdktf.out'), { recursive: true });
    writeFileSync(join(dir, 'base-synth', 'cdktf.out', 'rollout.json'), '{}');
    const compared = runStep(step.run!, dir, { FAKE_NPM_TEXT: '## Affected stacks: 2 of 9' });
    expect([compared.status, compared.calls]).toEqual([0, ['npx --no-install backup-estate affected --base base-synth/cdktf.out --json affected.json --markdown affected.md']]);
    expect(compared.summary).toBe('## Affected stacks: 2 of 9\n');
    rmSync(join(dir, 'base-synth', 'cdktf.out'), { recursive: true });
    writeFileSync(join(dir, 'base-synth', 'NO-BASE'), 'No base commit to compare with: every stack is planned.\n');
    rmSync(join(dir, 'affected.md'));
    rmSync(join(dir, 'affected.json'));
    const all = runStep(step.run!, dir);
    expect([all.status, all.calls, existsSync(join(dir, 'affected.json'))]).toEqual([0, [], false]);
    expect(readFileSync(join(dir, 'affected.md'), 'utf8')).toBe('## Affected stacks: all\n\nNo base commit to compare with: every stack is planned.\n');
    // A base synth, but another provider lock file: every stack counts too.
    rmSync(join(dir, 'base-synth'), { recursive: true });
    mkdirSync(join(dir, 'base-synth', 'cdktf.out'), { recursive: true });
    writeFileSync(join(dir, 'base-synth', 'cdktf.out', 'rollout.json'), '{}');
    writeFileSync(join(dir, 'base-synth', 'LOCK-CHANGED'), 'The provider lock file (.terraform.lock.hcl) changed: every stack is planned with the provider builds it pins.\n');
    const upgraded = runStep(step.run!, dir);
    expect([upgraded.status, upgraded.calls, existsSync(join(dir, 'affected.json'))]).toEqual([0, [], false]);
    expect(readFileSync(join(dir, 'affected.md'), 'utf8')).toBe('## Affected stacks: all\n\nThe provider lock file (.terraform.lock.hcl) changed: every stack is planned with the provider builds it pins.\n');
  });

  it('never lets the base synth, the affected stacks or the guard fail silently: no continue-on-error, no || true', () => {
    const steps = [
      stepNamed(workflow.jobs.synth!, 'Synthesize the base commit'),
      stepNamed(workflow.jobs.synth!, 'Affected stacks'),
      stepNamed(workflow.jobs.review!, 'Plan guard'),
      ...workflow.jobs.review!.steps.filter((step) => step.uses?.startsWith('actions/download-artifact@') && ['synth', 'base-synth'].includes(String(step.with?.name))),
    ];
    expect(steps).toHaveLength(5);
    for (const step of steps) {
      expect(step['continue-on-error']).toBeUndefined();
      expect(step.run ?? '').not.toMatch(/\|\|\s*(true|:)\b/);
    }
  });

  it('synth: the posture report compares with the base config when there is one, and falls back without it', () => {
    const step = stepNamed(workflow.jobs.synth!, 'Backup posture report');
    expect(step['continue-on-error']).toBe(true);
    const report = '--synth-dir cdktf.out --out posture-report/report.md --json posture-report/report.json';
    const noBase = runStep(step.run!, scratch('estate-report-step-'));
    expect([noBase.status, noBase.calls]).toEqual([0, [`npx --no-install backup-estate report ${report}`]]);
    const withBase = scratch('estate-report-step-');
    mkdirSync(join(withBase, 'base'));
    mkdirSync(join(withBase, 'base-synth'));
    writeFileSync(join(withBase, 'base', 'backup.yaml'), 'version: 1\n');
    writeFileSync(join(withBase, 'base-synth', 'BASE-CONFIG'), 'backup.yaml\n');
    const compared = runStep(step.run!, withBase);
    expect([compared.status, compared.calls, compared.outputs]).toEqual([0, [`npx --no-install backup-estate report ${report} --base base/backup.yaml --fail-on-regression`], '']);
    // Exit 1: regressions (the report is written): recorded for the review job, never mistaken for a base that could not be read.
    const regressed = runStep(step.run!, withBase, { FAKE_NPM_STATUS_1: '1' });
    expect([regressed.status, regressed.calls, regressed.outputs]).toEqual([0, [`npx --no-install backup-estate report ${report} --base base/backup.yaml --fail-on-regression`], 'regressions=true\n']);
    expect(readFileSync(join(withBase, 'posture-report', 'report.md'), 'utf8')).not.toContain('regressions were not checked');
    // Exit 2: the base config could not be synthesized: the report is written again without it, and says so.
    const fallback = runStep(step.run!, withBase, { FAKE_NPM_STATUS_1: '2' });
    expect([fallback.status, fallback.calls, fallback.outputs]).toEqual([0, [`npx --no-install backup-estate report ${report} --base base/backup.yaml --fail-on-regression`, `npx --no-install backup-estate report ${report}`], 'regressions=unchecked\n']);
    expect(readFileSync(join(withBase, 'posture-report', 'report.md'), 'utf8')).toContain('regressions were not checked');
    // The base config the base synth followed through a rename is the one compared with.
    writeFileSync(join(withBase, 'base', 'estate.yaml'), 'version: 1\n');
    writeFileSync(join(withBase, 'base-synth', 'BASE-CONFIG'), 'estate.yaml\n');
    expect(runStep(step.run!, withBase).calls).toEqual([`npx --no-install backup-estate report ${report} --base base/estate.yaml --fail-on-regression`]);
  });

  it('review: fails the pull request on posture regressions only when BACKUP_FAIL_ON_REGRESSION is true, after the comment', () => {
    expect(workflow.jobs.synth!.outputs?.regressions).toBe('${{ steps.report.outputs.regressions }}');
    const steps = workflow.jobs.review!.steps;
    const fail = stepNamed(workflow.jobs.review!, 'Fail when the pull request weakens the backup posture');
    expect(fail.if).toBe("github.event_name == 'pull_request' && needs.synth.outputs.regressions != '' && vars.BACKUP_FAIL_ON_REGRESSION == 'true'");
    expect(steps.indexOf(fail)).toBe(steps.length - 1);
    const regressed = runStep(fail.run!, scratch('estate-regressions-'), { REGRESSIONS: 'true' });
    expect([regressed.status, regressed.stdout]).toEqual([1, '::error::this pull request weakens the backup posture (BACKUP_FAIL_ON_REGRESSION): see the regressions in the pull request comment\n']);
    // A base that could not be synthesized was not compared: that fails too, as the guard fails on what it could not check.
    const unchecked = runStep(fail.run!, scratch('estate-regressions-'), { REGRESSIONS: 'unchecked' });
    expect([unchecked.status, unchecked.stdout]).toEqual([1, "::error::the base branch's config could not be synthesized, so regressions were not checked (BACKUP_FAIL_ON_REGRESSION): see the synth job log\n"]);
  });

  it('plan: a job per chunk of stacks from the matrix, fail-fast off, configurable parallelism, OIDC roles from variables (plans read-only, applies deploy)', () => {
    const plan = workflow.jobs.plan!;
    expect(needs(plan)).toEqual(['synth']);
    expect(plan.if).toBe("needs.synth.outputs.mode == 'plan' && needs.synth.outputs.plan-jobs != '0'");
    expect(plan.strategy).toEqual({ 'fail-fast': false, 'max-parallel': "${{ fromJSON(vars.BACKUP_PLAN_MAX_PARALLEL || '4') }}", matrix: '${{ fromJSON(needs.synth.outputs.plan) }}' });
    expect(plan.permissions).toEqual({ contents: 'read', 'id-token': 'write' });
    expect(plan.env).toMatchObject({ STACKS: '${{ matrix.stacks }}', DIGEST: '${{ matrix.digest }}' });
    // Only its stacks: the self-contained synth, no cdktf.out download.
    expect(plan.steps.filter((step) => step.uses?.startsWith('actions/download-artifact@')).map((step) => step.with)).toEqual([{ name: 'synth-tool', path: '.synth-tool' }]);
    expect(uses(plan, 'aws-actions/configure-aws-credentials')!.with).toMatchObject({
      'role-to-assume': "${{ needs.synth.outputs.mode == 'apply' && vars.BACKUP_PIPELINE_ROLE_ARN || vars.BACKUP_PLAN_PIPELINE_ROLE_ARN }}",
    });
    expect(workflow.env).toMatchObject({ TERRAFORM_VERSION: "${{ vars.TERRAFORM_VERSION || '1.11.4' }}", BACKUP_PLAN_ROLE_NAME: "${{ vars.BACKUP_PLAN_ROLE_NAME || 'backup-estate-plan' }}" });
    expect(uses(plan, 'hashicorp/setup-terraform')!.with).toEqual({ terraform_version: '${{ env.TERRAFORM_VERSION }}', terraform_wrapper: false });
    expect(uses(plan, 'actions/cache')!.with).toEqual({ path: '.terraform-plugin-cache', key: "terraform-plugins-${{ runner.os }}-${{ env.TERRAFORM_VERSION }}-${{ hashFiles('.terraform.lock.hcl') }}" });
    expect(uses(plan, 'actions/upload-artifact')).toMatchObject({ if: 'always()', with: { name: 'plans-${{ needs.synth.outputs.mode }}-${{ matrix.wave || 0 }}-${{ matrix.job }}', path: 'plans' } });
  });

  it('plan: refuses to run without the committed provider lock file', () => {
    const step = stepNamed(workflow.jobs.plan!, 'Terraform');
    const dir = scratch('estate-terraform-step-');
    const result = runStep(step.run!, dir, { STACKS: 'a-eu-west-1', MODE: 'plan', TF_PLUGIN_CACHE_DIR: join(dir, '.cache') });
    expect([result.status, result.stdout.trim(), result.calls]).toEqual([1, '::error::commit .terraform.lock.hcl at the repository root (README: Provider lock file)', []]);
  });

  it('plan: the read-only plan role, the lock file read-only, every stack of the job planned even after a failure, each plan kept as text and JSON', () => {
    const step = stepNamed(workflow.jobs.plan!, 'Terraform');
    const dir = scratch('estate-terraform-step-');
    for (const stack of ['a-eu-west-1', 'b-eu-west-1', 'c-eu-west-1']) mkdirSync(join(dir, 'cdktf.out', 'stacks', stack), { recursive: true });
    writeFileSync(join(dir, '.terraform.lock.hcl'), '# the committed lock file\n');
    // The plan-role tool is tested on its own (plan-role.test.ts); here, what the step asks of it.
    mkdirSync(join(dir, '.synth-tool'));
    writeFileSync(join(dir, '.synth-tool', 'plan-role.js'), "require('fs').appendFileSync(process.env.FAKE_LOG, 'plan-role ' + process.argv.slice(2).join(' ') + '\\n');\n");
    const env = { STACKS: 'a-eu-west-1 b-eu-west-1 c-eu-west-1', MODE: 'plan', BACKUP_PLAN_ROLE_NAME: 'pr-plan', TF_PLUGIN_CACHE_DIR: join(dir, '.cache'), FAKE_TF_FAIL: 'b-eu-west-1' };
    const result = runStep(step.run!, dir, env);
    expect(result.status).toBe(1);
    expect(result.stdout).toContain('::error::1 stack(s) failed: b-eu-west-1');
    expect(result.calls).toEqual(['plan-role --role-name pr-plan a-eu-west-1 b-eu-west-1 c-eu-west-1', 'terraform a-eu-west-1 init', 'terraform a-eu-west-1 plan', 'terraform a-eu-west-1 show', 'terraform a-eu-west-1 show', 'terraform b-eu-west-1 init', 'terraform b-eu-west-1 plan', 'terraform c-eu-west-1 init', 'terraform c-eu-west-1 plan', 'terraform c-eu-west-1 show', 'terraform c-eu-west-1 show']);
    expect(step.run).toContain('init -input=false -lockfile=readonly');
    expect(step.run).toContain('lock=(-lock=false)');
    const read = (path: string) => readFileSync(join(dir, path), 'utf8');
    expect([read('plans/a-eu-west-1/summary.txt'), read('plans/b-eu-west-1/summary.txt'), read('plans/a-eu-west-1/plan.json')]).toEqual(['Plan: 1 to add, 0 to change, 0 to destroy.\n', 'plan failed: see the job log\n', '{}\n']);
    // The committed lock file, in every stack.
    for (const stack of ['a-eu-west-1', 'b-eu-west-1', 'c-eu-west-1']) expect(read(`cdktf.out/stacks/${stack}/.terraform.lock.hcl`)).toBe('# the committed lock file\n');
    expect(result.summary).toContain('### b-eu-west-1\n\nplan failed: see the job log\n');
    // Apply mode (the apply-wave jobs run the same steps): the guard checks each saved plan with the
    // config's allowances, a passed plan is applied, a blocked one is not, and no JSON is kept.
    writeFileSync(
      join(dir, '.synth-tool', 'guard.js'),
      "const fs = require('fs'); const args = process.argv.slice(2); fs.appendFileSync(process.env.FAKE_LOG, 'guard ' + args.join(' ') + '\\n'); if (!fs.existsSync(args[0])) process.exit(2); process.exit(args.includes(process.env.FAKE_GUARD_BLOCKS || '-') ? 1 : 0);\n",
    );
    const apply = runStep(step.run!, dir, { ...env, MODE: 'apply', FAKE_TF_FAIL: '', STACKS: 'c-eu-west-1' });
    expect([apply.status, apply.calls]).toEqual([
      0,
      [
        'plan-role --check c-eu-west-1',
        'terraform c-eu-west-1 init',
        'terraform c-eu-west-1 plan',
        'terraform c-eu-west-1 show',
        'terraform c-eu-west-1 show',
        'guard plans/c-eu-west-1/plan.json --stack c-eu-west-1 --config backup.yaml --markdown plans/c-eu-west-1/guard.md',
        'terraform c-eu-west-1 apply',
      ],
    ]);
    expect(existsSync(join(dir, 'plans', 'c-eu-west-1', 'plan.json'))).toBe(false);
    const blocked = runStep(step.run!, dir, { ...env, MODE: 'apply', FAKE_TF_FAIL: '', STACKS: 'a-eu-west-1 c-eu-west-1', FAKE_GUARD_BLOCKS: 'a-eu-west-1' });
    expect(blocked.status).toBe(1);
    expect(blocked.calls.filter((call) => call.endsWith(' apply'))).toEqual(['terraform c-eu-west-1 apply']);
    expect(read('plans/a-eu-west-1/summary.txt')).toBe('not applied: the plan guard blocked this plan (see the job log and guard.md)\n');
  });

  it('queues plan-only runs on main (nightly, by hand without apply) apart from applies: a pending plan never replaces a pending apply', () => {
    const group = (workflow as unknown as { concurrency: { group: string } }).concurrency.group;
    expect(group).toBe(
      "backup-estate-${{ github.event.pull_request.number || github.ref }}${{ (github.event_name == 'schedule' || (github.event_name == 'workflow_dispatch' && !inputs.apply)) && '-plan-only' || '' }}",
    );
  });

  it('apply: one job per wave, each after every earlier wave unless one failed, a matrix of chunks gated by their environment', () => {
    expect(APPLY_JOBS).toEqual(['apply-wave-1', 'apply-wave-2', 'apply-wave-3', 'apply-wave-4', 'apply-wave-5', 'apply-wave-6']);
    expect(workflow.jobs.synth!.steps.find((step) => step.id === 'matrix')!.env!.MAX_WAVES).toBe(String(APPLY_JOBS.length));
    APPLY_JOBS.forEach((name, index) => {
      const job = workflow.jobs[name]!;
      expect(needs(job)).toEqual(['synth', 'mark-applying', ...APPLY_JOBS.slice(0, index)]);
      // No wave applies before the commit is marked as being applied; a failed or cancelled (timed-out) earlier wave stops the rollout.
      const failed = index === 0 ? '' : " && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')";
      expect(job.if).toBe(`\${{ !cancelled() && needs.synth.result == 'success' && needs.synth.outputs.mode == 'apply' && needs.mark-applying.result == 'success'${failed} && fromJSON(needs.synth.outputs.apply-jobs)[${index}] > 0 }}`);
      expect(job.environment).toBe('${{ matrix.environment }}');
      expect(job.strategy).toMatchObject({ 'fail-fast': false, matrix: `\${{ fromJSON(needs.synth.outputs.apply)[${index}] }}` });
      expect(job.steps).toEqual(workflow.jobs.plan!.steps);
      expect(job.env).toEqual(workflow.jobs.plan!.env);
    });
  });

  it('apply: applies the newest commit of main only (a re-run of an older run would apply an older config over newer changes)', () => {
    const step = stepNamed(workflow.jobs['apply-wave-1']!, 'Apply only the newest commit of main');
    expect(step.if).toBe("needs.synth.outputs.mode == 'apply'");
    const env = { GH_TOKEN: 'token', GITHUB_API_URL: 'https://api.github.com', GITHUB_REPOSITORY: 'acme/estate', GITHUB_SHA: 'a'.repeat(40) };
    const newest = runStep(step.run!, scratch('estate-tip-'), { ...env, FAKE_MAIN_SHA: 'a'.repeat(40) });
    expect([newest.status, newest.calls]).toEqual([0, ['curl https://api.github.com/repos/acme/estate/git/ref/heads/main']]);
    // record-applied runs the same check before it moves the tag.
    expect(stepNamed(workflow.jobs['record-applied']!, 'Apply only the newest commit of main')).toEqual(step);
    const older = runStep(step.run!, scratch('estate-tip-'), { ...env, FAKE_MAIN_SHA: 'b'.repeat(40) });
    expect(older.status).toBe(1);
    expect(older.stdout).toContain(`::error::main is at ${'b'.repeat(40)} and this run applies ${'a'.repeat(40)}: an older commit is never applied over a newer one`);
  });

  it('record-applied: after every wave applied or had nothing to apply, moves the tag the next push compares with', () => {
    const job = workflow.jobs['record-applied']!;
    expect(needs(job)).toEqual(['synth', 'mark-applying', ...APPLY_JOBS]);
    expect(job.if).toBe("${{ !cancelled() && needs.synth.result == 'success' && needs.synth.outputs.mode == 'apply' && needs.mark-applying.result == 'success' && !contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled') }}");
    expect(job.permissions).toEqual({ contents: 'write' });
    const step = stepNamed(job, 'Move the tag');
    const result = runStep(step.run!, scratch('estate-record-'), { ...step.env, GITHUB_SHA: 'c'.repeat(40) });
    expect([result.status, result.calls]).toEqual([0, [`git tag -f backup-estate-applied ${'c'.repeat(40)}`, 'git push -f origin refs/tags/backup-estate-applied']]);
  });

  it('mark-applying: before any wave, moves the applying tag to the newest commit of main (the synth job applies every stack while it is ahead of the applied tag)', () => {
    const job = workflow.jobs['mark-applying']!;
    expect(needs(job)).toEqual(['synth']);
    expect(job.if).toBe("${{ !cancelled() && needs.synth.result == 'success' && needs.synth.outputs.mode == 'apply' }}");
    expect(job.permissions).toEqual({ contents: 'write' });
    expect(job.steps[0]).toEqual(stepNamed(workflow.jobs['apply-wave-1']!, 'Apply only the newest commit of main'));
    const step = stepNamed(job, 'Move the applying tag');
    const result = runStep(step.run!, scratch('estate-mark-'), { ...step.env, GITHUB_SHA: 'c'.repeat(40) });
    expect([result.status, result.calls]).toEqual([0, [`git tag -f backup-estate-applying ${'c'.repeat(40)}`, 'git push -f origin refs/tags/backup-estate-applying']]);
  });

  it('review: runs on every plan run even when the synth job failed, and then fails first (GitHub reports a job its `if` skips as a success)', () => {
    const review = workflow.jobs.review!;
    expect(review.if).not.toContain('needs.synth.result');
    const step = review.steps[0]!;
    expect(step).toEqual(stepNamed(review, 'The synth job succeeded'));
    expect([step.if, step.env]).toEqual(["needs.synth.result != 'success'", { SYNTH_RESULT: '${{ needs.synth.result }}' }]);
    // Every later step runs only when this one did not fail (no always(), no failure() or !cancelled() in their if).
    expect(review.steps.slice(1).map((later) => later.if ?? '').filter((condition) => /always\(\)|failure\(\)|cancelled\(\)/.test(condition))).toEqual([]);
    const result = runStep(step.run!, scratch('estate-review-synth-'), { SYNTH_RESULT: 'failure' });
    expect([result.status, result.stdout]).toEqual([1, '::error::the synth job did not succeed (failure): no stack was planned and the plan guard checked nothing, so this change is not reviewed (see the synth job log)\n']);
  });

  it('review: the plan guard gets every plans/<stack>/plan.json and the base synth, and keeps its exit code for the last step', () => {
    const review = workflow.jobs.review!;
    expect(needs(review)).toEqual(['synth', 'plan']);
    expect(review.if).toBe("${{ !cancelled() && github.event_name != 'push' && !(github.event_name == 'workflow_dispatch' && inputs.apply) }}");
    expect(review.steps.filter((step) => step.uses?.startsWith('actions/download-artifact@')).map((step) => step.with)).toEqual([
      { pattern: 'plans-*', path: 'plans', 'merge-multiple': true },
      { name: 'posture-report', path: 'posture-report' },
      { name: 'synth', path: '.' },
      { name: 'base-synth', path: 'base-synth' },
    ]);
    const guard = stepNamed(review, 'Plan guard');
    const dir = scratch('estate-guard-step-');
    for (const stack of ['payments-eu-west-1', 'management-us-east-1']) {
      mkdirSync(join(dir, 'plans', stack), { recursive: true });
      writeFileSync(join(dir, 'plans', stack, 'plan.json'), '{}');
    }
    mkdirSync(join(dir, 'plans', 'failed-eu-west-1'));
    mkdirSync(join(dir, 'base-synth', 'cdktf.out'), { recursive: true });
    writeFileSync(join(dir, 'base-synth', 'cdktf.out', 'rollout.json'), '{}');
    const PLANS = 'npx --no-install backup-estate guard plans/management-us-east-1/plan.json plans/payments-eu-west-1/plan.json';
    const pr = { PLANNED: '2', EXPECT_BASE: 'true' };
    const blocked = runStep(guard.run!, dir, { ...pr, FAKE_NPM_STATUS_1: '1', FAKE_NPM_TEXT: '### Plan guard\n\nBLOCKED' });
    expect([blocked.status, blocked.calls, blocked.outputs]).toEqual([0, [`${PLANS} --base base-synth/cdktf.out --synth-dir cdktf.out --markdown guard.md`], 'status=1\n']);
    expect(blocked.summary).toContain('BLOCKED');
    expect(runStep(guard.run!, dir, pr)).toMatchObject({ outputs: 'status=0\n', summary: 'fake output\n' });
    // A stack whose plan job failed was not checked: that is no pass.
    const missingPlan = runStep(guard.run!, dir, { ...pr, PLANNED: '3' });
    expect(missingPlan).toMatchObject({ status: 0, outputs: 'status=2\n', summary: "fake output\n\n> **Not checked:** 1 of 3 stacks have no plan, so their changes were not checked (see the plan jobs' logs).\n" });
    // Without the base synth, removed stacks cannot be checked on a pull request; a nightly run has none to check.
    rmSync(join(dir, 'base-synth'), { recursive: true });
    const noBase = runStep(guard.run!, dir, pr);
    expect(noBase).toMatchObject({ status: 0, calls: [`${PLANS} --markdown guard.md`], outputs: 'status=2\n' });
    expect(noBase.summary).toContain('> **Not checked:** the base branch synth is missing, so removed stacks were not checked (see the synth job log).');
    expect(runStep(guard.run!, dir, { PLANNED: '2', EXPECT_BASE: 'false' })).toMatchObject({ outputs: 'status=0\n', summary: 'fake output\n' });
    // The first pull request: the base branch has no config; the note says why nothing was compared.
    mkdirSync(join(dir, 'base-synth'));
    writeFileSync(join(dir, 'base-synth', 'NO-BASE-CONFIG'), 'The base branch has no backup.yaml: no stack of it could be removed.\n');
    expect(runStep(guard.run!, dir, pr)).toMatchObject({ outputs: 'status=0\n', summary: 'fake output\n\n> The base branch has no backup.yaml: no stack of it could be removed.\n' });
    // Nothing planned, nothing to compare: said, and a failure when stacks were to be planned.
    const none = runStep(guard.run!, scratch('estate-guard-step-'), { PLANNED: '1', EXPECT_BASE: 'false' });
    expect(none).toMatchObject({ status: 0, calls: [], outputs: 'status=2\n' });
    expect(none.summary).toContain('The plan guard had nothing to check.');
    // After the comment: the guard's verdict, then the posture's (opt-in).
    const guardFail = review.steps[review.steps.length - 2]!;
    expect([guardFail.name, guardFail.if]).toEqual(['Fail when the plan guard blocks the change', "steps.guard.outputs.status != '0'"]);
    expect(review.steps.findIndex((step) => step.uses?.startsWith('actions/github-script@'))).toBe(review.steps.length - 3);
  });

  it('review: posts one pull request comment (guard, affected stacks, posture, a line per planned stack), updated on every push', async () => {
    const script = String(uses(workflow.jobs.review!, 'actions/github-script')!.with!.script);
    const dir = scratch('estate-comment-');
    const planned = Array.from({ length: 120 }, (_, index) => ({ name: `app${index}-eu-west-1`, wave: 3, account: `app${index}`, region: 'eu-west-1' }));
    writeFileSync(join(dir, 'planned.json'), JSON.stringify(planned));
    for (const [index, stack] of planned.entries()) {
      mkdirSync(join(dir, 'plans', stack.name), { recursive: true });
      const summary = index === 0 ? 'Plan: 3 to add, 0 to change, 0 to destroy.' : 'No changes. Your infrastructure matches the configuration.';
      if (index !== 1) writeFileSync(join(dir, 'plans', stack.name, 'summary.txt'), `${summary}\n`);
      writeFileSync(join(dir, 'plans', stack.name, 'plan.txt'), `Terraform will perform the following actions:\n${summary}\n`);
    }
    writeFileSync(join(dir, 'guard.md'), '### Plan guard\n\nNothing blocked.\n');
    writeFileSync(join(dir, 'affected.md'), '## Affected stacks: 120 of 1500\n');
    mkdirSync(join(dir, 'posture-report'));
    writeFileSync(join(dir, 'posture-report', 'report.md'), '## Backup posture\n');
    const fsIn = (root: string) => ({ existsSync: (path: string) => existsSync(join(root, path)), readFileSync: (path: string, encoding: BufferEncoding) => readFileSync(join(root, path), encoding) });
    const calls: { method: string; body: string }[] = [];
    const existing: { id: number; user: { type: string }; body: string }[] = [];
    const github = {
      paginate: async () => existing,
      rest: {
        issues: {
          listComments: () => undefined,
          createComment: async ({ body }: { body: string }) => {
            calls.push({ method: 'create', body });
            existing.push({ id: 7, user: { type: 'Bot' }, body });
          },
          updateComment: async ({ body, comment_id }: { body: string; comment_id: number }) => calls.push({ method: `update ${comment_id}`, body }),
        },
      },
    };
    const context = { repo: { owner: 'acme', repo: 'estate' }, issue: { number: 12 }, runId: 99, serverUrl: 'https://github.com', payload: { pull_request: { head: { sha: 'abcdef1234567' } } } };
    type ScriptFunction = (require: (name: string) => unknown, github: unknown, context: unknown, process: unknown) => Promise<void>;
    const AsyncFunction = Object.getPrototypeOf(async () => undefined).constructor as new (...args: string[]) => ScriptFunction;
    const run = new AsyncFunction('require', 'github', 'context', 'process', script);
    const inDir = (root: string) => (name: string) => (name === 'node:fs' ? fsIn(root) : undefined);
    await run(inDir(dir), github, context, { env: { GUARD_STATUS: '0' } });
    await run(inDir(dir), github, context, { env: { GUARD_STATUS: '0' } });
    expect(calls.map((call) => call.method)).toEqual(['create', 'update 7']);
    const body = calls[0]!.body;
    expect(body.startsWith('<!-- backup-estate-plan -->\n\n## Backup estate plan for abcdef1')).toBe(true);
    expect(body).toContain('Plan guard: no vault, key, lock, vault policy, backup role or Organizations policy is deleted, replaced or weakened');
    // The guard, then the affected stacks, then the posture, then the plans.
    const order = ['### Plan guard', '## Affected stacks: 120 of 1500', '## Backup posture', '| wave | stack |'].map((text) => body.indexOf(text));
    expect(order).toEqual([...order].sort((a, b) => a - b));
    // 120 planned stacks: those with changes or without a plan are listed, the 118 quiet ones counted.
    expect(body.match(/^\| 3 \| `/gm)).toHaveLength(2);
    expect(body).toContain('| 3 | `app0-eu-west-1` | app0 | eu-west-1 | Plan: 3 to add, 0 to change, 0 to destroy. |');
    expect(body).toContain('| 3 | `app1-eu-west-1` | app1 | eu-west-1 | no plan: see the job log |');
    expect(body).toContain('118 more stacks: No changes.');
    expect(body).toContain('<details><summary>app0-eu-west-1</summary>');

    calls.length = 0;
    await run(inDir(scratch('estate-comment-')), github, context, { env: { GUARD_STATUS: '1' } });
    expect(calls[0]!.body).toContain('**Plan guard: this pull request is blocked** (exit 1)');
    expect(calls[0]!.body).toContain('The plan guard did not run: see the job log.');
    expect(calls[0]!.body).toContain('No stack to plan: no stack still synthesized changes what Terraform does (a removed stack is planned by nothing: see the plan guard and the affected stacks above).');
  });

  it('holds no secret: no secrets context, no access keys, every action pinned to a major version', () => {
    expect(TEXT).not.toMatch(/secrets\./);
    expect(TEXT).not.toMatch(/aws-(access-key-id|secret-access-key|session-token)/);
    expect(TEXT).not.toMatch(/AKIA[0-9A-Z]{16}/);
    expect(TEXT).not.toMatch(/\b\d{12}\b/);
    const actions = Object.values(workflow.jobs).flatMap((job) => job.steps.flatMap((step: Step) => (step.uses ? [step.uses] : [])));
    expect(actions.length).toBeGreaterThan(10);
    for (const action of actions) expect(action).toMatch(/^[\w-]+\/[\w-]+@v\d+$/);
  });

  it('comes with a README on the rollout order, the workflow, affected stacks, the report, the guard and Atlantis', () => {
    const readme = readFileSync(join(ROOT, 'examples', 'pipelines', 'README.md'), 'utf8');
    for (const phrase of ['Management stack', 'Central backup stacks', 'primary Region of each account first', 'github-actions.yml', 'backup-estate affected', 'BACKUP_STACKS_PER_JOB', '256', '.terraform.lock.hcl', 'npx backup-estate atlantis', 'pre_workflow_hooks', 'backup-estate report', 'backup-estate guard', 'npx --no-install', 'guard.allowedChanges', 'require the status check `review`', 'Require branches to be up to date before merging']) {
      expect(readme).toContain(phrase);
    }
  });
});
