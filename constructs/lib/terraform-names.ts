/**
 * Terraform addresses derived from the spec (`kubernetes_labels.gpu_node_gpu_node_01`)
 * instead of construct-path hashes, so plans read well and addresses stay put.
 */
export function terraformName(...parts: string[]): string {
  return parts
    .join('_')
    .toLowerCase()
    .replace(/[^a-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '');
}
