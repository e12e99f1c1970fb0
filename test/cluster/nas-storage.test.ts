import { TerraformStack, Testing } from 'cdktf';
import { parse } from 'yaml';
import { NasStorage, type NasStorageProps } from '../../constructs/cluster/nas-storage';

const props: NasStorageProps = {
  server: 'nas01.lab.internal',
  share: '/export/mlops',
  mountOptions: ['hard'],
  chart: { chart: 'csi-driver-nfs', repository: 'https://example.invalid/charts', version: '4.11.0' },
  podSecurityVersion: 'v1.31',
};

function synth(extra: Partial<NasStorageProps> = {}) {
  const stack = new TerraformStack(Testing.app(), 'lab-cluster');
  const nas = new NasStorage(stack, 'NasStorage', { ...props, ...extra });
  const json = JSON.parse(Testing.synth(stack));
  return { nas, json, classes: json.resource.kubernetes_storage_class_v1, release: json.resource.helm_release.csi_driver_nfs };
}

describe('NasStorage', () => {
  test('installs the pinned csi-driver-nfs chart that never chmods folders and keeps them on delete', () => {
    const { release } = synth();
    expect(release).toMatchObject({ chart: 'csi-driver-nfs', version: '4.11.0', namespace: 'csi-nfs', atomic: true });
    expect(parse(release.values[0])).toMatchObject({
      driver: { name: 'nfs.csi.k8s.io', mountPermissions: 0 },
      controller: { defaultOnDeletePolicy: 'retain' },
    });
  });

  test('tenant volumes get a folder per namespace and claim, kept when the claim goes', () => {
    expect(synth().classes.storage_class_nfs_tenant).toMatchObject({
      metadata: { name: 'nfs-tenant' },
      storage_provisioner: 'nfs.csi.k8s.io',
      reclaim_policy: 'Delete',
      parameters: {
        server: 'nas01.lab.internal',
        share: '/export/mlops',
        subDir: 'tenants/$${pvc.metadata.namespace}/$${pvc.metadata.name}',
        onDelete: 'retain',
        mountPermissions: '0',
      },
    });
  });

  test('platform state binds with reclaimPolicy Retain', () => {
    expect(synth().classes.storage_class_nfs_platform).toMatchObject({
      metadata: { name: 'nfs-platform' },
      reclaim_policy: 'Retain',
      parameters: { onDelete: 'retain' },
    });
  });

  test('mounts NFS 4.1, never with Kerberos (the driver has none)', () => {
    const { nas, classes } = synth();
    expect(nas.mountOptions).toEqual(['nfsvers=4.1', 'hard']);
    expect(classes.storage_class_nfs_tenant.mount_options).toEqual(['nfsvers=4.1', 'hard']);
  });

  test('keeps an NFS version the spec gives', () => {
    expect(synth({ mountOptions: ['nfsvers=4.2'] }).nas.mountOptions).toEqual(['nfsvers=4.2']);
  });

  test('pulls driver images through the site mirror', () => {
    const values = parse(synth({ imageMirror: 'registry.lab:5000/mirror' }).release.values[0]);
    expect(values.image.nfs.repository).toBe('registry.lab:5000/mirror/registry.k8s.io/sig-storage/nfsplugin');
    expect(values.image.nodeDriverRegistrar.repository).toBe('registry.lab:5000/mirror/registry.k8s.io/sig-storage/csi-node-driver-registrar');
  });

  test('storage classes wait for the driver release', () => {
    expect(synth().classes.storage_class_nfs_tenant.depends_on).toEqual(['helm_release.csi_driver_nfs']);
  });
});
