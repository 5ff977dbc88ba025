/**
 * Restore runbooks (report/runbook.ts): what a restore job leaves undone, by resource type, and how
 * to restore a continuous recovery point to a chosen time. Text only: the runbook decides where it goes.
 */

/**
 * The step that adds an instance to a restored cluster: what to do, then the command (`cli` rds,
 * docdb or neptune) in the restore's Region.
 */
const addInstanceStep =
  (intro: string, cli: string, engine: string) =>
  (region: string): readonly string[] => [
    intro,
    '',
    '```sh',
    `aws ${cli} create-db-instance --region ${region} --db-cluster-identifier RESTORED_CLUSTER_ID --db-instance-identifier NEW_INSTANCE_ID --db-instance-class DB_INSTANCE_CLASS --engine ${engine}`,
    '```',
  ];

/**
 * What a restore job leaves undone, by resource type. Aurora: "AWS Backup restores your Aurora
 * cluster; it does not create or attach an Amazon RDS instance to your cluster" (AWS Backup guide,
 * "Restoring an Amazon Aurora cluster"; RDS RestoreDBClusterFromSnapshot: "You must invoke the
 * CreateDBInstance operation ... specifying the identifier of the restored DB cluster"). DocumentDB:
 * a restore from a cluster snapshot "restores only the cluster, and not the instances for that
 * cluster. You must invoke the create-db-instance action" (Amazon DocumentDB Developer Guide).
 * Neptune: "After your restore finishes, attach your restored Neptune cluster to an Amazon RDS
 * instance"; "First, restore your cluster ... Then, attach your restored Neptune cluster to an
 * Amazon RDS instance using create-db-instance" (`aws neptune create-db-instance ... --engine
 * neptune ... --db-cluster-identifier sample-cluster`; AWS Backup guide, "Restore a Neptune cluster").
 */
export const AFTER_RESTORE: Readonly<Record<string, (region: string) => readonly string[]>> = {
  Aurora: addInstanceStep(
    'The restore job creates the Aurora cluster without a DB instance (AWS Backup does not create or attach one): once the cluster is available, add its writer, with the engine of the restored cluster:',
    'rds',
    'ENGINE',
  ),
  // Amazon DocumentDB Developer Guide, "Restoring from a cluster snapshot": "This action restores only the cluster, and not the instances for that cluster."
  DocumentDB: addInstanceStep(
    'A restore from a DocumentDB cluster snapshot creates the cluster only ("not the instances for that cluster"): once the cluster is available and if it has no instance, add one:',
    'docdb',
    'docdb',
  ),
  Neptune: addInstanceStep(
    'The restore job creates the Neptune cluster without an instance (AWS Backup: "attach your restored Neptune cluster to an Amazon RDS instance" once the restore finishes): once the cluster is available, add one:',
    'neptune',
    'neptune',
  ),
};

/**
 * How to restore a continuous recovery point to a chosen time, by resource type, where AWS names
 * the metadata keys. The console: "During the PITR restore process, the AWS Backup console displays
 * a Restore time section ... Latest restorable time ... Specify date and time" (AWS Backup guide,
 * "Restoring a continuous backup"). RDS: `"UseLatestRestorableTime":"false","RestoreTime":"2024-01-15T10:30:00Z"`;
 * RestoreTime "Required if UseLatestRestorableTime is "false"" (AWS Backup guide, "Continuous
 * backups and point-in-time recovery (PITR)", CLI examples for RDS and Aurora PITR restore); RDS
 * "allows restores up until the most recent 5 minutes of activity". Aurora: AWS's example sets
 * `"UseLatestRestorableTime":"true"`, but names the key of a chosen time two ways: `restoreToTime`
 * ("Restoring an Amazon Aurora cluster") and `RestoreTime` (the PITR page): a CLI key AWS does not
 * settle has no place in a command run in an emergency, so the console chooses the time. S3:
 * `RestoreTime` "(only valid for continuous recovery points where it is required, in format
 * 2021-11-27T03:30:27Z)" ("Restore S3 data using AWS Backup"). SAP HANA on Amazon EC2: AWS names
 * the `RecoveryType` `POINT_IN_TIME_RECOVERY` but no key for the time: none here. Copies of a
 * continuous backup are snapshots ("cross-Region or cross-account destination copies will not have PITR").
 */
const POINT_IN_TIME: Readonly<Record<string, string>> = {
  RDS: 'add `"UseLatestRestorableTime": "false"` and `"RestoreTime": "RESTORE_TIME"` (the chosen time, UTC, ISO 8601 as 2024-01-15T10:30:00Z) to metadata.json; `"UseLatestRestorableTime": "true"` restores to the latest restorable time (RDS keeps up to the most recent 5 minutes of activity)',
  Aurora: 'add `"UseLatestRestorableTime": "true"` to metadata.json to restore to the latest restorable time; to choose another time, restore in the console: AWS names the metadata key of a chosen time for Aurora two ways (`restoreToTime`, `RestoreTime`)',
  S3: 'add `"RestoreTime": "RESTORE_TIME"` (the chosen time, UTC, as 2021-11-27T03:30:27Z) to metadata.json: AWS requires it for a continuous recovery point',
};

/** The runbook's line on the continuous recovery point of `type` in a vault a continuous rule writes to; [] when AWS names no way to choose the time by CLI. */
export function pointInTimeLines(type: string): readonly string[] {
  const how = POINT_IN_TIME[type];
  if (how === undefined) return [];
  return [`Point in time: the continuous recovery point restores to a time you choose (console: Restore time › Latest restorable time, or Specify date and time); by CLI, ${how}.`];
}
