package io.github.convnetij.command;

import java.util.ArrayList;
import java.util.List;

import ij.CompositeImage;
import ij.ImagePlus;
import ij.ImageStack;
import ij.measure.Calibration;
import ij.process.LUT;
import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.Statistics;
import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.converter.Converters;
import net.imglib2.img.array.ArrayImg;
import net.imglib2.img.basictypeaccess.array.ByteArray;
import net.imglib2.img.basictypeaccess.array.FloatArray;
import net.imglib2.img.basictypeaccess.array.IntArray;
import net.imglib2.img.basictypeaccess.array.ShortArray;
import net.imglib2.img.planar.PlanarImg;
import net.imglib2.img.Img;
import net.imglib2.type.NativeType;
import net.imglib2.type.numeric.ARGBType;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.integer.UnsignedByteType;
import net.imglib2.type.numeric.integer.UnsignedShortType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Fraction;
import net.imglib2.view.Views;

/**
 * Wraps the pixels of an ImageJ 1.x {@link ImagePlus} as ImgLib2 images without copying, and builds
 * an {@code ImagePlus} from a 32-bit float result.
 * <p>
 * An ImageJ stack is one pixel array per slice, in the order channel fastest, then slice (Z), then
 * frame (T): exactly a {@link PlanarImg} of dimensions X, Y, C, Z, T. The wrapped image always has
 * these five axes ({@link #X}, {@link #Y}, {@link #C}, {@link #Z}, {@link #T}), of extent 1 where
 * the image has no such axis, so a 2D kernel filters X and Y of every plane. Pixel types: 8-bit
 * (also 8-bit with a colour LUT, taken as its gray values) as {@link UnsignedByteType}, 16-bit as
 * {@link UnsignedShortType}, 32-bit as {@link FloatType}. An 8- or 16-bit image with a calibration
 * function (e.g. signed 16-bit) is seen through that function as float, as ImageJ's
 * <i>Image&gt;Type&gt;32-bit</i> converts it. RGB images are seen as three 8-bit channels R, G, B on
 * the {@code C} axis (read-through views of the packed pixels; an RGB image may not also have
 * several ImageJ channels).
 * <pre>{@code
 * RandomAccessibleInterval<? extends RealType<?>> in = ImagePlusImgs.wrap(imp);   // X, Y, C, Z, T
 * Img<FloatType> out = ConvolutionOps.correlate(ImagePlusImgs.real(in), kernel, Boundary.REFLECT, 0,
 *     OutputSize.SAME, false);
 * ImagePlus result = ImagePlusImgs.toImagePlus(out, imp.getType() == ImagePlus.COLOR_RGB, "edges",
 *     null, null);
 * }</pre>
 */
public final class ImagePlusImgs {

	/** Axis index of X in wrapped images. */
	public static final int X = 0;
	/** Axis index of Y in wrapped images. */
	public static final int Y = 1;
	/** Axis index of channels (R, G, B for RGB images) in wrapped images. */
	public static final int C = 2;
	/** Axis index of slices in wrapped images. */
	public static final int Z = 3;
	/** Axis index of frames in wrapped images. */
	public static final int T = 4;

	private ImagePlusImgs() {}

	/**
	 * All planes of {@code imp} as a 5D image X, Y, C, Z, T sharing the pixel arrays of its stack.
	 *
	 * @throws IllegalArgumentException for an RGB image that also has several ImageJ channels
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrap(final ImagePlus imp) {
		final ImageStack stack = imp.getStack();
		final List<Object> planes = new ArrayList<>(stack.getSize());
		for (int n = 1; n <= stack.getSize(); n++)
			planes.add(stack.getPixels(n));
		return wrap(imp, planes, imp.getNChannels(), imp.getNSlices(), imp.getNFrames());
	}

	/**
	 * One plane of {@code imp} (stack index {@code n}, 1-based, as {@link ImagePlus#getCurrentSlice()})
	 * as a 5D image with C, Z and T of extent 1 (C = 3 for RGB).
	 */
	public static RandomAccessibleInterval<? extends RealType<?>> wrapPlane(final ImagePlus imp,
		final int n)
	{
		final List<Object> planes = new ArrayList<>(1);
		planes.add(imp.getStack().getPixels(n));
		return wrap(imp, planes, 1, 1, 1);
	}

	/**
	 * A wrapped image as the raw type that the ops' {@code <T extends RealType<T>>} signatures accept
	 * (Java cannot infer {@code T} from the wildcard type of {@link #wrap(ImagePlus)}).
	 */
	@SuppressWarnings("rawtypes")
	public static RandomAccessibleInterval real(
		final RandomAccessibleInterval<? extends RealType<?>> image)
	{
		return image;
	}

	private static RandomAccessibleInterval<? extends RealType<?>> wrap(final ImagePlus imp,
		final List<Object> planes, final int c, final int z, final int t)
	{
		final int w = imp.getWidth(), h = imp.getHeight();
		final Calibration cal = imp.getCalibration();
		final float[] ctable = cal != null && cal.calibrated() ? cal.getCTable() : null;
		switch (imp.getType()) {
			case ImagePlus.GRAY8:
			case ImagePlus.COLOR_256: {
				final List<ByteArray> arrays = new ArrayList<>(planes.size());
				for (final Object p : planes)
					arrays.add(new ByteArray((byte[]) p));
				final PlanarImg<UnsignedByteType, ByteArray> img = new PlanarImg<>(arrays, dims5(w, h, c,
					z, t), new Fraction());
				img.setLinkedType(new UnsignedByteType(img));
				if (ctable == null) return img;
				return Converters.convert((RandomAccessibleInterval<UnsignedByteType>) img, (a, b) -> b.set(
					ctable[a.get()]), new FloatType());
			}
			case ImagePlus.GRAY16: {
				final List<ShortArray> arrays = new ArrayList<>(planes.size());
				for (final Object p : planes)
					arrays.add(new ShortArray((short[]) p));
				final PlanarImg<UnsignedShortType, ShortArray> img = new PlanarImg<>(arrays, dims5(w, h, c,
					z, t), new Fraction());
				img.setLinkedType(new UnsignedShortType(img));
				if (ctable == null) return img;
				return Converters.convert((RandomAccessibleInterval<UnsignedShortType>) img, (a,
					b) -> b.set(ctable[a.get()]), new FloatType());
			}
			case ImagePlus.GRAY32: {
				final List<FloatArray> arrays = new ArrayList<>(planes.size());
				for (final Object p : planes)
					arrays.add(new FloatArray((float[]) p));
				final PlanarImg<FloatType, FloatArray> img = new PlanarImg<>(arrays, dims5(w, h, c, z, t),
					new Fraction());
				img.setLinkedType(new FloatType(img));
				return img;
			}
			case ImagePlus.COLOR_RGB: {
				if (c != 1) throw new IllegalArgumentException("image: '" + imp.getTitle() +
					"' is an RGB image with " + c + " channels; expected an RGB image with one channel " +
					"or a gray image (Image>Type>8-bit, 16-bit or 32-bit)");
				final List<IntArray> arrays = new ArrayList<>(planes.size());
				for (final Object p : planes)
					arrays.add(new IntArray((int[]) p));
				final PlanarImg<ARGBType, IntArray> img = new PlanarImg<>(arrays, new long[] { w, h, z, t },
					new Fraction());
				img.setLinkedType(new ARGBType(img));
				final List<RandomAccessibleInterval<UnsignedByteType>> rgb = new ArrayList<>(3);
				for (int ch = 1; ch <= 3; ch++) // 0 = alpha, 1 = red, 2 = green, 3 = blue
					rgb.add(Converters.argbChannel(img, ch));
				return Views.moveAxis(Views.stack(rgb), 4, C); // X, Y, Z, T, C -> X, Y, C, Z, T
			}
			default:
				throw new IllegalArgumentException("image: unsupported ImageJ image type " + imp
					.getType() + " of '" + imp.getTitle() + "'");
		}
	}

	private static long[] dims5(final int w, final int h, final int c, final int z, final int t) {
		return new long[] { w, h, c, z, t };
	}

	/**
	 * Builds a new {@code ImagePlus} (a hyperstack when it has more than one of C, Z, T) from a 5D
	 * float image X, Y, C, Z, T. With {@code rgb}, the C axis must have extent 3 (R, G, B) and the
	 * result is an RGB image with each value rounded and clamped to 0..255 (NaN gives 0). Where
	 * {@code mask} (one flag per X, Y position, X fastest) is false, the value of {@code keep} (an image
	 * of the same dimensions as {@code out}) is taken instead of that of {@code out}. Pixel arrays of
	 * a float {@code out} are reused where its storage is already one array per plane.
	 * <p>
	 * The display range is the minimum and maximum of the result. Calibration, labels and other
	 * metadata are for the caller.
	 *
	 * @param keep null, or the values to keep where {@code mask} is false
	 * @param mask null for no mask
	 */
	public static ImagePlus toImagePlus(final RandomAccessibleInterval<FloatType> out,
		final boolean rgb, final String title, final RandomAccessibleInterval<? extends RealType<?>> keep,
		final boolean[] mask)
	{
		if (out.numDimensions() != 5) throw new IllegalArgumentException(
			"expected a 5D image X, Y, C, Z, T, got " + out.numDimensions() + " dimensions");
		final int w = (int) out.dimension(X), h = (int) out.dimension(Y);
		final int c = (int) out.dimension(C), z = (int) out.dimension(Z), t = (int) out.dimension(T);
		final int area = w * h;
		final boolean masked = mask != null && keep != null;
		final ImageStack stack = new ImageStack(w, h);
		final int nc;
		if (rgb) {
			if (c != 3) throw new IllegalArgumentException("an RGB result needs 3 channels, got " + c);
			nc = 1;
			final int[][] planes = new int[z * t][area];
			for (final int[] p : planes)
				java.util.Arrays.fill(p, 0xff000000);
			final Cursor<FloatType> o = Views.flatIterable(out).cursor();
			final Cursor<? extends RealType<?>> k = masked ? Views.flatIterable(keep).cursor() : null;
			for (int zt = 0; zt < z * t; zt++)
				for (int ch = 0; ch < 3; ch++) {
					final int[] p = planes[zt];
					final int shift = 16 - 8 * ch;
					for (int i = 0; i < area; i++) {
						double v = o.next().getRealDouble();
						if (masked) {
							final double kv = k.next().getRealDouble();
							if (!mask[i]) v = kv;
						}
						p[i] |= toByte(v) << shift;
					}
				}
			for (final int[] p : planes)
				stack.addSlice(null, p);
		}
		else {
			nc = c;
			final float[][] planes = reusablePlanes(out, masked, c * z * t);
			if (planes != null) {
				for (final float[] p : planes)
					stack.addSlice(null, p);
			}
			else if (!masked && floatArray(out) != null) {
				// one array in flat order (the core's result): plane by plane
				final float[] all = floatArray(out);
				for (int n = 0; n < c * z * t; n++) {
					final float[] p = new float[area];
					System.arraycopy(all, n * area, p, 0, area);
					stack.addSlice(null, p);
				}
			}
			else {
				final Cursor<FloatType> o = Views.flatIterable(out).cursor();
				final Cursor<? extends RealType<?>> k = masked ? Views.flatIterable(keep).cursor() : null;
				for (int n = 0; n < c * z * t; n++) {
					final float[] p = new float[area];
					for (int i = 0; i < area; i++) {
						float v = o.next().get();
						if (masked) {
							final float kv = k.next().getRealFloat();
							if (!mask[i]) v = kv;
						}
						p[i] = v;
					}
					stack.addSlice(null, p);
				}
			}
		}
		final ImagePlus imp = new ImagePlus(title, stack);
		imp.setDimensions(nc, z, t);
		if ((nc > 1 ? 1 : 0) + (z > 1 ? 1 : 0) + (t > 1 ? 1 : 0) > 1) imp.setOpenAsHyperStack(true);
		if (!rgb) setDisplayRangeToData(imp, stack);
		return imp;
	}

	/**
	 * {@code img} (X, Y, C, Z, T) with Z as the third axis (X, Y, Z, C, T), for 3D kernels: as
	 * {@code Views.moveAxis(img, Z, 2)}, but with one channel, where both orders are the same, the
	 * same storage under the new dimensions (an array or planar image, which the core reads plane
	 * by plane instead of pixel by pixel).
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static <T> RandomAccessibleInterval<T> zThird(final RandomAccessibleInterval<T> img) {
		if (img.dimension(C) == 1) {
			final RandomAccessibleInterval<T> same = reshaped((RandomAccessibleInterval) img, img
				.dimension(X), img.dimension(Y), img.dimension(Z), 1, img.dimension(T));
			if (same != null) return same;
		}
		return Views.moveAxis(img, Z, 2);
	}

	/** The inverse of {@link #zThird}: X, Y, Z, C, T back to X, Y, C, Z, T. */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	public static <T> RandomAccessibleInterval<T> zBack(final RandomAccessibleInterval<T> img) {
		if (img.dimension(3) == 1) {
			final RandomAccessibleInterval<T> same = reshaped((RandomAccessibleInterval) img, img
				.dimension(0), img.dimension(1), 1, img.dimension(2), img.dimension(4));
			if (same != null) return same;
		}
		return Views.moveAxis(img, 2, Z);
	}

	/**
	 * The same storage as an array image, or as a planar image with the same planes (the first two
	 * dimensions kept), under {@code dims} of the same total; null for other images.
	 */
	@SuppressWarnings({ "rawtypes", "unchecked" })
	private static <T extends NativeType<T>> Img<T> reshaped(final RandomAccessibleInterval<T> img,
		final long... dims)
	{
		if (img instanceof ArrayImg) {
			final ArrayImg<T, ?> a = (ArrayImg<T, ?>) img;
			final ArrayImg r = new ArrayImg(a.update(null), dims, a.firstElement().getEntitiesPerPixel());
			r.setLinkedType(a.firstElement().getNativeTypeFactory().createLinkedType(r));
			return r;
		}
		if (img instanceof PlanarImg && dims[0] == img.dimension(0) && dims[1] == img.dimension(1)) {
			final PlanarImg<T, ?> p = (PlanarImg<T, ?>) img;
			final List planes = new ArrayList<>();
			for (int i = 0; i < p.numSlices(); i++)
				planes.add(p.getPlane(i));
			final PlanarImg r = new PlanarImg(planes, dims, p.firstElement().getEntitiesPerPixel());
			r.setLinkedType(p.firstElement().getNativeTypeFactory().createLinkedType(r));
			return r;
		}
		return null;
	}

	/** The storage of a float {@link ArrayImg} (flat order, X fastest), else null. */
	private static float[] floatArray(final RandomAccessibleInterval<FloatType> out) {
		if (!(out instanceof ArrayImg)) return null;
		final Object access = ((ArrayImg<?, ?>) out).update(null);
		return access instanceof FloatArray ? ((FloatArray) access).getCurrentStorageArray() : null;
	}

	/** The float arrays of {@code out}'s planes if its storage is one array per plane, else null. */
	private static float[][] reusablePlanes(final RandomAccessibleInterval<FloatType> out,
		final boolean masked, final int n)
	{
		if (masked) return null;
		if (n == 1 && floatArray(out) != null) return new float[][] { floatArray(out) };
		if (out instanceof PlanarImg && ((PlanarImg<?, ?>) out).numSlices() == n) {
			final float[][] planes = new float[n][];
			for (int i = 0; i < n; i++) {
				final Object access = ((PlanarImg<?, ?>) out).getPlane(i);
				if (!(access instanceof FloatArray)) return null;
				planes[i] = ((FloatArray) access).getCurrentStorageArray();
			}
			return planes;
		}
		return null;
	}

	private static int toByte(final double v) {
		if (!(v > 0)) return 0; // also NaN
		if (v >= 255) return 255;
		return (int) Math.floor(v + 0.5);
	}

	/** Sets the display range of a float image to its data's minimum and maximum (NaN ignored). */
	private static void setDisplayRangeToData(final ImagePlus imp, final ImageStack stack) {
		// the stack the image was made from: ImagePlus.getStack() of a single image would have
		// ImageJ scan it for its own min and max first
		final float[][] planes = new float[stack.getSize()][];
		for (int n = 0; n < planes.length; n++)
			planes[n] = (float[]) stack.getPixels(n + 1);
		// a short pass after the filter: not reported as progress of its own
		final float[] mm = Progress.run(null, () -> Statistics.minMax(planes));
		if (mm[0] <= mm[1]) imp.setDisplayRange(mm[0], mm[1]);
	}

	/**
	 * Gives {@code out} the colour look-up tables of {@code in} where they are meaningful for a
	 * result: per-channel LUTs of a composite image (as a composite of the same mode, if {@code out}
	 * has the same channel count) and an inverted gray LUT. Other LUTs (an 8-bit colour palette) are
	 * not kept: the result shows values, not palette indices.
	 */
	public static ImagePlus withLuts(final ImagePlus in, final ImagePlus out) {
		if (out.getType() == ImagePlus.COLOR_RGB) return out;
		if (in.isComposite() && in.getNChannels() == out.getNChannels() && out.getNChannels() > 1) {
			final CompositeImage ci = (CompositeImage) in;
			final CompositeImage co = new CompositeImage(out, ci.getMode());
			final LUT[] luts = ci.getLuts();
			final LUT[] copies = new LUT[luts.length];
			for (int i = 0; i < luts.length; i++)
				copies[i] = (LUT) luts[i].clone();
			co.setLuts(copies);
			co.resetDisplayRanges();
			return co;
		}
		if (in.getType() != ImagePlus.COLOR_256 && !in.isComposite() && in.isInvertedLut()) {
			final double min = out.getDisplayRangeMin(), max = out.getDisplayRangeMax();
			out.setLut((LUT) in.getProcessor().getLut().clone());
			out.setDisplayRange(min, max);
		}
		return out;
	}
}
