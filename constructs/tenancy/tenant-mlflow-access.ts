import { Construct } from 'constructs';
import { KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { standardLabels } from '../lib/labels';
import { MLFLOW_API_GROUP } from '../platform/mlflow-server';
import { MLFLOW_ROLE_RULES, type TenantAccess } from './tenant-role-rules';

/** Properties of {@link TenantMlflowAccess}. */
export interface TenantMlflowAccessProps {
  /** The tenant namespace, which is also the tenant's MLflow workspace. */
  readonly namespace: string;
  /** The tenant's access level: the namespace's workloads get the same MLflow rights. */
  readonly access: TenantAccess;
  /**
   * Service accounts the namespace's notebooks, pipeline steps and trials run as, which call MLflow with their token.
   * @default - none
   */
  readonly workloadAccounts?: readonly string[];
  /**
   * Users (by the name RBAC knows them) who may read this workspace's registered models: the platform admins.
   * @default - no one besides the tenant
   */
  readonly modelReaders?: readonly string[];
}

/**
 * Who may do what in a tenant's MLflow workspace besides the tenant (whose
 * own Role carries their MLflow rights): the namespace's workloads act with
 * the tenant's rights through their service account token, and the platform
 * admins read its registered models. No one else has any right there.
 */
export class TenantMlflowAccess extends Construct {
  constructor(scope: Construct, id: string, props: TenantMlflowAccessProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = standardLabels({ name: 'mlflow-access', instance: ns, component: 'tenant-mlflow-access' });
    const accounts = props.workloadAccounts ?? [];
    if (accounts.length) {
      new KubeRole(this, 'WorkloadRole', { metadata: { name: 'mlflow-workloads', namespace: ns, labels }, rules: MLFLOW_ROLE_RULES[props.access] });
      new KubeRoleBinding(this, 'WorkloadBinding', {
        metadata: { name: 'mlflow-workloads', namespace: ns, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'mlflow-workloads' },
        subjects: accounts.map((name) => ({ kind: 'ServiceAccount', name, namespace: ns })),
      });
    }
    const readers = props.modelReaders ?? [];
    if (readers.length) {
      new KubeRole(this, 'ModelReaderRole', {
        metadata: { name: 'mlflow-model-readers', namespace: ns, labels },
        rules: [{ apiGroups: [MLFLOW_API_GROUP], resources: ['registeredmodels'], verbs: ['get', 'list'] }],
      });
      new KubeRoleBinding(this, 'ModelReaders', {
        metadata: { name: 'mlflow-model-readers', namespace: ns, labels },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'mlflow-model-readers' },
        subjects: readers.map((name) => ({ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name })),
      });
    }
  }
}
