/** Reads a YAML or JSON config file into a plain object, reporting syntax errors with line numbers. */
import { readFileSync } from 'node:fs';
import { LineCounter, parseDocument } from 'yaml';
import { error, Problem } from '../core/problems';

/** The bundled example used when neither an argument nor BACKUP_CONFIG names a file. */
export const DEFAULT_CONFIG_PATH = 'examples/single-account.yaml';

/** Config path from the first CLI argument, else BACKUP_CONFIG, else the bundled example (validate). */
export function configPathFrom(argv: readonly string[], env: NodeJS.ProcessEnv): string {
  return argv[0] ?? env.BACKUP_CONFIG ?? DEFAULT_CONFIG_PATH;
}

export interface LoadedFile {
  readonly raw?: unknown;
  readonly problems: Problem[];
}

/** Parses YAML (JSON is YAML too). Duplicate keys are errors: YAML would otherwise keep the last silently. */
export function parseConfigText(text: string): LoadedFile {
  const lines = new LineCounter();
  const document = parseDocument(text, { uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  if (document.errors.length > 0) {
    return {
      problems: document.errors.map((e) => {
        const at = lines.linePos(e.pos[0]);
        const where = `line ${at.line}, column ${at.col}: `;
        return error('', `${where}${e.message.split('\n')[0]}`);
      }),
    };
  }
  let raw: unknown;
  try {
    // Anchors and aliases are welcome (shared rules, Region lists); only a runaway expansion is refused.
    raw = document.toJS({ maxAliasCount: 10_000 });
  } catch (cause) {
    return { problems: [error('', `the YAML cannot be expanded: ${cause instanceof Error ? cause.message : String(cause)}`)] };
  }
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
    return { problems: [error('', 'the file must hold a map of settings (version, account, vaults, plans, ...)')] };
  }
  return { raw, problems: [] };
}

export function readConfigFile(path: string): LoadedFile {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code;
    return { problems: [error('', `cannot read config file "${path}"${code === 'ENOENT' ? ': no such file' : `: ${code ?? String(cause)}`}`)] };
  }
  return parseConfigText(text);
}
