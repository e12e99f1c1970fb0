import { type Guardrail, objectRef, type Violation, ofKind } from '../guardrail';
import { claimTemplates, storageClasses, tenantNamespaces } from '../inspect';

/** REL-01: claims of platform services keep their data when the claim goes. */
export const rel01RetainedPlatformClaims: Guardrail = {
  id: 'REL-01',
  level: 'error',
  title:
    'PVCs outside tenant namespaces bind a PersistentVolume with Retain, or use a StorageClass with reclaimPolicy Retain; so do the volumes StatefulSets and operators (CloudNativePG, MinIO) claim from the platform’s classes and the site’s the spec states',
  fix: 'Use the platform StorageClass (nfs-platform, reclaimPolicy Retain) for platform state, never the tenant class; give the object store drives of a class that retains (objectStore.drives.reclaimPolicy).',
  check({ objects, stacks, facts }) {
    const out: Violation[] = [];
    const tenants = tenantNamespaces(objects);
    const classes = new Map([...(facts.siteStorageClasses ?? []), ...storageClasses(objects, stacks)].map((c) => [c.name, c]));
    const volumes = new Map(ofKind(objects, 'PersistentVolume').map((o) => [o.metadata.name, o]));
    for (const claim of ofKind(objects, 'PersistentVolumeClaim').filter((o) => !tenants.has(o.metadata.namespace ?? ''))) {
      const volumeName = claim.spec?.volumeName;
      if (volumeName) {
        const policy = volumes.get(volumeName)?.spec?.persistentVolumeReclaimPolicy;
        if (policy !== 'Retain')
          out.push({ object: objectRef(claim), message: `binds PersistentVolume ${volumeName} with reclaim policy ${policy ?? '(unknown)'}` });
        continue;
      }
      const className = claim.spec?.storageClassName;
      const storageClass = className ? classes.get(className) : undefined;
      if (storageClass?.reclaimPolicy !== 'Retain') {
        out.push({
          object: objectRef(claim),
          message: `uses StorageClass ${className ?? '(cluster default)'} whose reclaim policy is ${storageClass?.reclaimPolicy ?? 'unknown'}`,
        });
      }
    }
    // Claims an operator or a StatefulSet makes from a template: on a class the platform defines, or one the site provides
    // with its reclaim policy stated in the spec (the object store's drives), it must retain.
    for (const template of claimTemplates(objects).filter((t) => !tenants.has(t.owner.metadata.namespace ?? ''))) {
      const storageClass = classes.get(template.storageClassName);
      if (storageClass && storageClass.reclaimPolicy !== 'Retain') {
        out.push({
          object: objectRef(template.owner),
          message: `claims volumes of StorageClass ${template.storageClassName} whose reclaim policy is ${storageClass.reclaimPolicy ?? 'unknown'}`,
        });
      }
    }
    return out;
  },
};
