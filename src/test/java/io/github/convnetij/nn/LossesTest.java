package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/**
 * {@link Losses#softmaxCrossEntropy} against hand-worked values: the accuracy count (a gap a
 * mutation run found: negating {@code arg == label}, or counting 0, survived), ties (the first
 * largest logit wins), labels out of range, and the loss and gradient of a two-class row.
 */
class LossesTest {

	@Test
	void accuracyCountsTheFirstLargestLogitAtTheLabel() {
		final Tensor logits = Tensor.of(new float[] { //
			0, 1, 5, // argmax 2
			3, 1, 0, // argmax 0
			1, 4, 2, // argmax 1
			2, 2, 1, // tie between 0 and 1: 0
			2, 2, 1 }, 5, 3);
		final int[] labels = { 2, 0, 0, 0, 1 }; // right, right, wrong, right (tie), wrong (tie)
		assertEquals(3, Losses.softmaxCrossEntropy(logits, labels, null).correct());
		assertEquals(0, Losses.softmaxCrossEntropy(logits, new int[] { 0, 1, 2, 1, 2 }, null)
			.correct());
		assertEquals(5, Losses.softmaxCrossEntropy(logits, new int[] { 2, 0, 1, 0, 0 }, null)
			.correct());
	}

	@Test
	void labelsOutsideTheClassesAreRefused() {
		final Tensor logits = Tensor.of(new float[] { 0, 1, 2, 3, 4, 5 }, 2, 3);
		assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(logits,
			new int[] { 0, 3 }, null)); // label == K
		assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(logits,
			new int[] { -1, 0 }, null));
		assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(logits,
			new int[] { 0 }, null));
	}

	@Test
	void lossAndGradientOfHandWorkedRows() {
		// row 1: equal logits, p = (1/2, 1/2): loss ln 2; row 2: logits (ln 3, 0), p = (3/4, 1/4),
		// label 1: loss ln 4. Mean (ln 2 + ln 4) / 2 = 1.5 ln 2. Gradient (p - onehot) / 2.
		final Tensor logits = Tensor.of(new float[] { 0, 0, (float) Math.log(3), 0 }, 2, 2);
		final Tensor grad = Tensor.zeros(2, 2);
		final Losses.Result r = Losses.softmaxCrossEntropy(logits, new int[] { 0, 1 }, grad);
		assertEquals(1.5 * Math.log(2), r.loss(), 1e-6);
		assertArrayEquals(new float[] { -0.25f, 0.25f, 0.375f, -0.375f }, grad.data(), 1e-6f);
		assertEquals(1, r.correct());
	}
	@Test
	void missingArgumentsAndAMismatchedGradientAreRefused() {
		final Tensor logits = Tensor.of(new float[] { 0, 1, 2, 3, 4, 5 }, 2, 3);
		assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(null,
			new int[] { 0, 0 }, null));
		assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(logits, null,
			null));
		assertThrows(IllegalArgumentException.class, () -> Losses.softmaxCrossEntropy(logits,
			new int[] { 0, 0 }, Tensor.zeros(2, 2)));
	}

	@Test
	void anEmptyBatchHasLossZeroAndNoneCorrect() {
		final Losses.Result r = Losses.softmaxCrossEntropy(Tensor.zeros(0, 3), new int[0], null);
		assertEquals(0.0, r.loss());
		assertEquals(0, r.correct());
	}

	@Test
	void softmaxOfHandWorkedRows() {
		// row 1: (0, ln 3, 0) -> (1/5, 3/5, 1/5); row 2: three equal logits of 1000 -> 1/3 each (only with the
		// max shift: exp(1000) overflows); row 3: (ln 2, 0, -inf) -> (2/3, 1/3, 0)
		final Tensor logits = Tensor.of(new float[] { 0, (float) Math.log(3), 0, //
			1000, 1000, 1000, //
			(float) Math.log(2), 0, Float.NEGATIVE_INFINITY }, 3, 3);
		final Tensor p = Losses.softmax(logits);
		assertArrayEquals(new int[] { 3, 3 }, p.shape());
		assertArrayEquals(new float[] { 0.2f, 0.6f, 0.2f, 1 / 3f, 1 / 3f, 1 / 3f, 2 / 3f, 1 / 3f, 0 },
			p.data(), 1e-6f);
		assertEquals(0, Losses.softmax(Tensor.zeros(0, 4)).numel());
	}
}
