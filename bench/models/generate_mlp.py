#!/usr/bin/env python3
"""The inference benchmark's model: a perceptron, 512 FP32 features -> 2048 -> 2048 -> 10 scores,
batching on its first dimension. About 5.2 million multiply-adds per row, so a batch of 64 costs the
model real work (the benchmark weighs HTTP against compute, not against nothing). The weights are
computed in the graph from constants (sin over a range, scaled), which onnxruntime folds into
constants when it loads the model: the file stays a few kilobytes instead of 21 MB of floats.

    python3 -m venv /tmp/onnx-venv && /tmp/onnx-venv/bin/pip install onnx
    /tmp/onnx-venv/bin/python bench/models/generate_mlp.py
"""
from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = Path(__file__).resolve().parent
LAYERS = [512, 2048, 2048, 10]


def weights(name, rows, cols, phase):
    """Nodes computing a [rows, cols] matrix sin(i * 0.7 + phase) / sqrt(rows), and its name."""
    const = lambda suffix, value: helper.make_node("Constant", [], [f"{name}_{suffix}"], value=numpy_helper.from_array(value, f"{name}_{suffix}"))
    return [
        const("start", np.array(phase, dtype=np.float32)),
        const("limit", np.array(phase + rows * cols * 0.7, dtype=np.float32)),
        const("delta", np.array(0.7, dtype=np.float32)),
        const("shape", np.array([rows, cols], dtype=np.int64)),
        const("scale", np.array(1 / np.sqrt(rows), dtype=np.float32)),
        helper.make_node("Range", [f"{name}_start", f"{name}_limit", f"{name}_delta"], [f"{name}_range"]),
        helper.make_node("Slice", [f"{name}_range", f"{name}_zero", f"{name}_count"], [f"{name}_flat"]),
        helper.make_node("Sin", [f"{name}_flat"], [f"{name}_sin"]),
        helper.make_node("Reshape", [f"{name}_sin", f"{name}_shape"], [f"{name}_raw"]),
        helper.make_node("Mul", [f"{name}_raw", f"{name}_scale"], [name]),
        const("zero", np.array([0], dtype=np.int64)),
        const("count", np.array([rows * cols], dtype=np.int64)),
    ]


def main():
    nodes = []
    current = "features"
    for layer, (rows, cols) in enumerate(zip(LAYERS, LAYERS[1:])):
        nodes += weights(f"w{layer}", rows, cols, layer * 0.3)
        out = "scores" if layer == len(LAYERS) - 2 else f"h{layer}"
        linear = out if out == "scores" else f"{out}_linear"
        nodes.append(helper.make_node("MatMul", [current, f"w{layer}"], [linear]))
        if out != "scores":
            nodes.append(helper.make_node("Relu", [linear], [out]))
        current = out
    # Constants first: a node's inputs must be produced before it in ONNX's topological order.
    nodes.sort(key=lambda node: node.op_type != "Constant")
    graph = helper.make_graph(
        nodes,
        "mlp",
        [helper.make_tensor_value_info("features", TensorProto.FLOAT, ["N", LAYERS[0]])],
        [helper.make_tensor_value_info("scores", TensorProto.FLOAT, ["N", LAYERS[-1]])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)], ir_version=8, producer_name="plinth-bench")
    onnx.checker.check_model(model, full_check=True)
    onnx.save(model, HERE / "mlp.onnx")


if __name__ == "__main__":
    main()
