import { KubeObject } from '../../constructs/policy/guardrail';

/**
 * Validates core Kubernetes objects against the OpenAPI schema through
 * kubernetes-models (ESM-only, hence the dynamic import; jest runs with
 * --experimental-vm-modules). Returns one line per invalid object; kinds the
 * package does not know are reported too, so nothing passes unchecked.
 */
export async function openApiProblems(objects: readonly KubeObject[]): Promise<string[]> {
  const problems: string[] = [];
  for (const object of objects) {
    const [group, version] = object.apiVersion.includes('/') ? object.apiVersion.split('/') : ['', object.apiVersion];
    const modulePath = group ? `kubernetes-models/${group}/${version}` : `kubernetes-models/${version}`;
    const where = `${object.kind}/${object.metadata.namespace ?? ''}/${object.metadata.name}`;
    let Model: (new (data: unknown) => { validate(): void }) | undefined;
    try {
      Model = (await import(modulePath))[object.kind];
    } catch {
      Model = undefined;
    }
    if (!Model) {
      problems.push(`${where}: no OpenAPI model for ${object.apiVersion} ${object.kind}`);
      continue;
    }
    try {
      new Model(object).validate();
    } catch (error) {
      problems.push(`${where}: ${(error as Error).message.split('\n')[0]}`);
    }
  }
  return problems;
}
