import { HOLDS_DATA_LABEL } from '../../lib/labels';
import { type Guardrail, resourceRef, terraformMetadata, terraformResources, type Violation, ofKind } from '../guardrail';

/**
 * PLT-07: every namespace that holds an item of the data inventory is
 * protected from deletion by the platform's own tools: a Terraform-managed
 * one has `lifecycle.prevent_destroy`, a manifest-managed one carries the
 * holds-data label (which applies it where nothing prunes it). Namespaces
 * neither manages (the site's, upstream's) are outside its reach.
 */
export const plt07DataHomesProtected: Guardrail = {
  id: 'PLT-07',
  level: 'error',
  title: 'Every namespace holding inventory data (Secrets, databases, volumes, state) is safe from destroy and prune',
  fix: 'Mark the namespace holdsData (PlatformNamespace: prevent_destroy; ServiceNamespace and TenantNamespace: the holds-data label, applied unpruned).',
  check({ objects, stacks, facts }) {
    const out: Violation[] = [];
    const namespaces = terraformResources(stacks).filter((r) => /^kubernetes_namespace(_v1)?$/.test(r.type));
    const manifests = new Map(ofKind(objects, 'Namespace').map((o) => [o.metadata.name, o]));
    for (const home of facts.dataHomes ?? []) {
      const what = `holds ${home.items.slice(0, 3).join(', ')}${home.items.length > 3 ? ` and ${home.items.length - 3} more` : ''}`;
      const resource = namespaces.find((r) => terraformMetadata(r).name === home.namespace);
      if (resource) {
        if (resource.body.lifecycle?.prevent_destroy !== true)
          out.push({ object: resourceRef(resource), message: `${what}, but Terraform may destroy it (no lifecycle.prevent_destroy)` });
        continue;
      }
      const manifest = manifests.get(home.namespace);
      if (manifest && manifest.metadata.labels?.[HOLDS_DATA_LABEL] !== 'true')
        out.push({ object: `Namespace//${home.namespace}`, message: `${what}, but an apply may prune it (no ${HOLDS_DATA_LABEL} label)` });
    }
    return out;
  },
};
