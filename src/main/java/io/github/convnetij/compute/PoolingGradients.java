package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * Gradients of {@link Pooling} for the backward pass of pooling layers. Max pooling routes each
 * output gradient to the input element recorded in the forward pass's {@code argmax}; average
 * pooling spreads it evenly over the in-bounds cells of its window. Each {@code (n, c)} plane is
 * one task with a fixed order of additions: bitwise identical for any thread count.
 * <pre>{@code
 * int[] argmax = new int[outNumel];
 * Tensor y = Pooling.max(x, g, argmax);
 * Tensor dx = PoolingGradients.max(dy, argmax, x.shape());
 * }</pre>
 */
public final class PoolingGradients {

	private PoolingGradients() {}

	/**
	 * d(loss)/d(input) of max pooling: {@code dx[n, c][argmax[o]] += dy[o]}.
	 *
	 * @param argmax as filled by {@link Pooling#max}: per output element the flat index of the
	 *          winner within its {@code (n, c)} spatial block
	 * @throws IllegalArgumentException if the gradient and argmax lengths differ or the leading
	 *           axes of the output gradient and the input shape differ
	 */
	public static Tensor max(final Tensor gradOutput, final int[] argmax, final int[] inputShape) {
		final Tensor dx = Tensor.zeros(inputShape);
		max(gradOutput, argmax, dx);
		return dx;
	}

	/**
	 * {@link #max(Tensor, int[], int[])} into {@code gradInput} (the forward input's shape), which is
	 * zeroed first.
	 */
	public static void max(final Tensor gradOutput, final int[] argmax, final Tensor gradInput) {
		final int[] outShape = gradOutput.shape();
		final int[] inputShape = gradInput.shape();
		if (argmax == null || argmax.length != gradOutput.numel()) throw new IllegalArgumentException(
			"argmax has " + (argmax == null ? "no" : String.valueOf(argmax.length)) +
				" entries but the output gradient " + Arrays.toString(outShape) + " has " + gradOutput
					.numel());
		checkPlanes(outShape, inputShape);
		final Tensor dx = gradInput;
		final int planes = inputShape[0] * inputShape[1];
		if (planes == 0 || dx.numel() == 0) return;
		final int planeIn = dx.numel() / planes, planeOut = gradOutput.numel() / planes;
		final float[] g = gradOutput.data(), d = dx.data();
		Tasks.run(planes, () -> pl -> {
			final int ib = pl * planeIn, ob = pl * planeOut;
			Arrays.fill(d, ib, ib + planeIn, 0f);
			for (int o = 0; o < planeOut; o++)
				d[ib + argmax[ob + o]] += g[ob + o];
		});
	}

	/**
	 * d(loss)/d(input) of {@link Pooling#avg} with geometry {@code g}.
	 *
	 * @throws IllegalArgumentException if {@code gradOutput} does not have the pooled shape of
	 *           {@code inputShape}
	 */
	public static Tensor avg(final Tensor gradOutput, final int[] inputShape, final PoolGeometry g) {
		final Tensor dx = Tensor.zeros(inputShape);
		avg(gradOutput, g, dx);
		return dx;
	}

	/**
	 * {@link #avg(Tensor, int[], PoolGeometry)} into {@code gradInput} (the forward input's shape),
	 * which is zeroed first.
	 */
	public static void avg(final Tensor gradOutput, final PoolGeometry g, final Tensor gradInput) {
		final int[] inputShape = gradInput.shape();
		final int[] outShape = Pooling.outputShape(inputShape, g);
		if (!Arrays.equals(outShape, gradOutput.shape())) throw new IllegalArgumentException(
			"output gradient " + Arrays.toString(gradOutput.shape()) + " does not have the pooled shape " +
				Arrays.toString(outShape) + " of input " + Arrays.toString(inputShape));
		final Tensor dx = gradInput;
		final int planes = inputShape[0] * inputShape[1];
		if (planes == 0 || dx.numel() == 0) return;
		final int r = g.rank();
		final int[] in3 = Convolutions.to3d(inputShape, r, 1), out3 = Convolutions.to3d(outShape, r, 1);
		final int[] win = Convolutions.spatial3d(g.window(), 1), str = Convolutions.spatial3d(g
			.stride(), 1), pad = Convolutions.spatial3d(g.padBefore(), 0);
		final int[][] lo = new int[3][], hi = new int[3][];
		for (int a = 0; a < 3; a++) {
			lo[a] = new int[out3[2 + a]];
			hi[a] = new int[out3[2 + a]];
			for (int o = 0; o < lo[a].length; o++) {
				final long start = (long) o * str[a] - pad[a];
				lo[a][o] = (int) Math.max(0, start);
				hi[a][o] = (int) Math.min(in3[2 + a], start + win[a]);
			}
		}
		final int h = in3[3], w = in3[4];
		final int planeIn = in3[2] * h * w, planeOut = out3[2] * out3[3] * out3[4];
		final float[] gd = gradOutput.data(), d = dx.data();
		Tasks.run(planes, () -> pl -> {
			int o = pl * planeOut;
			final int ib = pl * planeIn;
			Arrays.fill(d, ib, ib + planeIn, 0f);
			for (int oz = 0; oz < out3[2]; oz++)
				for (int oy = 0; oy < out3[3]; oy++)
					for (int ox = 0; ox < out3[4]; ox++, o++) {
						final int z0 = lo[0][oz], z1 = hi[0][oz], y0 = lo[1][oy], y1 = hi[1][oy], x0 = lo[2][ox],
								x1 = hi[2][ox];
						final float v = (float) (gd[o] / (double) ((z1 - z0) * (y1 - y0) * (x1 - x0)));
						for (int z = z0; z < z1; z++)
							for (int y = y0; y < y1; y++) {
								final int row = ib + (z * h + y) * w;
								for (int x = x0; x < x1; x++)
									d[row + x] += v;
							}
					}
		});
	}

	private static void checkPlanes(final int[] outShape, final int[] inShape) {
		if (inShape == null || inShape.length != outShape.length || inShape.length < 3 ||
			inShape[0] != outShape[0] || inShape[1] != outShape[1]) throw new IllegalArgumentException(
				"output gradient " + Arrays.toString(outShape) + " and input shape " + Arrays.toString(
					inShape) + " must agree on rank and on the N and C axes");
	}
}
