import { stringify } from 'yaml';
import { argoKeyFormat, argoS3Repository, tenantArtifactPrefix } from '../lib/argo-artifacts';
import { type KustomizePatch, type KustomizeUnit, deleteObject, mirroredImages, patchDeployment } from './kustomize-unit';
import { mirroredImage } from '../lib/images';
import type { KubeflowSite } from './site';

const VERSION = '2.16.1';
const IMAGES = [
  'ghcr.io/kubeflow/kfp-cache-server',
  'ghcr.io/kubeflow/kfp-metadata-envoy',
  'gcr.io/tfx-oss-public/ml_metadata_store_server',
  'ghcr.io/kubeflow/kfp-metadata-writer',
  'ghcr.io/kubeflow/kfp-api-server',
  'ghcr.io/kubeflow/kfp-persistence-agent',
  'ghcr.io/kubeflow/kfp-scheduled-workflow-controller',
  'ghcr.io/kubeflow/kfp-frontend',
  'ghcr.io/kubeflow/kfp-viewer-crd-controller',
  'ghcr.io/kubeflow/kfp-visualization-server',
  'quay.io/argoproj/workflow-controller',
  'mysql',
];

/** The API server's settings for the user every pipeline step's container runs as: the site's storage owner. */
function pipelineStepUser(owner: KubeflowSite['storageOwner']): Record<string, string> {
  return {
    DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT: 'true',
    DEFAULT_SECURITY_CONTEXT_RUN_AS_USER: String(owner.uid),
    DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP: String(owner.gid),
  };
}

/** Images the API server and the workflow controller start from flags and variables, pinned by upstream. */
const DRIVER_IMAGE = `ghcr.io/kubeflow/kfp-driver:${VERSION}`;
const LAUNCHER_IMAGE = `ghcr.io/kubeflow/kfp-launcher:${VERSION}`;
const EXECUTOR_IMAGE = 'quay.io/argoproj/argoexec:v3.7.3';
/** Upstream leaves the cache webhook's image unpinned (pipeline-install-config at 2.16.1); containerd's own test image, pinned. */
const CACHE_IMAGE = 'ghcr.io/containerd/busybox:1.36';

/** The Secret (keys `ca.crt`) in `kubeflow` that the API server, UI and workflow controller trust the object store with. */
export const PIPELINES_CA_SECRET = 'platform-ca-bundle-tls';
/** The Pipelines API server's pods and ports (HTTP and gRPC), which pipeline steps and the SDK in notebooks call. */
export const PIPELINES_API = { podLabels: { app: 'ml-pipeline' }, ports: [8888, 8887] } as const;
const CA_PATH = '/etc/platform-ca';

/** A Deployment's container env and CA volume, as a strategic-merge patch. */
function containerPatch(deployment: string, container: string, env: Record<string, unknown>[], withCa: boolean): KustomizePatch {
  return patchDeployment(deployment, 'kubeflow', {
    spec: {
      containers: [{ name: container, env, ...(withCa ? { volumeMounts: [{ name: 'platform-ca', mountPath: CA_PATH, readOnly: true }] } : {}) }],
      ...(withCa ? { volumes: [{ name: 'platform-ca', secret: { secretName: PIPELINES_CA_SECRET, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }] } : {}),
    },
  });
}

/** A MySQL Deployment whose root password comes from a Secret instead of being empty. */
export function mysqlPassword(deployment: string, container: string, secret: { name: string; key: string }): KustomizePatch {
  return patchDeployment(deployment, 'kubeflow', {
    spec: {
      containers: [
        {
          name: container,
          env: [
            { name: 'MYSQL_ALLOW_EMPTY_PASSWORD', $patch: 'delete' },
            { name: 'MYSQL_ROOT_PASSWORD', valueFrom: { secretKeyRef: secret } },
          ],
        },
      ],
    },
  });
}

/**
 * Kubeflow Pipelines 2.16.1 (multi-user, Argo 3.7.3) from the distribution,
 * keeping artifacts in the platform's object store over TLS (its `pipelines`
 * bucket, the site's credentials) instead of the distribution's SeaweedFS,
 * which is removed, as are the profile controller hook that only works with
 * SeaweedFS (the tenants chart writes each tenant's artifact configuration
 * instead) and the Metacontroller that ran it. Every Secret with fixed upstream credentials is removed; the
 * database keeps its volume on the Retain class; every image, including
 * those started from flags and variables, comes through the mirror.
 */
export function pipelinesUnit(site: KubeflowSite): KustomizeUnit {
  const store = site.pipelinesStore;
  const credentials = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: store.credentialsSecret, key } } });
  const withCa = !!store.caSecret;
  return {
    name: '37-kubeflow-pipelines',
    upstream: ['applications/pipeline/overlays'],
    images: mirroredImages(IMAGES, site.mirror),
    patches: [
      ...[
        ['v1', 'ServiceAccount', 'seaweedfs'],
        ['v1', 'Service', 'seaweedfs'],
        ['v1', 'PersistentVolumeClaim', 'seaweedfs-pvc'],
        ['apps/v1', 'Deployment', 'seaweedfs'],
        ['networking.istio.io/v1alpha3', 'DestinationRule', 'ml-pipeline-seaweedfs'],
        ['networking.k8s.io/v1', 'NetworkPolicy', 'seaweedfs'],
        ['security.istio.io/v1beta1', 'AuthorizationPolicy', 'seaweedfs-service'],
        ['apps/v1', 'Deployment', 'kubeflow-pipelines-profile-controller'],
        ['v1', 'Service', 'kubeflow-pipelines-profile-controller'],
        ['v1', 'ConfigMap', 'kubeflow-pipelines-profile-controller-code'],
        ['v1', 'ConfigMap', 'kubeflow-pipelines-profile-controller-env'],
        ['metacontroller.k8s.io/v1alpha1', 'DecoratorController', 'kubeflow-pipelines-profile-controller'],
        // Metacontroller only ran that hook; with it go its cluster-wide rights.
        ['apps/v1', 'StatefulSet', 'metacontroller'],
        ['v1', 'ServiceAccount', 'meta-controller-service'],
        ['v1', 'Secret', 'mlpipeline-minio-artifact'],
        ['v1', 'Secret', 'mysql-secret'],
      ].map(([apiVersion, kind, name]) => deleteObject(apiVersion, kind, name, 'kubeflow')),
      ...[
        ['rbac.authorization.k8s.io/v1', 'ClusterRole', 'kubeflow-metacontroller'],
        ['rbac.authorization.k8s.io/v1', 'ClusterRoleBinding', 'meta-controller-cluster-role-binding'],
        ...['compositecontrollers', 'controllerrevisions', 'decoratorcontrollers'].map((crd) => [
          'apiextensions.k8s.io/v1',
          'CustomResourceDefinition',
          `${crd}.metacontroller.k8s.io`,
        ]),
      ].map(([apiVersion, kind, name]) => deleteObject(apiVersion, kind, name)),
      {
        merge: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'pipeline-install-config', namespace: 'kubeflow' },
          data: { bucketName: store.bucket, cacheImage: mirroredImage(CACHE_IMAGE, site.mirror) },
        },
      },
      {
        merge: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'workflow-controller-configmap', namespace: 'kubeflow' },
          data: {
            artifactRepository: stringify(
              argoS3Repository({
                endpoint: `${store.host}:${store.port}`,
                bucket: store.bucket,
                region: store.region,
                prefix: 'artifacts',
                credentialsSecret: store.credentialsSecret,
                caSecret: store.caSecret,
              }),
              { lineWidth: 0 },
            ),
          },
        },
      },
      containerPatch(
        'ml-pipeline',
        'ml-pipeline-api-server',
        [
          { name: 'OBJECTSTORECONFIG_HOST', value: store.host },
          { name: 'OBJECTSTORECONFIG_PORT', value: String(store.port) },
          { name: 'OBJECTSTORECONFIG_SECURE', value: 'true' },
          { name: 'OBJECTSTORECONFIG_REGION', value: store.region },
          credentials('OBJECTSTORECONFIG_ACCESSKEY', 'CONSOLE_ACCESS_KEY'),
          credentials('OBJECTSTORECONFIG_SECRETACCESSKEY', 'CONSOLE_SECRET_KEY'),
          { name: 'V2_DRIVER_IMAGE', value: mirroredImage(DRIVER_IMAGE, site.mirror) },
          { name: 'V2_LAUNCHER_IMAGE', value: mirroredImage(LAUNCHER_IMAGE, site.mirror) },
          // The compiler gives every pipeline pod a restricted security context but leaves the step's own container
          // free to run as root (user images such as python:3.12 do) unless these are set (2.16.1
          // backend/src/v2/compiler/argocompiler/security_context.go applySecurityContextToExecutorTemplate; the driver
          // applies them again at run time). Tenants enforce restricted, so steps run as the notebook images' user.
          ...Object.entries(pipelineStepUser(site.storageOwner)).map(([name, value]) => ({ name, value })),
          ...(withCa ? [{ name: 'SSL_CERT_FILE', value: `${CA_PATH}/ca.crt` }] : []),
        ],
        withCa,
      ),
      containerPatch(
        'ml-pipeline-ui',
        'ml-pipeline-ui',
        [
          // The UI joins MINIO_HOST and MINIO_NAMESPACE (upstream sets it to `kubeflow`) unless the latter is empty
          // (frontend/server/configs.ts at 2.16.1); archived step logs are read with these settings.
          { name: 'MINIO_HOST', value: store.host },
          { name: 'MINIO_NAMESPACE', value: '', valueFrom: null },
          { name: 'MINIO_PORT', value: String(store.port) },
          { name: 'MINIO_SSL', value: 'true' },
          { name: 'ARGO_ARCHIVE_BUCKETNAME', value: store.bucket },
          { name: 'ARGO_KEYFORMAT', value: argoKeyFormat(tenantArtifactPrefix('{{workflow.namespace}}')) },
          credentials('MINIO_ACCESS_KEY', 'CONSOLE_ACCESS_KEY'),
          credentials('MINIO_SECRET_KEY', 'CONSOLE_SECRET_KEY'),
          ...(withCa ? [{ name: 'NODE_EXTRA_CA_CERTS', value: `${CA_PATH}/ca.crt` }] : []),
        ],
        withCa,
      ),
      {
        target: { group: 'apps', kind: 'Deployment', name: 'workflow-controller' },
        operations: [{ op: 'replace', path: '/spec/template/spec/containers/0/args/3', value: mirroredImage(EXECUTOR_IMAGE, site.mirror) }],
      },
      {
        merge: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'mysql-pv-claim', namespace: 'kubeflow' },
          spec: { storageClassName: site.storageClass },
        },
      },
      // Upstream runs MySQL as root without a password; the site's mysql-secret holds it.
      mysqlPassword('mysql', 'mysql', { name: 'mysql-secret', key: 'password' }),
    ],
  };
}
