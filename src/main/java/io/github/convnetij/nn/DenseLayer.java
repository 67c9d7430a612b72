package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.List;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;

import io.github.convnetij.compute.Gemm;
import io.github.convnetij.compute.Tensor;

/**
 * Fully connected layer {@code y = x W^T + b}, weight {@code [units, in]} as PyTorch's Linear and
 * ONNX Gemm with {@code transB = 1}; all three products on {@link Gemm}.
 */
final class DenseLayer extends Layer {

	private final int units;
	private final boolean hasBias;
	private int in;
	private Parameter weight, bias;
	private Tensor lastInput;

	DenseLayer(final int units, final boolean bias) {
		if (units < 1) throw new IllegalArgumentException("dense needs >= 1 unit, got " + units);
		this.units = units;
		this.hasBias = bias;
	}

	/**
	 * {@code dense(units[, bias=false])}; ONNX Gemm ({@code transB=1}; any transB, alpha, beta on
	 * import), and MatMul of a flat input by a constant matrix on import.
	 */
	static final LayerKind<DenseLayer> KIND = new LayerKind<>("dense", DenseLayer.class, 1, EnumSet
		.noneOf(LayerKind.Capability.class), "Gemm", "MatMul")
	{

		@Override
		protected DenseLayer create(final Attributes a) {
			return new DenseLayer(a.requireInt("units"), a.bool("bias", true));
		}

		@Override
		DenseLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "dense(units)");
			return new DenseLayer(args.count(0, "units", "the number of units"), args.bool("bias", true));
		}

		@Override
		void format(final DenseLayer l, final List<String> args) {
			args.add(String.valueOf(l.units));
			if (!l.hasBias) args.add("bias=false");
		}

		@Override
		protected void toOnnx(final DenseLayer l, final OnnxExport out) {
			out.input(l.weight.name());
			if (l.bias != null) out.input(l.bias.name());
			out.attribute("transB", 1L);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int[] inShape = in.shape(x);
			if (inShape.length != 1) throw new IllegalArgumentException("needs a flat input [N, F], got " +
				"per-sample shape " + Arrays.toString(inShape));
			if (in.intAttribute("transA", 0) != 0) throw new IllegalArgumentException(
				"transA=1 is not supported");
			final long[] wdims = in.constantDims(1, "B (the weight)");
			if (wdims == null || wdims.length != 2) throw new IllegalArgumentException(
				"B (the weight) must be a constant matrix");
			final boolean transB = in.intAttribute("transB", 0) != 0;
			final int[] ws = in.constantShape(1, "B (the weight)");
			final int units = transB ? ws[0] : ws[1], inF = transB ? ws[1] : ws[0];
			final float alpha = in.floatAttribute("alpha", 1f), beta = in.floatAttribute("beta", 1f);
			float[] wd = in.constantFloats(1, "B (the weight)");
			if (!transB) {
				final float[] t = new float[wd.length];
				for (int i = 0; i < inF; i++)
					for (int j = 0; j < units; j++)
						t[j * inF + i] = wd[i * units + j];
				wd = t;
			}
			if (alpha != 1f) for (int i = 0; i < wd.length; i++)
				wd[i] *= alpha;
			final long[] cs = in.constantDims(2, "C (the bias)");
			float[] bias = null;
			if (cs != null && beta != 0f) {
				final float[] cd = in.constantFloats(2, "C (the bias)");
				if (cd.length == units && (cs.length == 1 || cs.length == 2 && cs[0] == 1)) bias = cd;
				else if (cd.length == 1) {
					bias = new float[units];
					Arrays.fill(bias, cd[0]);
				}
				else throw new IllegalArgumentException("C (the bias) of shape " + Arrays.toString(cs) +
					" is not supported: expected [" + units + "], [1, " + units + "] or a scalar");
				if (beta != 1f) for (int i = 0; i < bias.length; i++)
					bias[i] *= beta;
			}
			final String name = in.add(new DenseLayer(units, bias != null), x);
			in.weight(name, "weight", wd, new int[] { units, inF }, "'" + in.inputName(1) + "'" + (transB
				? "" : " (transposed)"));
			if (bias != null) in.weight(name, "bias", bias, new int[] { units }, "'" + in.inputName(2) +
				"'");
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("units", units);
		a.put("bias", hasBias);
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] s = inputShapes[0];
		if (s.length != 1) throw new IllegalArgumentException("dense needs a flat input [F], got " +
			Arrays.toString(s) + ": put flatten (or globalavgpool, flatten) before it");
		in = s[0];
		weight = addParameter("weight", Tensor.zeros(units, in));
		if (hasBias) bias = addParameter("bias", Tensor.zeros(units));
		return new int[] { units };
	}

	@Override
	void initialize(final Random rnd, final boolean heInit) {
		Initializers.fill(weight.value(), rnd, in, units, heInit);
		if (bias != null) Arrays.fill(bias.value().data(), 0f);
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int n = x.size(0);
		final Tensor y = output(new int[] { n, units });
		final float[] yd = y.data();
		if (bias != null) {
			final float[] b = bias.value().data();
			// beta = 1 adds the bias rows written here (a reused array holds stale values elsewhere)
			for (int s = 0; s < n; s++)
				System.arraycopy(b, 0, yd, s * units, units);
		}
		Gemm.sgemm(false, true, n, units, in, 1f, x.data(), 0, in, weight.value().data(), 0, in,
			bias == null ? 0f : 1f, yd, 0, units);
		lastInput = training ? x : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final Tensor x = requireForward(lastInput);
		final int n = x.size(0);
		final float[] dy = gradOutput.data();
		// dW = dY^T X
		Gemm.sgemm(true, false, units, in, n, 1f, dy, 0, units, x.data(), 0, in, 0f, weight.grad()
			.data(), 0, in);
		if (bias != null) {
			final float[] db = bias.grad().data();
			Parallel.run(units, u -> {
				double sum = 0;
				for (int s = 0; s < n; s++)
					sum += dy[s * units + u];
				db[u] = (float) sum;
			});
		}
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(new int[] { n, in });
		Gemm.sgemm(false, false, n, in, units, 1f, dy, 0, units, weight.value().data(), 0, in, 0f, dx
			.data(), 0, in);
		return new Tensor[] { dx };
	}
}
