/**
 * Files the config reads beside itself (hand-written backup policy files, the adoption imports
 * file) given by an absolute path. A pipeline synthesizes the base commit and the new one on the
 * same runner, and both read that one file: a change to it makes no stack differ, so `affected`
 * selects nothing, no plan shows it and no apply makes it, while AWS keeps the old content (and a
 * runner without the file fails). A path relative to the config file lives in the repository, where
 * the base commit has its own copy.
 */
import { isAbsolute } from 'node:path';
import { warning, type Problem } from '../core/problems';
import type { NormalizedConfig } from './normalize';

export function checkInputPaths(config: NormalizedConfig): Problem[] {
  const paths: [string, string | undefined][] = [
    ...Object.entries(config.organization?.policies ?? {}).map(([key, policy]): [string, string | undefined] => [`organization.policies.${key}.file`, policy.file]),
    ['adoption.imports', config.adoption?.imports],
  ];
  return paths.flatMap(([path, file]) =>
    file !== undefined && isAbsolute(file)
      ? [warning(path, `"${file}" is an absolute path: a pipeline synthesizes the base commit and this one from that same file, so a change to it makes no stack differ and is never planned nor applied; give it relative to the config file, in the repository`)]
      : [],
  );
}
