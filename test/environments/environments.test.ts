import * as fs from 'node:fs';
import * as path from 'node:path';
import { discard, publishPlatform, stagePlatform } from '../../app/synthesize';
import { buildPlatform, guardrailFacts } from '../../app/build-platform';
import { platformReservation, summarize } from '../../app/summary';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { containersOf, podTemplates } from '../../constructs/policy/inspect';
import { IMAGE_PULL_POLICY } from '../../constructs/lib/images';
import { CRD_KINDS, openApiProblems } from '../support/openapi';
import { plt07DataHomesProtected } from '../../constructs/policy/rules/plt-07-data-homes-protected';
import { allObjects, copyOf, synthEnvironment, tempDir } from '../support/synth';
import { parseWireguardConfig } from '../support/wireguard-config';

/** The object store's lists of consumers (MinIO users and policies, who may connect), which name every tenant that runs pipelines. */
function storeAccessPlan(o: KubeObject): boolean {
  return o.metadata.namespace === 'object-store' && ['Tenant', 'ConfigMap', 'CronJob', 'NetworkPolicy'].includes(o.kind);
}

/** Every file below `dir`, relative path to content. */
function readTree(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const entry of fs.readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const file = path.join(entry.parentPath, entry.name);
    out[path.relative(dir, file)] = fs.readFileSync(file, 'utf8');
  }
  return out;
}

/** Synthesizes and publishes an environment into a fresh folder; returns the folder's files. */
function publishedTree(input: unknown): Record<string, string> {
  const root = tempDir();
  try {
    const staged = stagePlatform(validateSpec(input), path.join(root, '.synth-staging'));
    publishPlatform(staged, { terraform: path.join(root, 'cdktf.out'), manifests: path.join(root, 'dist') });
    return readTree(root);
  } finally {
    discard(root);
  }
}

describe.each(Object.keys(ENVIRONMENTS))('environment %s', (name) => {
  const staged = synthEnvironment(ENVIRONMENTS[name]);
  const objects = allObjects(staged);
  const inventory = buildPlatform(staged.spec, tempDir()).inventory;

  test('synthesizes a cluster stack with providers from the spec and the charts in apply order', () => {
    expect(staged.stacks.map((s) => s.stack)).toEqual([`${name}-cluster`, `${name}-platform`, `${name}-workloads`]);
    const json = staged.stacks[0].json;
    expect(json.provider.kubernetes[0]).toEqual({ config_path: staged.spec.kubernetes.configPath, config_context: staged.spec.kubernetes.context });
    expect(json.provider.helm[0].kubernetes).toEqual({ config_path: staged.spec.kubernetes.configPath, config_context: staged.spec.kubernetes.context });
    expect(staged.manifests.map((m) => m.file)).toEqual([
      '00-platform-base.k8s.yaml',
      '05-data-homes.k8s.yaml',
      '10-storage.k8s.yaml',
      '20-data-services.k8s.yaml',
      '30-access.k8s.yaml',
      '39-gateway.k8s.yaml',
      '40-tenants.k8s.yaml',
      '45-backups.k8s.yaml',
      '50-serving.k8s.yaml',
      // A chart with nothing to apply writes no file (kubectl refuses an empty apply).
      ...(objects.some((o) => o.kind === 'Experiment') ? ['60-workflows.k8s.yaml'] : []),
    ]);
    expect(staged.manifests.every((m) => m.objects.length > 0)).toBe(true);
  });

  test('pins a Kubernetes minor that is supported upstream (1.34 ended in October 2026; 1.36 is supported until mid-2027)', () => {
    expect(staged.spec.kubernetes.version).toBe('1.36');
  });

  test('passes every guardrail; the only exemptions are the privileged system pieces, the VPN gateway, the tokens of the state backup, MinIO’s operator sidecars, PostgreSQL’s instance manager, MLflow’s servers and the trials that log to it, and a single-host NAS, each with a reason', () => {
    expect(staged.report.errors).toEqual([]);
    expect(staged.report.unusedSuppressions).toEqual([]);
    expect(staged.report.suppressed.map((s) => `${s.rule} ${s.object}`).sort()).toEqual(
      [
        ...(staged.spec.state.backend === 'kubernetes' ? [`SEC-22 CronJob/${staged.spec.state.namespace}/terraform-state-backup`] : []),
        ...(name === 'dev' ? ['PLT-10 NasStorage//ws-gpu01.lab.internal'] : []),
        'SEC-22 Tenant/object-store/store',
        'SEC-22 Cluster/mlflow/mlflow-db',
        // MLflow's workspace provider and authorization plugin call the API; trials call MLflow with their token.
        'SEC-22 Deployment/mlflow/mlflow',
        'SEC-22 Deployment/mlflow/mlflow-web',
        ...objects.filter((o) => o.kind === 'Experiment').map((o) => `SEC-22 Experiment/${o.metadata.namespace}/${o.metadata.name}`),
        'PLT-02 Namespace//vpn',
        `PLT-02 ${name}-cluster:kubernetes_namespace_v1.namespace_csi_nfs`,
        `PLT-02 ${name}-cluster:kubernetes_namespace_v1.namespace_gpu_operator`,
        'SEC-01 Deployment/vpn/wireguard',
        'SEC-03 Deployment/vpn/wireguard',
        // Root for the tunnel (NET_ADMIN) and for the DNS server on port 53 of the gateway address: one finding per container.
        'SEC-08 Deployment/vpn/wireguard',
        'SEC-08 Deployment/vpn/wireguard',
        'SEC-09 Deployment/vpn/wireguard',
        'SEC-09 Deployment/vpn/wireguard',
      ].sort(),
    );
    expect(staged.report.suppressed.every((s) => s.reason.length > 40)).toBe(true);
  });

  test('platform pods outrank tenant pods: the gateways critical, the data stores next, the services after; tenants may not use them; the summary shows the reservation', () => {
    const classes = new Map(objects.filter((o) => o.kind === 'PriorityClass').map((o) => [o.metadata.name, o.value]));
    expect([...classes.keys()]).toEqual(['mlops-platform-critical', 'mlops-platform-data', 'mlops-platform-services']);
    expect(
      classes.get('mlops-platform-critical')! > classes.get('mlops-platform-data')! &&
        classes.get('mlops-platform-data')! > classes.get('mlops-platform-services')!,
    ).toBe(true);
    const priorityOf = (kind: string, name: string) => {
      const o = objects.find((x) => x.kind === kind && x.metadata.name === name)!;
      return o.spec.priorityClassName ?? o.spec.template?.spec?.priorityClassName;
    };
    expect(priorityOf('Deployment', 'wireguard')).toBe('mlops-platform-critical');
    expect(priorityOf('Cluster', 'mlflow-db')).toBe('mlops-platform-data');
    expect(priorityOf('Deployment', 'mlflow')).toBe('mlops-platform-services');
    for (const s of staged.spec.serving) expect(priorityOf('Deployment', s.name)).toBe('mlops-platform-services');
    if (staged.spec.objectStore.kind === 'minio') expect(priorityOf('Tenant', 'store')).toBe('mlops-platform-data');
    const tenantPods = podTemplates(objects).filter(({ owner }) => staged.spec.users.some((u) => u.name === owner.metadata.namespace));
    expect(tenantPods.filter(({ spec }) => spec.priorityClassName)).toEqual([]);
    for (const user of staged.spec.users) {
      expect(
        objects.find((o) => o.kind === 'ResourceQuota' && o.metadata.namespace === user.name && o.metadata.name === 'reserved-priority')?.spec.scopeSelector
          .matchExpressions[0].values,
      ).toEqual([...classes.keys()]);
    }
    const reserved = platformReservation(objects);
    expect(reserved.gpus).toBe(staged.spec.serving.reduce((n, s) => n + s.gpu * (s.maxReplicas ?? s.replicas * 2), 0));
    expect(reserved.cpu).toBeGreaterThan(1);
  });

  test('every namespace holding inventory data is protected: cert-manager (the CA) and kubeflow by prevent_destroy, the platform’s stores and the tenants applied unpruned', () => {
    const homes = guardrailFacts(staged.spec, inventory).dataHomes!.map((h) => h.namespace);
    expect(homes).toEqual(expect.arrayContaining(['cert-manager', 'object-store', 'mlflow', 'vpn', ...staged.spec.users.map((u) => u.name)]));
    const certManager = staged.stacks[0].json.resource.kubernetes_namespace_v1.namespace_cert_manager;
    expect(certManager.lifecycle).toEqual({ prevent_destroy: true });
    const unpruned = staged.manifests.find((m) => m.file === '05-data-homes.k8s.yaml')!.objects.map((o) => o.metadata.name);
    expect(unpruned).toEqual(expect.arrayContaining(['object-store', 'mlflow', 'vpn', ...staged.spec.users.map((u) => u.name)]));
    expect(
      staged.manifests
        .filter((m) => m.file !== '05-data-homes.k8s.yaml')
        .flatMap((m) => m.objects)
        .filter((o) => o.kind === 'Namespace' && unpruned.includes(o.metadata.name)),
    ).toEqual([]);
  });

  test('the data-homes guardrail fails when the CA’s namespace can be destroyed, as it could before', () => {
    const stacks = structuredClone(staged.stacks) as any[];
    delete stacks[0].json.resource.kubernetes_namespace_v1.namespace_cert_manager.lifecycle;
    const findings = plt07DataHomesProtected.check({ objects, stacks, facts: guardrailFacts(staged.spec, inventory) }).map((v) => `${v.object}: ${v.message}`);
    expect(findings).toEqual([
      `${name}-cluster:kubernetes_namespace_v1.namespace_cert_manager: holds secret/cert-manager/platform-ca, but Terraform may destroy it (no lifecycle.prevent_destroy)`,
    ]);
  });

  test('one pull policy for every container the platform writes, operator-made pods included', () => {
    const containers = podTemplates(objects).flatMap(({ owner, spec }) =>
      containersOf(spec).map((c) => `${owner.kind}/${owner.metadata.name}/${c.name}=${c.imagePullPolicy}`),
    );
    const trials = objects
      .filter((o) => o.kind === 'Experiment')
      .flatMap((e) =>
        e.spec.trialTemplate.trialSpec.spec.template.spec.containers.map((c: any) => `Experiment/${e.metadata.name}/${c.name}=${c.imagePullPolicy}`),
      );
    const operated = objects.filter((o) => o.kind === 'Tenant' || o.kind === 'Cluster').map((o) => `${o.kind}/${o.metadata.name}=${o.spec.imagePullPolicy}`);
    const all = [...containers, ...trials, ...operated];
    expect(all.length).toBeGreaterThan(5);
    expect(all.filter((c) => !c.endsWith(`=${IMAGE_PULL_POLICY}`))).toEqual([]);
  });

  test('every core object is valid against the Kubernetes OpenAPI schema; custom resources are only of known CRDs', async () => {
    const { problems, customKinds } = await openApiProblems(objects);
    expect(problems).toEqual([]);
    expect(customKinds.every((kind) => CRD_KINDS.includes(kind))).toBe(true);
    expect(objects.length - customKinds.length).toBeGreaterThan(50);
  });

  test('every GPU node is labelled with its pool and tainted in Terraform', () => {
    const resources = staged.stacks[0].json.resource;
    for (const pool of staged.spec.gpuPools) {
      for (const node of pool.nodes) {
        const labels = Object.values<any>(resources.kubernetes_labels).find((r) => r.metadata.name === node);
        const taint = Object.values<any>(resources.kubernetes_node_taint).find((r) => r.metadata.name === node);
        expect([node, labels?.labels['mlops-platform.io/gpu-pool'], taint?.taint]).toEqual([
          node,
          pool.name,
          [{ key: 'nvidia.com/gpu', value: 'present', effect: 'NoSchedule' }],
        ]);
      }
    }
  });

  test('the GPU Operator and NFS CSI driver are pinned releases from the spec’s chart source', () => {
    const releases = staged.stacks[0].json.resource.helm_release;
    const source = staged.spec.registry.charts;
    expect(releases.gpu_operator).toMatchObject({ chart: 'gpu-operator', version: 'v26.7.0', repository: source ?? 'https://helm.ngc.nvidia.com/nvidia' });
    expect(releases.csi_driver_nfs).toMatchObject({ chart: 'csi-driver-nfs', version: '4.11.0' });
    if (source) expect(releases.csi_driver_nfs.repository).toBe(source);
  });

  test('every tenant has the curated dataset as a read-only claim bound to its own volume', () => {
    for (const user of staged.spec.users) {
      const claim = objects.find((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.namespace === user.name && o.metadata.name === 'dataset');
      const volume = objects.find((o) => o.kind === 'PersistentVolume' && o.metadata.name === claim?.spec.volumeName);
      expect([user.name, claim?.spec.accessModes, volume?.spec.csi.readOnly, volume?.spec.claimRef]).toEqual([
        user.name,
        ['ReadOnlyMany'],
        true,
        { namespace: user.name, name: 'dataset' },
      ]);
    }
  });

  test('data scientists and admins get a writable upload folder of their own; viewers do not', () => {
    const uploads = objects.filter((o) => o.kind === 'PersistentVolumeClaim' && o.metadata.name === 'uploads').map((o) => o.metadata.namespace);
    expect(uploads.sort()).toEqual(
      staged.spec.users
        .filter((u) => u.role !== 'viewer')
        .map((u) => u.name)
        .sort(),
    );
  });

  test('only tenants that may use GPUs get GPU PodDefaults and queues; the summary shows what each quota grants', () => {
    const withGpus = staged.spec.users
      .filter((u) => !u.offboarded && u.quota.gpus > 0)
      .map((u) => u.name)
      .sort();
    const gpuObjects = objects.filter((o) => (o.kind === 'PodDefault' && o.metadata.name.startsWith('gpu-')) || o.kind === 'LocalQueue');
    expect([...new Set(gpuObjects.map((o) => o.metadata.namespace))].sort()).toEqual(withGpus);
    const summary = summarize(staged, { terraform: 'cdktf.out', manifests: 'dist' }, '.', 1);
    for (const user of staged.spec.users.filter((u) => u.offboarded)) {
      expect(summary).toMatch(new RegExp(`\\n  ${user.name} +offboarded +gpus 0 +cpu 0 +memory 0 +storage ${user.quota.storage}\\n`));
    }
    expect(summary).not.toMatch(/\b1 (objects|resources|errors|warnings)\b/);
  });

  test('no Secret and no secret value is in either output', () => {
    expect(objects.filter((o) => o.kind === 'Secret')).toEqual([]);
    const resourceTypes = staged.stacks.flatMap((st) => Object.keys(st.json.resource ?? {}));
    expect(resourceTypes.filter((t) => t.includes('secret'))).toEqual([]);
    const everything = JSON.stringify([objects, staged.stacks]);
    expect(everything).not.toMatch(/PRIVATE KEY|MINIO_ROOT_PASSWORD=|password=|AKIA[0-9A-Z]{16}/);
  });

  test('data services: MinIO with 4+ drives and encryption, PostgreSQL with daily backups, MLflow proxying artifacts behind the gateway', () => {
    const tenant = objects.find((o) => o.kind === 'Tenant')!;
    const pools = tenant.spec.pools.reduce((n: number, p: any) => n + p.servers * p.volumesPerServer, 0);
    expect([pools >= 4, tenant.spec.env.map((e: any) => e.name)]).toEqual([true, ['MINIO_KMS_SECRET_KEY_FILE']]);
    expect(objects.find((o) => o.kind === 'ScheduledBackup')?.spec.cluster).toEqual({ name: 'mlflow-db' });
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    expect(cluster.spec.instances).toBe(staged.spec.mlflow.database.instances);
    const mlflow = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === 'mlflow')!;
    expect(mlflow.spec.template.spec.containers[0].args[0]).toContain('--serve-artifacts');
    expect(objects.find((o) => o.kind === 'VirtualService' && o.metadata.name === 'mlflow')?.spec.hosts).toEqual([`mlflow.${staged.spec.kubernetes.domain}`]);
    const issuers = new Set(objects.filter((o) => o.kind === 'Certificate').map((o) => o.spec.issuerRef.name));
    expect([...issuers]).toEqual(['platform-ca']);
  });

  test('the platform stack installs the pinned MinIO and CloudNativePG operators; the cluster stack cert-manager', () => {
    const platform = staged.stacks[1].json.resource.helm_release;
    expect(platform.minio_operator).toMatchObject({ chart: 'operator', version: '7.1.1' });
    expect(platform.cloudnative_pg).toMatchObject({ chart: 'cloudnative-pg', version: '0.29.0' });
    expect(staged.stacks[0].json.resource.helm_release.cert_manager).toMatchObject({ chart: 'cert-manager', version: 'v1.21.1' });
  });

  test('access: one VPN peer per active user with a key, no Ingress, the three roles bound to groups, MLflow’s servers to what they read', () => {
    const peers = (objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wireguard')!.data['wg0.conf'].match(/^\[Peer\]$/gm) ?? []).length;
    expect(peers).toBe(staged.spec.users.filter((u) => u.vpnPublicKey && !u.offboarded).length);
    expect(objects.filter((o) => o.kind === 'Ingress' || o.kind === 'IngressClass')).toEqual([]);
    const bindings = objects.filter((o) => o.kind === 'ClusterRoleBinding').map((o) => `${o.roleRef.name}=${o.subjects[0].name}`);
    expect(bindings.sort()).toEqual([
      'data-scientist=mlops-data-scientists',
      'mlflow-web-access-reviews=mlflow-web',
      'mlflow-workspaces=mlflow',
      'platform-admin=mlops-admins',
      'viewer=mlops-viewers',
    ]);
  });

  test('works as shipped: MLflow runs the built image with its drivers and plugins, behind the sign-on; every VPN client file is complete', () => {
    for (const name of ['mlflow', 'mlflow-web']) {
      const mlflow = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === name)!.spec.template.spec;
      expect(mlflow.containers[0].image).toBe(`${staged.spec.registry.builds}/mlflow:3.12.0-1`);
      expect(mlflow.containers[0].args[0]).toContain('--app-name kubernetes-auth');
    }
    const clients: Record<string, string> = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wireguard-clients')!.data;
    expect(Object.keys(clients)).toHaveLength(staged.spec.users.filter((u) => u.vpnPublicKey && !u.offboarded).length);
    for (const text of Object.values(clients)) {
      const parsed = parseWireguardConfig(text);
      expect(parsed.problems).toEqual([]);
      expect(parsed.sections[0].values.DNS).toBe('10.44.0.1');
      expect(parsed.sections[1].values).toMatchObject({ PublicKey: staged.spec.vpn.serverPublicKey, Endpoint: `${staged.spec.vpn.endpoint}:51820` });
    }
  });

  test('serving: one model server per entry, TF Serving with an autoscaler, FastAPI with the site image', () => {
    for (const s of staged.spec.serving) {
      const deployment = objects.find((o) => o.kind === 'Deployment' && o.metadata.name === s.name)!;
      const image = deployment.spec.template.spec.containers[0].image;
      if (s.runtime === 'fastapi') expect(image).toBe(s.image);
      else expect(image).toMatch(/tensorflow\/serving:2\.18\.0/);
      expect(objects.some((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === s.name)).toBe(true);
    }
  });

  test('every user has a tenant namespace, offboarded users included', () => {
    const namespaces = objects.filter((o) => o.kind === 'Namespace' && o.metadata.labels?.['mlops-platform.io/tenant']).map((o) => o.metadata.name);
    expect(namespaces.sort()).toEqual(staged.spec.users.map((u) => u.name).sort());
  });

  test('only active users are bound to a role', () => {
    const bound = objects.filter((o) => o.kind === 'RoleBinding' && o.metadata.name.startsWith('tenant-')).map((o) => o.metadata.namespace);
    const contributors = new Set(objects.filter((o) => o.kind === 'RoleBinding' && o.roleRef.name.startsWith('kubeflow-')).map((o) => o.metadata.namespace));
    expect([...contributors].sort()).toEqual([...bound].sort());
    expect(bound.sort()).toEqual(
      staged.spec.users
        .filter((u) => !u.offboarded)
        .map((u) => u.name)
        .sort(),
    );
  });

  test('two synths are byte-identical', () => {
    expect(publishedTree(ENVIRONMENTS[name])).toEqual(publishedTree(ENVIRONMENTS[name]));
  });
});

describe('publishing models', () => {
  const objects = allObjects(synthEnvironment(ENVIRONMENTS.onprem));
  const plan = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'object-store-setup')!;

  test('an admin gets a key that adds versions to the locked models bucket and deletes nothing; data scientists do not unless they opt in', () => {
    const policy = JSON.parse(plan.data!['policy-models-publisher-platform-admin.json']);
    const actions = policy.Statement.flatMap((s: { Action: string[] }) => s.Action);
    expect(actions).toEqual(expect.arrayContaining(['s3:PutObject', 's3:GetObject', 's3:ListBucketVersions']));
    expect(actions.filter((a: string) => /Delete|Bypass|Retention|admin:/.test(a))).toEqual([]);
    expect(policy.Statement.flatMap((s: { Resource: string[] }) => s.Resource)).toEqual(['arn:aws:s3:::models', 'arn:aws:s3:::models/*']);
    const pod = objects.find((o) => o.kind === 'PodDefault' && o.metadata.name === 'models-publisher' && o.metadata.namespace === 'platform-admin')!;
    expect(pod.spec.volumes).toEqual([
      {
        name: 'models-publisher',
        secret: { secretName: 's3-models-publisher-platform-admin', items: [{ key: 'credentials', path: 'credentials' }], defaultMode: 0o440 },
      },
    ]);
    expect(Object.keys(plan.data!).filter((k) => k.startsWith('policy-models-publisher-'))).toEqual(['policy-models-publisher-platform-admin.json']);
    const optedIn = copyOf(ENVIRONMENTS.onprem);
    optedIn.users.find((u: { name: string }) => u.name === 'amira').publishModels = true;
    const optedPlan = allObjects(synthEnvironment(optedIn)).find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'object-store-setup')!;
    expect(Object.keys(optedPlan.data!).filter((k) => k.startsWith('policy-models-publisher-'))).toEqual([
      'policy-models-publisher-amira.json',
      'policy-models-publisher-platform-admin.json',
    ]);
  });
});

describe('stability', () => {
  test('removing a user changes only that user’s objects, the VPN peer list, the object store’s access plan and the NAS folder list', () => {
    const before = allObjects(synthEnvironment(ENVIRONMENTS.onprem));
    const input = copyOf(ENVIRONMENTS.onprem);
    input.users = input.users.filter((u: { name: string }) => u.name !== 'chen');
    const after = allObjects(synthEnvironment(input));
    // One list per gateway and store: the VPN peers, and each tenant's own object store user and policy for its pipeline artifacts.
    const vpnPeerList = (o: (typeof before)[number]) =>
      (o.kind === 'ConfigMap' && ['vpn', 'platform-storage'].includes(o.metadata.namespace!)) || storeAccessPlan(o);
    expect(JSON.stringify(after.filter(storeAccessPlan))).not.toContain('pipelines-chen');
    expect(JSON.stringify(before.filter(storeAccessPlan))).toContain('pipelines-chen');
    const chens = (o: (typeof before)[number]) => o.metadata.namespace === 'chen' || o.metadata.name === 'chen' || o.metadata.name.endsWith('-chen');
    expect(after.filter((o) => !vpnPeerList(o))).toEqual(before.filter((o) => !chens(o) && !vpnPeerList(o)));
    expect(before.filter(chens).length).toBeGreaterThan(20);
  });

  test('the Terraform addresses of onprem are pinned: renaming one replaces a resource', () => {
    const staged = synthEnvironment(ENVIRONMENTS.onprem);
    const addresses = staged.stacks.flatMap(({ stack, json }) =>
      Object.entries(json.resource as Record<string, object>).flatMap(([type, byName]) => Object.keys(byName).map((name) => `${stack}:${type}.${name}`)),
    );
    expect(addresses.sort()).toEqual([
      'onprem-cluster:helm_release.cert_manager',
      'onprem-cluster:helm_release.csi_driver_nfs',
      'onprem-cluster:helm_release.gpu_operator',
      'onprem-cluster:helm_release.kueue',
      'onprem-cluster:kubernetes_labels.gpu_pool_a100_gpu_node_01_labels',
      'onprem-cluster:kubernetes_labels.gpu_pool_a100_gpu_node_02_labels',
      'onprem-cluster:kubernetes_labels.gpu_pool_a100_gpu_node_03_labels',
      'onprem-cluster:kubernetes_namespace_v1.namespace_cert_manager',
      'onprem-cluster:kubernetes_namespace_v1.namespace_csi_nfs',
      'onprem-cluster:kubernetes_namespace_v1.namespace_gpu_operator',
      'onprem-cluster:kubernetes_namespace_v1.namespace_kueue_system',
      'onprem-cluster:kubernetes_node_taint.gpu_pool_a100_gpu_node_01_taint',
      'onprem-cluster:kubernetes_node_taint.gpu_pool_a100_gpu_node_02_taint',
      'onprem-cluster:kubernetes_node_taint.gpu_pool_a100_gpu_node_03_taint',
      'onprem-cluster:kubernetes_storage_class_v1.storage_class_nfs_platform',
      'onprem-cluster:kubernetes_storage_class_v1.storage_class_nfs_tenant',
      'onprem-platform:helm_release.cloudnative_pg',
      'onprem-platform:helm_release.minio_operator',
      'onprem-platform:kubernetes_namespace_v1.namespace_cnpg_system',
      'onprem-platform:kubernetes_namespace_v1.namespace_kubeflow',
      'onprem-platform:kubernetes_namespace_v1.namespace_minio_operator',
      'onprem-workloads:terraform_data.apply_00_platform_base',
      'onprem-workloads:terraform_data.apply_05_data_homes',
      'onprem-workloads:terraform_data.apply_10_storage',
      'onprem-workloads:terraform_data.apply_20_data_services',
      'onprem-workloads:terraform_data.apply_30_access',
      'onprem-workloads:terraform_data.apply_31_istio_crds',
      'onprem-workloads:terraform_data.apply_32_istio',
      'onprem-workloads:terraform_data.apply_33_kubeflow_auth',
      'onprem-workloads:terraform_data.apply_34_kubeflow_base',
      'onprem-workloads:terraform_data.apply_35_kubeflow_dashboard',
      'onprem-workloads:terraform_data.apply_36_kubeflow_notebooks',
      'onprem-workloads:terraform_data.apply_37_kubeflow_pipelines',
      'onprem-workloads:terraform_data.apply_38_kubeflow_katib',
      'onprem-workloads:terraform_data.apply_39_gateway',
      'onprem-workloads:terraform_data.apply_40_tenants',
      'onprem-workloads:terraform_data.apply_45_backups',
      'onprem-workloads:terraform_data.apply_50_serving',
      'onprem-workloads:terraform_data.apply_60_workflows',
      'onprem-workloads:terraform_data.apply_secrets',
    ]);
    const kubeflow = staged.stacks[1].json.resource.kubernetes_namespace_v1.namespace_kubeflow;
    expect(kubeflow.lifecycle).toEqual({ prevent_destroy: true });
    // The labels the distribution gives it: sidecars injected, its NetworkPolicies' selector, restricted Pod Security.
    expect(kubeflow.metadata.labels).toMatchObject({
      'istio-injection': 'enabled',
      'control-plane': 'kubeflow',
      'pod-security.kubernetes.io/enforce': 'restricted',
    });
  });

  test('adding a user changes no other tenant’s objects', () => {
    const before = allObjects(synthEnvironment(ENVIRONMENTS.onprem));
    const input = copyOf(ENVIRONMENTS.onprem);
    input.users.push({ name: 'kira', email: 'kira@cellbio.example.org', role: 'viewer', quota: { gpus: 0, cpu: '1', memory: '2Gi', storage: '5Gi' } });
    const after = allObjects(synthEnvironment(input));
    const added = after.filter((o) => o.metadata.namespace === 'kira' || o.metadata.name === 'kira' || o.metadata.name.endsWith('-kira'));
    expect(added.length).toBeGreaterThan(5);
    expect(after.filter((o) => !added.includes(o) && !storeAccessPlan(o))).toEqual(before.filter((o) => !storeAccessPlan(o)));
    expect(JSON.stringify(after.filter(storeAccessPlan))).toContain('pipelines-kira');
  });

  test('offboarding a user changes only that user’s objects', () => {
    const before = allObjects(synthEnvironment(ENVIRONMENTS.dev));
    const input = copyOf(ENVIRONMENTS.dev);
    input.users[1].offboarded = true;
    const after = allObjects(synthEnvironment(input));
    const vpnPeerList = (o: (typeof before)[number]) => (o.kind === 'ConfigMap' && o.metadata.namespace === 'vpn') || storeAccessPlan(o);
    const others = (objects: typeof before) =>
      objects.filter((o) => o.metadata.namespace !== 'bob' && o.metadata.name !== 'bob' && !o.metadata.name.endsWith('-bob') && !vpnPeerList(o));
    expect(others(after)).toEqual(others(before));
    expect(after.filter((o) => o.kind === 'Namespace' && o.metadata.name === 'bob')).toHaveLength(1);
  });
});

describe('the Kubeflow chain for one user in onprem', () => {
  const objects = allObjects(synthEnvironment(ENVIRONMENTS.onprem));
  const find = (kind: string, name: string, namespace?: string) =>
    objects.find((o) => o.kind === kind && o.metadata.name === name && (namespace === undefined || o.metadata.namespace === namespace));

  test('amira has a profile owned by the admin, PodDefaults for MLflow, the dataset and the GPU pool, a queue and the tuning Experiment', () => {
    expect(find('Profile', 'amira')?.spec.owner).toEqual({ kind: 'User', name: 'it-mlops@cellbio.example.org' });
    expect(find('Namespace', 'amira')?.metadata.annotations?.owner).toBe('it-mlops@cellbio.example.org');
    expect(find('PodDefault', 'platform-services', 'amira')?.spec.env).toContainEqual({
      name: 'MLFLOW_TRACKING_URI',
      value: 'https://mlflow.mlflow.svc.cluster.local',
    });
    expect(find('PodDefault', 'cell-dataset', 'amira')?.spec.volumes[0].persistentVolumeClaim).toEqual({ claimName: 'dataset', readOnly: true });
    expect(find('PodDefault', 'gpu-a100', 'amira')?.spec.tolerations).toEqual([
      { key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' },
    ]);
    expect(find('LocalQueue', 'gpu-a100', 'amira')?.spec.clusterQueue).toBe('gpu-a100');
    expect(find('NetworkPolicy', 'allow-minio-from-amira', 'object-store')).toBeTruthy();
    const experiment = find('Experiment', 'cell-detection-tuning', 'amira')!;
    expect(experiment.spec.parallelTrialCount).toBe(2);
    expect(experiment.spec.trialTemplate.trialSpec.spec.template.metadata.labels).toEqual({
      'platform-services': 'true',
      'cell-dataset': 'true',
      'gpu-a100': 'true',
    });
  });

  test('the tuning Experiment runs on the pool the spec names (the first by default)', () => {
    const input = copyOf(ENVIRONMENTS.onprem);
    const second = { ...input.gpuPools[0], name: 'l40s', nodes: ['gpu-node-04'] };
    input.gpuPools.push(second);
    input.kubeflow.tuning.pool = 'l40s';
    const experiment = allObjects(synthEnvironment(input)).find((o) => o.kind === 'Experiment' && o.metadata.namespace === 'amira')!;
    expect(experiment.spec.trialTemplate.trialSpec.spec.template.metadata.labels).toEqual({
      'platform-services': 'true',
      'cell-dataset': 'true',
      'gpu-l40s': 'true',
    });
  });

  test('every active user has a profile owned by the admin and a contributor binding; no profile sets a quota', () => {
    const profiles = objects.filter((o) => o.kind === 'Profile');
    expect(profiles).toHaveLength(ENVIRONMENTS.onprem.users.length);
    expect(profiles.every((p) => p.spec.resourceQuotaSpec === undefined)).toBe(true);
  });
});

describe('external S3 instead of MinIO', () => {
  const input = copyOf(ENVIRONMENTS.dev);
  input.objectStore = { kind: 'external-s3', endpoint: 'https://s3.lab.internal', cidr: '10.20.0.0/24', caSecret: 's3-ca' };
  const staged = synthEnvironment(input);
  const objects = allObjects(staged);

  test('runs no MinIO and no operator for it, and passes the guardrails', () => {
    expect(objects.filter((o) => o.kind === 'Tenant' || o.metadata.namespace === 'object-store')).toEqual([]);
    expect(staged.stacks[1].json.resource.helm_release.minio_operator).toBeUndefined();
    expect(staged.report.errors).toEqual([]);
  });

  test('MLflow and the database reach the endpoint’s range and trust the site’s CA', () => {
    const policy = objects.find((o) => o.kind === 'NetworkPolicy' && o.metadata.name === 'allow-mlflow')!;
    expect(policy.spec.egress).toContainEqual({ to: [{ ipBlock: { cidr: '10.20.0.0/24' } }], ports: [{ protocol: 'TCP', port: 443 }] });
    const cluster = objects.find((o) => o.kind === 'Cluster')!;
    expect(cluster.spec.backup.barmanObjectStore.endpointCA).toEqual({ name: 's3-ca', key: 'ca.crt' });
  });
});

describe('without Kubeflow', () => {
  const input = copyOf(ENVIRONMENTS.dev);
  input.kubeflow = { ...input.kubeflow, components: { notebooks: false, pipelines: false, katib: false } };
  input.serving = [{ name: 'cell-detector', model: 'cell-detector/1', runtime: 'tf-serving' }];
  const staged = synthEnvironment(input);
  const objects = allObjects(staged);

  test('Istio and the one gateway still serve the model servers, VPN only; MLflow, without a sign-on, serves pods only; the guardrails pass', () => {
    expect(staged.units.map((u) => u.name)).toEqual(['31-istio-crds', '32-istio']);
    const gateway = objects.find((o) => o.kind === 'Gateway')!;
    expect(gateway.spec.servers.map((s: any) => s.hosts[0])).toEqual(['cell-detector.mlops-dev.lab.internal', 'cell-detector.mlops-dev.lab.internal']);
    expect(objects.filter((o) => o.kind === 'Deployment' && o.metadata.namespace === 'mlflow').map((o) => o.metadata.name)).toEqual(['mlflow']);
    expect(objects.filter((o) => o.metadata.namespace === 'kubeflow' || o.metadata.namespace === 'oauth2-proxy')).toEqual([]);
    expect(objects.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'vpn-only')).toBeDefined();
    expect(staged.report.errors).toEqual([]);
  });
});

describe('GPU capacity (SEC-47)', () => {
  test('passes when quotas fit the pools after time-slicing', () => {
    const input = copyOf(ENVIRONMENTS.dev);
    input.gpuPools[0].sharing = { mode: 'time-slicing', replicas: 4 };
    input.users[2].quota.gpus = 2;
    expect(synthEnvironment(input).report.errors).toEqual([]);
  });

  test('fails when GPU quotas exceed the pools, naming the numbers', () => {
    const input = copyOf(ENVIRONMENTS.onprem);
    input.users[3].quota.gpus = 4;
    expect(synthEnvironment(input).report.errors.map((e) => `${e.rule} ${e.message}`)).toEqual([
      'SEC-47 GPU quotas add up to 15 (tenants 13, platform workloads 2), but capacity is 12 (a100: 3 nodes x 4 GPUs = 12) x guardrails.gpuOvercommit 1 = 12',
    ]);
  });

  test('a chart version override reaches the release', () => {
    const input = copyOf(ENVIRONMENTS.dev);
    input.charts = { gpuOperator: { version: 'v26.3.1' } };
    expect(synthEnvironment(input).stacks[0].json.resource.helm_release.gpu_operator.version).toBe('v26.3.1');
  });
});

describe('the OpenAPI check', () => {
  test('catches a malformed object', async () => {
    const bad = { apiVersion: 'v1', kind: 'ResourceQuota', metadata: { name: 'q', namespace: 'alice' }, spec: { hard: 5 } };
    expect((await openApiProblems([bad])).problems).toEqual([expect.stringContaining('ResourceQuota/alice/q')]);
  });
});
