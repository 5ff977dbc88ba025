/**
 * The rule pack as a cdktf Aspect.
 *
 * How cdktf 0.21 runs it (lib/synthesize/synthesizer.js, verified by __tests__/compliance/aspect.test.ts):
 * - `app.synth()` calls `prepareStack()` on every stack, then, per stack, `invokeAspects(stack)`
 *   before validations and before the stack is written. `Testing.synth(stack)` invokes them too.
 * - `invokeAspects` starts AT THE STACK with no inherited aspects: an aspect added to the App
 *   (`Aspects.of(app)`) is never invoked. Add the aspect to every stack: `addToStacks(app, aspect)`
 *   (after the stacks exist) or `Aspects.of(stack).add(aspect)`.
 * - `stack.toTerraform()` returns the stack's JSON with every token resolved (references become
 *   "${aws_x.y.attr}" strings, exactly as in cdk.tf.json) and undefined values dropped: the rules
 *   read that very object (they never modify it), with no copy.
 * - After the aspects, cdktf calls `stack.toTerraform()` once to write the stack (app.synth() and
 *   Testing.synth alike). Visiting a stack therefore only hooks that next call: the rule pack
 *   evaluates exactly the JSON that is written, changes other aspects make included, and no token
 *   is resolved twice (resolution is most of the synth time of a large estate).
 * - Our own synthesis (cli/synth-stacks.ts) attaches the hook to each stack directly
 *   (`attachToStacks`): an aspect is offered every construct of its stack, which at 1,000 stacks is
 *   28,000 visits for nothing. Our stacks skip the preparing resolve pass (stacks/common.ts), so
 *   the write is the first toTerraform() after attaching, as after visiting.
 */
import { Aspects, IAspect, TerraformStack } from 'cdktf';
import type { IConstruct } from 'constructs';
import type { ComplianceRule, ComplianceThresholds, Finding, StackFacts, Suppression } from './types';
import { BACKUP_RULE_PACK, evaluateStack, sortFindings, unsuppressedErrors, unusedSuppressions } from './pack';

/** A stack's synthesized JSON (what cdktf writes to cdk.tf.json), without writing anything. */
export function synthesizedStackJson(stack: TerraformStack): unknown {
  return JSON.parse(JSON.stringify(stack.toTerraform()));
}

/** Findings of every evaluated stack. Evaluating a stack again replaces its findings. */
export class FindingsCollector {
  private readonly byStack = new Map<string, readonly Finding[]>();

  record(stack: string, findings: readonly Finding[]): void {
    this.byStack.set(stack, [...findings]);
  }

  /** Records findings evaluated elsewhere (another thread), grouped by their stack. */
  recordAll(findings: readonly Finding[]): void {
    const byStack = new Map<string, Finding[]>();
    for (const finding of findings) byStack.set(finding.stack, [...(byStack.get(finding.stack) ?? []), finding]);
    for (const [stack, stackFindings] of byStack) this.record(stack, stackFindings);
  }

  /** Names of the evaluated stacks, sorted. */
  stacks(): string[] {
    return [...this.byStack.keys()].sort();
  }

  /** Every finding (suppressed ones included), sorted by stack, address, rule id. */
  findings(): Finding[] {
    return sortFindings([...this.byStack.values()].flat());
  }

  /** Unsuppressed findings of severity error. */
  errors(): Finding[] {
    return unsuppressedErrors(this.findings());
  }

  /** Suppressions that matched no finding of any evaluated stack. */
  unusedSuppressions(suppressions: readonly Suppression[]): Suppression[] {
    return unusedSuppressions(this.findings(), suppressions);
  }
}

/** Evaluates the rule pack on every TerraformStack it visits and records the findings in the collector. */
export class CompliancePackAspect implements IAspect {
  constructor(
    private readonly factsByStackName: (name: string) => StackFacts,
    private readonly thresholds: ComplianceThresholds,
    private readonly suppressions: readonly Suppression[],
    private readonly collector: FindingsCollector,
    private readonly pack: readonly ComplianceRule[] = BACKUP_RULE_PACK,
  ) {}

  visit(node: IConstruct): void {
    if (TerraformStack.isStack(node)) this.attach(node);
  }

  /**
   * Evaluates `stack` on its next toTerraform(), as visiting it does. A synthesis that owns its
   * stacks calls this directly rather than adding the aspect: cdktf then has no aspect to offer
   * every construct of every stack (28,000 of them at 1,000 stacks), and walks none.
   */
  attach(stack: TerraformStack): void {
    const resolve = stack.toTerraform;
    // A one-shot hook on this stack instance: the next toTerraform() (cdktf's write) is evaluated.
    stack.toTerraform = () => {
      stack.toTerraform = resolve;
      const json = resolve.call(stack) as unknown;
      this.evaluate(stack.node.id, json);
      return json as ReturnType<TerraformStack['toTerraform']>;
    };
  }

  private evaluate(name: string, json: unknown): void {
    this.collector.record(name, evaluateStack(json, this.factsByStackName(name), this.thresholds, this.suppressions, this.pack));
  }
}

/** Attaches the rule pack to every stack directly under `app` (see CompliancePackAspect.attach). */
export function attachToStacks(app: IConstruct, aspect: CompliancePackAspect): void {
  for (const child of app.node.children) if (TerraformStack.isStack(child)) aspect.attach(child);
}

/** Adds the aspect to every TerraformStack under `scope` (aspects on the App itself are not invoked by cdktf 0.21). */
export function addToStacks(scope: IConstruct, aspect: IAspect): void {
  for (const construct of scope.node.findAll()) {
    if (TerraformStack.isStack(construct)) Aspects.of(construct).add(aspect);
  }
}
