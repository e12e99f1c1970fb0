import { Construct } from 'constructs';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { PlatformHelmRelease } from './platform-helm-release';
import { PlatformNamespace } from './platform-namespace';

/** Properties of {@link CertManager}. */
export interface CertManagerProps {
  /** Chart, repository and pinned version. */
  readonly chart: ChartSource;
  /** Pinned Pod Security version for its namespace, e.g. `v1.31`. */
  readonly podSecurityVersion: string;
  /**
   * Registry prefix every image is pulled through.
   * @default - upstream registries
   */
  readonly imageMirror?: string;
}

/**
 * cert-manager with its CRDs, in its own restricted namespace, leader
 * election kept there too. The internal CA's Secret lives in this namespace
 * (the cluster resource namespace of ClusterIssuers).
 */
export class CertManager extends Construct {
  /** Its namespace, where the CA Secret must be. */
  public readonly namespace: PlatformNamespace;
  /** The Helm release; charts that create Certificates come after it. */
  public readonly release: PlatformHelmRelease;

  constructor(scope: Construct, id: string, props: CertManagerProps) {
    super(scope, id);
    const mirror = (repository: string) => ({ repository: mirroredRepository(repository, props.imageMirror) });
    this.namespace = new PlatformNamespace(this, 'Namespace', { name: 'cert-manager', component: 'cert-manager', podSecurityVersion: props.podSecurityVersion });
    this.release = new PlatformHelmRelease(this, 'Release', {
      name: 'cert-manager',
      namespace: this.namespace,
      chart: props.chart,
      values: {
        crds: { enabled: true, keep: true },
        global: { leaderElection: { namespace: this.namespace.name } },
        replicaCount: 1,
        ...(props.imageMirror
          ? {
              image: mirror('quay.io/jetstack/cert-manager-controller'),
              webhook: { image: mirror('quay.io/jetstack/cert-manager-webhook') },
              cainjector: { image: mirror('quay.io/jetstack/cert-manager-cainjector') },
              startupapicheck: { image: mirror('quay.io/jetstack/cert-manager-startupapicheck') },
              acmesolver: { image: mirror('quay.io/jetstack/cert-manager-acmesolver') },
            }
          : {}),
      },
    });
  }
}
