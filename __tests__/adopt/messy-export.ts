/**
 * Copies of the adopt fixtures (single account, organization) changed on purpose (shared by the adopt tests that
 * need an estate the fixture does not show: a denied call, a plan a backup policy deploys...).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { adoptExport, ExportError, itemLine, type AdoptionResult } from '../../adopt';

export const FIXTURES = join(__dirname, '..', 'fixtures', 'adopt');
export const ACCOUNT = join(FIXTURES, 'single-account', '111122223333');
export const lines = (result: AdoptionResult): string[] => result.items.map(itemLine);

const scratch: string[] = [];

/** Removes the copies made so far (call in afterAll). */
export function removeScratch(): void {
  for (const dir of scratch.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** A copy of the single-account export, changed by `edit(account folder)`. */
export function messyExport(edit: (account: string) => void): string {
  const dir = mkdtempSync(join(tmpdir(), 'adopt-messy-'));
  scratch.push(dir);
  cpSync(ACCOUNT, join(dir, '111122223333'), { recursive: true });
  edit(join(dir, '111122223333'));
  return dir;
}

/** A copy of the organization export, with `file` (relative to its management account folder) replaced by `text`. */
export function messyOrganization(file: string, text: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'adopt-org-'));
  scratch.push(dir);
  cpSync(join(FIXTURES, 'organization'), dir, { recursive: true });
  writeFileSync(join(dir, '111111111111', file), text);
  return dir;
}

export const editJson = (path: string, edit: (json: any) => void): void => {
  const json = JSON.parse(readFileSync(path, 'utf8'));
  edit(json);
  writeFileSync(path, JSON.stringify(json, null, 4));
};

/** The file the export script leaves when a call is denied: `<file>.error` with the CLI's message. */
export const denied = (path: string, operation: string): void => {
  rmSync(path, { force: true });
  rmSync(`${path}.error`, { force: true });
  writeFileSync(`${path}.error`, `\nAn error occurred (AccessDeniedException) when calling the ${operation} operation: User is not authorized\n`);
};

/** The ExportError adopt throws for `from` (the CLI prints it and exits 2), or "no error". */
export function refusal(from: string): string {
  try {
    adoptExport({ from });
  } catch (cause) {
    if (cause instanceof ExportError) return cause.message;
    throw cause;
  }
  return 'no error';
}
