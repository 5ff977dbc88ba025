/** The estate model of a config file for the commands that read the model (coverage, runbook). */
import { existsSync } from 'node:fs';
import { checkConfigFile } from '../config';
import type { EstateModel } from '../config/estate-model';
import { DEFAULT_CONFIG_PATH } from '../config/loader';
import { fsPath, type CliIo } from './io';
import { reportProblems } from './report-problems';

/** The config named by --config, else BACKUP_CONFIG, else the bundled example. */
export function configPathOf(given: string | undefined, io: CliIo): string {
  return given ?? io.env.BACKUP_CONFIG ?? DEFAULT_CONFIG_PATH;
}

/** Validates the config and returns its model; prints every problem and returns undefined when it is missing or invalid. */
export function modelOf(configPath: string, io: CliIo): EstateModel | undefined {
  const path = fsPath(io, configPath);
  if (!existsSync(path)) {
    io.stderr(`${configPath}: not found\n`);
    return undefined;
  }
  const check = checkConfigFile(path);
  if (!reportProblems(configPath, check, io) || !check.model) return undefined;
  return check.model;
}

/** Writes `text` to `path` (folders created), relative to the command's working directory. */
export { writeOutput } from './output-file';
