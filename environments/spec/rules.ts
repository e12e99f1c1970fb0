/** Rules across the spec's fields. */
import type { z } from 'zod';
import { CLUSTER_DOMAIN, PLATFORM_HOSTS, TF_SERVING_MODEL, TF_SERVING_MODEL_TEXT } from '../../constructs/lib/naming';
import { cidrContains, parseCidr, PRIVATE_RANGES } from '../../constructs/lib/cidr';
import { planVpnAddresses } from '../../constructs/lib/vpn-addresses';
import { BUILT_IMAGES, isPinnedImage } from '../../constructs/lib/images';
import { mlflowReleaseProblem } from '../../constructs/lib/mlflow-release';
import { KERBEROS_UNSUPPORTED, type platformSpecShape } from './sections';

/** A spec that has passed its fields' checks. */
type SpecShape = z.output<typeof platformSpecShape>;

/** The rules that span fields (uniqueness, capacity, addresses, what needs what), each refusal at its field path. */
export function crossFieldRules(spec: SpecShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string, input: unknown) => ctx.addIssue({ code: 'custom', path, message, input });
  duplicates(
    spec.users.map((u) => u.name),
    (i, v) => issue(['users', i, 'name'], 'must be unique among users', v),
  );
  duplicates(
    spec.users.map((u) => u.email.toLowerCase()),
    (i, v) => issue(['users', i, 'email'], 'must be unique among users', v),
  );
  duplicates(
    spec.users.map((u) => u.vpnPublicKey),
    (i, v) => issue(['users', i, 'vpnPublicKey'], 'must be unique among users', v),
  );
  duplicates(
    spec.gpuPools.map((p) => p.name),
    (i, v) => issue(['gpuPools', i, 'name'], 'must be unique among GPU pools', v),
  );
  duplicates(
    spec.serving.map((s) => s.name),
    (i, v) => issue(['serving', i, 'name'], 'must be unique among model servers', v),
  );
  const nodes = spec.gpuPools.flatMap((p, i) => p.nodes.map((node, j) => ({ node, path: ['gpuPools', i, 'nodes', j] })));
  duplicates(
    nodes.map((n) => n.node),
    (i, v) => issue(nodes[i].path, 'is already in another GPU pool', v),
  );
  // The models bucket is always versioned and object-locked, whatever `versioning` says: erasure coding is never optional.
  if (spec.objectStore.kind === 'minio' && spec.objectStore.servers * spec.objectStore.volumesPerServer < 4) {
    issue(
      ['objectStore', 'volumesPerServer'],
      `gives ${spec.objectStore.servers * spec.objectStore.volumesPerServer} drives; the locked models bucket needs erasure coding over at least 4 (servers x volumesPerServer)`,
      spec.objectStore.volumesPerServer,
    );
  }
  if (spec.mlflow.image && !isPinnedImage(spec.mlflow.image)) issue(['mlflow', 'image'], 'must pin a tag other than latest, or a digest', spec.mlflow.image);
  if (!spec.mlflow.image && !spec.registry.builds) {
    issue(
      ['registry', 'builds'],
      `is required unless mlflow.image is set: the pipeline builds MLflow with its database and S3 drivers (${BUILT_IMAGES.mlflow.recipe}) and pushes it there`,
      undefined,
    );
  }
  const release = mlflowReleaseProblem(spec.mlflow.version);
  if (release) issue(['mlflow', 'version'], release, spec.mlflow.version);
  else if (!spec.mlflow.image && spec.mlflow.version !== BUILT_IMAGES.mlflow.version) {
    issue(
      ['mlflow', 'version'],
      `must be ${BUILT_IMAGES.mlflow.version}, the release ${BUILT_IMAGES.mlflow.recipe} builds; for another, set mlflow.image to an image of that release with psycopg2, boto3 and mlflow-kubernetes-plugins`,
      spec.mlflow.version,
    );
  }
  const domain = spec.kubernetes.domain;
  const longLabel = domain.split('.').find((label) => label.length > 63);
  if (longLabel) issue(['kubernetes', 'domain'], `must be a DNS name: label "${longLabel.slice(0, 20)}…" is longer than 63 characters`, domain);
  if (domain === CLUSTER_DOMAIN || domain.endsWith(`.${CLUSTER_DOMAIN}`))
    issue(['kubernetes', 'domain'], `must not be the cluster's own DNS domain (${CLUSTER_DOMAIN}), where Service names resolve`, domain);
  const hosts = [
    ...Object.values(PLATFORM_HOSTS).map((label) => ({ label, path: undefined })),
    ...spec.serving.map((s, i) => ({ label: s.name, path: ['serving', i, 'name'] })),
  ];
  for (const { label, path } of hosts) {
    if (path && Object.values<string>(PLATFORM_HOSTS).includes(label))
      issue(path, `is the host of a platform endpoint (${label}.${domain}); choose another name`, label);
    else if (`${label}.${domain}`.length > 253)
      issue(path ?? ['kubernetes', 'domain'], `makes the host ${label}.${domain} longer than 253 characters`, path ? label : domain);
  }
  const vpnRange = parseCidr(spec.vpn.cidr);
  if (vpnRange) {
    if (!PRIVATE_RANGES.some((r) => cidrContains(parseCidr(r)!, vpnRange))) {
      issue(
        ['vpn', 'cidr'],
        `must be a private range (inside ${PRIVATE_RANGES.join(', ')}): the gateway admits this range, and public addresses outside the VPN could fall in it`,
        spec.vpn.cidr,
      );
    }
    const node = parseCidr(`${spec.vpn.gatewayNodeAddress}/32`);
    if (node && cidrContains(vpnRange, node)) {
      issue(
        ['vpn', 'cidr'],
        `contains the edge node's address ${spec.vpn.gatewayNodeAddress} (vpn.gatewayNodeAddress): the gateway would admit the node's own connections as VPN clients`,
        spec.vpn.cidr,
      );
    }
  }
  if (spec.users.some((u) => u.vpnPublicKey === spec.vpn.serverPublicKey)) {
    issue(['vpn', 'serverPublicKey'], "is a user's key; it must be the gateway's own public key", spec.vpn.serverPublicKey);
  }
  spec.serving.forEach((s, i) => {
    if (s.image && !isPinnedImage(s.image)) issue(['serving', i, 'image'], 'must pin a tag other than latest, or a digest', s.image);
  });
  spec.serving.forEach((s, i) => {
    if (s.runtime === 'fastapi' && !s.image) issue(['serving', i, 'image'], 'is required when runtime is "fastapi"', s.image);
    if (s.runtime === 'tf-serving' && !TF_SERVING_MODEL.test(s.model)) issue(['serving', i, 'model'], TF_SERVING_MODEL_TEXT, s.model);
    if (s.gpu > 0 && spec.gpuPools.length === 0) issue(['serving', i, 'gpu'], 'needs a GPU pool, but gpuPools is empty', s.gpu);
  });
  spec.users.forEach((u, i) => {
    if (u.quota.gpus > 0 && spec.gpuPools.length === 0) issue(['users', i, 'quota', 'gpus'], 'needs a GPU pool, but gpuPools is empty', u.quota.gpus);
  });
  spec.storage.nfs.mountOptions.forEach((option, i) => {
    if (/^sec=krb5/.test(option)) issue(['storage', 'nfs', 'mountOptions', i], KERBEROS_UNSUPPORTED, option);
  });
  const migStrategies = new Set(spec.gpuPools.flatMap((p) => (p.sharing.mode === 'mig' ? [p.sharing.strategy] : [])));
  if (migStrategies.size > 1) {
    spec.gpuPools.forEach((p, i) => {
      if (p.sharing.mode === 'mig')
        issue(['gpuPools', i, 'sharing', 'strategy'], 'must be the same for every MIG pool (the operator has one MIG strategy)', p.sharing.strategy);
    });
  }
  spec.serving.forEach((s, i) => {
    if (s.maxReplicas !== undefined && s.maxReplicas < s.replicas)
      issue(['serving', i, 'maxReplicas'], `must be at least replicas (${s.replicas})`, s.maxReplicas);
    if (s.pool !== undefined && !spec.gpuPools.some((p) => p.name === s.pool)) issue(['serving', i, 'pool'], 'must name a GPU pool', s.pool);
  });
  spec.users.forEach((u, i) => {
    if (u.vpnAddress && !u.vpnPublicKey) issue(['users', i, 'vpnAddress'], 'needs a vpnPublicKey', u.vpnAddress);
    if (u.publishModels && u.role === 'viewer')
      issue(['users', i, 'publishModels'], 'is for admins and data scientists: a viewer publishes nothing', u.publishModels);
  });
  const kf = spec.kubeflow;
  const anyKubeflow = kf.components.notebooks || kf.components.pipelines || kf.components.katib;
  if (anyKubeflow && !spec.users.some((u) => u.role === 'admin' && !u.offboarded))
    issue(['users'], 'must include an active admin when Kubeflow is on: an admin owns every profile', undefined);
  if (anyKubeflow && !spec.access.oidc)
    issue(['access', 'oidc'], 'is required when Kubeflow is on: its multi-user mode signs users in through the auth proxy', undefined);
  kf.notebookImages.forEach((image, i) => {
    if (!isPinnedImage(image)) issue(['kubeflow', 'notebookImages', i], 'must pin a tag other than latest, or a digest', image);
  });
  if (kf.tuning) {
    if (!isPinnedImage(kf.tuning.image)) issue(['kubeflow', 'tuning', 'image'], 'must pin a tag other than latest, or a digest', kf.tuning.image);
    kf.tuning.users.forEach((name, i) => {
      const user = spec.users.find((u) => u.name === name);
      if (!user || user.offboarded || user.role === 'viewer' || user.quota.gpus < 1)
        issue(['kubeflow', 'tuning', 'users', i], 'must name an active user who may run jobs and has a GPU quota', name);
    });
    if (!kf.components.katib) issue(['kubeflow', 'tuning'], 'needs kubeflow.components.katib', undefined);
    if (kf.tuning.pool !== undefined && !spec.gpuPools.some((p) => p.name === kf.tuning!.pool))
      issue(['kubeflow', 'tuning', 'pool'], 'must name a GPU pool', kf.tuning.pool);
  }
  const vpnPeers = spec.users.map((u, i) => ({ user: u, i })).filter(({ user }) => user.vpnPublicKey && !user.offboarded);
  const vpn = parseCidr(spec.vpn.cidr);
  if (vpn && vpn.size >= 4) {
    const plan = planVpnAddresses(
      spec.vpn.cidr,
      vpnPeers.map(({ user }) => ({ name: user.name, pinned: user.vpnAddress })),
    );
    const indexOf = (name: string) => vpnPeers.find((p) => p.user.name === name)!.i;
    for (const o of plan.outside)
      issue(
        ['users', indexOf(o.name), 'vpnAddress'],
        `must be a peer address inside ${spec.vpn.cidr} (not the network, gateway or broadcast address)`,
        o.address,
      );
    for (const c of plan.clashes) {
      issue(
        ['users', indexOf(c.name), 'vpnAddress'],
        `is needed: the derived VPN address ${c.address} is ${c.with}'s; pin a free one such as ${c.free}`,
        undefined,
      );
    }
  }
  const peers = spec.users.filter((u) => u.vpnPublicKey && !u.offboarded).length;
  if (vpn && vpn.size - 3 < peers) {
    issue(['vpn', 'cidr'], `is too small: it holds ${Math.max(vpn.size - 3, 0)} peers besides the gateway, and ${peers} users have VPN keys`, spec.vpn.cidr);
  }
}

function duplicates<T>(values: readonly T[], report: (index: number, value: T) => void): void {
  const seen = new Set<T>();
  values.forEach((value, index) => {
    if (value === undefined) return;
    if (seen.has(value)) report(index, value);
    seen.add(value);
  });
}
