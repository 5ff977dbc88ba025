/**
 * Which ARNs name a resource AWS Backup backs up: an inventory's ARN read for its type
 * (resourceTypesOfArn, coverage and the inventory reader), and a selection's ARN that selects
 * nothing (unprotectedResourceArn, the selection checks). Both on the one table of shapes
 * (core/selection.ts RESOURCE_TYPE_ARN_PATTERNS, TYPES_NOT_JUDGED).
 */
import { patternsOverlap } from './arn-patterns';
import { REGION_SETTINGS_RESOURCE_TYPES } from './limits';
import { isToken } from './problems';
import { resourceTypesOfPattern, SHAPES_BY_SERVICE, TYPES_NOT_JUDGED, type ResourceTypeName } from './selection';

/**
 * ARNs of a protected type's shape that AWS Backup does not back up (an inventory lists them):
 * a DynamoDB table's index, stream, backup or export (`table/NAME/...`: the table's backup includes
 * its indexes and streams, DynamoDB CreateBackup), S3 objects (AWS Backup protects whole buckets),
 * and an SAP HANA application or component: AWS Backup protects its databases, `HANA/APP/DB/NAME`
 * ("SourceDatabaseArn", AWS Backup "Restore an SAP HANA database").
 */
const NOT_PROTECTED: readonly { readonly shape: string; readonly unless?: string }[] = [
  { shape: 'arn:%:dynamodb:%:%:table/%/%' },
  { shape: 'arn:%:s3:::%/%' },
  { shape: 'arn:%:ssm-sap:%:%:HANA/%', unless: 'arn:%:ssm-sap:%:%:HANA/%/DB/%' },
];

/** The resource types an inventory's ARN (no wildcard) is: none for one AWS Backup does not back up (NOT_PROTECTED). */
export const resourceTypesOfArn = (arn: string): ResourceTypeName[] =>
  NOT_PROTECTED.some((entry) => patternsOverlap(arn, entry.shape) && !(entry.unless !== undefined && patternsOverlap(arn, entry.unless))) ? [] : resourceTypesOfPattern(arn);

/** A resource ARN of a selection that cannot be what the author meant, and how sure that is. */
export interface UnprotectedArn {
  /** error: a service AWS Backup protects, but none of its resource shapes; warning: a service of which no protected type is known. */
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/**
 * Why an ARN (pattern) in a selection's resources selects nothing AWS Backup protects, or
 * undefined when it may select something ("*", a token, a wildcard service, a known shape). AWS
 * accepts any ARN there, and a selection never backs up what is not a protected resource, so a
 * typo (`volumes/` for `volume/`) or a snapshot's ARN would otherwise protect nothing, silently.
 */
export function unprotectedResourceArn(pattern: string): UnprotectedArn | undefined {
  if (pattern === '*' || isToken(pattern)) return undefined;
  const service = pattern.split(':')[2];
  if (service === undefined || service === '' || service.includes('*') || !pattern.startsWith('arn:')) return undefined;
  const shapes = SHAPES_BY_SERVICE.get(service);
  if (shapes === undefined) {
    return {
      severity: 'warning',
      message: `is an ARN of ${service}, which has no resource type AWS Backup protects that backup-estate knows (${REGION_SETTINGS_RESOURCE_TYPES.join(', ')}, ${Object.keys(TYPES_NOT_JUDGED).join(', ')}): unless AWS Backup protects it now, this selects nothing`,
    };
  }
  // A bucket name holds no '/': a path after it names objects, and AWS Backup protects whole buckets.
  if (service === 's3' && pattern.split(':').slice(5).join(':').includes('/')) {
    return { severity: 'error', message: 'names S3 objects (a path after the bucket), so it selects nothing: AWS Backup protects whole buckets, arn:aws:s3:::BUCKET' };
  }
  // An exact ARN of part of a resource (NOT_PROTECTED): of a protected type's shape, but what coverage counts as of no protected type.
  if (!pattern.includes('*') && resourceTypesOfPattern(pattern).length > 0 && resourceTypesOfArn(pattern).length === 0) {
    return {
      severity: 'error',
      message: "names part of a resource, not one AWS Backup backs up, so it selects nothing: a DynamoDB table's index, stream, backup or export is backed up with its table (table/NAME), an SAP HANA application or component with its databases (HANA/APP/DB/NAME)",
    };
  }
  if (shapes.some((shape) => patternsOverlap(pattern, shape))) return undefined;
  const readable = shapes.map((shape) => shape.replace(/%/g, '*')).join(' or ');
  return { severity: 'error', message: `is no ARN of a resource AWS Backup protects, so it selects nothing: its ${service} resources have ARNs like ${readable}` };
}
