/**
 * `npm run atlantis [-- --rollout cdktf.out/rollout.json --out atlantis.yaml --binary tofu
 * --when-modified <glob>...]`: writes the Atlantis repo config for the synthesized estate.
 * Exit 0 when written, 1 on a usage error or a missing or invalid rollout, 2 on a bug.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { atlantisConfig, type TerraformBinary } from '../rollout/atlantis';
import { readRollout, type Rollout } from '../rollout/rollout';
import { fsPath, runAsProcess, type CliIo } from './io';
import { withCrashReport } from './report-problems';

const USAGE = 'usage: backup-estate atlantis [--rollout cdktf.out/rollout.json] [--out atlantis.yaml] [--binary terraform|tofu] [--when-modified <glob>]...';

interface Arguments {
  rollout: string;
  out: string;
  binary: TerraformBinary;
  whenModified: string[];
  help: boolean;
}

/** A problem the user can fix: printed as one line, exit 1, no stack trace. */
class UsageError extends Error {}

function parseArguments(argv: readonly string[]): Arguments {
  const parsed: Arguments = { rollout: 'cdktf.out/rollout.json', out: 'atlantis.yaml', binary: 'terraform', whenModified: [], help: false };
  for (let index = 0; index < argv.length; index += 1) {
    const argument = argv[index] ?? '';
    if (argument === '--help' || argument === '-h') {
      parsed.help = true;
      continue;
    }
    const [flag, inline] = argument.startsWith('--') && argument.includes('=') ? [argument.slice(0, argument.indexOf('=')), argument.slice(argument.indexOf('=') + 1)] : [argument, undefined];
    if (!['--rollout', '--out', '--binary', '--when-modified'].includes(flag)) throw new UsageError(`unknown argument ${JSON.stringify(argument)}`);
    const value = inline ?? argv[++index];
    if (value === undefined || value === '') throw new UsageError(`${flag} needs a value`);
    if (flag === '--rollout') parsed.rollout = value;
    else if (flag === '--out') parsed.out = value;
    else if (flag === '--when-modified') parsed.whenModified.push(value);
    else if (value === 'terraform' || value === 'tofu') parsed.binary = value;
    else throw new UsageError(`--binary must be terraform or tofu; got ${JSON.stringify(value)}`);
  }
  return parsed;
}

function writeAtlantis(argv: readonly string[], io: CliIo): number {
  const args = parseArguments(argv);
  if (args.help) {
    io.stdout(`${USAGE}\n`);
    return 0;
  }
  let rollout: Rollout;
  try {
    rollout = readRollout(fsPath(io, args.rollout));
  } catch (cause) {
    const message = cause instanceof Error ? cause.message : String(cause);
    throw new UsageError(message.endsWith(': not found') ? `${message}: run npm run synth first` : message);
  }
  const text = atlantisConfig(rollout, { terraformBinary: args.binary, ...(args.whenModified.length > 0 ? { autoplanWhenModified: args.whenModified } : {}) });
  const out = fsPath(io, args.out);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  io.stdout(`Wrote ${args.out}: ${rollout.stacks.length} project(s) in ${rollout.waves.length} wave(s), ${args.binary} workflow, from ${args.rollout}\n`);
  return 0;
}

/** The command: exit 0 when written, 1 on a usage error or a missing or invalid rollout, 2 on a bug. */
export const runAtlantis = withCrashReport(writeAtlantis, (cause, io) => {
  if (!(cause instanceof UsageError)) return undefined;
  for (const line of cause.message.split('\n')) io.stderr(`atlantis: ${line}\n`);
  if (cause.message.startsWith('unknown argument') || cause.message.includes('needs a value')) io.stderr(`${USAGE}\n`);
  return 1;
});

if (require.main === module) runAsProcess(runAtlantis);
