import type { PlatformSpec } from '../environments/spec';
import { poolCapacity } from '../constructs/lib/capacity';

const quote = (text: string) => JSON.stringify(text);

/**
 * The platform as a Graphviz graph, from the spec alone: the four layers —
 * user interface, compute and orchestration, data management, serving — with
 * the users, GPU pools and services in them, and how they connect.
 */
export function platformDot(spec: PlatformSpec): string {
  const active = spec.users.filter((u) => !u.offboarded);
  const { pipelines, katib, notebooks } = spec.kubeflow.components;
  const kubeflow = [notebooks && 'Notebooks (JupyterLab)', pipelines && 'Pipelines', katib && 'Katib tuning'].filter(Boolean).join('\\n');
  const node = (id: string, label: string, shape = 'box') => `    ${id} [label=${quote(label).replace(/\\\\n/g, '\\n')}, shape=${shape}];`;
  const cluster = (id: string, label: string, color: string, body: string[]) => [
    `  subgraph cluster_${id} {`,
    `    label=${quote(label)}; style="rounded,filled"; fillcolor=${quote(color)}; color="#888888";`,
    ...body,
    '  }',
  ];
  const lines = [
    'digraph platform {',
    `  graph [rankdir=LR, fontname="Helvetica", fontsize=12, labelloc=t, label=${quote(`${spec.name}: on-premises MLOps platform (${active.length} users)`)}];`,
    '  node [fontname="Helvetica", fontsize=10, style="rounded,filled", fillcolor="#ffffff"];',
    '  edge [fontname="Helvetica", fontsize=9, color="#555555"];',
    node('users', `${active.length} users\\n(${[...new Set(active.map((u) => u.role))].join(', ')})`, 'folder'),
    ...cluster('ui', 'User interface', '#e8f1fb', [
      node('vpn', `WireGuard VPN\\n${spec.vpn.cidr}`),
      node('ingress', 'Istio gateway\\n(TLS per host, VPN only)'),
      node('notebooks', kubeflow || 'Kubeflow'),
      ...(kubeflow ? [node('mlflowui', 'MLflow web\\n(signed-on user, RBAC)')] : []),
    ]),
    ...cluster('compute', 'Compute and orchestration', '#eaf7ea', [
      node('tenants', `${spec.users.length} tenant namespaces\\nquotas, isolation`),
      ...spec.gpuPools.map((p) =>
        node(`pool_${p.name.replace(/-/g, '_')}`, `GPU pool ${p.name}\\n${p.gpuModel}\\n${poolCapacity(p).detail} = ${poolCapacity(p).gpus}`, 'box3d'),
      ),
      node('quotas', 'ResourceQuota per tenant\\nGPU, CPU, memory, storage'),
    ]),
    ...cluster('data', 'Data management', '#fdf3e6', [
      node('nas', `NAS ${spec.storage.nfs.server}\\ndataset ${spec.storage.dataset.size}, uploads`, 'cylinder'),
      node('s3', `${spec.objectStore.kind === 'minio' ? 'MinIO' : 'S3'}: models, mlflow-artifacts,\\npipelines, backups`, 'cylinder'),
      node('postgres', 'PostgreSQL (MLflow)', 'cylinder'),
      node('mlflow', 'MLflow tracking + registry\\na workspace per tenant'),
    ]),
    ...cluster(
      'serving',
      'Serving',
      '#f6eafb',
      spec.serving.length
        ? spec.serving.map((s) => node(`serve_${s.name.replace(/-/g, '_')}`, `${s.name}\\n${s.runtime}${s.gpu ? `, ${s.gpu} GPU` : ''}`))
        : [node('serve_none', 'no model servers')],
    ),
    '  users -> vpn [label="WireGuard"];',
    '  vpn -> ingress;',
    '  ingress -> notebooks;',
    ...(kubeflow ? ['  ingress -> mlflowui;', '  mlflowui -> postgres;'] : []),
    '  notebooks -> tenants [label="runs in"];',
    ...spec.gpuPools.map((p) => `  tenants -> pool_${p.name.replace(/-/g, '_')} [label="GPU quota"];`),
    '  tenants -> quotas [style=dashed];',
    '  tenants -> nas [label="dataset (read-only)"];',
    '  tenants -> mlflow [label="track (pod token)"];',
    '  mlflow -> s3 [label="artifacts"];',
    '  mlflow -> postgres;',
    '  postgres -> s3 [label="backups"];',
    ...spec.serving.map((s) => `  s3 -> serve_${s.name.replace(/-/g, '_')} [label="model"];`),
    ...spec.serving.map((s) => `  ingress -> serve_${s.name.replace(/-/g, '_')};`),
    '}',
  ];
  return `${lines.join('\n')}\n`;
}
