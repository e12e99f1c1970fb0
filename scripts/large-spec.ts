import { createHash } from 'node:crypto';
import { onprem } from '../environments/onprem';
import type { PlatformSpecInput } from '../environments/spec';

/**
 * A valid spec with `users` users, for scale checks: the onprem site grown to
 * one GPU, 8 cores and 32Gi per user, with enough nodes to hold the quotas and
 * the platform services.
 */
export function largeSpec(users: number): PlatformSpecInput {
  const nodes = Math.ceil(users / 8) + 1; // one node spare for the platform services
  return {
    ...onprem,
    name: `scale-${users}`,
    gpuPools: [
      {
        name: 'a100',
        nodes: Array.from({ length: nodes }, (_, i) => `gpu-node-${String(i + 1).padStart(4, '0')}`),
        gpuModel: 'NVIDIA A100 80GB PCIe',
        gpusPerNode: 8,
        cpuPerNode: '64',
        memoryPerNode: '256Gi',
      },
    ],
    vpn: { ...onprem.vpn, cidr: `10.64.0.0/${32 - Math.ceil(Math.log2(users + 4))}` },
    serving: [],
    kubeflow: { ...onprem.kubeflow, tuning: { image: onprem.kubeflow.tuning!.image, users: ['user-0001'] } },
    users: Array.from({ length: users }, (_, i) => ({
      name: `user-${String(i).padStart(4, '0')}`,
      email: `user-${i}@cellbio.example.org`,
      role: i === 0 ? 'admin' : 'data-scientist',
      quota: { gpus: 1, cpu: '8', memory: '32Gi', storage: '100Gi' },
      vpnPublicKey: createHash('sha256').update(`user-${i}`).digest('base64'),
      // Derived addresses collide at this size (birthday bound); a site this large pins them.
      vpnAddress: `10.64.${Math.floor((i + 2) / 256)}.${(i + 2) % 256}`,
    })),
  };
}
