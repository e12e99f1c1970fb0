import { Construct } from 'constructs';
import { ClusterIssuer } from '../../imports/cert-manager.io';
import { standardLabels } from '../lib/labels';

/** Properties of an {@link InternalCaIssuer}. */
export interface InternalCaIssuerProps {
  /** Existing Secret in cert-manager's namespace with the CA certificate and key (`tls.crt`, `tls.key`). */
  readonly caSecret: string;
  /**
   * Issuer name.
   * @default 'platform-ca'
   */
  readonly name?: string;
}

/**
 * The cluster issuer every platform certificate comes from: the site's own
 * internal CA, whose key stays in a Secret the site created. No ACME, nothing
 * leaves the site.
 */
export class InternalCaIssuer extends Construct {
  /** Issuer name. */
  public readonly name: string;
  /** Reference for a Certificate's `issuerRef`. */
  public readonly issuerRef: { readonly name: string; readonly kind: 'ClusterIssuer'; readonly group: 'cert-manager.io' };

  constructor(scope: Construct, id: string, props: InternalCaIssuerProps) {
    super(scope, id);
    this.name = props.name ?? 'platform-ca';
    this.issuerRef = { name: this.name, kind: 'ClusterIssuer', group: 'cert-manager.io' };
    new ClusterIssuer(this, 'Resource', {
      metadata: { name: this.name, labels: standardLabels({ name: 'cert-manager', instance: this.name, component: 'certificate-issuer' }) },
      spec: { ca: { secretName: props.caSecret } },
    });
  }
}
