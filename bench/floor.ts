/**
 * The benchmark's floor: a minimal cdktf app that writes the same Terraform directly, with the
 * provider's own classes and literal values, and none of our work (no config, no validation, no
 * model, no modules, no rule pack, no atomic write). A fair floor: it does what cdktf must do for
 * this output and nothing more, and it is spared exactly what ours is spared.
 *
 *   node dist/bench/floor.js <synthesized cdktf.out> <outdir>
 *
 * It reads every stack our synth wrote (before its clock starts), then, timed, builds one
 * TerraformStack per stack with one provider-class instance per resource (AwsProvider, BackupVault,
 * BackupPlan, ...: props are the resource's JSON arguments in camelCase, references stay literal
 * "${...}" strings), one TerraformOutput per output, plus the stack's providers and backend, and
 * synthesizes the app, on one thread, then writes the estate-wide files ours writes beside the stacks
 * (rollout.json, compliance.json, sizes.json, policy-plans.json: our bytes, read before the clock), so both write the
 * same outputs. Like ours it skips cdktf's preparing resolve pass (which only
 * discovers cross-stack references; neither app has any) and the capture of a stack trace per
 * token (stacks/creation-stack-traces.ts), so neither side pays a pass the other skips. bench/run.mjs
 * checks that the floor's stacks are ours up to metadata (core/stack-changes.ts).
 * It prints `{ "seconds": ..., "cpuSeconds": ..., "userSeconds": ..., "systemSeconds": ... }`: the
 * process's wall time and CPU time (user + system, and each part: node start, cdktf and provider
 * classes loaded, build, synth) minus the time spent reading our output, so both compare with our
 * synth's.
 */
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, LocalBackend, S3Backend, TerraformOutput, TerraformResource, TerraformStack } from 'cdktf';
import type { Construct } from 'constructs';
import { withoutCreationStackTraces } from '../stacks/creation-stack-traces';

type Json = Record<string, unknown>;
type ResourceClass = new (scope: Construct, id: string, props: Json) => TerraformResource;

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);
const camel = (name: string): string => name.replace(/_([a-z0-9])/g, (_match, letter: string) => letter.toUpperCase());
const pascal = (name: string): string => camel(name).replace(/^[a-z]/, (letter) => letter.toUpperCase());

/** Arguments that are maps of user keys: their keys stay as they are. */
const MAP_ARGUMENTS = new Set(['tags', 'tags_all', 'recovery_point_tags', 'default_tags', 'input_paths', 'variables']);

/** JSON arguments -> provider-class props (camelCase keys, except inside map arguments). */
function props(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(props);
  if (!isObject(value)) return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([key]) => key !== '//')
      .map(([key, item]) => [camel(key), MAP_ARGUMENTS.has(key) ? item : props(item)]),
  );
}

const classes = new Map<string, ResourceClass>();
/** The provider class of a resource type: aws_backup_vault -> lib/backup-vault BackupVault. */
function classOf(type: string): ResourceClass {
  const known = classes.get(type);
  if (known) return known;
  const name = type.replace(/^aws_/, '');
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const module = require(`@cdktf/provider-aws/lib/${name.replace(/_/g, '-')}`) as Record<string, ResourceClass>;
  const found = module[pascal(name)];
  if (!found) throw new Error(`no provider class for ${type}`);
  classes.set(type, found);
  return found;
}

/** A stack without cdktf's preparing resolve pass, as ours (stacks/common.ts EstateStack). */
class FloorStack extends TerraformStack {
  prepareStack(): void {
    this.ensureBackendExists();
  }
}

function addStack(app: App, name: string, json: Json): void {
  const stack = new FloorStack(app, name);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { AwsProvider } = require('@cdktf/provider-aws/lib/provider') as { AwsProvider: new (scope: Construct, id: string, props: Json) => unknown };
  const providers = isObject(json.provider) ? json.provider.aws : undefined;
  (Array.isArray(providers) ? providers : [providers]).filter(isObject).forEach((block, index) => new AwsProvider(stack, `aws${index}`, props(block) as Json));
  const backend = isObject(json.terraform) && isObject(json.terraform.backend) ? json.terraform.backend : {};
  if (isObject(backend.s3)) new S3Backend(stack, props(backend.s3) as never);
  else new LocalBackend(stack, isObject(backend.local) ? (props(backend.local) as never) : {});
  for (const [type, byName] of Object.entries(isObject(json.resource) ? json.resource : {})) {
    const Resource = classOf(type);
    for (const [id, body] of Object.entries(isObject(byName) ? byName : {})) {
      const { provider, lifecycle, depends_on: dependsOn, ...argumentsOnly } = isObject(body) ? body : {};
      void provider;
      void dependsOn;
      const resource = new Resource(stack, id, props(argumentsOnly) as Json);
      if (isObject(lifecycle)) resource.lifecycle = props(lifecycle) as never;
    }
  }
  for (const [id, body] of Object.entries(isObject(json.output) ? json.output : {})) {
    if (isObject(body)) new TerraformOutput(stack, id, { value: body.value, description: body.description as string | undefined, sensitive: body.sensitive as boolean | undefined });
  }
}

/** The files ours writes beside cdktf's: the floor writes the same bytes (making them is our work, writing them is not). */
const ESTATE_FILES = ['rollout.json', 'compliance.json', 'sizes.json', 'policy-plans.json'];

/** CPU seconds (every thread) this process has used: user and system. */
function cpuUsed(): { user: number; system: number } {
  const usage = process.resourceUsage();
  return { user: usage.userCPUTime / 1e6, system: usage.systemCPUTime / 1e6 };
}

function main(): void {
  const [input, outdir] = process.argv.slice(2);
  if (!input || !outdir) throw new Error('usage: floor.js <synthesized cdktf.out> <outdir>');
  const stacksDir = join(input, 'stacks');
  const cpuBefore = cpuUsed();
  const readStarted = process.hrtime.bigint();
  const stacks = readdirSync(stacksDir)
    .sort()
    .map((name) => ({ name, json: JSON.parse(readFileSync(join(stacksDir, name, 'cdk.tf.json'), 'utf8')) as Json }));
  const estateFiles = ESTATE_FILES.filter((file) => existsSync(join(input, file))).map((file) => ({ file, text: readFileSync(join(input, file), 'utf8') }));
  const readSeconds = Number(process.hrtime.bigint() - readStarted) / 1e9;
  const cpuAfterRead = cpuUsed();
  const readCpu = { user: cpuAfterRead.user - cpuBefore.user, system: cpuAfterRead.system - cpuBefore.system };
  withoutCreationStackTraces(() => {
    const app = new App({ outdir, stackTraces: false });
    for (const { name, json } of stacks) addStack(app, name, json);
    app.synth();
  });
  for (const { file, text } of estateFiles) writeFileSync(join(outdir, file), text);
  const seconds = process.uptime() - readSeconds;
  const used = cpuUsed();
  const userSeconds = used.user - readCpu.user;
  const systemSeconds = used.system - readCpu.system;
  process.stdout.write(`${JSON.stringify({ seconds, cpuSeconds: userSeconds + systemSeconds, userSeconds, systemSeconds, stacks: stacks.length })}\n`);
}

main();
