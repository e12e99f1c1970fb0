import { Construct } from 'constructs';
import { IntOrString, KubeDeployment, KubePodDisruptionBudget, KubeService, KubeServiceAccount, type Probe, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { IMAGE_PULL_POLICY, isPinnedImage } from '../lib/images';
import { selectorLabels, standardLabels } from '../lib/labels';
import { namespacePeer, policyPorts } from '../lib/network-policy';
import { PLATFORM_HOSTS } from '../lib/naming';
import { Problems } from '../lib/problems';
import { HARDENED_CONTAINER, PLATFORM_USER, restrictedPodSecurity, spreadOverNodes } from '../lib/restricted-pod';
import type { InternalCaIssuer } from './internal-ca-issuer';
import type { IObjectStore } from './object-store';
import type { PlatformGateway } from './platform-gateway';
import type { PostgresCluster } from './postgres-cluster';
import { ServiceCertificate } from './service-certificate';
import type { ServiceNamespace } from './service-namespace';

/** Properties of an {@link MlflowServer}. */
export interface MlflowServerProps {
  /** The namespace it runs in (with its database). */
  readonly namespace: ServiceNamespace;
  /** Issuer of its serving certificate. */
  readonly issuer: InternalCaIssuer;
  /** MLflow release, e.g. `3.1.1`. */
  readonly version: string;
  /**
   * Image with MLflow, boto3 (S3 artifacts) and psycopg2 (PostgreSQL), pinned.
   * Required: the upstream image has neither driver; the platform builds one
   * from `images/mlflow`.
   */
  readonly image: string;
  /**
   * Replicas; more than one adds a PodDisruptionBudget and spreads pods over nodes.
   * @default 1
   */
  readonly replicas?: number;
  /** The backend store; it must also have the database {@link MLFLOW_AUTH_DATABASE}, for MLflow's users. */
  readonly database: PostgresCluster;
  /** Where artifacts go (`mlflow-artifacts`); MLflow proxies them, so users never hold bucket credentials. */
  readonly objectStore: IObjectStore;
  /** Existing Secret (key `basic_auth.ini`) with the auth configuration and admin credentials. */
  readonly authSecret: string;
  /**
   * Existing Secret (key `secret-key`) with the Flask secret key every server
   * process signs sessions and CSRF tokens with; read from a file, so all
   * replicas and workers share it.
   */
  readonly secretKeySecret: string;
  /**
   * PriorityClass of its pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /** The gateway that serves it as `https://mlflow.<domain>`, verifying its certificate. */
  readonly gateway: PlatformGateway;
}

/** The port the tracking server's pods listen on (HTTPS). */
export const MLFLOW_PORT = 5000;
const SECRETS = '/var/run/secrets';
/** The auth configuration as the server reads it: the site's file with the auth database filled in (in memory). */
const AUTH_CONFIG = '/var/run/mlflow-auth/basic_auth.ini';
/** The database of MLflow's users and permissions, beside the tracking database in the same cluster. */
export const MLFLOW_AUTH_DATABASE = 'mlflow_auth';
/** Key of the PostgreSQL advisory lock that lets one pod at a time initialise the auth database. */
const AUTH_INIT_LOCK = 0x6d6c6661;

/**
 * The init container's program. It writes the site's `basic_auth.ini` with `database_uri` pointing at the auth
 * database (the application user's URI with the database swapped and TLS verified; `%` doubled, since MLflow reads
 * the file with configparser's interpolation: mlflow/server/auth/config.py read_auth_config, v3.1.1), then does,
 * under an advisory lock, what every server worker does at start (mlflow/server/auth/__init__.py create_app:
 * `store.init_db(auth_config.database_uri)`, `create_admin_user(...)`). The schema migrations and the admin user are
 * then in place before any worker starts, so the replicas' workers no longer race to create them (mlflow#9155).
 */
const AUTH_INIT = (database: string, tlsCa: string) => `import configparser, os, urllib.parse
config = configparser.ConfigParser(interpolation=None)
with open('/etc/mlflow-auth/basic_auth.ini') as site:
    config.read_file(site)
with open('${SECRETS}/mlflow-db/uri') as secret:
    app = urllib.parse.urlsplit(secret.read().strip())
uri = urllib.parse.urlunsplit(app._replace(path='/${database}', query='sslmode=verify-full&sslrootcert=${tlsCa}'))
config['mlflow']['database_uri'] = uri.replace('%', '%%')
with open(os.environ['MLFLOW_AUTH_CONFIG_PATH'], 'w') as out:
    config.write(out)
import sqlalchemy
from mlflow.server.auth import auth_config, create_admin_user, store
with sqlalchemy.create_engine(auth_config.database_uri).connect() as lock:
    lock.execute(sqlalchemy.text('SELECT pg_advisory_lock(${AUTH_INIT_LOCK})'))
    store.init_db(auth_config.database_uri)
    create_admin_user(auth_config.admin_username, auth_config.admin_password)
    lock.execute(sqlalchemy.text('SELECT pg_advisory_unlock(${AUTH_INIT_LOCK})'))
`;

/**
 * The MLflow tracking server and model registry: backend store in
 * PostgreSQL (connection string read from the operator's Secret), artifacts
 * proxied to the object store (`--serve-artifacts`), basic authentication on
 * with one Flask secret key for every process,
 * HTTPS end to end (its own certificate for its cluster names, which the
 * gateway verifies), probes, requests and limits, a hardened non-root pod
 * (the platform's restricted security contexts), a PDB and spread when
 * replicated, and its host on the platform's gateway (TLS, VPN only).
 */
export class MlflowServer extends Construct {
  /** Tracking URI inside the cluster (HTTPS, internal CA). */
  public readonly trackingUri: string;
  /** URL through the gateway, over the VPN. */
  public readonly externalUrl: string;
  /** Pod port NetworkPolicies allow. */
  public readonly port = MLFLOW_PORT;
  /** Namespace of the server. */
  public readonly namespaceName: string;
  /** Labels of the server pods. */
  public readonly podLabels: Readonly<Record<string, string>>;
  private readonly namespace: ServiceNamespace;
  private readonly clients = new Set<string>();

  constructor(scope: Construct, id: string, props: MlflowServerProps) {
    super(scope, id);
    const ns = props.namespace.name;
    const replicas = props.replicas ?? 1;
    const image = props.image;
    validate(props, replicas, image);
    this.namespaceName = ns;
    this.namespace = props.namespace;
    this.trackingUri = `https://mlflow.${ns}.svc.cluster.local`;
    const identity = { name: 'mlflow', instance: ns };
    const labels = standardLabels({ ...identity, component: 'tracking-server', version: props.version });
    this.podLabels = selectorLabels(identity);

    const certificate = new ServiceCertificate(this, 'Certificate', {
      issuer: props.issuer,
      namespace: ns,
      name: 'mlflow',
      dnsNames: [`mlflow.${ns}.svc.cluster.local`, `mlflow.${ns}.svc`],
    });
    const s3 = props.objectStore.grant({ name: 'mlflow', namespace: ns }, 'mlflowArtifacts', 'write');
    const objectStoreCa = props.objectStore.caSecret(certificate.secretName);
    new KubeServiceAccount(this, 'ServiceAccount', { metadata: { name: 'mlflow', namespace: ns, labels }, automountServiceAccountToken: false });
    const secretVolume = (name: string, secretName: string, key?: string) => ({
      name,
      secret: { secretName, ...(key ? { items: [{ key, path: key }] } : {}), defaultMode: 0o440 },
    });
    const mount = (name: string, mountPath: string, readOnly = true) => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
    const health = (periodSeconds: number, failureThreshold: number, initialDelaySeconds?: number): Probe => ({
      httpGet: { path: '/health', port: IntOrString.fromNumber(MLFLOW_PORT), scheme: 'HTTPS' },
      ...(initialDelaySeconds ? { initialDelaySeconds } : {}),
      periodSeconds,
      failureThreshold,
    });
    const quantity = Quantity.fromString;

    new KubeDeployment(this, 'Deployment', {
      metadata: { name: 'mlflow', namespace: ns, labels },
      spec: {
        replicas,
        selector: { matchLabels: { ...this.podLabels } },
        strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: IntOrString.fromNumber(1), maxUnavailable: IntOrString.fromNumber(0) } },
        template: {
          metadata: { labels },
          spec: {
            serviceAccountName: 'mlflow',
            automountServiceAccountToken: false,
            ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
            securityContext: restrictedPodSecurity(PLATFORM_USER, PLATFORM_USER.gid),
            ...(replicas > 1 ? { topologySpreadConstraints: spreadOverNodes(this.podLabels) } : {}),
            initContainers: [
              {
                name: 'auth-db',
                image,
                imagePullPolicy: IMAGE_PULL_POLICY,
                workingDir: '/tmp',
                command: ['python', '-c', AUTH_INIT(MLFLOW_AUTH_DATABASE, `${SECRETS}/tls/ca.crt`)],
                env: [
                  { name: 'MLFLOW_AUTH_CONFIG_PATH', value: AUTH_CONFIG },
                  { name: 'HOME', value: '/tmp' },
                ],
                volumeMounts: [
                  mount('auth', '/etc/mlflow-auth'),
                  mount('database', `${SECRETS}/mlflow-db`),
                  mount('tls', `${SECRETS}/tls`),
                  mount('auth-config', '/var/run/mlflow-auth', false),
                  mount('tmp', '/tmp', false),
                ],
                resources: { requests: { cpu: quantity('100m'), memory: quantity('256Mi') }, limits: { cpu: quantity('1'), memory: quantity('1Gi') } },
                securityContext: HARDENED_CONTAINER,
              },
            ],
            containers: [
              {
                name: 'mlflow',
                image,
                imagePullPolicy: IMAGE_PULL_POLICY,
                ports: [{ containerPort: MLFLOW_PORT }],
                workingDir: '/tmp',
                command: ['/bin/sh', '-c'],
                args: [
                  [
                    `export MLFLOW_FLASK_SERVER_SECRET_KEY="$(cat ${SECRETS}/mlflow-session/secret-key)" &&`,
                    'exec mlflow server --host 0.0.0.0 --port 5000',
                    // CloudNativePG's `uri` has no query (pkg/specs/secrets.go, v1.30.0): TLS verified against the internal CA, for the `-rw.<namespace>` name its certificate holds.
                    `--backend-store-uri "$(cat ${SECRETS}/mlflow-db/uri)?sslmode=verify-full&sslrootcert=${SECRETS}/tls/ca.crt"`,
                    `--serve-artifacts --artifacts-destination s3://${s3.bucket}`,
                    '--app-name basic-auth',
                    `--gunicorn-opts "--certfile=${SECRETS}/tls/tls.crt --keyfile=${SECRETS}/tls/tls.key"`,
                  ].join(' '),
                ],
                env: [
                  { name: 'MLFLOW_S3_ENDPOINT_URL', value: s3.endpoint },
                  { name: 'AWS_DEFAULT_REGION', value: s3.region },
                  { name: 'AWS_SHARED_CREDENTIALS_FILE', value: `${SECRETS}/s3/credentials` },
                  ...(objectStoreCa ? [{ name: 'AWS_CA_BUNDLE', value: `${SECRETS}/object-store-ca/ca.crt` }] : []),
                  { name: 'MLFLOW_AUTH_CONFIG_PATH', value: AUTH_CONFIG },
                  { name: 'HOME', value: '/tmp' },
                ],
                volumeMounts: [
                  mount('database', `${SECRETS}/mlflow-db`),
                  mount('s3', `${SECRETS}/s3`),
                  mount('tls', `${SECRETS}/tls`),
                  ...(objectStoreCa ? [mount('object-store-ca', `${SECRETS}/object-store-ca`)] : []),
                  mount('auth-config', '/var/run/mlflow-auth'),
                  mount('session-key', `${SECRETS}/mlflow-session`),
                  mount('tmp', '/tmp', false),
                ],
                readinessProbe: health(10, 3),
                startupProbe: health(5, 60),
                livenessProbe: health(20, 5, 30),
                resources: { requests: { cpu: quantity('250m'), memory: quantity('1Gi') }, limits: { cpu: quantity('2'), memory: quantity('2Gi') } },
                securityContext: HARDENED_CONTAINER,
              },
            ],
            volumes: [
              secretVolume('database', props.database.appSecret, 'uri'),
              secretVolume('s3', s3.credentialsSecret, 'credentials'),
              secretVolume('tls', certificate.secretName),
              ...(objectStoreCa ? [secretVolume('object-store-ca', objectStoreCa, 'ca.crt')] : []),
              // Holds the database password once composed: in memory, never on the node's disk.
              { name: 'auth-config', emptyDir: { medium: 'Memory', sizeLimit: quantity('1Mi') } },
              secretVolume('session-key', props.secretKeySecret, 'secret-key'),
              { name: 'tmp', emptyDir: { sizeLimit: quantity('1Gi') } },
              secretVolume('auth', props.authSecret, 'basic_auth.ini'),
            ],
          },
        },
      },
    });
    if (replicas > 1) {
      new KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: 'mlflow', namespace: ns, labels },
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...this.podLabels } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      });
    }

    const service = new KubeService(this, 'Service', {
      metadata: { name: 'mlflow', namespace: ns, labels },
      spec: { type: 'ClusterIP', selector: { ...this.podLabels }, ports: [{ name: 'https', port: 443, targetPort: IntOrString.fromNumber(MLFLOW_PORT) }] },
    });
    this.externalUrl = props.gateway.route({ host: PLATFORM_HOSTS.mlflow, service, port: 443, backendTls: true });

    props.namespace.allow('mlflow', this.podLabels, {
      ingress: [{ from: [{ ...props.gateway.peer }], ports: policyPorts([{ port: MLFLOW_PORT }]) }],
      egress: [
        { to: [{ podSelector: { matchLabels: { ...props.database.podLabels } } }], ports: policyPorts([{ port: 5432 }]) },
        { to: props.objectStore.networkTarget.to, ports: props.objectStore.networkTarget.ports },
      ],
    });
    props.database.allowClients('mlflow', this.podLabels);
  }

  /**
   * Lets pods in these namespaces reach the tracking server: one
   * NetworkPolicy per namespace, so adding a tenant adds an object and
   * changes none.
   */
  public allowFrom(...namespaces: string[]): void {
    for (const namespace of namespaces.filter((n) => !this.clients.has(n))) {
      this.clients.add(namespace);
      this.namespace.allow(`mlflow-from-${namespace}`, this.podLabels, {
        ingress: [{ from: [namespacePeer(namespace)], ports: policyPorts([{ port: MLFLOW_PORT }]) }],
      });
    }
  }
}

function validate(props: MlflowServerProps, replicas: number, image: string): void {
  const problems = new Problems();
  if (!props.database.databases.includes(MLFLOW_AUTH_DATABASE))
    problems.add(
      'database',
      `must have the database ${MLFLOW_AUTH_DATABASE} (PostgresCluster databases), where MLflow keeps its users`,
      props.database.databases,
    );
  if (!/^\d+\.\d+\.\d+$/.test(props.version)) problems.add('version', 'must be a release such as "3.1.1"', props.version);
  if (!Number.isInteger(replicas) || replicas < 1) problems.add('replicas', 'must be a whole number >= 1', replicas);
  if (!isPinnedImage(image)) problems.add('image', 'must pin a tag other than latest, or a digest', image);
  problems.throwIfAny('MlflowServer');
}
