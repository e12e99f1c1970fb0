import { PLAINTEXT_REASON_ANNOTATION } from '../../lib/labels';
import { PLATFORM_NAMESPACES } from '../../lib/naming';
import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { objectsIn, tenantNamespaces } from '../inspect';
import { MESH_ROOT_NAMESPACE } from '../mesh';

/** The mode a PeerAuthentication sets (UNSET inherits). */
const modeOf = (p: any): string => p.spec?.mtls?.mode ?? 'UNSET';

/**
 * SEC-48b: `kubeflow` (when present) and every tenant namespace accept only
 * mutual TLS inside the mesh — a namespace-wide STRICT PeerAuthentication,
 * or a mesh-wide one in the root namespace with none weaker beside it — and
 * every per-workload exception (a port or pod left PERMISSIVE or DISABLE)
 * carries its reason.
 */
export const sec48bStrictMtls: Guardrail = {
  id: 'SEC-48b',
  level: 'error',
  title: 'kubeflow and every tenant namespace enforce STRICT mutual TLS; each exception per workload or port states its reason',
  fix: `Add a PeerAuthentication without selector and mtls.mode STRICT to the namespace; annotate per-port exceptions with ${PLAINTEXT_REASON_ANNOTATION}.`,
  check({ objects }) {
    const out: Violation[] = [];
    const peerAuthentications = ofKind(objects, 'PeerAuthentication');
    const namespaceWide = (ns: string) => objectsIn(objects, ns, 'PeerAuthentication').filter((p) => !p.spec?.selector);
    const meshStrict = namespaceWide(MESH_ROOT_NAMESPACE).some((p) => modeOf(p) === 'STRICT');
    const covered = new Set(tenantNamespaces(objects));
    if (objects.some((o) => o.metadata.namespace === PLATFORM_NAMESPACES.kubeflow)) covered.add(PLATFORM_NAMESPACES.kubeflow);
    for (const ns of [...covered].sort()) {
      const own = namespaceWide(ns);
      const weaker = own.find((p) => !['STRICT', 'UNSET'].includes(modeOf(p)));
      if (weaker) out.push({ object: objectRef(weaker), message: `lets every workload in ${ns} accept plain text (mode ${modeOf(weaker)})` });
      else if (!own.some((p) => modeOf(p) === 'STRICT') && !meshStrict)
        out.push({ object: `Namespace//${ns}`, message: 'has no STRICT PeerAuthentication, and the mesh has none' });
    }
    for (const p of peerAuthentications.filter((x) => x.spec?.selector && covered.has(x.metadata.namespace ?? ''))) {
      const plain = [
        ...(['PERMISSIVE', 'DISABLE'].includes(modeOf(p)) ? ['every port'] : []),
        ...Object.entries(p.spec?.portLevelMtls ?? {})
          .filter(([, v]: [string, any]) => ['PERMISSIVE', 'DISABLE'].includes(v?.mode))
          .map(([port]) => `port ${port}`),
      ];
      const reason = p.metadata.annotations?.[PLAINTEXT_REASON_ANNOTATION] ?? '';
      if (plain.length && reason.trim().length < 20)
        out.push({ object: objectRef(p), message: `accepts plain text on ${plain.join(', ')} without a reason (annotation ${PLAINTEXT_REASON_ANNOTATION})` });
    }
    return out;
  },
};
