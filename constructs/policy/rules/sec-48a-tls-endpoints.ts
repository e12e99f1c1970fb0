import { type Guardrail, objectRef, type Violation } from '../guardrail';

/** SEC-48a: platform endpoints are reached over TLS with certificates from the platform's issuer. */
export const sec48aTlsEndpoints: Guardrail = {
  id: 'SEC-48a',
  level: 'error',
  title: 'Every Ingress terminates TLS for each of its hosts with a Secret a cert-manager Certificate in its namespace issues',
  fix: 'Give the Ingress a tls entry for every host, backed by a ServiceCertificate from the internal CA.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const ingress of objects.filter((o) => o.kind === 'Ingress')) {
      const tls: { hosts?: string[]; secretName?: string }[] = ingress.spec?.tls ?? [];
      const hosts = (ingress.spec?.rules ?? []).map((r: any) => r.host).filter(Boolean);
      const uncovered = hosts.filter((h: string) => !tls.some((t) => t.hosts?.includes(h)));
      if (!tls.length || uncovered.length) out.push({ object: objectRef(ingress), message: `serves ${uncovered.join(', ') || 'its hosts'} without TLS` });
      for (const { secretName } of tls) {
        const issued = objects.some((o) => o.kind === 'Certificate' && o.metadata.namespace === ingress.metadata.namespace && o.spec?.secretName === secretName);
        if (!issued) out.push({ object: objectRef(ingress), message: `uses TLS Secret ${secretName}, which no Certificate in its namespace issues` });
      }
    }
    return out;
  },
};
