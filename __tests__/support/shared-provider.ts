/**
 * Long-running AWS providers that every terraform process of a test run attaches to
 * (TF_REATTACH_PROVIDERS), instead of each `validate`, `plan` and `show` starting the 700 MB
 * provider binary (and every aliased provider configuration starting another one).
 *
 * Measured on a 2-core machine (one stack, quiet machine): validate 7.0 s -> 1.5 s, plan 7.9 s ->
 * 2.0 s, show -json 4.1 s -> 1.5 s. What is left is Terraform decoding the provider schema.
 *
 * - One provider serves one terraform process at a time: a provider process keeps a single
 *   configuration (ConfigureProvider replaces it), so two plans sharing one would see each
 *   other's default tags. A pool hands out leases; at most `size` providers per test process.
 * - Each provider runs under a small node watchdog whose stdin is a pipe from this process: when
 *   this process exits (even killed), the pipe closes and the watchdog kills the provider.
 * - The provider's environment has no AWS_CA_BUNDLE: measured, a provider started with it fails
 *   ConfigureProvider in debug mode ("unable to add custom RootCAs HTTPClient"). Plans are
 *   offline, so no CA bundle is needed.
 * - With reattached providers, `terraform init` installs nothing for them (no lock file entry,
 *   no .terraform/providers link): the work dir only runs with the pool's provider.
 *
 * TF_SHARED_PROVIDER=0 turns this off (every command starts its own provider, as Terraform
 * normally does).
 */
import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

/** The watchdog: starts the provider in debug mode, forwards the reattach line, dies with its parent. */
const WATCHDOG = `
const { spawn } = require('node:child_process');
const provider = spawn(process.argv[1], ['-debug'], { stdio: ['ignore', 'pipe', 'pipe'] });
let buffer = '';
let sent = false;
provider.stdout.setEncoding('utf8').on('data', (chunk) => {
  if (sent) return;
  buffer += chunk;
  const match = /TF_REATTACH_PROVIDERS='([^']+)'/.exec(buffer);
  if (match) { sent = true; buffer = ''; process.stdout.write(match[1] + '\\n'); }
});
provider.stderr.resume();
const stop = () => { try { provider.kill('SIGKILL'); } catch {} process.exit(0); };
process.stdin.on('end', stop).on('error', stop).resume();
process.on('SIGTERM', stop);
provider.on('exit', (code) => process.exit(code === null ? 1 : code));
`;

const START_TIMEOUT_MS = 120_000;

export interface ProviderLease {
  /** Environment for the terraform process: TF_REATTACH_PROVIDERS. */
  readonly env: Readonly<Record<string, string>>;
  release(): void;
}

interface RunningProvider {
  readonly reattach: string;
  readonly child: ChildProcess;
}

/** Semver-ish ordering of version directory names (5.100.0 > 5.99.1). */
function compareVersions(a: string, b: string): number {
  const pa = a.split(/[.-]/).map((part) => Number(part));
  const pb = b.split(/[.-]/).map((part) => Number(part));
  for (let i = 0; i < Math.max(pa.length, pb.length); i += 1) {
    const diff = (pa[i] || 0) - (pb[i] || 0);
    if (diff !== 0) return diff;
  }
  return 0;
}

/**
 * The hashicorp/aws binary in an unpacked filesystem mirror (the newest version when it holds
 * several), or undefined (packed zips, nothing for this platform).
 */
export function awsProviderBinary(mirrorDir: string, host: string, platform: string): string | undefined {
  const awsDir = path.join(mirrorDir, host, 'hashicorp', 'aws');
  let versions: string[];
  try {
    versions = fs.readdirSync(awsDir).filter((entry) => /^\d/.test(entry));
  } catch {
    return undefined;
  }
  for (const version of versions.sort(compareVersions).reverse()) {
    const dir = path.join(awsDir, version, platform);
    let files: string[];
    try {
      files = fs.readdirSync(dir);
    } catch {
      continue;
    }
    const binary = files.find((file) => file.startsWith('terraform-provider-aws'));
    if (binary) return path.join(dir, binary);
  }
  return undefined;
}

function startProvider(binary: string, providerAddress: string, env: NodeJS.ProcessEnv): Promise<RunningProvider> {
  const providerEnv = { ...env };
  delete providerEnv.AWS_CA_BUNDLE;
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', WATCHDOG, binary], { env: providerEnv, stdio: ['pipe', 'pipe', 'ignore'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGTERM');
      reject(new Error(`the shared provider ${binary} printed no TF_REATTACH_PROVIDERS within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the shared provider ${binary} exited with ${String(code)} before it was ready`));
    });
    child.stdout?.setEncoding('utf8').on('data', (chunk: string) => {
      output += chunk;
      const newline = output.indexOf('\n');
      if (newline < 0) return;
      clearTimeout(timer);
      child.removeAllListeners('exit');
      child.stdout?.destroy();
      // Neither the watchdog nor its stdin pipe may keep a finished test process alive.
      child.unref();
      (child.stdin as unknown as { unref?: () => void } | null)?.unref?.();
      try {
        const served = Object.values(JSON.parse(output.slice(0, newline)) as Record<string, unknown>);
        if (served.length !== 1) throw new Error(`expected one provider, got ${served.length}`);
        resolve({ reattach: JSON.stringify({ [providerAddress]: served[0] }), child });
      } catch (error) {
        child.kill('SIGTERM');
        reject(new Error(`unreadable TF_REATTACH_PROVIDERS from ${binary}: ${error instanceof Error ? error.message : String(error)}`));
      }
    });
  });
}

/** A pool of at most `size` shared providers; leases wait for a free one. */
export class SharedProviderPool {
  private readonly idle: RunningProvider[] = [];
  private readonly waiting: ((provider: RunningProvider) => void)[] = [];
  private started = 0;

  constructor(
    private readonly binary: string,
    /** `registry.terraform.io/hashicorp/aws` (or the registry.opentofu.org address for OpenTofu). */
    private readonly providerAddress: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly size: number,
  ) {}

  async acquire(): Promise<ProviderLease> {
    const provider = await this.take();
    let released = false;
    return {
      env: { TF_REATTACH_PROVIDERS: provider.reattach },
      release: () => {
        if (released) return;
        released = true;
        this.give(provider);
      },
    };
  }

  private async take(): Promise<RunningProvider> {
    const free = this.idle.pop();
    if (free) return free;
    if (this.started < this.size) {
      this.started += 1;
      try {
        return await startProvider(this.binary, this.providerAddress, this.env);
      } catch (error) {
        this.started -= 1;
        throw error;
      }
    }
    return new Promise((resolve) => this.waiting.push(resolve));
  }

  private give(provider: RunningProvider): void {
    const next = this.waiting.shift();
    if (next) next(provider);
    else this.idle.push(provider);
  }
}
