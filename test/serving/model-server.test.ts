import { GPU_TOLERATION } from '../../constructs/lib/gpu-scheduling';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ModelServer, type ModelServerProps } from '../../constructs/serving/model-server';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { ServiceNamespace } from '../../constructs/platform/service-namespace';
import { findObject, synthConstruct } from '../support/synth';
import { dataServices } from '../platform/support';

function synth(props: Partial<ModelServerProps> = {}): KubeObject[] {
  return synthConstruct((scope) => {
    const { issuer, objectStore, gateway } = dataServices(scope);
    const namespace = new ServiceNamespace(scope, 'Serving', { name: 'serving', component: 'model-serving', podSecurityVersion: 'v1.31' });
    new ModelServer(scope, 'Server', {
      name: 'cell-detector',
      namespace,
      runtime: 'tf-serving',
      model: 'cell-detector/3',
      objectStore,
      issuer,
      gateway,
      ...props,
    });
  });
}

describe('ModelServer', () => {
  const a100 = { name: 'a100', nodeSelector: { 'mlops-platform.io/gpu-pool': 'a100' }, toleration: GPU_TOLERATION };
  const objects = synth({ replicas: 2, gpu: 1, pool: a100 });
  const pod = findObject(objects, 'Deployment', 'cell-detector', 'serving').spec.template.spec;
  const server = pod.containers[0];

  test('TensorFlow Serving loads the model copied from the models bucket, REST and gRPC, ready on the model status', () => {
    expect(pod.initContainers[0].args[0]).toContain('mc mirror --overwrite models/models/cell-detector/3 /models/cell-detector/3');
    expect(server.args).toEqual(['--port=8500', '--rest_api_port=8501', '--model_name=cell-detector', '--model_base_path=/models/cell-detector']);
    expect(server.ports).toEqual([
      { name: 'http', containerPort: 8501 },
      { name: 'grpc', containerPort: 8500 },
    ]);
  });

  test('TF Serving is ready only when the model version is AVAILABLE; liveness asks only for the process', () => {
    // 2.18.0: /v1/models/<name> answers 200 in any state (model_servers/http_rest_api_handler.cc ProcessModelStatusRequest);
    // a version's metadata needs a servable handle, published only for kReady (AVAILABLE) servables
    // (core/basic_manager.cc ServingMap::Update; servables/tensorflow/get_model_metadata_impl.cc), else 404.
    expect(server.startupProbe.httpGet).toEqual({ path: '/v1/models/cell-detector/versions/3/metadata', port: 8501 });
    expect(server.readinessProbe.httpGet).toEqual({ path: '/v1/models/cell-detector/versions/3/metadata', port: 8501 });
    expect(server.livenessProbe.httpGet).toEqual({ path: '/v1/models/cell-detector', port: 8501 });
    expect(server.image).toBe('docker.io/tensorflow/serving:2.18.0-gpu');
  });

  test('a GPU runs on its pool with the toleration, and whole GPUs in requests and limits', () => {
    expect(pod.nodeSelector).toEqual({ 'mlops-platform.io/gpu-pool': 'a100' });
    expect(pod.tolerations).toEqual([{ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' }]);
    expect([server.resources.requests['nvidia.com/gpu'], server.resources.limits['nvidia.com/gpu']]).toEqual([1, 1]);
  });

  test('reads only the models bucket, with credentials from a mounted Secret', () => {
    expect(pod.volumes.find((v: any) => v.name === 's3').secret.secretName).toBe('s3-serving-cell-detector');
    expect(pod.initContainers[0].env).toBeUndefined();
  });

  test('scales with an HPA, keeps a PDB and spreads when replicated', () => {
    expect(findObject(objects, 'HorizontalPodAutoscaler', 'cell-detector', 'serving').spec).toMatchObject({ minReplicas: 2, maxReplicas: 4 });
    expect(findObject(objects, 'PodDisruptionBudget', 'cell-detector', 'serving').spec.unhealthyPodEvictionPolicy).toBe('AlwaysAllow');
    expect(pod.topologySpreadConstraints[0].topologyKey).toBe('kubernetes.io/hostname');
  });

  test('is hardened and reachable only over the VPN with TLS', () => {
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } });
    for (const c of [...pod.initContainers, ...pod.containers])
      expect(c.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    const route = findObject(objects, 'VirtualService', 'cell-detector', 'istio-system');
    expect(route.spec).toMatchObject({ hosts: ['cell-detector.mlops.lab.internal'], gateways: ['istio-system/platform-gateway'] });
    expect(route.spec.http[0].route[0].destination).toEqual({ host: 'cell-detector.serving.svc.cluster.local', port: { number: 80 } });
    expect(findObject(objects, 'Certificate', 'cell-detector', 'istio-system').spec.dnsNames).toEqual(['cell-detector.mlops.lab.internal']);
    expect(findObject(objects, 'NetworkPolicy', 'allow-cell-detector', 'serving').spec.ingress[0].from).toEqual([{ ipBlock: { cidr: '10.10.0.5/32' } }]);
  });

  test('FastAPI runs the site image on the contract the README states, row by row', () => {
    const readme = fs.readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
    const table = readme.slice(readme.indexOf('**The FastAPI contract**'));
    const row = (name: string) => new RegExp(`^\\| ${name} \\| (.+) \\|$`, 'm').exec(table)?.[1] ?? '';
    const fastapiPod = findObject(synth({ runtime: 'fastapi', image: 'registry.lab:5000/cell-api:1.4.2' }), 'Deployment', 'cell-detector', 'serving').spec
      .template.spec;
    const [fetch] = fastapiPod.initContainers;
    const [app] = fastapiPod.containers;
    expect(app.image).toBe('registry.lab:5000/cell-api:1.4.2');
    // port
    expect(row('port')).toContain(`\`${app.ports[0].containerPort}\``);
    expect(app.ports).toEqual([{ name: 'http', containerPort: 8000 }]);
    // model: $MODEL_DIR is where the init container copies the model folder itself (no version folder below it), mounted read-only
    const modelDir = app.env.find((e: any) => e.name === 'MODEL_DIR').value;
    expect(row('model')).toContain(`\`$MODEL_DIR\` = \`/models/<name>\``);
    expect(modelDir).toBe('/models/cell-detector');
    expect(fetch.args[0]).toContain(`mc mirror --overwrite models/models/cell-detector/3 ${modelDir}\n`.trimEnd());
    expect(app.volumeMounts).toContainEqual({ name: 'models', mountPath: '/models', readOnly: true });
    // health: one path for start-up, readiness and liveness
    expect(row('health')).toContain('`GET /healthz`');
    expect([app.startupProbe, app.readinessProbe, app.livenessProbe].map((p: any) => p.httpGet)).toEqual(Array(3).fill({ path: '/healthz', port: 8000 }));
    expect(row('health')).toContain(`start-up (${(app.startupProbe.periodSeconds * app.startupProbe.failureThreshold) / 60} minutes)`);
    expect(row('predict')).toContain('`POST /predict`');
    // user
    expect(row('user')).toContain(`UID \`${fastapiPod.securityContext.runAsUser}\`, GID \`${fastapiPod.securityContext.runAsGroup}\``);
    expect(app.securityContext).toEqual({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
    // files: /tmp is the only writable mount
    const writable = app.volumeMounts.filter((m: any) => !m.readOnly);
    expect(writable.map((m: any) => m.mountPath)).toEqual(['/tmp']);
    expect(row('files')).toContain(`\`/tmp\` (\`${fastapiPod.volumes.find((v: any) => v.name === writable[0].name).emptyDir.sizeLimit}\`)`);
  });

  test('TF Serving needs a numbered version folder: a model path without one is refused, not served from a guessed version 1', () => {
    expect(() => synth({ model: 'cell-detector' })).toThrow(/model: must end with the model version, a number/);
    expect(() => synth({ runtime: 'fastapi', image: 'registry.lab:5000/cell-api:1.4.2', model: 'cell-detector' })).not.toThrow();
  });

  test('no GPU, one replica: no pool, no PDB', () => {
    const plain = synth();
    expect(findObject(plain, 'Deployment', 'cell-detector', 'serving').spec.template.spec.nodeSelector).toBeUndefined();
    expect(plain.filter((o) => o.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('fails without an image for FastAPI, a pool for a GPU, or a sane model path', () => {
    expect(() => synth({ runtime: 'fastapi', gpu: 1, model: '../x' })).toThrow(
      /pool: is required when gpu > 0[\s\S]*image: is required for runtime "fastapi"[\s\S]*model: must be a path/,
    );
  });
});
