/**
 * From existing resources to import blocks. The adopted config is synthesized exactly as `synth`
 * does (the estate's stacks, with the rule pack), and each resource of each stack is matched to
 * the existing resource adopt recorded for it: same stack, same config path (read from the
 * resource's construct path by the rule pack's own reader, compliance/config-paths.ts), same
 * Terraform type, and, where one config entry makes several of a type, the attribute that tells
 * them apart. The address is the one the synthesis wrote: never computed by hand.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EstateModel, StackKind } from '../config/estate-model';
import { readTerraformJson, type TerraformStackJson } from '../core/terraform-json';
import { addToStacks, CompliancePackAspect, estateFacts, FindingsCollector, type Finding } from '../compliance';
import { configPathOf } from '../compliance/config-paths';
import { buildApp } from '../stacks/app';
import { withoutCreationStackTraces } from '../stacks/creation-stack-traces';
import type { ImportTarget } from './context';
import type { ImportRow } from './report';

export interface Synthesis {
  readonly findings: readonly Finding[];
  /** Stack name -> its synthesized JSON, as read by core/terraform-json. */
  readonly stacks: ReadonlyMap<string, TerraformStackJson>;
  readonly kinds: ReadonlyMap<string, StackKind>;
}

/** Synthesizes every stack of the model, with the rule pack, into a scratch folder it removes. */
export function synthesizeModel(model: EstateModel): Synthesis {
  const dir = mkdtempSync(join(tmpdir(), 'backup-estate-adopt-'));
  try {
    const collector = new FindingsCollector();
    withoutCreationStackTraces(() => {
      const app = buildApp(model, dir);
      addToStacks(app, new CompliancePackAspect(estateFacts(model), model.compliance.thresholds, model.compliance.suppressions, collector));
      app.synth();
    });
    const stacks = new Map(model.stacks.map((stack) => [stack.name, readTerraformJson(JSON.parse(readFileSync(join(dir, 'stacks', stack.name, 'cdk.tf.json'), 'utf8')))]));
    return { findings: collector.findings(), stacks, kinds: new Map(model.stacks.map((stack) => [stack.name, stack.kind])) };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export interface MatchedImports {
  readonly rows: readonly ImportRow[];
  /** What the imports file holds: stack -> address -> id. */
  readonly byStack: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Existing resources no synthesized resource stands for (none, unless adopt has a bug). */
  readonly unmatched: readonly ImportTarget[];
  /** Resources of the stacks that import nothing: the first apply creates them. */
  readonly created: readonly { readonly stack: string; readonly address: string }[];
}

const matches = (target: ImportTarget, configPath: string | undefined, type: string, attributes: Record<string, unknown>): boolean =>
  target.configPath === configPath && target.type === type && (target.match === undefined || attributes[target.match.attribute] === target.match.value);

export function matchImports(targets: readonly ImportTarget[], synthesis: Synthesis): MatchedImports {
  const rows: ImportRow[] = [];
  const created: { stack: string; address: string }[] = [];
  const byStack: Record<string, Record<string, string>> = {};
  const used = new Set<ImportTarget>();
  for (const [stack, json] of synthesis.stacks) {
    const kind = synthesis.kinds.get(stack) ?? 'workload';
    const own = targets.filter((target) => target.stack === stack);
    for (const resource of json.resources) {
      const configPath = configPathOf(kind, resource.constructPath);
      const found = own.filter((target) => !used.has(target) && matches(target, configPath, resource.type, resource.attributes));
      const [target] = found;
      if (found.length !== 1 || target === undefined) {
        created.push({ stack, address: resource.address });
        continue;
      }
      used.add(target);
      (byStack[stack] ??= {})[resource.address] = target.id;
      rows.push({ stack, address: resource.address, id: target.id, what: target.what });
    }
  }
  return { rows, byStack, unmatched: targets.filter((target) => !used.has(target)), created };
}
