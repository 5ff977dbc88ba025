/** The bundled examples, resolved once per test run (support/run-cache.ts) and synthesized per test. */
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { TerraformStack, Testing } from 'cdktf';
import { checkConfigFile } from '../../config';
import type { EstateModel, StackModel } from '../../config/estate-model';
import { addStack, buildApp } from '../../stacks/app';
import { folderHash, sharedValue } from './run-cache';

export const EXAMPLES_DIR = join(__dirname, '..', '..', 'examples');
export const exampleFiles = (): string[] => readdirSync(EXAMPLES_DIR).filter((f) => /\.(ya?ml|json)$/.test(f)).sort();

/** An example's estate model, resolved now (tests of determinism want two resolutions). */
export function resolveExample(file: string): EstateModel {
  const check = checkConfigFile(join(EXAMPLES_DIR, file));
  if (!check.model) throw new Error(`${file} is invalid: ${JSON.stringify(check.errors)}`);
  return check.model;
}

let examplesHash: string | undefined;
/** What the examples hold (configs, policy files, pipelines): part of every cache key of an example's results. */
export const examplesVersion = (): string => (examplesHash ??= folderHash(EXAMPLES_DIR));

/** An example's estate model, resolved once per test run and shared by the files that ask (a copy each time). */
export function exampleModel(file: string): EstateModel {
  return sharedValue('example-model', `${file}\u0000${examplesVersion()}`, () => resolveExample(file));
}

/** A stack's synthesized JSON string, for the cdktf matchers. */
export function synthStack(model: StackModel): string {
  const app = Testing.app();
  addStack(app, model);
  return Testing.synth(app.node.findChild(model.name) as TerraformStack);
}

/** Synthesizes a whole estate into a fresh temp dir and returns that dir. */
export function synthEstate(model: EstateModel): string {
  const outdir = mkdtempSync(join(tmpdir(), 'estate-'));
  buildApp(model, outdir).synth();
  return outdir;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TfJson = Record<string, any>;

/** All resources of one type in a parsed stack: name -> attributes. */
export function resourcesOf(stack: TfJson, type: string): Record<string, TfJson> {
  return stack.resource?.[type] ?? {};
}
