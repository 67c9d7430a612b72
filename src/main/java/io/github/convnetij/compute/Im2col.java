package io.github.convnetij.compute;

import java.util.Arrays;

/**
 * The im2col / col2im transforms of one sample for convolution as a matrix product. The column
 * matrix of a sample has {@code K = Cin * KD * KH * KW} rows (in that order, W fastest) and
 * {@code P = OD * OH * OW} columns: {@code col[(ci, kz, ky, kx), (oz, oy, ox)] =
 * in[ci, oz*sd + kz*dd - pd, oy*sh + ky*dh - ph, ox*sw + kx*dw - pw]}, zero outside the input.
 * <p>
 * The transforms write straight into the packed panel layouts of {@link GemmKernel}, so no extra
 * copy is needed before the micro-kernel runs. Shapes are held as 3-d (D, H, W); 1-d and 2-d
 * problems have leading extents 1. Instances are immutable and shared by all tasks of a call.
 */
final class Im2col {

	final int cin, d, h, w, kd, kh, kw, od, oh, ow;
	private final int sd, sh, sw, dd, dh, pd, ph;
	/** Per kx: input x = ox * sw + xOff[kx], valid for ox in [x0[kx], x1[kx]). */
	private final int[] xOff, x0, x1;
	/** Rows K and columns P of the column matrix; input and output elements per sample. */
	final int rows, positions, sampleIn;

	/** {@code inShape = [N, Cin, D, H, W]}, {@code wShape = [Cout, Cin, KD, KH, KW]}, 3-d geometry. */
	Im2col(final int[] inShape, final int[] wShape, final int[] outShape, final int[] stride,
		final int[] dilation, final int[] padBefore)
	{
		cin = inShape[1];
		d = inShape[2];
		h = inShape[3];
		w = inShape[4];
		kd = wShape[2];
		kh = wShape[3];
		kw = wShape[4];
		od = outShape[2];
		oh = outShape[3];
		ow = outShape[4];
		sd = stride[0];
		sh = stride[1];
		sw = stride[2];
		dd = dilation[0];
		dh = dilation[1];
		pd = padBefore[0];
		ph = padBefore[1];
		xOff = new int[kw];
		x0 = new int[kw];
		x1 = new int[kw];
		TapRanges.fill(dilation[2], padBefore[2], sw, w, ow, xOff, x0, x1);
		rows = cin * kd * kh * kw;
		positions = od * oh * ow;
		sampleIn = cin * d * h * w;
	}

	/**
	 * The transpose of columns {@code [p0, p0 + np)}, as B panels of {@code nr} of the K rows over
	 * the {@code np} positions (k = position): element {@code (j, p)} at
	 * {@code (j / nr) * nr * np + (p-p0) * nr + j % nr}; zero where the kernel falls outside the input.
	 */
	void packRows(final float[] in, final int inOff, final int p0, final int np, final int nr,
		final float[] dst)
	{
		Arrays.fill(dst, 0, Gemm.roundUp(rows, nr) * np, 0f);
		final int lineFirst = p0 / ow, lineLast = (p0 + np - 1) / ow;
		int j = 0;
		for (int ci = 0; ci < cin; ci++)
			for (int kz = 0; kz < kd; kz++)
				for (int ky = 0; ky < kh; ky++)
					for (int kx = 0; kx < kw; kx++, j++) {
						final int xo = xOff[kx], xa = x0[kx], xb = x1[kx];
						final int base = (j / nr) * nr * np + j % nr - p0 * nr;
						for (int line = lineFirst; line <= lineLast; line++) {
							final int oz = line / oh, oy = line - oz * oh;
							final int iz = oz * sd + kz * dd - pd, iy = oy * sh + ky * dh - ph;
							if (iz < 0 || iz >= d || iy < 0 || iy >= h) continue;
							final int start = line * ow;
							final int lo = Math.max(Math.max(p0, start) - start, xa);
							final int hi = Math.min(Math.min(p0 + np, start + ow) - start, xb);
							final int src = inOff + ((ci * d + iz) * h + iy) * w + xo;
							int o = base + (start + lo) * nr;
							for (int ox = lo; ox < hi; ox++, o += nr)
								dst[o] = in[src + ox * sw];
						}
					}
	}

	/**
	 * col2im: adds column {@code p} of {@code col} (element {@code (j, p)} at
	 * {@code col[j * ld + p - p0]}) for {@code p in [p0, p0 + np)} back into the input positions it
	 * was read from, {@code dx[dxOff...]}, row by row in a fixed order.
	 */
	void accumulate(final float[] col, final int ld, final int p0, final int np, final float[] dx,
		final int dxOff)
	{
		final int lineFirst = p0 / ow, lineLast = (p0 + np - 1) / ow;
		int j = 0;
		for (int ci = 0; ci < cin; ci++)
			for (int kz = 0; kz < kd; kz++)
				for (int ky = 0; ky < kh; ky++)
					for (int kx = 0; kx < kw; kx++, j++) {
						final int xo = xOff[kx], xa = x0[kx], xb = x1[kx];
						final int rowBase = j * ld - p0;
						for (int line = lineFirst; line <= lineLast; line++) {
							final int oz = line / oh, oy = line - oz * oh;
							final int iz = oz * sd + kz * dd - pd, iy = oy * sh + ky * dh - ph;
							if (iz < 0 || iz >= d || iy < 0 || iy >= h) continue;
							final int start = line * ow;
							final int lo = Math.max(Math.max(p0, start) - start, xa);
							final int hi = Math.min(Math.min(p0 + np, start + ow) - start, xb);
							final int dst = dxOff + ((ci * d + iz) * h + iy) * w + xo;
							final int c = rowBase + start;
							if (sw == 1) for (int ox = lo; ox < hi; ox++)
								dx[dst + ox] += col[c + ox];
							else for (int ox = lo; ox < hi; ox++)
								dx[dst + ox * sw] += col[c + ox];
						}
					}
	}
}
