/**
 * Every place the platform keeps state the site cannot recreate from the
 * spec — the Secrets it refers to, its databases, buckets, volumes and the
 * Terraform state — with where it lives, how it is backed up, for how long,
 * and the commands that restore it. The README's Secrets table,
 * `docs/data-and-recovery.md`, the protection guardrail (PLT-07) and
 * `npm run restore` all read this one list.
 */
import type { ScheduledDump } from '../constructs/platform/scheduled-dump';
import type { IObjectStore } from '../constructs/platform/object-store';
import { PLATFORM_NAMESPACES } from '../constructs/lib/naming';
import type { PlatformSpec } from '../environments/spec';
import type { PlatformSecret } from './platform-secrets';

/** One piece of state. */
export interface DataItem {
  /** Stable name, what `npm run restore -- --what` takes: `secret/mlflow/mlflow-secret-key`, `database/pipelines`. */
  readonly id: string;
  readonly kind: 'secret' | 'database' | 'bucket' | 'volumes' | 'state';
  readonly what: string;
  /** The namespace it lives in, when it lives in the cluster. */
  readonly namespace?: string;
  readonly backup: string;
  readonly retention: string;
  /** Shell commands (kubectl, mc, terraform) that bring it back, in order; `$VARIABLES` are the operator's choice. */
  readonly restore: readonly string[];
  /**
   * For a database or the state: the object that backs it up (`Kind/namespace/name`),
   * `site` when the site's own systems do, none when nothing does.
   */
  readonly backedUpBy?: string;
}

/** What the inventory is made from: the spec and the composed platform's handles. */
export interface InventorySources {
  readonly secrets: readonly PlatformSecret[];
  readonly objectStore: IObjectStore;
  /** The nightly dumps, by what they back up (`pipelines-db`, `katib-db`, `terraform-state`). */
  readonly dumps: ReadonlyMap<string, ScheduledDump>;
}

/** `mc` set up with the key pair of `consumer`'s Secret in `namespace`, read from the cluster (never typed or stored). */
function mcAlias(store: IObjectStore, namespace: string, secret: string): string {
  const key = (k: string) => `"$(kubectl -n ${namespace} get secret ${secret} -o jsonpath='{.data.${k}}' | base64 -d)"`;
  return `mc alias set backups ${store.endpoint} ${key('CONSOLE_ACCESS_KEY')} ${key('CONSOLE_SECRET_KEY')}`;
}

/** The latest dump under a ScheduledDump's prefix, downloaded to `$DUMP` (or the one `$DUMP_OBJECT` names). */
function latestDump(dump: ScheduledDump): string {
  const prefix = dump.location.replace(/^s3:\/\//, 'backups/');
  return `DUMP_OBJECT="\${DUMP_OBJECT:-$(mc ls ${prefix} | awk '{print $NF}' | sort | tail -n 1)}"; mc cp "${prefix}$DUMP_OBJECT" "\${DUMP:=./$DUMP_OBJECT}"`;
}

/** How a state backend's state is kept safe. */
function stateBackup(state: PlatformSpec['state'], dump: ScheduledDump | undefined): string {
  switch (state.backend) {
    case 'kubernetes':
      return dump ? `a nightly copy of the state Secrets to ${dump.location}` : 'none';
    case 's3':
      return `the bucket ${state.bucket} (turn on its versioning)`;
    default:
      return `the file in ${state.directory}/ (the site's own backup of the workspace)`;
  }
}

/** The data inventory of `spec`. */
export function dataInventory(spec: PlatformSpec, sources: InventorySources): DataItem[] {
  const store = sources.objectStore;
  const minio = spec.objectStore.kind === 'minio';
  const items: DataItem[] = sources.secrets.map((s) => ({
    id: `secret/${s.namespace}/${s.name}`,
    kind: 'secret',
    what: `Secret ${s.name} (${s.keys.join(', ')}): ${s.purpose}`,
    namespace: s.namespace,
    backup:
      s.source.kind === 'site'
        ? 'the site keeps the original (its CA, its identity provider, its key pair)'
        : 'export once after `npm run secrets` into the site’s secret store: its values are random and cannot be made again (a lost KMS key loses every object)',
    retention: 'as long as the platform runs',
    restore: [`kubectl -n ${s.namespace} apply -f "\${SAVED:-./${s.name}.yaml}"   # the exported copy`],
  }));
  const db = spec.mlflow.database;
  items.push({
    id: 'database/mlflow',
    kind: 'database',
    what: 'MLflow’s PostgreSQL (CloudNativePG cluster mlflow-db): every workspace’s experiments, runs, metrics and registered models (who may use them is Kubernetes RBAC, in the manifests)',
    namespace: PLATFORM_NAMESPACES.mlflow,
    backup: `CloudNativePG: WAL archived continuously and a daily base backup to s3://${store.buckets.backups.name}/mlflow-db`,
    backedUpBy: `ScheduledBackup/${PLATFORM_NAMESPACES.mlflow}/mlflow-db-daily`,
    retention: `${db.retentionDays} days`,
    restore: [
      `kubectl -n ${PLATFORM_NAMESPACES.mlflow} get cluster mlflow-db -o yaml > mlflow-db.before.yaml   # keep the old definition`,
      `kubectl -n ${PLATFORM_NAMESPACES.mlflow} delete cluster mlflow-db --wait   # its PVCs stay (Retain class)`,
      `yq '.spec.bootstrap = {"recovery": {"source": "mlflow-db"}} | .spec.externalClusters = [{"name": "mlflow-db", "barmanObjectStore": .spec.backup.barmanObjectStore}] | del(.metadata.resourceVersion, .metadata.uid, .status)' mlflow-db.before.yaml | kubectl apply -f -   # recovers to the latest WAL (set recoveryTarget for a point in time)`,
    ],
  });
  for (const [key, label, deployment, container] of [
    ['pipelines-db', 'Kubeflow Pipelines’ MySQL: runs, experiments, pipeline versions', 'mysql', 'mysql'],
    ['katib-db', 'Katib’s MySQL: experiments, trials and their metrics', 'katib-mysql', 'katib-mysql'],
  ] as const) {
    const dump = sources.dumps.get(key);
    if (!dump) continue;
    const ns = PLATFORM_NAMESPACES.kubeflow;
    items.push({
      id: `database/${key.replace(/-db$/, '')}`,
      kind: 'database',
      what: label,
      namespace: ns,
      backup: `a nightly mysqldump of every database to ${dump.location}`,
      backedUpBy: `CronJob/${ns}/${dump.serviceAccount}`,
      retention: `${spec.backups.retentionDays} days`,
      restore: [
        mcAlias(store, ns, `s3-${dump.serviceAccount}`),
        latestDump(dump),
        `kubectl -n ${ns} exec -i deploy/${deployment} -c ${container} -- sh -c 'exec mysql --user=root --password="$MYSQL_ROOT_PASSWORD"' < "$DUMP"`,
      ],
    });
  }
  for (const bucket of Object.values(store.buckets)) {
    items.push({
      id: `bucket/${bucket.name}`,
      kind: 'bucket',
      what: `the ${bucket.name} bucket${bucket.objectLock ? ' (object-locked)' : ''}`,
      ...(minio ? { namespace: PLATFORM_NAMESPACES.objectStore } : {}),
      backup: `${bucket.versioning ? 'every object versioned (an overwrite or delete keeps the old version)' : 'not versioned'}${minio ? '; an off-site copy is the site’s (`mc mirror` to another S3)' : '; the site’s S3 service keeps it'}`,
      retention: bucket.objectLock ? `versions locked ${bucket.retentionDays} days (GOVERNANCE)` : 'until deleted',
      restore: [
        `mc ls --versions backups/${bucket.name}/$OBJECT   # find the version`,
        `mc cp --version-id "$VERSION" backups/${bucket.name}/$OBJECT backups/${bucket.name}/$OBJECT`,
      ],
    });
  }
  if (spec.objectStore.kind === 'minio') {
    items.push({
      id: 'volumes/object-store',
      kind: 'volumes',
      what: `MinIO’s ${spec.objectStore.servers * spec.objectStore.volumesPerServer} erasure-coded drives (every bucket)`,
      namespace: PLATFORM_NAMESPACES.objectStore,
      backup: 'erasure coding survives lost drives; the buckets’ versions are the backup (above)',
      retention: `as long as the PersistentVolumes (the site’s ${spec.objectStore.drives.type} StorageClass ${spec.objectStore.drives.storageClass}, reclaim Retain)`,
      restore: [
        `kubectl -n ${PLATFORM_NAMESPACES.objectStore} get pvc   # the Tenant's claims rebind their retained volumes when it is recreated with the same pool`,
      ],
    });
  }
  items.push({
    id: 'volumes/nas',
    kind: 'volumes',
    what: `the NAS share ${spec.storage.nfs.server}:${spec.storage.nfs.share} (the dataset, each tenant's uploads)`,
    backup: 'the NAS’s own snapshots and replication (the platform mounts it, it does not copy it)',
    retention: 'the NAS’s snapshot policy',
    restore: ['# restore from the NAS snapshot; the static volumes and claims point at the same paths'],
  });
  for (const user of spec.users) {
    items.push({
      id: `volumes/${user.name}`,
      kind: 'volumes',
      what: `${user.name}'s namespace: the claims of their NAS folders, notebook volumes, pipeline and tuning outputs`,
      namespace: user.name,
      backup: 'the NAS’s snapshots (the claims point at its folders); the namespace is never pruned',
      retention: user.offboarded ? 'kept after offboarding until an admin purges it' : 'as long as the user exists, then until an admin purges it',
      restore: [`npm run apply -- --env ${spec.name}   # re-creates the namespace and its claims, which bind the retained NAS volumes again`],
    });
  }
  const state = spec.state;
  for (const part of ['cluster', 'platform', 'workloads']) {
    const stack = `${spec.name}-${part}`;
    const dump = sources.dumps.get('terraform-state');
    items.push({
      id: `state/${stack}`,
      kind: 'state',
      what: `Terraform state of ${stack}`,
      ...(state.backend === 'kubernetes' ? { namespace: state.namespace } : {}),
      backup: stateBackup(state, dump),
      backedUpBy: state.backend !== 'kubernetes' ? 'site' : dump ? `CronJob/${state.namespace}/${dump.serviceAccount}` : undefined,
      retention: state.backend === 'kubernetes' ? `${spec.backups.retentionDays} days` : 'the site’s',
      restore:
        state.backend === 'kubernetes' && dump
          ? [
              mcAlias(store, state.namespace, `s3-${dump.serviceAccount}`),
              latestDump(dump),
              `kubectl -n ${state.namespace} apply -f "$DUMP"   # every state Secret, ${stack}'s included`,
            ]
          : [`terraform -chdir=cdktf.out/stacks/${stack} state push "$SAVED_STATE"`],
    });
  }
  return items;
}
