import { stringify } from 'yaml';
import { type KustomizeUnit, mirroredImages, patchDeployment } from './kustomize-unit';
import { mirroredImage } from '../lib/images';
import { RUNTIME_DEFAULT_SECCOMP } from '../lib/restricted-pod';
import { controllerRoutes } from './istio';
import type { KubeflowSite } from './site';

const IMAGES = [
  'ghcr.io/kubeflow/notebooks/jupyter-web-app',
  'ghcr.io/kubeflow/notebooks/notebook-controller',
  'ghcr.io/kubeflow/notebooks/pvcviewer-controller',
  'ghcr.io/kubeflow/notebooks/tensorboard-controller',
  'ghcr.io/kubeflow/notebooks/tensorboards-web-app',
  'ghcr.io/kubeflow/notebooks/volumes-web-app',
  'quay.io/brancz/kube-rbac-proxy',
];

/** Images the controllers start from their configuration, pinned by upstream. */
const TENSORBOARD_IMAGE = 'tensorflow/tensorflow:2.5.1';
const VOLUME_VIEWER_IMAGE = 'filebrowser/filebrowser:v2.32.0';

/** Where the Jupyter web app reads the Notebook it fills in from the form (notebooks v1.11.0 crud-web-apps/jupyter/backend/apps/common/utils.py, image path /src/apps). */
const NOTEBOOK_TEMPLATE_PATH = '/src/apps/common/yaml/notebook_template.yaml';

/**
 * The web app's Notebook template (crud-web-apps/jupyter/backend/apps/common/yaml/notebook_template.yaml, v1.11.0)
 * with what Pod Security `restricted` asks of every pod, which upstream's leaves out (so the distribution enforces
 * only `baseline` in Profile namespaces): non-root, the runtime's seccomp profile, no privilege escalation, no
 * capabilities. The group is the site's storage owner's (by default 100, what the notebook controller adds when a
 * Notebook has no pod security context: components/notebook-controller/controllers/notebook_controller.go
 * DefaultFSGroup), so tenant folders on the NAS are writable.
 * The web app fills `{name}`-style fields with Python's str.format, so the text has no other braces.
 */
function notebookTemplate(fsGroup: number): string {
  return stringify(
    {
      apiVersion: 'kubeflow.org/v1beta1',
      kind: 'Notebook',
      metadata: {
        name: '{name}',
        namespace: '{namespace}',
        labels: { app: '{name}' },
        annotations: { 'notebooks.kubeflow.org/server-type': '', 'notebooks.kubeflow.org/creator': '{creator}' },
      },
      spec: {
        template: {
          spec: {
            serviceAccountName: '{serviceAccount}',
            securityContext: { runAsNonRoot: true, fsGroup, seccompProfile: { ...RUNTIME_DEFAULT_SECCOMP } },
            containers: [
              {
                name: '{name}',
                image: '',
                volumeMounts: [],
                env: [],
                resources: { requests: { cpu: '0.1', memory: '0.1Gi' } },
                securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } },
              },
            ],
            volumes: [],
            tolerations: [],
          },
        },
      },
    },
    { lineWidth: 0 },
  );
}

/** The notebook form: the spec's images, CPU and memory defaults, NVIDIA GPUs, a toleration group and affinity per GPU pool. */
function spawnerConfig(site: KubeflowSite): string {
  const images = site.notebookImages.map((image) => mirroredImage(image, site.mirror));
  const pools = site.gpuPools;
  return stringify(
    {
      spawnerFormDefaults: {
        allowCustomImage: false,
        hideRegistry: true,
        hideTag: false,
        imagePullPolicy: { readOnly: true, value: 'IfNotPresent' },
        image: { value: images[0], options: images },
        imageGroupOne: { value: '', options: [] },
        imageGroupTwo: { value: '', options: [] },
        cpu: { readOnly: false, value: '1', limitFactor: '2' },
        memory: { readOnly: false, value: '4Gi', limitFactor: '1' },
        gpus: { readOnly: false, value: { vendor: '', vendors: [{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }], num: 'none' } },
        workspaceVolume: {
          readOnly: false,
          value: {
            mount: '/home/jovyan',
            newPvc: { metadata: { name: '{notebook-name}-workspace' }, spec: { resources: { requests: { storage: '10Gi' } }, accessModes: ['ReadWriteOnce'] } },
          },
        },
        dataVolumes: { readOnly: false, value: [] },
        affinityConfig: {
          readOnly: false,
          value: '',
          options: pools.map((pool) => ({
            configKey: pool.name,
            displayName: `GPU pool ${pool.name}`,
            affinity: {
              nodeAffinity: {
                requiredDuringSchedulingIgnoredDuringExecution: {
                  nodeSelectorTerms: [
                    { matchExpressions: Object.entries(pool.nodeSelector).map(([key, value]) => ({ key, operator: 'In', values: [value] })) },
                  ],
                },
              },
            },
          })),
        },
        tolerationGroup: {
          readOnly: false,
          value: '',
          options: pools.map((pool) => ({ groupKey: pool.name, displayName: `GPU pool ${pool.name}`, tolerations: [{ ...pool.toleration }] })),
        },
        shm: { readOnly: false, value: true },
        configurations: { readOnly: false, value: [] },
        environment: { readOnly: false, value: {} },
      },
    },
    { lineWidth: 0 },
  );
}

/**
 * Notebooks (v1): the Jupyter web app and notebook controller, TensorBoards,
 * volumes and the PVC viewer. The spawner offers the spec's pinned
 * TensorFlow/Keras images through the mirror, CPU and memory defaults within
 * tenant quotas, NVIDIA GPUs and one toleration group and affinity per GPU
 * pool; idle notebooks are culled. The routes the controllers create bind to
 * the platform's Gateway, for Kubeflow's host.
 */
export function notebooksUnit(site: KubeflowSite): KustomizeUnit {
  return {
    name: '36-kubeflow-notebooks',
    upstream: ['applications/notebooks-v1/overlays/istio'],
    images: mirroredImages(IMAGES, site.mirror),
    configMaps: [
      { name: 'jupyter-web-app-config', namespace: 'kubeflow', behavior: 'replace', files: { 'spawner_ui_config.yaml': spawnerConfig(site) } },
      {
        name: 'notebook-controller-config',
        namespace: 'kubeflow',
        behavior: 'merge',
        literals: { ENABLE_CULLING: 'true', CULL_IDLE_TIME: '1440', IDLENESS_CHECK_PERIOD: '5', ...controllerRoutes(site) },
      },
      {
        name: 'tensorboard-controller-config',
        namespace: 'kubeflow',
        behavior: 'merge',
        literals: { TENSORBOARD_IMAGE: mirroredImage(TENSORBOARD_IMAGE, site.mirror), ...controllerRoutes(site) },
      },
      {
        name: 'jupyter-web-app-notebook-template',
        namespace: 'kubeflow',
        behavior: 'create',
        files: { 'notebook_template.yaml': notebookTemplate(site.storageOwner.gid) },
      },
    ],
    patches: [
      patchDeployment('jupyter-web-app-deployment', 'kubeflow', {
        spec: {
          containers: [
            {
              name: 'jupyter-web-app',
              volumeMounts: [{ name: 'notebook-template', mountPath: NOTEBOOK_TEMPLATE_PATH, subPath: 'notebook_template.yaml', readOnly: true }],
            },
          ],
          volumes: [{ name: 'notebook-template', configMap: { name: 'jupyter-web-app-notebook-template' } }],
        },
      }),
      patchDeployment('volumes-web-app-deployment', 'kubeflow', {
        spec: { containers: [{ name: 'volumes-web-app', env: [{ name: 'VOLUME_VIEWER_IMAGE', value: mirroredImage(VOLUME_VIEWER_IMAGE, site.mirror) }] }] },
      }),
    ],
  };
}
