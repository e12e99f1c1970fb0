import type { Guardrail } from '../guardrail';

/**
 * PLT-10: traffic to the NAS (the images, every tenant's uploads) is encrypted
 * on the wire. The platform cannot do it itself: the NFS CSI driver has no
 * Kerberos (`sec=krb5p` is refused by the spec), so the network between the
 * nodes and the NAS must, and the spec states that it does.
 */
export const plt10NasEncryptedInTransit: Guardrail = {
  id: 'PLT-10',
  level: 'error',
  title: 'The NAS traffic is encrypted in transit by the storage network (storage.nfs.encryptedInTransit: true)',
  fix: 'Encrypt the network between the nodes and the NAS (IPsec, MACsec) and set storage.nfs.encryptedInTransit: true, or suppress where the traffic never leaves a host, with the reason.',
  check({ facts }) {
    return facts.nas && !facts.nas.encryptedInTransit
      ? [{ object: `NasStorage//${facts.nas.server}`, message: 'traffic to the NAS is not encrypted in transit (storage.nfs.encryptedInTransit is false)' }]
      : [];
  },
};
