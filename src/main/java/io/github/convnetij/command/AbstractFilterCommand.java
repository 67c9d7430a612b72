package io.github.convnetij.command;

import static io.github.convnetij.command.ImagePlusImgs.Z;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.widget.TextWidget;

import ij.ImagePlus;
import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.ops.ConvolutionOps;
import io.github.convnetij.ops.Kernel;
import io.github.convnetij.ops.OutputSize;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;
import net.imglib2.view.Views;

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

	/** Checks the kernel text (a dialog's live check, see CommandSupport). */
	void checkKernel() {
		CommandSupport.kernel(kernel);
	}

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
		final long[] n = { in.getWidth(), in.getHeight(), in.getNSlices() };
		final String[] axis = { "X", "Y", "Z" };
		final long[] outN = new long[3];
		final double[] shift = new double[3];
		for (int d = 0; d < 3; d++) {
			final int kd = k.dimension(d);
			final int centre = flip() ? (kd - 1) / 2 : kd / 2;
			if (d == 2 && !volume) outN[d] = n[d];
			else if (size == OutputSize.VALID) {
				if (kd > n[d]) throw new IllegalArgumentException("output_size: 'valid' needs the kernel " +
					"to fit inside the image, but the kernel (" + ks + ") is " + kd + " pixels along " +
					axis[d] + " and '" + in.getTitle() + "' only " + n[d] +
					"; use output_size=same or full, or a smaller kernel");
				outN[d] = n[d] - kd + 1;
				shift[d] = centre;
			}
			else if (size == OutputSize.FULL) {
				outN[d] = n[d] + kd - 1;
				shift[d] = centre - (kd - 1);
			}
			else outN[d] = n[d];
		}
		final boolean rgb = in.getType() == ImagePlus.COLOR_RGB;
		final long planes = thisSlice ? 1 : (long) in.getStackSize() / in.getNSlices();
		final long channels = rgb ? 3 : 1;
		CommandSupport.checkMemory(in.getTitle(), n[0] * n[1] * (thisSlice ? 1 : n[2]) * planes *
			channels, outN[0] * outN[1] * (thisSlice ? 1 : outN[2]) * planes * channels);

		final RandomAccessibleInterval<? extends RealType<?>> wrapped = thisSlice ? ImagePlusImgs
			.wrapPlane(in, in.getCurrentSlice()) : ImagePlusImgs.wrap(in);
		final RandomAccessibleInterval<? extends RealType<?>> source = volume ? ImagePlusImgs.zThird(
			wrapped) : wrapped;
		final ConvMethod ran = CommandSupport.keyed("method", () -> ConvolutionOps.chosenMethod(
			Intervals.dimensionsAsLongArray(source), normalize && k.sum() != 0 ? k.scaled(k.sum()) : k,
			size, m));
		final Img<FloatType> out = flip() ? ConvolutionOps.convolve(ImagePlusImgs.real(source), k, b,
			value, size, normalize, ran) : ConvolutionOps.correlate(ImagePlusImgs.real(source), k, b,
				value, size, normalize, ran);
		final RandomAccessibleInterval<FloatType> out5 = volume ? ImagePlusImgs.zBack(out) : out;

		final ImagePlus res = ImagePlusImgs.toImagePlus(out5, rgb, in.getTitle(), mask == null ? null
			: wrapped, mask);
		final StringBuilder provenance = new StringBuilder(verb()).append(" kernel=").append(
			CommandSupport.macroValue(kernel)).append(" boundary=").append(b.key());
		if (b == Boundary.CONSTANT) provenance.append(" value=").append(value);
		provenance.append(" output_size=").append(size.key());
		if (normalize) provenance.append(" normalize=true");
		provenance.append(" method=").append(ran.key());
		if (thisSlice) provenance.append(" stack=[").append(CommandSupport.THIS_SLICE).append("]");
		result = CommandSupport.finish(in, res, suffix(), CommandSupport.calibration(in, shift,
			new double[] { 1, 1, 1 }), thisSlice ? in.getCurrentSlice() : 0, provenance.toString());
	}
}
