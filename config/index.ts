/**
 * The config pipeline: file -> raw object -> zod schema -> normalized config -> semantic rules
 * -> estate model. Every stage reports all its problems; a later stage runs only when the
 * earlier ones found no error.
 */
import { configSchema } from './schema';
import { problemsFromZod } from './issues';
import { normalizeConfig, NormalizedConfig } from './normalize';
import { checkConfig } from './rules';
import { readConfigFile } from './loader';
import { resolveEstate, EstateModel } from './resolve';
import type { Problem } from '../modules/validation';

export interface ConfigCheck {
  readonly errors: Problem[];
  readonly warnings: Problem[];
  readonly config?: NormalizedConfig;
  readonly model?: EstateModel;
}

const split = (problems: readonly Problem[]) => ({
  errors: problems.filter((p) => p.severity === 'error'),
  warnings: problems.filter((p) => p.severity === 'warning'),
});

/** Validates an already parsed config object and, when valid, resolves it to the estate model. */
export function checkRawConfig(raw: unknown): ConfigCheck {
  const parsed = configSchema.safeParse(raw, { reportInput: true });
  if (!parsed.success) return split(problemsFromZod(parsed.error.issues, configSchema));
  const config = normalizeConfig(parsed.data);
  const { errors, warnings } = split(checkConfig(config));
  if (errors.length > 0) return { errors, warnings, config };
  return { errors, warnings, config, model: resolveEstate(config) };
}

export function checkConfigFile(path: string): ConfigCheck {
  const file = readConfigFile(path);
  if (file.problems.length > 0) return split(file.problems);
  return checkRawConfig(file.raw);
}
