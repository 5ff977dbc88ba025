/** `npm run validate [-- config]`: checks a config and prints its errors and warnings; writes nothing. */
import { checkConfigFile } from '../config';
import { configPathFrom } from '../config/loader';
import { reportCrash, reportProblems } from './report-problems';

try {
  const configPath = configPathFrom(process.argv.slice(2), process.env);
  const check = checkConfigFile(configPath);
  if (reportProblems(configPath, check)) {
    const stacks = check.model?.stacks.map((stack) => stack.name).join(', ') ?? '';
    process.stdout.write(`${configPath}: valid (${check.warnings.length} warning(s)); stacks: ${stacks}\n`);
    process.exitCode = 0;
  } else {
    process.exitCode = 1;
  }
} catch (cause) {
  reportCrash(cause);
  process.exitCode = 2;
}
