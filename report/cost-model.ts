/**
 * Types of the cost estimate (./cost.ts computes it; the posture carries it). Types only, so the
 * posture model can hold an estimate without importing the estimator.
 */

/** Protected data of one resource type. */
export interface ResourceSize {
  readonly protectedGb: number;
  readonly dailyChangePercent: number;
}

/** Stack -> plan name -> selection name -> resource type -> size. */
export type StackSizes = Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, ResourceSize>>>>>>>>;

/** sizes.json: the sizes of the plans each stack creates, and of those Organizations backup policies run there. */
export interface SizesFile {
  readonly version: 1;
  readonly stacks: StackSizes;
  /** Plans of backup policies, by the workload stack (account and Region) they run in; absent in sizes files written before they were priced. */
  readonly policyPlans?: StackSizes;
}

export interface CostLine {
  readonly stack: string;
  readonly plan: string;
  /** The plan runs here through an Organizations backup policy. */
  readonly viaPolicy?: true;
  readonly selection: string;
  readonly type: string;
  readonly rule: string;
  /** `vault` or `copy to <region>`. */
  readonly where: string;
  readonly region: string;
  /** Stored in a logically air-gapped vault (priced from the table's airGappedStorage). */
  readonly airGapped?: true;
  readonly warmGb: number;
  readonly coldGb: number;
  readonly transferGbPerMonth: number;
  /** null: not priced (see `unpriced`). */
  readonly monthlyUsd: number | null;
  readonly unpriced?: string;
}

export interface PlanCost {
  readonly stack: string;
  readonly plan: string;
  readonly viaPolicy?: true;
  readonly warmGb: number;
  readonly coldGb: number;
  readonly transferGbPerMonth: number;
  /** Of the priced lines. */
  readonly monthlyUsd: number;
  readonly pricedLines: number;
  readonly unpricedLines: number;
}

export interface CostEstimate {
  readonly priceTable: { readonly source: string; readonly date: string };
  readonly plans: readonly PlanCost[];
  readonly total: { readonly warmGb: number; readonly coldGb: number; readonly transferGbPerMonth: number; readonly monthlyUsd: number; readonly pricedLines: number; readonly unpricedLines: number };
  /** Why lines are not priced, each once. */
  readonly unpriced: readonly string[];
  /** Sized data AWS Backup stores nothing of (a type the Region settings opt out, a copy it does not make of a type), each once; absent in estimates written before it. */
  readonly notStored?: readonly string[];
  readonly assumptions: readonly string[];
  /** Charges the estimate leaves out. */
  readonly excluded: readonly string[];
  readonly lines: readonly CostLine[];
}
