/** The members of each part, undefined parts skipped: what `{ ...part1, ...part2 }` gives. */
type Merged<Parts extends readonly unknown[]> = Parts extends readonly [infer First, ...infer Rest]
  ? (First extends object ? Omit<First, keyof Merged<Rest>> : unknown) & Merged<Rest>
  : unknown;

/**
 * `{ ...parts[0], ...parts[1], … }`, for objects made for every user. Once its code is warm, V8 (Node.js 20) gives
 * each object an object literal makes that starts with a spread and goes on (`{ ...nas, namespace }`) a hidden class
 * of its own, which every cache kept by hidden class then misses, in the constructs that read the object and in
 * the rendering after them: ~30 a user, ~80 ms of a 1000-user synthesis. `Object.assign` copies the same members
 * in the same order onto hidden classes the objects share. For plain data: an own `__proto__` member would set
 * the prototype here, where the spread copies it.
 */
export function merged<const Parts extends readonly (object | undefined)[]>(...parts: Parts): Merged<Parts> {
  return Object.assign({}, ...parts) as Merged<Parts>;
}
