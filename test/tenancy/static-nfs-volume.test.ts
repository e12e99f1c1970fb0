import { StaticNfsVolume, type StaticNfsVolumeProps } from '../../constructs/tenancy/static-nfs-volume';
import { findObject, synthConstruct } from '../support/synth';

const base: StaticNfsVolumeProps = {
  namespace: 'alice',
  claimName: 'dataset',
  volumeName: 'dataset-alice',
  server: 'nas01.lab.internal',
  share: '/export/mlops/',
  path: 'datasets/cells',
  mountOptions: ['nfsvers=4.1', 'sec=krb5p'],
  capacity: '2Ti',
  component: 'dataset',
};

const synth = (props: Partial<StaticNfsVolumeProps> = {}) =>
  synthConstruct((scope) => new StaticNfsVolume(scope, 'Volume', { ...base, ...props }).claim(scope, 'Claim'));

describe('StaticNfsVolume', () => {
  test('is read-only by default: ReadOnlyMany, mounted read-only, kept on release, reserved for its claim', () => {
    const pv = findObject(synth(), 'PersistentVolume', 'dataset-alice');
    expect(pv.spec).toEqual({
      capacity: { storage: '2Ti' },
      accessModes: ['ReadOnlyMany'],
      persistentVolumeReclaimPolicy: 'Retain',
      storageClassName: '',
      mountOptions: ['nfsvers=4.1', 'sec=krb5p'],
      claimRef: { namespace: 'alice', name: 'dataset' },
      csi: {
        driver: 'nfs.csi.k8s.io',
        volumeHandle: 'nas01.lab.internal#/export/mlops/datasets/cells#dataset-alice',
        readOnly: true,
        volumeAttributes: { server: 'nas01.lab.internal', share: '/export/mlops/datasets/cells' },
      },
    });
  });

  test('the claim binds that volume by name and asks only a token amount of the tenant’s storage quota', () => {
    expect(findObject(synth(), 'PersistentVolumeClaim', 'dataset', 'alice').spec).toEqual({
      accessModes: ['ReadOnlyMany'],
      storageClassName: '',
      volumeName: 'dataset-alice',
      resources: { requests: { storage: '1Gi' } },
    });
  });

  test('a writable volume is ReadWriteMany', () => {
    const objects = synth({ readOnly: false });
    expect(findObject(objects, 'PersistentVolume', 'dataset-alice').spec).toMatchObject({ accessModes: ['ReadWriteMany'], csi: { readOnly: false } });
    expect(findObject(objects, 'PersistentVolumeClaim', 'dataset', 'alice').spec.accessModes).toEqual(['ReadWriteMany']);
  });

  test('fails when the path leaves the share, the claim outgrows the volume or names are invalid', () => {
    expect(() => synth({ path: '../etc', claimRequest: '4Ti', namespace: 'Alice' })).toThrow(
      /namespace: must be a DNS label[\s\S]*path: must stay below the share[\s\S]*claimRequest: must not exceed the capacity \(2Ti\), got "4Ti"/,
    );
  });

  test('the volume alone holds no claim: the claim is made where its namespace is', () => {
    const objects = synthConstruct((scope) => new StaticNfsVolume(scope, 'Volume', base));
    expect(objects.map((o) => o.kind)).toEqual(['PersistentVolume']);
  });

  test('fails when the share is relative', () => {
    expect(() => synth({ share: 'export' })).toThrow('share: must be an absolute path, got "export"');
  });
});
