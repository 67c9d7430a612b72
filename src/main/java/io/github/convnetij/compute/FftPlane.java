package io.github.convnetij.compute;

import java.util.Arrays;
import java.util.function.IntConsumer;

import org.jtransforms.fft.FloatFFT_1D;

/**
 * FFT correlation of a {@link PlaneProblem} by tiles (overlap-save), with JTransforms' 1-d complex
 * FFTs along each axis whose kernel extent is above 1.
 * <p>
 * The output is cut into tiles of {@code T} pixels per axis; a tile reads the padded input region
 * of {@code T + K - 1} pixels (boundary-mapped, so no padded copy of the image is made), zero-filled
 * to the FFT size {@code N >= T + K - 1}, multiplies its spectrum by that of the flipped kernel and
 * keeps the {@code T} outputs that the circular convolution does not wrap. Two tiles go through one
 * complex FFT, as its real and imaginary parts (the kernel is real, so they do not mix). Each task
 * is one such pair; tiles and pairs are fixed by the shape, each output pixel is written by
 * exactly one task, and JTransforms runs single-threaded inside a task (sizes stay below its
 * multithreading threshold), so the result is bitwise the same for any thread count. Memory: one
 * FFT buffer (at most {@value #MAX_ELEMENTS} complex values) per worker plus the kernel spectrum.
 * Accuracy: about {@code 1e-6 * log2(N) * sum|kernel| * max|image|}.
 */
final class FftPlane {

	/** Largest FFT size per axis; JTransforms stays single-threaded below 8192. */
	static final int MAX_N = 4096;

	/** Largest FFT buffer, in complex elements. */
	static final int MAX_ELEMENTS = 1 << 20;

	/** Relative extra cost per doubling of the FFT buffer beyond 2^16 complex values (measured). */
	static final double CACHE_PENALTY = 0.12;

	/** Tile extent along an axis with kernel extent 1 (no transform along it). */
	private static final int PLAIN_TILE = 64;

	private final PlaneProblem p;
	/** Per axis (D, H, W): kernel extent, output extent, buffer extent, tile extent, tiles. */
	private final int[] k, o, n, t, nt;
	private final boolean[] fft;
	private final int elements, tilesPerPlane;
	private final float[] spectrum;

	FftPlane(final PlaneProblem p) {
		this.p = p;
		k = new int[] { p.kd, p.kh, p.kw };
		o = new int[] { p.od, p.oh, p.ow };
		final Plan plan = plan(k, o);
		n = plan.n;
		t = plan.t;
		fft = plan.fft;
		nt = new int[3];
		int e = 1, tiles = 1;
		for (int a = 0; a < 3; a++) {
			nt[a] = Tasks.blocks(o[a], t[a]);
			e *= n[a];
			tiles *= nt[a];
		}
		elements = e;
		tilesPerPlane = tiles;
		spectrum = kernelSpectrum();
	}

	/** FFT sizes and tiles for kernel extents {@code k} and output extents {@code o} (D, H, W). */
	static final class Plan {

		final int[] n = new int[3], t = new int[3];
		final boolean[] fft = new boolean[3];
		/** Estimated cost in FFT-point units, for the cost model. */
		double cost = Double.POSITIVE_INFINITY;
	}

	/**
	 * Chooses per-axis FFT sizes (powers of two) minimizing the estimated work: for each tile
	 * {@code prod(N) * (sum over transformed axes of log2 N + C)} with C for the gather, spectrum
	 * product and scatter, times the number of tiles. Depends on the extents only.
	 */
	static Plan plan(final int[] k, final int[] o) {
		final int[][] cand = new int[3][];
		for (int a = 0; a < 3; a++) {
			if (k[a] == 1) cand[a] = new int[] { Math.min(o[a], a == 2 ? 4 * PLAIN_TILE : PLAIN_TILE) };
			else {
				final int lo = Integer.highestOneBit(Math.max(1, 2 * k[a] - 1) - 1) << 1; // >= 2k-1
				final int need = o[a] + k[a] - 1;
				final int hi = Math.min(MAX_N, need <= 1 ? 2 : Integer.highestOneBit(need - 1) << 1);
				int count = 0;
				for (int v = Math.min(lo, hi); v <= hi; v <<= 1)
					count++;
				cand[a] = new int[count];
				for (int i = 0, v = Math.min(lo, hi); v <= hi; v <<= 1, i++)
					cand[a][i] = v;
			}
		}
		final Plan best = new Plan();
		for (final int nz : cand[0])
			for (final int ny : cand[1])
				for (final int nx : cand[2]) {
					final int[] nn = { nz, ny, nx };
					long prod = 1;
					double logs = 0;
					double tiles = 1;
					boolean ok = true;
					final int[] tt = new int[3];
					for (int a = 0; a < 3; a++) {
						prod *= nn[a];
						if (k[a] > 1) {
							logs += Math.log(nn[a]) / Math.log(2);
							tt[a] = Math.min(o[a], nn[a] - k[a] + 1);
						}
						else tt[a] = nn[a];
						if (tt[a] < 1) ok = false;
						else tiles *= Math.ceil((double) o[a] / tt[a]);
					}
					if (!ok || prod > MAX_ELEMENTS) continue;
					// two tiles per complex FFT; forward and inverse transforms; the other passes; buffers
					// beyond 2^16 complex values (512 KB) fall out of L2 and run slower
					final double cache = 1 + CACHE_PENALTY * Math.max(0, Math.log(prod) / Math.log(2) - 16);
					final double cost = tiles / 2 * prod * (2 * logs + 6) * cache;
					if (cost < best.cost) {
						best.cost = cost;
						for (int a = 0; a < 3; a++) {
							best.n[a] = nn[a];
							best.t[a] = tt[a];
							best.fft[a] = k[a] > 1;
						}
					}
				}
		if (best.cost == Double.POSITIVE_INFINITY) throw new IllegalArgumentException(
			"kernel " + Arrays.toString(k) + " is too large for the FFT path (at most " + (MAX_N / 2) +
				" per axis and " + MAX_ELEMENTS + " elements per tile)");
		return best;
	}

	void run() {
		if (p.planes == 0 || p.od == 0 || p.oh == 0 || p.ow == 0) return;
		final long tiles = (long) p.planes * tilesPerPlane;
		Tasks.run((int) ((tiles + 1) / 2), this::worker);
	}

	/** Forward FFT of the flipped kernel, scaled by 1/prod(N), replicated along plain axes. */
	private float[] kernelSpectrum() {
		final float[] s = new float[2 * elements];
		for (int z = 0; z < n[0]; z++)
			for (int y = 0; y < n[1]; y++)
				for (int x = 0; x < n[2]; x++) {
					final int kz = fft[0] ? z : 0, ky = fft[1] ? y : 0, kx = fft[2] ? x : 0;
					if (kz >= k[0] || ky >= k[1] || kx >= k[2]) continue;
					final int wi = ((k[0] - 1 - kz) * k[1] + k[1] - 1 - ky) * k[2] + k[2] - 1 - kx;
					s[2 * ((z * n[1] + y) * n[2] + x)] = p.weights[wi];
				}
		double scale = 1;
		for (int a = 0; a < 3; a++)
			if (fft[a]) scale *= n[a];
		final Transforms tr = new Transforms();
		tr.forward(s, n[0], n[1]);
		final float f = (float) (1 / scale);
		for (int i = 0; i < s.length; i++)
			s[i] *= f;
		return s;
	}

	private IntConsumer worker() {
		final Transforms tr = new Transforms();
		final float[] buf = new float[2 * elements];
		final long total = (long) p.planes * tilesPerPlane;
		return task -> {
			Arrays.fill(buf, 0f);
			final int first = 2 * task;
			final boolean two = first + 1 < total;
			final int[] rowsA = gather(first, 0, buf);
			final int[] rowsB = two ? gather(first + 1, 1, buf) : new int[] { 0, 0 };
			tr.forward(buf, Math.max(rowsA[0], rowsB[0]), Math.max(rowsA[1], rowsB[1]));
			multiply(buf);
			tr.inverse(buf);
			scatter(first, 0, buf);
			if (two) scatter(first + 1, 1, buf);
		};
	}

	/** Tile coordinates: plane, and origin per axis, of tile {@code tile}. */
	private int[] tile(final int tile) {
		final int plane = tile / tilesPerPlane;
		int r = tile % tilesPerPlane;
		final int tx = r % nt[2];
		r /= nt[2];
		final int ty = r % nt[1];
		final int tz = r / nt[1];
		return new int[] { plane, tz * t[0], ty * t[1], tx * t[2] };
	}

	/**
	 * Writes the padded input region of {@code tile} into part {@code part} (0 real, 1 imaginary) of
	 * {@code buf}; returns the number of z slices and of y rows holding data.
	 */
	private int[] gather(final int tile, final int part, final float[] buf) {
		final int[] c = tile(tile);
		final int ez = extent(0, c[1]), ey = extent(1, c[2]), ex = extent(2, c[3]);
		for (int z = 0; z < ez; z++)
			for (int y = 0; y < ey; y++) {
				final int off = p.rowOffset(c[0], c[1] + z, c[2] + y);
				int b = 2 * ((z * n[1] + y) * n[2]) + part;
				if (off < 0) {
					if (p.value != 0) for (int x = 0; x < ex; x++, b += 2)
						buf[b] = p.value;
					continue;
				}
				// columns inside the input: a strided copy; the others through the boundary map
				final int[] mapX = p.mapX;
				final int a0 = Math.max(0, Math.min(ex, p.padX - c[3]));
				final int a1 = Math.max(a0, Math.min(ex, p.padX + p.w - c[3]));
				for (int x = 0; x < a0; x++, b += 2) {
					final int ix = mapX[c[3] + x];
					buf[b] = ix < 0 ? p.value : p.in[off + ix];
				}
				final float[] in = p.in;
				for (int x = a0, i = off + c[3] + a0 - p.padX; x < a1; x++, i++, b += 2)
					buf[b] = in[i];
				for (int x = a1; x < ex; x++, b += 2) {
					final int ix = mapX[c[3] + x];
					buf[b] = ix < 0 ? p.value : p.in[off + ix];
				}
			}
		return new int[] { ez, ey };
	}

	/** Input extent of the tile at origin {@code origin} along axis {@code a}. */
	private int extent(final int a, final int origin) {
		return Math.min(t[a], o[a] - origin) + k[a] - 1;
	}

	private void scatter(final int tile, final int part, final float[] buf) {
		final int[] c = tile(tile);
		final int tz = Math.min(t[0], o[0] - c[1]), ty = Math.min(t[1], o[1] - c[2]), tx = Math.min(t[2],
			o[2] - c[3]);
		for (int z = 0; z < tz; z++)
			for (int y = 0; y < ty; y++) {
				final int dst = p.outOffset(c[0], c[1] + z, c[2] + y) + c[3];
				int b = 2 * (((z + k[0] - 1) * n[1] + y + k[1] - 1) * n[2] + k[2] - 1) + part;
				for (int x = 0; x < tx; x++, b += 2)
					p.out[dst + x] = buf[b] + p.bias;
			}
	}

	private void multiply(final float[] buf) {
		final float[] s = spectrum;
		for (int i = 0; i < buf.length; i += 2) {
			final float re = buf[i], im = buf[i + 1], sr = s[i], si = s[i + 1];
			buf[i] = re * sr - im * si;
			buf[i + 1] = re * si + im * sr;
		}
	}

	/** Per-worker FFT objects and column scratch for the three axes. */
	private final class Transforms {

		private static final int BLOCK = 8;
		private final FloatFFT_1D[] f = new FloatFFT_1D[3];
		private final float[][] col;

		Transforms() {
			int maxCol = 0;
			for (int a = 0; a < 3; a++)
				if (fft[a]) {
					f[a] = new FloatFFT_1D(n[a]);
					if (a < 2) maxCol = Math.max(maxCol, n[a]);
				}
			col = new float[BLOCK][2 * maxCol];
		}

		/** Forward along x (only the first {@code zs} slices x {@code ys} rows hold data), y, z. */
		void forward(final float[] buf, final int zs, final int ys) {
			if (fft[2]) for (int z = 0; z < zs; z++)
				for (int y = 0; y < ys; y++)
					f[2].complexForward(buf, 2 * ((z * n[1] + y) * n[2]));
			if (fft[1]) for (int z = 0; z < zs; z++)
				strided(buf, 1, 2 * z * n[1] * n[2], 2 * n[2], n[2], true);
			if (fft[0]) for (int y = 0; y < n[1]; y++)
				strided(buf, 0, 2 * y * n[2], 2 * n[1] * n[2], n[2], true);
		}

		/** Inverse along z, y, then x (x only on the rows that are kept). */
		void inverse(final float[] buf) {
			if (fft[0]) for (int y = 0; y < n[1]; y++)
				strided(buf, 0, 2 * y * n[2], 2 * n[1] * n[2], n[2], false);
			final int z0 = k[0] - 1, y0 = k[1] - 1;
			if (fft[1]) for (int z = z0; z < n[0]; z++)
				strided(buf, 1, 2 * z * n[1] * n[2], 2 * n[2], n[2], false);
			if (fft[2]) for (int z = z0; z < n[0]; z++)
				for (int y = y0; y < n[1]; y++)
					f[2].complexInverse(buf, 2 * ((z * n[1] + y) * n[2]), false);
		}

		/**
		 * Transforms the {@code count} sequences along axis {@code a} that start at
		 * {@code start + 2 * i} (i < count) with element stride {@code stride} floats, in blocks of
		 * {@link #BLOCK} copied to contiguous scratch.
		 */
		private void strided(final float[] buf, final int a, final int start, final int stride,
			final int count, final boolean forward)
		{
			final int len = n[a];
			for (int i0 = 0; i0 < count; i0 += BLOCK) {
				final int m = Math.min(BLOCK, count - i0);
				for (int e = 0; e < len; e++) {
					final int b = start + e * stride + 2 * i0;
					for (int i = 0; i < m; i++) {
						col[i][2 * e] = buf[b + 2 * i];
						col[i][2 * e + 1] = buf[b + 2 * i + 1];
					}
				}
				for (int i = 0; i < m; i++)
					if (forward) f[a].complexForward(col[i]);
					else f[a].complexInverse(col[i], false);
				for (int e = 0; e < len; e++) {
					final int b = start + e * stride + 2 * i0;
					for (int i = 0; i < m; i++) {
						buf[b + 2 * i] = col[i][2 * e];
						buf[b + 2 * i + 1] = col[i][2 * e + 1];
					}
				}
			}
		}
	}
}
