import { containersOf, podTemplates } from '../../constructs/policy/inspect';
import type { KubeObject } from '../../constructs/policy/guardrail';

/** One step of a first install: what it creates, in the order it applies it. */
export interface ApplyStage {
  /** `onprem-cluster`, `10-storage.k8s.yaml`, `37-kubeflow-pipelines`. */
  readonly name: string;
  /** Namespaces the stage creates without a Namespace object (Terraform resources). */
  readonly namespaces?: readonly string[];
  readonly objects: readonly KubeObject[];
}

/** API groups Kubernetes serves itself; any other group needs a CRD first. */
const BUILT_IN_GROUPS = new Set([
  '',
  'admissionregistration.k8s.io',
  'apiextensions.k8s.io',
  'apiregistration.k8s.io',
  'apps',
  'authentication.k8s.io',
  'authorization.k8s.io',
  'autoscaling',
  'batch',
  'certificates.k8s.io',
  'coordination.k8s.io',
  'discovery.k8s.io',
  'events.k8s.io',
  'flowcontrol.apiserver.k8s.io',
  'networking.k8s.io',
  'node.k8s.io',
  'policy',
  'rbac.authorization.k8s.io',
  'resource.k8s.io',
  'scheduling.k8s.io',
  'storage.k8s.io',
]);

/** Namespaces every cluster has. */
const CLUSTER_NAMESPACES = ['default', 'kube-system', 'kube-public', 'kube-node-lease'];

function group(apiVersion: string): string {
  return apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
}

function secretsReadBy(pod: Record<string, any>): string[] {
  const containers = containersOf(pod);
  return [
    ...(pod.volumes ?? []).map((v: any) => v.secret?.secretName),
    ...(pod.volumes ?? []).flatMap((v: any) => (v.projected?.sources ?? []).map((s: any) => s.secret?.name)),
    ...containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name)),
    ...containers.flatMap((c: any) => (c.envFrom ?? []).map((e: any) => e.secretRef?.name)),
    ...(pod.imagePullSecrets ?? []).map((s: any) => s.name),
  ].filter((name): name is string => typeof name === 'string');
}

/**
 * What goes wrong when the stages are applied in order to an empty cluster:
 * an object whose namespace is created later (or never), a custom resource
 * whose CRD is not established by an earlier stage (kubectl cannot map a kind
 * whose CRD arrives in the same apply), a pod that names a ServiceAccount or
 * Secret the platform creates only in a later stage. Secrets count as created
 * by the stage holding the Secret or the cert-manager Certificate that writes it.
 */
export function applyOrderProblems(stages: readonly ApplyStage[]): string[] {
  const namespaces = new Set(CLUSTER_NAMESPACES);
  const kinds = new Set<string>();
  const key = (kind: string, namespace: string | undefined, name: string) => `${kind} ${namespace}/${name}`;
  // The last stage that creates each ServiceAccount and Secret (a Certificate creates its secretName).
  const createdIn = new Map<string, number>();
  stages.forEach((stage, index) => {
    for (const o of stage.objects as any[]) {
      const made = o.kind === 'Certificate' ? key('Secret', o.metadata.namespace, o.spec?.secretName) : key(o.kind, o.metadata.namespace, o.metadata.name);
      createdIn.set(made, index);
    }
  });
  const later = (index: number, kind: string, namespace: string | undefined, name: string) => (createdIn.get(key(kind, namespace, name)) ?? -1) > index;
  const problems: string[] = [];
  stages.forEach((stage, index) => {
    for (const ns of stage.namespaces ?? []) namespaces.add(ns);
    const pods = new Map(podTemplates(stage.objects).map((t) => [t.owner, t.spec]));
    for (const o of stage.objects as any[]) {
      const ref = `${stage.name}: ${o.kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`;
      if (o.kind === 'Namespace') namespaces.add(o.metadata.name);
      if (o.metadata.namespace && !namespaces.has(o.metadata.namespace)) problems.push(`${ref}: namespace ${o.metadata.namespace} does not exist yet`);
      const g = group(o.apiVersion);
      if (!BUILT_IN_GROUPS.has(g) && !kinds.has(`${g}/${o.kind}`)) problems.push(`${ref}: no CRD for ${g}/${o.kind} is established by an earlier stage`);
      const pod = pods.get(o);
      if (pod) {
        const account = pod.serviceAccountName;
        if (account && later(index, 'ServiceAccount', o.metadata.namespace, account)) problems.push(`${ref}: ServiceAccount ${account} comes in a later stage`);
        for (const secret of secretsReadBy(pod)) {
          if (later(index, 'Secret', o.metadata.namespace, secret)) problems.push(`${ref}: Secret ${secret} comes in a later stage`);
        }
      }
    }
    for (const o of stage.objects as any[]) {
      if (o.kind === 'CustomResourceDefinition') kinds.add(`${o.spec.group}/${o.spec.names.kind}`);
    }
  });
  return problems;
}
