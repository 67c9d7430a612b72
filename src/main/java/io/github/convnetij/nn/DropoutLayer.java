package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Inverted dropout with a counter-based mask: element {@code i} at training step {@code t} is
 * kept iff {@code hash(seed, node name, t, i) >= rate}, so masks repeat exactly for a seed and
 * step and need no generator state in checkpoints.
 */
final class DropoutLayer extends Layer {

	private final float rate;
	private long seed, step;
	private float[] lastMask;

	DropoutLayer(final float rate) {
		if (!(rate >= 0 && rate < 1)) throw new IllegalArgumentException(
			"dropout rate must be in [0, 1), got " + rate);
		this.rate = rate;
	}

	/** {@code dropout(rate=0.5)}; ONNX Dropout (the ratio as an initializer; an attribute before opset 12). */
	static final LayerKind<DropoutLayer> KIND = new LayerKind<>("dropout", DropoutLayer.class, 1,
		EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING, LayerKind.Capability.KEEPS_UNITS), "Dropout")
	{

		@Override
		protected DropoutLayer create(final Attributes a) {
			return new DropoutLayer(a.floatValue("rate", 0.5f));
		}

		@Override
		DropoutLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "dropout(rate)");
			return new DropoutLayer(args.number(0, "rate", 0.5f));
		}

		@Override
		void format(final DropoutLayer l, final List<String> args) {
			args.add(String.valueOf(l.rate));
		}

		@Override
		protected void toOnnx(final DropoutLayer l, final OnnxExport out) {
			out.constant(out.name() + ".ratio", new float[] { l.rate });
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			float rate = in.floatAttribute("ratio", 0.5f);
			if (in.opset() >= 12) {
				final float[] ratio = in.constantFloats(1, "the ratio");
				rate = ratio == null ? 0.5f : ratio[0];
				final long[] training = in.constantLongs(2, "training_mode");
				if (training != null && training.length > 0 && training[0] != 0)
					throw new IllegalArgumentException("training_mode=true is not supported: a model runs " +
						"in inference mode here (dropout is the identity)");
			}
			in.add(new DropoutLayer(rate), x);
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("rate", rate);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		return inputShapes[0];
	}

	@Override
	void setStep(final long seed, final long step) {
		this.seed = seed;
		this.step = step;
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		if (!training || rate == 0) {
			lastMask = training ? new float[0] : null;
			return x.copy();
		}
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		final float[] mask = kept(KEPT, x.shape()).data();
		final float scale = 1 / (1 - rate);
		final long key = mix(mix(seed ^ 0x5DEECE66DL) + name().hashCode()) + step * 0x9E3779B97F4A7C15L;
		Parallel.elements(xd.length, (from, to) -> {
			for (int i = from; i < to; i++) {
				final float u = (mix(key + i * 0xBF58476D1CE4E5B9L) >>> 40) * 0x1.0p-24f;
				mask[i] = u >= rate ? scale : 0f;
				yd[i] = xd[i] * mask[i];
			}
		});
		lastMask = mask;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final float[] mask = requireForward(lastMask);
		if (!inputGradients) return new Tensor[] { null };
		if (mask.length == 0) return new Tensor[] { gradOutput.copy() };
		final Tensor dx = gradient(gradOutput.shape());
		final float[] g = gradOutput.data(), d = dx.data();
		Parallel.elements(d.length, (from, to) -> {
			for (int i = from; i < to; i++)
				d[i] = g[i] * mask[i];
		});
		return new Tensor[] { dx };
	}

	/** SplitMix64's finaliser. */
	static long mix(long z) {
		z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
		z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
		return z ^ (z >>> 31);
	}
}
