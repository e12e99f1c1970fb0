import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { podTemplates } from '../inspect';

/** The volume types Pod Security `restricted` allows. */
export const RESTRICTED_VOLUME_TYPES = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'persistentVolumeClaim', 'projected', 'secret'];

/** SEC-05: pods use only the volume types Pod Security `restricted` allows; NFS comes through claims or CSI. */
export const sec05VolumeTypes: Guardrail = {
  id: 'SEC-05',
  level: 'error',
  title: `Each pod volume sets exactly one of ${RESTRICTED_VOLUME_TYPES.join(', ')} (so inline nfs volumes are refused)`,
  fix: 'Mount NAS data through a PersistentVolumeClaim (the tenant claims dataset and uploads) instead of an inline volume.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      for (const volume of spec.volumes ?? []) {
        const sources = Object.keys(volume).filter((k) => k !== 'name');
        if (sources.length !== 1 || !RESTRICTED_VOLUME_TYPES.includes(sources[0])) {
          out.push({ object: objectRef(owner), message: `volume ${volume.name} is of type ${sources.join('+') || 'none'}` });
        }
      }
    }
    return out;
  },
};
