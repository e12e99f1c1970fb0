import { setFlagsFromString } from 'node:v8';

// V8 parses its own `%` functions in code compiled after this: the tests ask it whether two objects share a hidden class.
setFlagsFromString('--allow-natives-syntax');
const sameMap = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** Whether V8 gave `a` and `b` the same hidden class (map). */
export function haveSameHiddenClass(a: object, b: object): boolean {
  return sameMap(a, b);
}
