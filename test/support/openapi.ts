import type { KubeObject } from '../../constructs/policy/guardrail';

/**
 * Kinds from CustomResourceDefinitions the platform targets. kubernetes-models
 * has no schema for them; CI validates them against the upstream CRDs with the
 * shared validator, and their typed classes (imports/) check them at compile time.
 */
export const CRD_KINDS = [
  'Certificate',
  'ClusterIssuer',
  'Tenant',
  'Cluster',
  'ScheduledBackup',
  'Profile',
  'PodDefault',
  'Experiment',
  'ResourceFlavor',
  'ClusterQueue',
  'LocalQueue',
  'AuthorizationPolicy',
  'PeerAuthentication',
  'Gateway',
  'VirtualService',
  'DestinationRule',
];

/**
 * Validates core Kubernetes objects against the OpenAPI schema through
 * kubernetes-models (ESM-only, hence the dynamic import; jest runs with
 * --experimental-vm-modules). Returns one line per invalid object, and the
 * kinds it has no model for, so a test can insist they are known CRDs.
 */
export async function openApiProblems(objects: readonly KubeObject[]): Promise<{ problems: string[]; customKinds: string[] }> {
  const problems: string[] = [];
  const customKinds: string[] = [];
  for (const object of objects) {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
    const where = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    let Model: (new (data: unknown) => { validate(): void }) | undefined;
    try {
      Model = (await import(modulePath))[object.kind];
    } catch (error) {
      // Only "no such module" means "no model"; anything else (such as jest without VM modules) must fail loudly.
      if (!['ERR_MODULE_NOT_FOUND', 'ERR_PACKAGE_PATH_NOT_EXPORTED', 'MODULE_NOT_FOUND'].includes((error as NodeJS.ErrnoException).code ?? '')) throw error;
      Model = undefined;
    }
    if (!Model) {
      customKinds.push(object.kind);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return { problems, customKinds };
}
