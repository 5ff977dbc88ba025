/**
 * Types of the cost estimate (./cost.ts computes it; the posture carries it). Types only, so the
 * posture model can hold an estimate without importing the estimator.
 */

/** Protected data of one resource type. */
export interface ResourceSize {
  readonly protectedGb: number;
  readonly dailyChangePercent: number;
}

/** sizes.json: stack -> plan name -> selection name -> resource type -> size. */
export interface SizesFile {
  readonly version: 1;
  readonly stacks: Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, Readonly<Record<string, ResourceSize>>>>>>>>;
}

export interface CostLine {
  readonly stack: string;
  readonly plan: string;
  readonly selection: string;
  readonly type: string;
  readonly rule: string;
  /** `vault` or `copy to <region>`. */
  readonly where: string;
  readonly region: string;
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
  readonly assumptions: readonly string[];
  readonly lines: readonly CostLine[];
}
