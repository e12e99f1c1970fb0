import type { Construct } from 'constructs';
import { ApiObject, Chart } from 'cdk8s';
import { KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { BUILT_IMAGES, builtImage, mirroredImage, PINNED_IMAGES } from '../constructs/lib/images';
import { standardLabels } from '../constructs/lib/labels';
import { KUBE_API_EGRESS, namespacePeer, policyPorts } from '../constructs/lib/network-policy';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import type { InternalCaIssuer } from '../constructs/platform/internal-ca-issuer';
import type { IObjectStore } from '../constructs/platform/object-store';
import { ScheduledDump } from '../constructs/platform/scheduled-dump';
import { ISTIOD } from '../constructs/kubeflow/istio';
import { addGuardrailExemption } from '../constructs/policy/exemptions';
import type { PlatformSpec } from '../environments/spec';

/** Handles the backups chart needs from earlier charts. */
export interface BackupsChartProps {
  readonly issuer: InternalCaIssuer;
  readonly objectStore: IObjectStore;
}

/** A MySQL dump of every database, with the password read from a mounted Secret into an option file (never the command line or the environment). */
function mysqlDump(image: string, host: string, file: string) {
  return {
    name: 'dump',
    image,
    command: ['/bin/sh', '-c'],
    args: [
      [
        'set -eu',
        `printf '[client]\\n%s=%s\\n' password "$(cat /var/run/secrets/mysql/password)" > /tmp/client.cnf`,
        `mysqldump --defaults-extra-file=/tmp/client.cnf --host=${host} --user=root --all-databases --single-transaction --routines --events > /dump/${file}`,
      ].join('\n'),
    ],
    volumeMounts: [{ name: 'mysql', mountPath: '/var/run/secrets/mysql', readOnly: true }],
  };
}

/**
 * Reads every Secret of the Terraform kubernetes backend in `namespace` (it
 * labels each, chunks included, `tfstate: "true"`: Terraform's
 * internal/backend/remote-state/kubernetes) through the API and writes them
 * as one JSON list, ready for `kubectl apply -f`.
 */
function stateDumpScript(namespace: string): string {
  return [
    'import json, ssl, urllib.request',
    "sa = '/var/run/secrets/kubernetes.io/serviceaccount'",
    "token = open(sa + '/token').read()",
    `url = 'https://kubernetes.default.svc/api/v1/namespaces/${namespace}/secrets?labelSelector=tfstate%3Dtrue'`,
    "request = urllib.request.Request(url, headers={'Authorization': 'Bearer ' + token})",
    "items = json.load(urllib.request.urlopen(request, context=ssl.create_default_context(cafile=sa + '/ca.crt')))['items']",
    "for item in items: [item['metadata'].pop(k, None) for k in ('uid', 'resourceVersion', 'creationTimestamp', 'managedFields')]",
    "json.dump({'apiVersion': 'v1', 'kind': 'List', 'items': items}, open('/dump/terraform-state.json', 'w'))",
    "print('dumped', len(items), 'state Secrets')",
  ].join('\n');
}

/**
 * Chart `45-backups`: nightly dumps of the state the platform keeps outside
 * PostgreSQL (whose operator backs it up) into the `backups` bucket — the
 * Pipelines and Katib MySQL databases, and the Terraform state Secrets of
 * the kubernetes backend — each kept `backups.retentionDays` days. After
 * the Kubeflow units (the databases, Istio's CRDs), before serving.
 */
export class BackupsChart extends Chart {
  /** The dumps, by what they back up. */
  public readonly dumps: ReadonlyMap<string, ScheduledDump>;

  constructor(scope: Construct, id: string, spec: PlatformSpec, props: BackupsChartProps) {
    super(scope, id, { disableResourceNameHashes: true });
    const dumps = new Map<string, ScheduledDump>();
    const common = { objectStore: props.objectStore, issuer: props.issuer, retentionDays: spec.backups.retentionDays, imageMirror: spec.registry.mirror };
    const kubeflow = PLATFORM_NAMESPACES.kubeflow;
    const secret = (name: string, key: string) => [{ name: 'mysql', secret: { secretName: name, items: [{ key, path: 'password' }], defaultMode: 0o440 } }];
    if (spec.kubeflow.components.pipelines) {
      const dump = new ScheduledDump(this, 'PipelinesDatabase', {
        ...common,
        name: 'pipelines-db-backup',
        namespace: kubeflow,
        file: 'pipelines.sql',
        dump: mysqlDump(mirroredImage(PINNED_IMAGES.pipelinesMysql, spec.registry.mirror), `mysql.${kubeflow}.svc.cluster.local`, 'pipelines.sql'),
        volumes: secret('mysql-secret', 'password'),
        egress: [
          { to: [{ podSelector: { matchLabels: { app: 'mysql' } } }], ports: policyPorts([{ port: 3306 }]) },
          { to: [namespacePeer(PLATFORM_NAMESPACES.istio, ISTIOD.podLabels)], ports: policyPorts([{ port: ISTIOD.xdsPort }]) },
        ],
        // The Pipelines database is in the mesh (STRICT): the dump joins it with a native sidecar, which lets the Job finish.
        podAnnotations: { 'sidecar.istio.io/nativeSidecar': 'true' },
      });
      // Under the distribution's deny-all, the database admits listed identities only; the dump is one more.
      new ApiObject(this, 'PipelinesDatabaseBackupAccess', {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata: { name: 'mysql-backup', namespace: kubeflow, labels: standardLabels({ name: 'mysql-backup', instance: kubeflow, component: 'backup' }) },
        spec: {
          selector: { matchLabels: { app: 'mysql' } },
          action: 'ALLOW',
          rules: [{ from: [{ source: { principals: [`cluster.local/ns/${kubeflow}/sa/${dump.serviceAccount}`] } }], to: [{ operation: { ports: ['3306'] } }] }],
        },
      });
      dumps.set('pipelines-db', dump);
    }
    if (spec.kubeflow.components.katib) {
      dumps.set(
        'katib-db',
        new ScheduledDump(this, 'KatibDatabase', {
          ...common,
          name: 'katib-db-backup',
          namespace: kubeflow,
          file: 'katib.sql',
          dump: mysqlDump(mirroredImage(PINNED_IMAGES.katibMysql, spec.registry.mirror), `katib-mysql.${kubeflow}.svc.cluster.local`, 'katib.sql'),
          volumes: secret('katib-mysql-secrets', 'MYSQL_ROOT_PASSWORD'),
          egress: [{ to: [{ podSelector: { matchLabels: { 'katib.kubeflow.org/component': 'mysql' } } }], ports: policyPorts([{ port: 3306 }]) }],
          // The Katib database runs without a sidecar (upstream); so does its dump.
          podAnnotations: { 'sidecar.istio.io/inject': 'false' },
        }),
      );
    }
    if (spec.state.backend === 'kubernetes') {
      const namespace = spec.state.namespace;
      const name = 'terraform-state-backup';
      const labels = standardLabels({ name, instance: namespace, component: 'backup' });
      const dump = new ScheduledDump(this, 'TerraformState', {
        ...common,
        name,
        namespace,
        file: 'terraform-state.json',
        usesApi: true,
        egress: [KUBE_API_EGRESS],
        // Python's standard library, from the platform's own MLflow image: a GET of the state Secrets with the pod's token, verified against the cluster CA.
        dump: {
          name: 'dump',
          image: spec.mlflow.image ?? builtImage(BUILT_IMAGES.mlflow, spec.registry.builds!),
          command: ['python3', '-c', stateDumpScript(namespace)],
        },
      });
      // The kubernetes backend labels every state Secret (and its chunks) `tfstate: "true"` (Terraform internal/backend/remote-state/kubernetes).
      new KubeRole(this, 'TerraformStateReader', {
        metadata: { name, namespace, labels },
        rules: [{ apiGroups: [''], resources: ['secrets'], verbs: ['get', 'list'] }],
      });
      new KubeRoleBinding(this, 'TerraformStateReaderBinding', {
        metadata: { name, namespace, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ kind: 'ServiceAccount', name: dump.serviceAccount, namespace }],
      });
      addGuardrailExemption(this, {
        rule: 'SEC-22',
        object: `CronJob/${namespace}/${name}`,
        reason: 'the Terraform state backup reads the state Secrets through the Kubernetes API (a Role limited to Secrets in the state namespace)',
      });
      dumps.set('terraform-state', dump);
    }
    this.dumps = dumps;
  }
}
