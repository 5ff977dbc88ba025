/**
 * What the parts of adopt share while they turn an export into a config: the report items, and
 * the existing resources to import, each named by what our stacks will create for it (the stack,
 * the config path its construct comes from, its Terraform type) rather than by an address: the
 * addresses are read from a synthesis of the adopted config (./imports.ts), never guessed.
 */
import type { ReportItem, ReportKind } from './report';
import { andList } from '../core/order';

export interface ImportTarget {
  /** Stack name: <account name>-<region>, management-<region>. */
  readonly stack: string;
  /** The config path of the construct that creates the resource (compliance/config-paths.ts). */
  readonly configPath: string;
  /** Terraform resource type. */
  readonly type: string;
  /** When one config entry creates several resources of a type: the value of the attribute that tells them apart. */
  readonly match?: { readonly attribute: string; readonly value: string };
  /** The provider's import id. */
  readonly id: string;
  /** The existing resource, for the report ("vault prod-main in eu-west-1"). */
  readonly what: string;
}

/** The account a single-account adoption describes. */
export interface AccountScope {
  readonly id: string;
  /** The config's account.name: stack names are <name>-<region>. */
  readonly name: string;
  readonly partition: string;
  /** account.region: the Region whose stack is primary. */
  readonly primary: string;
}

export const stackName = (scope: AccountScope, region: string): string => `${scope.name}-${region}`;

/** Collects report items and import targets. */
export class Adoption {
  readonly items: ReportItem[] = [];
  readonly targets: ImportTarget[] = [];

  report(kind: ReportKind, path: string, message: string): void {
    this.items.push({ kind, path, message });
  }

  importing(target: ImportTarget): void {
    this.targets.push(target);
  }
}

/** "a, b and c" (core/order.ts andList, under the name adopt's messages use). */
export const listed = andList;
