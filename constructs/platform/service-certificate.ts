import { Construct } from 'constructs';
import { Certificate, CertificateSpecPrivateKeyAlgorithm, CertificateSpecPrivateKeyRotationPolicy, CertificateSpecUsages } from '../../imports/cert-manager.io';
import { standardLabels } from '../lib/labels';
import type { InternalCaIssuer } from './internal-ca-issuer';

/** Properties of a {@link ServiceCertificate}. */
export interface ServiceCertificateProps {
  /** The issuer. */
  readonly issuer: InternalCaIssuer;
  /** Namespace of the service. */
  readonly namespace: string;
  /** Certificate name; its Secret is `<name>-tls`. */
  readonly name: string;
  /** DNS names it is valid for (first is the common name). */
  readonly dnsNames: readonly string[];
  /**
   * Labels of the Secret cert-manager writes (e.g. what makes a consumer reload it).
   * @default - none
   */
  readonly secretLabels?: Readonly<Record<string, string>>;
}

/**
 * A serving certificate from the internal CA: ECDSA P-256, a new key on every
 * renewal, 90 days, renewed 15 days ahead. Its Secret also carries `ca.crt`,
 * which clients in the same namespace use to trust platform endpoints.
 */
export class ServiceCertificate extends Construct {
  /** Secret with `tls.crt`, `tls.key` and `ca.crt`. */
  public readonly secretName: string;

  constructor(scope: Construct, id: string, props: ServiceCertificateProps) {
    super(scope, id);
    if (!props.dnsNames.length) throw new Error(`ServiceCertificate ${props.namespace}/${props.name}: needs at least one DNS name`);
    this.secretName = `${props.name}-tls`;
    new Certificate(this, 'Resource', {
      metadata: {
        name: props.name,
        namespace: props.namespace,
        labels: standardLabels({ name: props.name, instance: props.namespace, component: 'certificate' }),
      },
      spec: {
        secretName: this.secretName,
        ...(props.secretLabels ? { secretTemplate: { labels: { ...props.secretLabels } } } : {}),
        dnsNames: [...props.dnsNames],
        issuerRef: { ...props.issuer.issuerRef },
        duration: '2160h',
        renewBefore: '360h',
        privateKey: { algorithm: CertificateSpecPrivateKeyAlgorithm.ECDSA, size: 256, rotationPolicy: CertificateSpecPrivateKeyRotationPolicy.ALWAYS },
        usages: [CertificateSpecUsages.SERVER_AUTH, CertificateSpecUsages.DIGITAL_SIGNATURE, CertificateSpecUsages.KEY_ENCIPHERMENT],
      },
    });
  }
}
