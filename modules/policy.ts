/** IAM policy documents, serialized deterministically (fixed key order, no whitespace changes). */

export interface PolicyStatement {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Principal: '*' | { readonly AWS?: string | readonly string[]; readonly Service?: string | readonly string[] };
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;
}

export function policyDocument(statements: readonly PolicyStatement[]): string {
  return JSON.stringify({ Version: '2012-10-17', Statement: statements });
}

/**
 * Size of a document as the services count it: UTF-8 bytes of the compact text backup-estate writes
 * (KMS counts bytes; Organizations counts characters, which are the same in ASCII). An unresolved
 * Terraform reference counts as its placeholder: the config rules measure the resolved ARNs.
 */
export const documentSize = (document: string): number => Buffer.byteLength(document, 'utf8');

/**
 * A user's text as a literal in a string of the stack's JSON: Terraform reads "${" there as an
 * interpolation and "%{" as a directive (an IAM policy variable such as ${aws:PrincipalTag/team}
 * failed terraform validate: "Extra characters after interpolation expression"), and "$${" and
 * "%%{" are its escapes, so AWS receives the text as written. A cdktf token (${TfToken[...]}) is left as it is.
 */
export const terraformLiteral = (text: string): string => text.replace(/\$\{(?!TfToken\[)/g, () => '$${').replace(/%\{/g, () => '%%{');
