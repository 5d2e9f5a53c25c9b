import type { GraphProto, ModelProto, NodeProto, SparseTensorProto, TensorProto } from './onnx-schema';

/** Where a node or tensor sits, for messages: `graph 'main' > node 'If_0' attribute 'then_branch' (graph 'then')`. */
export type GraphPlace = string;

export interface WalkedNode {
  node: NodeProto;
  place: GraphPlace;
}

export interface WalkedTensor {
  tensor: TensorProto;
  /** How the tensor is held: an initializer, a sparse initializer's part, or a node attribute's value. */
  role: 'initializer' | 'sparse initializer' | 'attribute';
  place: GraphPlace;
}

export interface GraphWalk {
  nodes: WalkedNode[];
  tensors: WalkedTensor[];
}

function sparseParts(sparse: SparseTensorProto | undefined): TensorProto[] {
  return sparse ? [sparse.values, sparse.indices].filter((part): part is TensorProto => part !== undefined) : [];
}

/**
 * Every node and stored tensor of a model: the main graph, the graphs nested in node attributes (If,
 * Loop and Scan bodies, at any depth) and the bodies of model-local functions. The gates check all of
 * them, since onnxruntime runs all of them.
 *
 * Iterative rather than recursive, so a hostile model nesting graphs deeply cannot overflow the stack
 * (protobufjs already refuses more than 100 nested messages while decoding; the walk does not rely on it).
 */
export function walkModel(model: ModelProto): GraphWalk {
  const nodes: WalkedNode[] = [];
  const tensors: WalkedTensor[] = [];
  const pending: { nodes: NodeProto[]; graph?: GraphProto; place: GraphPlace }[] = [];
  const pushGraph = (graph: GraphProto, place: GraphPlace) => pending.push({ nodes: graph.node ?? [], graph, place });

  if (model.graph) pushGraph(model.graph, `graph '${model.graph.name ?? ''}'`);
  for (const fn of model.functions ?? []) {
    pending.push({ nodes: fn.node ?? [], place: `function '${fn.domain ?? ''}:${fn.name ?? ''}'` });
  }

  while (pending.length > 0) {
    const { nodes: graphNodes, graph, place } = pending.pop()!;
    for (const tensor of graph?.initializer ?? []) tensors.push({ tensor, role: 'initializer', place });
    for (const sparse of graph?.sparse_initializer ?? []) {
      for (const tensor of sparseParts(sparse)) tensors.push({ tensor, role: 'sparse initializer', place });
    }
    graphNodes.forEach((node, index) => {
      const nodePlace = `${place} > node '${node.name || `#${index}`}'`;
      nodes.push({ node, place: nodePlace });
      for (const attribute of node.attribute ?? []) {
        const attributePlace = `${nodePlace} attribute '${attribute.name ?? ''}'`;
        const held = [attribute.t, ...(attribute.tensors ?? []), ...sparseParts(attribute.sparse_tensor), ...(attribute.sparse_tensors ?? []).flatMap(sparseParts)];
        for (const tensor of held) if (tensor) tensors.push({ tensor, role: 'attribute', place: attributePlace });
        for (const subgraph of [attribute.g, ...(attribute.graphs ?? [])]) {
          if (subgraph) pushGraph(subgraph, `${attributePlace} (graph '${subgraph.name ?? ''}')`);
        }
      }
    });
  }
  return { nodes, tensors };
}
