import type { StateNodeInfo } from './walk-machine.js';

/**
 * The state paths a new case enters before any eventless (`always`)
 * transition runs: `initial` followed down from the root, every region of a
 * parallel state. A bulk start's data belongs to these states' tasks even
 * when an `always` transition leaves them at once (`kita-grundschule` skips
 * its intake when the intake data came with the start).
 */
export function initialStatePaths(states: ReadonlyMap<string, StateNodeInfo>): string[] {
  const out: string[] = [];
  const enter = (path: string): void => {
    const node = states.get(path);
    if (!node) return;
    if (path !== '') out.push(path);
    const child = (key: string) => (path ? `${path}.${key}` : key);
    if (node.type === 'parallel') node.childKeys.forEach((k) => enter(child(k)));
    else if (node.type === 'compound') enter(child(typeof node.config.initial === 'string' ? node.config.initial : node.childKeys[0]));
  };
  enter('');
  return out;
}
