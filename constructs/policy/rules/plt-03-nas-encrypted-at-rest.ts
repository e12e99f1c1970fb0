import type { Guardrail } from '../guardrail';

/** PLT-03: the NAS that holds the images and tenant data encrypts its disks. */
export const plt03NasEncryptedAtRest: Guardrail = {
  id: 'PLT-03',
  level: 'error',
  title: 'The NAS states storage.nfs.encryptedAtRest: true (the platform cannot encrypt NFS data at rest itself)',
  fix: 'Turn on encryption at rest on the NAS and set storage.nfs.encryptedAtRest: true, or suppress for a test site with a reason.',
  check({ facts }) {
    return facts.nas && !facts.nas.encryptedAtRest
      ? [{ object: `NasStorage//${facts.nas.server}`, message: 'does not encrypt data at rest (storage.nfs.encryptedAtRest is false)' }]
      : [];
  },
};
