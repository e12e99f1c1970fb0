import { type Guardrail, objectRef, ofKind, type Violation } from '../guardrail';
import { istioGateways } from '../mesh';

const PLAIN = ['HTTP', 'HTTP2', 'GRPC', 'TCP'];
const MODERN_TLS = ['TLSV1_2', 'TLSV1_3'];

/**
 * SEC-48a: every host of every Gateway terminates TLS 1.2 or later with a
 * certificate that cert-manager issues from a CA issuer (the internal CA)
 * and that names the host; a plain listener only redirects to HTTPS.
 */
export const sec48aTlsEndpoints: Guardrail = {
  id: 'SEC-48a',
  level: 'error',
  title: 'Every Gateway host terminates TLS 1.2+ with a certificate of the internal CA naming it; plain HTTP only redirects',
  fix: 'Add hosts with PlatformGateway.addHost or route: an HTTPS server per host with its Certificate from the internal issuer, and HTTP with httpsRedirect.',
  check({ objects }) {
    const out: Violation[] = [];
    const caIssuers = new Set(
      ofKind(objects, 'Issuer', 'ClusterIssuer')
        .filter((o) => o.spec?.ca)
        .map((o) => `${o.kind}/${o.kind === 'Issuer' ? o.metadata.namespace : ''}/${o.metadata.name}`),
    );
    for (const gateway of istioGateways(objects)) {
      const ns = gateway.metadata.namespace;
      for (const server of gateway.spec?.servers ?? []) {
        const name = server.port?.name ?? String(server.port?.number);
        const hosts: string[] = server.hosts ?? [];
        const protocol = String(server.port?.protocol ?? '').toUpperCase();
        const tls = server.tls ?? {};
        if (PLAIN.includes(protocol)) {
          if (!tls.httpsRedirect)
            out.push({ object: objectRef(gateway), message: `server ${name} serves ${hosts.join(', ')} over plain ${protocol}, not only a redirect to HTTPS` });
          continue;
        }
        if (!['SIMPLE', 'MUTUAL'].includes(tls.mode)) {
          out.push({ object: objectRef(gateway), message: `server ${name} does not terminate TLS (mode ${tls.mode ?? 'unset'})` });
          continue;
        }
        if (!MODERN_TLS.includes(tls.minProtocolVersion))
          out.push({
            object: objectRef(gateway),
            message: `server ${name} accepts TLS older than 1.2 (minProtocolVersion ${tls.minProtocolVersion ?? 'unset'})`,
          });
        const certificate = ofKind(objects, 'Certificate').find((o) => o.metadata.namespace === ns && o.spec?.secretName === tls.credentialName);
        if (!certificate) {
          out.push({ object: objectRef(gateway), message: `server ${name} uses Secret ${tls.credentialName}, which no Certificate in ${ns} issues` });
          continue;
        }
        const uncovered = hosts.filter((h) => !(certificate.spec.dnsNames ?? []).includes(h));
        if (uncovered.length)
          out.push({ object: objectRef(gateway), message: `server ${name}: certificate ${certificate.metadata.name} does not name ${uncovered.join(', ')}` });
        const ref = certificate.spec.issuerRef ?? {};
        const kind = ref.kind ?? 'Issuer';
        if (!caIssuers.has(`${kind}/${kind === 'Issuer' ? ns : ''}/${ref.name}`))
          out.push({
            object: objectRef(gateway),
            message: `server ${name}: certificate ${certificate.metadata.name} is not issued by the internal CA (${kind} ${ref.name})`,
          });
      }
    }
    return out;
  },
};
