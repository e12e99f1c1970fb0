import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { KubeRoleBinding } from 'cdk8s-plus-28/lib/imports/k8s';
import { KUBEFLOW_USER_IDENTITY } from '../kubeflow/dashboard';
import { standardLabels } from '../lib/labels';

/**
 * The service account the Profile controller makes in every profile namespace (bound to `kubeflow-edit`), which
 * notebooks, pipeline steps and the platform's trials run as.
 */
export const PROFILE_WORKLOAD_ACCOUNT = 'default-editor';

/** Properties of a {@link KubeflowProfile}. */
export interface KubeflowProfileProps {
  /** The tenant namespace (the profile has the same name). */
  readonly namespace: string;
  /** The platform admin who owns the profile. */
  readonly ownerEmail: string;
  /** The user, added as a contributor. */
  readonly userEmail: string;
  /** `edit` for data scientists and admins, `view` for viewers. */
  readonly access: 'edit' | 'view';
  /**
   * The user is offboarded: the profile (and so the namespace) stays, the contributor binding goes.
   * @default false
   */
  readonly offboarded?: boolean;
}

/**
 * The name access management (KFAM) gives a contributor's RoleBinding and AuthorizationPolicy: kind, user, role kind
 * and role joined by dashes, every run of other characters a dash, lower case (dashboard v2.0.0
 * components/access-management/kfam/bindings.go getBindingName).
 */
function contributorBindingName(email: string, access: string): string {
  return ['User', email.replace(/[^a-zA-Z0-9]+/g, '-'), 'ClusterRole', access]
    .join('-')
    .toLowerCase()
    .replace(/[^a-zA-Z0-9]+/g, '-');
}

/**
 * The user's Kubeflow profile over their tenant namespace. A platform admin
 * owns it and the user is a contributor (`kubeflow-edit` or `kubeflow-view`),
 * so users cannot add or remove contributors (GUARDRAILS SEC-36). The profile
 * sets no quota: the tenant's ResourceQuota is the only one.
 */
export class KubeflowProfile extends Construct {
  constructor(scope: Construct, id: string, props: KubeflowProfileProps) {
    super(scope, id);
    const labels = standardLabels({ name: 'kubeflow-profile', instance: props.namespace, component: 'tenant-profile' });
    new ApiObject(this, 'Resource', {
      apiVersion: 'kubeflow.org/v1',
      kind: 'Profile',
      metadata: { name: props.namespace, labels },
      spec: { owner: { kind: 'User', name: props.ownerEmail } },
    });
    if (!props.offboarded) {
      // KFAM writes a contributor as a RoleBinding and an AuthorizationPolicy of one name and lists, removes and
      // checks them as a pair (kfam/bindings.go Create, Delete): both, or the dashboard cannot manage the contributor
      // and the mesh refuses their requests.
      const metadata = {
        name: contributorBindingName(props.userEmail, props.access),
        namespace: props.namespace,
        labels,
        annotations: { user: props.userEmail, role: props.access },
      };
      new ApiObject(this, 'ContributorAccess', {
        apiVersion: 'security.istio.io/v1',
        kind: 'AuthorizationPolicy',
        metadata,
        spec: {
          rules: [
            {
              when: [{ key: `request.headers[${KUBEFLOW_USER_IDENTITY.header}]`, values: [`${KUBEFLOW_USER_IDENTITY.prefix}${props.userEmail}`] }],
              from: [{ source: { principals: [...KUBEFLOW_USER_IDENTITY.principals] } }],
            },
          ],
        },
      });
      new KubeRoleBinding(this, 'Contributor', {
        metadata,
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: `kubeflow-${props.access}` },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: props.userEmail }],
      });
    }
  }
}
