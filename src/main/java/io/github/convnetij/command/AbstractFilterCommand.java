package io.github.convnetij.command;


import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.widget.TextWidget;

import ij.ImagePlus;
import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.ops.ConvolutionOps;
import io.github.convnetij.ops.ConvolutionPlan;
import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.OutputSize;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

/**
 * The parameters and the single core call shared by {@link ConvolveImageCommand} and
 * {@link CorrelateImageCommand}; they differ only in whether the kernel is flipped.
 */
abstract class AbstractFilterCommand implements Command {

	@Parameter(label = "Image", description = "The image to filter: 8-bit, 16-bit, 32-bit or RGB, " +
		"any number of channels, slices and frames.", persist = false)
	private ImagePlus image;

	@Parameter(label = "Kernel", description = "A kernel name: identity, box(n), laplacian, " +
		"highpass, laplacian8, sharpen, sobel-x, sobel-y, prewitt-x, prewitt-y, emboss, gaussian5, " +
		"gaussian(sigma); or the weights as text: rows on separate lines or separated by ';', values " +
		"by spaces or commas, 3D planes by '|', e.g. '1 2 1; 0 0 0; -1 -2 -1'. A 1D kernel filters " +
		"X, a 2D kernel X and Y of each plane, a 3D kernel X, Y and Z.", style = TextWidget.AREA_STYLE,
		persist = false)
	private String kernel = "laplacian";

	@Parameter(label = "Boundary", description = "Values outside the image: zero; constant (the " +
		"value below); nearest (edge pixel repeated); reflect (mirrored, edge pixel repeated: d c b a | " +
		"a b c d); mirror (edge pixel not repeated: d c b | a b c d); wrap (periodic). As " +
		"scipy.ndimage's modes of the same names.", choices = { "zero", "constant", "nearest", "reflect",
			"mirror", "wrap" }, persist = false)
	private String boundary = "reflect";

	@Parameter(label = "Constant value", description = "The value outside the image for " +
		"boundary=constant; ignored otherwise.", persist = false)
	private double value = 0;

	@Parameter(label = "Output size", description = "same: the size of the input; valid: only " +
		"where the kernel fits inside the image (smaller by the kernel size - 1); full: every position " +
		"where kernel and image overlap (larger by the kernel size - 1).", choices = { "same", "valid",
			"full" }, persist = false)
	private String output_size = "same";

	@Parameter(label = "Normalize", description = "Divide by the sum of the kernel weights when " +
		"that sum is not 0 (as ImageJ's Convolve... does).", persist = false)
	private boolean normalize = false;

	@Parameter(label = "Method", description = "How the result is computed (all give the same " +
		"values up to float rounding): auto (chosen from the image and kernel sizes); direct; " +
		"separable (two or three 1D passes; the kernel must be rank 1, as box, Gaussian, Sobel); fft " +
		"(fast for large kernels).", choices = { "auto", "direct", "separable", "fft" },
		persist = false)
	private String method = "auto";

	@Parameter(label = "Stack", description = "all slices: filter every plane (channels, slices, " +
		"frames); this slice: only the displayed plane, giving a single-plane result.", choices = {
			CommandSupport.ALL_SLICES, CommandSupport.THIS_SLICE }, persist = false)
	private String stack = CommandSupport.ALL_SLICES;

	@Parameter(label = "Result", type = ItemIO.OUTPUT)
	private ImagePlus result;

	/** True to flip the kernel (convolution), false for correlation. */
	abstract boolean flip();

	/** {@code convolve} or {@code correlate}. */
	abstract String verb();

	/** {@code -convolved} or {@code -correlated}. */
	abstract String suffix();

	/** The filtered image, after {@link #run()}. */
	public ImagePlus getResult() {
		return result;
	}

	@Override
	@SuppressWarnings("unchecked")
	public void run() {
		final ImagePlus in = CommandSupport.requireImage(image);
		final Kernel k = CommandSupport.kernel(kernel);
		final Boundary b = CommandSupport.keyed("boundary", () -> Boundary.parse(boundary));
		final OutputSize size = CommandSupport.keyed("output_size", () -> OutputSize.parse(
			output_size));
		final ConvMethod m = CommandSupport.keyed("method", () -> ConvMethod.parse(method));
		final boolean thisSlice = CommandSupport.thisSlice(stack) && in.getStackSize() > 1;
		final boolean volume = k.numDimensions() == 3;
		final String ks = k.sizeString();
		if (volume && thisSlice) throw new IllegalArgumentException("stack: the 3D kernel (" + ks +
			") filters across slices, which needs stack=[" + CommandSupport.ALL_SLICES + "], not [" +
			stack + "]");
		if (volume && k.dimension(2) > 1 && in.getNSlices() == 1) throw new IllegalArgumentException(
			"kernel: the 3D kernel (" + ks + ") filters X, Y and Z, but '" + in.getTitle() +
				"' has a single slice (Z); use a 2D kernel or an image with several slices");
		final boolean[] mask = CommandSupport.areaMask(in);
		if (mask != null && size != OutputSize.SAME) throw new IllegalArgumentException(
			"output_size: '" + size.key() + "' changes the image size, which does not go with the area " +
				"selection on '" + in.getTitle() + "'; use output_size=same or remove the selection " +
				"(Edit>Selection>Select None)");
		final boolean rgb = in.getType() == ImagePlus.COLOR_RGB;
		final RandomAccessibleInterval<? extends RealType<?>> wrapped = thisSlice ? ImagePlusImgs
			.wrapPlane(in, in.getCurrentSlice()) : ImagePlusImgs.wrap(in);
		final RandomAccessibleInterval<? extends RealType<?>> source = volume ? ImagePlusImgs.zThird(
			wrapped) : wrapped;
		// the op answers geometry, shift and method once; this command reads them
		final ConvolutionPlan plan = plan(Intervals.dimensionsAsLongArray(source), k, b, size, m);
		CommandSupport.checkMemory(in.getTitle(), Intervals.numElements(source), Intervals.numElements(
			plan.outputDims()));
		final Img<FloatType> out = plan.execute(ImagePlusImgs.real(source));
		final RandomAccessibleInterval<FloatType> out5 = volume ? ImagePlusImgs.zBack(out) : out;
		final double[] shift = new double[3];
		System.arraycopy(plan.shift(), 0, shift, 0, Math.min(3, plan.shift().length));

		final ImagePlus res = ImagePlusImgs.toImagePlus(out5, rgb, in.getTitle(), mask == null ? null
			: wrapped, mask);
		final StringBuilder provenance = new StringBuilder(verb()).append(" kernel=").append(
			CommandSupport.macroValue(kernel)).append(" boundary=").append(b.key());
		if (b == Boundary.CONSTANT) provenance.append(" value=").append(value);
		provenance.append(" output_size=").append(size.key());
		if (normalize) provenance.append(" normalize=true");
		provenance.append(" method=").append(plan.method().key());
		if (thisSlice) provenance.append(" stack=[").append(CommandSupport.THIS_SLICE).append("]");
		result = CommandSupport.finish(in, res, suffix(), CommandSupport.calibration(in, shift,
			new double[] { 1, 1, 1 }), thisSlice ? in.getCurrentSlice() : 0, provenance.toString());
	}

	/** The op's plan, its refusals named by this command's keys. */
	private ConvolutionPlan plan(final long[] dims, final Kernel k, final Boundary b,
		final OutputSize size, final ConvMethod m)
	{
		try {
			return ConvolutionOps.plan(dims, k, b, value, size, normalize, m, flip());
		}
		catch (final ConvolutionPlan.Invalid e) {
			throw new IllegalArgumentException(key(e.parameter()) + ": " + e.getMessage(), e);
		}
	}

	private static String key(final ConvolutionPlan.Parameter p) {
		switch (p) {
			case KERNEL:
				return "kernel";
			case VALUE:
				return "value";
			case OUTPUT_SIZE:
				return "output_size";
			case METHOD:
				return "method";
			default:
				return "image";
		}
	}
}
