import { TuningExperiment, type TuningExperimentProps } from '../../constructs/workflows/tuning-experiment';
import { findObject, synthConstruct } from '../support/synth';

const base: TuningExperimentProps = {
  namespace: 'amira',
  image: 'registry.lab/train:2.3.0',
  gpuQuota: 2,
  podDefaultLabels: { 'platform-services': 'true', 'cell-dataset': 'true', 'gpu-a100': 'true' },
};
const synth = (props: Partial<TuningExperimentProps> = {}) =>
  findObject(
    synthConstruct((s) => new TuningExperiment(s, 'T', { ...base, ...props })),
    'Experiment',
    'cell-detection-tuning',
    'amira',
  );

describe('TuningExperiment', () => {
  const experiment = synth();

  test('maximizes validation mAP over learning rate and batch size, without early stopping (its pods cannot run under restricted)', () => {
    expect(experiment.spec.earlyStopping).toBeUndefined();
    expect(experiment.spec).toMatchObject({
      objective: { type: 'maximize', objectiveMetricName: 'validation-mAP' },
      parameters: [
        { name: 'learning_rate', parameterType: 'double', feasibleSpace: { distribution: 'logUniform' } },
        { name: 'batch_size', parameterType: 'categorical' },
      ],
    });
  });

  test('never runs more trials at once than the tenant has GPUs', () => {
    expect(experiment.spec.parallelTrialCount).toBe(2);
    expect(synth({ gpuQuota: 8 }).spec.parallelTrialCount).toBe(3);
  });

  test('each trial is a one-GPU Job that gets MLflow, the dataset and the GPU pool through PodDefaults', () => {
    const pod = experiment.spec.trialTemplate.trialSpec.spec.template;
    expect(pod.metadata.labels).toEqual(base.podDefaultLabels);
    expect(pod.spec.containers[0].resources.limits['nvidia.com/gpu']).toBe('1');
    expect(pod.spec.containers[0].command).toContain('--learning-rate=${trialParameters.learningRate}');
    expect(pod.spec.containers[0].command).toContain('--data=/data/cells');
  });

  test('fails without a GPU quota or with an unpinned image', () => {
    expect(() => synth({ gpuQuota: 0, image: 'train:latest' })).toThrow(/gpuQuota: must be a whole number >= 1[\s\S]*image: must pin/);
  });
});
