package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Convolution as an implicit GEMM, with no im2col: each sample is copied once into a zero-padded
 * grid, and output position {@code q = (oz * GH + oy) * GW + ox} of the grid reads tap
 * {@code (ci, kz, ky, kx)} at {@code offset[tap] + q} — for a fixed tap, consecutive positions
 * read consecutive grid elements, so the rows of the GEMM's B operand are shifted views of the
 * grid ({@link GemmKernel#blockShifted}). With stride 1 the grid of a channel is its padded plane,
 * of extents {@code O + (K - 1) * dilation} per axis. With stride {@code s} it is split into
 * phases: phase {@code p} of an axis holds padded indices {@code p, p + s, p + 2s, ...}, so that
 * the input a tap reads at {@code s * o + dilation * k} is element {@code o + dilation * k / s} of
 * phase {@code dilation * k % s} (only the phases some tap reads are made; extents
 * {@code O + (K - 1) * dilation / s}). Positions with {@code ox >= OW} (or {@code oy >= OH}) are
 * computed and dropped. Negative pads crop (stride 1): the same code computes the input gradient
 * as the correlation of the output gradient with the flipped, transposed weight.
 * <p>
 * Grid extents, offsets and position counts are precomputed; instances are immutable and shared
 * by the tasks of one call.
 */
final class ImplicitConv {

	/** Most grid positions per forward task (a multiple of every kernel's nr). */
	private static final int BLOCK = 2048;
	/**
	 * Most floats of a forward task's output block (output channels x positions): it stays in the
	 * L2 cache while the micro-kernel fills it.
	 */
	private static final int BUFFER_FLOATS = 1 << 16;
	/** Samples from which a forward task is a whole sample (when it has several blocks). */
	private static final int WHOLE_SAMPLES = 8;
	/** Taps per block of the forward pass (a position panel's B rows for them fit the L1 cache). */
	static final int KC = 128;
	/** Output channels per block of the forward pass (their weights for KC taps fit the L2 cache). */
	static final int MC = 512;
	/** Most floats of a task's weights that a loop over position panels may sweep again and again. */
	private static final int WEIGHT_CACHE_FLOATS = 1 << 16;

	/**
	 * Loop order of the micro-kernel calls of one forward task ({@code rows} output channels,
	 * {@code k} taps, {@code positions} columns): weight panels outside, each over all taps, when
	 * the task's weights would not stay in the L2 cache over a sweep of the position panels, or
	 * when they outnumber the positions (the weights are then read once, in order, the positions'
	 * rows again and again); else blocks of taps, position panels outside.
	 */
	static boolean weightOuter(final int rows, final int k, final int positions) {
		return (long) rows * k > WEIGHT_CACHE_FLOATS || rows > positions;
	}

	/** Most groups of partial weight gradients, and most floats they may take together. */
	private static final int MAX_GROUPS = 16, MAX_PARTIAL_FLOATS = 1 << 22;

	private final int c, d, h, w, od, oh, ow, pd, ph, pw, sd, sh, sw;
	private final int gd, gh, gw, plane;
	/** Phases made per channel, and per axis the phase index of each phase (-1: not made). */
	private final int phases;
	private final int[] phaseD, phaseH, phaseW;
	/** Positions needed (up to the last valid one), rounded up to nr; floats per sample grid. */
	final int positions, rounded, gridLength;
	/**
	 * Grid offset of each tap, (ci, kz, ky, kx) with kx fastest, then (with {@code onesRow}) the
	 * offset of a run of ones after the grid; padded with zeros to a multiple of mr.
	 */
	final int[] offsets;
	final int taps;
	private final boolean onesRow;
	private final int onesOffset;

	/** {@link #ImplicitConv(int, int[], int[], int[], int[], int[], int[], int, int, boolean)} with stride 1. */
	ImplicitConv(final int c, final int[] src3, final int[] k3, final int[] dil3, final int[] pad3,
		final int[] out3, final int mr, final int nr, final boolean onesRow)
	{
		this(c, src3, k3, new int[] { 1, 1, 1 }, dil3, pad3, out3, mr, nr, onesRow);
	}

	/**
	 * @param c channels of the source; {@code src3} its spatial extents (D, H, W)
	 * @param pad3 padding before each axis (negative: crop, with stride 1 only)
	 * @param out3 output extents (D, H, W)
	 * @param onesRow whether each grid is followed by ones and the tap list by their offset, so
	 *          that {@link #weightGradient} also sums the output gradient (the bias gradient)
	 */
	ImplicitConv(final int c, final int[] src3, final int[] k3, final int[] stride3, final int[] dil3,
		final int[] pad3, final int[] out3, final int mr, final int nr, final boolean onesRow)
	{
		this.onesRow = onesRow;
		this.c = c;
		d = src3[0];
		h = src3[1];
		w = src3[2];
		od = out3[0];
		oh = out3[1];
		ow = out3[2];
		pd = pad3[0];
		ph = pad3[1];
		pw = pad3[2];
		sd = stride3[0];
		sh = stride3[1];
		sw = stride3[2];
		gd = od + (k3[0] - 1) * dil3[0] / sd;
		gh = oh + (k3[1] - 1) * dil3[1] / sh;
		gw = ow + (k3[2] - 1) * dil3[2] / sw;
		phaseD = phases(sd, k3[0], dil3[0]);
		phaseH = phases(sh, k3[1], dil3[1]);
		phaseW = phases(sw, k3[2], dil3[2]);
		phases = count(phaseD) * count(phaseH) * count(phaseW);
		// planes one cache line off a multiple of 128 bytes apart, so that the B rows a micro-kernel
		// call reads (one per tap, often whole planes apart) spread over the cache sets
		plane = c * phases == 1 ? gd * gh * gw : Gemm.roundUp(gd * gh * gw, 32) + 16;
		taps = c * k3[0] * k3[1] * k3[2];
		offsets = new int[Gemm.roundUp(taps + (onesRow ? 1 : 0), mr)];
		final int ph1 = count(phaseH), pw1 = count(phaseW);
		int j = 0;
		for (int ci = 0; ci < c; ci++)
			for (int kz = 0; kz < k3[0]; kz++)
				for (int ky = 0; ky < k3[1]; ky++)
					for (int kx = 0; kx < k3[2]; kx++) {
						final int zk = kz * dil3[0], yk = ky * dil3[1], xk = kx * dil3[2];
						final int phase = (phaseD[zk % sd] * ph1 + phaseH[yk % sh]) * pw1 + phaseW[xk % sw];
						offsets[j++] = (ci * phases + phase) * plane + (zk / sd * gh + yk / sh) * gw + xk / sw;
					}
		positions = ((od - 1) * gh + oh - 1) * gw + ow;
		rounded = Gemm.roundUp(positions, nr);
		// (with phases the last tap need not have the largest offset)
		int last = 0;
		for (int t = 0; t < taps; t++)
			last = Math.max(last, offsets[t]);
		final int end = Math.max(c * phases * plane, last + rounded);
		onesOffset = end;
		if (onesRow) offsets[taps] = onesOffset;
		gridLength = end + (onesRow ? rounded : 0);
	}

	/** For each phase {@code 0 .. s-1} of an axis, its index among the phases some tap reads, or -1. */
	private static int[] phases(final int s, final int k, final int dil) {
		final int[] index = new int[s];
		Arrays.fill(index, -1);
		for (int kk = 0; kk < k; kk++)
			index[kk * dil % s] = 0;
		for (int p = 0, n = 0; p < s; p++)
			if (index[p] == 0) index[p] = n++;
		return index;
	}

	private static int count(final int[] index) {
		int n = 0;
		for (final int i : index)
			if (i >= 0) n++;
		return n;
	}

	/**
	 * Copies sample {@code src[sOff ...]} ({@code [c, d, h, w]}) into its zero-padded grid. Only the
	 * elements that hold input are written: the grid must be zero elsewhere, as a new array is and
	 * as one this instance filled before stays (the same elements are written for every sample).
	 */
	void fillGrid(final float[] src, final int sOff, final float[] grid, final int gOff) {
		fillGrid(src, sOff, grid, gOff, 0, c);
	}

	/**
	 * {@link #fillGrid(float[], int, float[], int)} for channels {@code [c0, c1)} only: their planes,
	 * and with {@code c1 == c} everything after the last plane.
	 */
	private void fillGrid(final float[] src, final int sOff, final float[] grid, final int gOff,
		final int c0, final int c1)
	{
		if (onesRow && c1 == c) Arrays.fill(grid, gOff + onesOffset, gOff + gridLength, 1f);
		final int ph1 = count(phaseH), pw1 = count(phaseW);
		for (int pz = 0; pz < sd; pz++)
			for (int py = 0; py < sh; py++)
				for (int px = 0; px < sw; px++) {
					if (phaseD[pz] < 0 || phaseH[py] < 0 || phaseW[px] < 0) continue;
					final int phase = (phaseD[pz] * ph1 + phaseH[py]) * pw1 + phaseW[px];
					// grid column gx reads source column gx * sw + px - pw
					final int x0 = Math.max(0, ceilDiv(pw - px, sw)), x1 = Math.min(gw, ceilDiv(w + pw - px, sw));
					if (x1 <= x0) continue;
					for (int ci = c0; ci < c1; ci++)
						for (int gz = 0; gz < gd; gz++) {
							final int z = gz * sd + pz - pd;
							if (z < 0 || z >= d) continue;
							for (int gy = 0; gy < gh; gy++) {
								final int y = gy * sh + py - ph;
								if (y < 0 || y >= h) continue;
								final int from = sOff + ((ci * d + z) * h + y) * w + x0 * sw + px - pw;
								final int to = gOff + (ci * phases + phase) * plane + (gz * gh + gy) * gw + x0;
								if (sw == 1) System.arraycopy(src, from, grid, to, x1 - x0);
								else for (int i = 0; i < x1 - x0; i++)
									grid[to + i] = src[from + i * sw];
							}
						}
				}
	}

	private static float[] zeroed(final float[] a, final int n) {
		Arrays.fill(a, 0, n, 0f);
		return a;
	}

	private static int ceilDiv(final int a, final int b) {
		return -Math.floorDiv(-a, b);
	}

	/** Floats of grid per task of {@link #grids}. */
	private static final int GRID_TASK_FLOATS = 1 << 16;

	/**
	 * Grids of all {@code n} samples of {@code src}, in this thread's {@link Scratch#GRIDS} array
	 * (valid until its next call); tasks are (sample, range of channels).
	 */
	float[] grids(final float[] src, final int n) {
		final float[] grids = Scratch.floats(Scratch.GRIDS, n * gridLength);
		final int sampleIn = c * d * h * w;
		final int chunks = Math.max(1, Math.min(c, gridLength / GRID_TASK_FLOATS));
		Tasks.run(n * chunks, () -> t -> {
			final int s = t / chunks, ch = t % chunks;
			final int c0 = c * ch / chunks, c1 = c * (ch + 1) / chunks, g = s * gridLength;
			// a reused array: zero this task's part (its planes, and with the last channel the rest)
			Arrays.fill(grids, g + c0 * phases * plane, g + (c1 == c ? gridLength : c1 * phases * plane), 0f);
			fillGrid(src, s * sampleIn, grids, g, c0, c1);
		});
		return grids;
	}

	/**
	 * Whether the forward pass reads the source itself as its grid: a kernel of one tap with no
	 * padding (a 1x1 convolution), whose grid would be the source's own layout, unless the planes
	 * are a multiple of 2 KB apart (the B rows of a micro-kernel call, one per channel, would then
	 * fall into the same few sets of the L1 cache: the spaced grid is used).
	 */
	private boolean readsSource() {
		return taps == c && !onesRow && sd == 1 && sh == 1 && sw == 1 && pd == 0 && ph == 0 && pw == 0 &&
			gd == d && gh == h && gw == w && d * h * w % 512 != 0;
	}

	/**
	 * {@code out[s] (cout x O) = W * grid-columns (+ bias) (+ addend[s])} for every sample, then
	 * with {@code relu} {@code max(out, 0)}: {@code packedW} is the {@code cout x taps} weight packed
	 * in A panels with {@code kc = taps}; {@code addend} (null: none) has the output's layout. Tasks
	 * are (sample, block of positions, range of output channels); the channels are split only when
	 * there are too few (sample, block) pairs to keep the threads busy (batch 1), see
	 * {@link ConvGemm#rowsPerSplit}; from {@value #WHOLE_SAMPLES} samples a task is a whole sample.
	 */
	void correlate(final GemmKernel kernel, final float[] src, final int n, final float[] packedW,
		final int cout, final float[] bias, final boolean relu, final float[] addend, final float[] out)
	{
		final int mr = kernel.mr(), nr = kernel.nr();
		final RowOps ops = RowOps.get();
		final int coutR = Gemm.roundUp(cout, mr);
		final int most = Math.min(Math.min(BLOCK, Math.max(nr, BUFFER_FLOATS / coutR / nr * nr)), rounded);
		// blocks of about equal size (whole panels), so that their tasks take about equally long
		final int block = Gemm.roundUp(Tasks.blocks(rounded, Tasks.blocks(rounded, most)), nr);
		final int blocks = Tasks.blocks(rounded, block);
		// rows of the output block a cache line off a multiple of 128 bytes apart (see plane)
		final int ldb = Gemm.roundUp(block, 32) + 16;
		final int rowsPer = ConvGemm.rowsPerSplit(n * blocks, cout, mr);
		final int splits = Tasks.blocks(coutR, rowsPer);
		final int sampleIn = c * d * h * w;
		// a 1x1 convolution reads the source's planes in place (readsSource), through a copy of
		// its last columns where a panel would read past a plane's end; else with one task per
		// sample each task pads its sample into its own small grid (no large allocation, and the
		// grid is hot in cache), and otherwise all grids are made first
		final boolean inPlace = readsSource();
		final int[] planeOffsets = inPlace ? new int[offsets.length] : null;
		final int[] tailOffsets = inPlace ? new int[offsets.length] : null;
		if (inPlace) for (int ci = 0; ci < c; ci++) {
			planeOffsets[ci] = ci * (d * h * w);
			tailOffsets[ci] = ci * nr;
		}
		// with enough samples for the threads, a task is a whole sample: its grid is made once, in
		// the task, for all its blocks of positions
		final boolean wholeSamples = !inPlace && blocks > 1 && n >= WHOLE_SAMPLES;
		final float[] grids = inPlace || wholeSamples || blocks == 1 && splits == 1 ? null : grids(src, n);
		final int outPlane = od * oh * ow;
		final boolean contiguous = gw == ow && gh == oh;
		final int perSample = wholeSamples ? 1 : blocks * splits;
		Tasks.run(n * perSample, () -> {
			final float[] buf = Scratch.floats(Scratch.BUFFER, rowsPer * ldb);
			final float[] own = grids == null && !inPlace ? zeroed(Scratch.floats(Scratch.GRID, gridLength),
				gridLength) : null;
			final float[] tail = inPlace ? Scratch.floats(Scratch.TAIL, c * nr) : null;
			return (IntConsumer) t -> {
				final int s = t / perSample;
				final int r0 = t % splits * rowsPer, r1 = Math.min(coutR, r0 + rowsPer), c1 = Math.min(cout, r1);
				if (own != null) fillGrid(src, s * sampleIn, own, 0);
				for (int bi = 0; bi < (wholeSamples ? blocks : 1); bi++) {
					final int q0 = wholeSamples ? bi * block : t % perSample / splits * block;
					final int nq = Math.min(block, rounded - q0);
					final float[] grid;
					final int base;
					// panels from jt on read past the end of a plane: they read the copy in tail
					int jt = nq;
					if (inPlace) {
						grid = src;
						base = s * sampleIn + q0;
						final int valid = positions - q0;
						if (valid < nq) {
							jt = valid / nr * nr;
							final int cols = valid - jt;
							Arrays.fill(tail, 0, c * nr, 0f);
							for (int ci = 0; ci < c; ci++)
								System.arraycopy(src, base + planeOffsets[ci] + jt, tail, ci * nr, cols);
						}
					}
					else if (own != null) {
						grid = own;
						base = q0;
					}
					else {
						grid = grids;
						base = s * gridLength + q0;
					}
					final int[] gridOffsets = inPlace ? planeOffsets : offsets;
					if (bias != null) for (int co = r0; co < c1; co++)
						Arrays.fill(buf, (co - r0) * ldb, (co - r0) * ldb + nq, bias[co]);
					// blocks of KC taps: the B rows of a position panel (KC shifted rows) stay in the L1 cache
					// over the weight panels of up to MC output channels; or (weightOuter) one block of all
					// taps, a weight panel at a time outside, so that its rows are read once, in order. Each
					// output is summed tap after tap in increasing order either way.
					final boolean outer = weightOuter(r1 - r0, taps, nq);
					final int kBlock = outer ? taps : KC, chunk = outer ? mr : MC;
					for (int k0 = 0; k0 < taps; k0 += kBlock) {
						final int kc = Math.min(kBlock, taps - k0);
						final boolean accumulate = k0 > 0 || bias != null;
						for (int i0 = r0; i0 < r1; i0 += chunk) {
							final int i1 = Math.min(r1, i0 + chunk);
							for (int jr = 0; jr < nq; jr += nr)
								for (int ir = i0; ir < i1; ir += mr)
									if (jr < jt) kernel.blockShifted(kc, packedW, ir * taps + k0 * mr, grid, gridOffsets, k0,
										base + jr, buf, (ir - r0) * ldb + jr, ldb, accumulate);
									else kernel.blockShifted(kc, packedW, ir * taps + k0 * mr, tail, tailOffsets, k0, jr - jt,
										buf, (ir - r0) * ldb + jr, ldb, accumulate);
						}
					}
					// keep the valid positions: rows (oz, oy) of the grid that meet [q0, q0 + nq)
					final int q1 = Math.min(q0 + nq, positions);
					if (contiguous) {
						// the grid is the output's layout (no padding: 1x1 kernels): one run per channel
						for (int co = r0; co < c1; co++) {
							final int from = (co - r0) * ldb, to = (s * cout + co) * outPlane + q0;
							if (addend != null) ops.addTo(buf, from, addend, out, to, q1 - q0, relu);
							else if (relu) ops.relu(buf, from, out, to, q1 - q0);
							else System.arraycopy(buf, from, out, to, q1 - q0);
						}
						continue;
					}
					for (int row = q0 / gw; row * gw < q1; row++) {
						final int oz = row / gh, oy = row - oz * gh;
						if (oy >= oh) continue;
						final int start = row * gw;
						final int a = Math.max(q0, start), e = Math.min(q1, start + ow);
						if (e <= a) continue;
						final int dst = s * cout * outPlane + (oz * oh + oy) * ow + a - start;
						for (int co = r0; co < c1; co++) {
							final int from = (co - r0) * ldb + a - q0, to = dst + co * outPlane;
							if (addend != null) ops.addTo(buf, from, addend, out, to, e - a, relu);
							else if (relu) ops.relu(buf, from, out, to, e - a);
							else System.arraycopy(buf, from, out, to, e - a);
						}
					}
				}
			};
		});
	}

	/**
	 * {@code dW (cout x taps) = sum_s dY[s] * grid-columns[s]^T}, overwritten, and with
	 * {@code onesRow} the bias gradient {@code dBias[co] = sum of dY[s, co]}; computed as its
	 * transpose with A rows read from the grids ({@link GemmKernel#blockRows}) and the output
	 * gradient packed, k = grid position. Samples are summed in groups chosen from the shapes,
	 * then the groups in order.
	 */
	void weightGradient(final GemmKernel kernel, final float[] src, final int n, final float[] dy,
		final int cout, final float[] dw, final float[] dBias)
	{
		final int mr = kernel.mr(), nr = kernel.nr();
		final int sampleIn = c * d * h * w;
		final int rows = offsets.length, coutR = Gemm.roundUp(cout, nr);
		final int size = rows * coutR;
		final int groups = Math.max(1, Math.min(Math.min(n, MAX_GROUPS), MAX_PARTIAL_FLOATS / Math.max(
			1, size)));
		final float[][] partial = new float[groups][];
		final int outPlane = od * oh * ow;
		Tasks.run(groups, () -> {
			final float[] packedDy = new float[coutR * rounded];
			final float[] grid = new float[gridLength];
			return (IntConsumer) gi -> {
				final float[] acc = new float[size];
				partial[gi] = acc;
				final int start = (int) ((long) n * gi / groups), end = (int) ((long) n * (gi + 1) / groups);
				for (int s = start; s < end; s++) {
					// dY[s]^T in B panels of nr output channels, k = grid position, zero where invalid
					Arrays.fill(packedDy, 0f);
					final int src0 = s * cout * outPlane;
					for (int oz = 0; oz < od; oz++)
						for (int oy = 0; oy < oh; oy++) {
							final int q = (oz * gh + oy) * gw;
							final int o = src0 + (oz * oh + oy) * ow;
							for (int ox = 0; ox < ow; ox++)
								for (int cp = 0; cp < cout; cp += nr) {
									final int lanes = Math.min(nr, cout - cp);
									final int dst = cp * rounded + (q + ox) * nr;
									final int from = o + ox + cp * outPlane;
									for (int l = 0; l < lanes; l++)
										packedDy[dst + l] = dy[from + l * outPlane];
								}
						}
					fillGrid(src, s * sampleIn, grid, 0);
					for (int jr = 0; jr < rows; jr += mr)
						for (int cr = 0; cr < coutR; cr += nr)
							kernel.blockRows(rounded, grid, offsets, jr, 0, packedDy, cr * rounded, acc, jr * coutR +
								cr, coutR, s > start);
				}
			};
		});
		final int chunk = 1 << 12;
		Tasks.run(Tasks.blocks(cout * taps, chunk), () -> t -> {
			final int a = t * chunk, b = Math.min(cout * taps, a + chunk);
			for (int i = a; i < b; i++) {
				final int co = i / taps, j = i - co * taps;
				final int idx = j * coutR + co;
				float sum = partial[0][idx];
				for (int gi = 1; gi < groups; gi++)
					sum += partial[gi][idx];
				dw[i] = sum;
			}
		});
		if (onesRow && dBias != null) for (int co = 0; co < cout; co++) {
			final int idx = taps * coutR + co;
			float sum = partial[0][idx];
			for (int gi = 1; gi < groups; gi++)
				sum += partial[gi][idx];
			dBias[co] = sum;
		}
	}
}
