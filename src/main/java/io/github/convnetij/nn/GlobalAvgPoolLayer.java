package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/** Mean over all spatial positions per channel: {@code [C, S...]} to {@code [C, 1, ...]}. */
final class GlobalAvgPoolLayer extends Layer {

	private int[] lastInputShape;

	/** {@code globalavgpool}; ONNX GlobalAveragePool. */
	static final LayerKind<GlobalAvgPoolLayer> KIND = new LayerKind<>("globalavgpool",
		GlobalAvgPoolLayer.class, 1, EnumSet.noneOf(LayerKind.Capability.class), "GlobalAveragePool")
	{

		@Override
		protected GlobalAvgPoolLayer create(final Attributes a) {
			return new GlobalAvgPoolLayer();
		}

		@Override
		GlobalAvgPoolLayer parse(final Architectures.Args args) {
			args.maxPositional(0, type());
			return new GlobalAvgPoolLayer();
		}

		@Override
		protected void toOnnx(final GlobalAvgPoolLayer l, final OnnxExport out) {}

		@Override
		public void fromOnnx(final OnnxImport in) {
			in.add(new GlobalAvgPoolLayer(), in.data(0));
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		final int[] in = inputShapes[0];
		if (in.length < 2) throw new IllegalArgumentException("globalavgpool needs an input [C, H, W]" +
			" (channels and 1 to 3 spatial axes), got " + Arrays.toString(in));
		final int[] out = new int[in.length];
		Arrays.fill(out, 1);
		out[0] = in[0];
		return out;
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor x = checkInput(inputs, 0);
		final int[] s = x.shape();
		final int[] os = s.clone();
		for (int i = 2; i < os.length; i++)
			os[i] = 1;
		final Tensor y = output(os);
		final int planes = s[0] * s[1];
		final int area = planes == 0 ? 0 : x.numel() / planes;
		final float[] xd = x.data(), yd = y.data();
		Parallel.run(planes, pl -> {
			double sum = 0;
			for (int i = pl * area, e = i + area; i < e; i++)
				sum += xd[i];
			yd[pl] = (float) (sum / area);
		});
		lastInputShape = training ? s : null;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		final int[] s = requireForward(lastInputShape);
		if (!inputGradients) return new Tensor[] { null };
		final Tensor dx = gradient(s);
		final int planes = s[0] * s[1];
		final int area = planes == 0 ? 0 : dx.numel() / planes;
		final float[] g = gradOutput.data(), d = dx.data();
		Parallel.run(planes, pl -> Arrays.fill(d, pl * area, (pl + 1) * area, g[pl] / area));
		return new Tensor[] { dx };
	}
}
