package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

/**
 * Separable single-channel correlation of a {@link PlaneProblem} whose kernel is rank 1
 * ({@code w[z][y][x] = c[z] * b[y] * a[x]}, see {@link #factors}): a pass along x, then y, then z,
 * each a 1-d correlation computed by {@link RowOps#correlate}.
 * <p>
 * Tasks are (plane, band of output z slices, band of output rows, block of output columns). In a
 * task, x-filtered rows live in a ring of {@code kh + 3} rows (each computed once, from the input
 * row in place or from boundary strips at the borders); for a 2-d kernel the y pass writes the
 * output directly; for a 3-d kernel it fills a ring of {@code kd} y-filtered slabs, which the z pass
 * combines. Memory per worker: {@code (kh + 3 + kd * rowsPerBand) * columnBlock} floats. Every
 * intermediate value is computed the same way whichever task computes it, so the result does not
 * depend on the thread count.
 */
final class SeparablePlane {

	private static final int ROW_GROUP = 4;
	private static final long TASK_WORK = 1L << 21;

	/**
	 * Relative tolerance of the rank-1 test: a kernel is separable if every weight is within
	 * {@code 2^-21 * max|w|} (a few float roundings) of the product of its factors.
	 */
	static final double RANK1_TOLERANCE = 0x1p-21;

	private final PlaneProblem p;
	private final RowOps ops;
	private final float[] a, b, c;
	private final int colBlock, nCol, rowBand, nRowBands, zBand, nZBands;

	SeparablePlane(final PlaneProblem p, final float[][] factors, final RowOps ops) {
		this.p = p;
		this.ops = ops;
		c = factors[0];
		b = factors[1];
		a = factors[2];
		final int target = (int) Math.max(256, Math.min(4096, (1 << 16) / (p.kh + ROW_GROUP)));
		nCol = Tasks.blocks(p.ow, target);
		colBlock = DirectPlane.roundUp(Tasks.blocks(p.ow, nCol), 16);
		final long perRow = (long) Math.min(p.ow, colBlock) * (p.kw + p.kh + p.kd);
		if (p.kd == 1) {
			// 2-d: bands of rows, long enough that the kh-1 extra x-filtered rows are cheap
			rowBand = Math.min(p.oh, Math.max(8 * p.kh, Tasks.rowsPerTask(p.oh, perRow, TASK_WORK)));
			zBand = 1;
		}
		else {
			// 3-d: slabs of rows (bounded memory), bands of slices
			rowBand = Math.min(p.oh, Math.max(1, (1 << 18) / (p.kd * colBlock)));
			zBand = Math.min(p.od, Math.max(4 * p.kd, (int) Math.min(Integer.MAX_VALUE, TASK_WORK /
				Math.max(1, perRow * rowBand))));
		}
		nRowBands = Tasks.blocks(p.oh, rowBand);
		nZBands = Tasks.blocks(p.od, zBand);
	}

	/**
	 * The factors {@code {c (kd), b (kh), a (kw)}} of a rank-1 kernel {@code w[kd][kh][kw]}, or null
	 * if {@code w} is not rank 1 within {@link #RANK1_TOLERANCE}. Taken from the row, column and
	 * pillar through the largest weight, computed in double, rounded to float once.
	 */
	static float[][] factors(final float[] w, final int kd, final int kh, final int kw) {
		int piv = 0;
		for (int i = 1; i < w.length; i++)
			if (Math.abs(w[i]) > Math.abs(w[piv])) piv = i;
		final float[] fc = new float[kd], fb = new float[kh], fa = new float[kw];
		final double m = w[piv];
		if (m == 0) {
			Arrays.fill(fc, 1f);
			Arrays.fill(fb, 1f);
			return new float[][] { fc, fb, fa }; // all zero
		}
		final int pz = piv / (kh * kw), py = piv / kw % kh, px = piv % kw;
		final double[] dc = new double[kd], db = new double[kh], da = new double[kw];
		for (int x = 0; x < kw; x++)
			da[x] = w[(pz * kh + py) * kw + x];
		for (int y = 0; y < kh; y++)
			db[y] = w[(pz * kh + y) * kw + px] / m;
		for (int z = 0; z < kd; z++)
			dc[z] = w[(z * kh + py) * kw + px] / m;
		final double tol = RANK1_TOLERANCE * Math.abs(m);
		for (int z = 0; z < kd; z++)
			for (int y = 0; y < kh; y++)
				for (int x = 0; x < kw; x++)
					if (Math.abs(w[(z * kh + y) * kw + x] - dc[z] * db[y] * da[x]) > tol) return null;
		for (int x = 0; x < kw; x++)
			fa[x] = (float) da[x];
		for (int y = 0; y < kh; y++)
			fb[y] = (float) db[y];
		for (int z = 0; z < kd; z++)
			fc[z] = (float) dc[z];
		return new float[][] { fc, fb, fa };
	}

	void run() {
		if (p.planes == 0 || p.od == 0 || p.oh == 0 || p.ow == 0) return;
		Tasks.run(p.planes * nZBands * nRowBands * nCol, this::worker);
	}

	private IntConsumer worker() {
		final int ring = p.kh + ROW_GROUP - 1;
		final float[][] hRows = new float[ring][colBlock];
		final int[] hTag = new int[ring];
		final float[][] slabs = p.kd == 1 ? null : new float[p.kd][rowBand * colBlock];
		final int[] slabTag = new int[p.kd];
		final Row row = new Row(Math.max(p.kd, ring));
		return task -> {
			final int col = task % nCol;
			int rest = task / nCol;
			final int rb = rest % nRowBands;
			rest /= nRowBands;
			final int zb = rest % nZBands;
			final int plane = rest / nZBands;
			final int c0 = col * colBlock, c1 = Math.min(p.ow, c0 + colBlock);
			final int y0 = rb * rowBand, y1 = Math.min(p.oh, y0 + rowBand);
			final int z0 = zb * zBand, z1 = Math.min(p.od, z0 + zBand);
			if (p.kd == 1) {
				for (int z = z0; z < z1; z++)
					yPass(plane, z, y0, y1, c0, c1, hRows, hTag, row, p.out, -1, p.bias);
				return;
			}
			Arrays.fill(slabTag, -1);
			for (int z = z0; z < z1; z++) {
				for (int kz = 0; kz < p.kd; kz++) {
					final int pz = z + kz, slot = pz % p.kd;
					if (slabTag[slot] == pz) continue;
					yPass(plane, pz, y0, y1, c0, c1, hRows, hTag, row, slabs[slot], y0, 0f);
					slabTag[slot] = pz;
				}
				// z pass: output row y = sum_kz c[kz] * slab(z + kz) row y
				for (int y = y0; y < y1; y++) {
					for (int kz = 0; kz < p.kd; kz++) {
						row.src[kz] = slabs[(z + kz) % p.kd];
						row.base[kz] = (y - y0) * colBlock;
					}
					ops.correlate(1, row.src, row.base, 1, p.kd, 1, c, p.bias, p.out, p.outOffset(plane, z, y) +
						c0, 0, c1 - c0, row.scratch);
				}
			}
		};
	}

	/** Per-worker argument arrays and scratch. */
	private static final class Row {

		final float[][] src, src1 = new float[1][];
		final int[] base, base1 = new int[1];
		float[] strip = new float[0];
		final RowOps.Scratch scratch = new RowOps.Scratch();

		Row(final int n) {
			src = new float[n][];
			base = new int[n];
		}

		float[] strip(final int len) {
			if (strip.length < len) strip = new float[len];
			return strip;
		}
	}

	/**
	 * The y pass over rows {@code [y0, y1)} of padded slice {@code pz}: into the output (when
	 * {@code dst == p.out}, {@code slabRow0 < 0}) or into slab rows {@code y - slabRow0} of
	 * {@code dst}.
	 */
	private void yPass(final int plane, final int pz, final int y0, final int y1, final int c0,
		final int c1, final float[][] hRows, final int[] hTag, final Row row, final float[] dst,
		final int slabRow0, final float bias)
	{
		final int ring = hRows.length;
		Arrays.fill(hTag, -1);
		for (int y = y0; y < y1;) {
			final int rows = Math.min(ROW_GROUP, y1 - y);
			final int need = p.kh + rows - 1;
			for (int r = 0; r < need; r++) {
				final int py = y + r, slot = py % ring;
				if (hTag[slot] != py) {
					xPass(p.rowOffset(plane, pz, py), c0, c1, hRows[slot], row);
					hTag[slot] = py;
				}
				row.src[r] = hRows[slot];
				row.base[r] = 0;
			}
			final int outBase, stride;
			if (slabRow0 < 0) {
				outBase = p.outOffset(plane, pz, y) + c0;
				stride = p.ow;
			}
			else {
				outBase = (y - slabRow0) * colBlock;
				stride = colBlock;
			}
			ops.correlate(rows, row.src, row.base, 1, p.kh, 1, b, bias, dst, outBase, stride, c1 - c0,
				row.scratch);
			y += rows;
		}
	}

	/** The x pass of the source row at {@code offset} (-1: constant) over output columns [c0, c1). */
	private void xPass(final int offset, final int c0, final int c1, final float[] dst,
		final Row row)
	{
		final float[][] src = row.src1;
		final int[] base = row.base1;
		final int xl = p.interiorStart(), xr = p.interiorEnd();
		final int lo = Math.max(c0, xl), hi = Math.min(c1, xr);
		if (offset >= 0 && lo < hi) {
			src[0] = p.in;
			base[0] = offset + lo - p.padX;
			ops.correlate(1, src, base, 1, 1, p.kw, a, 0f, dst, lo - c0, 0, hi - lo, row.scratch);
			edge(offset, c0, Math.min(c1, xl), c0, dst, row);
			edge(offset, Math.max(c0, Math.max(xl, xr)), c1, c0, dst, row);
		}
		else edge(offset, c0, c1, c0, dst, row);
	}

	private void edge(final int offset, final int e0, final int e1, final int c0, final float[] dst,
		final Row row)
	{
		if (e0 >= e1) return;
		final int len = e1 - e0 + p.kw - 1;
		final float[] strip = row.strip(len);
		p.strip(offset, e0, len, strip);
		row.src1[0] = strip;
		row.base1[0] = 0;
		ops.correlate(1, row.src1, row.base1, 1, 1, p.kw, a, 0f, dst, e0 - c0, 0, e1 - e0,
			row.scratch);
	}
}
