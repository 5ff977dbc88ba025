/**
 * An adopted estate (`backup-estate adopt`): the config names a JSON file of Terraform import
 * blocks, per stack, from our resource addresses to the ids of the resources AWS already runs.
 * The config stage reads and checks the file (its shape, and that every stack it names is one the
 * config synthesizes); the resolver hands each stack its imports; the stacks write them as
 * `import` blocks, so a re-synthesis keeps them. Whether each address is a resource of its stack
 * is known only once the stack is synthesized: the rule pack checks that (compliance/imports.ts).
 */
import { z } from 'zod';
import { error, Problem } from '../core/problems';
import { isRecord } from '../core/order';
import { readInputJson } from './input-json';

export const adoptionSchema = z
  .strictObject({
    imports: z
      .string()
      .min(1)
      .describe('The JSON file of Terraform import blocks backup-estate adopt wrote (relative to the config file): each stack imports the existing resources at their addresses on its first plan. Remove it after the first apply.'),
  })
  .describe('An estate adopted from what AWS already runs (backup-estate adopt).');

/** Stack name -> Terraform address (type.name) -> import id. */
export type ImportsByStack = Readonly<Record<string, Readonly<Record<string, string>>>>;

/** The file backup-estate adopt writes. */
export interface ImportsFile {
  readonly version: 1;
  /** Where the export came from and how to read the file (informational). */
  readonly '//'?: string;
  readonly stacks: ImportsByStack;
}

/** A managed resource address of our stacks: `aws_<type>.<name>` (no module, no index). */
export const IMPORT_ADDRESS = /^aws_[a-z0-9_]+\.[A-Za-z0-9_-]+$/;

const PATH = 'adoption.imports';
const SHAPE = 'must hold { "version": 1, "stacks": { "<stack>": { "<type.name>": "<import id>" } } }';

/** The problem with one parsed imports document, or undefined when its shape is right. */
function shapeProblem(document: unknown): string | undefined {
  if (!isRecord(document) || document.version !== 1 || !isRecord(document.stacks)) return SHAPE;
  for (const [stack, entries] of Object.entries(document.stacks)) {
    if (!isRecord(entries)) return `${SHAPE}: stacks.${stack} is not an object`;
    for (const [address, id] of Object.entries(entries)) {
      if (!IMPORT_ADDRESS.test(address)) return `${SHAPE}: "${address}" (stack ${stack}) is not a resource address such as aws_backup_vault.vault-main_vault_77900A69`;
      if (typeof id !== 'string' || id.trim() === '') return `${SHAPE}: the import id of ${address} (stack ${stack}) must be a non-empty string`;
    }
  }
  return undefined;
}

/** Reads the imports file the config names (relative to `baseDir`); problems are at adoption.imports. */
export function readImportsFile(file: string, baseDir: string): { readonly imports?: ImportsByStack; readonly problems: Problem[] } {
  const read = readInputJson(file, baseDir);
  if ('reason' in read) return { problems: [error(PATH, `"${file}" ${read.reason}`)] };
  const { document } = read;
  const problem = shapeProblem(document);
  if (problem !== undefined) return { problems: [error(PATH, `"${file}" ${problem}`)] };
  return { imports: (document as ImportsFile).stacks, problems: [] };
}

/** Every stack the imports name must be one the config synthesizes. */
export function checkImportStacks(file: string, imports: ImportsByStack, stacks: readonly string[]): Problem[] {
  return Object.keys(imports)
    .filter((stack) => !stacks.includes(stack))
    .map((stack) => error(PATH, `"${file}" imports into stack "${stack}", which this config does not synthesize (stacks: ${[...stacks].sort().join(', ')}): re-run backup-estate adopt, or remove its entries`));
}
