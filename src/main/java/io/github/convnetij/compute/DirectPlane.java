package io.github.convnetij.compute;

import java.util.function.IntConsumer;

/**
 * Direct single-channel correlation of a {@link PlaneProblem}: every output pixel is the sum over
 * all taps, computed by {@link RowOps#correlate} on groups of output rows.
 * <p>
 * Tasks are (plane, band of output rows, block of output columns), chosen from the shape alone.
 * Within a row group the interior columns read the input rows in place; the few columns whose
 * taps cross the left or right border read small padded strips built per source row; source rows
 * above, below, before or behind the input are mapped by the boundary mode (or are the constant
 * row). So no padded copy of the input is made and the inner loops have no boundary tests. Each
 * output element sees the same operations in the same order whichever task computes it.
 */
final class DirectPlane {

	/** Rough number of multiply-adds per task. */
	private static final long TASK_WORK = 1L << 21;

	/** Output rows handed to {@link RowOps#correlate} at once (they share source-row loads). */
	private static final int ROW_GROUP = 4;

	private final PlaneProblem p;
	private final RowOps ops;
	private final int colBlocks, colBlock, rowsPerTask, bandsPerPlane;
	/** Whether source rows are copied to strips (large kernels) rather than read in place. */
	private final boolean staged;

	DirectPlane(final PlaneProblem p, final RowOps ops) {
		this.p = p;
		this.ops = ops;
		// column blocks: large kernels keep their output rows and one source strip in L1 and the
		// group's source strips in L2; small ones read whole rows in place
		staged = (long) p.kd * p.kh >= STAGE_ROWS;
		final int target = staged ? 512 : 4096;
		colBlocks = Tasks.blocks(p.ow, target);
		colBlock = roundUp(Tasks.blocks(p.ow, colBlocks), 16);
		final int rows = p.od * p.oh;
		final long costPerRow = (long) Math.min(p.ow, colBlock) * p.taps();
		// whole row groups per task (the groups share source rows), at least one
		rowsPerTask = Math.min(rows, roundUp(Tasks.rowsPerTask(rows, costPerRow, TASK_WORK),
			ROW_GROUP));
		bandsPerPlane = Tasks.blocks(rows, rowsPerTask);
	}

	/** Kernels with at least this many rows (kd * kh) read staged copies of the source rows. */
	static final int STAGE_ROWS = 8;

	static int roundUp(final int v, final int m) {
		return (v + m - 1) / m * m;
	}

	void run() {
		if (p.planes == 0 || p.od == 0 || p.oh == 0 || p.ow == 0) return;
		Tasks.run(p.planes * bandsPerPlane * Tasks.blocks(p.ow, colBlock), this::worker);
	}

	private IntConsumer worker() {
		final int nSrc = p.kd * (p.kh + ROW_GROUP - 1);
		final float[][] src = new float[nSrc][];
		final int[] base = new int[nSrc];
		final int[] offsets = new int[nSrc];
		final int stripLen = colBlock + p.kw - 1;
		final float[][] strips = new float[nSrc][stripLen];
		final float[] constant = new float[stripLen];
		java.util.Arrays.fill(constant, p.value);
		final RowOps.Scratch scratch = new RowOps.Scratch();
		final int nCol = Tasks.blocks(p.ow, colBlock);
		return task -> {
			final int col = task % nCol;
			final int band = task / nCol % bandsPerPlane;
			final int plane = task / nCol / bandsPerPlane;
			final int c0 = col * colBlock, c1 = Math.min(p.ow, c0 + colBlock);
			final int r0 = band * rowsPerTask, r1 = Math.min(p.od * p.oh, r0 + rowsPerTask);
			for (int r = r0; r < r1;) {
				final int z = r / p.oh, y = r % p.oh;
				final int rows = Math.min(ROW_GROUP, Math.min(r1 - r, p.oh - y));
				group(plane, z, y, rows, c0, c1, src, base, offsets, strips, constant, scratch);
				r += rows;
			}
		};
	}

	private void group(final int plane, final int z, final int y, final int rows, final int c0,
		final int c1, final float[][] src, final int[] base, final int[] offsets,
		final float[][] strips, final float[] constant, final RowOps.Scratch scratch)
	{
		final int slab = p.kh + rows - 1;
		final int n = p.kd * slab;
		for (int kz = 0; kz < p.kd; kz++)
			for (int r = 0; r < slab; r++)
				offsets[kz * slab + r] = p.rowOffset(plane, z + kz, y + r);
		final int outRow = p.outOffset(plane, z, y);
		final int xl = p.interiorStart(), xr = p.interiorEnd();
		// interior: read the input rows in place
		final int a = Math.max(c0, xl), b = Math.min(c1, xr);
		if (staged) {
			// large kernels: every source row segment copied to its own strip, so the many rows read
			// together do not sit at a power-of-two stride (L1 set conflicts)
			edge(c0, c1, rows, n, outRow, src, base, offsets, strips, scratch);
			return;
		}
		if (a < b) {
			for (int i = 0; i < n; i++) {
				if (offsets[i] < 0) {
					src[i] = constant;
					base[i] = 0;
				}
				else {
					src[i] = p.in;
					base[i] = offsets[i] + a - p.padX;
				}
			}
			ops.correlate(rows, src, base, p.kd, p.kh, p.kw, p.weights, p.bias, p.out, outRow + a, p.ow,
				b - a, scratch);
		}
		// borders: padded strips
		edge(c0, Math.min(c1, xl), rows, n, outRow, src, base, offsets, strips, scratch);
		edge(Math.max(c0, Math.max(xl, xr)), c1, rows, n, outRow, src, base, offsets, strips,
			scratch);
	}

	private void edge(final int e0, final int e1, final int rows, final int n, final int outRow,
		final float[][] src, final int[] base, final int[] offsets, final float[][] strips,
		final RowOps.Scratch scratch)
	{
		if (e0 >= e1) return;
		final int len = e1 - e0 + p.kw - 1;
		for (int i = 0; i < n; i++) {
			p.strip(offsets[i], e0, len, strips[i]);
			src[i] = strips[i];
			base[i] = 0;
		}
		ops.correlate(rows, src, base, p.kd, p.kh, p.kw, p.weights, p.bias, p.out, outRow + e0, p.ow,
			e1 - e0, scratch);
	}
}
