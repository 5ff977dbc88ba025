/**
 * Synthesis as a library call: validate a config, build the selected stacks, write them (atomically
 * unless the cdktf CLI owns the folder) with rollout.json. Used by main.ts and by commands that
 * need the synthesized output of another config (the report's --base).
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { checkConfigFile, ConfigCheck } from '../config';
import type { StackModel } from '../config/estate-model';
import { rolloutFor } from '../rollout/rollout';
import { writeAtomically } from './output';
import { selectStacks, SynthArgs } from './args';
import { Finding, FindingsCollector, findingsJson, type Suppression } from '../compliance';
import { synthStacks } from './synth-stacks';
import { sizesJson } from '../report/cost';
import { POLICY_PLANS_FILE, policyPlansJson } from '../report/policy-plan-jobs';

export type SynthesisResult =
  | {
      readonly ok: true;
      readonly check: ConfigCheck;
      readonly stacks: readonly StackModel[];
      readonly outdir: string;
      readonly findings: readonly Finding[];
      /** Suppressions that matched no finding (only for a synth of every stack). */
      readonly unusedSuppressions: readonly Suppression[];
      /**
       * Stacks whose cdk.tf.json was written, in stack order; the others were left untouched (same
       * bytes, same modification time). Undefined for a dry run or a write under the cdktf CLI (`direct`).
       */
      readonly rewritten?: readonly string[];
    }
  | { readonly ok: false; readonly check: ConfigCheck; readonly error?: string; readonly findings?: readonly Finding[]; readonly unusedSuppressions?: readonly Suppression[] };

/** Thrown inside the atomic write so that a stack with unsuppressed error findings writes nothing. */
class ComplianceFailure extends Error {
  constructor(readonly findings: readonly Finding[]) {
    super('compliance errors');
  }
}

export interface SynthesisOptions {
  readonly outdir: string;
  /**
   * The cdktf CLI owns outdir and removes stale stacks itself: leave them. The write is still
   * atomic, so a config the rule pack refuses writes nothing there either. @default false
   */
  readonly direct?: boolean;
  /**
   * Synthesize and run the rule pack exactly as a synth does, into a temporary folder removed
   * afterwards: `validate`'s verdict is synth's by construction. `outdir` is left alone. @default false
   */
  readonly dryRun?: boolean;
  readonly filters?: Pick<SynthArgs, 'stacks' | 'accounts' | 'regions'>;
}

export function synthesize(configPath: string, options: SynthesisOptions): SynthesisResult {
  const check = checkConfigFile(configPath);
  // A model only comes with the config it was resolved from.
  if (check.errors.length > 0 || !check.model) return { ok: false, check };
  const { model } = check;
  const selection = selectStacks(model, { stacks: [], accounts: [], regions: [], ...options.filters });
  if ('error' in selection) return { ok: false, check, error: selection.error };
  const { stacks } = selection;
  const collector = new FindingsCollector();
  // A subset synth sees only some findings: it cannot tell a stale suppression.
  const unused = () => (stacks.length === model.stacks.length ? collector.unusedSuppressions(model.compliance.suppressions) : []);
  const write = (dir: string) => {
    // The rule pack runs as an aspect on every stack during synth; error findings (unsuppressed) stop the write.
    synthStacks(model, stacks, dir, collector);
    if (collector.errors().length > 0) throw new ComplianceFailure(collector.findings());
    writeFileSync(join(dir, 'rollout.json'), rolloutFor(stacks, options.filters));
    // The config's own warnings beside the findings: the posture report read from this folder shows every caveat validate printed.
    writeFileSync(join(dir, 'compliance.json'), findingsJson(collector.findings(), model.compliance.suppressions, check.warnings));
    // The sizes the cost estimate prices: config only, nothing Terraform holds.
    writeFileSync(join(dir, 'sizes.json'), sizesJson(stacks));
    // Which backup policies' plans run in each workload stack follows the unit tree, in no stack's Terraform: the report counts their jobs.
    writeFileSync(join(dir, POLICY_PLANS_FILE), policyPlansJson(stacks));
  };
  let rewritten: string[] | undefined;
  try {
    if (options.dryRun) {
      const scratch = mkdtempSync(join(tmpdir(), 'backup-estate-validate-'));
      try {
        write(scratch);
      } finally {
        rmSync(scratch, { recursive: true, force: true });
      }
    } else if (options.direct) writeAtomically(options.outdir, write, { removeStale: false });
    else {
      const written = writeAtomically(options.outdir, write);
      const names = written === 'all' ? undefined : new Set(stacksAmong(written));
      rewritten = stacks.filter((stack) => names === undefined || names.has(stack.name)).map((stack) => stack.name);
    }
  } catch (cause) {
    if (cause instanceof ComplianceFailure) return { ok: false, check, error: 'compliance rule pack found errors', findings: cause.findings, unusedSuppressions: unused() };
    throw cause;
  }
  return { ok: true, check, stacks, outdir: options.outdir, findings: collector.findings(), unusedSuppressions: unused(), ...(rewritten === undefined ? {} : { rewritten }) };
}

/** The stacks among written files (`stacks/<name>/cdk.tf.json`, any separator). */
function stacksAmong(files: readonly string[]): string[] {
  return files.flatMap((file) => {
    const parts = file.split(/[\\/]/);
    return parts.length === 3 && parts[0] === 'stacks' && parts[2] === 'cdk.tf.json' ? [parts[1] as string] : [];
  });
}
