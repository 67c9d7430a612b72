package io.github.convnetij.nn.onnx;

import java.util.ArrayList;
import java.util.List;

/**
 * An ONNX {@code ValueInfoProto} of a tensor value: its name, element type and shape, each
 * dimension a number or a symbolic name (e.g. {@code N} for the batch size).
 * <pre>{@code
 * OnnxValueInfo in = OnnxValueInfo.tensor("input", OnnxTensor.FLOAT, "N", 1, 28, 28);
 * }</pre>
 * Values of other types (sequences, maps, optionals, sparse tensors) are read with element type
 * {@link OnnxTensor#UNDEFINED} and no shape.
 *
 * @param name the value name
 * @param elemType the {@code TensorProto.DataType} of the elements
 * @param shape the dimensions, or null when the shape is not given
 * @param docString documentation, may be empty
 */
public record OnnxValueInfo(String name, int elemType, List<Dim> shape, String docString) {

	/**
	 * One dimension: a value &gt;= 0, or a symbolic name (then {@code value} is -1), or neither
	 * (unknown: -1 and null).
	 */
	public record Dim(long value, String param) {

		/** Whether this dimension is a number. */
		public boolean isValue() {
			return param == null && value >= 0;
		}

		@Override
		public String toString() {
			return param != null ? param : value >= 0 ? Long.toString(value) : "?";
		}
	}

	/** Copies the shape list. */
	public OnnxValueInfo {
		if (name == null) throw new IllegalArgumentException("a value info needs a name");
		shape = shape == null ? null : List.copyOf(shape);
		docString = docString == null ? "" : docString;
	}

	/**
	 * A tensor value; each dimension is a {@link Number} or a {@link String} (a symbolic name).
	 */
	public static OnnxValueInfo tensor(final String name, final int elemType,
		final Object... dims)
	{
		final List<Dim> shape = new ArrayList<>();
		for (final Object d : dims) {
			if (d instanceof Number n) shape.add(new Dim(n.longValue(), null));
			else if (d instanceof String s) shape.add(new Dim(-1, s));
			else throw new IllegalArgumentException("dimension " + d + " of " + name +
				" is neither a number nor a name");
		}
		return new OnnxValueInfo(name, elemType, shape, "");
	}

	@Override
	public String toString() {
		return name + ": " + OnnxTensor.typeName(elemType) + (shape == null ? "" : shape.toString());
	}
}
