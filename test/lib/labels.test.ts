import { GPU_TOLERATION, gpuPoolSelector } from '../../constructs/lib/gpu-scheduling';
import { selectorLabels, standardLabels } from '../../constructs/lib/labels';

describe('labels', () => {
  test('every object carries the recommended labels; the version only when given', () => {
    expect(standardLabels({ name: 'mlflow', instance: 'mlflow', component: 'tracking' })).toEqual({
      'app.kubernetes.io/name': 'mlflow',
      'app.kubernetes.io/instance': 'mlflow',
      'app.kubernetes.io/component': 'tracking',
      'app.kubernetes.io/part-of': 'mlops-platform',
      'app.kubernetes.io/managed-by': 'mlops-platform',
    });
    expect(standardLabels({ name: 'mlflow', instance: 'mlflow', component: 'tracking', version: '3.12.0' })['app.kubernetes.io/version']).toBe('3.12.0');
  });

  test('selectors use name and instance only', () => {
    expect(selectorLabels({ name: 'tenant', instance: 'alice' })).toEqual({ 'app.kubernetes.io/name': 'tenant', 'app.kubernetes.io/instance': 'alice' });
  });

  test('a GPU pod selects its pool and tolerates the GPU taint', () => {
    expect(gpuPoolSelector('a100')).toEqual({ 'mlops-platform.io/gpu-pool': 'a100' });
    expect(GPU_TOLERATION).toEqual({ key: 'nvidia.com/gpu', operator: 'Equal', value: 'present', effect: 'NoSchedule' });
  });
});
