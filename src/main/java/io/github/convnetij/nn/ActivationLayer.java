package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.LayerKind.Capability;

/** ReLU ({@code max(x, 0)}) and leaky ReLU ({@code x > 0 ? x : alpha x}), element-wise. */
final class ActivationLayer extends Layer {

	private final float alpha;
	private final boolean leaky;
	private Tensor lastInput;

	ActivationLayer(final float alpha, final boolean leaky) {
		if (!Float.isFinite(alpha)) throw new IllegalArgumentException(
			"leakyrelu alpha must be a finite number, got " + alpha);
		this.alpha = alpha;
		this.leaky = leaky;
	}

	/**
	 * {@code relu}; ONNX Relu. Max pooling may run first (see {@link Executor}): ReLU commutes with
	 * the maximum, and its 0/1 gradient mask gives bitwise the same sums in either order.
	 */
	static final LayerKind<ActivationLayer> RELU = new LayerKind<>("relu", ActivationLayer.class, 1,
		EnumSet.of(Capability.SHAPE_PRESERVING, Capability.RELU_LIKE, Capability.COMMUTES_WITH_MAX,
			Capability.RECTIFIER),
		"Relu")
	{

		@Override
		protected ActivationLayer create(final Attributes a) {
			return new ActivationLayer(0f, false);
		}

		@Override
		ActivationLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new ActivationLayer(0f, false);
		}

		@Override
		protected void toOnnx(final ActivationLayer l, final OnnxExport out) {}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new ActivationLayer(0f, false), in.data(0));
		}
	};

	/**
	 * {@code leakyrelu(alpha=0.01)}; ONNX LeakyRelu. (Leaky ReLU commutes with the maximum too,
	 * but scaling the gradients of overlapping windows before or after summing them rounds
	 * differently: not {@link Capability#COMMUTES_WITH_MAX}.)
	 */
	static final LayerKind<ActivationLayer> LEAKY_RELU = new LayerKind<>("leakyrelu",
		ActivationLayer.class, 1, EnumSet.of(Capability.SHAPE_PRESERVING, Capability.RELU_LIKE),
		"LeakyRelu")
	{

		@Override
		protected ActivationLayer create(final Attributes a) {
			return new ActivationLayer(a.floatValue("alpha", 0.01f), true);
		}

		@Override
		ActivationLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "leakyrelu(alpha)");
			return new ActivationLayer(args.number(0, "alpha", 0.01f), true);
		}

		@Override
		void format(final ActivationLayer l, final List<String> args) {
			args.add("alpha=" + l.alpha);
		}

		@Override
		protected void toOnnx(final ActivationLayer l, final OnnxExport out) {
			out.attribute("alpha", l.alpha);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new ActivationLayer(in.floatAttribute("alpha", 0.01f), true), in.data(0));
		}
	};

	@Override
	public LayerKind<?> kind() {
		return leaky ? LEAKY_RELU : RELU;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		if (leaky) a.put("alpha", alpha);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		return inputShapes[0];
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		return applyTo(checkInput(inputs, 0), training);
	}

	/** The activation of a tensor of any shape (the executor also applies it after max pooling). */
	@Override
	Tensor applyTo(final Tensor x, final boolean training) {
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		final float a = leaky ? alpha : 0f;
		Parallel.elements(xd.length, (from, to) -> {
			if (leaky) for (int i = from; i < to; i++) {
				final float v = xd[i];
				yd[i] = v > 0 ? v : a * v;
			}
			else for (int i = from; i < to; i++)
				yd[i] = Math.max(xd[i], 0f);
		});
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		return new Tensor[] { inputGradients ? applyBackward(x, gradOutput) : null };
	}

	/** The backward pass of {@link #applyTo} after a training-mode call. */
	@Override
	Tensor applyToBackward(final Tensor gradOutput) {
		return applyBackward(requireForward(lastInput), gradOutput);
	}

	private Tensor applyBackward(final Tensor x, final Tensor gradOutput) {
		final Tensor dx = gradient(x.shape());
		final float[] xd = x.data(), g = gradOutput.data(), d = dx.data();
		final float a = leaky ? alpha : 0f;
		// branch-free (the signs of the inputs are unpredictable): mask = x > 0 ? -1 : 0 from the
		// bits, -0.0 and NaN with the sign bit set count as not positive
		Parallel.elements(xd.length, (from, to) -> {
			if (leaky) for (int i = from; i < to; i++) {
				final int b = Float.floatToRawIntBits(xd[i]);
				final int m = (~b & -b) >> 31;
				d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & m | Float.floatToRawIntBits(a *
					g[i]) & ~m);
			}
			else for (int i = from; i < to; i++) {
				final int b = Float.floatToRawIntBits(xd[i]);
				d[i] = Float.intBitsToFloat(Float.floatToRawIntBits(g[i]) & (~b & -b) >> 31);
			}
		});
		return dx;
	}
}
