/** Where Argo (under Kubeflow Pipelines) keeps workflow artifacts and logs: an S3 bucket over TLS. */
export interface ArgoS3Repository {
  /** `host:port`. */
  readonly endpoint: string;
  readonly bucket: string;
  readonly region: string;
  /** Key prefix, such as `private-artifacts/<namespace>`. */
  readonly prefix: string;
  /** Secret with `CONSOLE_ACCESS_KEY` and `CONSOLE_SECRET_KEY`. */
  readonly credentialsSecret: string;
  /**
   * Secret whose `ca.crt` certifies the endpoint.
   * @default - none: a publicly trusted endpoint
   */
  readonly caSecret?: string;
}

/** An Argo artifact repository (`archiveLogs` and `s3`), as the workflow controller and `artifact-repositories` ConfigMaps take it. */
export function argoS3Repository(repo: ArgoS3Repository): Record<string, unknown> {
  return {
    archiveLogs: true,
    s3: {
      endpoint: repo.endpoint,
      bucket: repo.bucket,
      region: repo.region,
      insecure: false,
      keyFormat: argoKeyFormat(repo.prefix),
      accessKeySecret: { name: repo.credentialsSecret, key: 'CONSOLE_ACCESS_KEY' },
      secretKeySecret: { name: repo.credentialsSecret, key: 'CONSOLE_SECRET_KEY' },
      ...(repo.caSecret ? { caSecret: { name: repo.caSecret, key: 'ca.crt' } } : {}),
    },
  };
}

/** Where a tenant's pipeline artifacts and logs live in the `pipelines` bucket; `{{workflow.namespace}}` stands for any tenant. */
export function tenantArtifactPrefix(namespace: string): string {
  return `private-artifacts/${namespace}`;
}

/** Argo's key for a step's artifacts and logs under `prefix` (Argo's default layout). */
export function argoKeyFormat(prefix: string): string {
  return `${prefix}/{{workflow.name}}/{{workflow.creationTimestamp.Y}}/{{workflow.creationTimestamp.m}}/{{workflow.creationTimestamp.d}}/{{pod.name}}`;
}
