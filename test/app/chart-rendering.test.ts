import { buildPlatform } from '../../app/build-platform';
import { synthCharts } from '../../app/synthesize';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import { tempDir } from '../support/synth';

/**
 * synthCharts renders every chart after one app-wide preparation instead of cdk8s's per chart: it relies on
 * `Chart.toJson` (cdk8s App._synthChart at the pinned version: resolveDependencies and validate over the whole
 * app, then the chart's ApiObjects in DependencyGraph order) preparing every chart at once. This pins that: a
 * cdk8s upgrade that changes it fails here rather than in the output.
 */
describe('rendering the charts', () => {
  test.each(Object.keys(ENVIRONMENTS))('%s: each chart renders as cdk8s renders it alone', (name) => {
    const charts = buildPlatform(validateSpec(ENVIRONMENTS[name]), tempDir()).charts.map((c) => c.chart);
    const once = synthCharts(charts);
    expect(once.flat().length).toBeGreaterThan(100);
    expect(once).toEqual(charts.map((chart) => chart.toJson()));
  });
});
