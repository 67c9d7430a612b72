package io.github.convnetij.nn;

import java.util.EnumSet;
import java.util.Arrays;

import io.github.convnetij.compute.Tensor;

/** Element-wise sum of two inputs of the same shape (residual connections). */
final class AddLayer extends Layer {

	private boolean forwarded;

	/**
	 * {@code add(a)} or {@code add(a, b)} (labels of the inputs); ONNX Add of two computed values (of
	 * a computed value and a constant: {@link ConstantOpLayer}).
	 */
	static final LayerKind<AddLayer> KIND = new LayerKind<>("add", AddLayer.class, 2, EnumSet.of(
		LayerKind.Capability.SHAPE_PRESERVING, LayerKind.Capability.INPUTS_AS_ARGUMENTS,
		LayerKind.Capability.RELU_EPILOGUE, LayerKind.Capability.SUM_OF_TWO), "Add")
	{

		@Override
		protected AddLayer create(final Attributes a) {
			return new AddLayer();
		}

		@Override
		AddLayer parse(final Architectures.Args args) {
			return new AddLayer();
		}

		@Override
		protected void toOnnx(final AddLayer l, final OnnxExport out) {}

		@Override
		public void fromOnnx(final OnnxImport in) {
			if (in.numInputs() == 2 && (in.isConstant(0) || in.isConstant(1))) {
				ConstantOpLayer.importConstant(in, ConstantOpLayer.Op.ADD); // a bias, a normalisation
				return;
			}
			if (in.numInputs() != 2) throw new IllegalArgumentException("Add needs 2 inputs, got " + in
				.numInputs());
			in.add(new AddLayer(), in.data(0), in.data(1));
		}
	};

	@Override
	public LayerKind<?> kind() {
		return KIND;
	}

	@Override
	int[] build(final int[][] inputShapes) {
		if (!Arrays.equals(inputShapes[0], inputShapes[1])) throw new IllegalArgumentException(
			"add needs two inputs of the same shape, got " + Arrays.toString(inputShapes[0]) + " and " +
				Arrays.toString(inputShapes[1]));
		return inputShapes[0];
	}

	@Override
	public Tensor forward(final Tensor[] inputs, final boolean training) {
		final Tensor a = checkInput(inputs, 0), b = checkInput(inputs, 1);
		final Tensor y = output(a.shape());
		final float[] ad = a.data(), bd = b.data(), yd = y.data();
		Parallel.elements(yd.length, (from, to) -> {
			for (int i = from; i < to; i++)
				yd[i] = ad[i] + bd[i];
		});
		forwarded = training;
		return y;
	}

	@Override
	Tensor forwardRelu(final Tensor[] inputs) {
		final Tensor a = checkInput(inputs, 0), b = checkInput(inputs, 1);
		final Tensor y = output(a.shape());
		final float[] ad = a.data(), bd = b.data(), yd = y.data();
		Parallel.elements(yd.length, (from, to) -> {
			for (int i = from; i < to; i++)
				yd[i] = Math.max(ad[i] + bd[i], 0f);
		});
		forwarded = false;
		return y;
	}

	@Override
	public Tensor[] backward(final Tensor gradOutput, final boolean inputGradients) {
		if (!forwarded) requireForward(null);
		return inputGradients ? new Tensor[] { gradOutput, gradOutput } : new Tensor[2];
	}
}
