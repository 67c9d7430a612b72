package io.github.convnetij.nn;

import java.math.BigDecimal;
import java.math.MathContext;
import java.util.EnumSet;
import java.util.List;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Tensor;

/**
 * Batch normalisation over axis 1 (channels of {@code [C, S...]}, or features of {@code [F]}),
 * as PyTorch's BatchNorm1d/2d/3d and ONNX BatchNormalization. Statistics are summed in double,
 * one channel per task.
 */
final class BatchNormLayer extends Layer {

	private final float epsilon, momentum;
	private Parameter gamma, beta, runningMean, runningVar;
	private Tensor lastNormalized;
	private float[] lastInvStd;

	BatchNormLayer(final float epsilon, final float momentum) {
		if (!(epsilon > 0) || !Float.isFinite(epsilon)) throw new IllegalArgumentException(
			"batchnorm epsilon must be > 0, got " + epsilon);
		if (!(momentum >= 0 && momentum <= 1)) throw new IllegalArgumentException(
			"batchnorm momentum must be in [0, 1], got " + momentum);
		this.epsilon = epsilon;
		this.momentum = momentum;
	}

	/**
	 * {@code batchnorm(eps=1e-5, momentum=0.1)}; ONNX BatchNormalization in inference mode (ONNX's
	 * momentum is 1 - ours).
	 */
	static final LayerKind<BatchNormLayer> KIND = new LayerKind<>("batchnorm", BatchNormLayer.class,
		1, EnumSet.of(LayerKind.Capability.SHAPE_PRESERVING, LayerKind.Capability.KEEPS_UNITS),
		"BatchNormalization")
	{

		@Override
		protected BatchNormLayer create(final Attributes a) {
			return new BatchNormLayer(a.floatValue("epsilon", 1e-5f), a.floatValue("momentum", 0.1f));
		}

		@Override
		BatchNormLayer parse(final Architectures.Args args) {
			args.maxPositional(0, "batchnorm(eps=1e-5, momentum=0.1)");
			final float eps = args.number(-1, "eps", 1e-5f);
			final float mom = args.number(-1, "momentum", 0.1f);
			if (!(eps > 0)) throw new IllegalArgumentException("eps must be > 0, got " + eps);
			if (!(mom >= 0 && mom <= 1)) throw new IllegalArgumentException(
				"momentum must be in [0, 1], got " + mom);
			return new BatchNormLayer(eps, mom);
		}

		@Override
		void format(final BatchNormLayer l, final List<String> args) {
			if (l.epsilon != 1e-5f) args.add("eps=" + l.epsilon);
			if (l.momentum != 0.1f) args.add("momentum=" + l.momentum);
		}

		@Override
		protected void toOnnx(final BatchNormLayer l, final OnnxExport out) {
			out.input(l.gamma.name());
			out.input(l.beta.name());
			out.input(l.runningMean.name());
			out.input(l.runningVar.name());
			out.attribute("epsilon", l.epsilon);
			out.attribute("momentum", (float) (1 - (double) l.momentum));
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			if (in.intAttribute("training_mode", 0) != 0) throw new IllegalArgumentException(
				"training_mode=1 is not supported: export the model in inference mode");
			final String x = in.data(0);
			final String[] what = { "the scale", "the bias", "the mean", "the variance" };
			boolean all = true;
			for (int k = 1; k <= 4; k++)
				all &= in.constantShape(k, what[k - 1]) != null;
			if (!all) throw new IllegalArgumentException("needs scale, bias, mean and variance inputs");
			final float onnxMomentum = in.floatAttribute("momentum", 0.9f);
			final String name = in.add(new BatchNormLayer(in.floatAttribute("epsilon", 1e-5f),
				ourMomentum(onnxMomentum)), x);
			in.weight(name, "weight", 1);
			in.weight(name, "bias", 2);
			in.weight(name, "running_mean", 3);
			in.weight(name, "running_var", 4);
		}
	};

	/**
	 * Our (PyTorch's) batch-norm momentum from ONNX's, {@code 1 - m}, rounded to 6 significant
	 * digits so that a float written as {@code 1 - 0.1f} reads back as {@code 0.1f}.
	 */
	static float ourMomentum(final float onnxMomentum) {
		final double m = 1 - (double) onnxMomentum;
		if (m <= 0 || m >= 1) return (float) m;
		return new BigDecimal(m).round(new MathContext(6)).floatValue();
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("epsilon", epsilon);
		a.put("momentum", momentum);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int c = inputShapes[0][0];
		gamma = addParameter("weight", Tensor.zeros(c));
		beta = addParameter("bias", Tensor.zeros(c));
		runningMean = addBuffer("running_mean", Tensor.zeros(c));
		runningVar = addBuffer("running_var", Tensor.zeros(c));
		return inputShapes[0];
	}

	@Override
	void initialize(final Random rnd, final boolean heInit) {
		Arrays.fill(gamma.value().data(), 1f);
		Arrays.fill(beta.value().data(), 0f);
		Arrays.fill(runningMean.value().data(), 0f);
		Arrays.fill(runningVar.value().data(), 1f);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int n = x.size(0), c = x.size(1);
		final int area = n * c == 0 ? 0 : x.numel() / (n * c);
		final Tensor y = output(x.shape());
		final float[] xd = x.data(), yd = y.data();
		final float[] g = gamma.value().data(), b = beta.value().data();
		final float[] rm = runningMean.value().data(), rv = runningVar.value().data();
		if (!training) {
			lastNormalized = null;
			lastInvStd = null;
			Parallel.run(c, ch -> {
				final float inv = (float) (1 / Math.sqrt(rv[ch] + (double) epsilon));
				final float scale = g[ch] * inv, shift = b[ch] - rm[ch] * scale;
				for (int s = 0; s < n; s++) {
					final int o = (s * c + ch) * area;
					for (int i = o; i < o + area; i++)
						yd[i] = xd[i] * scale + shift;
				}
			});
			return y;
		}
		final long count = (long) n * area;
		if (count < 2) throw new IllegalArgumentException("node '" + name() +
			"' (batchnorm) needs more than one value per channel in training mode, got input " + x);
		final Tensor xhat = kept(KEPT, x.shape());
		final float[] h = xhat.data();
		final float[] invStd = new float[c];
		Parallel.run(c, ch -> {
			double sum = 0;
			for (int s = 0; s < n; s++) {
				final int o = (s * c + ch) * area;
				for (int i = o; i < o + area; i++)
					sum += xd[i];
			}
			final double mean = sum / count;
			double sq = 0;
			for (int s = 0; s < n; s++) {
				final int o = (s * c + ch) * area;
				for (int i = o; i < o + area; i++) {
					final double dv = xd[i] - mean;
					sq += dv * dv;
				}
			}
			final double var = sq / count;
			final float inv = (float) (1 / Math.sqrt(var + epsilon));
			invStd[ch] = inv;
			final float fm = (float) mean;
			for (int s = 0; s < n; s++) {
				final int o = (s * c + ch) * area;
				for (int i = o; i < o + area; i++) {
					final float v = (xd[i] - fm) * inv;
					h[i] = v;
					yd[i] = g[ch] * v + b[ch];
				}
			}
			rm[ch] = (float) ((1 - momentum) * rm[ch] + momentum * mean);
			rv[ch] = (float) ((1 - momentum) * rv[ch] + momentum * var * count / (count - 1));
		});
		lastNormalized = xhat;
		lastInvStd = invStd;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor xhat = requireForward(lastNormalized);
		final int n = xhat.size(0), c = xhat.size(1);
		final int area = xhat.numel() / (n * c);
		final long count = (long) n * area;
		final float[] h = xhat.data(), dy = gradOutput.data();
		final float[] g = gamma.value().data(), dg = gamma.grad().data(), db = beta.grad().data();
		final Tensor dx = inputGradients ? gradient(xhat.shape()) : null;
		final float[] d = dx == null ? null : dx.data();
		final float[] invStd = lastInvStd;
		Parallel.run(c, ch -> {
			double sumDy = 0, sumDyH = 0;
			for (int s = 0; s < n; s++) {
				final int o = (s * c + ch) * area;
				for (int i = o; i < o + area; i++) {
					sumDy += dy[i];
					sumDyH += (double) dy[i] * h[i];
				}
			}
			dg[ch] = (float) sumDyH;
			db[ch] = (float) sumDy;
			if (d == null) return;
			final float k = g[ch] * invStd[ch];
			final float meanDy = (float) (sumDy / count), meanDyH = (float) (sumDyH / count);
			for (int s = 0; s < n; s++) {
				final int o = (s * c + ch) * area;
				for (int i = o; i < o + area; i++)
					d[i] = k * (dy[i] - meanDy - h[i] * meanDyH);
			}
		});
		return new Tensor[] { dx };
	}
}
