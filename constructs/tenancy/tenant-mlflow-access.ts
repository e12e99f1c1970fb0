import { Construct } from 'constructs';
import { KubeRole, KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { standardLabels } from '../lib/labels';
import { MLFLOW_ROLE_RULES, type TenantAccess } from './tenant-role-rules';

/** Properties of {@link TenantMlflowAccess}. */
export interface TenantMlflowAccessProps {
  /** The tenant namespace, which is also the tenant's MLflow workspace. */
  readonly namespace: string;
  /** The tenant's access level: the namespace's workloads get the same MLflow rights. */
  readonly access: TenantAccess;
  /** Service accounts the namespace's notebooks, pipeline steps and trials run as, which call MLflow with their token. */
  readonly workloadAccounts: readonly string[];
}

/**
 * What a tenant's workloads may do in the tenant's MLflow workspace: the
 * tenant's own rights (their Role carries them), through the token of the
 * service accounts notebooks, pipeline steps and trials run as.
 */
export class TenantMlflowAccess extends Construct {
  constructor(scope: Construct, id: string, props: TenantMlflowAccessProps) {
    super(scope, id);
    const ns = props.namespace;
    const labels = standardLabels({ name: 'mlflow-access', instance: ns, component: 'tenant-mlflow-access' });
    new KubeRole(this, 'WorkloadRole', { metadata: { name: 'mlflow-workloads', namespace: ns, labels }, rules: MLFLOW_ROLE_RULES[props.access] });
    new KubeRoleBinding(this, 'WorkloadBinding', {
      metadata: { name: 'mlflow-workloads', namespace: ns, labels },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'mlflow-workloads' },
      subjects: props.workloadAccounts.map((name) => ({ kind: 'ServiceAccount', name, namespace: ns })),
    });
  }
}
