import { Construct } from 'constructs';
import { KubeClusterRole } from 'cdk8s-plus-28/lib/imports/k8s';
import { standardLabels } from '../lib/labels';
import { MLFLOW_API_GROUP } from '../platform/mlflow-server';

/**
 * The shared read-only view of every workspace's registered models for the
 * platform admin: the rule is aggregated into Kubeflow's `kubeflow-admin`
 * (common/kubeflow-roles, aggregate-to-kubeflow-admin), which the Profile
 * controller binds to each profile's owner in its namespace (`namespaceAdmin`,
 * dashboard v2.0.0 profile_controller.go). One object for every tenant; the
 * owner gets no other MLflow right in another tenant's workspace, as
 * `kubeflow-admin` holds no other rule of `mlflow.kubeflow.org`.
 */
export class ProfileOwnerModelReader extends Construct {
  constructor(scope: Construct, id: string) {
    super(scope, id);
    new KubeClusterRole(this, 'Resource', {
      metadata: {
        name: 'mlflow-registered-models-reader',
        labels: {
          ...standardLabels({ name: 'mlflow-access', instance: 'profile-owner', component: 'rbac' }),
          'rbac.authorization.kubeflow.org/aggregate-to-kubeflow-admin': 'true',
        },
      },
      rules: [{ apiGroups: [MLFLOW_API_GROUP], resources: ['registeredmodels'], verbs: ['get', 'list'] }],
    });
  }
}
