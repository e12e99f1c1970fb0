import { parse } from 'yaml';
import { guardrailFacts } from '../../app/build-platform';
import { inParallel } from '../../app/helm-render';
import { embeddedImages, imagePositions } from '../../app/image-references';
import { CONTRIBUTOR_KUBERNETES_RULES } from '../../constructs/kubeflow/base';
import { GATEWAY_HOST_PORTS } from '../../constructs/platform/platform-gateway';
import { GATEWAY_SIGN_ON } from '../../constructs/kubeflow/auth';
import { kubeflowUpstreamExemptions } from '../../constructs/kubeflow/upstream-exemptions';
import { runGuardrails } from '../../constructs/policy/guardrail-pack';
import type { KustomizeUnit } from '../../constructs/kubeflow/kustomize-unit';
import type { KubeObject } from '../../constructs/policy/guardrail';
import { effectiveRules, grants, tenantGrants } from '../../constructs/policy/rbac';
import { ENVIRONMENTS } from '../../environments';
import { CrdSchemas } from '../support/crd-schema';
import { openApiProblems } from '../support/openapi';
import { allObjects, synthEnvironment } from '../support/synth';
import { builtUnit } from '../support/built-units';

const WRITE = ['create', 'update', 'patch', 'delete'];
/** Custom resources of the units whose CRDs come from elsewhere (cert-manager's, installed by the cluster stack). */
const EXTERNAL_KINDS = ['Certificate', 'Issuer'];

describe.each(Object.keys(ENVIRONMENTS))('environment %s: Kubeflow units built offline with the real kubectl', (name) => {
  const staged = synthEnvironment(ENVIRONMENTS[name]);
  const { spec } = staged;
  const mirror = spec.registry.mirror;
  const synthesized = allObjects(staged);
  let built: Map<string, KubeObject[]>;
  const all = () => [...built.values()].flat();
  const find = (kind: string, objectName: string, namespace?: string) => {
    const found = all().filter((o) => o.kind === kind && o.metadata.name === objectName && (namespace === undefined || o.metadata.namespace === namespace));
    if (found.length !== 1) throw new Error(`expected one ${kind} ${objectName}, found ${found.length}`);
    return found[0] as any;
  };
  const container = (deployment: string, containerName: string) =>
    find('Deployment', deployment, 'kubeflow').spec.template.spec.containers.find((c: any) => c.name === containerName);

  beforeAll(async () => {
    const objects = await inParallel(staged.units, 4, (unit: KustomizeUnit) => builtUnit(unit));
    built = new Map(staged.units.map((u, i) => [u.name, objects[i]]));
  }, 60_000);

  test('the units are Istio, single sign-on, the base, the dashboard with Profiles, Notebooks, Pipelines and Katib, in apply order', () => {
    expect([...built.keys()]).toEqual([
      '31-istio-crds',
      '32-istio',
      '33-kubeflow-auth',
      '34-kubeflow-base',
      '35-kubeflow-dashboard',
      '36-kubeflow-notebooks',
      '37-kubeflow-pipelines',
      '38-kubeflow-katib',
    ]);
    const deployments = all()
      .filter((o) => o.kind === 'Deployment')
      .map((o) => `${o.metadata.namespace}/${o.metadata.name}`);
    for (const expected of [
      'istio-system/istiod',
      'istio-system/istio-ingressgateway',
      'oauth2-proxy/oauth2-proxy',
      'kubeflow/dashboard',
      'kubeflow/profiles-deployment',
      'kubeflow/poddefaults-webhook-deployment',
      'kubeflow/jupyter-web-app-deployment',
      'kubeflow/notebook-controller-deployment',
      'kubeflow/ml-pipeline',
      'kubeflow/ml-pipeline-ui',
      'kubeflow/workflow-controller',
      'kubeflow/katib-controller',
      'kubeflow/katib-ui',
    ]) {
      expect(deployments).toContain(expected);
    }
    expect(
      all()
        .filter((o) => o.kind === 'CustomResourceDefinition')
        .map((o) => o.metadata.name),
    ).toEqual(
      expect.arrayContaining([
        'profiles.kubeflow.org',
        'poddefaults.kubeflow.org',
        'notebooks.kubeflow.org',
        'experiments.kubeflow.org',
        'workflows.argoproj.io',
        'authorizationpolicies.security.istio.io',
      ]),
    );
  });

  test(`every image, in containers and embedded in configuration, ${mirror ? 'comes through the mirror' : 'is upstream’s own'}`, () => {
    const images = [...imagePositions(all()), ...embeddedImages(all())];
    expect(images.length).toBeGreaterThan(50);
    const outside = images.filter((p) => (mirror ? !p.image.startsWith(`${mirror}/`) : p.image.startsWith('registry.lab.internal')));
    expect(outside.map((p) => `${p.object} ${p.path} ${p.image}`)).toEqual([]);
    const unpinned = images.filter((p) => !/(:[\w.-]+|@sha256:[0-9a-f]{64})$/.test(p.image.split('/').pop()!));
    expect(unpinned.map((p) => `${p.object} ${p.path} ${p.image}`)).toEqual([]);
    const injector = JSON.parse(find('ConfigMap', 'istio-sidecar-injector', 'istio-system').data.values);
    expect(injector.global.hub).toBe(mirror ? `${mirror}/registry.istio.io/release` : 'registry.istio.io/release');
    expect(find('Deployment', 'workflow-controller', 'kubeflow').spec.template.spec.containers[0].args).toContain(
      `${mirror ? `${mirror}/` : ''}quay.io/argoproj/argoexec:v3.7.3`,
    );
  });

  test('no Secret carries data, no sample profile, no Dex: credentials are the site’s', () => {
    expect(
      all()
        .filter((o) => o.kind === 'Secret' && (o.data || o.stringData))
        .map((o) => `${o.metadata.namespace}/${o.metadata.name}`),
    ).toEqual([]);
    expect(all().filter((o) => o.kind === 'Profile')).toEqual([]);
    expect(JSON.stringify(all())).not.toContain('user@example.com');
    // The gateway's token rule keeps upstream's name (dex-jwt) but checks the site's issuer; no Dex runs.
    expect(all().filter((o) => o.metadata.namespace === 'auth' || (['Deployment', 'Service'].includes(o.kind) && /dex/.test(o.metadata.name)))).toEqual([]);
  });

  test('single sign-on goes to the site’s OIDC provider, with the client and cookie secrets from the site’s Secret', () => {
    const oidc = spec.access.oidc!;
    const cfg: string = all().find((o) => o.kind === 'ConfigMap' && o.metadata.name.startsWith('oauth2-proxy-') && o.data?.['oauth2_proxy.cfg'])!.data[
      'oauth2_proxy.cfg'
    ];
    expect(cfg).toContain(`oidc_issuer_url = "${oidc.issuerUrl}"`);
    expect(cfg).toContain(`redirect_url = "https://kubeflow.${spec.kubernetes.domain}/oauth2/callback"`);
    expect(cfg).not.toMatch(/dex|skip_oidc_discovery/);
    const env = find('Deployment', 'oauth2-proxy', 'oauth2-proxy').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'OAUTH2_PROXY_CLIENT_ID')).toEqual({ name: 'OAUTH2_PROXY_CLIENT_ID', value: oidc.clientId });
    expect(env.find((e: any) => e.name === 'OAUTH2_PROXY_CLIENT_SECRET').valueFrom.secretKeyRef).toEqual({ name: oidc.clientSecret, key: 'client-secret' });
    expect(env.find((e: any) => e.name === 'OAUTH2_PROXY_COOKIE_SECRET').valueFrom.secretKeyRef).toEqual({ name: oidc.clientSecret, key: 'cookie-secret' });
    expect(find('RequestAuthentication', 'dex-jwt', 'istio-system').spec.jwtRules[0].issuer).toBe(oidc.issuerUrl);
  });

  test('Pipelines keep artifacts in the site’s object store over TLS, not SeaweedFS; the databases on the Retain class', () => {
    const api = container('ml-pipeline', 'ml-pipeline-api-server');
    const env = Object.fromEntries(api.env.map((e: any) => [e.name, e.value ?? e.valueFrom]));
    expect(env).toMatchObject({
      OBJECTSTORECONFIG_HOST: 'minio.object-store.svc.cluster.local',
      OBJECTSTORECONFIG_SECURE: 'true',
      OBJECTSTORECONFIG_ACCESSKEY: { secretKeyRef: { name: 's3-kubeflow-pipelines', key: 'CONSOLE_ACCESS_KEY' } },
    });
    const repository = parse(find('ConfigMap', 'workflow-controller-configmap', 'kubeflow').data.artifactRepository);
    expect(repository.s3).toMatchObject({
      endpoint: 'minio.object-store.svc.cluster.local:443',
      bucket: 'pipelines',
      insecure: false,
      caSecret: { name: 'platform-ca-bundle-tls', key: 'ca.crt' },
    });
    expect(all().filter((o) => /seaweedfs|pipelines-profile-controller/.test(o.metadata.name))).toEqual([]);
    expect(find('PersistentVolumeClaim', 'mysql-pv-claim', 'kubeflow').spec.storageClassName).toBe('nfs-platform');
    expect(find('PersistentVolumeClaim', 'katib-mysql', 'kubeflow').spec.storageClassName).toBe('nfs-platform');
    const tenant = spec.users.find((u) => u.role === 'data-scientist' && !u.offboarded)!.name;
    const launcher = synthesized.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'kfp-launcher' && o.metadata.namespace === tenant)!;
    expect(launcher.data.defaultPipelineRoot).toBe(`s3://pipelines/private-artifacts/${tenant}/v2/artifacts`);
    expect(parse(launcher.data.providers).s3.default.credentials.secretRef.secretName).toBe(`s3-pipelines-${tenant}`);
  });

  test('the Pipelines UI reads archived step logs where Argo writes them for each tenant', () => {
    // How kubeflow/pipelines 2.16.1 frontend/server reads these: configs.ts joins MINIO_HOST and MINIO_NAMESPACE
    // (defaulting to `kubeflow`) unless the latter is empty; workflow-helper.ts replaces these placeholders in
    // ARGO_KEYFORMAT and reads `<key>/main.log` from ARGO_ARCHIVE_BUCKETNAME with the minio settings.
    const ui = container('ml-pipeline-ui', 'ml-pipeline-ui');
    const env = new Map<string, any>(ui.env.map((e: any) => [e.name, e]));
    const value = (key: string) => {
      const entry = env.get(key);
      expect(entry?.valueFrom).toBeUndefined();
      return entry?.value as string;
    };
    const namespace = value('MINIO_NAMESPACE');
    const endpoint = namespace ? `${value('MINIO_HOST')}.${namespace}` : value('MINIO_HOST');
    expect({ endpoint, port: value('MINIO_PORT'), ssl: value('MINIO_SSL') }).toEqual({
      endpoint: 'minio.object-store.svc.cluster.local',
      port: '443',
      ssl: 'true',
    });
    expect(value('ARGO_ARCHIVE_LOGS')).toBe('true');
    for (const user of spec.users.filter((u) => u.role === 'data-scientist' && !u.offboarded)) {
      const argo = JSON.parse(
        synthesized.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'artifact-repositories' && o.metadata.namespace === user.name)!.data[
          'default-namespaced'
        ],
      );
      expect(value('ARGO_ARCHIVE_BUCKETNAME')).toBe(argo.s3.bucket);
      expect(value('ARGO_KEYFORMAT').replace('{{workflow.namespace}}', user.name)).toBe(argo.s3.keyFormat);
    }
  });

  test('the notebook form offers the spec’s images through the mirror and one toleration group and affinity per GPU pool', () => {
    const form = parse(all().find((o) => o.kind === 'ConfigMap' && o.data?.['spawner_ui_config.yaml'])!.data['spawner_ui_config.yaml']).spawnerFormDefaults;
    expect(form.image.options).toEqual(spec.kubeflow.notebookImages.map((i) => (mirror ? `${mirror}/${i}` : i)));
    expect(form.allowCustomImage).toBe(false);
    expect(form.tolerationGroup.options.map((o: any) => o.groupKey)).toEqual(spec.gpuPools.map((p) => p.name));
    expect(form.affinityConfig.options.map((o: any) => o.configKey)).toEqual(spec.gpuPools.map((p) => p.name));
    expect(form.gpus.value.vendors).toEqual([{ limitsKey: 'nvidia.com/gpu', uiName: 'NVIDIA' }]);
    expect(all().find((o) => o.kind === 'ConfigMap' && o.data?.ENABLE_CULLING)!.data.ENABLE_CULLING).toBe('true');
  });

  test('the ingress gateway is one pod on the VPN edge node’s host network that trusts no proxy in front of it; upstream’s Gateways are gone', () => {
    const deployment = find('Deployment', 'istio-ingressgateway', 'istio-system');
    const pod = deployment.spec.template.spec;
    expect([pod.hostNetwork, pod.dnsPolicy, pod.nodeSelector, pod.priorityClassName]).toEqual([
      true,
      'ClusterFirstWithHostNet',
      { 'kubernetes.io/hostname': spec.vpn.gatewayNode },
      'mlops-platform-critical',
    ]);
    expect([deployment.spec.replicas, deployment.spec.strategy]).toEqual([1, { type: 'Recreate' }]);
    expect(all().filter((o) => o.kind === 'HorizontalPodAutoscaler' && o.metadata.name === 'istio-ingressgateway')).toEqual([]);
    expect(deployment.spec.template.metadata.annotations['proxy.istio.io/config']).toBeUndefined();
    expect(deployment.metadata.annotations).toMatchObject({
      'polaris.fairwinds.com/hostNetworkSet-exempt': 'true',
      'ignore-check.kube-linter.io/host-network': expect.any(String),
      'checkov.io/skip1': expect.stringMatching(/^CKV_K8S_19=/),
    });
    expect(find('Namespace', 'istio-system').metadata.labels).toMatchObject({
      'pod-security.kubernetes.io/enforce': 'privileged',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    expect(all().filter((o) => o.kind === 'Gateway')).toEqual([]);
    const gateways = synthesized.filter((o) => o.kind === 'Gateway');
    expect(gateways.map((g) => `${g.metadata.namespace}/${g.metadata.name}`)).toEqual(['istio-system/platform-gateway']);
    const hosts = ['kubeflow', 'mlflow', ...spec.serving.map((s) => s.name)].map((h) => `${h}.${spec.kubernetes.domain}`);
    expect(gateways[0].spec.servers).toEqual([
      ...hosts.map((host) => ({
        port: { number: 443, name: `https-${host.split('.')[0]}`, protocol: 'HTTPS' },
        hosts: [host],
        tls: { mode: 'SIMPLE', credentialName: `${host.split('.')[0]}-tls`, minProtocolVersion: 'TLSV1_2' },
      })),
      { port: { number: 80, name: 'http', protocol: 'HTTP' }, hosts, tls: { httpsRedirect: true } },
    ]);
    const deny = synthesized.find((o) => o.kind === 'AuthorizationPolicy' && o.metadata.name === 'vpn-only')!;
    expect(deny.spec).toEqual({
      selector: { matchLabels: deployment.spec.selector.matchLabels },
      action: 'DENY',
      rules: [{ from: [{ source: { notIpBlocks: [spec.vpn.cidr] } }] }],
    });
  });

  test('the WireGuard gateway redirects the VPN address’s 443 and 80 to the ports the gateway’s Service targets, where Istio binds them', () => {
    const service = find('Service', 'istio-ingressgateway', 'istio-system');
    const targets = GATEWAY_HOST_PORTS.map(({ port }) => ({ port, to: service.spec.ports.find((p: any) => p.port === port).targetPort }));
    expect(targets).toEqual(GATEWAY_HOST_PORTS);
    const config: string = synthesized.find((o) => o.kind === 'ConfigMap' && o.metadata.name === 'wireguard')!.data['wg0.conf'];
    for (const { port, to } of targets)
      expect(config).toContain(`PostUp = iptables -t nat -C PREROUTING -i %i -p tcp --dport ${port} -j REDIRECT --to-ports ${to}`);
  });

  test('every route of the distribution, and those its controllers create, binds to the one Gateway for Kubeflow’s host only', () => {
    const host = `kubeflow.${spec.kubernetes.domain}`;
    const routes = all().filter((o) => o.kind === 'VirtualService');
    expect(routes.length).toBeGreaterThan(8);
    expect(routes.filter((r) => JSON.stringify([r.spec.hosts, r.spec.gateways]) !== JSON.stringify([[host], ['istio-system/platform-gateway']]))).toEqual([]);
    const controllers = all().filter((o) => o.kind === 'ConfigMap' && o.data?.ISTIO_GATEWAY);
    expect(controllers.map((c) => [c.data.ISTIO_GATEWAY, c.data.ISTIO_HOST])).toEqual([
      ['istio-system/platform-gateway', host],
      ['istio-system/platform-gateway', host],
    ]);
  });

  test('the sign-on applies to Kubeflow’s host and MLflow’s; a request without a token is refused on every name but the model servers’', () => {
    const signedOn = [`kubeflow.${spec.kubernetes.domain}`, `mlflow.${spec.kubernetes.domain}`];
    const others = synthesized
      .find((o) => o.kind === 'Gateway')!
      .spec.servers.flatMap((s: any) => s.hosts)
      .filter((h: string, i: number, a: string[]) => !signedOn.includes(h) && a.indexOf(h) === i);
    expect(others).toEqual(spec.serving.map((s) => `${s.name}.${spec.kubernetes.domain}`));
    expect(find('AuthorizationPolicy', 'istio-ingressgateway-oauth2-proxy', 'istio-system').spec.rules[0].to[0].operation.hosts).toEqual(
      signedOn.flatMap((h) => [h, `${h}:*`]),
    );
    expect(find('AuthorizationPolicy', 'istio-ingressgateway-require-jwt', 'istio-system').spec.rules[0].to[0].operation.notHosts).toEqual(
      others.flatMap((h: string) => [h, `${h}:*`]),
    );
    // One session for both hosts: the cookie is the domain's, and the sign-in may return to MLflow.
    const config = all().find((o) => o.kind === 'ConfigMap' && o.metadata.namespace === 'oauth2-proxy' && o.data?.['oauth2_proxy.cfg'])!.data![
      'oauth2_proxy.cfg'
    ];
    expect(config).toContain(`cookie_domains = [ ".${spec.kubernetes.domain}" ]`);
    expect(config).toContain(`whitelist_domains = [ ${signedOn.map((h) => `"${h}"`).join(', ')} ]`);
  });

  test('MLflow’s web server trusts headers the gateway writes from the verified token, replacing what a client sent', () => {
    // The distribution's dex-jwt RequestAuthentication copies the token's claims into the headers MLflow reads.
    const rule = find('RequestAuthentication', 'dex-jwt', 'istio-system').spec.jwtRules[0];
    expect(rule.issuer).toBe(spec.access.oidc!.issuerUrl);
    expect(rule.outputClaimToHeaders).toEqual([
      { header: GATEWAY_SIGN_ON.userHeader, claim: 'email' },
      { header: GATEWAY_SIGN_ON.groupsHeader, claim: 'groups' },
    ]);
    const web = synthesized.find((o) => o.kind === 'Deployment' && o.metadata.name === 'mlflow-web')!.spec.template.spec.containers[0];
    expect(web.env).toEqual(
      expect.arrayContaining([
        { name: 'MLFLOW_K8S_AUTH_REMOTE_USER_HEADER', value: GATEWAY_SIGN_ON.userHeader },
        { name: 'MLFLOW_K8S_AUTH_REMOTE_GROUPS_HEADER', value: GATEWAY_SIGN_ON.groupsHeader },
      ]),
    );
    // RBAC names users by the same claim: every tenant RoleBinding's user is an email.
    const users = synthesized.filter((o) => o.kind === 'RoleBinding').flatMap((b) => (b.subjects ?? []).filter((s: any) => s.kind === 'User'));
    expect(users.length).toBeGreaterThan(0);
    expect(users.every((u: any) => spec.users.some((user) => user.email === u.name))).toBe(true);
  });

  test('the gateway, on the host network, may reach exactly the pods the routes and the sign-on check send it to, on their pod ports', () => {
    const peer = { ipBlock: { cidr: `${spec.vpn.gatewayNodeAddress}/32` } };
    const mesh = parse(find('ConfigMap', 'istio', 'istio-system').data.mesh);
    const authz = mesh.extensionProviders.find((p: any) => p.name === 'oauth2-proxy').envoyExtAuthzHttp;
    const destinations = [
      ...all()
        .filter((o) => o.kind === 'VirtualService')
        .flatMap((r) =>
          r.spec.http.flatMap((h: any) =>
            h.route.map((x: any) => ({ host: x.destination.host, port: x.destination.port?.number, from: r.metadata.namespace })),
          ),
        ),
      { host: authz.service, port: authz.port, from: 'istio-system' },
    ];
    const backends = destinations.map(({ host, port, from }) => {
      const [name, namespace = from] = host.split('.');
      const service = find('Service', name, namespace);
      const servicePort = service.spec.ports.find((p: any) => port === undefined || p.port === port);
      const pods = all().find(
        (o) =>
          o.kind === 'Deployment' &&
          o.metadata.namespace === namespace &&
          Object.entries(service.spec.selector).every(([k, v]) => o.spec.template.metadata.labels?.[k] === v),
      )!;
      const target = servicePort.targetPort ?? servicePort.port;
      const podPort =
        typeof target === 'number'
          ? target
          : pods.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []).find((p: any) => p.name === target).containerPort;
      return { namespace, labels: pods.spec.template.metadata.labels, port: podPort };
    });
    const policies = synthesized.filter((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o.spec.ingress ?? []).includes(JSON.stringify(peer)));
    const admits = (b: (typeof backends)[number]) =>
      policies.some(
        (p) =>
          p.metadata.namespace === b.namespace &&
          Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => b.labels[k] === v) &&
          p.spec.ingress.some((r: any) => r.ports.some((x: any) => x.port === b.port)),
      );
    expect(backends.filter((b) => !admits(b))).toEqual([]);
    const used = policies.filter((p) => ['kubeflow', 'oauth2-proxy'].includes(p.metadata.namespace!));
    expect(
      used.filter(
        (p) =>
          !backends.some((b) => b.namespace === p.metadata.namespace && Object.entries(p.spec.podSelector.matchLabels).every(([k, v]) => b.labels[k] === v)),
      ),
    ).toEqual([]);
  });

  test('kubeflow enforces STRICT mutual TLS; each plain-text port is a port of a sidecar-injected pod, with its reason', () => {
    const peerAuthentications = synthesized.filter((o) => o.kind === 'PeerAuthentication' && o.metadata.namespace === 'kubeflow');
    expect(peerAuthentications.find((p) => !p.spec.selector)?.spec).toEqual({ mtls: { mode: 'STRICT' } });
    const exceptions = peerAuthentications.filter((p) => p.spec.portLevelMtls);
    expect(exceptions.length).toBeGreaterThan(2);
    for (const exception of exceptions) {
      const pods = all().filter(
        (o) =>
          o.kind === 'Deployment' &&
          o.metadata.namespace === 'kubeflow' &&
          Object.entries(exception.spec.selector.matchLabels).every(([k, v]) => o.spec.template.metadata.labels?.[k] === v),
      );
      expect([exception.metadata.name, pods.length]).toEqual([exception.metadata.name, 1]);
      const template = pods[0].spec.template;
      expect([
        exception.metadata.name,
        template.metadata.annotations?.['sidecar.istio.io/inject'] ?? template.metadata.labels?.['sidecar.istio.io/inject'],
      ]).not.toEqual([exception.metadata.name, 'false']);
      const ports = template.spec.containers.flatMap((c: any) => (c.ports ?? []).map((p: any) => String(p.containerPort)));
      expect(Object.keys(exception.spec.portLevelMtls).filter((p) => !ports.includes(p))).toEqual([]);
      expect(exception.metadata.annotations?.['mlops-platform.io/plaintext-reason']?.length).toBeGreaterThan(40);
    }
  });

  test('tenants’ effective rights, through the vendored aggregated roles, cannot touch NetworkPolicies or Ingresses', () => {
    const tenantRules = tenantGrants([...synthesized, ...all()], guardrailFacts(spec)).flatMap((g) => g.rules);
    const contributor = tenantGrants([...synthesized, ...all()], guardrailFacts(spec)).filter((g) => g.roleName === 'kubeflow-edit');
    expect(contributor.length).toBeGreaterThan(0);
    expect(contributor[0].rules.length).toBeGreaterThan(10);
    expect(tenantRules.filter((r) => grants(r, 'networkpolicies', WRITE) || grants(r, 'ingresses', WRITE))).toEqual([]);
    const policy = synthesized.find((o) => o.kind === 'ValidatingAdmissionPolicy' && o.metadata.name === 'tenant-network-isolation')!;
    expect(policy.spec.matchConstraints.resourceRules.flatMap((r: any) => r.resources)).toEqual(
      expect.arrayContaining(['networkpolicies', 'ingresses', 'gateways', 'virtualservices', 'authorizationpolicies', 'services']),
    );
  });

  test('the guardrail pack passes over the synthesized and the built output; upstream’s misses are exemptions with reasons, none unused', () => {
    const exemptions = [...spec.guardrails.suppressions, ...staged.exemptions, ...kubeflowUpstreamExemptions()];
    const report = runGuardrails({ objects: [...synthesized, ...all()], stacks: staged.stacks, facts: guardrailFacts(spec) }, exemptions);
    expect(report.errors.map((f) => `${f.rule} ${f.object}: ${f.message}`)).toEqual([]);
    expect(report.unusedSuppressions).toEqual([]);
    expect(kubeflowUpstreamExemptions().every((e) => e.reason.length > 60)).toBe(true);
  });

  test('every object is valid: core kinds against the Kubernetes OpenAPI schema, custom resources against the CRDs the units bring', async () => {
    const crds = new CrdSchemas(all());
    const { problems, customKinds } = await openApiProblems(all().filter((o) => !crds.knows(o) && o.kind !== 'CustomResourceDefinition'));
    const custom = all()
      .filter((o) => crds.knows(o))
      .flatMap((o) => {
        const problem = crds.problem(o);
        return problem ? [`${o.kind}/${o.metadata.name}: ${problem}`] : [];
      });
    expect([...problems, ...custom]).toEqual([]);
    expect([...new Set(customKinds)].filter((k) => !EXTERNAL_KINDS.includes(k))).toEqual([]);
  });

  test('the platform’s own Istio objects (Gateway, routes, policies) are valid against the vendored Istio CRDs', () => {
    const crds = new CrdSchemas(all());
    const istio = synthesized.filter((o) => /\.istio\.io\//.test(o.apiVersion));
    expect(istio.length).toBeGreaterThan(5);
    expect(istio.filter((o) => !crds.knows(o)).map((o) => o.kind)).toEqual([]);
    expect(istio.flatMap((o) => (crds.problem(o) ? [`${o.kind}/${o.metadata.name}: ${crds.problem(o)}`] : []))).toEqual([]);
  });
});

describe('contributor rights', () => {
  test('upstream’s kubeflow-edit lets a contributor write NetworkPolicies and Ingresses and exec into pods; the platform’s does not', async () => {
    const upstream = await builtUnit({ name: 'upstream-roles', upstream: ['common/kubeflow-roles/base'] });
    const edit = upstream.find((o) => o.metadata.name === 'kubeflow-edit')!;
    const clusterRoles = upstream.filter((o) => o.kind === 'ClusterRole');
    expect(effectiveRules(edit, clusterRoles).some((r) => grants(r, 'networkpolicies', WRITE, 'networking.k8s.io'))).toBe(true);
    const patched = clusterRoles.map((r) => (r.metadata.name === 'kubeflow-kubernetes-edit' ? { ...r, rules: CONTRIBUTOR_KUBERNETES_RULES } : r));
    expect(
      effectiveRules(edit, patched).some((r) => grants(r, 'networkpolicies', WRITE) || grants(r, 'ingresses', WRITE) || grants(r, 'pods/exec', ['create'], '')),
    ).toBe(false);
    expect(effectiveRules(edit, clusterRoles).some((r) => grants(r, 'pods/exec', ['create'], ''))).toBe(true);
    // Only NetworkPolicies, Ingresses, exec and attach are gone: every other upstream rule stays.
    const upstreamRules = upstream
      .find((o) => o.metadata.name === 'kubeflow-kubernetes-edit')!
      .rules.map((r: any) => ({
        ...r,
        resources: r.resources.filter((x: string) => !['ingresses', 'networkpolicies', 'pods/exec', 'pods/attach'].includes(x)),
      }));
    expect(CONTRIBUTOR_KUBERNETES_RULES).toEqual(upstreamRules.filter((r: any) => r.resources.length));
  });
});
