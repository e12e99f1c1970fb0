import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { IntOrString, KubeNetworkPolicy, KubePodDisruptionBudget } from 'cdk8s-plus-28/lib/imports/k8s';
import { PLAINTEXT_REASON_ANNOTATION, standardLabels } from '../lib/labels';
import { PLATFORM_HOSTS } from '../lib/naming';
import type { PlatformGateway } from '../platform/platform-gateway';
import { KUBEFLOW_TLS_SECRET } from './istio';
import { PIPELINES_API } from './pipelines';
import type { KubeflowSite } from './site';
import { namedScope } from '../lib/named-scope';

/** Properties of {@link KubeflowEntry}. */
export interface KubeflowEntryProps {
  /** The platform's gateway: the dashboard is its `kubeflow` host. */
  readonly gateway: PlatformGateway;
  /** Which applications run (their pods are the gateway's backends). */
  readonly components: KubeflowSite['components'];
}

/** A pod the gateway sends requests to: by the distribution's routes, or to check a sign-on. */
interface GatewayBackend {
  readonly namespace: string;
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
  /** Pod port. */
  readonly port: number;
  /** The application it belongs to, when it is optional. */
  readonly component?: keyof KubeflowSite['components'];
}

/**
 * The pods behind the distribution's VirtualServices and the sign-on check
 * (oauth2-proxy), with their pod ports, as the units build them (a test
 * derives the same list from the built units' routes and Services).
 */
const BACKENDS: readonly GatewayBackend[] = [
  { namespace: 'oauth2-proxy', name: 'oauth2-proxy', podLabels: { 'app.kubernetes.io/name': 'oauth2-proxy' }, port: 4180 },
  { namespace: 'kubeflow', name: 'dashboard', podLabels: { app: 'kubeflow-dashboard' }, port: 8082 },
  { namespace: 'kubeflow', name: 'profiles-kfam', podLabels: { 'app.kubernetes.io/name': 'profile-controller' }, port: 8081 },
  { namespace: 'kubeflow', name: 'jupyter-web-app', podLabels: { app: 'jupyter-web-app' }, port: 5000, component: 'notebooks' },
  { namespace: 'kubeflow', name: 'tensorboards-web-app', podLabels: { app: 'tensorboards-web-app' }, port: 5000, component: 'notebooks' },
  { namespace: 'kubeflow', name: 'volumes-web-app', podLabels: { app: 'volumes-web-app' }, port: 5000, component: 'notebooks' },
  { namespace: 'kubeflow', name: 'ml-pipeline-ui', podLabels: { app: 'ml-pipeline-ui' }, port: 3000, component: 'pipelines' },
  { namespace: 'kubeflow', name: 'metadata-envoy', podLabels: { component: 'metadata-envoy' }, port: 9090, component: 'pipelines' },
  { namespace: 'kubeflow', name: 'katib-ui', podLabels: { 'katib.kubeflow.org/component': 'ui' }, port: 8080, component: 'katib' },
];

/** A port of a sidecar-injected `kubeflow` pod that clients outside the mesh call, and who they are. */
interface PlaintextPort {
  readonly name: string;
  readonly podLabels: Readonly<Record<string, string>>;
  readonly ports: readonly number[];
  readonly reason: string;
  readonly component: keyof KubeflowSite['components'];
}

const TENANT_PODS = 'tenant pods (pipeline steps, notebooks) have no sidecar until tenant namespaces join the mesh';
const API_SERVER = 'the Kubernetes API server calls this admission webhook from outside the mesh';

/** Exceptions to STRICT mutual TLS in `kubeflow`, each with its callers (the pods and ports read from the built units; a test checks each exists). */
const PLAINTEXT_PORTS: readonly PlaintextPort[] = [
  { name: 'ml-pipeline', ...PIPELINES_API, reason: `the Pipelines API: ${TENANT_PODS}`, component: 'pipelines' },
  {
    name: 'metadata-grpc',
    podLabels: { component: 'metadata-grpc-server' },
    ports: [8080],
    reason: `ML Metadata: the distribution runs metadata-envoy without a sidecar, and ${TENANT_PODS}`,
    component: 'pipelines',
  },
  { name: 'cache-server', podLabels: { app: 'cache-server' }, ports: [8443], reason: `the Pipelines cache webhook: ${API_SERVER}`, component: 'pipelines' },
  { name: 'pvcviewer', podLabels: { app: 'pvcviewer' }, ports: [9443], reason: `the PVC viewer webhook: ${API_SERVER}`, component: 'notebooks' },
];

/**
 * Kubeflow behind the platform's gateway: the dashboard's host
 * (`kubeflow.<domain>`, its certificate from the internal CA), the
 * NetworkPolicies that let the gateway (on the edge node's host network)
 * reach the pods the distribution's routes and the sign-on check name,
 * STRICT mutual TLS in `kubeflow` with per-port exceptions that carry their
 * reasons, and the sign-on proxy's disruption budget (its namespace comes
 * with the auth unit).
 */
export class KubeflowEntry extends Construct {
  /** The dashboard's URL. */
  public readonly url: string;

  constructor(scope: Construct, id: string, props: KubeflowEntryProps) {
    super(scope, id);
    const host = props.gateway.addHost(PLATFORM_HOSTS.kubeflow, 'Kubeflow');
    this.url = `https://${host}`;
    const secret = props.gateway.secretOf(host);
    if (secret !== KUBEFLOW_TLS_SECRET) throw new Error(`KubeflowEntry: the units expect ${KUBEFLOW_TLS_SECRET}, the gateway's certificate writes ${secret}`);
    const on = (component?: keyof KubeflowSite['components']) => component === undefined || props.components[component];
    const labels = (instance: string) => standardLabels({ name: 'kubeflow-entry', instance, component: 'gateway' });
    for (const backend of BACKENDS.filter((b) => on(b.component))) {
      new KubeNetworkPolicy(namedScope(this, backend.name), 'FromGateway', {
        metadata: { name: `${backend.name}-from-gateway`, namespace: backend.namespace, labels: labels(backend.namespace) },
        spec: {
          podSelector: { matchLabels: { ...backend.podLabels } },
          policyTypes: ['Ingress'],
          ingress: [{ from: [{ ...props.gateway.peer }], ports: [{ protocol: 'TCP', port: IntOrString.fromNumber(backend.port) }] }],
        },
      });
    }
    new ApiObject(this, 'StrictMtls', {
      apiVersion: 'security.istio.io/v1',
      kind: 'PeerAuthentication',
      metadata: { name: 'default', namespace: 'kubeflow', labels: labels('kubeflow') },
      spec: { mtls: { mode: 'STRICT' } },
    });
    for (const exception of PLAINTEXT_PORTS.filter((p) => on(p.component))) {
      new ApiObject(namedScope(this, exception.name), 'Plaintext', {
        apiVersion: 'security.istio.io/v1',
        kind: 'PeerAuthentication',
        metadata: {
          name: `${exception.name}-plaintext-ports`,
          namespace: 'kubeflow',
          labels: labels('kubeflow'),
          annotations: { [PLAINTEXT_REASON_ANNOTATION]: exception.reason },
        },
        spec: {
          selector: { matchLabels: { ...exception.podLabels } },
          mtls: { mode: 'STRICT' },
          portLevelMtls: Object.fromEntries(exception.ports.map((port) => [String(port), { mode: 'PERMISSIVE' }])),
        },
      });
    }
    new KubePodDisruptionBudget(this, 'AuthProxyBudget', {
      metadata: { name: 'oauth2-proxy', namespace: 'oauth2-proxy', labels: labels('oauth2-proxy') },
      spec: {
        maxUnavailable: IntOrString.fromNumber(1),
        selector: { matchLabels: { 'app.kubernetes.io/name': 'oauth2-proxy' } },
        unhealthyPodEvictionPolicy: 'AlwaysAllow',
      },
    });
  }
}
