/**
 * AWS Backup price tables for the cost estimate: a dated table per Region (warm and cold storage
 * per resource type, cross-Region transfer), with its source named. The bundled table holds only
 * figures we could find in published material (US East (N. Virginia)); give your own with
 * `npm run report -- --prices FILE` (the same JSON shape) for other Regions or current prices.
 */
import { isRecord } from '../core/order';
import { parseUniqueJson, RepeatedKeyError } from '../core/json-text';

export interface StoragePrice {
  /** USD per GB-month of warm storage. */
  readonly warmPerGbMonth: number;
  /** USD per GB-month of cold storage; absent: the type has no cold tier here. */
  readonly coldPerGbMonth?: number;
}

export interface RegionPrices {
  /** USD per GB copied from this Region to another. */
  readonly crossRegionTransferPerGb?: number;
  /** By resource type (Region settings names: EBS, EFS, DynamoDB, ...). */
  readonly storage: Readonly<Record<string, StoragePrice>>;
  /**
   * Storage in a logically air-gapped vault, by resource type: AWS prices it apart ("You can view
   * the storage pricing for backups of supported services in a logically air-gapped vault on the
   * AWS Backup pricing page", AWS Backup developer guide); absent: such lines are not priced.
   */
  readonly airGappedStorage?: Readonly<Record<string, StoragePrice>>;
}

export interface PriceTable {
  /** Where the figures come from. */
  readonly source: string;
  /** When they were read (YYYY-MM-DD). */
  readonly date: string;
  readonly currency: 'USD';
  readonly regions: Readonly<Record<string, RegionPrices>>;
}

/**
 * The bundled table. The AWS Backup pricing page (https://aws.amazon.com/backup/pricing/) renders
 * its figures in the browser, so they are taken from two write-ups that quote it for US East
 * (N. Virginia): cloudburn.io "AWS Backup Pricing: Full Breakdown" (2026-02-07: warm $0.05,
 * cold $0.01 per GB-month) and factualminds.com "AWS Backup Pricing: Warm Storage, Cold Tier
 * 90-Day Minimum, and the Cross-Region Double Bill" (2026-06-13: EFS warm $0.05, DynamoDB warm
 * $0.10 per GB-month, cross-Region transfer $0.02 per GB), and EBS cold storage (the EBS Snapshots
 * Archive tier) from AWS's own Amazon EBS user guide, "Pricing and billing for archiving Amazon EBS
 * snapshots" ("Archived snapshots are billed at a rate of $0.0125 per GB-month", beside the standard
 * $0.05; the page names no Region). Types and Regions without a cited figure are left out, and so
 * are logically air-gapped vaults (AWS prices their storage apart): the report says they are not
 * priced rather than guess.
 */
export const BUNDLED_PRICES: PriceTable = {
  source:
    'AWS Backup pricing (https://aws.amazon.com/backup/pricing/) for US East (N. Virginia) as quoted by cloudburn.io (2026-02-07) and factualminds.com (2026-06-13), EBS archive tier from the Amazon EBS user guide; check the live page before relying on it',
  date: '2026-06-13',
  currency: 'USD',
  regions: {
    'us-east-1': {
      crossRegionTransferPerGb: 0.02,
      storage: {
        EBS: { warmPerGbMonth: 0.05, coldPerGbMonth: 0.0125 },
        EFS: { warmPerGbMonth: 0.05, coldPerGbMonth: 0.01 },
        DynamoDB: { warmPerGbMonth: 0.1 },
      },
    },
  },
};

/** A price table file that cannot be used. */
export class PriceTableError extends Error {}

const isPrice = (value: unknown): value is number => typeof value === 'number' && Number.isFinite(value) && value >= 0;

/** Parses and checks a price table file (the shape of BUNDLED_PRICES); throws PriceTableError naming the field. */
export function parsePriceTable(text: string, source: string): PriceTable {
  let parsed: unknown;
  try {
    // A key given twice (a second `regions`) would drop the prices the first gives, and the report price with others unannounced.
    parsed = parseUniqueJson(text);
  } catch (cause) {
    if (cause instanceof RepeatedKeyError) throw new PriceTableError(`${source}: ${cause.message}`);
    throw new PriceTableError(`${source}: not JSON (${cause instanceof Error ? cause.message : String(cause)})`);
  }
  if (!isRecord(parsed)) throw new PriceTableError(`${source}: not a price table object`);
  if (typeof parsed.source !== 'string' || parsed.source.trim() === '') throw new PriceTableError(`${source}: source: must name where the prices come from`);
  if (typeof parsed.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(parsed.date)) throw new PriceTableError(`${source}: date: must be the date the prices were read, YYYY-MM-DD`);
  if (parsed.currency !== 'USD') throw new PriceTableError(`${source}: currency: must be USD`);
  if (!isRecord(parsed.regions)) throw new PriceTableError(`${source}: regions: must map Regions to their prices`);
  for (const [region, prices] of Object.entries(parsed.regions)) {
    const at = `${source}: regions.${region}`;
    if (!isRecord(prices) || !isRecord(prices.storage)) throw new PriceTableError(`${at}.storage: must map resource types to their prices`);
    if (prices.crossRegionTransferPerGb !== undefined && !isPrice(prices.crossRegionTransferPerGb)) throw new PriceTableError(`${at}.crossRegionTransferPerGb: must be a price of 0 or more`);
    if (prices.airGappedStorage !== undefined && !isRecord(prices.airGappedStorage)) throw new PriceTableError(`${at}.airGappedStorage: must map resource types to their prices`);
    for (const field of ['storage', 'airGappedStorage'] as const) {
      for (const [type, price] of Object.entries((prices[field] ?? {}) as Record<string, unknown>)) {
        if (!isRecord(price) || !isPrice(price.warmPerGbMonth)) throw new PriceTableError(`${at}.${field}.${type}.warmPerGbMonth: must be a price of 0 or more`);
        if (price.coldPerGbMonth !== undefined && !isPrice(price.coldPerGbMonth)) throw new PriceTableError(`${at}.${field}.${type}.coldPerGbMonth: must be a price of 0 or more`);
      }
    }
  }
  return parsed as unknown as PriceTable;
}
