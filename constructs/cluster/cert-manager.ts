import type { Construct } from 'constructs';
import { type ChartSource, mirroredRepository } from '../lib/helm-charts';
import { PlatformComponent } from './platform-component';

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
export class CertManager extends PlatformComponent {
  constructor(scope: Construct, id: string, props: CertManagerProps) {
    const mirror = (repository: string) => ({ repository: mirroredRepository(repository, props.imageMirror) });
    // It holds the site's CA (tls.caSecret): a destroy would take every certificate's trust with it.
    super(
      scope,
      id,
      { name: 'cert-manager', component: 'cert-manager', podSecurityVersion: props.podSecurityVersion, holdsData: true },
      {
        name: 'cert-manager',
        chart: props.chart,
        values: {
          crds: { enabled: true, keep: true },
          global: { leaderElection: { namespace: 'cert-manager' } },
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
      },
    );
  }
}
