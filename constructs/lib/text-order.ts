/**
 * Orders strings by their UTF-16 code units: the same order on every machine.
 * `String#localeCompare` follows the locale of the machine that synthesizes
 * (a Danish locale sorts `aa` after `z`) and loads ICU's collation data on its
 * first call (10 ms of a synthesis). For the names the platform sorts (DNS
 * labels, file and stack names) the order is the one ICU's root locale gives.
 */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
