import { type Guardrail, objectRef, type Violation } from '../guardrail';
import { podTemplates } from '../inspect';

/** SEC-04: no pod mounts a node's filesystem (which also rules out container runtime sockets). */
export const sec04NoHostPath: Guardrail = {
  id: 'SEC-04',
  level: 'error',
  title: 'No pod volume is a hostPath',
  fix: 'Use a PersistentVolumeClaim, a CSI volume or an emptyDir instead of a host path.',
  check({ objects }) {
    const out: Violation[] = [];
    for (const { owner, spec } of podTemplates(objects)) {
      for (const volume of spec.volumes ?? []) {
        if (volume.hostPath) out.push({ object: objectRef(owner), message: `volume ${volume.name} mounts host path ${volume.hostPath.path}` });
      }
    }
    return out;
  },
};
