package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.github.convnetij.compute.Tensor;

/** Optimizer formulas on hand-computed cases, state round trips, schedules and clipping. */
class OptimizersTest {

	private static Parameter param(final float... v) {
		return new Parameter("p", "weight", Tensor.of(v.clone(), v.length), true);
	}

	@Test
	void sgdMomentumAndClipping() {
		final Parameter p = param(1f, -2f);
		final Optimizer opt = Optimizers.sgd(0.5).momentum(0.5).clipNorm(1).build(List.of(p));
		p.grad().data()[0] = 3f;
		p.grad().data()[1] = 4f; // norm 5, clipped to 1: (0.6, 0.8)
		opt.step();
		assertEquals(1 - 0.5 * 0.6, p.value().data()[0], 1e-6);
		assertEquals(-2 - 0.5 * 0.8, p.value().data()[1], 1e-6);
		p.grad().data()[0] = 0f;
		p.grad().data()[1] = 0f;
		opt.step(); // momentum alone: buf = 0.5 * (0.6, 0.8)
		assertEquals(1 - 0.5 * 0.6 - 0.5 * 0.3, p.value().data()[0], 1e-6);
		assertTrue(opt.describe().startsWith("sgd(lr=0.5, momentum=0.5"), opt.describe());
	}

	@Test
	void clipValue() {
		final Parameter p = param(0f, 0f);
		final Optimizer opt = Optimizers.sgd(1).clipValue(0.1).build(List.of(p));
		p.grad().data()[0] = 5f;
		p.grad().data()[1] = -0.05f;
		opt.step();
		assertEquals(-0.1f, p.value().data()[0], 1e-7);
		assertEquals(0.05f, p.value().data()[1], 1e-7);
	}

	@Test
	void stateRoundTripContinuesExactly() {
		final Parameter a = param(1f, 2f, 3f), b = param(1f, 2f, 3f);
		final Optimizer oa = Optimizers.adam(0.1).build(List.of(a));
		for (int i = 0; i < 3; i++) {
			a.grad().data()[0] = i + 1;
			a.grad().data()[2] = -i;
			oa.step();
		}
		// b: same values, a fresh optimizer loaded from oa's state
		System.arraycopy(a.value().data(), 0, b.value().data(), 0, 3);
		final Optimizer ob = Optimizers.adam(0.1).build(List.of(b));
		final Map<String, Tensor> saved = new HashMap<>();
		oa.state().forEach((k, v) -> saved.put(k, v.copy()));
		ob.loadState(saved);
		ob.setSteps(oa.steps());
		for (final Parameter p : List.of(a, b)) {
			p.grad().data()[0] = 0.2f;
			p.grad().data()[1] = 0.7f;
			p.grad().data()[2] = -0.4f;
		}
		oa.step();
		ob.step();
		assertEquals(java.util.Arrays.toString(a.value().data()), java.util.Arrays.toString(b.value()
			.data()));
		saved.remove("p.v");
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ob
			.loadState(saved));
		assertTrue(e.getMessage().contains("p.v"), e.getMessage());
	}

	@Test
	void schedules() {
		assertEquals(1.0, LearningRates.parse("constant").rate(1, 7), 0);
		final LearningRateSchedule step = LearningRates.parse("step(2, 0.5)");
		assertEquals(1.0, step.rate(1, 1.9), 1e-12);
		assertEquals(0.25, step.rate(1, 4), 1e-12);
		final LearningRateSchedule cos = LearningRates.cosine(10, 0.1);
		assertEquals(1.0, cos.rate(1, 0), 1e-12);
		assertEquals(0.55, cos.rate(1, 5), 1e-12);
		assertEquals(0.1, cos.rate(1, 10), 1e-12);
		assertEquals(0.1, cos.rate(1, 12), 1e-12);
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> LearningRates.parse("exp(3)"));
		assertTrue(e.getMessage().contains("cosine"), e.getMessage());
	}

	@Test
	void badSettings() {
		assertThrows(IllegalArgumentException.class, () -> Optimizers.adam(-1));
		assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(0.1).momentum(1));
		assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(0.1).nesterov(true).build(List
			.of()));
		final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
			() -> Optimizers.named("rmsprop", 0.1));
		assertTrue(e.getMessage().contains("adamw"), e.getMessage());
	}
}
