import { parseQuantity } from '../../lib/quantity';
import { type Guardrail, type KubeObject, objectRef, type Violation, ofKind } from '../guardrail';

/** PLT-01: every pre-bound PersistentVolume and its claim point at each other and agree. */
export const plt01VolumeClaimPairing: Guardrail = {
  id: 'PLT-01',
  level: 'error',
  title: 'A PersistentVolume with claimRef has its claim (volumeName pointing back), the same StorageClass, matching access modes and enough capacity',
  fix: 'Create static volumes through StaticNfsVolume, which writes both halves from one set of properties.',
  check({ objects }) {
    const out: Violation[] = [];
    const claims = new Map(ofKind(objects, 'PersistentVolumeClaim').map((o) => [`${o.metadata.namespace}/${o.metadata.name}`, o]));
    const volumes = ofKind(objects, 'PersistentVolume');
    for (const volume of volumes.filter((v) => v.spec?.claimRef)) {
      const ref = volume.spec.claimRef;
      const claim: KubeObject | undefined = claims.get(`${ref.namespace}/${ref.name}`);
      const at = objectRef(volume);
      if (!claim) {
        out.push({ object: at, message: `is reserved for claim ${ref.namespace}/${ref.name}, which does not exist` });
        continue;
      }
      if (claim.spec?.volumeName !== volume.metadata.name)
        out.push({ object: at, message: `claim ${ref.namespace}/${ref.name} names volume ${claim.spec?.volumeName ?? '(none)'}` });
      if ((claim.spec?.storageClassName ?? null) !== (volume.spec.storageClassName ?? null)) {
        out.push({
          object: at,
          message: `StorageClass ${JSON.stringify(volume.spec.storageClassName)} differs from its claim's ${JSON.stringify(claim.spec?.storageClassName)}`,
        });
      }
      const missing = (claim.spec?.accessModes ?? []).filter((m: string) => !(volume.spec.accessModes ?? []).includes(m));
      if (missing.length) out.push({ object: at, message: `lacks access modes ${missing.join(', ')} that its claim asks for` });
      const capacity = parseQuantity(volume.spec.capacity?.storage ?? '0') ?? 0;
      const request = parseQuantity(claim.spec?.resources?.requests?.storage ?? '0') ?? 0;
      if (request > capacity)
        out.push({ object: at, message: `holds ${volume.spec.capacity?.storage}, less than its claim requests (${claim.spec.resources.requests.storage})` });
    }
    const byName = new Map(volumes.map((v) => [v.metadata.name, v]));
    for (const claim of claims.values()) {
      const volumeName = claim.spec?.volumeName;
      const ref = volumeName ? byName.get(volumeName)?.spec?.claimRef : undefined;
      if (volumeName && byName.has(volumeName) && (!ref || ref.namespace !== claim.metadata.namespace || ref.name !== claim.metadata.name)) {
        out.push({ object: objectRef(claim), message: `names volume ${volumeName}, which is not reserved for it (claimRef)` });
      }
    }
    return out;
  },
};
