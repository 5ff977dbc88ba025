import { App } from 'cdktf';
import type { EstateModel, StackModel } from '../config/estate-model';
import { CentralBackupStack } from './central-backup-stack';
import { ManagementStack } from './management-stack';
import { WorkloadStack } from './workload-stack';

/** Adds the stack of the right kind for `model`. */
export function addStack(app: App, model: StackModel): void {
  if (model.kind === 'management') new ManagementStack(app, model);
  else if (model.kind === 'central') new CentralBackupStack(app, model);
  else new WorkloadStack(app, model);
}

/** Builds the stacks of the estate (or the given subset) into an App writing to `outdir`. */
export function buildApp(model: EstateModel, outdir: string, stacks: readonly StackModel[] = model.stacks): App {
  const app = new App({ outdir });
  for (const stack of stacks) addStack(app, stack);
  return app;
}
