/**
 * Synthesis as a library call: validate a config, build the selected stacks, write them (atomically
 * unless the cdktf CLI owns the folder) with rollout.json. Used by main.ts and by commands that
 * need the synthesized output of another config (the report's --base).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { checkConfigFile, ConfigCheck } from '../config';
import type { StackModel } from '../config/resolve';
import { buildApp } from '../stacks/app';
import { rolloutFor } from '../stacks/rollout';
import { writeAtomically } from './output';
import { selectStacks, SynthArgs } from './args';

export type SynthesisResult =
  | { readonly ok: true; readonly check: ConfigCheck; readonly stacks: readonly StackModel[]; readonly outdir: string }
  | { readonly ok: false; readonly check: ConfigCheck; readonly error?: string };

export interface SynthesisOptions {
  readonly outdir: string;
  /** Write straight into outdir (the cdktf CLI owns it and removes stale stacks itself). @default false */
  readonly direct?: boolean;
  readonly filters?: Pick<SynthArgs, 'stacks' | 'accounts' | 'regions'>;
}

export function synthesize(configPath: string, options: SynthesisOptions): SynthesisResult {
  const check = checkConfigFile(configPath);
  if (check.errors.length > 0 || !check.model) return { ok: false, check };
  const model = check.model;
  const selection = selectStacks(model, { stacks: [], accounts: [], regions: [], ...options.filters });
  if ('error' in selection) return { ok: false, check, error: selection.error };
  const { stacks } = selection;
  const write = (dir: string) => {
    buildApp(model, dir, stacks).synth();
    writeFileSync(join(dir, 'rollout.json'), rolloutFor(stacks));
  };
  if (options.direct) write(options.outdir);
  else writeAtomically(options.outdir, write);
  return { ok: true, check, stacks, outdir: options.outdir };
}
