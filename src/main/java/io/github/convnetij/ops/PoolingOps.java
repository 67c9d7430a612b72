package io.github.convnetij.ops;

import java.util.Arrays;

import io.github.convnetij.compute.PoolGeometry;
import io.github.convnetij.compute.Pooling;
import io.github.convnetij.compute.Tensor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;

/**
 * Max and average pooling of images of any real pixel type, output 32-bit float.
 * <p>
 * {@code window} and {@code stride} give one size per pooled axis, X first; a single value applies
 * to X and Y (X only for a 1D image); axes beyond those given are not pooled (each position of
 * channels, slices, time is pooled on its own). Partial windows at the end of an axis are dropped
 * ({@code ceil = false}, floor) or kept ({@code ceil = true}, reduced over the pixels they cover).
 * Runs the compute core's {@link Pooling} kernels, the ones the CNN layers use.
 * <pre>{@code
 * Img<FloatType> half = PoolingOps.pool(img, PoolOp.MAX, new int[] {2}, null, false); // 2x2, stride 2
 * }</pre>
 */
public final class PoolingOps {

	private PoolingOps() {}

	/**
	 * @param window pool size per axis (X first); one value means X and Y
	 * @param stride per axis (one value means all pooled axes), or null for stride = window
	 * @throws IllegalArgumentException for sizes or strides below 1, more sizes than the image has
	 *           axes (at most 3), or a window larger than the image with floor
	 */
	public static <T extends RealType<T>> Img<FloatType> pool(final RandomAccessibleInterval<T> image,
		final PoolOp op, final int[] window, final int[] stride, final boolean ceil)
	{
		if (image == null || op == null) throw new NullPointerException("image and op are required");
		final long[] dims = ImageTensors.dims(image);
		final int[] win = expand("pool size", window, dims.length);
		final int k = win.length;
		final int[] str = stride == null || stride.length == 0 ? win : expand("stride", stride,
			dims.length);
		if (str.length != k) throw new IllegalArgumentException("stride " + Arrays.toString(stride) +
			" has " + str.length + " values but the pool size has " + k);
		for (int d = 0; d < k; d++) {
			if (win[d] < 1) throw new IllegalArgumentException("pool size must be >= 1, got " +
				win[d] + " on axis " + "XYZ".charAt(d));
			if (str[d] < 1) throw new IllegalArgumentException("stride must be >= 1, got " + str[d] +
				" on axis " + "XYZ".charAt(d));
			if (dims[d] < 1) throw new IllegalArgumentException("the image is empty");
			if (!ceil && win[d] > dims[d]) throw new IllegalArgumentException("pool size " + win[d] +
				" is larger than the image on axis " + "XYZ".charAt(d) + " (" + dims[d] +
				" pixels); use a smaller size or ceil=true to keep partial windows");
		}
		final int[] tw = new int[k], ts = new int[k];
		for (int d = 0; d < k; d++) {
			tw[k - 1 - d] = win[d];
			ts[k - 1 - d] = str[d];
		}
		final PoolGeometry g = PoolGeometry.of(tw).stride(ts).ceil(ceil);
		final java.util.List<Object> planes = k == 2 ? ImageTensors.planes(image) : null;
		if (planes != null && planes.size() > 1) {
			// an ImageJ stack: plane by plane, straight into the result's planes
			final int h = (int) dims[1], w = (int) dims[0];
			final int[] o = Pooling.outputShape(new int[] { 1, 1, h, w }, g);
			final long[] outDims = dims.clone();
			outDims[0] = o[3];
			outDims[1] = o[2];
			return ImageTensors.perPlane(planes, h, w, outDims, (in, out) -> {
				if (op == PoolOp.MAX) Pooling.max(in, g, null, out);
				else Pooling.avg(in, g, out);
			});
		}
		final Tensor in = ImageTensors.toTensor(image, k);
		final Tensor out = op == PoolOp.MAX ? Pooling.max(in, g, null) : Pooling.avg(in, g);
		final long[] outDims = dims.clone();
		final int[] os = out.shape();
		for (int d = 0; d < k; d++)
			outDims[d] = os[os.length - 1 - d];
		return ImageTensors.toImg(out, outDims);
	}

	/** One value → X and Y (X only for 1D); otherwise as given, at most min(3, n) values. */
	private static int[] expand(final String what, final int[] v, final int n) {
		if (v == null || v.length == 0) throw new IllegalArgumentException(what + " is required");
		if (v.length == 1) return n >= 2 ? new int[] { v[0], v[0] } : new int[] { v[0] };
		if (v.length > Math.min(3, n)) throw new IllegalArgumentException(what + " " + Arrays
			.toString(v) + " has " + v.length + " values but the image has " + n + " axes (at most " +
			Math.min(3, n) + " can be pooled)");
		return v.clone();
	}
}
