import { kubeObject, tenantNamespaceObject } from '../support/objects';
import { type KubeObject, ofKind, type TerraformStackJson } from '../../constructs/policy/guardrail';
import {
  claimTemplates,
  containersOf,
  nfsStorageClasses,
  objectsIn,
  peerNamespace,
  podTemplates,
  selects,
  storageClasses,
  tenantNamespaces,
} from '../../constructs/policy/inspect';

const template = (labels: Record<string, string>, name: string) => ({ metadata: { labels }, spec: { containers: [{ name }] } });

describe('what the rules see of the objects', () => {
  test('tenant namespaces are Namespaces carrying the tenant label, each list answered on its own', () => {
    const alice = tenantNamespaceObject('alice');
    const notTenant = kubeObject('v1', 'ConfigMap', 'bob', 'x', { metadata: { labels: { 'mlops-platform.io/tenant': 'bob' } } });
    const plain = kubeObject('v1', 'Namespace', 'mlflow', undefined);
    expect([...tenantNamespaces([alice, notTenant, plain])]).toEqual(['alice']);
    expect([...tenantNamespaces([plain])]).toEqual([]);
    const list = [alice];
    expect(tenantNamespaces(list)).toBe(tenantNamespaces(list));
  });

  test('objects of a kind in a namespace', () => {
    const objects = [
      kubeObject('v1', 'Secret', 'a', 'alice'),
      kubeObject('v1', 'Secret', 'b', 'bob'),
      kubeObject('v1', 'ConfigMap', 'c', 'alice'),
      kubeObject('v1', 'Secret', 'd', 'alice'),
    ];
    expect(objectsIn(objects, 'alice', 'Secret').map((o) => o.metadata.name)).toEqual(['a', 'd']);
    expect(objectsIn(objects, 'carol', 'Secret')).toEqual([]);
    expect(objectsIn([kubeObject('v1', 'Namespace', 'n', undefined)], '', 'Namespace').map((o) => o.metadata.name)).toEqual(['n']);
  });

  test('objects of kinds, in the order of the list (kinds interleaved), each list indexed on its own', () => {
    const objects = [
      kubeObject('rbac.authorization.k8s.io/v1', 'ClusterRole', 'a', undefined),
      kubeObject('rbac.authorization.k8s.io/v1', 'Role', 'b', 'x'),
      kubeObject('v1', 'ConfigMap', 'c', 'x'),
      kubeObject('rbac.authorization.k8s.io/v1', 'ClusterRole', 'd', undefined),
      kubeObject('rbac.authorization.k8s.io/v1', 'Role', 'e', 'x'),
    ];
    const names = (list: readonly KubeObject[]) => list.map((o) => o.metadata.name);
    expect(names(ofKind(objects, 'Role', 'ClusterRole'))).toEqual(['a', 'b', 'd', 'e']);
    expect(names(ofKind(objects, 'ClusterRole', 'Secret', 'Role'))).toEqual(['a', 'b', 'd', 'e']);
    expect(names(ofKind(objects, 'ConfigMap'))).toEqual(['c']);
    expect(ofKind(objects, 'Secret')).toEqual([]);
    expect(ofKind(objects, 'Role')).toBe(ofKind(objects, 'Role'));
    expect(names(ofKind(objects.slice(0, 2), 'Role', 'ClusterRole'))).toEqual(['a', 'b']);
  });

  test('claims from templates: StatefulSets, CloudNativePG storage and WAL, MinIO pools; other owners and unnamed classes make none', () => {
    const objects = [
      kubeObject('apps/v1', 'StatefulSet', 's', 'x', {
        spec: { volumeClaimTemplates: [{ spec: { storageClassName: 'a' } }, { spec: {} }, {}] },
      }),
      kubeObject('postgresql.cnpg.io/v1', 'Cluster', 'db', 'x', { spec: { storage: { storageClass: 'b' }, walStorage: { storageClass: 'c' } } }),
      kubeObject('postgresql.cnpg.io/v1', 'Cluster', 'db2', 'x', { spec: { storage: { size: '1Gi' } } }),
      kubeObject('cluster.x-k8s.io/v1beta1', 'Cluster', 'other', 'x', { spec: { storage: { storageClass: 'no' } } }),
      kubeObject('minio.min.io/v2', 'Tenant', 'store', 'x', { spec: { pools: [{ volumeClaimTemplate: { spec: { storageClassName: 'd' } } }, {}] } }),
      kubeObject('other.io/v1', 'Tenant', 't', 'x', { spec: { pools: [{ volumeClaimTemplate: { spec: { storageClassName: 'no' } } }] } }),
      kubeObject('apps/v1', 'StatefulSet', 'bare', 'x'),
      kubeObject('minio.min.io/v2', 'Tenant', 'empty', 'x', { spec: {} }),
      kubeObject('apps/v1', 'Deployment', 'd', 'x', { spec: { volumeClaimTemplates: [{ spec: { storageClassName: 'no' } }] } }),
    ];
    expect(claimTemplates(objects).map((c) => `${c.owner.metadata.name}:${c.storageClassName}`)).toEqual(['s:a', 'db:b', 'db:c', 'store:d']);
  });

  test('pod templates of every workload kind, with their labels and how many pods run at once', () => {
    const labels = { app: 'x' };
    const objects = [
      kubeObject('v1', 'Pod', 'pod', 'x', { metadata: { labels }, spec: { containers: [{ name: 'p' }] } }),
      kubeObject('v1', 'Pod', 'bare-pod', 'x'),
      kubeObject('apps/v1', 'Deployment', 'deploy', 'x', { spec: { replicas: 3, template: template(labels, 'd') } }),
      kubeObject('apps/v1', 'StatefulSet', 'sts', 'x', { spec: { template: template(labels, 's') } }),
      kubeObject('apps/v1', 'ReplicaSet', 'rs', 'x', { spec: { replicas: 2, template: template(labels, 'r') } }),
      kubeObject('apps/v1', 'DaemonSet', 'ds', 'x', { spec: { template: template(labels, 'ds') } }),
      kubeObject('apps/v1', 'Deployment', 'empty', 'x'),
      kubeObject('batch/v1', 'Job', 'job', 'x', { spec: { parallelism: 4, template: template(labels, 'j') } }),
      kubeObject('batch/v1', 'Job', 'job1', 'x', { spec: { template: template(labels, 'j1') } }),
      kubeObject('batch/v1', 'Job', 'bare-job', 'x'),
      kubeObject('batch/v1', 'CronJob', 'cron', 'x', { spec: { jobTemplate: { spec: { parallelism: 2, template: template(labels, 'c') } } } }),
      kubeObject('batch/v1', 'CronJob', 'cron1', 'x', { spec: { jobTemplate: { spec: { template: template(labels, 'c1') } } } }),
      kubeObject('batch/v1', 'CronJob', 'bare-cron', 'x'),
      kubeObject('v1', 'Service', 'svc', 'x', { spec: { template: template(labels, 'no') } }),
    ];
    const seen = podTemplates(objects).map((t) => [t.owner.metadata.name, t.labels, t.spec.containers?.[0]?.name, t.replicas, t.maxReplicas]);
    expect(seen).toEqual([
      ['pod', labels, 'p', 1, 1],
      ['bare-pod', {}, undefined, 1, 1],
      ['deploy', labels, 'd', 3, 3],
      ['sts', labels, 's', 1, 1],
      ['rs', labels, 'r', 2, 2],
      ['ds', labels, 'ds', 1, 1],
      ['empty', {}, undefined, 1, 1],
      ['job', labels, 'j', 4, 4],
      ['job1', labels, 'j1', 1, 1],
      ['bare-job', {}, undefined, 1, 1],
      ['cron', labels, 'c', 2, 2],
      ['cron1', labels, 'c1', 1, 1],
      ['bare-cron', {}, undefined, 1, 1],
    ]);
  });

  test('an autoscaler raises the most pods of the workload it targets, never lowers it', () => {
    const hpa = (name: string, target: Record<string, unknown>, maxReplicas?: number) =>
      kubeObject('autoscaling/v2', 'HorizontalPodAutoscaler', name, 'x', { spec: { scaleTargetRef: target, ...(maxReplicas ? { maxReplicas } : {}) } });
    const objects = [
      kubeObject('apps/v1', 'Deployment', 'web', 'x', { spec: { replicas: 2, template: template({}, 'w') } }),
      kubeObject('apps/v1', 'Deployment', 'api', 'x', { spec: { replicas: 5, template: template({}, 'a') } }),
      kubeObject('apps/v1', 'StatefulSet', 'web', 'x', { spec: { replicas: 1, template: template({}, 's') } }),
      kubeObject('apps/v1', 'Deployment', 'web', 'y', { spec: { replicas: 1, template: template({}, 'y') } }),
      hpa('web', { kind: 'Deployment', name: 'web' }, 6),
      hpa('api', { kind: 'Deployment', name: 'api' }, 3),
      hpa('none', { kind: 'Deployment', name: 'ghost' }),
      kubeObject('autoscaling/v2', 'HorizontalPodAutoscaler', 'bare', 'x'),
    ];
    expect(podTemplates(objects).map((t) => [t.owner.kind, t.owner.metadata.namespace, t.owner.metadata.name, t.replicas, t.maxReplicas])).toEqual([
      ['Deployment', 'x', 'web', 2, 6],
      ['Deployment', 'x', 'api', 5, 5],
      ['StatefulSet', 'x', 'web', 1, 1],
      ['Deployment', 'y', 'web', 1, 1],
    ]);
  });

  test('a MinIO pool’s pods: its contexts, resources and scheduling, the Tenant’s image, env and mounts, the operator’s account', () => {
    const tenant = kubeObject('minio.min.io/v2', 'Tenant', 'store', 'object-store', {
      spec: {
        image: 'minio:1',
        imagePullPolicy: 'IfNotPresent',
        priorityClassName: 'high',
        env: [{ name: 'A', value: '1' }],
        additionalVolumes: [{ name: 'kms' }],
        additionalVolumeMounts: [{ name: 'kms', mountPath: '/kms' }],
        pools: [
          {
            servers: 4,
            securityContext: { runAsUser: 1 },
            containerSecurityContext: { readOnlyRootFilesystem: true },
            resources: { limits: { memory: '1Gi' } },
            nodeSelector: { a: 'b' },
            tolerations: [{ key: 'k' }],
          },
          {},
        ],
      },
    });
    const [full, bare] = podTemplates([tenant, kubeObject('other.io/v1', 'Tenant', 'other', 'x', { spec: { pools: [{}] } })]);
    expect(full).toMatchObject({ labels: { 'v1.min.io/tenant': 'store' }, replicas: 4, maxReplicas: 4 });
    // What every pool's container takes from the Tenant; the pool adds its contexts and resources.
    const fromTenant = {
      name: 'minio',
      image: 'minio:1',
      imagePullPolicy: 'IfNotPresent',
      env: [{ name: 'A', value: '1' }],
      volumeMounts: [{ name: 'kms', mountPath: '/kms' }],
    };
    expect(full.spec).toEqual({
      securityContext: { runAsUser: 1 },
      priorityClassName: 'high',
      nodeSelector: { a: 'b' },
      tolerations: [{ key: 'k' }],
      serviceAccountName: 'store-sa',
      volumes: [{ name: 'kms' }],
      containers: [{ ...fromTenant, securityContext: { readOnlyRootFilesystem: true }, resources: { limits: { memory: '1Gi' } } }],
    });
    expect(bare.replicas).toBe(1);
    expect(bare.spec).toEqual({
      priorityClassName: 'high',
      serviceAccountName: 'store-sa',
      volumes: [{ name: 'kms' }],
      containers: [fromTenant],
    });
    const plain = podTemplates([kubeObject('minio.min.io/v2', 'Tenant', 's', 'x', { spec: { image: 'm', serviceAccountName: 'mine', pools: [{}] } })]);
    expect(plain[0].spec).toEqual({ serviceAccountName: 'mine', volumes: [], containers: [{ name: 'minio', image: 'm', env: [], volumeMounts: [] }] });
    expect(podTemplates([kubeObject('minio.min.io/v2', 'Tenant', 'none', 'x')])).toEqual([]);
  });

  test('a CloudNativePG instance: user 26 with the runtime seccomp profile, a hardened container with the status probes', () => {
    const seccompProfile = { type: 'RuntimeDefault' };
    const probe = (path: string) => ({ httpGet: { path, port: 8000 } });
    const [defaults] = podTemplates([kubeObject('postgresql.cnpg.io/v1', 'Cluster', 'db', 'x', { spec: { imageName: 'pg:17', instances: 3 } })]);
    expect(defaults).toMatchObject({ labels: { 'cnpg.io/cluster': 'db' }, replicas: 3 });
    expect(defaults.spec).toEqual({
      securityContext: { runAsNonRoot: true, runAsUser: 26, runAsGroup: 26, fsGroup: 26, seccompProfile },
      serviceAccountName: 'db',
      containers: [
        {
          name: 'postgres',
          image: 'pg:17',
          securityContext: {
            allowPrivilegeEscalation: false,
            privileged: false,
            readOnlyRootFilesystem: true,
            runAsNonRoot: true,
            capabilities: { drop: ['ALL'] },
            seccompProfile,
          },
          startupProbe: probe('/startupz'),
          readinessProbe: probe('/readyz'),
          livenessProbe: probe('/healthz'),
        },
      ],
    });
    const [own] = podTemplates([
      kubeObject('postgresql.cnpg.io/v1', 'Cluster', 'db', 'x', {
        spec: {
          imageName: 'pg:17',
          imagePullPolicy: 'Always',
          priorityClassName: 'p',
          serviceAccountName: 'sa',
          resources: { limits: { memory: '1Gi' } },
          podSecurityContext: { fsGroup: 7 },
          securityContext: { privileged: true },
        },
      }),
    ]);
    expect(own.replicas).toBe(1);
    expect(own.spec.securityContext).toEqual({ runAsUser: 26, runAsGroup: 26, seccompProfile, fsGroup: 7 });
    expect(own.spec).toMatchObject({ serviceAccountName: 'sa', priorityClassName: 'p' });
    expect(own.spec.containers[0]).toMatchObject({
      imagePullPolicy: 'Always',
      resources: { limits: { memory: '1Gi' } },
      securityContext: { seccompProfile, privileged: true },
    });
    expect(Object.keys(own.spec.containers[0].securityContext)).toEqual(['seccompProfile', 'privileged']);
    expect(podTemplates([kubeObject('cluster.x-k8s.io/v1beta1', 'Cluster', 'c', 'x', { spec: {} })])).toEqual([]);
  });

  test('a Katib Experiment’s trial Job runs as many pods as trials in parallel; other trial kinds and groups are not pods here', () => {
    const experiment = (apiVersion: string, trialSpec: unknown, parallelTrialCount?: number) =>
      kubeObject(apiVersion, 'Experiment', 'e', 'alice', { spec: { ...(parallelTrialCount ? { parallelTrialCount } : {}), trialTemplate: { trialSpec } } });
    const job = { kind: 'Job', spec: { template: template({ trial: 't' }, 'train') } };
    const [trial] = podTemplates([experiment('kubeflow.org/v1beta1', job, 3)]);
    expect([trial.labels, trial.spec.containers[0].name, trial.replicas]).toEqual([{ trial: 't' }, 'train', 3]);
    const [single] = podTemplates([experiment('kubeflow.org/v1beta1', { kind: 'Job' })]);
    expect([single.labels, single.spec, single.replicas]).toEqual([{}, {}, 1]);
    expect(podTemplates([experiment('kubeflow.org/v1beta1', { kind: 'TFJob', spec: { template: template({}, 'x') } })])).toEqual([]);
    expect(podTemplates([experiment('other.io/v1', job)])).toEqual([]);
    expect(podTemplates([kubeObject('kubeflow.org/v1beta1', 'Experiment', 'none', 'alice', { spec: {} })])).toEqual([]);
  });

  test('containers are init, regular and ephemeral containers in that order', () => {
    expect(containersOf({ containers: [{ name: 'b' }], initContainers: [{ name: 'a' }], ephemeralContainers: [{ name: 'c' }] }).map((c) => c.name)).toEqual([
      'a',
      'b',
      'c',
    ]);
    expect(containersOf({})).toEqual([]);
  });

  test('label selectors: labels and expressions must all match; an empty selector selects everything, none selects nothing', () => {
    const labels = { app: 'web', tier: 'front' };
    expect(selects(undefined, labels)).toBe(false);
    expect(selects({}, labels)).toBe(true);
    expect(selects({ matchLabels: { app: 'web' } }, labels)).toBe(true);
    expect(selects({ matchLabels: { app: 'web', tier: 'back' } }, labels)).toBe(false);
    expect(selects({ matchLabels: { app: 'web' }, matchExpressions: [{ key: 'tier', operator: 'In', values: ['back'] }] }, labels)).toBe(false);
    const expression = (operator: string, key: string, values?: string[]) => selects({ matchExpressions: [{ key, operator, values }] }, labels);
    expect([
      expression('In', 'tier', ['front', 'back']),
      expression('In', 'tier', ['back']),
      expression('In', 'zone', ['a']),
      expression('In', 'zone'),
    ]).toEqual([true, false, false, false]);
    expect([
      expression('NotIn', 'tier', ['back']),
      expression('NotIn', 'tier', ['front']),
      expression('NotIn', 'zone', ['a']),
      expression('NotIn', 'tier'),
    ]).toEqual([true, false, true, true]);
    expect([expression('Exists', 'app'), expression('Exists', 'zone'), expression('DoesNotExist', 'zone'), expression('DoesNotExist', 'app')]).toEqual([
      true,
      false,
      true,
      false,
    ]);
    expect(expression('Gt', 'app', ['1'])).toBe(false);
    expect(selects({ matchExpressions: [{ key: 'undefinedKey', operator: 'In', values: ['undefined'] }] }, {})).toBe(false);
  });

  test('a peer names one namespace only by the immutable name label', () => {
    expect(peerNamespace({ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'mlflow' } } })).toBe('mlflow');
    expect(peerNamespace({ namespaceSelector: { matchLabels: { name: 'mlflow' } } })).toBeUndefined();
    expect(peerNamespace({ namespaceSelector: {} })).toBeUndefined();
    expect(peerNamespace({})).toBeUndefined();
  });

  test('StorageClasses of both outputs, normalized with Kubernetes’ defaults; NFS ones by their provisioner', () => {
    const stacks: TerraformStackJson[] = [
      {
        stack: 's',
        json: {
          resource: {
            kubernetes_storage_class_v1: {
              nfs: { metadata: [{ name: 'nfs' }], storage_provisioner: 'nfs.csi.k8s.io', reclaim_policy: 'Retain', parameters: { server: 'nas' } },
              bare: {},
            },
            kubernetes_storage_class: { old: { metadata: { name: 'old' }, storage_provisioner: 'x' } },
            kubernetes_storage_class_v1x: { no: { metadata: [{ name: 'no' }] } },
            my_kubernetes_storage_class: { no: { metadata: [{ name: 'no' }] } },
          },
        },
      },
    ];
    const objects = [
      {
        ...kubeObject('storage.k8s.io/v1', 'StorageClass', 'local', undefined),
        provisioner: 'nfs.csi.k8s.io',
        reclaimPolicy: 'Retain',
        parameters: { a: 'b' },
      } as KubeObject,
      kubeObject('storage.k8s.io/v1', 'StorageClass', 'plain', undefined),
      kubeObject('v1', 'ConfigMap', 'no', 'x'),
    ];
    expect(storageClasses(objects, stacks)).toEqual([
      { ref: 's:kubernetes_storage_class_v1.nfs', name: 'nfs', provisioner: 'nfs.csi.k8s.io', reclaimPolicy: 'Retain', parameters: { server: 'nas' } },
      { ref: 's:kubernetes_storage_class_v1.bare', name: '', provisioner: '', reclaimPolicy: 'Delete', parameters: {} },
      { ref: 's:kubernetes_storage_class.old', name: 'old', provisioner: 'x', reclaimPolicy: 'Delete', parameters: {} },
      { ref: 'StorageClass//local', name: 'local', provisioner: 'nfs.csi.k8s.io', reclaimPolicy: 'Retain', parameters: { a: 'b' } },
      { ref: 'StorageClass//plain', name: 'plain', provisioner: '', reclaimPolicy: 'Delete', parameters: {} },
    ]);
    expect(nfsStorageClasses(objects, stacks).map((c) => c.name)).toEqual(['nfs', 'local']);
  });
});
