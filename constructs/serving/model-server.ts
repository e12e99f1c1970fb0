import { Construct } from 'constructs';
import {
  IntOrString,
  KubeDeployment,
  KubeHorizontalPodAutoscalerV2,
  KubePodDisruptionBudget,
  KubeService,
  KubeServiceAccount,
  type Probe,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import type { GpuPlacement } from '../lib/gpu-scheduling';
import { IMAGE_PULL_POLICY, isPinnedImage, mirroredImage, PINNED_IMAGES } from '../lib/images';
import { selectorLabels, standardLabels } from '../lib/labels';
import { policyPorts } from '../lib/network-policy';
import { TF_SERVING_MODEL, TF_SERVING_MODEL_TEXT } from '../lib/naming';
import { Problems } from '../lib/problems';
import { HARDENED_CONTAINER, PLATFORM_USER, restrictedPodSecurity, spreadOverNodes } from '../lib/restricted-pod';
import type { InternalCaIssuer } from '../platform/internal-ca-issuer';
import { type IObjectStore, mcConsumerAlias, mcConsumerFiles } from '../platform/object-store';
import type { PlatformGateway } from '../platform/platform-gateway';
import { ServiceCertificate } from '../platform/service-certificate';
import type { ServiceNamespace } from '../platform/service-namespace';

/** How a model is served. */
export type ServingRuntime = 'tf-serving' | 'fastapi';

/** Properties of a {@link ModelServer}. */
export interface ModelServerProps {
  /** Server name (a DNS label): names its objects and its host `<name>.<domain>`. */
  readonly name: string;
  /** The serving namespace. */
  readonly namespace: ServiceNamespace;
  readonly runtime: ServingRuntime;
  /** Path of the model in the `models` bucket, e.g. `cell-detector/3` (the last segment is the version for TF Serving). */
  readonly model: string;
  /** The site's FastAPI image (required for `fastapi`), pinned. */
  readonly image?: string;
  /**
   * Replicas; 2 or more add a PDB and spread pods over nodes.
   * @default 1
   */
  readonly replicas?: number;
  /**
   * Upper bound of the autoscaler.
   * @default - twice the replicas
   */
  readonly maxReplicas?: number;
  /**
   * Whole GPUs per replica.
   * @default 0 - no GPU until granted
   */
  readonly gpu?: number;
  /** The GPU pool (a `GpuNodePool`, or where its pods go), when `gpu` > 0. */
  readonly pool?: GpuPlacement;
  /** Where the models live; the server gets read access to `models` only. */
  readonly objectStore: IObjectStore;
  readonly issuer: InternalCaIssuer;
  /** The gateway that serves it as `https://<name>.<domain>`. */
  readonly gateway: PlatformGateway;
  /**
   * PriorityClass of its pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /**
   * Registry prefix images are pulled through.
   * @default - upstream registries
   */
  readonly imageMirror?: string;
}

/** What the site's FastAPI image must do (README, "The FastAPI contract"); a test keeps the two equal. */
const FASTAPI_CONTRACT = {
  /** The port it listens on, plain HTTP (the gateway terminates TLS). */
  port: 8000,
  /** Start-up, readiness and liveness: 200 once the model is loaded. */
  health: '/healthz',
  /** The pod's user and group. */
  uid: PLATFORM_USER.uid,
  /** Size of the only writable directory, `/tmp`. */
  tmpSize: '1Gi',
} as const;

/**
 * A model behind HTTPS over the VPN. An init container copies the model from
 * the `models` bucket (read-only grant) into the pod; then TensorFlow Serving
 * (REST 8501, gRPC 8500, ready when the model version is AVAILABLE) or the site's
 * FastAPI image (on {@link FASTAPI_CONTRACT}, model in `$MODEL_DIR`) serves it. Requests and limits, optional whole GPUs on a pool,
 * an autoscaler, a PDB and spread when replicated, a hardened non-root pod, and
 * its host on the platform's gateway (TLS, VPN only).
 */
export class ModelServer extends Construct {
  /** The in-cluster URL of the REST endpoint. */
  public readonly url: string;
  /** The URL over the VPN. */
  public readonly externalUrl: string;

  constructor(scope: Construct, id: string, props: ModelServerProps) {
    super(scope, id);
    const ns = props.namespace.name;
    const replicas = props.replicas ?? 1;
    const maxReplicas = props.maxReplicas ?? replicas * 2;
    const gpu = props.gpu ?? 0;
    const tf = props.runtime === 'tf-serving';
    const image = tf ? mirroredImage(gpu > 0 ? PINNED_IMAGES.tensorflowServingGpu : PINNED_IMAGES.tensorflowServing, props.imageMirror) : (props.image ?? '');
    validate(props, replicas, maxReplicas, gpu, image);
    const port = tf ? 8501 : FASTAPI_CONTRACT.port;
    this.url = `http://${props.name}.${ns}.svc.cluster.local`;
    const identity = { name: props.name, instance: ns };
    const labels = standardLabels({ ...identity, component: `model-server-${props.runtime}` });
    const selector = selectorLabels(identity);
    const segments = props.model.split('/');
    const version = segments[segments.length - 1];
    const modelDir = `/models/${props.name}`;
    const target = tf ? `${modelDir}/${version}` : modelDir;
    const s3 = props.objectStore.grant({ name: `serving-${props.name}`, namespace: ns }, 'models', 'read');
    // Its Secret carries the internal CA (`ca.crt`) the model fetcher trusts the object store with.
    const certificate = new ServiceCertificate(this, 'Certificate', {
      issuer: props.issuer,
      namespace: ns,
      name: props.name,
      dnsNames: [`${props.name}.${ns}.svc`],
    });
    const objectStoreCa = props.objectStore.caSecret(certificate.secretName);

    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: props.name, namespace: ns, labels }, automountServiceAccountToken: false });
    const consumerFiles = mcConsumerFiles(s3.credentialsSecret, objectStoreCa);
    const gpuResources: Record<string, Quantity> = gpu > 0 ? { 'nvidia.com/gpu': Quantity.fromNumber(gpu) } : {};
    const httpProbe = (path: string, periodSeconds: number, failureThreshold: number): Probe => ({
      httpGet: { path, port: IntOrString.fromNumber(port) },
      periodSeconds,
      failureThreshold,
    });
    // TF Serving answers /v1/models/<name> with 200 whatever the version's state; the metadata of one version needs a
    // handle on it, which exists only once that version is AVAILABLE (2.18.0: servables/tensorflow/
    // get_model_metadata_impl.cc GetServableHandle; core/basic_manager.cc publishes only kReady servables; NOT_FOUND is
    // 404 in model_servers/http_server.cc). So start-up and readiness wait for the model, liveness only for the process.
    const ready = tf ? `/v1/models/${props.name}/versions/${version}/metadata` : FASTAPI_CONTRACT.health;
    const alive = tf ? `/v1/models/${props.name}` : FASTAPI_CONTRACT.health;
    new KubeDeployment(this, 'Deployment', {
      metadata: { name: props.name, namespace: ns, labels },
      spec: {
        replicas,
        selector: { matchLabels: selector },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: IntOrString.fromNumber(1), maxUnavailable: IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: props.name,
            automountServiceAccountToken: false,
            ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
            securityContext: restrictedPodSecurity(PLATFORM_USER, PLATFORM_USER.gid),
            ...(gpu > 0 && props.pool ? { nodeSelector: { ...props.pool.nodeSelector }, tolerations: [{ ...props.pool.toleration }] } : {}),
            ...(replicas > 1 ? { topologySpreadConstraints: spreadOverNodes(selector) } : {}),
            initContainers: [
              {
                name: 'fetch-model',
                image: mirroredImage(PINNED_IMAGES.minioClient, props.imageMirror),
                imagePullPolicy: IMAGE_PULL_POLICY,
                command: ['/bin/sh', '-c'],
                args: [
                  [
                    'set -eu',
                    ...mcConsumerAlias('models', s3.endpoint, !!objectStoreCa),
                    `mc mirror --overwrite models/${s3.bucket}/${props.model} ${target}`,
                  ].join('\n'),
                ],
                securityContext: HARDENED_CONTAINER,
                resources: {
                  requests: { cpu: Quantity.fromString('100m'), memory: Quantity.fromString('128Mi') },
                  limits: { cpu: Quantity.fromString('1'), memory: Quantity.fromString('512Mi') },
                },
                volumeMounts: [{ name: 'models', mountPath: '/models' }, ...consumerFiles.volumeMounts, { name: 'tmp', mountPath: '/tmp' }],
              },
            ],
            containers: [
              {
                name: 'server',
                image,
                imagePullPolicy: IMAGE_PULL_POLICY,
                ...(tf
                  ? { args: ['--port=8500', '--rest_api_port=8501', `--model_name=${props.name}`, `--model_base_path=${modelDir}`] }
                  : { env: [{ name: 'MODEL_DIR', value: modelDir }] }),
                ports: [{ name: 'http', containerPort: port }, ...(tf ? [{ name: 'grpc', containerPort: 8500 }] : [])],
                securityContext: HARDENED_CONTAINER,
                resources: {
                  requests: { cpu: Quantity.fromString('500m'), memory: Quantity.fromString('1Gi'), ...gpuResources },
                  limits: { cpu: Quantity.fromString('2'), memory: Quantity.fromString('4Gi'), ...gpuResources },
                },
                startupProbe: httpProbe(ready, 5, 60),
                readinessProbe: httpProbe(ready, 10, 3),
                livenessProbe: httpProbe(alive, 20, 5),
                volumeMounts: [
                  { name: 'models', mountPath: '/models', readOnly: true },
                  { name: 'tmp', mountPath: '/tmp' },
                ],
              },
            ],
            volumes: [
              { name: 'models', emptyDir: { sizeLimit: Quantity.fromString('20Gi') } },
              { name: 'tmp', emptyDir: { sizeLimit: Quantity.fromString(FASTAPI_CONTRACT.tmpSize) } },
              ...consumerFiles.volumes,
            ],
          },
        },
      },
    });
    const service = new KubeService(this, 'Service', {
      metadata: { name: props.name, namespace: ns, labels },
      spec: {
        type: 'ClusterIP',
        selector,
        ports: [
          { name: 'http', port: 80, targetPort: IntOrString.fromNumber(port) },
          ...(tf ? [{ name: 'grpc', port: 8500, targetPort: IntOrString.fromNumber(8500) }] : []),
        ],
      },
    });
    new KubeHorizontalPodAutoscalerV2(this, 'Autoscaler', {
      metadata: { name: props.name, namespace: ns, labels },
      spec: {
        scaleTargetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: props.name },
        minReplicas: replicas,
        maxReplicas,
        metrics: [{ type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 70 } } }],
      },
    });
    if (replicas > 1) {
      new KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: props.name, namespace: ns, labels },
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: selector }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      });
    }
    this.externalUrl = props.gateway.route({ host: props.name, service, port: 80 });
    props.namespace.allow(props.name, selector, {
      ingress: [{ from: [{ ...props.gateway.peer }], ports: policyPorts([{ port }]) }],
      egress: [{ to: props.objectStore.networkTarget.to, ports: props.objectStore.networkTarget.ports }],
    });
  }
}

function validate(props: ModelServerProps, replicas: number, maxReplicas: number, gpu: number, image: string): void {
  const problems = new Problems();
  if (!/^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/.test(props.name)) problems.add('name', 'must be a DNS label', props.name);
  if (!Number.isInteger(replicas) || replicas < 1) problems.add('replicas', 'must be a whole number >= 1', replicas);
  if (maxReplicas < replicas) problems.add('maxReplicas', `must be at least replicas (${replicas})`, maxReplicas);
  if (!Number.isInteger(gpu) || gpu < 0) problems.add('gpu', 'must be a whole number >= 0', gpu);
  if (gpu > 0 && !props.pool) problems.add('pool', 'is required when gpu > 0', undefined);
  if (props.runtime === 'fastapi' && !props.image) problems.add('image', 'is required for runtime "fastapi"', props.image);
  else if (!isPinnedImage(image)) problems.add('image', 'must pin a tag other than latest, or a digest', image);
  if (props.model.split('/').some((s) => s === '' || s === '..')) problems.add('model', 'must be a path inside the models bucket', props.model);
  else if (props.runtime === 'tf-serving' && !TF_SERVING_MODEL.test(props.model)) problems.add('model', TF_SERVING_MODEL_TEXT, props.model);
  problems.throwIfAny(`ModelServer ${props.name}`);
}
