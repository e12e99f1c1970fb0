import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { IMAGE_PULL_POLICY, isPinnedImage } from '../lib/images';
import { HARDENED_CONTAINER, restrictedPodSecurity } from '../lib/restricted-pod';
import { standardLabels } from '../lib/labels';
import { Problems } from '../lib/problems';
import { addGuardrailExemption } from '../policy/exemptions';
import { PROFILE_WORKLOAD_ACCOUNT } from '../tenancy/kubeflow-profile';
import { DATASET_MOUNT_PATH } from '../tenancy/tenant-pod-defaults';

/** Properties of a {@link TuningExperiment}. */
export interface TuningExperimentProps {
  /** The tenant namespace it runs in. */
  readonly namespace: string;
  /** The training image (the cell-detection model's trainer), pinned. */
  readonly image: string;
  /** The tenant's GPU quota: parallel trials never exceed it. */
  readonly gpuQuota: number;
  /** Labels that select the tenant's PodDefaults (MLflow, dataset, GPU pool) for the trial pods. */
  readonly podDefaultLabels: Readonly<Record<string, string>>;
  /**
   * The tenant's LocalQueue for the pool: Kueue admits trial Jobs by the label on the Job itself (a pod label set by
   * a PodDefault does not reach a Job, and Kueue leaves pods of a Job to the Job).
   * @default - not queued
   */
  readonly queueName?: string;
  /**
   * The user and group trials run as, so they can write the tenant's NAS folders (the site's `storage.owner`).
   * @default { uid: 1000, gid: 100 } - the notebook images' user
   */
  readonly runAs?: { readonly uid: number; readonly gid: number };
  /**
   * Trials in all.
   * @default 24
   */
  readonly maxTrials?: number;
  /**
   * Parallel trials.
   * @default - min(3, gpuQuota)
   */
  readonly parallelTrials?: number;
}

/**
 * Hyperparameter tuning of the cell-detection model with Katib: maximize
 * validation mAP over learning rate (log-uniform) and batch size, Bayesian
 * optimization (no early stopping: Katib's early-stopping pods cannot run under
 * Pod Security `restricted`, see the Katib unit), each trial a one-GPU Job that reads
 * the dataset claim and logs to MLflow (both through PodDefaults), never more
 * trials at once than the tenant has GPUs.
 */
export class TuningExperiment extends Construct {
  /** Trials that run at once. */
  public readonly parallelTrials: number;

  constructor(scope: Construct, id: string, props: TuningExperimentProps) {
    super(scope, id);
    this.parallelTrials = props.parallelTrials ?? Math.min(3, props.gpuQuota);
    const maxTrials = props.maxTrials ?? 24;
    const runAs = props.runAs ?? { uid: 1000, gid: 100 };
    const problems = new Problems();
    if (!Number.isInteger(props.gpuQuota) || props.gpuQuota < 1) problems.add('gpuQuota', 'must be a whole number >= 1 (trials need a GPU)', props.gpuQuota);
    if (this.parallelTrials > props.gpuQuota || this.parallelTrials < 1)
      problems.add('parallelTrials', `must be from 1 to the GPU quota (${props.gpuQuota})`, this.parallelTrials);
    if (!isPinnedImage(props.image)) problems.add('image', 'must pin a tag other than latest, or a digest', props.image);
    problems.throwIfAny(`TuningExperiment ${props.namespace}`);

    const labels = standardLabels({ name: 'cell-detection-tuning', instance: props.namespace, component: 'tuning' });
    new ApiObject(this, 'Resource', {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Experiment',
      metadata: { name: 'cell-detection-tuning', namespace: props.namespace, labels },
      spec: {
        objective: { type: 'maximize', goal: 0.9, objectiveMetricName: 'validation-mAP', additionalMetricNames: ['validation-loss'] },
        algorithm: { algorithmName: 'bayesianoptimization' },
        parallelTrialCount: this.parallelTrials,
        maxTrialCount: maxTrials,
        maxFailedTrialCount: 3,
        metricsCollectorSpec: { collector: { kind: 'StdOut' } },
        parameters: [
          { name: 'learning_rate', parameterType: 'double', feasibleSpace: { min: '0.00001', max: '0.01', distribution: 'logUniform' } },
          { name: 'batch_size', parameterType: 'categorical', feasibleSpace: { list: ['8', '16', '32'] } },
        ],
        trialTemplate: {
          primaryContainerName: 'training',
          trialParameters: [
            { name: 'learningRate', description: 'Optimizer learning rate', reference: 'learning_rate' },
            { name: 'batchSize', description: 'Images per training batch', reference: 'batch_size' },
          ],
          trialSpec: {
            apiVersion: 'batch/v1',
            kind: 'Job',
            ...(props.queueName ? { metadata: { labels: { 'kueue.x-k8s.io/queue-name': props.queueName } } } : {}),
            spec: {
              backoffLimit: 0,
              template: {
                metadata: { labels: { ...props.podDefaultLabels }, annotations: { 'sidecar.istio.io/inject': 'false' } },
                spec: {
                  restartPolicy: 'Never',
                  serviceAccountName: PROFILE_WORKLOAD_ACCOUNT,
                  // Training logs to MLflow, which authorizes the call with this token (MLFLOW_TRACKING_AUTH=kubernetes-namespaced
                  // reads it from the default path); it never calls the Kubernetes API itself.
                  automountServiceAccountToken: true,
                  securityContext: restrictedPodSecurity(runAs, runAs.gid),
                  containers: [
                    {
                      name: 'training',
                      image: props.image,
                      imagePullPolicy: IMAGE_PULL_POLICY,
                      command: [
                        'python',
                        '-m',
                        'train',
                        '--learning-rate=${trialParameters.learningRate}',
                        '--batch-size=${trialParameters.batchSize}',
                        `--data=${DATASET_MOUNT_PATH}`,
                      ],
                      env: [{ name: 'MLFLOW_EXPERIMENT_NAME', value: 'cell-detection-tuning' }],
                      resources: { requests: { cpu: '4', memory: '24Gi', 'nvidia.com/gpu': '1' }, limits: { cpu: '8', memory: '24Gi', 'nvidia.com/gpu': '1' } },
                      securityContext: HARDENED_CONTAINER,
                      volumeMounts: [{ name: 'tmp', mountPath: '/tmp' }],
                    },
                  ],
                  // The root file system is read-only; the trainer writes checkpoints and caches below /tmp.
                  volumes: [{ name: 'tmp', emptyDir: { sizeLimit: '20Gi' } }],
                },
              },
            },
          },
        },
      },
    });
    addGuardrailExemption(this, {
      rule: 'SEC-22',
      object: `Experiment/${props.namespace}/cell-detection-tuning`,
      reason: 'trials log to MLflow, which authorizes each call with the pod’s service account token (Kubernetes RBAC on the tenant’s workspace)',
    });
  }
}
