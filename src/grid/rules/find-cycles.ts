/** An edge of a dependency graph, located where the document declares it. */
export interface Edge {
  to: string;
  path: string;
}

/** A cycle found by `findCycles`: the edge that closes it and the nodes along it, in order. */
export interface Cycle {
  closing: Edge;
  nodes: string[];
}

/**
 * Every cycle of a directed graph, each reported once at the edge that closes it when the nodes are
 * visited depth first in the given order. Edges to unknown nodes are ignored (another rule reports
 * them).
 */
export function findCycles(nodes: string[], edgesOf: (node: string) => Edge[]): Cycle[] {
  const known = new Set(nodes);
  const state = new Map<string, 'active' | 'done'>();
  const stack: string[] = [];
  const cycles: Cycle[] = [];
  const visit = (node: string): void => {
    state.set(node, 'active');
    stack.push(node);
    for (const edge of edgesOf(node)) {
      if (!known.has(edge.to)) continue;
      const seen = state.get(edge.to);
      if (seen === 'active') cycles.push({ closing: edge, nodes: [...stack.slice(stack.indexOf(edge.to)), edge.to] });
      else if (seen === undefined) visit(edge.to);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of nodes) if (!state.has(node)) visit(node);
  return cycles;
}
