/** Writing an adoption: the config, and its files (imports, report, policy files) beside it. */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { AdoptionResult } from './adopt';

/** The paths an adoption writes for a config at `configPath`: the config first. */
export function adoptionPaths(result: Pick<AdoptionResult, 'files'>, configPath: string): string[] {
  return [configPath, ...Object.keys(result.files).sort().map((file) => join(dirname(configPath), file))];
}

/** The paths that exist already (an adoption overwrites nothing unless told to). */
export const existingPaths = (result: Pick<AdoptionResult, 'files'>, configPath: string): string[] => adoptionPaths(result, configPath).filter((path) => existsSync(path));

/** The files an adoption writes: the config at `configPath` and the adoption's files beside it, each with its text. */
export function adoptionFiles(result: Pick<AdoptionResult, 'files' | 'configText'>, configPath: string): { path: string; text: string }[] {
  const texts = [result.configText, ...Object.keys(result.files).sort().map((file) => result.files[file] as string)];
  return adoptionPaths(result, configPath).map((path, index) => ({ path, text: texts[index] as string }));
}

/** Writes the config at `configPath` and the adoption's files beside it. */
export function writeAdoption(result: Pick<AdoptionResult, 'files' | 'configText'>, configPath: string): void {
  for (const { path, text } of adoptionFiles(result, configPath)) {
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}
