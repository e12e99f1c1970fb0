import { ApiObject, ApiObjectMetadataDefinition, App, Chart, JsonPatch, Lazy, type IResolver, type ResolutionContext } from 'cdk8s';
import { IntOrString, KubeResourceQuota, KubeService, Quantity } from 'cdk8s-plus-28/lib/imports/k8s';
import { Construct } from 'constructs';
import { buildPlatform } from '../../app/build-platform';
import { synthCharts } from '../../app/render-charts';
import { ENVIRONMENTS } from '../../environments';
import { validateSpec } from '../../environments/spec';
import { tempDir } from '../support/synth';

/** What cdk8s renders for each chart on its own (`Chart.toJson`), as text: key order counts, the YAML follows it. */
const cdk8sRendering = (charts: readonly Chart[]) => JSON.stringify(charts.map((chart) => chart.toJson()));

/** The message `render` fails with; a rendering that succeeds fails the test. */
function failureOf(render: () => unknown): string {
  try {
    render();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('rendered');
}

/**
 * synthCharts prepares the app once, lists a chart's objects without a dependency graph when nothing depends on
 * anything, and resolves each object in one pass (cdk8s App._synthChart, chartToKube, ApiObject#toJson, resolve and
 * sanitizeValue at the pinned version). These tests pin its output to cdk8s's own, so an upgrade of cdk8s that
 * renders differently fails here rather than in the manifests.
 */
describe('rendering the charts', () => {
  test.each(Object.keys(ENVIRONMENTS))('%s: each chart renders to the byte as cdk8s renders it alone', (name) => {
    const charts = buildPlatform(validateSpec(ENVIRONMENTS[name]), tempDir()).charts.map((c) => c.chart);
    const once = synthCharts(charts);
    expect(once.flat().length).toBeGreaterThan(100);
    expect(JSON.stringify(once)).toBe(cdk8sRendering(charts));
  });

  /** Two charts holding every kind of value cdk8s resolves: lazies, tokens, unions, nulls, empty metadata, metadata attributes, patches. */
  function charts(app: App): Chart[] {
    const first = new Chart(app, 'First', { labels: { team: 'a' } });
    const token = { resolve: () => ({ z: 1, a: [Lazy.any({ produce: () => 'lazy' }), null, undefined] }) };
    const raw = new ApiObject(first, 'Raw', {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'raw', annotations: {}, finalizers: [], labels: { empty: '' }, generateName: 'raw-', zz: Lazy.any({ produce: () => 'late' }) },
      data: { b: 'two', a: Lazy.any({ produce: () => 'one' }), none: null, gone: undefined },
      nested: { token, empty: {}, list: [], deep: { y: [{}], x: 0 } },
    });
    raw.metadata.addOwnerReference({ apiVersion: 'v1', kind: 'Pod', name: 'owner', uid: '1' });
    // Attributes beside the named members: added later, empty, and one the named labels take the place of.
    raw.metadata.add('uid', 'u-1');
    raw.metadata.add('emptyExtra', {});
    raw.metadata.add('labels', { hidden: 'by the named labels' });
    raw.addJsonPatch(JsonPatch.add('/data/patched', 'yes'));
    const second = new Chart(app, 'Second', { namespace: 'ns' });
    new KubeService(second, 'Service', {
      metadata: { name: 'svc' },
      spec: {
        ports: [
          { port: 80, targetPort: IntOrString.fromString('http') },
          { port: 81, targetPort: IntOrString.fromNumber(8081) },
        ],
      },
    });
    new KubeResourceQuota(second, 'Quota', { spec: { hard: { cpu: Quantity.fromString('2'), pods: Quantity.fromNumber(10) } } });
    new Chart(second, 'Nested').node.addDependency(first);
    return [first, second];
  }

  test('lazies, tokens, unions, nulls, empty metadata, metadata attributes and patches render as cdk8s renders them', () => {
    const all = charts(new App());
    const once = synthCharts(all);
    expect(JSON.stringify(once)).toBe(cdk8sRendering(all));
    expect(once[0][0]).toMatchObject({ data: { a: 'one', patched: 'yes' }, nested: { token: { a: ['lazy', undefined, undefined] } } });
  });

  test('values left as they are may be shared with the props, but a patch changes a copy: props and constants stay as given', () => {
    const shared = Object.freeze({ a: 'one', nested: Object.freeze({ list: Object.freeze(['x']) }) });
    const build = () => {
      const app = new App();
      const chart = new Chart(app, 'Shared');
      new ApiObject(chart, 'Plain', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'plain' }, data: shared });
      const patched = new ApiObject(chart, 'Patched', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'patched' }, data: shared });
      patched.addJsonPatch(JsonPatch.add('/data/b', 'two'), JsonPatch.add('/data/nested/list/-', 'y'));
      // A kind given late: rendered the way cdk8s renders, member by member.
      new ApiObject(chart, 'Late', { apiVersion: 'v1', kind: Lazy.any({ produce: () => 'ConfigMap' }), metadata: { name: 'late' }, data: shared });
      return chart;
    };
    const chart = build();
    const [first, again] = [synthCharts([chart]), synthCharts([chart])];
    expect(JSON.stringify(first)).toBe(cdk8sRendering([build()]));
    expect(again).toEqual(first);
    expect(shared).toEqual({ a: 'one', nested: { list: ['x'] } });
    expect(first[0][1]).toMatchObject({ data: { a: 'one', b: 'two', nested: { list: ['x', 'y'] } } });
  });

  test('with CDK8S_DISABLE_SORT, members keep the order they were given in, as in cdk8s', () => {
    const build = () => {
      const chart = new Chart(new App(), 'Unsorted');
      new ApiObject(chart, 'Given', { kind: 'ConfigMap', apiVersion: 'v1', metadata: { name: 'given' }, data: { z: '1', a: '2' }, binaryData: {} });
      return chart;
    };
    process.env.CDK8S_DISABLE_SORT = '1';
    try {
      const once = synthCharts([build()]);
      expect(JSON.stringify(once)).toBe(cdk8sRendering([build()]));
      expect(Object.keys(once[0][0])).toEqual(['apiVersion', 'kind', 'metadata', 'data', 'binaryData']);
    } finally {
      delete process.env.CDK8S_DISABLE_SORT;
    }
  });

  test('objects that depend on others come after them, as in cdk8s', () => {
    const app = new App();
    const chart = new Chart(app, 'Ordered');
    const later = new ApiObject(chart, 'Later', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'later' } });
    const earlier = new ApiObject(chart, 'Earlier', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'earlier' } });
    later.addDependency(earlier);
    const once = synthCharts([chart]).flat();
    expect(once.map((o) => o.metadata.name)).toEqual(['earlier', 'later']);
    const other = new Chart(app, 'Other');
    new ApiObject(other, 'B', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'b' } }).addDependency(
      new ApiObject(other, 'A', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'a' } }),
    );
    expect(JSON.stringify(synthCharts([chart, other]))).toBe(cdk8sRendering([chart, other]));
    expect(synthCharts([chart, other])[1].map((o) => o.metadata.name)).toEqual(['a', 'b']);
  });

  test('a construct depending on one in another chart orders the objects under both as cdk8s does', () => {
    const configMap = (scope: Construct, name: string) => new ApiObject(scope, name, { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name } });
    const build = () => {
      const app = new App();
      const [first, second] = [new Chart(app, 'First'), new Chart(app, 'Second')];
      // A plain construct holding objects depends on one in the other chart: each object under it follows that one.
      const group = new Construct(first, 'Group');
      configMap(group, 'b');
      configMap(group, 'a');
      const target = new Construct(second, 'Target');
      configMap(target, 'd');
      configMap(second, 'c').addDependency(configMap(second, 'e'));
      group.node.addDependency(target);
      return [first, second];
    };
    // Each rendering prepares an app of its own: what one adds to the tree cannot hide what the other misses.
    const [ours, theirs] = [build(), build()];
    const once = synthCharts(ours);
    expect(JSON.stringify(once)).toBe(cdk8sRendering(theirs));
    expect(once.map((objects) => objects.map((o) => o.metadata.name))).toEqual([
      ['b', 'a'],
      ['d', 'e', 'c'],
    ]);
    const dependencies = (charts: Chart[]) => charts.flatMap((chart) => chart.node.findAll().map((c) => c.node.dependencies.map((d) => d.node.path)));
    expect(dependencies(ours)).toEqual(dependencies(theirs));
    expect(ours[0].node.dependencies).toEqual([ours[1]]);
  });

  test('validation errors of every construct fail together, with cdk8s’s message', () => {
    const app = new App();
    const chart = new Chart(app, 'Checked');
    const object = new ApiObject(chart, 'Object', { apiVersion: 'v1', kind: 'ConfigMap' });
    object.node.addValidation({ validate: () => ['first', 'second'] });
    new Construct(chart, 'Other').node.addValidation({ validate: () => ['third'] });
    const ours = failureOf(() => synthCharts([chart]));
    expect(ours).toBe(failureOf(() => chart.toJson()));
    expect(ours).toBe('Validation failed with the following errors:\n  [Checked/Object] first\n  [Checked/Object] second\n  [Checked/Other] third');
  });

  test('an app with its own resolvers renders through cdk8s, which applies them', () => {
    const upper: IResolver = {
      resolve: (context: ResolutionContext) => {
        if (typeof context.value === 'string' && context.key.at(-1) === 'shout' && context.value !== context.value.toUpperCase())
          context.replaceValue(context.value.toUpperCase());
      },
    };
    const app = new App({ resolvers: [upper] });
    const chart = new Chart(app, 'Custom');
    new ApiObject(chart, 'Loud', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'loud' }, data: { shout: 'hello' } });
    expect(synthCharts([chart])[0][0]).toMatchObject({ data: { shout: 'HELLO' } });
  });

  test("a class instance is refused with cdk8s's message, and cdk8s's own methods are back afterwards", () => {
    const objectToJson = ApiObject.prototype.toJson;
    const metadataToJson = ApiObjectMetadataDefinition.prototype.toJson;
    const app = new App();
    const chart = new Chart(app, 'Broken');
    new ApiObject(chart, 'Dated', { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'dated' }, data: { when: new Date(0) } });
    const ours = failureOf(() => synthCharts([new Chart(app, 'Fine'), chart]));
    expect(ours).toBe("Failed serializing construct at path 'Broken/Dated' with name 'dated': Error: can't render non-simple object of type 'Date'");
    expect(ApiObject.prototype.toJson).toBe(objectToJson);
    expect(ApiObjectMetadataDefinition.prototype.toJson).toBe(metadataToJson);
    expect(failureOf(() => chart.toJson())).toBe(ours);
  });
});
