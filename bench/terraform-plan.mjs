// The CPU a pipeline spends per stack: `terraform init` and `terraform plan` of one synthesized
// stack, offline (fake credentials, local state, the AWS provider from a filesystem mirror), as
// the Terraform-backed tests run them (__tests__/support/terraform.ts), with no shared provider:
// every plan starts the 700 MB provider, as a pipeline job does. CPU is user + system time of the
// terraform process and its provider plugin (bash's `times` over the child).
//   TF_PROVIDER_MIRROR   the mirror folder (default: the first of /opt/tf-plugins, ~/.terraform.d/plugins,
//                        /usr/share/terraform/plugins, /usr/local/share/terraform/plugins holding hashicorp/aws)
//   TERRAFORM_BINARY     default terraform
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';

const MIRRORS = ['/opt/tf-plugins', join(homedir(), '.terraform.d', 'plugins'), '/usr/share/terraform/plugins', '/usr/local/share/terraform/plugins'];

function mirror() {
  const configured = process.env.TF_PROVIDER_MIRROR;
  if (configured === 'none') return undefined;
  return [configured, ...MIRRORS].find((dir) => dir && existsSync(join(dir, 'registry.terraform.io', 'hashicorp', 'aws')));
}

/** An override that lets the stack plan with no AWS account and no state (every resource is created). */
function offlineOverride(stack, statePath) {
  const original = [stack.provider?.aws].flat().find((block) => block && typeof block.alias !== 'string') ?? {};
  const provider = { access_key: 'mock', secret_key: 'mock', skip_credentials_validation: true, skip_requesting_account_id: true, skip_metadata_api_check: true };
  if (original.assume_role) provider.assume_role = [{ role_arn: '' }];
  for (const attribute of ['profile', 'allowed_account_ids', 'forbidden_account_ids']) if (attribute in original) provider[attribute] = null;
  return { terraform: { backend: { local: { path: statePath } } }, provider: { aws: [provider] } };
}

/** CPU seconds (user + system of the command and its children) of `command` in `cwd`, via bash's `times`. */
function cpuOf(command, cwd, env) {
  const result = spawnSync('bash', ['-c', `${command} > command.log 2>&1; status=$?; times; exit $status`], { cwd, env, encoding: 'utf8' });
  if (result.status !== 0) throw new Error(`${command} failed in ${cwd}:\n${readFileSync(join(cwd, 'command.log'), 'utf8').slice(-2000)}`);
  // times prints the shell's user/system time, then its children's: "0m3.141s 0m0.271s".
  const children = result.stdout.trim().split('\n').pop() ?? '';
  const seconds = children.split(/\s+/).map((value) => {
    const match = /^(\d+)m([\d.]+)s$/.exec(value);
    return match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  });
  return seconds[0] + seconds[1];
}

/**
 * The median CPU seconds of `init` and of `plan -refresh=false` of the stack in `stackDir`, over
 * `runs` runs, or { skipped: reason } without terraform or a provider mirror.
 */
export function measureTerraform(stackDir, runs = 3) {
  const binary = process.env.TERRAFORM_BINARY ?? 'terraform';
  const version = spawnSync(binary, ['version'], { encoding: 'utf8', env: { ...process.env, TF_CLI_CONFIG_FILE: '/dev/null' } });
  if (version.status !== 0) return { skipped: `no ${binary} on the PATH` };
  const dir = mirror();
  if (!dir) return { skipped: 'no filesystem mirror of hashicorp/aws (TF_PROVIDER_MIRROR)' };
  const work = mkdtempSync(join(tmpdir(), 'bench-terraform-'));
  try {
    cpSync(stackDir, work, { recursive: true });
    const stack = JSON.parse(readFileSync(join(work, 'cdk.tf.json'), 'utf8'));
    writeFileSync(join(work, 'zz_offline_override.tf.json'), JSON.stringify(offlineOverride(stack, join(work, 'terraform.tfstate'))));
    const cliConfig = join(work, 'cli.tfrc');
    writeFileSync(cliConfig, `provider_installation {\n  filesystem_mirror {\n    path = ${JSON.stringify(dir)}\n  }\n}\n`);
    const env = { ...process.env, TF_CLI_CONFIG_FILE: cliConfig, TF_IN_AUTOMATION: '1', CHECKPOINT_DISABLE: '1', AWS_EC2_METADATA_DISABLED: 'true' };
    for (const key of Object.keys(env)) if ((key.startsWith('TF_') && !['TF_CLI_CONFIG_FILE', 'TF_IN_AUTOMATION'].includes(key)) || (key.startsWith('AWS_') && key !== 'AWS_EC2_METADATA_DISABLED')) delete env[key];
    const init = [];
    const plan = [];
    for (let run = 0; run < runs; run += 1) {
      rmSync(join(work, '.terraform'), { recursive: true, force: true });
      rmSync(join(work, '.terraform.lock.hcl'), { force: true });
      init.push(cpuOf(`${binary} init -input=false -no-color`, work, env));
      plan.push(cpuOf(`${binary} plan -input=false -no-color -refresh=false -lock=false -out=tfplan`, work, env));
    }
    const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    const terraformVersion = version.stdout.split('\n')[0].replace(/^Terraform /, '');
    return { terraformVersion, initCpuSeconds: median(init), planCpuSeconds: median(plan) };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
