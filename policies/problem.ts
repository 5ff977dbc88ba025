/** A problem found in a backup policy: where (a JSON path), what, and how serious. */
import { type Severity } from '../core/problems';

export interface PolicyProblem {
  /** JSON path of the offending node, `$` for the document. */
  readonly path: string;
  readonly message: string;
  readonly severity: Severity;
}
