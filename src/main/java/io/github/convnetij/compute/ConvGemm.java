package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Convolution as matrix products (im2col + GEMM) for multi-channel and batched problems: the
 * forward correlation behind {@link Convolutions#correlate} when {@code Cin > 1} or
 * {@code Cout > 1}, and the gradients behind {@link ConvolutionGradients}.
 * <p>
 * Per sample {@code n}: {@code out[n] (Cout x P) = W (Cout x K) * col[n] (K x P)}. The forward
 * pass never forms the column matrix: {@link ImplicitConv} reads it as shifted views of a padded
 * copy of the input (split into phases for strides above 1). With stride 1 on every axis it also
 * computes {@code dX} as the correlation of the padded {@code dY} with the flipped, transposed
 * weight, and {@code dW}; other strides' gradients use the column matrix of {@link Im2col},
 * written straight into packed GEMM panels, with {@code dX[n] = col2im(W^T * dY[n])}. In both,
 * {@code dW = sum_n dY[n] * col[n]^T}.
 * <p>
 * Tasks and the order of every sum depend on the shapes only: forward tasks are (sample, block of
 * output positions), input-gradient tasks are samples, and the weight gradient is summed per
 * group of (sample, block) items, then the group partials in group order — bitwise identical for
 * any thread count.
 */
final class ConvGemm {

	/** Target size of a packed column block, in floats (fits the L2 cache). */
	private static final int BLOCK_FLOATS = 1 << 16;
	/** Most output positions per block. */
	private static final int MAX_BLOCK = 4096;
	/** Most groups of partial weight gradients, and most floats they may take together. */
	private static final int MAX_GROUPS = 16, MAX_PARTIAL_FLOATS = 1 << 22;

	private final GemmKernel kernel;
	private final Im2col im;
	private final int n, cout, block, blocksPerSample;
	/** Stride 1 on every axis: the implicit GEMM of {@link ImplicitConv}, no im2col. */
	private final boolean stride1;
	private final int[] in3, k3, stride3, dil3, pad3, out3;

	private ConvGemm(final GemmKernel kernel, final int[] inShape, final int[] wShape,
		final int[] outShape, final ConvGeometry g)
	{
		this.kernel = kernel;
		final int r = g.rank();
		final int[] in5 = Convolutions.to3d(inShape, r, 1), w5 = Convolutions.to3d(wShape, r, 1),
				out5 = Convolutions.to3d(outShape, r, 1);
		stride3 = Convolutions.spatial3d(g.stride(), 1);
		dil3 = Convolutions.spatial3d(g.dilation(), 1);
		pad3 = Convolutions.spatial3d(g.padBefore(), 0);
		im = new Im2col(in5, w5, out5, stride3, dil3, pad3);
		stride1 = stride3[0] == 1 && stride3[1] == 1 && stride3[2] == 1;
		in3 = Arrays.copyOfRange(in5, 2, 5);
		k3 = Arrays.copyOfRange(w5, 2, 5);
		out3 = Arrays.copyOfRange(out5, 2, 5);
		n = inShape[0];
		cout = wShape[0];
		final int nr = kernel.nr();
		final int target = Math.max(nr, BLOCK_FLOATS / Math.max(1, im.rows) / nr * nr);
		block = Math.min(Math.min(MAX_BLOCK, target), Gemm.roundUp(im.positions, nr));
		blocksPerSample = Tasks.blocks(im.positions, block);
	}

	/**
	 * Forward; shapes already checked by {@link Convolutions}. {@code packedW} is null or
	 * {@link #packWeights} of {@code weight} for {@link GemmKernels#BEST}; {@code addend} (may be
	 * null) is added, then with {@code relu} the output is {@code max(sum, 0)}.
	 */
	static void correlate(final Tensor input, final Tensor weight, final float[] packedW,
		final float[] bias, final ConvGeometry g, final boolean relu, final float[] addend,
		final Tensor output)
	{
		new ConvGemm(GemmKernels.BEST, input.shape(), weight.shape(), output.shape(), g).forward(input
			.data(), weight.data(), packedW, bias, relu, addend, output.data());
	}

	static ConvGemm of(final GemmKernel kernel, final int[] inShape, final int[] wShape,
		final ConvGeometry g)
	{
		return new ConvGemm(kernel, inShape, wShape, Convolutions.outputShape(inShape, wShape, g), g);
	}

	/** The weight {@code [cout, k]} (k = Cin * kernel volume) in the A panels of {@code kernel}. */
	static float[] packWeights(final GemmKernel kernel, final float[] w, final int cout, final int k) {
		final float[] packed = new float[Gemm.roundUp(cout, kernel.mr()) * k];
		Packing.packA(false, w, 0, k, 0, cout, 0, k, 1f, kernel.mr(), packed);
		return packed;
	}

	/** Fewest (sample, block) tasks of a forward pass before the output channels are split too. */
	private static final int MIN_TASKS = 8;

	/**
	 * Output channels per task (a multiple of {@code mr}) when a forward pass has {@code tasks}
	 * (sample, block of positions) pairs: all of them, unless there are fewer pairs than
	 * {@value #MIN_TASKS} (batch 1, small images), when the channels are split so that the threads
	 * share the work. Depends on the shapes only; each output element is computed the same way
	 * either way.
	 */
	static int rowsPerSplit(final int tasks, final int cout, final int mr) {
		final int panels = Tasks.blocks(cout, mr);
		final int split = tasks >= MIN_TASKS ? 1 : Math.min(panels, Tasks.blocks(MIN_TASKS, Math.max(1,
			tasks)));
		return Tasks.blocks(panels, split) * mr;
	}

	void forward(final float[] in, final float[] w, final float[] bias, final float[] out) {
		forward(in, w, null, bias, false, null, out);
	}

	void forward(final float[] in, final float[] w, final float[] packed, final float[] bias,
		final boolean relu, final float[] addend, final float[] out)
	{
		final float[] packedW = packed != null ? packed : packWeights(kernel, w, cout, im.rows);
		new ImplicitConv(im.cin, in3, k3, stride3, dil3, pad3, out3, kernel.mr(), kernel.nr(), false)
			.correlate(kernel, in, n, packedW, cout, bias, relu, addend, out);
	}

	/** dX (zeroed here) from dY and W. */
	void inputGradient(final float[] dy, final float[] w, final float[] dx) {
		final int mr = kernel.mr(), nr = kernel.nr();
		final int k = im.rows, p = im.positions;
		if (stride1) {
			// dX = correlation of dY, padded by (K - 1) * dilation - pad (negative: cropped), with the
			// flipped weight transposed to [Cin, Cout, K...]
			final int cin = im.cin, vol = k3[0] * k3[1] * k3[2];
			final float[] wt = new float[cin * cout * vol];
			for (int co = 0; co < cout; co++)
				for (int ci = 0; ci < cin; ci++)
					for (int t = 0; t < vol; t++)
						wt[(ci * cout + co) * vol + vol - 1 - t] = w[(co * cin + ci) * vol + t];
			final float[] packedWt = new float[Gemm.roundUp(cin, mr) * cout * vol];
			Packing.packA(false, wt, 0, cout * vol, 0, cin, 0, cout * vol, 1f, mr, packedWt);
			final int[] pad = new int[3];
			for (int a = 0; a < 3; a++)
				pad[a] = (k3[a] - 1) * dil3[a] - pad3[a];
			new ImplicitConv(cout, out3, k3, dil3, pad, in3, mr, nr, false).correlate(kernel, dy, n, packedWt, cin,
				null, false, null, dx);
			return;
		}
		// A = W^T (K x Cout), packed once
		final float[] packedWt = new float[Gemm.roundUp(k, mr) * cout];
		Packing.packA(true, w, 0, k, 0, k, 0, cout, 1f, mr, packedWt);
		Tasks.run(n, () -> {
			final float[] packedDy = new float[Gemm.roundUp(block, nr) * cout];
			final float[] dcol = new float[k * block];
			final float[] scratch = new float[mr * nr];
			return (IntConsumer) s -> {
				final int xOff = s * im.sampleIn;
				Arrays.fill(dx, xOff, xOff + im.sampleIn, 0f);
				for (int p0 = 0; p0 < p; p0 += block) {
					final int np = Math.min(block, p - p0);
					Packing.packB(false, dy, s * cout * p, p, 0, cout, p0, np, nr, packedDy);
					for (int jr = 0; jr < np; jr += nr) {
						final int ncols = Math.min(nr, np - jr);
						for (int ir = 0; ir < k; ir += mr)
							kernel.edge(cout, packedWt, ir * cout, packedDy, jr * cout, dcol, ir * np + jr, np, Math
								.min(mr, k - ir), ncols, false, scratch);
					}
					im.accumulate(dcol, np, p0, np, dx, xOff);
				}
			};
		});
	}

	/** dW = sum over samples of dY[n] col[n]^T (overwritten); dBias (may be null) likewise. */
	void weightGradient(final float[] in, final float[] dy, final float[] dw, final float[] dBias) {
		final int mr = kernel.mr(), nr = kernel.nr();
		final int k = im.rows, p = im.positions;
		if (stride1) {
			new ImplicitConv(im.cin, in3, k3, dil3, pad3, out3, mr, nr, dBias != null).weightGradient(
				kernel, in, n, dy, cout, dw, dBias);
			return;
		}
		final int items = n * blocksPerSample;
		final int size = cout * k;
		final int groups = Math.max(1, Math.min(Math.min(items, MAX_GROUPS), MAX_PARTIAL_FLOATS /
			Math.max(1, size)));
		final float[][] partial = new float[groups][];
		if (items == 0) Arrays.fill(dw, 0f);
		Tasks.run(groups, () -> {
			final float[] packedDy = new float[Gemm.roundUp(cout, mr) * block];
			final float[] packedCol = new float[Gemm.roundUp(k, nr) * block];
			final float[] scratch = new float[mr * nr];
			return (IntConsumer) gi -> {
				final float[] acc = gi == 0 ? dw : new float[size];
				partial[gi] = acc;
				final int start = (int) ((long) items * gi / groups);
				final int end = (int) ((long) items * (gi + 1) / groups);
				for (int t = start; t < end; t++) {
					final int s = t / blocksPerSample;
					final int p0 = t % blocksPerSample * block;
					final int np = Math.min(block, p - p0);
					Packing.packA(false, dy, s * cout * p, p, 0, cout, p0, np, 1f, mr, packedDy);
					im.packRows(in, s * im.sampleIn, p0, np, nr, packedCol);
					for (int jr = 0; jr < k; jr += nr) {
						final int ncols = Math.min(nr, k - jr);
						for (int ir = 0; ir < cout; ir += mr)
							kernel.edge(np, packedDy, ir * np, packedCol, jr * np, acc, ir * k + jr, k, Math.min(mr,
								cout - ir), ncols, t > start, scratch);
					}
				}
			};
		});
		if (groups > 1) {
			final int chunk = 1 << 14;
			Tasks.run(Tasks.blocks(size, chunk), () -> c -> {
				final int a = c * chunk, b = Math.min(size, a + chunk);
				for (int gi = 1; gi < groups; gi++) {
					final float[] src = partial[gi];
					for (int i = a; i < b; i++)
						dw[i] += src[i];
				}
			});
		}
		biasGradient(dy, dBias);
	}

	/** dBias[co] = sum of dY over samples and positions, in double, one channel per task. */
	private void biasGradient(final float[] dy, final float[] dBias) {
		final int p = im.positions;
		if (dBias != null) {
			Tasks.run(cout, () -> co -> {
				// four partial sums in a fixed order break the dependency chain of one accumulator
				double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
				for (int s = 0; s < n; s++) {
					final int o = (s * cout + co) * p;
					int i = 0;
					for (; i + 3 < p; i += 4) {
						s0 += dy[o + i];
						s1 += dy[o + i + 1];
						s2 += dy[o + i + 2];
						s3 += dy[o + i + 3];
					}
					for (; i < p; i++)
						s0 += dy[o + i];
				}
				dBias[co] = (float) ((s0 + s1) + (s2 + s3));
			});
		}
	}
}
