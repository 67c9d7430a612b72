package io.github.convnetij.nn.onnx;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * An ONNX {@code TensorProto}: a name, an element type, dimensions and the values, held as
 * little-endian fixed-width bytes (the form of the message's {@code raw_data} field). A tensor
 * read from {@code float_data}, {@code int32_data}, {@code int64_data}, {@code double_data} or
 * {@code uint64_data} is converted to that form, so two tensors with the same values are equal
 * however they were stored. Instances are immutable.
 * <pre>{@code
 * OnnxTensor w = OnnxTensor.ofFloats("conv1.weight", weights, 32, 1, 3, 3);
 * float[] back = w.toFloats();
 * OnnxTensor shape = OnnxTensor.ofLongs("shape", new long[] {1, -1}, 2);
 * }</pre>
 * Element types are the {@code TensorProto.DataType} numbers: {@link #FLOAT} = 1,
 * {@link #UINT8} = 2, ... {@link #INT64} = 7, {@link #BOOL} = 9, {@link #DOUBLE} = 11. Strings,
 * complex numbers and data stored outside the file are not supported.
 */
public final class OnnxTensor {

	public static final int UNDEFINED = 0, FLOAT = 1, UINT8 = 2, INT8 = 3, UINT16 = 4, INT16 = 5,
		INT32 = 6, INT64 = 7, STRING = 8, BOOL = 9, FLOAT16 = 10, DOUBLE = 11, UINT32 = 12,
		UINT64 = 13, COMPLEX64 = 14, COMPLEX128 = 15, BFLOAT16 = 16;

	private final String name;
	private final int dataType;
	private final long[] dims;
	private final byte[] raw;

	/**
	 * A tensor from little-endian bytes.
	 *
	 * @param name may be empty (a constant), never null
	 * @param raw {@code product(dims) * elementSize(dataType)} bytes, not copied
	 * @throws IllegalArgumentException for an unsupported type, a negative dimension or a byte count
	 *           that does not match the dimensions
	 */
	public OnnxTensor(final String name, final int dataType, final long[] dims, final byte[] raw) {
		this.name = name == null ? "" : name;
		this.dataType = dataType;
		this.dims = dims.clone();
		this.raw = raw;
		final int size = elementSize(dataType);
		if (size <= 0) throw new IllegalArgumentException("tensor '" + this.name + "': element type " +
			typeName(dataType) + " is not supported");
		final long n = count(this.dims, this.name);
		if (n * size != raw.length) throw new IllegalArgumentException("tensor '" + this.name +
			"' of shape " + Arrays.toString(dims) + " and type " + typeName(dataType) + " needs " + n *
				size + " bytes of data, found " + raw.length);
	}

	/** A float tensor holding {@code values} (copied) with the given dimensions. */
	public static OnnxTensor ofFloats(final String name, final float[] values, final long... dims) {
		final ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asFloatBuffer().put(values);
		return new OnnxTensor(name, FLOAT, dims, b.array());
	}

	/** {@link #ofFloats(String, float[], long...)} with int dimensions. */
	public static OnnxTensor ofFloats(final String name, final float[] values, final int[] dims) {
		return ofFloats(name, values, Arrays.stream(dims).asLongStream().toArray());
	}

	/** An int64 tensor holding {@code values} (copied). */
	public static OnnxTensor ofLongs(final String name, final long[] values, final long... dims) {
		final ByteBuffer b = ByteBuffer.allocate(8 * values.length).order(ByteOrder.LITTLE_ENDIAN);
		b.asLongBuffer().put(values);
		return new OnnxTensor(name, INT64, dims, b.array());
	}

	public String name() {
		return name;
	}

	/** The {@code TensorProto.DataType} number, e.g. {@link #FLOAT}. */
	public int dataType() {
		return dataType;
	}

	/** A copy of the dimensions (empty for a scalar). */
	public long[] dims() {
		return dims.clone();
	}

	/** The dimensions as ints. */
	public int[] shape() {
		final int[] s = new int[dims.length];
		for (int i = 0; i < s.length; i++)
			s[i] = Math.toIntExact(dims[i]);
		return s;
	}

	/** Number of elements. */
	public int numel() {
		return (int) count(dims, name);
	}

	/** A copy of the little-endian bytes. */
	public byte[] rawData() {
		return raw.clone();
	}

	/** The bytes, not copied: for writers in this package. */
	byte[] raw() {
		return raw;
	}

	/** The same tensor under another name. */
	public OnnxTensor withName(final String newName) {
		return new OnnxTensor(newName, dataType, dims, raw);
	}

	/**
	 * The values as floats (converted from any numeric type: doubles are rounded, float16 and
	 * bfloat16 widened, integers converted).
	 */
	public float[] toFloats() {
		final ByteBuffer b = buffer();
		final int n = numel();
		final float[] out = new float[n];
		if (dataType == FLOAT) {
			b.asFloatBuffer().get(out);
			return out;
		}
		for (int i = 0; i < n; i++)
			out[i] = value(b, i);
		return out;
	}

	/**
	 * The values as longs, for integer and boolean types.
	 *
	 * @throws IllegalArgumentException for floating-point types, and for UINT64 values above
	 *           {@link Long#MAX_VALUE}
	 */
	public long[] toLongs() {
		if (dataType == FLOAT || dataType == DOUBLE || dataType == FLOAT16 || dataType == BFLOAT16)
			throw new IllegalArgumentException("tensor '" + name + "' holds " + typeName(dataType) +
				" values, not integers");
		final ByteBuffer b = buffer();
		final long[] out = new long[numel()];
		for (int i = 0; i < out.length; i++)
			out[i] = longAt(b, i);
		return out;
	}

	/**
	 * Element {@code i} rounded once to a float (a long goes to float directly: through a double
	 * it was rounded twice, one float step off near halfway cases above 2^53).
	 */
	private float value(final ByteBuffer b, final int i) {
		return switch (dataType) {
			case FLOAT -> b.getFloat(4 * i);
			case DOUBLE -> (float) b.getDouble(8 * i);
			case FLOAT16 -> halfToFloat(b.getShort(2 * i));
			case BFLOAT16 -> Float.intBitsToFloat((b.getShort(2 * i) & 0xFFFF) << 16);
			case UINT64 -> {
				final long v = b.getLong(8 * i);
				// above 2^63: half of it, keeping the lowest bit as a sticky bit, then doubled
				yield v >= 0 ? (float) v : (float) (v >>> 1 | v & 1) * 2f;
			}
			default -> (float) longAt(b, i);
		};
	}

	private long longAt(final ByteBuffer b, final int i) {
		return switch (dataType) {
			case INT64 -> b.getLong(8 * i);
			case UINT64 -> {
				final long v = b.getLong(8 * i);
				if (v < 0) throw new IllegalArgumentException("tensor '" + name + "' holds the UINT64 " +
					"value " + Long.toUnsignedString(v) + ", larger than the largest long " +
					Long.MAX_VALUE);
				yield v;
			}
			case INT32 -> b.getInt(4 * i);
			case UINT32 -> b.getInt(4 * i) & 0xFFFFFFFFL;
			case INT16 -> b.getShort(2 * i);
			case UINT16 -> b.getShort(2 * i) & 0xFFFF;
			case INT8 -> b.get(i);
			default -> b.get(i) & 0xFF;
		};
	}

	private ByteBuffer buffer() {
		return ByteBuffer.wrap(raw).order(ByteOrder.LITTLE_ENDIAN);
	}

	/** IEEE 754 half precision to float. */
	static float halfToFloat(final short h) {
		final int s = (h >> 15) & 1, e = (h >> 10) & 0x1F, m = h & 0x3FF;
		final float v;
		if (e == 0) v = m * 0x1p-24f;
		else if (e == 31) v = m == 0 ? Float.POSITIVE_INFINITY : Float.NaN;
		else v = Float.intBitsToFloat((e + 112) << 23 | m << 13);
		return s == 0 ? v : -v;
	}

	/** Bytes per element of a data type, or 0 if unsupported (STRING, complex, UNDEFINED). */
	public static int elementSize(final int dataType) {
		return switch (dataType) {
			case UINT8, INT8, BOOL -> 1;
			case UINT16, INT16, FLOAT16, BFLOAT16 -> 2;
			case FLOAT, INT32, UINT32 -> 4;
			case INT64, DOUBLE, UINT64 -> 8;
			default -> 0;
		};
	}

	/** The name of a data type number, e.g. {@code FLOAT (1)}. */
	public static String typeName(final int dataType) {
		final String[] names = { "UNDEFINED", "FLOAT", "UINT8", "INT8", "UINT16", "INT16", "INT32",
			"INT64", "STRING", "BOOL", "FLOAT16", "DOUBLE", "UINT32", "UINT64", "COMPLEX64",
			"COMPLEX128", "BFLOAT16" };
		return (dataType >= 0 && dataType < names.length ? names[dataType] : "unknown") + " (" +
			dataType + ")";
	}

	private static long count(final long[] dims, final String name) {
		long n = 1;
		for (final long d : dims) {
			if (d < 0) throw new IllegalArgumentException("tensor '" + name + "' has a negative " +
				"dimension: " + Arrays.toString(dims));
			if (d > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor '" + name +
				"' of shape " + Arrays.toString(dims) + " has a dimension above the largest supported, " +
				(Integer.MAX_VALUE - 8));
			n *= d; // both factors below 2^31: no overflow
			if (n > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("tensor '" + name +
				"' of shape " + Arrays.toString(dims) + " has more elements than a Java array can hold");
		}
		return n;
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof OnnxTensor t && name.equals(t.name) && dataType == t.dataType && Arrays
			.equals(dims, t.dims) && Arrays.equals(raw, t.raw);
	}

	@Override
	public int hashCode() {
		return (name.hashCode() * 31 + dataType) * 31 + Arrays.hashCode(dims);
	}

	@Override
	public String toString() {
		return "OnnxTensor[" + name + ", " + typeName(dataType) + ", " + Arrays.toString(dims) + "]";
	}
}
