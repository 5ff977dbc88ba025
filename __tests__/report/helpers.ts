/** Synthesizes configs (the examples, or edited copies) into temp synth dirs with synthesize(), as the report does. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseDocument } from 'yaml';
import { synthesize } from '../../cli/synthesize';
import { formatProblem } from '../../config/issues';
import { readPosture } from '../../report/posture';
import type { Posture } from '../../report/posture-model';
import { EXAMPLES_DIR, examplesVersion } from '../support/examples';
import { sharedFolder } from '../support/run-cache';

export const FIXTURES_DIR = join(__dirname, '..', 'fixtures', 'report');

type YamlDocument = ReturnType<typeof parseDocument>;

const SUPPRESSIONS = ['compliance', 'suppressions'];

/**
 * Adds a suppression (with a reason) for each of `findings` to the config file, as a user accepting
 * a finding would: edited configs weaken the posture on purpose, which the compliance pack may
 * refuse (synthesize() writes nothing while an unsuppressed error finding remains).
 */
function acceptFindings(configPath: string, findings: readonly { ruleId: string; stack: string; address: string }[]): void {
  const document = parseDocument(readFileSync(configPath, 'utf8'));
  const suppressions = findings.map((finding) => ({ rule: finding.ruleId, stack: finding.stack, resource: finding.address, reason: 'test: the posture diff reports this change' }));
  if (document.hasIn(SUPPRESSIONS)) for (const suppression of suppressions) document.addIn(SUPPRESSIONS, document.createNode(suppression));
  else document.setIn(SUPPRESSIONS, document.createNode(suppressions));
  writeFileSync(configPath, document.toString());
}

export interface SynthDirOptions {
  /** Keep the compliance.json synthesize() writes. @default false: removed, so that postures do not depend on the rule pack's current findings (tests that want findings copy a fixture in). */
  readonly keepCompliance?: boolean;
  /** Suppress the compliance pack's error findings of an edited config (see acceptFindings). @default false */
  readonly acceptComplianceErrors?: boolean;
}

/** Synthesizes a config file into a fresh temp synth dir; throws with every error when invalid. */
export function synthDir(configPath: string, options: SynthDirOptions = {}): string {
  const outdir = join(mkdtempSync(join(tmpdir(), 'report-test-')), 'cdktf.out');
  synthInto(configPath, outdir, options);
  return outdir;
}

function synthInto(configPath: string, outdir: string, options: SynthDirOptions): void {
  let result = synthesize(configPath, { outdir });
  const openErrors = (result.findings ?? []).filter((finding) => finding.severity === 'error' && !finding.suppressed);
  if (!result.ok && options.acceptComplianceErrors && openErrors.length > 0) {
    acceptFindings(configPath, openErrors);
    result = synthesize(configPath, { outdir });
  }
  if (!result.ok) {
    const findings = (result.findings ?? []).filter((finding) => finding.severity === 'error' && !finding.suppressed).map((finding) => `${finding.stack} ${finding.address}: ${finding.message} [${finding.ruleId}]`);
    throw new Error(`${configPath} is invalid:\n${[...result.check.errors.map(formatProblem), ...findings, result.error ?? ''].join('\n')}`);
  }
  if (!options.keepCompliance) rmSync(join(outdir, 'compliance.json'), { force: true });
}

/** An example synthesized once per test run (support/run-cache.ts); each call gets its own copy of the synth dir. */
export function exampleSynthDir(file: string, options: Pick<SynthDirOptions, 'keepCompliance'> = {}): string {
  const key = `${file}\u0000${options.keepCompliance === true}\u0000${examplesVersion()}`;
  return sharedFolder('example-synth', key, (outdir) => synthInto(join(EXAMPLES_DIR, file), outdir, options));
}

/** The posture of an example, read with a stable source label. */
export function examplePosture(file: string): Posture {
  return readPosture(exampleSynthDir(file), { source: `examples/${file}` });
}

/** A copy of an example YAML with `edit` applied to its document (comments kept), written to a temp folder. */
export function editedExample(file: string, edit: (document: YamlDocument) => void): string {
  const document = parseDocument(readFileSync(join(EXAMPLES_DIR, file), 'utf8'));
  edit(document);
  const path = join(mkdtempSync(join(tmpdir(), 'report-config-')), file);
  writeFileSync(path, document.toString());
  return path;
}

/** The posture of an edited copy of an example (compliance errors the edit causes are suppressed). */
export function editedPosture(file: string, edit: (document: YamlDocument) => void): Posture {
  const path = editedExample(file, edit);
  return readPosture(synthDir(path, { acceptComplianceErrors: true }), { source: path });
}
