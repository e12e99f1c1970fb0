/**
 * MIG instances per GPU for each profile the GPU Operator's MIG manager can
 * apply to a whole GPU (its `all-<profile>` layouts), from the default
 * mig-parted configuration of GPU Operator v26.7.0
 * (assets/state-mig-manager/0400_configmap.yaml). Where a layout depends on
 * the GPU model (`1g.10gb`: 7 on 80 GB A100/H100, 4 on 40 GB A100), the
 * smaller count, so quota checks never count instances a node may not have.
 * Refresh with the GPU Operator version.
 */
export const MIG_INSTANCES_PER_GPU: Readonly<Record<string, number>> = {
  '1g.5gb': 7, '1g.6gb': 4, '1g.10gb': 4, '1g.12gb': 7, '1g.18gb': 7, '1g.20gb': 4, '1g.23gb': 7, '1g.24gb': 4, '1g.34gb': 7, '1g.35gb': 4,
  '1g.36gb': 4, '1g.45gb': 4, '1g.47gb': 4, '1g.67gb': 4, '1g.70gb': 4,
  '2g.10gb': 3, '2g.12gb': 2, '2g.20gb': 3, '2g.24gb': 3, '2g.35gb': 3, '2g.36gb': 3, '2g.45gb': 3, '2g.47gb': 3, '2g.48gb': 2, '2g.67gb': 3, '2g.70gb': 3,
  '3g.20gb': 2, '3g.40gb': 2, '3g.47gb': 2, '3g.48gb': 2, '3g.71gb': 2, '3g.72gb': 2, '3g.90gb': 2, '3g.93gb': 2, '3g.95gb': 2, '3g.135gb': 2, '3g.139gb': 2,
  '4g.20gb': 1, '4g.24gb': 1, '4g.40gb': 1, '4g.47gb': 1, '4g.48gb': 1, '4g.71gb': 1, '4g.72gb': 1, '4g.90gb': 1, '4g.93gb': 1, '4g.95gb': 1, '4g.96gb': 1,
  '4g.135gb': 1, '4g.139gb': 1,
  '7g.40gb': 1, '7g.80gb': 1, '7g.94gb': 1, '7g.96gb': 1, '7g.141gb': 1, '7g.144gb': 1, '7g.180gb': 1, '7g.186gb': 1, '7g.189gb': 1, '7g.269gb': 1, '7g.278gb': 1,
};
