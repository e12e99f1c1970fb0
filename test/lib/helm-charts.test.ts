import { mirroredRepository, resolveChart } from '../../constructs/lib/helm-charts';

describe('mirrors', () => {
  test('prefixes upstream references with the mirror once, and leaves mirrored ones alone', () => {
    expect(mirroredRepository('quay.io/minio/mc:1', 'registry.lab:5000/m')).toBe('registry.lab:5000/m/quay.io/minio/mc:1');
    expect(mirroredRepository('registry.lab:5000/m/quay.io/minio/mc:1', 'registry.lab:5000/m')).toBe('registry.lab:5000/m/quay.io/minio/mc:1');
    expect(mirroredRepository('quay.io/minio/mc:1')).toBe('quay.io/minio/mc:1');
  });

  test('a chart comes from the site repository with its pinned or overridden version', () => {
    expect(resolveChart('kueue', 'oci://r/charts')).toEqual({ chart: 'kueue', repository: 'oci://r/charts', version: '0.19.2' });
    expect(resolveChart('kueue', undefined, '0.19.3').repository).toBe('oci://registry.k8s.io/kueue/charts');
  });

  test('without a mirror or an override, the pinned source', () => {
    expect(resolveChart('certManager')).toEqual({ chart: 'cert-manager', repository: 'https://charts.jetstack.io', version: 'v1.21.1' });
    expect(mirroredRepository('registry.lab:5000/mx/quay.io/minio/mc:1', 'registry.lab:5000/m')).toBe(
      'registry.lab:5000/m/registry.lab:5000/mx/quay.io/minio/mc:1',
    );
  });
});
