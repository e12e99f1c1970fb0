import { Testing as Cdk8sTesting } from 'cdk8s';
import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { Kueue } from '../../constructs/cluster/kueue';
import { ExternalObjectStore } from '../../constructs/platform/external-object-store';
import { Kubeflow, type KubeflowProps } from '../../constructs/platform/kubeflow';

function synth(props: Partial<KubeflowProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'lab-platform');
  const objectStore = new ExternalObjectStore(Cdk8sTesting.chart(), 'S3', { endpoint: 'https://s3.lab.internal', region: 'lab', cidr: '10.20.0.0/24' });
  const component = (chart: string, version: string) => ({ enabled: true, chart, version });
  new Kubeflow(stack, 'Kubeflow', {
    release: '26.03',
    chartRepository: 'oci://registry.lab/kubeflow',
    components: {
      profiles: component('kubeflow-profiles', '2.0.0'),
      notebooks: component('kubeflow-notebooks', '1.10.0'),
      pipelines: component('kubeflow-pipelines', '2.16.0'),
      katib: component('kubeflow-katib', '0.19.0'),
    },
    podSecurityVersion: 'v1.31',
    adminEmail: 'admin@lab.example.org',
    notebookImages: ['registry.lab/jupyter-tensorflow-full:v1.10.0'],
    gpuPools: ['a100'],
    objectStore,
    storageClass: 'nfs-platform',
    oidc: { issuerUrl: 'https://sso.lab/realms/lab', clientSecret: 'oidc-client' },
    authProxyChart: { chart: 'oauth2-proxy', repository: 'oci://registry.lab/charts', version: '7.12.18' },
    domain: 'mlops.lab.internal',
    ...props,
  });
  const releases = JSON.parse(Testing.synth(stack)).resource.helm_release as Record<string, any>;
  return { releases, values: (name: string) => parse(releases[name].values[0]), objectStore };
}

describe('Kubeflow', () => {
  const { releases, values, objectStore } = synth();

  test('installs each pinned component from the site’s chart repository, multi-user, with the auth proxy', () => {
    expect(Object.values(releases).map((r) => `${r.chart}@${r.version} from ${r.repository}`).sort()).toEqual([
      'kubeflow-katib@0.19.0 from oci://registry.lab/kubeflow',
      'kubeflow-notebooks@1.10.0 from oci://registry.lab/kubeflow',
      'kubeflow-pipelines@2.16.0 from oci://registry.lab/kubeflow',
      'kubeflow-profiles@2.0.0 from oci://registry.lab/kubeflow',
      'oauth2-proxy@7.12.18 from oci://registry.lab/charts',
    ]);
    expect(values('kubeflow_profiles')).toMatchObject({ multiUser: true, admin: 'admin@lab.example.org', podDefaultsWebhook: { enabled: true } });
  });

  test('pipelines keep artifacts in the pipelines bucket through the object store’s grant', () => {
    expect(values('kubeflow_pipelines').objectStore).toEqual({ host: 's3.lab.internal', port: 443, secure: true, bucket: 'pipelines', region: 'lab', credentialsSecret: 's3-kubeflow-pipelines' });
    expect(objectStore.grants).toEqual([{ consumer: { name: 'kubeflow-pipelines', namespace: 'kubeflow' }, bucket: 'pipelines', access: 'write' }]);
  });

  test('the notebook form offers the pinned images, defaults within quota and a GPU choice per pool', () => {
    const spawner = values('kubeflow_notebooks').spawner;
    expect(spawner.images).toEqual(['registry.lab/jupyter-tensorflow-full:v1.10.0']);
    expect(spawner.gpus.value.vendors).toEqual([{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }]);
    expect(spawner.tolerationGroup.options[0]).toMatchObject({ groupKey: 'a100', tolerations: [{ key: 'nvidia.com/gpu' }] });
  });

  test('a component turned off is not installed', () => {
    const off = synth({ components: { profiles: { enabled: true, chart: 'kubeflow-profiles', version: '2.0.0' }, notebooks: { enabled: false, chart: 'n', version: '1.0.0' }, pipelines: { enabled: false, chart: 'p', version: '1.0.0' }, katib: { enabled: false, chart: 'k', version: '1.0.0' } } });
    expect(Object.keys(off.releases).sort()).toEqual(['kubeflow_profiles', 'oauth2_proxy']);
  });
});

describe('Kueue', () => {
  test('turns fair sharing on and queues jobs and pods (no training operator is installed)', () => {
    const stack = new TerraformStack(Testing.app(), 'lab-cluster');
    new Kueue(stack, 'Kueue', { chart: { chart: 'kueue', repository: 'oci://r/charts', version: '0.19.2' }, podSecurityVersion: 'v1.31' });
    const values = parse(JSON.parse(Testing.synth(stack)).resource.helm_release.kueue.values[0]);
    const config = parse(values.managerConfig.controllerManagerConfigYaml);
    expect(config.fairSharing.enable).toBe(true);
    expect(config.integrations.frameworks).toEqual(['batch/job', 'pod']);
  });
});
