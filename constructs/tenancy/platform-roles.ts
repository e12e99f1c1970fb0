import { Construct } from 'constructs';
import { KubeClusterRole, KubeClusterRoleBinding, type PolicyRule } from 'cdk8s-plus-28/lib/imports/k8s';
import { standardLabels } from '../lib/labels';

/** OIDC groups bound to the platform roles. */
export interface PlatformGroups {
  readonly admins: string;
  readonly dataScientists: string;
  readonly viewers: string;
}

const READ = ['get', 'list', 'watch'];
const WRITE = [...READ, 'create', 'update', 'patch', 'delete', 'deletecollection'];

/** What a platform admin may do, cluster-wide: every API the platform uses, listed (no wildcards). */
const ADMIN_RULES: PolicyRule[] = [
  {
    apiGroups: [''],
    resources: [
      'namespaces',
      'pods',
      'pods/log',
      'pods/exec',
      'services',
      'endpoints',
      'configmaps',
      'secrets',
      'serviceaccounts',
      'persistentvolumeclaims',
      'persistentvolumes',
      'resourcequotas',
      'limitranges',
      'events',
      'nodes',
    ],
    verbs: WRITE,
  },
  { apiGroups: ['apps'], resources: ['deployments', 'statefulsets', 'daemonsets', 'replicasets'], verbs: WRITE },
  { apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: WRITE },
  { apiGroups: ['autoscaling'], resources: ['horizontalpodautoscalers'], verbs: WRITE },
  { apiGroups: ['policy'], resources: ['poddisruptionbudgets'], verbs: WRITE },
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses', 'ingressclasses'], verbs: WRITE },
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: WRITE },
  { apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings', 'clusterroles', 'clusterrolebindings'], verbs: WRITE },
  { apiGroups: ['cert-manager.io'], resources: ['certificates', 'issuers', 'clusterissuers'], verbs: WRITE },
  { apiGroups: ['minio.min.io'], resources: ['tenants'], verbs: WRITE },
  { apiGroups: ['postgresql.cnpg.io'], resources: ['clusters', 'backups', 'scheduledbackups'], verbs: WRITE },
  { apiGroups: ['kubeflow.org'], resources: ['profiles', 'poddefaults', 'notebooks', 'experiments', 'trials', 'suggestions'], verbs: WRITE },
  { apiGroups: ['kueue.x-k8s.io'], resources: ['clusterqueues', 'localqueues', 'resourceflavors', 'workloads'], verbs: WRITE },
  { apiGroups: ['nvidia.com'], resources: ['clusterpolicies'], verbs: WRITE },
];

/** Cluster-scoped reads everyone on the platform needs to find their way (classes, their profile). */
const DISCOVERY_RULES: PolicyRule[] = [
  { apiGroups: ['storage.k8s.io'], resources: ['storageclasses'], verbs: READ },
  { apiGroups: ['scheduling.k8s.io'], resources: ['priorityclasses'], verbs: READ },
  { apiGroups: ['networking.k8s.io'], resources: ['ingressclasses'], verbs: READ },
  { apiGroups: ['kubeflow.org'], resources: ['profiles'], verbs: READ },
];

/**
 * The three platform roles bound to the site's OIDC groups: `platform-admin`
 * (cluster-wide, every platform API listed, no wildcards), `data-scientist`
 * and `viewer` (cluster-wide reads of classes and profiles only). What users
 * may do inside their own namespace comes from their tenant RoleBinding; no
 * one but admins gets cluster-wide rights.
 */
export class PlatformRoles extends Construct {
  /** ClusterRole names by role. */
  public readonly roleNames = { admin: 'platform-admin', dataScientist: 'data-scientist', viewer: 'viewer' } as const;

  constructor(scope: Construct, id: string, groups: PlatformGroups) {
    super(scope, id);
    const bind = (roleId: string, name: string, rules: PolicyRule[], group: string) => {
      const labels = standardLabels({ name: 'platform-roles', instance: name, component: 'rbac' });
      new KubeClusterRole(this, roleId, { metadata: { name, labels }, rules });
      new KubeClusterRoleBinding(this, `${roleId}Binding`, {
        metadata: { name, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'Group', name: group }],
      });
    };
    bind('Admin', this.roleNames.admin, ADMIN_RULES, groups.admins);
    bind('DataScientist', this.roleNames.dataScientist, DISCOVERY_RULES, groups.dataScientists);
    bind('Viewer', this.roleNames.viewer, DISCOVERY_RULES, groups.viewers);
  }
}
