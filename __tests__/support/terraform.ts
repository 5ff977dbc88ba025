/**
 * Offline Terraform harness for integration tests.
 *
 * Runs `terraform init`, `terraform validate` and `terraform plan -refresh=false`
 * (optionally `terraform show -json`) against synthesized cdktf stacks
 * (`cdktf.out/stacks/<stack>/cdk.tf.json`) without internet access and without
 * an AWS account.
 *
 * Environment:
 *   TERRAFORM_BINARY      Binary to run (default `terraform`). OpenTofu (`tofu`)
 *                         works too: OpenTofu resolves `aws` to
 *                         registry.opentofu.org/hashicorp/aws, so for tofu the
 *                         harness builds a symlink mirror that also exposes the
 *                         registry.terraform.io providers under that hostname.
 *   TF_PROVIDER_MIRROR    Filesystem mirror holding
 *                         `registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/`
 *                         (unpacked) or packed zips. Default: the first of
 *                         /opt/tf-plugins, ~/.terraform.d/plugins,
 *                         /usr/share/terraform/plugins,
 *                         /usr/local/share/terraform/plugins that holds
 *                         hashicorp/aws for this platform. None found (or
 *                         `TF_PROVIDER_MIRROR=none`): providers are installed
 *                         from the network into a shared plugin cache
 *                         (TF_PLUGIN_CACHE_DIR, default <tmpdir>/tf-harness-plugin-cache)
 *                         and `init` is serialized.
 *   SKIP_TERRAFORM_TESTS  `1` (or `true`): terraformAvailability() reports
 *                         not ok, so suites skip.
 *   KEEP_TF_WORKDIRS      `1`: cleanupTerraformWorkDirs() keeps the work dirs
 *                         (and prints where they are) for debugging.
 *   TF_SHARED_PROVIDER    `0`: every terraform command starts its own provider.
 *                         By default, with an unpacked mirror, terraform
 *                         processes attach to long-running providers
 *                         (./shared-provider.ts), about 4 times faster.
 *
 * How it stays offline:
 *   - Every terraform process gets TF_CLI_CONFIG_FILE pointing at a CLI config
 *     written by this module (the ambient one is never read or modified), with a
 *     `filesystem_mirror` for the providers found in the mirror and `direct`
 *     excluded for them. With an unpacked mirror `init` creates a symlink to the
 *     mirror (nothing is copied) and no plugin cache is used: parallel inits are
 *     race-free. (A shared plugin_cache_dir was measured to race on first fill:
 *     "failed to create directory ...: mkdir ...: file exists"; so the cache is
 *     only used in network mode, where init is serialized.)
 *   - Each stack's cdk.tf.json is copied unmodified into a fresh work dir and a
 *     Terraform override file `zz_offline_override.tf.json` is added next to it
 *     (see buildOfflineOverride()):
 *       * provider "aws" (default, and every alias declared in `provider.aws`):
 *         access_key/secret_key = "mock", skip_credentials_validation,
 *         skip_requesting_account_id, skip_metadata_api_check. Override
 *         provider blocks merge with the original by alias, which works with
 *         cdktf's array form. Region validation stays on (it needs no network):
 *         a Region the provider does not know fails plan, as it would for users.
 *       * `assume_role`: overridden with `[{ "role_arn": "" }]`. Nested blocks in
 *         an override replace the original's blocks of that type, and the AWS
 *         provider skips role assumption when role_arn is empty. NOT working:
 *         `[]` and `null` (an empty override does not replace the original block,
 *         so the provider still calls sts:AssumeRole and plan fails offline).
 *         Side effect: plan prints a "Missing required argument ... role_arn"
 *         warning (exit code stays 0).
 *       * `profile`, `shared_config_files`, `shared_credentials_files`,
 *         `allowed_account_ids`, `forbidden_account_ids` are set to null when
 *         present (a missing profile, or an account-id allow-list with no known
 *         account id, fails plan).
 *       * `terraform.backend.local.path` = <work dir>/terraform.tfstate, always,
 *         replacing any s3/remote backend or `cloud` block (and cdktf's default
 *         local backend, which points outside the work dir). State is therefore
 *         always empty: every resource plans as `create`.
 *   - Child env: TF_* (except TF_LOG*) and AWS_* (except AWS_CA_BUNDLE) are
 *     removed, then TF_CLI_CONFIG_FILE, TF_IN_AUTOMATION=1, CHECKPOINT_DISABLE=1,
 *     AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY=mock, AWS_EC2_METADATA_DISABLED=true
 *     are set.
 *
 * Not covered offline: module blocks with registry/git sources, providers other
 * than those in the mirror, data sources that call AWS (plan -refresh=false
 * still reads data sources), terraform_remote_state.
 */
import { spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { awsProviderBinary, SharedProviderPool } from './shared-provider';

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
  /** Wall-clock time of the command in milliseconds (absent for steps that were not run). */
  durationMs?: number;
}

export interface StackCheck {
  stack: string;
  workDir: string;
  init: CommandResult;
  validate: CommandResult;
  plan: CommandResult;
  /** Result of `show -json tfplan`, present when showPlanJson was requested and plan succeeded. */
  show?: CommandResult;
  planJson?: unknown;
}

export interface CheckStacksOptions {
  /** Stacks processed in parallel (default 2). */
  concurrency?: number;
  /**
   * Run `terraform validate` before plan (default true). `plan` validates the configuration
   * first anyway; skipping the separate step saves one provider round per stack.
   */
  validate?: boolean;
  /** Run `terraform show -json tfplan` and parse it into `planJson` (default false). */
  showPlanJson?: boolean;
  /**
   * Run `terraform plan` (default true). False stops after validate: a stack with import blocks
   * cannot plan offline (an import reads the resource from AWS), but validates.
   */
  plan?: boolean;
  /** Per-command timeout in milliseconds (default 600 000). */
  commandTimeoutMs?: number;
}

export type TerraformAvailability = { ok: true; version: string } | { ok: false; reason: string };

export type TerraformStep = 'init' | 'validate' | 'plan' | 'show';

/** Code used for steps skipped because an earlier step failed. */
export const STEP_NOT_RUN = -1;

const OVERRIDE_FILE = 'zz_offline_override.tf.json';
const STACK_FILE = 'cdk.tf.json';
const DEFAULT_MIRRORS = [
  '/opt/tf-plugins',
  path.join(os.homedir(), '.terraform.d', 'plugins'),
  '/usr/share/terraform/plugins',
  '/usr/local/share/terraform/plugins',
];
const TF_REGISTRY = 'registry.terraform.io';
const TOFU_REGISTRY = 'registry.opentofu.org';
const MOCK = 'mock';

// ---------------------------------------------------------------------------
// small helpers

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function envFlag(name: string): boolean {
  const value = (process.env[name] ?? '').trim().toLowerCase();
  return value === '1' || value === 'true' || value === 'yes';
}

function isDirectory(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function listDir(p: string): string[] {
  try {
    return fs.readdirSync(p).sort();
  } catch {
    return [];
  }
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Terraform's platform name for this machine, e.g. `linux_amd64`. */
function terraformPlatform(): string {
  const osName = process.platform === 'win32' ? 'windows' : process.platform;
  const archMap: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${osName}_${archMap[process.arch] ?? process.arch}`;
}

/** HCL string literal (JSON escaping is a valid subset for plain paths). */
function hclString(value: string): string {
  return JSON.stringify(value);
}

class Mutex {
  private tail: Promise<void> = Promise.resolve();

  async run<T>(fn: () => Promise<T>): Promise<T> {
    const previous = this.tail;
    let release: () => void = () => undefined;
    this.tail = new Promise<void>((resolve) => {
      release = resolve;
    });
    await previous;
    try {
      return await fn();
    } finally {
      release();
    }
  }
}

/** Cross-process lock: a directory created atomically with mkdir. */
async function withDirectoryLock<T>(lockDir: string, fn: () => Promise<T>): Promise<T> {
  const staleAfterMs = 15 * 60_000;
  for (;;) {
    try {
      fs.mkdirSync(lockDir);
      break;
    } catch (error) {
      if (!(isRecord(error) && error.code === 'EEXIST')) throw error;
      try {
        if (Date.now() - fs.statSync(lockDir).mtimeMs > staleAfterMs) {
          fs.rmSync(lockDir, { recursive: true, force: true });
          continue;
        }
      } catch {
        continue; // released between mkdir and stat
      }
      await sleep(500);
    }
  }
  try {
    return await fn();
  } finally {
    fs.rmSync(lockDir, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------------------
// provider mirror discovery

/** True when `dir` holds hashicorp/aws for this platform (unpacked or packed layout). */
export function mirrorHoldsAws(dir: string): boolean {
  const platform = terraformPlatform();
  for (const host of [TF_REGISTRY, TOFU_REGISTRY]) {
    const awsDir = path.join(dir, host, 'hashicorp', 'aws');
    for (const entry of listDir(awsDir)) {
      if (isDirectory(path.join(awsDir, entry, platform))) return true;
      if (entry.startsWith('terraform-provider-aws_') && entry.endsWith(`_${platform}.zip`)) return true;
    }
  }
  return false;
}

type MirrorChoice = { kind: 'mirror'; dir: string } | { kind: 'network' } | { kind: 'invalid'; reason: string };

function chooseMirror(): MirrorChoice {
  const configured = process.env.TF_PROVIDER_MIRROR?.trim();
  if (configured) {
    if (configured.toLowerCase() === 'none') return { kind: 'network' };
    const dir = path.resolve(configured);
    if (mirrorHoldsAws(dir)) return { kind: 'mirror', dir };
    return {
      kind: 'invalid',
      reason: `TF_PROVIDER_MIRROR=${configured} does not hold registry.terraform.io/hashicorp/aws/<version>/${terraformPlatform()}`,
    };
  }
  for (const dir of DEFAULT_MIRRORS) {
    if (mirrorHoldsAws(dir)) return { kind: 'mirror', dir };
  }
  return { kind: 'network' };
}

/** `host/namespace/type` addresses of every provider in a mirror directory. */
function mirrorProviders(dir: string): string[] {
  const found: string[] = [];
  for (const host of listDir(dir)) {
    if (!host.includes('.') || !isDirectory(path.join(dir, host))) continue;
    for (const namespace of listDir(path.join(dir, host))) {
      if (!isDirectory(path.join(dir, host, namespace))) continue;
      for (const type of listDir(path.join(dir, host, namespace))) {
        if (isDirectory(path.join(dir, host, namespace, type))) found.push(`${host}/${namespace}/${type}`);
      }
    }
  }
  return found;
}

/**
 * For OpenTofu: a mirror under `root` exposing every provider of `source` under
 * its own hostname and, for registry.terraform.io providers, also under
 * registry.opentofu.org. Terraform/OpenTofu do not follow a symlinked
 * `<type>` or `<version>` directory, but do follow a symlinked `<os>_<arch>`
 * directory, so links are made at that level (nothing is copied).
 */
function buildTofuMirror(source: string, target: string): string[] {
  const providers = mirrorProviders(source);
  const addresses = new Set<string>();
  const link = (from: string, to: string, isDir: boolean): void => {
    if (fs.existsSync(to)) return;
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.symlinkSync(from, to, isDir ? 'junction' : 'file');
  };
  for (const address of providers) {
    const [host, namespace, type] = address.split('/');
    const hosts = [host];
    if (host === TF_REGISTRY && !providers.includes(`${TOFU_REGISTRY}/${namespace}/${type}`)) hosts.push(TOFU_REGISTRY);
    const typeDir = path.join(source, host, namespace, type);
    for (const targetHost of hosts) {
      addresses.add(`${targetHost}/${namespace}/${type}`);
      for (const entry of listDir(typeDir)) {
        const entryPath = path.join(typeDir, entry);
        const targetTypeDir = path.join(target, targetHost, namespace, type);
        if (isDirectory(entryPath)) {
          for (const platform of listDir(entryPath)) {
            const platformPath = path.join(entryPath, platform);
            link(platformPath, path.join(targetTypeDir, entry, platform), isDirectory(platformPath));
          }
        } else {
          link(entryPath, path.join(targetTypeDir, entry), false);
        }
      }
    }
  }
  return [...addresses].sort();
}

// ---------------------------------------------------------------------------
// engine (binary, CLI config, temp root), created lazily once per process

interface ProbeResult {
  binary: string;
  version: string;
  isTofu: boolean;
}

interface Engine extends ProbeResult {
  root: string;
  cliConfigFile: string;
  /** Set in network mode: a shared plugin cache, init is serialized. */
  pluginCacheDir?: string;
  mirrorDir?: string;
  /** Long-running providers terraform attaches to (unpacked mirror, TF_SHARED_PROVIDER not 0). */
  providers?: SharedProviderPool;
}

let probeCache: { result: ProbeResult } | { error: string } | undefined;
let engine: Engine | undefined;
let tempRoot: string | undefined;
let runCounter = 0;
const initMutex = new Mutex();

function terraformBinary(): string {
  return process.env.TERRAFORM_BINARY?.trim() || 'terraform';
}

/** Runs `<binary> version` once (with an empty CLI config) and caches the outcome. */
function probeBinary(): { result: ProbeResult } | { error: string } {
  if (probeCache) return probeCache;
  const binary = terraformBinary();
  const run = spawnSync(binary, ['version'], {
    encoding: 'utf8',
    timeout: 30_000,
    env: childEnv(os.devNull),
  });
  if (run.error) {
    probeCache = { error: `cannot run \`${binary} version\`: ${run.error.message}` };
  } else if (run.status !== 0) {
    probeCache = { error: `\`${binary} version\` exited with ${String(run.status)}: ${run.stderr.trim()}` };
  } else {
    const match = /^(Terraform|OpenTofu) v(\S+)/m.exec(run.stdout);
    probeCache = match
      ? { result: { binary, version: `${match[1]} ${match[2]}`, isTofu: match[1] === 'OpenTofu' } }
      : { error: `unrecognised \`${binary} version\` output: ${run.stdout.trim().split('\n')[0] ?? ''}` };
  }
  return probeCache;
}

/** Best-effort registry reachability check (sync, via a child node process and global fetch). */
function registryReachable(isTofu: boolean): boolean {
  const proxy = ['HTTPS_PROXY', 'https_proxy', 'ALL_PROXY', 'all_proxy'].some((k) => Boolean(process.env[k]));
  if (proxy) return true; // node's fetch ignores proxies; trust terraform to use it
  const url = `https://${isTofu ? TOFU_REGISTRY : TF_REGISTRY}/.well-known/terraform.json`;
  const script =
    `fetch(${JSON.stringify(url)}, { signal: AbortSignal.timeout(8000) })` +
    '.then((r) => process.exit(r.ok ? 0 : 2), () => process.exit(1));';
  const run = spawnSync(process.execPath, ['-e', script], { timeout: 15_000 });
  return run.status === 0;
}

let availabilityCache: TerraformAvailability | undefined;

/** Whether the harness can run here: the binary runs and providers come from a mirror or the network. */
export function terraformAvailability(): TerraformAvailability {
  if (envFlag('SKIP_TERRAFORM_TESTS')) return { ok: false, reason: 'SKIP_TERRAFORM_TESTS is set' };
  if (availabilityCache) return availabilityCache;
  const probe = probeBinary();
  if ('error' in probe) {
    availabilityCache = { ok: false, reason: probe.error };
    return availabilityCache;
  }
  const mirror = chooseMirror();
  if (mirror.kind === 'invalid') {
    availabilityCache = { ok: false, reason: mirror.reason };
  } else if (mirror.kind === 'mirror') {
    availabilityCache = { ok: true, version: `${probe.result.version} (provider mirror ${mirror.dir})` };
  } else if (registryReachable(probe.result.isTofu)) {
    availabilityCache = { ok: true, version: `${probe.result.version} (providers from the network)` };
  } else {
    availabilityCache = {
      ok: false,
      reason:
        'no provider mirror holding hashicorp/aws was found (set TF_PROVIDER_MIRROR) and the provider registry is not reachable',
    };
  }
  return availabilityCache;
}

function ensureTempRoot(): string {
  if (!tempRoot) tempRoot = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-harness-'));
  return tempRoot;
}

function getEngine(): Engine {
  if (engine) return engine;
  const availability = terraformAvailability();
  if (!availability.ok) throw new Error(`Terraform harness unavailable: ${availability.reason}`);
  const probe = probeBinary();
  if ('error' in probe) throw new Error(probe.error);
  const root = ensureTempRoot();
  const mirror = chooseMirror();
  const lines = ['# Written by __tests__/support/terraform.ts', 'disable_checkpoint = true'];
  let pluginCacheDir: string | undefined;
  let mirrorDir: string | undefined;
  if (mirror.kind === 'mirror') {
    let addresses: string[];
    if (probe.result.isTofu) {
      mirrorDir = path.join(root, 'provider-mirror');
      addresses = buildTofuMirror(mirror.dir, mirrorDir);
    } else {
      mirrorDir = mirror.dir;
      addresses = mirrorProviders(mirror.dir);
    }
    const list = addresses.map(hclString).join(', ');
    lines.push(
      'provider_installation {',
      '  filesystem_mirror {',
      `    path    = ${hclString(mirrorDir)}`,
      `    include = [${list}]`,
      '  }',
      '  direct {',
      `    exclude = [${list}]`,
      '  }',
      '}',
    );
  } else {
    pluginCacheDir = process.env.TF_PLUGIN_CACHE_DIR?.trim() || path.join(os.tmpdir(), 'tf-harness-plugin-cache');
    fs.mkdirSync(pluginCacheDir, { recursive: true });
    lines.push(`plugin_cache_dir = ${hclString(pluginCacheDir)}`, 'provider_installation {', '  direct {}', '}');
  }
  const cliConfigFile = path.join(root, 'terraform-cli.tfrc');
  fs.writeFileSync(cliConfigFile, `${lines.join('\n')}\n`);
  engine = { ...probe.result, root, cliConfigFile, pluginCacheDir, mirrorDir, providers: sharedProviders(mirror, probe.result.isTofu, cliConfigFile) };
  return engine;
}

/** Providers per test process: one per parallel terraform process (see CheckStacksOptions.concurrency). */
const SHARED_PROVIDERS_PER_PROCESS = 2;

function sharedProviders(mirror: MirrorChoice, isTofu: boolean, cliConfigFile: string): SharedProviderPool | undefined {
  if (mirror.kind !== 'mirror' || (process.env.TF_SHARED_PROVIDER ?? '').trim() === '0') return undefined;
  const binary = awsProviderBinary(mirror.dir, TF_REGISTRY, terraformPlatform()) ?? awsProviderBinary(mirror.dir, TOFU_REGISTRY, terraformPlatform());
  if (!binary) return undefined; // a packed mirror: terraform unpacks and starts the provider itself
  const address = `${isTofu ? TOFU_REGISTRY : TF_REGISTRY}/hashicorp/aws`;
  return new SharedProviderPool(binary, address, childEnv(cliConfigFile), SHARED_PROVIDERS_PER_PROCESS);
}

/** Environment for terraform children: hermetic TF_* and AWS_* settings. */
function childEnv(cliConfigFile: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) {
    if (key.startsWith('TF_') && !key.startsWith('TF_LOG')) continue;
    if (key.startsWith('AWS_') && key !== 'AWS_CA_BUNDLE') continue;
    env[key] = value;
  }
  env.TF_CLI_CONFIG_FILE = cliConfigFile;
  env.TF_IN_AUTOMATION = '1';
  env.CHECKPOINT_DISABLE = '1';
  env.AWS_ACCESS_KEY_ID = MOCK;
  env.AWS_SECRET_ACCESS_KEY = MOCK;
  env.AWS_EC2_METADATA_DISABLED = 'true';
  return env;
}

/** Removes every work dir created by this process, unless KEEP_TF_WORKDIRS=1. */
export function cleanupTerraformWorkDirs(): void {
  if (!tempRoot) return;
  if (envFlag('KEEP_TF_WORKDIRS')) {
    process.stderr.write(`KEEP_TF_WORKDIRS is set: Terraform work dirs kept in ${tempRoot}\n`);
    return;
  }
  fs.rmSync(tempRoot, { recursive: true, force: true });
  tempRoot = undefined;
  engine = undefined;
}

// ---------------------------------------------------------------------------
// override file

const OFFLINE_PROVIDER_SETTINGS: Readonly<Record<string, unknown>> = {
  access_key: MOCK,
  secret_key: MOCK,
  skip_credentials_validation: true,
  skip_requesting_account_id: true,
  skip_metadata_api_check: true,
};

/** Provider attributes that make an offline plan fail; set to null when the stack sets them. */
const NULLED_PROVIDER_ATTRIBUTES = [
  'profile',
  'shared_config_files',
  'shared_credentials_files',
  'allowed_account_ids',
  'forbidden_account_ids',
];

function providerBlocks(value: unknown): Record<string, unknown>[] {
  if (Array.isArray(value)) return value.filter(isRecord);
  return isRecord(value) ? [value] : [];
}

function hasContent(value: unknown): boolean {
  if (value === undefined || value === null) return false;
  if (Array.isArray(value)) return value.length > 0;
  return true;
}

function declaresAws(stack: Record<string, unknown>): boolean {
  const terraform = stack.terraform;
  const required = isRecord(terraform) ? terraform.required_providers : undefined;
  const providers = stack.provider;
  return (isRecord(required) && 'aws' in required) || (isRecord(providers) && 'aws' in providers);
}

/**
 * The content of `zz_offline_override.tf.json` for a parsed cdk.tf.json:
 * mock credentials for the default and every aliased aws provider, assume_role
 * neutralised, and a local backend at `statePath`.
 */
export function buildOfflineOverride(stack: unknown, statePath: string): Record<string, unknown> {
  const override: Record<string, unknown> = {
    terraform: { backend: { local: { path: statePath } } },
  };
  if (!isRecord(stack) || !declaresAws(stack)) return override;
  const declared = providerBlocks(isRecord(stack.provider) ? stack.provider.aws : undefined);
  const blocks: Record<string, unknown>[] = [];
  const makeBlock = (original: Record<string, unknown> | undefined, alias: string | undefined): Record<string, unknown> => {
    const block: Record<string, unknown> = alias === undefined ? {} : { alias };
    Object.assign(block, OFFLINE_PROVIDER_SETTINGS);
    if (original) {
      // `[]` or null would leave the original assume_role in place; an empty
      // role_arn replaces the block and the provider then skips sts:AssumeRole.
      if (hasContent(original.assume_role)) block.assume_role = [{ role_arn: '' }];
      for (const attribute of NULLED_PROVIDER_ATTRIBUTES) {
        if (attribute in original) block[attribute] = null;
      }
    }
    return block;
  };
  // Terraform accepts an override for the default provider even when the stack
  // declares none (an absent default is an implicit empty configuration).
  const defaultBlock = declared.find((block) => typeof block.alias !== 'string');
  blocks.push(makeBlock(defaultBlock, undefined));
  const seen = new Set<string>();
  for (const block of declared) {
    if (typeof block.alias !== 'string' || seen.has(block.alias)) continue;
    seen.add(block.alias);
    blocks.push(makeBlock(block, block.alias));
  }
  override.provider = { aws: blocks };
  return override;
}

// ---------------------------------------------------------------------------
// running commands

function runCommand(
  binary: string,
  args: string[],
  cwd: string,
  env: NodeJS.ProcessEnv,
  timeoutMs: number,
): Promise<CommandResult> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(binary, args, { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let killTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGTERM');
      killTimer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    }, timeoutMs);
    child.stdout.setEncoding('utf8');
    child.stderr.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      stdout += chunk;
    });
    child.stderr.on('data', (chunk: string) => {
      stderr += chunk;
    });
    let settled = false;
    const finish = (code: number, extraStderr: string): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (killTimer) clearTimeout(killTimer);
      resolve({
        code,
        stdout,
        stderr: stderr + extraStderr,
        durationMs: Date.now() - started,
      });
    };
    child.on('error', (error) => finish(127, `\nfailed to start ${binary}: ${error.message}\n`));
    child.on('close', (code, signal) => {
      const note = timedOut ? `\n${binary} ${args[0] ?? ''} timed out after ${timeoutMs} ms\n` : '';
      finish(code ?? (signal ? 128 + (os.constants.signals[signal] ?? 0) : 1), note);
    });
  });
}

function notRun(reason: string): CommandResult {
  return { code: STEP_NOT_RUN, stdout: '', stderr: `not run: ${reason}` };
}

function safeName(name: string): string {
  return name.replace(/[^A-Za-z0-9._-]+/g, '_') || 'stack';
}

async function checkOneStack(
  eng: Engine,
  stackDir: string,
  workDir: string,
  options: Required<CheckStacksOptions>,
): Promise<StackCheck> {
  const stack = path.basename(path.resolve(stackDir));
  const text = fs.readFileSync(path.join(stackDir, STACK_FILE), 'utf8');
  fs.mkdirSync(workDir, { recursive: true });
  fs.writeFileSync(path.join(workDir, STACK_FILE), text);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text) as unknown;
  } catch {
    parsed = undefined; // leave the syntax error for terraform init/validate to report
  }
  const override = buildOfflineOverride(parsed, path.join(workDir, 'terraform.tfstate'));
  fs.writeFileSync(path.join(workDir, OVERRIDE_FILE), `${JSON.stringify(override, null, 2)}\n`);
  return runInWorkDir(workDir, async (run) => {
    const initArgs = ['init', '-input=false', '-no-color'];
    // Network mode shares a plugin cache, which races when filled concurrently:
    // serialize init within this process (mutex) and across jest workers (lock dir).
    const cacheDir = eng.pluginCacheDir;
    const init = cacheDir
      ? await initMutex.run(() => withDirectoryLock(path.join(cacheDir, '.tf-harness-init.lock'), () => run(initArgs)))
      : await run(initArgs);
    if (init.code !== 0) {
      return { stack, workDir, init, validate: notRun('init failed'), plan: notRun('init failed') };
    }
    const validate = options.validate ? await run(['validate', '-no-color']) : notRun('not requested: plan validates the configuration first');
    if (validate.code !== 0 && validate.code !== STEP_NOT_RUN) {
      return { stack, workDir, init, validate, plan: notRun('validate failed') };
    }
    if (!options.plan) return { stack, workDir, init, validate, plan: notRun('not requested') };
    const plan = await run(['plan', '-refresh=false', '-input=false', '-no-color', '-lock=false', '-out=tfplan']);
    const result: StackCheck = { stack, workDir, init, validate, plan };
    if (plan.code !== 0 || !options.showPlanJson) return result;
    const show = await run(['show', '-json', '-no-color', 'tfplan']);
    result.show = show;
    if (show.code === 0) {
      try {
        result.planJson = JSON.parse(show.stdout) as unknown;
      } catch (error) {
        result.show = { ...show, code: 1, stderr: `${show.stderr}\ncould not parse plan JSON: ${errorMessage(error)}\n` };
      }
    }
    return result;
  }, options.commandTimeoutMs);
}

/**
 * Runs terraform commands in an existing work dir (one that checkStacks() initialized, before
 * cleanupTerraformWorkDirs()), one after another with the harness's hermetic environment and one
 * shared provider held for all of them.
 */
export async function runInWorkDir<T>(workDir: string, fn: (run: (args: string[]) => Promise<CommandResult>) => Promise<T>, commandTimeoutMs = 600_000): Promise<T> {
  const eng = getEngine();
  const lease = await eng.providers?.acquire();
  const env = { ...childEnv(eng.cliConfigFile), ...lease?.env };
  try {
    return await fn((args) => runCommand(eng.binary, args, workDir, env, commandTimeoutMs));
  } finally {
    lease?.release();
  }
}

/**
 * Copies each stack directory's cdk.tf.json into a fresh work dir, adds the
 * offline override and runs init, validate, plan (and optionally show -json).
 * Results are returned in the order of `stackDirs`. Throws when Terraform is
 * unavailable (check terraformAvailability() first) or a stack dir has no
 * cdk.tf.json.
 */
export async function checkStacks(stackDirs: string[], options: CheckStacksOptions = {}): Promise<StackCheck[]> {
  for (const dir of stackDirs) {
    if (!fs.existsSync(path.join(dir, STACK_FILE))) throw new Error(`no ${STACK_FILE} in ${dir}`);
  }
  const eng = getEngine();
  const resolved: Required<CheckStacksOptions> = {
    concurrency: Math.max(1, Math.floor(options.concurrency ?? 2)),
    validate: options.validate ?? true,
    showPlanJson: options.showPlanJson ?? false,
    plan: options.plan ?? true,
    commandTimeoutMs: options.commandTimeoutMs ?? 600_000,
  };
  runCounter += 1;
  const runDir = path.join(eng.root, `run-${runCounter}`);
  const results: StackCheck[] = new Array<StackCheck>(stackDirs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < stackDirs.length) {
      const index = next;
      next += 1;
      const dir = stackDirs[index];
      const workDir = path.join(runDir, `${index}-${safeName(path.basename(path.resolve(dir)))}`);
      results[index] = await checkOneStack(eng, dir, workDir, resolved);
    }
  };
  await Promise.all(Array.from({ length: Math.min(resolved.concurrency, stackDirs.length) }, () => worker()));
  return results;
}

// ---------------------------------------------------------------------------
// reporting helpers

/** The first step that failed, or undefined when every step that ran succeeded. */
export function failedStep(check: StackCheck): TerraformStep | undefined {
  const steps: [TerraformStep, CommandResult | undefined][] = [
    ['init', check.init],
    ['validate', check.validate],
    ['plan', check.plan],
    ['show', check.show],
  ];
  for (const [name, result] of steps) {
    if (result && result.code !== 0 && result.code !== STEP_NOT_RUN) return name;
  }
  return undefined;
}

function tail(text: string, max = 20_000): string {
  const trimmed = text.trim();
  return trimmed.length <= max ? trimmed : `[... ${trimmed.length - max} characters cut ...]\n${trimmed.slice(-max)}`;
}

/** Human-readable account of the failing step and its output (for jest failure messages). */
export function describeFailure(check: StackCheck): string {
  const step = failedStep(check);
  if (!step) return `terraform checks passed for stack "${check.stack}" (${check.workDir})`;
  const result = check[step] ?? notRun('missing');
  const parts = [
    `terraform ${step} failed for stack "${check.stack}" with exit code ${result.code}`,
    `work dir: ${check.workDir} (set KEEP_TF_WORKDIRS=1 to keep it)`,
  ];
  if (result.stderr.trim()) parts.push(`--- ${step} stderr ---`, tail(result.stderr));
  if (result.stdout.trim()) parts.push(`--- ${step} stdout ---`, tail(result.stdout));
  return parts.join('\n');
}

export interface PlannedChange {
  address: string;
  type: string;
  providerName: string;
  actions: string[];
}

/** `resource_changes` of a `terraform show -json` plan, in a typed form. */
export function plannedChanges(planJson: unknown): PlannedChange[] {
  if (!isRecord(planJson) || !Array.isArray(planJson.resource_changes)) return [];
  const changes: PlannedChange[] = [];
  for (const entry of planJson.resource_changes) {
    if (!isRecord(entry) || typeof entry.address !== 'string') continue;
    const change = isRecord(entry.change) ? entry.change : {};
    changes.push({
      address: entry.address,
      type: typeof entry.type === 'string' ? entry.type : '',
      providerName: typeof entry.provider_name === 'string' ? entry.provider_name : '',
      actions: Array.isArray(change.actions) ? change.actions.filter((a): a is string => typeof a === 'string') : [],
    });
  }
  return changes;
}
