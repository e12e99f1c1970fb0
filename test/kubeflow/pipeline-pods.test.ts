import { parse } from 'yaml';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { ENVIRONMENTS } from '../../environments';
import { restrictedProblems } from '../support/pod-security';
import { synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

/**
 * The pods of a pipeline run in a tenant namespace, built as Kubeflow Pipelines 2.16.1 and Argo Workflows 3.7.3 build
 * them from the built unit 37, then put through Pod Security `restricted`:
 * - KFP's compiler (backend/src/v2/compiler/argocompiler/security_context.go): driver templates get the full
 *   defaults (pod: runAsNonRoot, RuntimeDefault; containers: no escalation, drop ALL, runAsNonRoot); executor
 *   templates get only the seccomp profile at pod level, the launcher init container the full defaults, and the
 *   step's container no escalation and drop ALL, plus the API server's DEFAULT_SECURITY_CONTEXT_* when set;
 * - Argo (workflow/controller: a template's securityContext replaces the workflow's) adds its `init` and `wait`
 *   containers with the controller's `executor.securityContext`.
 */
describe('environment onprem: the pods of a pipeline run in a tenant namespace', () => {
  const staged = synthEnvironment(ENVIRONMENTS.onprem);
  let built: KubeObject[] = [];

  beforeAll(async () => {
    built = await builtUnit(staged.units.find((u) => u.name === '37-kubeflow-pipelines')!);
  }, 60_000);

  const restricted = { allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } };

  function pods(apiServerEnv: Record<string, string>): { driver: Record<string, any>; executor: Record<string, any> } {
    const executorConfig = parse(built.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'workflow-controller-configmap')!.data!.executor);
    const argo = (name: string) => ({ name, securityContext: executorConfig.securityContext });
    const admin = {
      ...(apiServerEnv.DEFAULT_SECURITY_CONTEXT_RUN_AS_USER ? { runAsUser: Number(apiServerEnv.DEFAULT_SECURITY_CONTEXT_RUN_AS_USER) } : {}),
      ...(apiServerEnv.DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP ? { runAsGroup: Number(apiServerEnv.DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP) } : {}),
      ...(apiServerEnv.DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT ? { runAsNonRoot: apiServerEnv.DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT === 'true' } : {}),
    };
    const step = {
      name: 'main',
      securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' }, ...admin },
    };
    const scratch = ['kfp-launcher', 'gcs-scratch', 's3-scratch', 'minio-scratch', 'dot-local-scratch', 'dot-cache-scratch', 'dot-config-scratch'].map(
      (name) => ({ name, emptyDir: {} }),
    );
    return {
      driver: {
        securityContext: { runAsNonRoot: true, seccompProfile: { type: 'RuntimeDefault' } },
        initContainers: [argo('init')],
        containers: [{ name: 'main', securityContext: restricted }, argo('wait')],
      },
      executor: {
        securityContext: { seccompProfile: { type: 'RuntimeDefault' } },
        volumes: scratch,
        initContainers: [argo('init'), { name: 'kfp-launcher', securityContext: restricted }],
        containers: [step, argo('wait')],
      },
    };
  }

  const apiServerEnv = () => {
    const deployment = built.find((o) => o.kind === 'Deployment' && o.metadata.name === 'ml-pipeline')!;
    const container = deployment.spec.template.spec.containers.find((c: any) => c.name === 'ml-pipeline-api-server');
    return Object.fromEntries(container.env.filter((e: any) => e.value !== undefined).map((e: any) => [e.name, e.value]));
  };

  test('the driver and executor pods pass restricted: the step runs as the notebook images’ user', () => {
    const env = apiServerEnv();
    expect([env.DEFAULT_SECURITY_CONTEXT_RUN_AS_NON_ROOT, env.DEFAULT_SECURITY_CONTEXT_RUN_AS_USER, env.DEFAULT_SECURITY_CONTEXT_RUN_AS_GROUP]).toEqual([
      'true',
      '1000',
      '100',
    ]);
    const { driver, executor } = pods(env);
    expect(restrictedProblems(driver)).toEqual([]);
    expect(restrictedProblems(executor)).toEqual([]);
  });

  test('without the API server’s run-as settings, a step’s container is refused', () => {
    expect(restrictedProblems(pods({}).executor)).toEqual(['container main: runAsNonRoot is not true']);
  });
});
