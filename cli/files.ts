import { existsSync, realpathSync } from 'node:fs';

/** File-reading errors in words, for every command's messages (never a stack trace). */
export function describeReadError(cause: unknown): string {
  const code = typeof cause === 'object' && cause !== null && 'code' in cause ? String(cause.code) : '';
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'EISDIR':
      return 'is a directory';
    case 'ENOTDIR':
    case 'EEXIST':
      return 'a part of its path is a file, not a folder';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}

/** True when both paths exist and are one folder or file (through links and relative paths). */
export function isSamePath(a: string, b: string): boolean {
  return existsSync(a) && existsSync(b) && realpathSync(a) === realpathSync(b);
}
