import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { containersOf, objectsIn, podTemplates, selects } from '../inspect';

/** The plugin setting that makes an MLflow server trust the identity headers a proxy forwards (mlflow-kubernetes-plugins v1.2.1). */
const TRUSTS_HEADERS = { name: 'MLFLOW_K8S_AUTH_AUTHORIZATION_MODE', value: 'subject_access_review' };

/**
 * PLT-06: every MLflow server authorizes each call with Kubernetes RBAC in the
 * caller's workspace (`--enable-workspaces`, `--app-name kubernetes-auth`),
 * so no one reaches another tenant's experiments or models. A server that
 * trusts forwarded identity headers (trusted-proxy mode) admits connections
 * only from addresses (the gateway's), never from pods of any namespace,
 * which could write those headers themselves.
 */
export const plt06MlflowAuthorization: Guardrail = {
  id: 'PLT-06',
  level: 'error',
  title: 'MLflow authorizes every call with Kubernetes RBAC per workspace; a server trusting forwarded identities admits only the gateway',
  fix: 'Run `mlflow server --enable-workspaces --workspace-store-uri kubernetes:// --app-name kubernetes-auth` (MlflowServer does); let only the gateway reach the web server.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec, labels } of podTemplates(objects)) {
      for (const container of containersOf(spec)) {
        const script = [...(container.command ?? []), ...(container.args ?? [])].join(' ');
        if (!/\bmlflow server\b/.test(script)) continue;
        if (!/--enable-workspaces\b/.test(script) || !/--app-name[ =]kubernetes-auth\b/.test(script)) {
          out.push({ object: objectRef(owner), message: `container ${container.name} runs MLflow without workspaces and Kubernetes authorization` });
          continue;
        }
        if (!(container.env ?? []).some((e: any) => e.name === TRUSTS_HEADERS.name && e.value === TRUSTS_HEADERS.value)) continue;
        const policies = objectsIn(objects, owner.metadata.namespace ?? '', 'NetworkPolicy').filter(
          (p) => (p.spec?.policyTypes ?? ['Ingress']).includes('Ingress') && selects(p.spec?.podSelector, labels),
        );
        for (const policy of policies) {
          const open = (policy.spec.ingress ?? []).some((rule: any) => !rule.from?.length || rule.from.some((peer: any) => !peer.ipBlock));
          if (open) {
            out.push({
              object: objectRef(owner),
              message: `container ${container.name} trusts forwarded identity headers, and NetworkPolicy ${policy.metadata.name} admits pods, not only the gateway`,
            });
          }
        }
      }
    }
    return out;
  },
};
