package io.github.convnetij.nn;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.EnumSet;

import io.github.convnetij.compute.Tensor;

/**
 * Permutes the per-sample axes (the batch axis stays first): {@code transpose(1x0)} swaps the two
 * axes of {@code [A, B]} samples; ONNX Transpose with {@code perm[0] = 0}.
 */
final class TransposeLayer extends Layer {

	/** The per-sample permutation: output axis i is input axis perm[i]. */
	private final int[] perm;

	TransposeLayer(final int[] perm) {
		final boolean[] seen = new boolean[perm.length];
		for (final int p : perm) {
			if (p < 0 || p >= perm.length || seen[p]) throw new IllegalArgumentException("transpose perm " +
				Arrays.toString(perm) + " is not a permutation of 0.." + (perm.length - 1));
			seen[p] = true;
		}
		if (perm.length == 0) throw new IllegalArgumentException("transpose needs a permutation");
		this.perm = perm.clone();
	}

	static final LayerKind<TransposeLayer> KIND = new LayerKind<>("transpose", TransposeLayer.class,
		1, EnumSet.noneOf(LayerKind.Capability.class), "Transpose")
	{

		@Override
		protected TransposeLayer create(final Attributes a) {
			return new TransposeLayer(a.ints("perm", null));
		}

		@Override
		TransposeLayer parse(final Architectures.Args args) {
			args.maxPositional(1, "transpose(1x0)");
			final String v = args.raw(0, "perm");
			if (v == null) throw new IllegalArgumentException(
				"transpose needs the permutation of the per-sample axes, e.g. transpose(1x0)");
			return new TransposeLayer(naturals(v, "perm"));
		}

		@Override
		void format(final TransposeLayer l, final List<String> args) {
			args.add(joined(l.perm));
		}

		@Override
		protected void toOnnx(final TransposeLayer l, final OnnxExport out) {
			final int[] p = new int[l.perm.length + 1];
			for (int i = 0; i < l.perm.length; i++)
				p[i + 1] = l.perm[i] + 1;
			out.attribute("perm", p);
		}

		@Override
		public void fromOnnx(final OnnxImport in) {
			final String x = in.data(0);
			final int r = in.shape(x).length + 1;
			int[] p = in.intsAttribute("perm", null);
			if (p == null) throw new IllegalArgumentException("a Transpose without perm reverses the " +
				"axes, moving the batch axis, which is not supported");
			if (p.length != r) throw new IllegalArgumentException("perm " + Arrays.toString(p) + " for " +
				r + " axes");
			if (p[0] != 0) throw new IllegalArgumentException("perm " + Arrays.toString(p) +
				" moves the batch axis, which is not supported (the batch axis must stay first)");
			final int[] ours = new int[r - 1];
			boolean identity = true;
			for (int i = 1; i < r; i++) {
				ours[i - 1] = p[i] - 1;
				identity &= p[i] == i;
			}
			if (identity) in.alias(x);
			else in.add(new TransposeLayer(ours), x);
		}
	};

	/** Non-negative integers joined by x ({@code 2x0x1}). */
	static int[] naturals(final String v, final String what) {
		if (!v.matches("[0-9]+(\\s*x\\s*[0-9]+)*")) throw new IllegalArgumentException(what + " '" + v +
			"' must be non-negative integers joined by x, e.g. 1x0");
		return Arrays.stream(v.split("\\s*x\\s*")).mapToInt(s -> {
			try {
				return Integer.parseInt(s);
			}
			catch (final NumberFormatException e) {
				throw new IllegalArgumentException(what + " '" + v + "' has a value out of range", e);
			}
		}).toArray();
	}

	static String joined(final int[] v) {
		final StringBuilder sb = new StringBuilder();
		for (int i = 0; i < v.length; i++)
			sb.append(i == 0 ? "" : "x").append(v[i]);
		return sb.toString();
	}

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	public Map<String, Object> attributes() {
		final Map<String, Object> a = new LinkedHashMap<>();
		a.put("perm", perm.clone());
		return a;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length != perm.length) throw new IllegalArgumentException("transpose perm " + Arrays
			.toString(perm) + " does not fit per-sample shape " + Arrays.toString(in));
		final int[] out = new int[in.length];
		for (int i = 0; i < in.length; i++)
			out[i] = in[perm[i]];
		return out;
	}

	/**
	 * Moves each element of {@code x} (samples of per-sample shape {@code in}) to its place under
	 * {@code p}; {@code inverse} moves them back.
	 */
	private static void permute(final float[] x, final int[] in, final int[] p, final float[] y,
		final int n, final boolean inverse)
	{
		final int r = in.length;
		final int[] out = new int[r];
		for (int i = 0; i < r; i++)
			out[i] = in[p[i]];
		final int[] inStride = new int[r];
		int size = 1;
		for (int i = r - 1; i >= 0; i--) {
			inStride[i] = size;
			size *= in[i];
		}
		// stride in the input of each output axis
		final int[] step = new int[r];
		for (int i = 0; i < r; i++)
			step[i] = inStride[p[i]];
		final int[] idx = new int[r];
		for (int s = 0; s < n; s++) {
			final int base = s * size;
			Arrays.fill(idx, 0);
			int src = 0;
			for (int o = 0; o < size; o++) {
				if (inverse) y[base + src] = x[base + o];
				else y[base + o] = x[base + src];
				for (int a = r - 1; a >= 0; a--) {
					src += step[a];
					if (++idx[a] < out[a]) break;
					src -= step[a] * out[a];
					idx[a] = 0;
				}
			}
		}
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int[] s = new int[perm.length + 1];
		s[0] = x.size(0);
		System.arraycopy(outputShape(), 0, s, 1, perm.length);
		final Tensor y = output(s);
		permute(x.data(), inputShape(0), perm, y.data(), x.size(0), false);
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		if (!inputGradients) return new Tensor[] { null };
		final int[] s = new int[perm.length + 1];
		s[0] = gradOutput.size(0);
		System.arraycopy(inputShape(0), 0, s, 1, perm.length);
		final Tensor dx = gradient(s);
		permute(gradOutput.data(), inputShape(0), perm, dx.data(), gradOutput.size(0), true);
		return new Tensor[] { dx };
	}
}
