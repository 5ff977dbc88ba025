/**
 * The config pipeline: file -> raw object -> zod schema -> estate shape -> normalized config ->
 * semantic rules (+ organization rules, hand-written policy files, one partition) -> estate model. Every stage
 * reports all its problems; a later stage runs only when the earlier ones found no error.
 */
import { dirname, resolve } from 'node:path';
import { configSchema } from './schema';
import { problemsFromZod } from './issues';
import { normalizeConfig, NormalizedConfig } from './normalize';
import { checkConfig } from './rules';
import { checkKeyPolicies } from './key-policy-rules';
import { checkPlanResourcesReach } from './plan-resource-reach';
import { checkEstateShape, checkOrganization } from './organization-rules';
import { checkOperations } from './operations-rules';
import { checkPartitions } from './partition-rules';
import { checkSelectionSizes } from './size-rules';
import { checkProtection } from './protection-rules';
import { checkRestoreTestsReach } from './restore-testing-reach';
import { checkPassedRoleAccounts } from './role-accounts';
import { checkInputPaths } from './input-paths';
import { checkTemplateText } from './template-text';
import { readInputJson } from './input-json';
import { checkRegionAvailability } from './region-availability';
import { checkContinuousOverlapAcrossPlans, checkS3ContinuousVaultAcrossPlans } from './continuous-rules';
import { checkContentionAcrossPlans } from './plan-contention-rules';
import { readConfigFile } from './loader';
import { checkRawInput } from './raw-input';
import { resolveEstate, PolicyFiles } from './resolve';
import type { PolicyFileReferences } from './instances';
import type { EstateModel } from './estate-model';
import { policyReferences } from '../policies/references';
import { serializePolicy } from '../policies/builder';
import { duplicateKeyProblems } from '../policies/validate';
import { error, Problem } from '../core/problems';
import { parseBackupVaultArn } from '../core/arn';
import { checkImportStacks, readImportsFile } from './adoption';

export interface ConfigCheck {
  readonly errors: Problem[];
  readonly warnings: Problem[];
  readonly config?: NormalizedConfig;
  readonly model?: EstateModel;
}

export interface CheckOptions {
  /** Folder that policy file paths are relative to. @default the working directory */
  readonly baseDir?: string;
}

const split = (problems: readonly Problem[]) => ({
  errors: problems.filter((p) => p.severity === 'error'),
  warnings: problems.filter((p) => p.severity === 'warning'),
});

/** Reads the hand-written policy files an organization attaches. */
function readPolicyFiles(config: NormalizedConfig, baseDir: string): { documents: Record<string, unknown>; problems: Problem[] } {
  const documents: Record<string, unknown> = {};
  const problems: Problem[] = [];
  for (const [key, policy] of Object.entries(config.organization?.policies ?? {})) {
    if (policy.file === undefined) continue;
    const read = readInputJson(policy.file, baseDir, 'caller');
    if ('reason' in read) {
      problems.push(error(`organization.policies.${key}.file`, `"${policy.file}" ${read.reason}`));
      continue;
    }
    documents[key] = read.document;
    // JSON.parse keeps the last of two equal keys, and the policy attached would silently lack the others: as validate-policy, an error.
    for (const duplicate of duplicateKeyProblems(read.text)) problems.push(error(`organization.policies.${key}.file`, `${duplicate.path}: ${duplicate.message}`));
  }
  return { documents, problems };
}

function policyFiles(documents: Readonly<Record<string, unknown>>): PolicyFiles {
  const contents: Record<string, string> = {};
  const references: Record<string, PolicyFileReferences[string]> = {};
  for (const [key, document] of Object.entries(documents)) {
    // Hand-written documents are kept as written (re-serialized without whitespace).
    contents[key] = serializePolicy(document);
    const plans = policyReferences(document).plans;
    references[key] = {
      regions: [...new Set(plans.flatMap((plan) => plan.regions))],
      vaultNames: [...new Set(plans.flatMap((plan) => plan.vaultNames))],
      plans: plans.map(({ name, regions, selections, rules, destinationVaultArns }) => ({ name, regions, selections, rules, destinationVaultArns })),
    };
  }
  return { contents, references };
}

/** The vaults hand-written policies name: in the member accounts by name (rule targets, copies into `$account`), others by their copies' ARN. */
function policyVaultsNamed(references: PolicyFileReferences): string[] {
  const ownAccount = (arn: string): string[] => {
    const parsed = parseBackupVaultArn(arn);
    return parsed?.account === '$account' ? [parsed.name] : [arn];
  };
  return Object.values(references).flatMap((file) => [...file.vaultNames, ...file.plans.flatMap((plan) => plan.destinationVaultArns.flatMap(ownAccount))]);
}

/** Validates an already parsed config object and, when valid, resolves it to the estate model. */
export function checkRawConfig(raw: unknown, options: CheckOptions = {}): ConfigCheck {
  // Depth, self-containing aliases and reserved keys first: zod recurses, and drops a __proto__ key silently.
  const input = checkRawInput(raw);
  if (input.unsafe) return split(input.problems);
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  // What zod says about a reserved key's own entry (an unknown field, its value) repeats the problem already reported there.
  const reserved = input.problems.map((problem) => problem.path);
  const beside = (problem: Problem) => !reserved.some((path) => problem.path === path || problem.path.startsWith(`${path}.`));
  const shapeProblems = parsed.success ? [] : problemsFromZod(parsed.error.issues, configSchema).filter(beside);
  if (!parsed.success || input.problems.length > 0) return split([...input.problems, ...shapeProblems]);
  const shape = checkEstateShape(parsed.data);
  if (shape.length > 0) return split(shape);
  const config = normalizeConfig(parsed.data);
  const baseDir = options.baseDir ?? process.cwd();
  const files = readPolicyFiles(config, baseDir);
  // Each hand-written policy read once: its selections and vaults for the checks, its contents and references for the model.
  const policies = policyFiles(files.documents);
  const adoption = config.adoption ? readImportsFile(config.adoption.imports, baseDir) : { problems: [] };
  const { errors, warnings } = split([
    ...files.problems,
    ...adoption.problems,
    ...checkConfig(config, policies.references),
    ...checkOrganization(config, files.documents),
    ...checkOperations(config),
    ...checkProtection(config, policyVaultsNamed(policies.references)),
    ...checkPartitions(parsed.data, files.documents),
    ...checkSelectionSizes(config),
    ...checkInputPaths(config),
    ...checkTemplateText(parsed.data),
  ]);
  if (errors.length > 0) return { errors, warnings, config };
  const model = resolveEstate(config, policies, adoption.imports);
  const stacks = config.adoption && adoption.imports ? checkImportStacks(config.adoption.imports, adoption.imports, model.stacks.map((stack) => stack.name)) : [];
  if (stacks.length > 0) return { errors: stacks, warnings, config };
  // What AWS Backup does not offer in a Region is known only once every plan, vault and copy has its Region.
  const availability = split(checkRegionAvailability(model));
  if (availability.errors.length > 0) return { errors: availability.errors, warnings: [...warnings, ...availability.warnings], config };
  // Key policies hold every principal by its ARN only here (the stacks name the roles they create by reference).
  // Where each plan and restore test runs (which accounts and Regions create it, and which roles they pass there) is known only in the model too.
  const modelErrors = [...checkKeyPolicies(model, config), ...checkPlanResourcesReach(model, config), ...checkPassedRoleAccounts(model)];
  if (modelErrors.length > 0) return { errors: modelErrors, warnings: [...warnings, ...availability.warnings], config };
  return { errors, warnings: [...warnings, ...availability.warnings, ...checkContinuousOverlapAcrossPlans(model), ...checkS3ContinuousVaultAcrossPlans(model), ...checkContentionAcrossPlans(model), ...checkRestoreTestsReach(model, config)], config, model };
}

export function checkConfigFile(path: string): ConfigCheck {
  const file = readConfigFile(path);
  if (file.problems.length > 0) return split(file.problems);
  return checkRawConfig(file.raw, { baseDir: dirname(resolve(path)) });
}
