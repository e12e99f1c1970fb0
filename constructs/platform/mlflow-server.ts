import { Construct } from 'constructs';
import {
  IntOrString,
  KubeClusterRole,
  KubeClusterRoleBinding,
  KubeDeployment,
  KubePodDisruptionBudget,
  KubeService,
  KubeServiceAccount,
  type Probe,
  Quantity,
} from 'cdk8s-plus-28/lib/imports/k8s';
import { IMAGE_PULL_POLICY, isPinnedImage } from '../lib/images';
import { selectorLabels, standardLabels } from '../lib/labels';
import { mlflowReleaseProblem } from '../lib/mlflow-release';
import { KUBE_API_EGRESS, namespacePeer, policyPorts } from '../lib/network-policy';
import { PLATFORM_HOSTS } from '../lib/naming';
import { namedScope } from '../lib/named-scope';
import { Problems } from '../lib/problems';
import { HARDENED_CONTAINER, PLATFORM_USER, restrictedPodSecurity, spreadOverNodes } from '../lib/restricted-pod';
import { addGuardrailExemption } from '../policy/exemptions';
import type { InternalCaIssuer } from './internal-ca-issuer';
import type { IObjectStore } from './object-store';
import type { PlatformGateway } from './platform-gateway';
import type { PostgresCluster } from './postgres-cluster';
import { ServiceCertificate } from './service-certificate';
import type { ServiceNamespace } from './service-namespace';

/** The identity the gateway forwards once a browser user has signed on: headers it writes from the verified token. */
export interface MlflowSignOn {
  /** Header holding the user's name, as RBAC subjects name users (`kubeflow-userid`: the email). */
  readonly userHeader: string;
  /** Header holding the user's groups. */
  readonly groupsHeader: string;
  /** What separates groups in it. */
  readonly groupsSeparator: string;
}

/** Properties of an {@link MlflowServer}. */
export interface MlflowServerProps {
  /** The namespace it runs in (with its database). */
  readonly namespace: ServiceNamespace;
  /** Issuer of its serving certificate. */
  readonly issuer: InternalCaIssuer;
  /** MLflow release, e.g. `3.12.0`: one with workspaces that the image's plugins support. */
  readonly version: string;
  /**
   * Image with MLflow, boto3 (S3 artifacts), psycopg2 (PostgreSQL) and
   * mlflow-kubernetes-plugins, pinned. The platform builds one from `images/mlflow`.
   */
  readonly image: string;
  /**
   * Replicas of each server; more than one adds a PodDisruptionBudget and spreads pods over nodes.
   * @default 1
   */
  readonly replicas?: number;
  /** The backend store. */
  readonly database: PostgresCluster;
  /** Where artifacts go (`mlflow-artifacts`); MLflow proxies them, so users never hold bucket credentials. */
  readonly objectStore: IObjectStore;
  /**
   * Label selector of the namespaces MLflow shows as workspaces, one per namespace: the tenants' (such as
   * `mlops-platform.io/tenant`, which no platform or system namespace carries).
   */
  readonly workspaceSelector: string;
  /**
   * The gateway's sign-on. With it, browsers reach `https://mlflow.<domain>` as their signed-on identity;
   * without it, MLflow is not on the gateway and only pods reach it, with their service account tokens.
   * @default - no browser access
   */
  readonly signOn?: MlflowSignOn;
  /**
   * PriorityClass of its pods.
   * @default - the cluster's default priority
   */
  readonly priorityClassName?: string;
  /** The gateway that serves it as `https://mlflow.<domain>`, verifying its certificate. */
  readonly gateway: PlatformGateway;
}

/** The port the tracking servers' pods listen on (HTTPS). */
export const MLFLOW_PORT = 5000;
const SECRETS = '/var/run/secrets';
const TLS_CA = `${SECRETS}/tls/ca.crt`;
/** Key of the PostgreSQL advisory lock that lets one pod at a time migrate the database. */
const MIGRATION_LOCK = 0x6d6c6664;
/** The resources of `mlflow.kubeflow.org` the authorization plugin checks that tenants use (experiments and runs, models, datasets). */
export const MLFLOW_TENANT_RESOURCES = ['experiments', 'registeredmodels', 'datasets'] as const;
/** The API group the authorization plugin checks every call against (mlflow_kubernetes_plugins/auth/constants.py DEFAULT_AUTH_GROUP). */
export const MLFLOW_API_GROUP = 'mlflow.kubeflow.org';

/**
 * The init container's program: the schema migrations every new MLflow release needs (an MLflow server refuses an
 * out-of-date schema and does not migrate it), done once, under an advisory lock, before any server process starts,
 * so replicas and the two servers never race. It does what `mlflow db upgrade` does (mlflow/db.py upgrade:
 * `create_sqlalchemy_engine_with_retry`, `_upgrade_db`), and on an empty database what the SQL stores do on first
 * start (mlflow/store/db/utils.py `_all_tables_exist`, `_initialize_tables`), without the password on a command line.
 */
const MIGRATE = (tlsCa: string) => `import sqlalchemy
from mlflow.store.db import utils
with open('${SECRETS}/mlflow-db/uri') as secret:
    uri = secret.read().strip() + '?sslmode=verify-full&sslrootcert=${tlsCa}'
engine = utils.create_sqlalchemy_engine_with_retry(uri)
with engine.connect() as lock:
    lock.execute(sqlalchemy.text('SELECT pg_advisory_lock(${MIGRATION_LOCK})'))
    if utils._all_tables_exist(engine):
        utils._upgrade_db(engine)
    else:
        utils._initialize_tables(engine)
    lock.execute(sqlalchemy.text('SELECT pg_advisory_unlock(${MIGRATION_LOCK})'))
`;

/** Labels of the workspace migration's pods, which may reach the database and the Kubernetes API. */
const MIGRATION_POD_LABELS = { 'app.kubernetes.io/name': 'mlflow-workspace-migration', 'app.kubernetes.io/instance': 'mlflow' } as const;

/**
 * The workspace migration's program. Before workspaces, every experiment and registered model lived in one space,
 * and MLflow's basic-auth kept who owns each (the user holding MANAGE: tables `users`, `experiment_permissions`,
 * `registered_model_permissions` of the auth database, mlflow/server/auth/db/models.py, where an experiment's ID is
 * text, an integer in the tracking database's `experiments`). With workspaces on, they
 * sit in the `default` workspace, which no tenant sees. The program reads the owners, maps each to their tenant
 * namespace (by user name or email, from the spec) and moves each owner's experiments and models into that
 * workspace with MLflow's own `mlflow db move-resources` (mlflow/db.py), in process so the database password is on
 * no command line, `--dry-run` unless applying. What has no owner, or an owner without a tenant, stays and is listed.
 */
const WORKSPACE_MIGRATION = (tlsCa: string, authDatabase: string) => `import json, os, sys, urllib.parse
import sqlalchemy
from mlflow.db import commands
owners = json.loads(os.environ['WORKSPACE_OWNERS'])
apply = os.environ.get('APPLY') == 'true'
with open('${SECRETS}/mlflow-db/uri') as secret:
    app = urllib.parse.urlsplit(secret.read().strip())
tls = 'sslmode=verify-full&sslrootcert=${tlsCa}'
tracking = urllib.parse.urlunsplit(app._replace(query=tls))
auth = urllib.parse.urlunsplit(app._replace(path='/${authDatabase}', query=tls))
with sqlalchemy.create_engine(tracking).connect() as db:
    experiments = {str(i): name for i, name in db.execute(sqlalchemy.text('SELECT experiment_id, name FROM experiments')).all()}
manage = "JOIN users u ON u.id = p.user_id WHERE p.permission = 'MANAGE'"
try:
    with sqlalchemy.create_engine(auth).connect() as db:
        owned = {
            'experiments': [(experiments.get(str(i)), u) for i, u in db.execute(sqlalchemy.text('SELECT p.experiment_id, u.username FROM experiment_permissions p ' + manage)).all()],
            'registered_models': db.execute(sqlalchemy.text('SELECT p.name, u.username FROM registered_model_permissions p ' + manage)).all(),
        }
except (sqlalchemy.exc.OperationalError, sqlalchemy.exc.ProgrammingError) as error:
    print(f'no basic-auth owners to read ({error.__class__.__name__}): nothing to move')
    sys.exit(0)
for resource, pairs in owned.items():
    moves = {}
    for name, user in pairs:
        if name is None:
            continue
        if user not in owners:
            print(f'stays in default: {resource} {name!r} (owner {user!r} has no tenant)')
            continue
        moves.setdefault(owners[user], []).append(name)
    for workspace, names in sorted(moves.items()):
        args = ['move-resources', tracking, '--from', 'default', '--to', workspace, '--resource-type', resource]
        args += [a for n in sorted(set(names)) for a in ('--name', n)]
        args += ['--yes'] if apply else ['--dry-run']
        commands.main(args=args, standalone_mode=False)
`;

/** How one of the two servers authorizes: the caller's token, or the identity the gateway forwards. */
interface ServerRole {
  readonly name: string;
  readonly component: string;
  /** Host names clients reach it by (MLflow refuses any other Host header). */
  readonly hosts: readonly string[];
  /** The plugin's settings (mlflow_kubernetes_plugins/auth/constants.py, v1.2.1). */
  readonly env: readonly { readonly name: string; readonly value: string }[];
}

/**
 * The MLflow tracking server and model registry with a workspace per tenant
 * namespace and Kubernetes RBAC on every call (mlflow-kubernetes-plugins:
 * `--enable-workspaces --workspace-store-uri kubernetes://`, `--app-name
 * kubernetes-auth`). Two servers share the PostgreSQL backend store and the
 * artifacts bucket: `mlflow`, for pods, authorizes each call with the
 * caller's own service account token (SelfSubjectAccessReview); `mlflow-web`,
 * behind the gateway's sign-on, authorizes the user the gateway names
 * (SubjectAccessReview) and admits connections from the gateway alone. No
 * MLflow password exists. Artifacts are proxied to the object store, HTTPS
 * end to end, schema migrations run once under a lock before the servers
 * start, hardened non-root pods, a PDB and spread when replicated.
 */
export class MlflowServer extends Construct {
  /** Tracking URI inside the cluster (HTTPS, internal CA), for pods with a service account token. */
  public readonly trackingUri: string;
  /** URL through the gateway, over the VPN, when browsers sign on. */
  public readonly externalUrl?: string;
  /** Pod port NetworkPolicies allow. */
  public readonly port = MLFLOW_PORT;
  /** Namespace of the servers. */
  public readonly namespaceName: string;
  /** Labels of the pods of the server pods call. */
  public readonly podLabels: Readonly<Record<string, string>>;
  private readonly namespace: ServiceNamespace;
  private readonly clients = new Set<string>();
  /** What the workspace migration's Job runs with: the servers' image, database credentials and certificate, workspaces. */
  private readonly runtime: { readonly image: string; readonly databaseSecret: string; readonly tlsSecret: string; readonly workspaceSelector: string };

  constructor(scope: Construct, id: string, props: MlflowServerProps) {
    super(scope, id);
    const ns = props.namespace.name;
    const replicas = props.replicas ?? 1;
    validate(props, replicas);
    this.namespaceName = ns;
    this.namespace = props.namespace;
    const serviceHost = (name: string) => `${name}.${ns}.svc.cluster.local`;
    this.trackingUri = `https://${serviceHost('mlflow')}`;
    const roles: ServerRole[] = [
      {
        name: 'mlflow',
        component: 'tracking-server',
        hosts: [serviceHost('mlflow'), `mlflow.${ns}.svc`],
        env: [{ name: 'MLFLOW_K8S_AUTH_AUTHORIZATION_MODE', value: 'self_subject_access_review' }],
      },
    ];
    const signOn = props.signOn;
    if (signOn) {
      roles.push({
        name: 'mlflow-web',
        component: 'web',
        hosts: [serviceHost('mlflow-web'), props.gateway.hostOf(PLATFORM_HOSTS.mlflow)],
        env: [
          { name: 'MLFLOW_K8S_AUTH_AUTHORIZATION_MODE', value: 'subject_access_review' },
          { name: 'MLFLOW_K8S_AUTH_REMOTE_USER_HEADER', value: signOn.userHeader },
          { name: 'MLFLOW_K8S_AUTH_REMOTE_GROUPS_HEADER', value: signOn.groupsHeader },
          { name: 'MLFLOW_K8S_AUTH_REMOTE_GROUPS_SEPARATOR', value: signOn.groupsSeparator },
        ],
      });
    }

    const certificate = new ServiceCertificate(this, 'Certificate', {
      issuer: props.issuer,
      namespace: ns,
      name: 'mlflow',
      dnsNames: roles.flatMap((role) => [serviceHost(role.name), `${role.name}.${ns}.svc`]),
    });
    this.runtime = {
      image: props.image,
      databaseSecret: props.database.appSecret,
      tlsSecret: certificate.secretName,
      workspaceSelector: props.workspaceSelector,
    };
    const s3 = props.objectStore.grant({ name: 'mlflow', namespace: ns }, 'mlflowArtifacts', 'write');
    const objectStoreCa = props.objectStore.caSecret(certificate.secretName);

    // The workspace provider lists and watches namespaces; the web server also asks the API about the users it serves.
    const rbacLabels = standardLabels({ name: 'mlflow', instance: ns, component: 'rbac' });
    const clusterRole = (roleId: string, name: string, rules: { apiGroups: string[]; resources: string[]; verbs: string[] }[], accounts: string[]) => {
      new KubeClusterRole(this, roleId, { metadata: { name, labels: rbacLabels }, rules });
      new KubeClusterRoleBinding(this, `${roleId}Binding`, {
        metadata: { name, labels: rbacLabels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: accounts.map((account) => ({ kind: 'ServiceAccount', name: account, namespace: ns })),
      });
    };
    clusterRole(
      'WorkspacesRole',
      'mlflow-workspaces',
      [{ apiGroups: [''], resources: ['namespaces'], verbs: ['list', 'watch'] }],
      roles.map((role) => role.name),
    );
    if (signOn) {
      clusterRole(
        'AccessReviewsRole',
        'mlflow-web-access-reviews',
        [{ apiGroups: ['authorization.k8s.io'], resources: ['subjectaccessreviews'], verbs: ['create'] }],
        ['mlflow-web'],
      );
    }

    const quantity = Quantity.fromString;
    const secretVolume = (name: string, secretName: string, key?: string) => ({
      name,
      secret: { secretName, ...(key ? { items: [{ key, path: key }] } : {}), defaultMode: 0o440 },
    });
    const mount = (name: string, mountPath: string, readOnly = true) => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
    // Both servers reach the same three things: the database, the artifacts bucket, the Kubernetes API.
    const egress = [props.database.networkTarget, props.objectStore.networkTarget, KUBE_API_EGRESS];

    for (const role of roles) {
      const identity = { name: role.name, instance: ns };
      const labels = standardLabels({ ...identity, component: role.component, version: props.version });
      const podLabels = selectorLabels(identity);
      // MLflow checks the Host header of every request, probes included (its security middleware, MLflow 3.5+).
      const health = (periodSeconds: number, failureThreshold: number, initialDelaySeconds?: number): Probe => ({
        httpGet: { path: '/health', port: IntOrString.fromNumber(MLFLOW_PORT), scheme: 'HTTPS', httpHeaders: [{ name: 'Host', value: role.hosts[0] }] },
        ...(initialDelaySeconds ? { initialDelaySeconds } : {}),
        periodSeconds,
        failureThreshold,
      });
      const roleScope = namedScope(this, role.name);
      new KubeServiceAccount(roleScope, 'ServiceAccount', { metadata: { name: role.name, namespace: ns, labels } });
      new KubeDeployment(roleScope, 'Deployment', {
        metadata: { name: role.name, namespace: ns, labels },
        spec: {
          replicas,
          selector: { matchLabels: { ...podLabels } },
          strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: IntOrString.fromNumber(1), maxUnavailable: IntOrString.fromNumber(0) } },
          template: {
            metadata: { labels },
            spec: {
              serviceAccountName: role.name,
              // The plugins call the Kubernetes API with the pod's own token (exempted from SEC-22 below).
              automountServiceAccountToken: true,
              ...(props.priorityClassName ? { priorityClassName: props.priorityClassName } : {}),
              securityContext: restrictedPodSecurity(PLATFORM_USER, PLATFORM_USER.gid),
              ...(replicas > 1 ? { topologySpreadConstraints: spreadOverNodes(podLabels) } : {}),
              initContainers: [
                {
                  name: 'migrate',
                  image: props.image,
                  imagePullPolicy: IMAGE_PULL_POLICY,
                  workingDir: '/tmp',
                  command: ['python', '-c', MIGRATE(TLS_CA)],
                  env: [{ name: 'HOME', value: '/tmp' }],
                  volumeMounts: [mount('database', `${SECRETS}/mlflow-db`), mount('tls', `${SECRETS}/tls`), mount('tmp', '/tmp', false)],
                  resources: { requests: { cpu: quantity('100m'), memory: quantity('256Mi') }, limits: { cpu: quantity('1'), memory: quantity('1Gi') } },
                  securityContext: HARDENED_CONTAINER,
                },
              ],
              containers: [
                {
                  name: 'mlflow',
                  image: props.image,
                  imagePullPolicy: IMAGE_PULL_POLICY,
                  ports: [{ containerPort: MLFLOW_PORT }],
                  workingDir: '/tmp',
                  command: ['/bin/sh', '-c'],
                  args: [
                    [
                      `exec mlflow server --host 0.0.0.0 --port ${MLFLOW_PORT}`,
                      // CloudNativePG's `uri` has no query (pkg/specs/secrets.go, v1.30.0): TLS verified against the internal CA, for the `-rw.<namespace>` name its certificate holds.
                      `--backend-store-uri "$(cat ${SECRETS}/mlflow-db/uri)?sslmode=verify-full&sslrootcert=${TLS_CA}"`,
                      `--serve-artifacts --artifacts-destination s3://${s3.bucket}`,
                      '--enable-workspaces --workspace-store-uri kubernetes://',
                      '--app-name kubernetes-auth',
                      `--allowed-hosts "${role.hosts.flatMap((host) => [host, `${host}:*`]).join(',')}"`,
                      `--uvicorn-opts "--ssl-certfile ${SECRETS}/tls/tls.crt --ssl-keyfile ${SECRETS}/tls/tls.key"`,
                    ].join(' '),
                  ],
                  env: [
                    { name: 'MLFLOW_S3_ENDPOINT_URL', value: s3.endpoint },
                    { name: 'AWS_DEFAULT_REGION', value: s3.region },
                    { name: 'AWS_SHARED_CREDENTIALS_FILE', value: `${SECRETS}/s3/credentials` },
                    ...(objectStoreCa ? [{ name: 'AWS_CA_BUNDLE', value: `${SECRETS}/object-store-ca/ca.crt` }] : []),
                    // Only the tenants' namespaces are workspaces (mlflow_kubernetes_plugins/workspace_plugin/provider.py, v1.2.1).
                    { name: 'MLFLOW_K8S_WORKSPACE_LABEL_SELECTOR', value: props.workspaceSelector },
                    ...role.env,
                    { name: 'HOME', value: '/tmp' },
                  ],
                  volumeMounts: [
                    mount('database', `${SECRETS}/mlflow-db`),
                    mount('s3', `${SECRETS}/s3`),
                    mount('tls', `${SECRETS}/tls`),
                    ...(objectStoreCa ? [mount('object-store-ca', `${SECRETS}/object-store-ca`)] : []),
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
                { name: 'tmp', emptyDir: { sizeLimit: quantity('1Gi') } },
              ],
            },
          },
        },
      });
      addGuardrailExemption(this, {
        rule: 'SEC-22',
        object: `Deployment/${ns}/${role.name}`,
        reason:
          'mlflow-kubernetes-plugins call the Kubernetes API with the pod’s token: the workspace provider lists and watches namespaces, the web server asks SubjectAccessReviews about the users it serves',
      });
      if (replicas > 1) {
        new KubePodDisruptionBudget(roleScope, 'DisruptionBudget', {
          metadata: { name: role.name, namespace: ns, labels },
          spec: { maxUnavailable: IntOrString.fromNumber(1), selector: { matchLabels: { ...podLabels } }, unhealthyPodEvictionPolicy: 'AlwaysAllow' },
        });
      }
      const service = new KubeService(roleScope, 'Service', {
        metadata: { name: role.name, namespace: ns, labels },
        spec: { type: 'ClusterIP', selector: { ...podLabels }, ports: [{ name: 'https', port: 443, targetPort: IntOrString.fromNumber(MLFLOW_PORT) }] },
      });
      if (role.name === 'mlflow-web') {
        this.externalUrl = props.gateway.route({ host: PLATFORM_HOSTS.mlflow, service, port: 443, backendTls: true });
        // It trusts the identity headers, so only the gateway, which writes them from a verified token, may connect.
        props.namespace.allow(role.name, podLabels, {
          ingress: [{ from: [{ ...props.gateway.peer }], ports: policyPorts([{ port: MLFLOW_PORT }]) }],
          egress,
        });
      } else {
        props.namespace.allow(role.name, podLabels, { egress });
      }
      props.database.allowClients(role.name, podLabels);
    }
    this.podLabels = selectorLabels({ name: 'mlflow', instance: ns });
    // The workspace migration (run on demand, `npm run mlflow-workspaces`) reads the database and lists namespaces.
    props.namespace.allow('mlflow-workspace-migration', MIGRATION_POD_LABELS, {
      egress: [props.database.networkTarget, KUBE_API_EGRESS],
    });
    props.database.allowClients('mlflow-workspace-migration', MIGRATION_POD_LABELS);
  }

  /**
   * The Job that moves the experiments and registered models of the shared server of earlier releases into their
   * owners' workspaces (see {@link WORKSPACE_MIGRATION}); a dry run unless `apply`. `owners` maps each basic-auth
   * user name (a user's name or email) to their tenant namespace. Not part of the synthesized output: the
   * `mlflow-workspaces` command creates it when asked.
   */
  public workspaceMigrationJob(owners: Readonly<Record<string, string>>, apply: boolean, authDatabase = 'mlflow_auth'): Record<string, any> {
    const mount = (name: string, mountPath: string, readOnly = true) => ({ name, mountPath, ...(readOnly ? { readOnly } : {}) });
    return {
      apiVersion: 'batch/v1',
      kind: 'Job',
      metadata: { generateName: 'mlflow-workspace-migration-', namespace: this.namespaceName, labels: { ...MIGRATION_POD_LABELS } },
      spec: {
        backoffLimit: 0,
        ttlSecondsAfterFinished: 86400,
        template: {
          metadata: { labels: { ...MIGRATION_POD_LABELS } },
          spec: {
            restartPolicy: 'Never',
            // The Kubernetes workspace provider checks each target workspace exists (namespaces list, as the servers).
            serviceAccountName: 'mlflow',
            automountServiceAccountToken: true,
            securityContext: restrictedPodSecurity(PLATFORM_USER, PLATFORM_USER.gid),
            containers: [
              {
                name: 'migrate',
                image: this.runtime.image,
                imagePullPolicy: IMAGE_PULL_POLICY,
                workingDir: '/tmp',
                command: ['python', '-c', WORKSPACE_MIGRATION(TLS_CA, authDatabase)],
                env: [
                  { name: 'WORKSPACE_OWNERS', value: JSON.stringify(owners) },
                  { name: 'APPLY', value: String(apply) },
                  { name: 'MLFLOW_WORKSPACE_STORE_URI', value: 'kubernetes://' },
                  { name: 'MLFLOW_K8S_WORKSPACE_LABEL_SELECTOR', value: this.runtime.workspaceSelector },
                  { name: 'HOME', value: '/tmp' },
                ],
                volumeMounts: [mount('database', `${SECRETS}/mlflow-db`), mount('tls', `${SECRETS}/tls`), mount('tmp', '/tmp', false)],
                resources: { requests: { cpu: '100m', memory: '512Mi' }, limits: { cpu: '1', memory: '1Gi' } },
                securityContext: HARDENED_CONTAINER,
              },
            ],
            volumes: [
              { name: 'database', secret: { secretName: this.runtime.databaseSecret, items: [{ key: 'uri', path: 'uri' }], defaultMode: 0o440 } },
              { name: 'tls', secret: { secretName: this.runtime.tlsSecret, defaultMode: 0o440 } },
              { name: 'tmp', emptyDir: { sizeLimit: '1Gi' } },
            ],
          },
        },
      },
    };
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

function validate(props: MlflowServerProps, replicas: number): void {
  const problems = new Problems();
  const release = mlflowReleaseProblem(props.version);
  if (release) problems.add('version', release, props.version);
  if (!Number.isInteger(replicas) || replicas < 1) problems.add('replicas', 'must be a whole number >= 1', replicas);
  if (!isPinnedImage(props.image)) problems.add('image', 'must pin a tag other than latest, or a digest', props.image);
  if (!props.workspaceSelector.trim())
    problems.add('workspaceSelector', 'must select the tenants’ namespaces: without it, every namespace is a workspace', props.workspaceSelector);
  problems.throwIfAny('MlflowServer');
}
