/** The estate model of a config file for the commands that read the model (coverage, runbook). */
import { existsSync } from 'node:fs';
import { checkConfigFile } from '../config';
import type { EstateModel } from '../config/estate-model';
import { fsPath, type CliIo } from './io';
import { reportProblems } from './report-problems';


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

