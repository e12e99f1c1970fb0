import { stringify } from 'yaml';
import { type KustomizeUnit, deleteObject, mirroredImages } from './kustomize-unit';
import { mysqlPassword } from './pipelines';
import { mirroredImage } from '../lib/images';
import { PLATFORM_USER, RUNTIME_DEFAULT_SECCOMP } from '../lib/restricted-pod';
import type { KubeflowSite } from './site';

const VERSION = 'v0.19.0';
/** Katib's DB manager, where the metrics collector in every trial pod reports (pkg/webhook/v1beta1/pod/inject_webhook.go getMetricsCollectorArgs: -s-db katib-db-manager.kubeflow:6789). */
export const KATIB_DB_MANAGER = { podLabels: { 'katib.kubeflow.org/component': 'db-manager' }, port: 6789 } as const;
const IMAGES = ['ghcr.io/kubeflow/katib/katib-controller', 'ghcr.io/kubeflow/katib/katib-db-manager', 'ghcr.io/kubeflow/katib/katib-ui', 'mysql'];
const katibImage = (name: string, mirror?: string) => mirroredImage(`ghcr.io/kubeflow/katib/${name}:${VERSION}`, mirror);

/**
 * The security context of every suggestion container: what Pod Security `restricted` asks of a container Katib
 * builds without a pod-level one (suggestion/composer/composer.go desiredContainers copies the config's container,
 * v0.19.0). The suggestion images give group 0 their working directory (`chgrp -R 0`, `chmod g+rwX`), so any
 * non-root user with the image's group 0 runs them.
 */
const SUGGESTION_SECURITY_CONTEXT = {
  runAsNonRoot: true,
  runAsUser: PLATFORM_USER.uid,
  allowPrivilegeEscalation: false,
  capabilities: { drop: ['ALL'] },
  seccompProfile: RUNTIME_DEFAULT_SECCOMP,
} as const;

/**
 * Katib's configuration as upstream ships it, with every image it starts through the mirror, only the trial kinds
 * the platform installs (Jobs), and what tenant namespaces under Pod Security `restricted` admit:
 * - the metrics collector sidecar gets the trial's first container's security context (`injectSecurityContext`;
 *   pkg/webhook/v1beta1/pod/inject_webhook.go getMetricsCollectorContainer, default off);
 * - suggestion containers get {@link SUGGESTION_SECURITY_CONTEXT};
 * - no early stopping: Katib builds the early-stopping container with no security context and its config has no
 *   field for one (composer.go desiredContainers, config/v1beta1 EarlyStoppingConfig), so every such pod would be
 *   refused; without an entry, an Experiment asking for it is refused at creation with that reason instead.
 */
function katibConfig(site: KubeflowSite): string {
  const m = site.mirror;
  const suggestion = (algorithmName: string, image: string, extra: Record<string, unknown> = {}) => ({
    algorithmName,
    image: katibImage(image, m),
    securityContext: SUGGESTION_SECURITY_CONTEXT,
    ...extra,
  });
  return stringify(
    {
      apiVersion: 'config.kubeflow.org/v1beta1',
      kind: 'KatibConfig',
      init: { controller: { webhookPort: 8443, trialResources: ['Job.v1.batch'], injectSecurityContext: true } },
      runtime: {
        metricsCollectors: [
          { kind: 'StdOut', image: katibImage('file-metrics-collector', m) },
          { kind: 'File', image: katibImage('file-metrics-collector', m) },
          { kind: 'TensorFlowEvent', image: katibImage('tfevent-metrics-collector', m), resources: { limits: { memory: '1Gi' } } },
        ],
        suggestions: [
          suggestion('random', 'suggestion-hyperopt'),
          suggestion('tpe', 'suggestion-hyperopt'),
          suggestion('grid', 'suggestion-optuna'),
          suggestion('hyperband', 'suggestion-hyperband'),
          suggestion('bayesianoptimization', 'suggestion-skopt'),
          suggestion('cmaes', 'suggestion-goptuna'),
          suggestion('sobol', 'suggestion-goptuna'),
          suggestion('multivariate-tpe', 'suggestion-optuna'),
          suggestion('enas', 'suggestion-enas', { resources: { limits: { memory: '400Mi' } } }),
          suggestion('darts', 'suggestion-darts'),
          suggestion('pbt', 'suggestion-pbt', { persistentVolumeClaimSpec: { accessModes: ['ReadWriteMany'], resources: { requests: { storage: '5Gi' } } } }),
        ],
      },
    },
    { lineWidth: 0 },
  );
}

/**
 * Katib 0.19.0 with the Kubeflow UI, from the distribution. Its
 * configuration starts suggestion, early-stopping and metrics-collector
 * images through the mirror; trials are Jobs (no training operator is
 * installed); the database keeps its volume on the Retain class, with the
 * site's password instead of upstream's; the example trial templates (which
 * name upstream images) are removed.
 */
export function katibUnit(site: KubeflowSite): KustomizeUnit {
  return {
    name: '38-kubeflow-katib',
    upstream: ['applications/katib/upstream/installs/katib-with-kubeflow'],
    images: mirroredImages(IMAGES, site.mirror),
    patches: [
      {
        merge: {
          apiVersion: 'v1',
          kind: 'ConfigMap',
          metadata: { name: 'katib-config', namespace: 'kubeflow' },
          data: { 'katib-config.yaml': katibConfig(site) },
        },
      },
      deleteObject('v1', 'ConfigMap', 'trial-templates', 'kubeflow'),
      deleteObject('v1', 'Secret', 'katib-mysql-secrets', 'kubeflow'),
      {
        merge: {
          apiVersion: 'v1',
          kind: 'PersistentVolumeClaim',
          metadata: { name: 'katib-mysql', namespace: 'kubeflow' },
          spec: { storageClassName: site.storageClass },
        },
      },
      mysqlPassword('katib-mysql', 'katib-mysql', { name: 'katib-mysql-secrets', key: 'MYSQL_ROOT_PASSWORD' }),
    ],
  };
}
