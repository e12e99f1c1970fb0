import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { PLATFORM_NAME, standardLabels, TENANT_LABEL } from '../lib/labels';

/** Properties of {@link TenantIsolationPolicy}. */
export interface TenantIsolationPolicyProps {
  /** OIDC groups of data scientists and viewers: requests by their members are tenants'. */
  readonly tenantGroups: readonly string[];
}

const NETWORK_RESOURCES = [
  { apiGroups: ['networking.k8s.io'], resources: ['networkpolicies', 'ingresses'] },
  { apiGroups: ['networking.istio.io'], resources: ['gateways', 'virtualservices', 'serviceentries', 'sidecars', 'envoyfilters', 'destinationrules'] },
  { apiGroups: ['security.istio.io'], resources: ['authorizationpolicies', 'peerauthentications', 'requestauthentications'] },
  { apiGroups: ['gateway.networking.k8s.io'], resources: ['gateways', 'httproutes', 'grpcroutes', 'tcproutes', 'tlsroutes', 'referencegrants'] },
];

/**
 * Tenants cannot undo their isolation, whatever a role grants them (Kubeflow's
 * contributor roles are aggregated from many places): in tenant namespaces, a
 * request by a tenant — a member of the tenant groups, or a service account
 * of that namespace (notebooks, pipeline steps) — may not create, change or
 * delete NetworkPolicies, Ingresses, gateways, routes or mesh policies, may
 * not expose a Service as NodePort or LoadBalancer, and may not change or
 * delete any object the platform manages. Kubernetes'
 * ValidatingAdmissionPolicy (GA since 1.30), so no webhook can be down.
 */
export class TenantIsolationPolicy extends Construct {
  constructor(scope: Construct, id: string, props: TenantIsolationPolicyProps) {
    super(scope, id);
    const labels = standardLabels({ name: 'tenant-isolation', instance: PLATFORM_NAME, component: 'admission-policy' });
    const tenantNamespaces = { matchExpressions: [{ key: TENANT_LABEL, operator: 'Exists' }] };
    const groups = props.tenantGroups.map((g) => `'${g.replace(/'/g, "\\'")}'`).join(', ');
    const tenantRequest = {
      name: 'by-a-tenant',
      expression: `request.userInfo.username.startsWith('system:serviceaccount:' + request.namespace + ':') || request.userInfo.groups.exists(g, g in [${groups}])`,
    };
    const policy = (id: string, name: string, resourceRules: object[], validations: object[]) => {
      new ApiObject(this, id, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicy',
        metadata: { name, labels },
        spec: {
          failurePolicy: 'Fail',
          matchConstraints: { namespaceSelector: tenantNamespaces, resourceRules },
          matchConditions: [tenantRequest],
          validations,
        },
      });
      new ApiObject(this, `${id}Binding`, {
        apiVersion: 'admissionregistration.k8s.io/v1',
        kind: 'ValidatingAdmissionPolicyBinding',
        metadata: { name, labels },
        spec: { policyName: name, validationActions: ['Deny'] },
      });
    };
    const all = ['CREATE', 'UPDATE', 'DELETE'];
    policy(
      'NetworkIsolation',
      'tenant-network-isolation',
      [
        ...NETWORK_RESOURCES.map((r) => ({ ...r, apiVersions: ['*'], operations: all })),
        { apiGroups: [''], apiVersions: ['v1'], resources: ['services'], operations: ['CREATE', 'UPDATE'] },
      ],
      [
        {
          expression: "request.resource.resource == 'services' && !(has(object.spec.type) && object.spec.type in ['NodePort', 'LoadBalancer'])",
          message:
            'tenants may not change network policies, ingresses, gateways, routes or mesh policies, nor expose Services outside the cluster: the platform manages them',
        },
      ],
    );
    policy(
      'PlatformObjects',
      'tenant-platform-objects',
      [{ apiGroups: ['*'], apiVersions: ['*'], resources: ['*'], operations: ['UPDATE', 'DELETE'] }],
      [
        {
          expression: `!(has(oldObject.metadata.labels) && oldObject.metadata.labels.exists(k, k == 'app.kubernetes.io/managed-by') && oldObject.metadata.labels['app.kubernetes.io/managed-by'] == '${PLATFORM_NAME}')`,
          message: 'tenants may not change or delete objects the platform manages (quotas, limits, network policies, role bindings, PodDefaults, Profiles)',
        },
      ],
    );
  }
}
