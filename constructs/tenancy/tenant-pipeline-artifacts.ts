import { Construct } from 'constructs';
import { ApiObject } from 'cdk8s';
import { stringify } from 'yaml';
import { argoS3Repository, tenantArtifactPrefix } from '../lib/argo-artifacts';
import { standardLabels } from '../lib/labels';
import type { S3Access } from '../platform/object-store';

/** Properties of {@link TenantPipelineArtifacts}. */
export interface TenantPipelineArtifactsProps {
  /** The tenant's namespace. */
  readonly namespace: string;
  /** The tenant's key to the `pipelines` bucket, reaching only their prefix (`tenantArtifactPrefix`). */
  readonly access: S3Access;
  /** Secret in the namespace whose `ca.crt` certifies the store's endpoint (the platform CA). */
  readonly caSecret: string;
}

/**
 * Where a tenant's pipeline runs keep their artifacts: the platform's object
 * store over TLS, the `pipelines` bucket under `private-artifacts/<namespace>/`,
 * with credentials of the tenant's own that reach only that prefix (a MinIO
 * user and policy through the store's grant). These are the three ConfigMaps the distribution's Pipelines
 * profile controller would write for SeaweedFS (`kfp-launcher` for v2
 * launchers, `artifact-repositories` for Argo, `metadata-grpc-configmap`),
 * written here instead from the spec.
 */
export class TenantPipelineArtifacts extends Construct {
  /** The Secret with the tenant's object store credentials (created by the site). */
  public readonly credentialsSecret: string;

  constructor(scope: Construct, id: string, props: TenantPipelineArtifactsProps) {
    super(scope, id);
    const ns = props.namespace;
    const prefix = tenantArtifactPrefix(ns);
    const s3 = props.access;
    this.credentialsSecret = s3.credentialsSecret;
    const endpoint = new URL(s3.endpoint);
    const hostPort = `${endpoint.hostname}:${endpoint.port || 443}`;
    const labels = standardLabels({ name: 'pipeline-artifacts', instance: ns, component: 'tenant-pipelines' });
    const configMap = (name: string, data: Record<string, string>, annotations?: Record<string, string>) =>
      new ApiObject(this, name, {
        apiVersion: 'v1',
        kind: 'ConfigMap',
        metadata: { name, namespace: ns, labels, ...(annotations ? { annotations } : {}) },
        data,
      });
    configMap('kfp-launcher', {
      defaultPipelineRoot: `s3://${s3.bucket}/${prefix}/v2/artifacts`,
      providers: launcherProviders(hostPort, s3.region, s3.credentialsSecret),
    });
    configMap('metadata-grpc-configmap', { METADATA_GRPC_SERVICE_HOST: 'metadata-grpc-service.kubeflow', METADATA_GRPC_SERVICE_PORT: '8080' });
    configMap(
      'artifact-repositories',
      {
        'default-namespaced': JSON.stringify(
          argoS3Repository({
            endpoint: hostPort,
            bucket: s3.bucket,
            region: s3.region,
            prefix,
            credentialsSecret: s3.credentialsSecret,
            caSecret: props.caSecret,
          }),
        ),
      },
      { 'workflows.argoproj.io/default-artifact-repository': 'default-namespaced' },
    );
  }
}

/** A name YAML writes as it is (no quotes) wherever it stands: a DNS name starting with a letter that is no YAML keyword. */
const PLAIN_NAME = /^(?!(null|true|false)$)[a-z][a-z0-9.-]*$/;
const SECRET_PLACEHOLDER = 'tenant-secret-name';
/** yaml's rendering of the providers document by endpoint and region, with the placeholder for the Secret's name. */
const providersTemplates = new Map<string, string>();

/** The kfp-launcher's `providers` document (the launcher reads its S3 settings from it). */
export function launcherProvidersDocument(endpoint: string, region: string, secretName: string): object {
  return {
    s3: {
      default: {
        endpoint,
        disableSSL: false,
        region,
        forcePathStyle: true,
        credentials: {
          fromEnv: false,
          secretRef: { secretName, accessKeyKey: 'CONSOLE_ACCESS_KEY', secretKeyKey: 'CONSOLE_SECRET_KEY' },
        },
      },
    },
  };
}

/**
 * {@link launcherProvidersDocument} as yaml writes it. Tenants differ only by
 * the name of their credentials Secret, so yaml renders it once per endpoint
 * and region and each plain name takes the placeholder's place: yaml took a
 * tenth of a millisecond a tenant.
 */
export function launcherProviders(endpoint: string, region: string, secretName: string): string {
  const render = (name: string) => stringify(launcherProvidersDocument(endpoint, region, name), { lineWidth: 0 });
  if (!PLAIN_NAME.test(secretName)) return render(secretName);
  const key = JSON.stringify([endpoint, region]);
  let template = providersTemplates.get(key);
  if (template === undefined) {
    template = render(SECRET_PLACEHOLDER);
    providersTemplates.set(key, template);
  }
  return template.replace(`secretName: ${SECRET_PLACEHOLDER}\n`, `secretName: ${secretName}\n`);
}
