package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The table of layer kinds: the one place where a kind is registered. Architecture strings, model
 * files, the ONNX writer and reader, the graph and the executor look kinds up here.
 */
public final class LayerKinds {

	private LayerKinds() {}

	/** Every kind, in the order of the documentation. */
	private static final List<LayerKind<?>> ALL = List.of(ConvLayer.KIND, ActivationLayer.RELU,
		ActivationLayer.LEAKY_RELU, PoolLayer.MAX, PoolLayer.AVG, GlobalAvgPoolLayer.KIND,
		BatchNormLayer.KIND, DropoutLayer.KIND, FlattenLayer.KIND, ReshapeLayer.KIND, DenseLayer.KIND, SoftmaxLayer.KIND,
		AddLayer.KIND, ConstantOpLayer.KIND, ConcatLayer.KIND, SigmoidLayer.KIND, TanhLayer.KIND, ClipLayer.KIND, HardSigmoidLayer.KIND,
		HardSwishLayer.KIND, LogSoftmaxLayer.KIND, TransposeLayer.KIND, PadLayer.KIND,
		ConvTransposeLayer.KIND, UpsampleLayer.KIND, ResizeLayer.KIND);

	private static final Map<String, LayerKind<?>> BY_TYPE = new LinkedHashMap<>();
	private static final Map<String, LayerKind<?>> BY_ONNX_OP = new LinkedHashMap<>();

	static {
		for (final LayerKind<?> k : ALL) {
			if (BY_TYPE.put(k.type(), k) != null) throw new IllegalStateException("two layer kinds " + k
				.type());
			for (final String op : k.onnxOps())
				if (BY_ONNX_OP.put(op, k) != null) throw new IllegalStateException(
					"two layer kinds import ONNX " + op);
		}
	}

	/** All kinds. */
	public static List<LayerKind<?>> all() {
		return ALL;
	}

	/** The kind of this architecture token ({@code conv}), or null. */
	public static LayerKind<?> byType(final String type) {
		return BY_TYPE.get(type);
	}

	/** The kind that imports this ONNX operator type, or null. */
	public static LayerKind<?> byOnnxOp(final String opType) {
		return BY_ONNX_OP.get(opType);
	}

	/** The architecture tokens of all kinds. */
	public static List<String> types() {
		return Collections.unmodifiableList(new ArrayList<>(BY_TYPE.keySet()));
	}

	/** The ONNX operator types some kind imports. */
	public static List<String> onnxOps() {
		return Collections.unmodifiableList(new ArrayList<>(BY_ONNX_OP.keySet()));
	}
}
