/**
 * Strongly connected components of a directed graph, by Tarjan's algorithm: every cycle lies
 * inside one component. Only nodes for which `inGraph` holds are visited (a successor outside the
 * graph is skipped), so a caller can restrict the search to the nodes that have edges at all.
 * Components come out in reverse topological order; a single node is a component of its own
 * whether or not it points to itself.
 */
export function stronglyConnectedComponents<T>(nodes: Iterable<T>, successors: (node: T) => Iterable<T>, inGraph: (node: T) => boolean): T[][] {
  const index = new Map<T, number>();
  const low = new Map<T, number>();
  const stack: T[] = [];
  const onStack = new Set<T>();
  const out: T[][] = [];
  let counter = 0;
  const visit = (v: T): void => {
    index.set(v, counter);
    low.set(v, counter++);
    stack.push(v);
    onStack.add(v);
    for (const w of successors(v)) {
      if (!inGraph(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) {
        low.set(v, Math.min(low.get(v)!, index.get(w)!));
      }
    }
    if (low.get(v) === index.get(v)) {
      const component: T[] = [];
      let w: T;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      out.push(component);
    }
  };
  for (const v of nodes) if (!index.has(v)) visit(v);
  return out;
}
