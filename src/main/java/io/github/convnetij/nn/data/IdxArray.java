package io.github.convnetij.nn.data;

import java.util.Arrays;

/**
 * The contents of an IDX file of unsigned bytes: its dimensions, outermost first (e.g.
 * {@code [60000, 28, 28]} for images, {@code [60000]} for labels), and its values in row-major
 * order, the last dimension fastest, as unsigned bytes ({@code data[i] & 0xFF}).
 * <pre>{@code
 * IdxArray a = Idx.read(Path.of("train-labels-idx1-ubyte.gz"));
 * int label0 = a.data()[0] & 0xFF;
 * }</pre>
 *
 * @param dims the dimensions, each &gt;= 0
 * @param data {@code product(dims)} values, not copied
 */
public record IdxArray(int[] dims, byte[] data) {

	/**
	 * @throws IllegalArgumentException when a dimension is negative or the product of the
	 *           dimensions is not {@code data.length}
	 */
	public IdxArray {
		long n = 1;
		for (final int d : dims) {
			if (d < 0) throw new IllegalArgumentException("negative IDX dimension in " + Arrays.toString(
				dims));
			n = Math.min(n * d, Integer.MAX_VALUE + 1L); // d < 2^31: no overflow
		}
		if (n != data.length) throw new IllegalArgumentException("IDX dimensions " + Arrays.toString(
			dims) + " hold " + n + " values but " + data.length + " were given");
		dims = dims.clone();
	}

	/** A copy of the dimensions. */
	@Override
	public int[] dims() {
		return dims.clone();
	}

	/** Number of dimensions. */
	public int rank() {
		return dims.length;
	}

	/** Size of dimension {@code d}. */
	public int dim(final int d) {
		return dims[d];
	}

	@Override
	public boolean equals(final Object o) {
		return o instanceof IdxArray a && Arrays.equals(dims, a.dims) && Arrays.equals(data, a.data);
	}

	@Override
	public int hashCode() {
		return 31 * Arrays.hashCode(dims) + Arrays.hashCode(data);
	}

	@Override
	public String toString() {
		return "IdxArray" + Arrays.toString(dims);
	}
}
