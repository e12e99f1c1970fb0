import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import type { GpuPlacement } from '../lib/gpu-scheduling';
import { standardLabels } from '../lib/labels';
import type { InternalCaIssuer } from '../platform/internal-ca-issuer';
import type { S3Access } from '../platform/object-store';
import { ServiceCertificate } from '../platform/service-certificate';

/** Properties of {@link TenantPodDefaults}. */
export interface TenantPodDefaultsProps {
  readonly namespace: string;
  /** Issuer whose CA the tenant's pods trust (MLflow, the object store). */
  readonly issuer: InternalCaIssuer;
  /** MLflow tracking URI inside the cluster. */
  readonly mlflowTrackingUri: string;
  /** S3 endpoint (for reading public artifacts and the SDKs' configuration). */
  readonly s3Endpoint: string;
  /** Claim of the curated dataset, mounted read-only. */
  readonly datasetClaim: string;
  /**
   * GPU pools a pod can opt into, each with the LocalQueue that admits it (when queues are on).
   * @default []
   */
  readonly gpuPools?: readonly (GpuPlacement & { readonly queue?: string })[];
  /**
   * Pipelines run in the namespace: their pods (labelled by Kubeflow Pipelines) trust the platform CA, so the v2 launcher reaches the object store over TLS.
   * @default false
   */
  readonly pipelines?: boolean;
  /**
   * The tenant's key for publishing to the `models` bucket: a `models-publisher` PodDefault mounts it.
   * @default - none
   */
  readonly modelsPublisher?: S3Access;
}

/** Where the `models-publisher` PodDefault mounts the publishing key. */
const MODELS_PUBLISHER_PATH = '/var/run/secrets/models-publisher';

/** The label Kubeflow Pipelines puts on every pod of a v2 run (driver, launcher and steps), from its workflow compiler. */
const PIPELINE_POD_LABEL = { 'pipelines.kubeflow.org/v2_component': 'true' };

/** Where the dataset appears in every notebook and job that selects it. */
export const DATASET_MOUNT_PATH = '/data/cells';
/** Where the platform CA certificate appears. */
const PLATFORM_CA_PATH = '/etc/platform-ca';

/**
 * What a tenant's notebooks and jobs opt into by label (Kubeflow PodDefaults,
 * shown as checkboxes in the notebook form): `platform-services` (MLflow
 * tracking URI, S3 endpoint, the platform CA), `cell-dataset` (the curated
 * images read-only at /data/cells) and `gpu-<pool>` (the pool's toleration and
 * queue); a publisher also gets `models-publisher` (its key for adding model
 * versions to the locked `models` bucket). With Pipelines, every pipeline pod also trusts the platform CA
 * (`pipeline-platform-ca`, selected by the label Pipelines sets). The GPU
 * count itself comes from the form or the job's limits: PodDefaults cannot
 * set resources.
 */
export class TenantPodDefaults extends Construct {
  /** Labels a pod sets to receive each PodDefault. */
  public readonly selectors: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** The Secret in the tenant's namespace whose `ca.crt` is the platform CA. */
  public readonly caSecret: string;

  constructor(scope: Construct, id: string, props: TenantPodDefaultsProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = standardLabels({ name: 'pod-defaults', instance: ns, component: 'tenant-pod-defaults' });
    const ca = new ServiceCertificate(this, 'CaBundle', {
      issuer: props.issuer,
      namespace: ns,
      name: 'platform-ca-bundle',
      dnsNames: [`platform-ca-bundle.${ns}.svc`],
    });
    const selectors: Record<string, Record<string, string>> = {};
    const podDefault = (name: string, desc: string, spec: Record<string, unknown>) => {
      selectors[name] = { [name]: 'true' };
      new ApiObject(this, name, {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name, namespace: ns, labels },
        spec: { desc, selector: { matchLabels: selectors[name] }, ...spec },
      });
    };
    const caVolume = { name: 'platform-ca', secret: { secretName: ca.secretName, items: [{ key: 'ca.crt', path: 'ca.crt' }] } };
    // The MLflow client sends the pod's service account token and its namespace as the workspace; MLflow checks both
    // with Kubernetes RBAC. Needs `mlflow[kubernetes]` 3.11 or later in the image (mlflow/tracking/request_auth/kubernetes).
    const mlflowClient = [
      { name: 'MLFLOW_TRACKING_URI', value: props.mlflowTrackingUri },
      { name: 'MLFLOW_TRACKING_AUTH', value: 'kubernetes-namespaced' },
      { name: 'MLFLOW_TRACKING_SERVER_CERT_PATH', value: `${PLATFORM_CA_PATH}/ca.crt` },
    ];
    podDefault('platform-services', 'MLflow tracking in this namespace’s workspace, object store endpoint and the platform CA', {
      env: [
        ...mlflowClient,
        { name: 'MLFLOW_S3_ENDPOINT_URL', value: props.s3Endpoint },
        { name: 'AWS_CA_BUNDLE', value: `${PLATFORM_CA_PATH}/ca.crt` },
        { name: 'REQUESTS_CA_BUNDLE', value: `${PLATFORM_CA_PATH}/ca.crt` },
      ],
      volumes: [caVolume],
      volumeMounts: [{ name: 'platform-ca', mountPath: PLATFORM_CA_PATH, readOnly: true }],
    });
    if (props.pipelines) {
      new ApiObject(this, 'PipelinePlatformCa', {
        apiVersion: 'kubeflow.org/v1alpha1',
        kind: 'PodDefault',
        metadata: { name: 'pipeline-platform-ca', namespace: ns, labels },
        spec: {
          desc: 'Pipeline pods trust the platform CA (object store, MLflow) and log to this namespace’s MLflow workspace',
          selector: { matchLabels: { ...PIPELINE_POD_LABEL } },
          // Go (the v2 launcher) adds every file of SSL_CERT_DIR to the system roots; Python SDKs read the bundle variables.
          env: [
            ...mlflowClient,
            { name: 'SSL_CERT_DIR', value: `/etc/ssl/certs:${PLATFORM_CA_PATH}` },
            { name: 'AWS_CA_BUNDLE', value: `${PLATFORM_CA_PATH}/ca.crt` },
            { name: 'REQUESTS_CA_BUNDLE', value: `${PLATFORM_CA_PATH}/ca.crt` },
          ],
          volumes: [caVolume],
          volumeMounts: [{ name: 'platform-ca', mountPath: PLATFORM_CA_PATH, readOnly: true }],
        },
      });
    }
    podDefault('cell-dataset', `The curated cell images, read-only at ${DATASET_MOUNT_PATH}`, {
      volumes: [{ name: 'cell-dataset', persistentVolumeClaim: { claimName: props.datasetClaim, readOnly: true } }],
      volumeMounts: [{ name: 'cell-dataset', mountPath: DATASET_MOUNT_PATH, readOnly: true }],
    });
    const publisher = props.modelsPublisher;
    if (publisher) {
      // boto3 and the AWS CLI read the shared-credentials file and the S3 endpoint from these variables; the CA comes with platform-services.
      podDefault('models-publisher', `Publish model versions to s3://${publisher.bucket} (adds versions, deletes nothing)`, {
        env: [
          { name: 'AWS_SHARED_CREDENTIALS_FILE', value: `${MODELS_PUBLISHER_PATH}/credentials` },
          { name: 'AWS_ENDPOINT_URL_S3', value: publisher.endpoint },
          { name: 'AWS_DEFAULT_REGION', value: publisher.region },
          { name: 'MODELS_BUCKET', value: publisher.bucket },
        ],
        volumes: [
          {
            name: 'models-publisher',
            secret: { secretName: publisher.credentialsSecret, items: [{ key: 'credentials', path: 'credentials' }], defaultMode: 0o440 },
          },
        ],
        volumeMounts: [{ name: 'models-publisher', mountPath: MODELS_PUBLISHER_PATH, readOnly: true }],
      });
    }
    for (const pool of props.gpuPools ?? []) {
      podDefault(`gpu-${pool.name}`, `Run on GPU pool ${pool.name} (choose the GPU count in the form)`, {
        tolerations: [{ ...pool.toleration }],
        ...(pool.queue ? { labels: { 'kueue.x-k8s.io/queue-name': pool.queue } } : {}),
      });
    }
    this.selectors = selectors;
    this.caSecret = ca.secretName;
  }
}
