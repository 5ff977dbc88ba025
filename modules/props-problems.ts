/**
 * How a construct reports what its props check found: errors throw at once (a ValidationError
 * listing every one), warnings become cdktf warning annotations on the construct, which `cdktf
 * synth` prints and writes into the manifest. The backup-estate CLI reports the same warnings with
 * their config fields before it builds a stack, so its app sets WARNINGS_REPORTED_CONTEXT and the
 * constructs stay quiet there.
 */
import { Annotations } from 'cdktf';
import type { Construct } from 'constructs';
import { throwOnErrors, type Problem } from '../core/problems';

/** Context key: true when every construct warning was already reported by whoever builds the app. */
export const WARNINGS_REPORTED_CONTEXT = 'backup-estate:warningsReported';

/**
 * Throws when `problems` holds an error; otherwise adds each warning to `scope` as a cdktf warning
 * annotation ("<props field>: <message>"; cdktf adds the construct path), unless WARNINGS_REPORTED_CONTEXT is set.
 */
export function reportPropsProblems(scope: Construct, construct: string, problems: readonly Problem[]): void {
  throwOnErrors(construct, problems);
  if (scope.node.tryGetContext(WARNINGS_REPORTED_CONTEXT) === true) return;
  const annotations = Annotations.of(scope);
  for (const problem of problems) {
    if (problem.severity === 'warning') annotations.addWarning(`${problem.path || '(props)'}: ${problem.message}`);
  }
}
