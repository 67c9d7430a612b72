package io.github.convnetij.nn;

import io.github.convnetij.compute.Tensor;

/**
 * The training step's loss, outside the graph: forward in training mode up to the logits, the
 * fused and numerically stable softmax cross-entropy of {@link Losses}, and the backward pass.
 * The logits are the input of a last {@link LayerKind.Capability#NORMALISES_LOGITS} node (a final
 * softmax, which is skipped), else the network's output ({@link Graph#logitsEnd()}).
 * <pre>{@code
 * Network.BatchResult r = LossStep.softmaxCrossEntropy(net, images, labels);
 * optimizer.step();
 * }</pre>
 */
public final class LossStep {

	private LossStep() {}

	/**
	 * One training batch: forward in training mode, the mean softmax cross-entropy of the logits
	 * against {@code labels}, and the backward pass, which sets every parameter's gradient. Then
	 * advances the network's training step. Call the optimizer's {@code step()} afterwards.
	 *
	 * @param labels one class index in {@code [0, classes)} per sample
	 * @throws IllegalArgumentException if the number of labels is not the batch size or a label is
	 *           out of range
	 */
	public static Network.BatchResult softmaxCrossEntropy(final Network net, final Tensor input,
		final int[] labels)
	{
		final Executor ex = net.executor();
		final int upTo = net.graph().logitsEnd();
		final Tensor logits = ex.run(input, true, upTo, null, null);
		final Tensor grad = Tensor.zeros(logits.shape());
		final Losses.Result r = Losses.softmaxCrossEntropy(logits, labels, grad);
		ex.backwardFrom(upTo - 1, grad, false);
		net.setStep(net.step() + 1);
		return new Network.BatchResult(r.loss(), r.correct(), labels.length);
	}
}
