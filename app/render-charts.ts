import {
  ApiObject,
  ApiObjectMetadataDefinition,
  App,
  Chart,
  DependencyGraph,
  ImplicitTokenResolver,
  JsonPatch,
  Lazy,
  LazyResolver,
  NumberStringUnionResolver,
} from 'cdk8s';
import type { IConstruct } from 'constructs';
import type { KubeObject } from '../constructs/policy/guardrail';

/**
 * Every chart's objects, as cdk8s renders each chart alone (`Chart.toJson`),
 * at a fraction of the cost for large specs:
 *
 * - cdk8s prepares the whole app (dependencies, validation) for each chart it
 *   renders, walking the construct tree three times, and each chart's own
 *   again; here one walk prepares the app once for all charts (see
 *   {@link preparedApp});
 * - when no construct depends on another, each chart's objects are listed in
 *   construct-tree order, which is what cdk8s's DependencyGraph yields then,
 *   without building the graph;
 * - each object is resolved and sanitized in one pass with the app's
 *   resolvers looked up once (see {@link renderInOnePass}).
 *
 * test/app/chart-rendering.test.ts checks, for every environment, that the
 * result equals cdk8s's own rendering to the byte, so an upgrade of cdk8s that
 * changes how it renders fails there.
 */
export function synthCharts(charts: readonly Chart[]): KubeObject[][] {
  if (!charts.length) return [];
  const app = App.of(charts[0]);
  const objectsOf = preparedApp(app);
  const render = () => charts.map((chart) => objectsOf(chart).map((o) => o.toJson() as KubeObject));
  return hasDefaultResolvers(app) ? renderInOnePass(render) : render();
}

/** cdk8s's `ApiObject` and `Chart`, read once: bundled, an imported binding of a CommonJS package is a getter. */
const API_OBJECT = ApiObject;
const CHART = Chart;

/**
 * Does what cdk8s's `App._synthChart` does before it renders a chart (app.ts
 * at 2.70: `resolveDependencies`, then `validate`) from one walk of the tree,
 * and returns what lists a chart's ApiObjects in the order cdk8s renders them
 * (`chartToKube`). cdk8s's steps, in its order: a chart depends on the charts
 * it holds; a construct's dependency on one in another chart makes its chart
 * depend on that chart; each dependency then makes the ApiObjects under its
 * source depend on those under its target (each within its own chart); every
 * construct's validations run, and their errors fail together.
 */
function preparedApp(app: IConstruct): (chart: Chart) => ApiObject[] {
  const constructs: IConstruct[] = [];
  const chartOf: (Chart | undefined)[] = [];
  const charts: Chart[] = [];
  const visit = (construct: IConstruct, inChart: Chart | undefined): void => {
    const chart = CHART.isChart(construct) ? construct : inChart;
    if (chart === construct) charts.push(chart);
    constructs.push(construct);
    chartOf.push(chart);
    for (const child of construct.node.children) visit(child, chart);
  };
  visit(app, undefined);

  for (const parent of charts) for (const child of parent.node.children) if (CHART.isChart(child)) parent.node.addDependency(child);
  // Only these gain dependencies before the last step: listing them alone lists every dependency, in tree order.
  const dependents: IConstruct[] = constructs.filter((c) => CHART.isChart(c) || c.node.dependencies.length > 0);
  const dependencies = () => dependents.flatMap((source) => source.node.dependencies.map((target) => ({ source, target })));
  for (const { source, target } of dependencies()) {
    const [sourceChart, targetChart] = [Chart.of(source), Chart.of(target)];
    if (sourceChart !== targetChart) sourceChart.node.addDependency(targetChart);
  }
  const resolved = dependencies();
  for (const { source, target } of resolved) {
    const targets = ownObjects(target.node.findAll(), Chart.of(target));
    for (const from of ownObjects(source.node.findAll(), Chart.of(source))) for (const to of targets) if (to !== from) from.node.addDependency(to);
  }

  const errors: string[] = [];
  for (const construct of constructs) for (const error of construct.node.validate()) errors.push(`[${construct.node.path}] ${error}`);
  if (errors.length > 0) throw new Error(`Validation failed with the following errors:\n  ${errors.join('\n  ')}`);

  if (resolved.length > 0) return chartObjects;
  const objects = new Map<Chart, ApiObject[]>(charts.map((chart) => [chart, []]));
  for (let i = 0; i < constructs.length; i++)
    if (chartOf[i] !== undefined && constructs[i] instanceof API_OBJECT) objects.get(chartOf[i]!)!.push(constructs[i] as ApiObject);
  return (chart) => objects.get(chart) ?? [];
}

/** The chart's own ApiObjects in the order cdk8s renders them (after the app's dependencies are resolved). */
function chartObjects(chart: Chart): ApiObject[] {
  const constructs = chart.node.findAll();
  return ownObjects(constructs.some((c) => c.node.dependencies.length > 0) ? new DependencyGraph(chart.node).topology() : constructs, chart);
}

/**
 * The ApiObjects among `constructs` that `chart` holds itself (not through a chart inside it), in their order. An
 * ApiObject is an instance of cdk8s's class, as its `chartToKube` asks (and the listing without dependencies too).
 */
function ownObjects(constructs: readonly IConstruct[], chart: Chart): ApiObject[] {
  return constructs.filter((x): x is ApiObject => x instanceof API_OBJECT && CHART.of(x) === chart);
}

/** Whether the app resolves with cdk8s's built-in resolvers alone (an app given its own resolvers renders through cdk8s). */
function hasDefaultResolvers(app: IConstruct): boolean {
  const resolvers = (app as App).resolvers ?? [];
  const builtIn = [LazyResolver, ImplicitTokenResolver, NumberStringUnionResolver];
  return resolvers.length === builtIn.length && resolvers.every((r, i) => r.constructor === builtIn[i]);
}

/** cdk8s's `Lazy`, read once: bundled, an imported binding of a CommonJS package is a getter, and this one is read for every value. */
const LAZY = Lazy;

interface SanitizeOptions {
  readonly sortKeys: boolean;
  /** Drops empty arrays and objects (cdk8s does for metadata). */
  readonly dropEmpty: boolean;
  /** Returns new arrays and objects throughout, for a caller that changes them (JSON patches). */
  readonly copy: boolean;
}

/**
 * What cdk8s's `sanitizeValue(resolve(value))` returns with the built-in
 * resolvers (cdk8s 2.70: resolve.ts and _util.ts), in one walk: a `Lazy` is
 * produced, a value with a `resolve()` method resolved, a number-or-string
 * union (`IntOrString`, `Quantity`) becomes `{ value }`, each again until
 * plain; null and undefined members are dropped, keys sorted, and any other
 * class instance refused as cdk8s refuses it. An array or object that this
 * leaves as it is comes back itself, not a copy (unless `options.copy`): what
 * a rendering returns is read, never changed, and the generated conversions
 * copy it again.
 */
function resolveSanitized(value: unknown, options: SanitizeOptions): unknown {
  if (value === null || value === undefined) return undefined;
  if (typeof value !== 'object' && typeof value !== 'function') return value;
  const candidate = value as { resolve?: unknown; value?: unknown; constructor?: unknown };
  if (value instanceof LAZY) return resolveSanitized(value.produce(), options);
  if (typeof candidate.resolve === 'function') return resolveSanitized((candidate.resolve as () => unknown).call(value), options);
  if (candidate.constructor !== Object) {
    const union = candidate.value;
    if (typeof union === 'number' || typeof union === 'string') return resolveSanitized({ value: union }, options);
  }
  if (Array.isArray(value)) {
    if (options.dropEmpty && value.length === 0) return undefined;
    let copy: unknown[] | undefined = options.copy ? [] : undefined;
    for (let i = 0; i < value.length; i++) {
      const item = resolveSanitized(value[i], options);
      if (copy === undefined) {
        if (item === value[i]) continue;
        copy = value.slice(0, i);
      }
      copy.push(item);
    }
    return copy ?? value;
  }
  if (candidate.constructor !== Object) {
    if (typeof value === 'function') return value;
    throw new Error(`can't render non-simple object of type '${(candidate.constructor as { name?: string } | undefined)?.name}'`);
  }
  const record = value as Record<string, unknown>;
  return resolvedMembers(Object.keys(record), record, undefined, options);
}

/**
 * The members `keys` of `record` resolved and sanitized, a member of `over`
 * (when given) taking the place of the record's: what resolving
 * `{ ...record, ...over }` gives, without making that object; `record` itself
 * when that is what it gives.
 */
function resolvedMembers(keys: string[], record: Record<string, unknown>, over: Record<string, unknown> | undefined, options: SanitizeOptions): unknown {
  let result: Record<string, unknown> | undefined = options.copy || over !== undefined ? {} : undefined;
  if (options.sortKeys && !isSorted(keys)) {
    sortShort(keys);
    result ??= {};
  }
  let kept = 0;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i];
    const given = over !== undefined && key in over ? over[key] : record[key];
    const member = resolveSanitized(given, options);
    if (result === undefined) {
      if (member === given && member !== undefined) {
        kept++;
        continue;
      }
      result = {};
      for (let j = 0; j < i; j++) result[keys[j]] = record[keys[j]];
    }
    if (member !== null && member !== undefined) {
      result[key] = member;
      kept++;
    }
  }
  return options.dropEmpty && kept === 0 ? undefined : (result ?? record);
}

/** Whether `keys` are in the order {@link sortShort} puts them. */
function isSorted(keys: readonly string[]): boolean {
  for (let i = 1; i < keys.length; i++) if (keys[i - 1] > keys[i]) return false;
  return true;
}

/**
 * Sorts `keys` in place as `Array#sort` does (by UTF-16 code units; keys are
 * distinct): by insertion, which beats the built-in sort's set-up on the few
 * keys of an object.
 */
function sortShort(keys: string[]): void {
  for (let i = 1; i < keys.length; i++) {
    const key = keys[i];
    let j = i - 1;
    while (j >= 0 && keys[j] > key) {
      keys[j + 1] = keys[j];
      j--;
    }
    keys[j + 1] = key;
  }
}

/** The parts of cdk8s's classes that their `toJson` reads (private in the types, at cdk8s 2.70). */
interface ApiObjectInternals {
  readonly props: Record<string, unknown>;
  readonly patches: JsonPatch[];
  readonly metadata: ApiObjectMetadataDefinition;
  readonly name: string;
  readonly node: { readonly path: string };
}
interface MetadataInternals {
  readonly _additionalAttributes: Record<string, unknown>;
  readonly name?: string;
  readonly namespace?: string;
  readonly labels: Record<string, string>;
  readonly annotations: Record<string, string>;
  readonly finalizers: string[];
  readonly ownerReferences: unknown[];
}

/**
 * Runs `render` with `ApiObject#toJson` and `ApiObjectMetadataDefinition#toJson`
 * doing what cdk8s's do (api-object.ts and metadata.ts at 2.70) with
 * {@link resolveSanitized} in place of cdk8s's resolver, which looks the app
 * up from the object for every value and allocates a path and a context per
 * value (a third of a 1000-user synthesis). Every `Kube*` class renders
 * through these two, so the whole rendering takes the one-pass walk. cdk8s's
 * own methods are back in place when `render` returns or throws.
 */
function renderInOnePass<T>(render: () => T): T {
  const objectToJson = Object.getOwnPropertyDescriptor(ApiObject.prototype, 'toJson')!;
  const metadataToJson = Object.getOwnPropertyDescriptor(ApiObjectMetadataDefinition.prototype, 'toJson')!;
  // cdk8s sorts metadata always, and the rest of an object unless CDK8S_DISABLE_SORT is set.
  const metadataOptions: SanitizeOptions = { sortKeys: true, dropEmpty: true, copy: false };
  const objectOptions: SanitizeOptions = { sortKeys: !process.env.CDK8S_DISABLE_SORT, dropEmpty: false, copy: false };
  const copyOptions: SanitizeOptions = { ...objectOptions, copy: true };
  Object.defineProperty(ApiObjectMetadataDefinition.prototype, 'toJson', {
    ...metadataToJson,
    value(this: MetadataInternals) {
      // cdk8s renders `{ ..._additionalAttributes, name, namespace, ... }`: V8 makes an object literal with six
      // members after a spread on a slow path (3 µs an object here), so the members are read where they are.
      const { _additionalAttributes: attributes, name, namespace, annotations, finalizers, ownerReferences, labels } = this;
      const named: Record<string, unknown> = { name, namespace, annotations, finalizers, ownerReferences, labels };
      const keys = Object.keys(attributes);
      for (const key of Object.keys(named)) if (!Object.hasOwn(attributes, key)) keys.push(key);
      return resolvedMembers(keys, attributes, named, metadataOptions);
    },
  });
  Object.defineProperty(ApiObject.prototype, 'toJson', {
    ...objectToJson,
    value(this: ApiObjectInternals) {
      try {
        // The rendered metadata is plain, sorted and without nulls already: cdk8s's second pass over it copies it unchanged.
        const metadata = this.metadata.toJson();
        const props = this.props;
        if (this.patches.length === 0 && typeof props.apiVersion === 'string' && typeof props.kind === 'string' && typeof props.resolve !== 'function') {
          // What cdk8s returns for an unpatched object whose apiVersion and kind are plain strings (as every Kube*
          // class sets them), made in its final order: apiVersion, kind, metadata, then the rest resolved in the
          // order cdk8s resolves them.
          const keys = Object.keys(props);
          if (objectOptions.sortKeys) sortShort(keys);
          const result: Record<string, unknown> = { apiVersion: props.apiVersion, kind: props.kind };
          if (metadata !== undefined) result.metadata = metadata;
          for (const key of keys) {
            if (key === 'apiVersion' || key === 'kind' || key === 'metadata') continue;
            const member = resolveSanitized(props[key], objectOptions);
            if (member !== null && member !== undefined) result[key] = member;
          }
          return result;
        }
        // cdk8s resolves the props without their metadata, sets the rendered metadata, applies the patches (to a copy
        // of its own: they change what they are given), then puts apiVersion, kind and metadata first.
        const { metadata: _, ...rest } = props;
        const json = resolveSanitized(rest, copyOptions) as Record<string, unknown>;
        if (metadata !== undefined) json.metadata = metadata;
        // cdk8s applies no operations to an unpatched object: it returns the object as given.
        const patched = (this.patches.length ? JsonPatch.apply(json, ...this.patches) : json) as Record<string, unknown>;
        const result: Record<string, unknown> = {};
        for (const key of ['apiVersion', 'kind', 'metadata', ...Object.keys(patched)]) if (key in patched) result[key] = patched[key];
        return result;
      } catch (error) {
        throw new Error(`Failed serializing construct at path '${this.node.path}' with name '${this.name}': ${error}`);
      }
    },
  });
  try {
    return render();
  } finally {
    Object.defineProperty(ApiObject.prototype, 'toJson', objectToJson);
    Object.defineProperty(ApiObjectMetadataDefinition.prototype, 'toJson', metadataToJson);
  }
}
