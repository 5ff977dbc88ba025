/** File-reading (and writing) errors in words, for every message that names a file (never a bare errno code or a stack trace). */
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
    case 'ELOOP':
      return 'a symbolic link that leads back to itself';
    default:
      return cause instanceof Error ? cause.message : String(cause);
  }
}
