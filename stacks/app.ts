import { App } from 'cdktf';
import type { EstateModel } from '../config/resolve';
import { WorkloadStack } from './workload-stack';

/** Builds every stack of the estate into an App writing to `outdir`. */
export function buildApp(model: EstateModel, outdir: string): App {
  const app = new App({ outdir });
  for (const stack of model.stacks) new WorkloadStack(app, stack);
  return app;
}
