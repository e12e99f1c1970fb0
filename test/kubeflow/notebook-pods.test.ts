import { parse } from 'yaml';
import { PROFILE_WORKLOAD_ACCOUNT } from '../../constructs/tenancy/kubeflow-profile';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { ENVIRONMENTS } from '../../environments';
import { restrictedProblems } from '../support/pod-security';
import { allObjects, synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

/**
 * A notebook a tenant starts from the Jupyter web app, built as the pieces of the distribution build it, then put
 * through Pod Security `restricted`:
 * - the web app fills its Notebook template (mounted from the built unit 36) with str.format and the form's choices
 *   (notebooks v1.11.0 crud-web-apps/jupyter/backend/apps: image, resources, workspace PVC, /dev/shm emptyDir,
 *   toleration group, PodDefault labels);
 * - the notebook controller copies the pod spec into its StatefulSet, adding fsGroup 100 only when the pod has no
 *   security context (notebook_controller.go);
 * - the PodDefault webhook merges the selected PodDefaults (from the tenant's synthesized ones);
 * - Istio injects `istio-validation` and `istio-proxy` with the security context of its injection template in the
 *   built unit 32 (CNI on, proxy not privileged: non-root 1337, no escalation, all capabilities dropped).
 */
describe('environment onprem: a notebook from the web app in a tenant namespace', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  const objects = allObjects(staged);
  const tenant = staged.spec.users.find((u) => u.role === 'data-scientist' && !u.offboarded && u.quota.gpus > 0)!;
  let built: KubeObject[] = [];

  beforeAll(async () => {
    built = (await Promise.all(staged.units.filter((u) => ['32-istio', '36-kubeflow-notebooks'].includes(u.name)).map((u) => builtUnit(u)))).flat();
  }, 60_000);

  function notebookPod(templateText: string): Record<string, any> {
    const fields: Record<string, string> = { name: 'lab', namespace: tenant.name, creator: tenant.email, serviceAccount: PROFILE_WORKLOAD_ACCOUNT };
    const notebook = parse(templateText.replace(/\{(\w+)\}/g, (_, key: string) => fields[key]));
    const pod = notebook.spec.template.spec;
    const spawner = parse(
      built.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('jupyter-web-app-config'))!.data!['spawner_ui_config.yaml'],
    ).spawnerFormDefaults;
    const [container] = pod.containers;
    container.image = spawner.image.value;
    container.resources = { requests: { cpu: '1', memory: '4Gi' }, limits: { cpu: '2', memory: '4Gi', 'nvidia.com/gpu': '1' } };
    pod.volumes.push({ name: 'lab-workspace', persistentVolumeClaim: { claimName: 'lab-workspace' } }, { name: 'dshm', emptyDir: { medium: 'Memory' } });
    container.volumeMounts.push({ name: 'lab-workspace', mountPath: '/home/jovyan' }, { name: 'dshm', mountPath: '/dev/shm' });
    pod.tolerations.push(...spawner.tolerationGroup.options[0].tolerations);
    if (!pod.securityContext) pod.securityContext = { fsGroup: 100 };
    for (const podDefault of objects.filter(
      (o) => o.kind === 'PodDefault' && o.metadata.namespace === tenant.name && !o.spec.selector.matchLabels['pipelines.kubeflow.org/v2_component'],
    )) {
      pod.volumes.push(...(podDefault.spec.volumes ?? []));
      container.volumeMounts.push(...(podDefault.spec.volumeMounts ?? []));
      container.env.push(...(podDefault.spec.env ?? []));
      pod.tolerations.push(...(podDefault.spec.tolerations ?? []));
    }
    const injector = built.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'istio-sidecar-injector')!;
    const values = JSON.parse(injector.data!.values);
    expect([values.pilot.cni.enabled, values.global.proxy.privileged]).toEqual([true, false]);
    expect(injector.data!.config).toMatch(/- name: istio-validation[\s\S]*?\{\{- else \}\}\s+readOnlyRootFilesystem: true[\s\S]*?runAsNonRoot: true/);
    const sidecar = {
      allowPrivilegeEscalation: false,
      privileged: false,
      capabilities: { drop: ['ALL'] },
      readOnlyRootFilesystem: true,
      runAsUser: 1337,
      runAsGroup: 1337,
      runAsNonRoot: true,
    };
    pod.initContainers = [...(pod.initContainers ?? []), { name: 'istio-validation', securityContext: sidecar }];
    pod.containers.push({ name: 'istio-proxy', securityContext: sidecar });
    return pod;
  }

  test('the web app mounts the platform’s Notebook template where it reads it', () => {
    const deployment = built.find((o) => o.kind === 'Deployment' && o.metadata.name === 'jupyter-web-app-deployment')!;
    const app = deployment.spec.template.spec.containers.find((c: any) => c.name === 'jupyter-web-app');
    const mount = app.volumeMounts.find((m: any) => m.mountPath === '/src/apps/common/yaml/notebook_template.yaml');
    expect(mount.subPath).toBe('notebook_template.yaml');
    const volume = deployment.spec.template.spec.volumes.find((v: any) => v.name === mount.name);
    expect(built.some((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name && o.data?.['notebook_template.yaml'])).toBe(true);
  });

  test('passes restricted, sidecar and PodDefaults included; upstream’s template would not', () => {
    const template = built.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('jupyter-web-app-notebook-template'))!.data![
      'notebook_template.yaml'
    ];
    expect(template.replace(/\{(name|namespace|creator|serviceAccount)\}/g, '')).not.toMatch(/[{}]/);
    expect(restrictedProblems(notebookPod(template))).toEqual([]);
    const upstream = template.replace(
      /\n\s+securityContext:\n(\s+(runAsNonRoot|fsGroup|seccompProfile|type|allowPrivilegeEscalation|capabilities|drop|- ALL).*\n)+/g,
      '\n',
    );
    expect(upstream).not.toContain('securityContext');
    expect(restrictedProblems(notebookPod(upstream))).toEqual(
      expect.arrayContaining(['container lab: allowPrivilegeEscalation is not false', 'container lab: runAsNonRoot is not true']),
    );
  });

  test('logs to MLflow with its own token: it runs as the profile’s default-editor, token mounted, with the client settings of platform-services', () => {
    const template = built.find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('jupyter-web-app-notebook-template'))!.data![
      'notebook_template.yaml'
    ];
    const pod = notebookPod(template);
    expect(pod.serviceAccountName).toBe(PROFILE_WORKLOAD_ACCOUNT);
    expect(pod.automountServiceAccountToken).not.toBe(false);
    expect(pod.containers[0].env).toContainEqual({ name: 'MLFLOW_TRACKING_AUTH', value: 'kubernetes-namespaced' });
  });
});
