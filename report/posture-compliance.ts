/**
 * compliance.json of a synth dir, as the compliance pack writes it (findings, suppressions
 * with how many findings each matched, and the config's own warnings), read leniently: a missing file is "not run", unreadable
 * content is reported as a problem, odd entries are read with empty stand-ins.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Finding } from '../compliance/types';
import { readJsonFile } from '../core/file-errors';
import { isRecord } from '../core/order';
import { asList, asNumber, asString } from './json-values';
import type { ComplianceSummary, ConfigWarning, MatchedSuppression } from './posture-model';

export interface ComplianceFile {
  readonly status: ComplianceSummary['status'];
  readonly problem?: string;
  readonly findings: Finding[];
  readonly suppressions: MatchedSuppression[];
  readonly configWarnings: ConfigWarning[];
}

function readFinding(value: unknown): Finding | undefined {
  if (!isRecord(value)) return undefined;
  const suppressed = isRecord(value.suppressed) ? { reason: asString(value.suppressed.reason) ?? '' } : undefined;
  return {
    ruleId: asString(value.ruleId) ?? '',
    severity: value.severity === 'error' ? 'error' : 'warning',
    stack: asString(value.stack) ?? '',
    address: asString(value.address) ?? '',
    message: asString(value.message) ?? '',
    description: asString(value.description) ?? '',
    remediation: asString(value.remediation) ?? '',
    source: asString(value.source) ?? '',
    ...(suppressed ? { suppressed } : {}),
  };
}

function readSuppression(value: unknown): MatchedSuppression | undefined {
  if (!isRecord(value)) return undefined;
  const stack = asString(value.stack);
  const resource = asString(value.resource);
  return {
    rule: asString(value.rule) ?? '',
    ...(stack === undefined ? {} : { stack }),
    ...(resource === undefined ? {} : { resource }),
    reason: asString(value.reason) ?? '',
    matched: asNumber(value.matched) ?? 0,
  };
}

function readConfigWarning(value: unknown): ConfigWarning | undefined {
  return isRecord(value) ? { path: asString(value.path) ?? '', message: asString(value.message) ?? '' } : undefined;
}

/** compliance.json of a synth dir: absent is "not run"; unreadable content is reported, not thrown. */
export function readCompliance(synthDir: string): ComplianceFile {
  const path = join(synthDir, 'compliance.json');
  if (!existsSync(path)) return { status: 'not run', findings: [], suppressions: [], configWarnings: [] };
  let parsed: unknown;
  try {
    // The shared reader of the synth dir's files: a folder in its place or no permission says so, not "not valid JSON".
    parsed = readJsonFile(path);
  } catch (cause) {
    return { status: 'unreadable', problem: (cause as Error).message, findings: [], suppressions: [], configWarnings: [] };
  }
  if (!isRecord(parsed) || !Array.isArray(parsed.findings)) {
    return { status: 'unreadable', problem: 'compliance.json has no findings array', findings: [], suppressions: [], configWarnings: [] };
  }
  return {
    status: 'run',
    findings: parsed.findings.flatMap((finding) => readFinding(finding) ?? []),
    suppressions: asList(parsed.suppressions).flatMap((suppression) => readSuppression(suppression) ?? []),
    // Absent from a synth dir written before synth recorded them: none known, as for a config without warnings.
    configWarnings: asList(parsed.configWarnings).flatMap((warning) => readConfigWarning(warning) ?? []),
  };
}
