import { type KustomizeUnit, deleteObject, mirroredImages, patchDeployment } from './kustomize-unit';
import type { KubeflowSite } from './site';
import { KUBEFLOW_USER_IDENTITY } from './dashboard';
import { spreadOverNodes } from '../lib/restricted-pod';
import type { MlflowSignOn } from '../platform/mlflow-server';

/**
 * The identity the gateway forwards once a user has signed on: the distribution's `dex-jwt` RequestAuthentication
 * (common/oauth2-proxy/components/istio-external-auth) copies the verified token's email and groups into these
 * headers, replacing any the client sent, and the require-JWT policy refuses a request without a verified token.
 */
export const GATEWAY_SIGN_ON: MlflowSignOn = { userHeader: KUBEFLOW_USER_IDENTITY.header, groupsHeader: 'kubeflow-groups', groupsSeparator: ',' };

/** oauth2-proxy's configuration: the site's OIDC provider directly, no Dex, HTTPS only. */
function proxyConfig(site: KubeflowSite): string {
  return [
    'provider = "oidc"',
    `oidc_issuer_url = "${site.oidc.issuerUrl}"`,
    `client_id = "${site.oidc.clientId}"`,
    'scope = "profile email groups openid"',
    'email_domains = [ "*" ]',
    'upstreams = [ "static://200" ]',
    'api_routes = [ "/api/", "/apis/", "^/ml_metadata" ]',
    'skip_provider_button = true',
    'set_authorization_header = true',
    'set_xauthrequest = true',
    'cookie_name = "oauth2_proxy_kubeflow"',
    'cookie_secure = true',
    'cookie_expire = "24h"',
    'cookie_refresh = 0',
    'code_challenge_method = "S256"',
    `redirect_url = "https://kubeflow.${site.domain}/oauth2/callback"`,
    // Other hosts behind the sign-on (MLflow) share the session: the cookie is the domain's, and the sign-in may return to them.
    ...(site.gateway.signedOnHosts.length
      ? [
          `cookie_domains = [ ".${site.domain}" ]`,
          `whitelist_domains = [ ${[`kubeflow.${site.domain}`, ...site.gateway.signedOnHosts].map((h) => `"${h}"`).join(', ')} ]`,
        ]
      : []),
    '',
  ].join('\n');
}

/** Hosts as an AuthorizationPolicy matches them: as they are, and with any port (`Host: <host>:443`). */
function withAnyPort(hosts: readonly string[]): string[] {
  return hosts.flatMap((h) => [h, `${h}:*`]);
}

/**
 * Single sign-on: oauth2-proxy from the distribution, talking to the site's
 * OIDC provider (`access.oidc`) directly. The distribution's Secret with
 * fixed client and cookie secrets is removed; they come from the site's
 * Secret. Istio checks the provider's tokens at the gateway, for Kubeflow's
 * host and the site's other signed-on hosts (MLflow's web server).
 */
export function authUnit(site: KubeflowSite): KustomizeUnit {
  const kubeflowHost = `kubeflow.${site.domain}`;
  const signedOn = [kubeflowHost, ...site.gateway.signedOnHosts];
  const others = site.gateway.hosts.filter((h) => !signedOn.includes(h));
  const fromSite = (name: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: site.oidc.clientSecret, key } } });
  return {
    name: '33-kubeflow-auth',
    upstream: ['common/oauth2-proxy/base'],
    components: ['common/oauth2-proxy/components/istio-external-auth'],
    images: mirroredImages(['quay.io/oauth2-proxy/oauth2-proxy'], site.mirror),
    configMaps: [
      { name: 'oauth2-proxy', namespace: 'oauth2-proxy', behavior: 'replace', files: { 'oauth2_proxy.cfg': proxyConfig(site) } },
      {
        name: 'oauth2-proxy-parameters',
        namespace: 'oauth2-proxy',
        behavior: 'merge',
        literals: { FORCE_HTTPS: 'true', ALLOW_SELF_SIGNED_ISSUER: 'false', ENABLE_M2M_TOKENS: 'true', EXTRA_JWT_ISSUERS: '' },
      },
    ],
    patches: [
      deleteObject('v1', 'Secret', 'oauth2-proxy', 'oauth2-proxy'),
      patchDeployment('oauth2-proxy', 'oauth2-proxy', {
        spec: {
          // Two replicas: spread over nodes (the disruption budget is in the kubeflow-entry chart).
          topologySpreadConstraints: spreadOverNodes({ 'app.kubernetes.io/name': 'oauth2-proxy' }),
          containers: [
            {
              name: 'oauth2-proxy',
              env: [
                { name: 'OAUTH2_PROXY_CLIENT_ID', value: site.oidc.clientId, valueFrom: null },
                fromSite('OAUTH2_PROXY_CLIENT_SECRET', 'client-secret'),
                fromSite('OAUTH2_PROXY_COOKIE_SECRET', 'cookie-secret'),
              ],
            },
          ],
        },
      }),
      // The sign-on applies to Kubeflow's host and MLflow's; the gateway's other hosts (model servers) keep their own authentication.
      {
        target: { group: 'security.istio.io', kind: 'AuthorizationPolicy', name: 'istio-ingressgateway-oauth2-proxy' },
        operations: [{ op: 'add', path: '/spec/rules/0/to/0/operation/hosts', value: withAnyPort(signedOn) }],
      },
      // Fails closed: a request without a token is refused on every host but the others, so an unlisted spelling of Kubeflow's host is refused too.
      ...(others.length
        ? [
            {
              target: { group: 'security.istio.io', kind: 'AuthorizationPolicy', name: 'istio-ingressgateway-require-jwt' },
              operations: [{ op: 'add', path: '/spec/rules/0/to/0/operation/notHosts', value: withAnyPort(others) }],
            },
          ]
        : []),
      {
        target: { group: 'security.istio.io', kind: 'RequestAuthentication', name: 'dex-jwt' },
        operations: [{ op: 'replace', path: '/spec/jwtRules/0/issuer', value: site.oidc.issuerUrl }],
      },
    ],
  };
}
