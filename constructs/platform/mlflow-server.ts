import { Construct } from 'constructs';
import { ApiObject, Duration, JsonPatch, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { IntOrString, KubePodDisruptionBudget } from 'cdk8s-plus-28/lib/imports/k8s';
import { IMAGE_PULL_POLICY, isPinnedImage } from '../lib/images';
import { selectorLabels, standardLabels } from '../lib/labels';
import { namespacePeer, policyPorts } from '../lib/network-policy';
import { PLATFORM_HOSTS } from '../lib/naming';
import { Problems } from '../lib/problems';
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
  /** The backend store. */
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

const PORT = 5000;
const SECRETS = '/var/run/secrets';
/** The auth configuration as the server reads it: the site's file with the auth database filled in (in memory). */
const AUTH_CONFIG = '/var/run/mlflow-auth/basic_auth.ini';
/** The database of MLflow's users and permissions, beside the tracking database in the same cluster. */
const AUTH_DATABASE = 'mlflow_auth';
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
 * gateway verifies), probes, requests and limits, a hardened non-root
 * container, a PDB and spread when replicated, and its host on the
 * platform's gateway (TLS, VPN only).
 */
export class MlflowServer extends Construct {
  /** Tracking URI inside the cluster (HTTPS, internal CA). */
  public readonly trackingUri: string;
  /** URL through the gateway, over the VPN. */
  public readonly externalUrl: string;
  /** Pod port NetworkPolicies allow. */
  public readonly port = PORT;
  /** Namespace of the server. */
  public readonly namespaceName: string;
  /** Labels of the server pods. */
  public readonly podLabels: Readonly<Record<string, string>>;
  /** The Deployment. */
  public readonly deployment: kplus.Deployment;
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
    const serviceAccount = new kplus.ServiceAccount(this, 'ServiceAccount', { metadata: { name: 'mlflow', namespace: ns, labels }, automountToken: false });
    const secretVolume = (volumeId: string, name: string, secretName: string, key?: string) =>
      kplus.Volume.fromSecret(this, volumeId, kplus.Secret.fromSecretName(this, `${volumeId}Secret`, secretName), {
        name,
        ...(key ? { items: { [key]: { path: key } } } : {}),
        defaultMode: 0o440,
      });

    const databaseVolume = secretVolume('DatabaseVolume', 'database', props.database.appSecret, 'uri');
    const tlsVolume = secretVolume('TlsVolume', 'tls', certificate.secretName);
    const tmpVolume = kplus.Volume.fromEmptyDir(this, 'TmpVolume', 'tmp', { sizeLimit: Size.gibibytes(1) });
    // Holds the database password once composed: in memory, never on the node's disk.
    const authConfigVolume = kplus.Volume.fromEmptyDir(this, 'AuthConfigVolume', 'auth-config', { medium: kplus.EmptyDirMedium.MEMORY, sizeLimit: Size.mebibytes(1) });
    const authDatabase = props.database.addDatabase(AUTH_DATABASE);
    const hardened: kplus.ContainerSecurityContextProps = {
      ensureNonRoot: true,
      user: 10001,
      group: 10001,
      readOnlyRootFilesystem: true,
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: [kplus.Capability.ALL] },
      seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
    };

    this.deployment = new kplus.Deployment(this, 'Deployment', {
      metadata: { name: 'mlflow', namespace: ns, labels },
      replicas,
      select: false,
      podMetadata: { labels },
      serviceAccount,
      automountServiceAccountToken: false,
      strategy: kplus.DeploymentStrategy.rollingUpdate({ maxSurge: kplus.PercentOrAbsolute.absolute(1), maxUnavailable: kplus.PercentOrAbsolute.absolute(0) }),
      securityContext: { ensureNonRoot: true, user: 10001, group: 10001, fsGroup: 10001 },
      initContainers: [
        {
          name: 'auth-db',
          image,
          imagePullPolicy: IMAGE_PULL_POLICY as kplus.ImagePullPolicy,
          workingDir: '/tmp',
          command: ['python', '-c', AUTH_INIT(authDatabase, `${SECRETS}/tls/ca.crt`)],
          envVariables: { MLFLOW_AUTH_CONFIG_PATH: kplus.EnvValue.fromValue(AUTH_CONFIG), HOME: kplus.EnvValue.fromValue('/tmp') },
          volumeMounts: [
            { path: '/etc/mlflow-auth', volume: secretVolume('AuthVolume', 'auth', props.authSecret, 'basic_auth.ini'), readOnly: true },
            { path: `${SECRETS}/mlflow-db`, volume: databaseVolume, readOnly: true },
            { path: `${SECRETS}/tls`, volume: tlsVolume, readOnly: true },
            { path: '/var/run/mlflow-auth', volume: authConfigVolume },
            { path: '/tmp', volume: tmpVolume },
          ],
          resources: { cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.units(1) }, memory: { request: Size.mebibytes(256), limit: Size.gibibytes(1) } },
          securityContext: hardened,
        },
      ],
      containers: [
        {
          name: 'mlflow',
          image,
          imagePullPolicy: IMAGE_PULL_POLICY as kplus.ImagePullPolicy,
          portNumber: PORT,
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
          envVariables: {
            MLFLOW_S3_ENDPOINT_URL: kplus.EnvValue.fromValue(s3.endpoint),
            AWS_DEFAULT_REGION: kplus.EnvValue.fromValue(s3.region),
            AWS_SHARED_CREDENTIALS_FILE: kplus.EnvValue.fromValue(`${SECRETS}/s3/credentials`),
            ...(objectStoreCa ? { AWS_CA_BUNDLE: kplus.EnvValue.fromValue(`${SECRETS}/object-store-ca/ca.crt`) } : {}),
            MLFLOW_AUTH_CONFIG_PATH: kplus.EnvValue.fromValue(AUTH_CONFIG),
            HOME: kplus.EnvValue.fromValue('/tmp'),
          },
          volumeMounts: [
            { path: `${SECRETS}/mlflow-db`, volume: databaseVolume, readOnly: true },
            { path: `${SECRETS}/s3`, volume: secretVolume('S3Volume', 's3', s3.credentialsSecret, 'credentials'), readOnly: true },
            { path: `${SECRETS}/tls`, volume: tlsVolume, readOnly: true },
            ...(objectStoreCa ? [{ path: `${SECRETS}/object-store-ca`, volume: secretVolume('ObjectStoreCaVolume', 'object-store-ca', objectStoreCa, 'ca.crt'), readOnly: true }] : []),
            { path: '/var/run/mlflow-auth', volume: authConfigVolume, readOnly: true },
            { path: `${SECRETS}/mlflow-session`, volume: secretVolume('SessionKeyVolume', 'session-key', props.secretKeySecret, 'secret-key'), readOnly: true },
            { path: '/tmp', volume: tmpVolume },
          ],
          readiness: kplus.Probe.fromHttpGet('/health', { port: PORT, scheme: kplus.ConnectionScheme.HTTPS, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
          startup: kplus.Probe.fromHttpGet('/health', { port: PORT, scheme: kplus.ConnectionScheme.HTTPS, periodSeconds: Duration.seconds(5), failureThreshold: 60 }),
          liveness: kplus.Probe.fromHttpGet('/health', { port: PORT, scheme: kplus.ConnectionScheme.HTTPS, initialDelaySeconds: Duration.seconds(30), periodSeconds: Duration.seconds(20), failureThreshold: 5 }),
          resources: {
            cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.units(2) },
            memory: { request: Size.gibibytes(1), limit: Size.gibibytes(2) },
          },
          securityContext: hardened,
        },
      ],
    });
    this.deployment.select(kplus.LabelSelector.of({ labels: { ...this.podLabels } }));
    const template = ApiObject.of(this.deployment);
    template.addJsonPatch(JsonPatch.add('/spec/template/spec/securityContext/seccompProfile', { type: 'RuntimeDefault' }));
    if (props.priorityClassName) template.addJsonPatch(JsonPatch.add('/spec/template/spec/priorityClassName', props.priorityClassName));
    // cdk8s-plus labels pods with a construct-path hash; pods are selected by name and instance only.
    template.addJsonPatch(JsonPatch.remove('/spec/template/metadata/labels/cdk8s.io~1metadata.addr'));
    if (replicas > 1) {
      template.addJsonPatch(
        JsonPatch.add('/spec/template/spec/topologySpreadConstraints', [
          { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { ...this.podLabels } } },
        ]),
      );
      new KubePodDisruptionBudget(this, 'DisruptionBudget', {
        metadata: { name: 'mlflow', namespace: ns, labels },
        spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...this.podLabels } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
      });
    }

    const service = new kplus.Service(this, 'Service', {
      metadata: { name: 'mlflow', namespace: ns, labels },
      type: kplus.ServiceType.CLUSTER_IP,
      ports: [{ name: 'https', port: 443, targetPort: PORT }],
    });
    for (const [key, value] of Object.entries(this.podLabels)) service.selectLabel(key, value);
    this.externalUrl = props.gateway.route({ host: PLATFORM_HOSTS.mlflow, service: ApiObject.of(service), port: 443, backendTls: true });

    props.namespace.allow('mlflow', this.podLabels, {
      ingress: [{ from: [{ ...props.gateway.peer }], ports: policyPorts([{ port: PORT }]) }],
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
      this.namespace.allow(`mlflow-from-${namespace}`, this.podLabels, { ingress: [{ from: [namespacePeer(namespace)], ports: policyPorts([{ port: PORT }]) }] });
    }
  }
}

function validate(props: MlflowServerProps, replicas: number, image: string): void {
  const problems = new Problems();
  if (!/^\d+\.\d+\.\d+$/.test(props.version)) problems.add('version', 'must be a release such as "3.1.1"', props.version);
  if (!Number.isInteger(replicas) || replicas < 1) problems.add('replicas', 'must be a whole number >= 1', replicas);
  if (!isPinnedImage(image)) problems.add('image', 'must pin a tag other than latest, or a digest', image);
  problems.throwIfAny('MlflowServer');
}
