import { HOLDS_DATA_LABEL } from '../../lib/labels';
import { type Guardrail, resourceRef, terraformMetadata, terraformResources } from '../guardrail';

const ALWAYS_DATA = /^(kubernetes_persistent_volume_claim(_v1)?|kubernetes_persistent_volume(_v1)?|minio_s3_bucket)$/;

/** REL-07: Terraform never destroys something that holds data without a deliberate code change. */
export const rel07PreventDestroy: Guardrail = {
  id: 'REL-07',
  level: 'error',
  title: 'Terraform resources that hold data (namespaces labelled as holding data, claims, volumes, buckets) set lifecycle.prevent_destroy',
  fix: 'Set holdsData on the PlatformNamespace (or prevent_destroy on the resource).',
  check: ({ stacks }) =>
    terraformResources(stacks)
      .filter((r) => ALWAYS_DATA.test(r.type) || (/^kubernetes_namespace(_v1)?$/.test(r.type) && terraformMetadata(r).labels?.[HOLDS_DATA_LABEL] === 'true'))
      .filter((r) => r.body.lifecycle?.prevent_destroy !== true)
      .map((r) => ({ object: resourceRef(r), message: 'holds data but can be destroyed' })),
};
