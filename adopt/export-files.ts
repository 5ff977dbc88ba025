/**
 * Reading the folder scripts/export-estate.sh writes: one folder per account, in it `account.json`
 * (sts get-caller-identity), `account-aliases.json`, an `organizations/` folder in a management
 * account, and one folder per Region with the JSON of each read-only AWS CLI call under a fixed
 * name (the layout is in the script's header and the README). A call that failed left
 * `<file>.error` with the CLI's message instead: ResourceNotFoundException means there is none (a
 * vault without an access policy), anything else that the call could not be made (AccessDenied).
 * The shapes are the AWS CLI's output (its reference, cited in __tests__/fixtures/adopt/README.md);
 * this module only reads what adopt uses, and checks the types it reads. A list file must hold its
 * list (readList): the references document none that leaves it out, and read as none a file cut
 * short or edited would hide what exists.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { parseUniqueJson, RepeatedKeyError } from '../core/json-text';
import { decodeText, textOf } from '../core/text';
import { join, relative } from 'node:path';
import { isRecord } from '../core/order';

/** A file of the export: its JSON, none (not found), or why it could not be exported. */
export type Exported<T> = { readonly kind: 'ok'; readonly value: T } | { readonly kind: 'none' } | { readonly kind: 'failed'; readonly reason: string };

/** Thrown for an export that cannot be read at all (a missing folder, a file that is not JSON): the CLI prints it and exits 2. */
export class ExportError extends Error {}

export type Json = Record<string, unknown>;

export const REGION_FOLDER = /^[a-z]{2}(-[a-z]+)+-\d+$/;
const ACCOUNT_FOLDER = /^\d{12}$/;

/** The first line of a CLI error that says something ("An error occurred (AccessDeniedException) when ..."). */
function reasonOf(text: string): string {
  return text.split('\n').map((line) => line.trim()).find((line) => line !== '') ?? 'no message';
}

/** One folder of the export, read relative to the export root (paths in messages are relative to it). */
export class ExportFolder {
  constructor(
    readonly root: string,
    readonly path: string,
  ) {}

  child(name: string): ExportFolder {
    return new ExportFolder(this.root, join(this.path, name));
  }

  /** The path shown to users: relative to the export root. */
  shown(file = ''): string {
    return relative(this.root, join(this.path, file)) || '.';
  }

  has(name: string): boolean {
    return existsSync(join(this.path, name));
  }

  folders(): string[] {
    if (!existsSync(this.path)) return [];
    return readdirSync(this.path)
      .filter((name) => statSync(join(this.path, name)).isDirectory())
      .sort();
  }

  /**
   * A file of the export; `none` when neither it nor its `.error` exists. With `expect`, a file
   * whose field is absent or of another shape reads as `failed`: what AWS returned is unknown, not none.
   */
  read(name: string, expect?: Expect): Exported<Json> {
    const file = this.readFile(name);
    if (file.kind !== 'ok' || expect === undefined) return file;
    const problem = shapeProblem(file.value, expect);
    return problem === undefined ? file : { kind: 'failed', reason: `${this.shown(name)} ${problem}` };
  }

  /**
   * A file the export writes for every vault it lists (the call's JSON, or its `.error`): neither
   * there means the export stopped or was edited, so what AWS has is unknown (failed), not none.
   */
  readPerVault(name: string, expect?: Expect): Exported<Json> {
    const file = this.read(name, expect);
    return file.kind === 'none' && !this.has(`${name}.error`) ? { kind: 'failed', reason: `${this.shown(name)} is missing` } : file;
  }

  private readFile(name: string): Exported<Json> {
    const file = join(this.path, name);
    if (existsSync(file)) {
      // A tag value or name that is not UTF-8 (a Windows console's code page) would reach the config as U+FFFD, a tag no resource carries.
      const read = textOf(readFileSync(file));
      if ('reason' in read) throw new ExportError(`${this.shown(name)} ${read.reason.replace(/: save it as UTF-8$/, '')}: export it again as UTF-8`);
      let value: unknown;
      try {
        value = parseUniqueJson(read.text);
      } catch (cause) {
        if (cause instanceof RepeatedKeyError) throw new ExportError(`${this.shown(name)} ${cause.message}: export it again`);
        throw new ExportError(`${this.shown(name)} is not valid JSON (${(cause as Error).message}): export it again`);
      }
      if (!isRecord(value)) throw new ExportError(`${this.shown(name)} is not a JSON object: export it again`);
      // The CLI pages through a list itself and prints no token; one left in the file (--max-items,
      // or a single API page) means the list stops there, and what it leaves out would not be adopted.
      if (typeof value.NextToken === 'string' && value.NextToken !== '') {
        throw new ExportError(`${this.shown(name)} holds a NextToken: only its first page was exported; run scripts/export-estate.sh again (the AWS CLI pages through every list itself)`);
      }
      return { kind: 'ok', value };
    }
    if (existsSync(`${file}.error`)) {
      // The AWS CLI's own words, in whatever code page its console wrote: read leniently, since only whether they name
      // ResourceNotFoundException is read from them (a U+FFFD cannot make them say so), and the rest is shown as it is.
      const text = decodeText(readFileSync(`${file}.error`));
      return text.includes('ResourceNotFoundException') ? { kind: 'none' } : { kind: 'failed', reason: reasonOf(text) };
    }
    return { kind: 'none' };
  }

  /** A file that must be there (a list the export always writes); with `expect`, a field it must hold. */
  readRequired(name: string, expect?: Expect): Json {
    const file = this.readFile(name);
    if (file.kind !== 'ok') {
      const why = file.kind === 'failed' ? `could not be exported (${file.reason})` : 'is missing';
      throw new ExportError(`${this.shown(name)} ${why}: run scripts/export-estate.sh again with credentials that may call it`);
    }
    const problem = expect === undefined ? undefined : shapeProblem(file.value, expect);
    if (problem !== undefined) throw new ExportError(`${this.shown(name)} ${problem}, so adopt cannot tell what AWS returned: run scripts/export-estate.sh again`);
    return file.value;
  }

  /**
   * The list under `key` of a list file the export always writes (list-backup-plans' BackupPlansList...).
   * Only a list says how many there are ([] when none): a file without it (cut short, edited, `{}`)
   * is refused, since read as none the existing resources would be left out of the config unannounced.
   */
  readList(name: string, key: string): Json[] {
    const file = this.readRequired(name);
    const problem = shapeProblem(file, { key, shape: 'list' });
    if (problem !== undefined) throw new ExportError(`${this.shown(name)} ${problem}, so adopt cannot tell which ${key} AWS returned: run scripts/export-estate.sh again (a file that says there are none holds "${key}": [])`);
    return file[key] as Json[];
  }
}

/** A field a file of the export must hold: a list of objects, a list of strings, an object, or a string. */
export interface Expect {
  /** Its key, or the keys down to it joined by dots (Policy.Content). */
  readonly key: string;
  readonly shape: 'list' | 'strings' | 'object' | 'string';
}

/** list-tags (a vault's, a plan's): without Tags, its tags are unknown, not none (the first apply would remove them). */
export const TAGS: Expect = { key: 'Tags', shape: 'object' };

const kindOf = (value: unknown): string => (value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`);

/** Why `value` does not hold `expect`, or undefined when it does. */
function shapeProblem(value: Json, { key, shape }: Expect): string | undefined {
  const field = key.split('.').reduce<unknown>((parent, part) => (isRecord(parent) ? parent[part] : undefined), value);
  if (field === undefined) return `holds no ${key}`;
  if (shape === 'list' || shape === 'strings') {
    if (!Array.isArray(field)) return `holds ${key} as ${kindOf(field)}, not a list`;
    const other = (field as unknown[]).find((item) => (shape === 'list' ? !isRecord(item) : typeof item !== 'string'));
    return other === undefined ? undefined : `holds ${kindOf(other)} in ${key}, where each item is ${shape === 'list' ? 'an object' : 'a string'}`;
  }
  const fits = shape === 'object' ? isRecord(field) : typeof field === shape;
  return fits ? undefined : `holds ${key} as ${kindOf(field)}, not ${shape === 'object' ? 'an object' : 'a string'}`;
}

/** The account folders of an export: the folder itself when it is one (it holds account.json), else its 12-digit subfolders. */
export function accountFolders(from: string): ExportFolder[] {
  if (!existsSync(from) || !statSync(from).isDirectory()) throw new ExportError(`${from} is not a folder: give the folder scripts/export-estate.sh wrote (--out)`);
  const root = new ExportFolder(from, from);
  if (root.has('account.json')) return [root];
  const accounts = root.folders().filter((name) => ACCOUNT_FOLDER.test(name));
  if (accounts.length === 0) throw new ExportError(`${from} holds no account folder (<account id>/account.json): give the folder scripts/export-estate.sh wrote (--out)`);
  return accounts.map((name) => root.child(name));
}

/** The Region folders of an account folder, sorted. */
export function regionFolders(account: ExportFolder): ExportFolder[] {
  return account
    .folders()
    .filter((name) => REGION_FOLDER.test(name))
    .map((name) => account.child(name));
}

// Typed readers of the fields adopt uses: a field of another type reads as absent.

export const str = (record: Json, key: string): string | undefined => (typeof record[key] === 'string' ? (record[key] as string) : undefined);
export const num = (record: Json, key: string): number | undefined => (typeof record[key] === 'number' ? (record[key] as number) : undefined);
export const bool = (record: Json, key: string): boolean | undefined => (typeof record[key] === 'boolean' ? (record[key] as boolean) : undefined);
export const obj = (record: Json, key: string): Json | undefined => (isRecord(record[key]) ? (record[key] as Json) : undefined);
export const list = (record: Json, key: string): Json[] => (Array.isArray(record[key]) ? (record[key] as unknown[]).filter(isRecord) : []);
export const strings = (record: Json, key: string): string[] => (Array.isArray(record[key]) ? (record[key] as unknown[]).filter((item): item is string => typeof item === 'string') : []);

/** A string map ({} for anything else). */
export function stringMap(record: Json, key: string): Record<string, string> {
  const value = obj(record, key) ?? {};
  return Object.fromEntries(Object.entries(value).filter((entry): entry is [string, string] => typeof entry[1] === 'string'));
}

/** A timestamp as the CLI prints it: ISO 8601 text (CLI v2), or epoch seconds (cli_timestamp_format none). */
export function timestamp(record: Json, key: string): string | undefined {
  const value = record[key];
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return new Date(value * 1000).toISOString();
  return undefined;
}
