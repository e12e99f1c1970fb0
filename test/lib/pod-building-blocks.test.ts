import { argoKeyFormat, argoS3Repository, tenantArtifactPrefix } from '../../constructs/lib/argo-artifacts';
import { mlflowReleaseProblem } from '../../constructs/lib/mlflow-release';
import { nfsMountOptions, sharePath } from '../../constructs/lib/nfs';
import { podSecurityLabels, requireExemptionReason } from '../../constructs/lib/pod-security';
import { restrictedContainerSecurity, restrictedPodSecurity, rootContainerSecurity, spreadOverNodes } from '../../constructs/lib/restricted-pod';
import { terraformName } from '../../constructs/lib/terraform-names';

describe('restricted pods', () => {
  test('the pod context runs as the platform user unless told, with the runtime seccomp profile', () => {
    expect(restrictedPodSecurity()).toEqual({ runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, seccompProfile: { type: 'RuntimeDefault' } });
    expect(restrictedPodSecurity({ uid: 10026, gid: 10027 }, 10028)).toEqual({
      runAsNonRoot: true,
      runAsUser: 10026,
      runAsGroup: 10027,
      fsGroup: 10028,
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(restrictedPodSecurity(undefined, 0).fsGroup).toBe(0);
  });

  test('a container context that stands alone, and a root one that keeps only the capabilities it names', () => {
    expect(restrictedContainerSecurity({ uid: 1001, gid: 1002 })).toEqual({
      runAsUser: 1001,
      runAsGroup: 1002,
      runAsNonRoot: true,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    });
    expect(rootContainerSecurity(['NET_ADMIN'])).toEqual({
      runAsUser: 0,
      runAsNonRoot: false,
      allowPrivilegeEscalation: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'], add: ['NET_ADMIN'] },
    });
  });

  test('replicas spread over nodes by the hostname label', () => {
    expect(spreadOverNodes({ app: 'x' })).toEqual([
      { maxSkew: 1, topologyKey: 'kubernetes.io/hostname', whenUnsatisfiable: 'ScheduleAnyway', labelSelector: { matchLabels: { app: 'x' } } },
    ]);
  });

  test('Pod Security labels enforce the level and warn and audit at restricted, all pinned', () => {
    expect(podSecurityLabels('baseline', 'v1.31')).toEqual({
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.31',
      'pod-security.kubernetes.io/warn': 'restricted',
      'pod-security.kubernetes.io/warn-version': 'v1.31',
      'pod-security.kubernetes.io/audit': 'restricted',
      'pod-security.kubernetes.io/audit-version': 'v1.31',
    });
  });

  test('a level below restricted needs a reason of 10 characters or more', () => {
    expect(() => requireExemptionReason('vpn', 'restricted', undefined)).not.toThrow();
    expect(() => requireExemptionReason('vpn', 'privileged', 'creates the wg0 interface')).not.toThrow();
    expect(() => requireExemptionReason('vpn', 'privileged', '1234567890')).not.toThrow();
    expect(() => requireExemptionReason('vpn', 'baseline', undefined)).toThrow(
      'vpn: podSecurity "baseline" needs an exemptionReason of at least 10 characters',
    );
    expect(() => requireExemptionReason('vpn', 'baseline', '   123456789   ')).toThrow('needs an exemptionReason');
  });
});

describe('shared settings', () => {
  test('NFS mounts add version 4.1 unless the spec names one', () => {
    expect(nfsMountOptions({ server: 'nas', share: '/x', mountOptions: ['hard'] })).toEqual(['nfsvers=4.1', 'hard']);
    expect(nfsMountOptions({ server: 'nas', share: '/x', mountOptions: ['vers=3', 'hard'] })).toEqual(['vers=3', 'hard']);
    expect(nfsMountOptions({ server: 'nas', share: '/x', mountOptions: ['nfsvers=4.2'] })).toEqual(['nfsvers=4.2']);
    expect(nfsMountOptions({ server: 'nas', share: '/x', mountOptions: ['noresvport,vers=4'] })).toEqual(['nfsvers=4.1', 'noresvport,vers=4']);
  });

  test('paths below a share join with one slash', () => {
    expect(sharePath('/export/mlops//', '//datasets/cells')).toBe('/export/mlops/datasets/cells');
    expect(sharePath('/export/mlops', 'datasets')).toBe('/export/mlops/datasets');
  });

  test('Terraform names come from the parts, lower case, with underscores', () => {
    expect(terraformName('gpu-node', 'GPU.Node-01')).toBe('gpu_node_gpu_node_01');
    expect(terraformName('-a-', '')).toBe('a');
    expect(terraformName('a', 'b')).toBe('a_b');
  });

  test('Argo keeps a tenant’s artifacts under its prefix in the default layout, over verified TLS', () => {
    const key = `private-artifacts/alice/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}`;
    expect(argoKeyFormat(tenantArtifactPrefix('alice'))).toBe(key);
    const repo = { endpoint: 'minio:443', bucket: 'pipelines', region: 'us-east-1', prefix: 'private-artifacts/alice', credentialsSecret: 'keys' };
    expect(argoS3Repository(repo)).toEqual({
      archiveLogs: true,
      s3: {
        endpoint: 'minio:443',
        bucket: 'pipelines',
        region: 'us-east-1',
        insecure: false,
        keyFormat: key,
        accessKeySecret: { name: 'keys', key: 'CONSOLE_ACCESS_KEY' },
        secretKeySecret: { name: 'keys', key: 'CONSOLE_SECRET_KEY' },
      },
    });
    expect((argoS3Repository({ ...repo, caSecret: 'ca' }).s3 as Record<string, unknown>).caSecret).toEqual({ name: 'ca', key: 'ca.crt' });
  });

  test.each([
    ['3.10.0', undefined],
    ['3.12.9', undefined],
    ['3.11.1', undefined],
    ['3.9.2', 'has no workspaces'],
    ['2.22.0', 'has no workspaces'],
    ['3.13.0', 'is newer than'],
    ['4.0.0', 'is newer than'],
    ['3.12', 'must be a release'],
    ['v3.12.0', 'must be a release'],
    ['3.12.0rc1', 'must be a release'],
  ])('MLflow %s: %s', (version, problem) => {
    const found = mlflowReleaseProblem(version);
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found?.startsWith(problem)).toBe(true);
  });
});
