package io.github.convnetij.ops;

import java.util.List;

import io.github.convnetij.compute.Boundary;
import io.github.convnetij.compute.ConvMethod;
import io.github.convnetij.compute.PlaneConvolutions;
import io.github.convnetij.compute.Tensor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.img.Img;
import net.imglib2.type.numeric.RealType;
import net.imglib2.type.numeric.real.FloatType;
import net.imglib2.util.Intervals;

/**
 * One filtering answered once, before any pixel is read: the output dimensions, where the output
 * sits on the input (shift per axis), the method that will run (AUTO decided), the kernel as
 * applied (normalised). The op executes it ({@link #execute}); callers read it instead of
 * recomputing geometry or method (a command for its calibration and provenance, the benchmark for
 * its records), as imglib2-algorithm's {@code Convolution} answers
 * {@code requiredSourceInterval(target)} before {@code process(source, target)}.
 * <pre>{@code
 * ConvolutionPlan plan = ConvolutionOps.plan(Intervals.dimensionsAsLongArray(img), kernel,
 *     Boundary.REFLECT, 0, OutputSize.VALID, false, ConvMethod.AUTO, true);
 * long[] outDims = plan.outputDims();     // img's dims minus the kernel size - 1 on filtered axes
 * double[] shift = plan.shift();          // output pixel 0 sits at input coordinate shift[d]
 * Img<FloatType> out = plan.execute(img); // what ConvolutionOps.convolve(...) returns
 * }</pre>
 * Threads: set by the caller of {@link #execute} with {@code Parallelization.runWithNumThreads}.
 */
public final class ConvolutionPlan {

	/** The parameter of {@link ConvolutionOps#plan} that an {@link Invalid} is about. */
	public enum Parameter {
		/** The image (empty, or too large). */
		IMAGE,
		/** The kernel (more dimensions than the image). */
		KERNEL,
		/** The boundary value (not finite with {@link Boundary#CONSTANT}). */
		VALUE,
		/** The output size ({@code VALID} with a kernel larger than the image). */
		OUTPUT_SIZE,
		/** The method (SEPARABLE with a kernel not rank 1, FFT with a kernel too large). */
		METHOD
	}

	/** A plan refused, with the parameter at fault, so that a front end can name its key. */
	public static final class Invalid extends IllegalArgumentException {

		private static final long serialVersionUID = 1L;
		private final Parameter parameter;

		Invalid(final Parameter parameter, final String message, final Throwable cause) {
			super(message, cause);
			this.parameter = parameter;
		}

		/** The parameter at fault. */
		public Parameter parameter() {
			return parameter;
		}
	}

	private final long[] dims, outDims;
	private final double[] shift;
	private final Kernel kernel;
	private final boolean flip;
	private final Boundary boundary;
	private final double value;
	private final OutputSize size;
	private final ConvMethod requested;
	private final PlaneConvolutions.Plan plane;

	ConvolutionPlan(final long[] dims, Kernel kernel, final Boundary boundary, final double value,
		final OutputSize size, final boolean normalize, final ConvMethod method, final boolean flip)
	{
		if (dims == null || kernel == null || boundary == null || size == null || method == null)
			throw new NullPointerException("image, kernel, boundary, size and method are required");
		if (boundary == Boundary.CONSTANT && !Double.isFinite(value)) throw new Invalid(Parameter.VALUE,
			"boundary value must be a finite number, got " + value, null);
		if (normalize) {
			final double s = kernel.sum();
			if (s != 0) kernel = kernel.scaled(s);
		}
		this.dims = dims.clone();
		this.kernel = kernel;
		this.flip = flip;
		this.boundary = boundary;
		this.value = value;
		this.size = size;
		this.requested = method;
		final Kernel applied = flip ? kernel.flipped() : kernel;
		final int k = kernel.numDimensions();
		if (k > dims.length) throw new Invalid(Parameter.KERNEL, "a " + k + "D kernel (" + kernel
			.sizeString() + ") needs an image of at least " + k + " dimensions; this image has " +
			dims.length, null);
		for (final long d : dims)
			if (d < 1) throw new Invalid(Parameter.IMAGE, "the image is empty", null);
		final int[] before = new int[k], after = new int[k], kspatial = new int[k];
		outDims = dims.clone();
		shift = new double[k];
		for (int d = 0; d < k; d++) {
			final int kd = kernel.dimension(d), t = k - 1 - d;
			final int centre = flip ? (kd - 1) / 2 : kd / 2; // scipy's alignment, origin 0
			kspatial[t] = kd;
			switch (size) {
				case SAME:
					before[t] = centre;
					after[t] = kd - 1 - centre;
					break;
				case FULL:
					before[t] = after[t] = kd - 1;
					outDims[d] = dims[d] + kd - 1;
					break;
				case VALID:
					if (kd > dims[d]) throw new Invalid(Parameter.OUTPUT_SIZE, "'valid' needs a kernel no " +
						"larger than the image, but the kernel is " + kernel.sizeString() + " and the image " +
						ConvolutionOps.dimString(java.util.Arrays.copyOf(dims, k)) + " (axis " + "XYZ".charAt(
							d) + ": " + kd + " > " + dims[d] + "); use 'same' or 'full', or a smaller kernel",
						null);
					outDims[d] = dims[d] - kd + 1;
					break;
				default:
					throw new AssertionError(size);
			}
			shift[d] = centre - before[t];
		}
		final long total = Intervals.numElements(dims);
		if (total > Integer.MAX_VALUE - 8) throw new Invalid(Parameter.IMAGE, "image of " + total +
			" pixels is larger than 2^31 pixels, the most one image can hold here", null);
		final int[] wshape = new int[k + 2];
		wshape[0] = wshape[1] = 1;
		System.arraycopy(kspatial, 0, wshape, 2, k);
		final Tensor weight = Tensor.of(applied.weights(), wshape);
		try {
			plane = PlaneConvolutions.plan(ImageTensors.tensorShape(dims, k), weight, 0f, before, after,
				boundary, (float) value, method);
		}
		catch (final IllegalArgumentException e) {
			// the shapes are valid by construction: what is left is the method's
			if (method == ConvMethod.SEPARABLE || method == ConvMethod.FFT) throw new Invalid(
				Parameter.METHOD, e.getMessage(), e);
			throw e;
		}
	}

	/**
	 * The compute core's plan that {@link #execute} runs, for inputs {@code [N, 1, S...]} (the
	 * filtered axes, outermost first; N the positions of the other axes): for callers that run the
	 * core on tensors of their own, such as the benchmark's reused-output records.
	 */
	public PlaneConvolutions.Plan corePlan() {
		return plane;
	}

	/** The dimensions of the images this plan filters (X first). */
	public long[] inputDims() {
		return dims.clone();
	}

	/** The dimensions of the result (X first). */
	public long[] outputDims() {
		return outDims.clone();
	}

	/**
	 * Where the output sits on the input, per filtered axis (X first; the kernel's dimensions):
	 * output pixel 0 is centred on input coordinate {@code shift[d]} (0 for SAME, the kernel centre
	 * for VALID, minus the kernel size - 1 plus the centre for FULL). A calibrated image's origin
	 * moves by {@code shift[d]} pixels.
	 */
	public double[] shift() {
		return shift.clone();
	}

	/** The method that runs: never AUTO. */
	public ConvMethod method() {
		return plane.method();
	}

	/** The method asked for (possibly AUTO). */
	public ConvMethod requestedMethod() {
		return requested;
	}

	/** The kernel as applied, before any flip: divided by its sum when normalising (sum not 0). */
	public Kernel kernel() {
		return kernel;
	}

	/** True for convolution (the kernel flipped), false for correlation. */
	public boolean flipped() {
		return flip;
	}

	public Boundary boundary() {
		return boundary;
	}

	/** The value outside the image for {@link Boundary#CONSTANT}. */
	public double value() {
		return value;
	}

	public OutputSize outputSize() {
		return size;
	}

	/**
	 * The filtered image, 32-bit float, of {@link #outputDims()}.
	 *
	 * @throws IllegalArgumentException if {@code image}'s dimensions are not {@link #inputDims()}
	 */
	public <T extends RealType<T>> Img<FloatType> execute(final RandomAccessibleInterval<T> image) {
		if (image == null) throw new NullPointerException("image is required");
		final long[] d = ImageTensors.dims(image);
		if (!java.util.Arrays.equals(d, dims)) throw new IllegalArgumentException("the image is " +
			ConvolutionOps.dimString(d) + " but the plan is for " + ConvolutionOps.dimString(dims));
		final int k = kernel.numDimensions();
		final List<Object> planes = k == 2 ? ImageTensors.planes(image) : null;
		// a 2D kernel over a stack held one array per plane (an ImageJ stack): each plane filtered
		// straight into its own output array, so neither the input nor the result is copied as a
		// whole; bitwise the values of one batched call for the direct and separable methods (not
		// FFT: it pairs tiles across planes, so plane by plane would round differently)
		if (planes != null && planes.size() > 1 && method() != ConvMethod.FFT) {
			final int h = (int) dims[1], w = (int) dims[0];
			return ImageTensors.perPlane(planes, h, w, outDims, (in, out) -> PlaneConvolutions.correlate(
				plane, in, out));
		}
		final Tensor in = ImageTensors.toTensor(image, k);
		final Tensor out = Tensor.zeros(plane.outputShape(in.size(0)));
		PlaneConvolutions.correlate(plane, in, out);
		return ImageTensors.toImg(out, outDims);
	}
}
