package io.github.convnetij.nn;

import java.util.Arrays;

/**
 * Padding of a convolution or pooling layer: {@code same} (output extent = ceil(input / stride),
 * padded as PyTorch and ONNX {@code SAME_UPPER} do: the extra cell at the end), {@code valid} (no
 * padding), or explicit zero padding before and after each spatial axis.
 * <pre>{@code
 * Pads.same();                                   // resolved per input shape when the layer is built
 * Pads.of(1);                                    // 1 on both sides of every axis (PyTorch padding=1)
 * Pads.explicit(new int[] {0, 0}, new int[] {1, 1});   // ONNX pads = [0, 0, 1, 1]
 * }</pre>
 */
public final class Pads {

	/** How the pads were given. */
	public enum Mode {
		SAME, VALID, EXPLICIT
	}

	private static final Pads SAME = new Pads(Mode.SAME, null, null);
	private static final Pads VALID = new Pads(Mode.VALID, null, null);

	private final Mode mode;
	private final int[] before, after;

	private Pads(final Mode mode, final int[] before, final int[] after) {
		this.mode = mode;
		this.before = before;
		this.after = after;
	}

	/** Output extent ceil(input / stride), extra padding at the end (ONNX {@code SAME_UPPER}). */
	public static Pads same() {
		return SAME;
	}

	/** No padding. */
	public static Pads valid() {
		return VALID;
	}

	/**
	 * {@code p} cells on both sides of every spatial axis, or one value per axis (outermost first).
	 *
	 * @throws IllegalArgumentException if a value is negative
	 */
	public static Pads of(final int... p) {
		return explicit(p, p);
	}

	/**
	 * Explicit pads per spatial axis, outermost first; one value stands for every axis.
	 *
	 * @throws IllegalArgumentException if a value is negative or the lengths differ
	 */
	public static Pads explicit(final int[] before, final int[] after) {
		if (before == null || after == null || before.length != after.length || before.length == 0)
			throw new IllegalArgumentException("pads before " + Arrays.toString(before) + " and after " +
				Arrays.toString(after) + " must be non-empty and of the same length");
		for (int i = 0; i < before.length; i++)
			if (before[i] < 0 || after[i] < 0) throw new IllegalArgumentException(
				"pads must be >= 0, got before " + Arrays.toString(before) + " after " + Arrays.toString(
					after));
		return new Pads(Mode.EXPLICIT, before.clone(), after.clone());
	}

	public Mode mode() {
		return mode;
	}

	/** Explicit pads before each axis as given (null unless {@link Mode#EXPLICIT}). */
	public int[] before() {
		return before == null ? null : before.clone();
	}

	/** Explicit pads after each axis as given (null unless {@link Mode#EXPLICIT}). */
	public int[] after() {
		return after == null ? null : after.clone();
	}

	/**
	 * Resolves to {@code {before, after}} for these spatial input extents, kernel (window) extents,
	 * strides and dilations.
	 *
	 * @throws IllegalArgumentException if explicit pads have neither 1 nor {@code in.length} values
	 */
	int[][] resolve(final int[] in, final int[] kernel, final int[] stride, final int[] dilation) {
		final int r = in.length;
		final int[] b = new int[r], a = new int[r];
		switch (mode) {
			case VALID:
				break;
			case SAME:
				for (int i = 0; i < r; i++) {
					final int out = (in[i] + stride[i] - 1) / stride[i];
					final int span = dilation[i] * (kernel[i] - 1) + 1;
					final int total = Math.max(0, (out - 1) * stride[i] + span - in[i]);
					b[i] = total / 2;
					a[i] = total - b[i];
				}
				break;
			default:
				return new int[][] { Layers.expand(before, r, "pads"), Layers.expand(after, r, "pads") };
		}
		return new int[][] { b, a };
	}

	@Override
	public String toString() {
		switch (mode) {
			case SAME:
				return "same";
			case VALID:
				return "valid";
			default:
				return Arrays.toString(before) + "/" + Arrays.toString(after);
		}
	}

	/** {@code a} then {@code b}: ONNX's {@code pads} from befores and afters. */
	static int[] concat(final int[] a, final int[] b) {
		final int[] c = Arrays.copyOf(a, a.length + b.length);
		System.arraycopy(b, 0, c, a.length, b.length);
		return c;
	}

	/** {@code n} copies of {@code v}. */
	static int[] filled(final int n, final int v) {
		final int[] a = new int[n];
		Arrays.fill(a, v);
		return a;
	}

	/**
	 * The spatial extents of a per-sample shape {@code [C, spatial...]}.
	 *
	 * @throws IllegalArgumentException if there are none
	 */
	static int[] spatial(final int[] shape) {
		if (shape.length < 2) throw new IllegalArgumentException("needs an input [N, C, spatial...], " +
			"got per-sample shape " + Arrays.toString(shape));
		return Arrays.copyOfRange(shape, 1, shape.length);
	}
}
