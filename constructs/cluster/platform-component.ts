import { Construct } from 'constructs';
import { PlatformHelmRelease, type PlatformHelmReleaseProps } from './platform-helm-release';
import { PlatformNamespace, type PlatformNamespaceProps } from './platform-namespace';

/**
 * A piece of platform software installed from a chart into a namespace of its
 * own: the namespace (with its Pod Security labels) first, then the pinned
 * release. Operators and controllers build on it.
 */
export abstract class PlatformComponent extends Construct {
  /** Its namespace. */
  public readonly namespace: PlatformNamespace;
  /** Its Helm release. */
  public readonly release: PlatformHelmRelease;

  protected constructor(scope: Construct, id: string, namespace: PlatformNamespaceProps, release: Omit<PlatformHelmReleaseProps, 'namespace'>) {
    super(scope, id);
    this.namespace = new PlatformNamespace(this, 'Namespace', namespace);
    this.release = new PlatformHelmRelease(this, 'Release', { ...release, namespace: this.namespace });
  }
}
