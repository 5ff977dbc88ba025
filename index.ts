/**
 * backup-estate as a library: everything below is imported from the package root (the package's
 * own name, as its README shows).
 *
 * - The constructs (BackupVault, BackupPlan, BackupSelection, ...) with their props, checks and
 *   presets, for your own cdktf stacks (modules/index.ts).
 * - The config API: read and check a config (every problem with its config path), the estate model
 *   it resolves to, and `addEstate` to add the estate's stacks (with the rule pack) to your App.
 * - The Organizations backup policy builder and validator.
 * - The compliance rule pack, to run on any synthesized stack.
 * - The one selection evaluator and the one RPO evaluator every command uses.
 */
import type { App } from 'cdktf';
import type { EstateModel, StackModel } from './config/estate-model';
import { addStack } from './stacks/app';
import { addToStacks, CompliancePackAspect, estateFacts, FindingsCollector } from './compliance';

export * from './modules';

// The config: read, check, resolve.
export { checkConfigFile, checkRawConfig, type CheckOptions, type ConfigCheck } from './config';
export { readConfigFile, parseConfigText, type LoadedFile } from './config/loader';
export { formatProblem } from './config/issues';
export { configJsonSchema } from './config/json-schema';
export type * from './config/estate-model';

// Organizations backup policies.
export { buildBackupPolicy, serializePolicy, PolicyBuildError, type PolicyPlanInput, type PolicyRuleInput, type PolicyLifecycleInput, type BuildOptions } from './policies/builder';
export { validateBackupPolicy, validatePolicyText, type ValidateOptions } from './policies/validate';
export type { PolicyProblem } from './policies/problem';

// The compliance rule pack.
export * from './compliance';

// The evaluators every command shares.
export { evaluateSelection, selectsResource, resourceSelection, resourceTypesOfPattern, type ListedResource, type ResourceSelection, type SelectionSpec, type SelectionEvaluation } from './core/selection';
export { typesToOptIn } from './core/selection-reach';
export { planRpo, explainRpo, worstCaseRpo, formatMinutes, type RpoInput, type PlanRpoEstimate } from './core/rpo';

// Adopting an existing estate: an export (scripts/export-estate.sh) to a config, import blocks and a report.
export { adoptExport, writeAdoption, ExportError, type AdoptOptions, type AdoptionResult, type ReportItem, type ReportKind, type ImportRow } from './adopt';

// What the coverage, runbook and affected commands compute, as the README documents them (library calls).
export { parseInventory, coverageOf, coverageMarkdown, coverageJson, InventoryError, type InventoryResource, type InventoryHome, type CoverageReport } from './report/coverage';
export { runbooks, runbookMarkdown, type Runbook } from './report/runbook';
export { affected, type AffectedOptions } from './cli/affected';
export { SynthInputError } from './cli/guard-base';
export { readRollout, type Rollout } from './rollout/rollout';
export { compareSynths, type SynthStack, type SynthChanges } from './core/stack-changes';
export { affectedStacks, affectedJson, affectedMarkdown, type AffectedReport } from './rollout/affected';

// Synthesis into a folder, as the CLI does (validation, rule pack, atomic write, rollout.json).
export { synthesize, type SynthesisOptions, type SynthesisResult } from './cli/synthesize';

export interface AddEstateOptions {
  /** Only these stacks of the model. @default every stack */
  readonly stacks?: readonly StackModel[];
  /** Run the compliance rule pack on each stack at synth (findings in the returned collector). @default true */
  readonly rulePack?: boolean;
}

/**
 * Adds the estate's stacks (one per account and Region, plus management and central stacks) to an
 * existing cdktf App, with the rule pack as an aspect on each. After `app.synth()`, the collector
 * holds the findings; `collector.errors()` are those that should fail a pipeline.
 */
export function addEstate(app: App, model: EstateModel, options: AddEstateOptions = {}): FindingsCollector {
  const collector = new FindingsCollector();
  for (const stack of options.stacks ?? model.stacks) addStack(app, stack);
  if (options.rulePack !== false) {
    const { thresholds, suppressions } = model.compliance;
    addToStacks(app, new CompliancePackAspect(estateFacts(model), thresholds, suppressions, collector));
  }
  return collector;
}
