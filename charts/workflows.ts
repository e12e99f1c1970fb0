import type { Construct } from 'constructs';
import { Chart } from 'cdk8s';
import { TuningExperiment } from '../constructs/workflows/tuning-experiment';
import type { PlatformSpec } from '../environments/spec';

/** Handles the workflows chart needs from the tenants chart. */
export interface WorkflowsChartProps {
  /** PodDefault selector labels per tenant: MLflow, the dataset and a GPU pool. */
  readonly trialLabels: (user: string, pool: string) => Readonly<Record<string, string>>;
  /** The tenant's LocalQueue for a pool, when queues are on. */
  readonly queueOf: (user: string, pool: string) => string | undefined;
}

/** Chart `60-workflows`: the cell-detection tuning Experiment for each user the spec names. */
export class WorkflowsChart extends Chart {
  constructor(scope: Construct, id: string, spec: PlatformSpec, props: WorkflowsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const tuning = spec.kubeflow.tuning;
    if (!tuning || !spec.kubeflow.components.katib) return;
    for (const name of tuning.users) {
      const user = spec.users.find((u) => u.name === name)!;
      const pool = tuning.pool ?? spec.gpuPools[0].name; // tuning users have a GPU quota, so there is a pool
      new TuningExperiment(this, name, {
        namespace: name,
        image: tuning.image,
        gpuQuota: user.quota.gpus,
        podDefaultLabels: props.trialLabels(name, pool),
        queueName: props.queueOf(name, pool),
        runAs: spec.storage.owner,
      });
    }
  }
}
