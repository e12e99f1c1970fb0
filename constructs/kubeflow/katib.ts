import { stringify } from 'yaml';
import { type KustomizeUnit, deleteObject, mirroredImages } from './kustomize-unit';
import { mysqlPassword } from './pipelines';
import { mirroredImage } from '../lib/images';
import type { KubeflowSite } from './site';

const VERSION = 'v0.19.0';
const IMAGES = ['ghcr.io/kubeflow/katib/katib-controller', 'ghcr.io/kubeflow/katib/katib-db-manager', 'ghcr.io/kubeflow/katib/katib-ui', 'mysql'];
const katibImage = (name: string, mirror?: string) => mirroredImage(`ghcr.io/kubeflow/katib/${name}:${VERSION}`, mirror);

/** Katib's configuration as upstream ships it, with every image it starts through the mirror and only the trial kinds the platform installs (Jobs). */
function katibConfig(site: KubeflowSite): string {
  const m = site.mirror;
  const suggestion = (algorithmName: string, image: string, extra: Record<string, unknown> = {}) => ({ algorithmName, image: katibImage(image, m), ...extra });
  return stringify(
    {
      apiVersion: 'config.kubeflow.org/v1beta1',
      kind: 'KatibConfig',
      init: { controller: { webhookPort: 8443, trialResources: ['Job.v1.batch'] } },
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
        earlyStoppings: [{ algorithmName: 'medianstop', image: katibImage('earlystopping-medianstop', m) }],
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
      { merge: { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'katib-config', namespace: 'kubeflow' }, data: { 'katib-config.yaml': katibConfig(site) } } },
      deleteObject('v1', 'ConfigMap', 'trial-templates', 'kubeflow'),
      deleteObject('v1', 'Secret', 'katib-mysql-secrets', 'kubeflow'),
      { merge: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', metadata: { name: 'katib-mysql', namespace: 'kubeflow' }, spec: { storageClassName: site.storageClass } } },
      mysqlPassword('katib-mysql', 'katib-mysql', { name: 'katib-mysql-secrets', key: 'MYSQL_ROOT_PASSWORD' }),
    ],
  };
}
