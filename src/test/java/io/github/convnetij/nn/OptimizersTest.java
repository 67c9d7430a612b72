package io.github.convnetij.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
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
	/** Two steps of p = 1 with gradient 1 at lr 0.1, by hand from torch.optim.SGD's update rule. */
	private static float twoSteps(final String name) {
		final Parameter p = param(1f);
		final Optimizer opt = Optimizers.named(name, 0.1).build(List.of(p));
		for (int i = 0; i < 2; i++) {
			p.grad().data()[0] = 1f;
			opt.step();
		}
		return p.value().data()[0];
	}

	@Test
	void namedOptimizersByHand() {
		// sgd: 1 - 0.1 - 0.1
		assertEquals(0.8, twoSteps(" SGD "), 1e-6);
		// momentum 0.9: buffers 1, 1.9; 1 - 0.1 - 0.19
		assertEquals(0.71, twoSteps("momentum"), 1e-6);
		// Nesterov: buffers 1, 1.9; steps g + 0.9 b = 1.9, 2.71; 1 - 0.19 - 0.271
		assertEquals(0.539, twoSteps("Nesterov"), 1e-6);
		// Adam's first steps move by lr (m / sqrt(v) = 1 for a constant gradient, bias-corrected);
		// torch.optim.Adam gives 0.80000001 (1 - beta1, 1 - beta2 taken in double, then rounded
		// once: 1 - 0.999f in float would give 0.7999986)
		assertEquals(0.80000001, twoSteps("adam"), 1e-7);
		// AdamW, default decay 0.01 decoupled: p (1 - lr wd) - lr, twice (torch.optim.AdamW:
		// 0.798101008)
		assertEquals((1 * 0.999 - 0.1) * 0.999 - 0.1, twoSteps("adamw"), 1e-5);
		assertThrows(IllegalArgumentException.class, () -> Optimizers.named(null, 0.1));
	}

	@Test
	void scheduleRangesAndForms() {
		// step: every >= 1 epoch, 0 < gamma <= 1
		assertThrows(IllegalArgumentException.class, () -> LearningRates.step(0, 0.5));
		assertEquals(0.5, LearningRates.step(1, 0.5).rate(1, 1), 0);
		assertEquals(1.0, LearningRates.step(1, 1).rate(1, 5), 0);
		for (final double g : new double[] { 0, -0.5, 1.0000001, Double.NaN })
			assertThrows(IllegalArgumentException.class, () -> LearningRates.step(2, g), "gamma " + g);
		// cosine: >= 1 epoch, 0 <= min <= 1
		assertThrows(IllegalArgumentException.class, () -> LearningRates.cosine(0, 0));
		assertEquals(0.5, LearningRates.cosine(1, 0).rate(1, 0.5), 1e-12);
		assertEquals(0.0, LearningRates.cosine(4, 0).rate(1, 4), 1e-12);
		assertEquals(1.0, LearningRates.cosine(4, 1).rate(1, 2), 1e-12);
		for (final double m : new double[] { -0.01, 1.01, Double.NaN })
			assertThrows(IllegalArgumentException.class, () -> LearningRates.cosine(4, m), "min " + m);
		// parsed forms and their defaults: step gamma 0.1, cosine min 0
		assertEquals(0.1, LearningRates.parse("STEP(3)").rate(1, 3), 1e-12);
		assertEquals(1.0, LearningRates.parse("step(3)").rate(1, 2.9), 0);
		assertEquals(0.25, LearningRates.parse(" step( 2 , 0.5 ) ").rate(1, 4), 1e-12);
		assertEquals(0.5, LearningRates.parse("cosine(4)").rate(1, 2), 1e-12);
		assertEquals(0.0, LearningRates.parse("cosine(4)").rate(1, 4), 1e-12);
		assertEquals(0.2, LearningRates.parse("cosine(4, 0.2)").rate(1, 4), 1e-12);
		assertEquals(2.0, LearningRates.parse("Constant").rate(2, 9), 0);
		for (final String bad : new String[] { null, "constant(3)", "step", "step()", "step(2, 0.5, 1)",
			"cosine", "cosine(1, 0, 0)", "step(x)", "cosine(2, y)", "step(2", "linear(3)" })
		{
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
				() -> LearningRates.parse(bad), String.valueOf(bad));
			assertTrue(e.getMessage().contains("step(every, gamma)"), e.getMessage());
		}
	}
	@Test
	void builderRangesAtTheirEdges() {
		// accepted at the closed ends
		Optimizers.sgd(0.1).momentum(0).weightDecay(0).clipNorm(0).clipValue(0).build(List.of());
		Optimizers.adam(0.1).betas(0, 0).build(List.of());
		final Optimizers.Builder b = Optimizers.sgd(0.1);
		for (final double v : new double[] { -0.1, 1, Double.NaN })
			assertThrows(IllegalArgumentException.class, () -> b.momentum(v), "momentum " + v);
		for (final double v : new double[] { -1e-9, Double.NaN }) {
			assertThrows(IllegalArgumentException.class, () -> b.weightDecay(v), "decay " + v);
			assertThrows(IllegalArgumentException.class, () -> b.clipNorm(v), "clip norm " + v);
			assertThrows(IllegalArgumentException.class, () -> b.clipValue(v), "clip value " + v);
		}
		for (final double v : new double[] { 0, -1, Double.NaN, Double.POSITIVE_INFINITY }) {
			assertThrows(IllegalArgumentException.class, () -> Optimizers.sgd(v), "lr " + v);
			assertThrows(IllegalArgumentException.class, () -> b.learningRate(v), "lr " + v);
			assertThrows(IllegalArgumentException.class, () -> b.epsilon(v), "epsilon " + v);
		}
		final Optimizers.Builder a = Optimizers.adam(0.1);
		for (final double v : new double[] { -0.1, 1, Double.NaN }) {
			assertThrows(IllegalArgumentException.class, () -> a.betas(v, 0.5), "beta1 " + v);
			assertThrows(IllegalArgumentException.class, () -> a.betas(0.5, v), "beta2 " + v);
		}
		// the optimizer's own learning rate: >= 0 and finite
		final Optimizer opt = Optimizers.sgd(0.1).build(List.of());
		opt.setLearningRate(0);
		assertEquals(0.0, opt.learningRate());
		for (final double v : new double[] { -1e-9, Double.NaN, Double.POSITIVE_INFINITY })
			assertThrows(IllegalArgumentException.class, () -> opt.setLearningRate(v), "rate " + v);
		opt.setSteps(0);
		assertThrows(IllegalArgumentException.class, () -> opt.setSteps(-1));
	}

	@Test
	void settingsReachTheUpdate() {
		// learning rate replaced on the builder, and on the optimizer: p = 1, g = 1
		final Parameter p = param(1f);
		final Optimizer opt = Optimizers.sgd(5).learningRate(0.25).build(List.of(p));
		assertEquals(0.25, opt.learningRate());
		p.grad().data()[0] = 1f;
		opt.step();
		assertEquals(0.75f, p.value().data()[0]);
		opt.setLearningRate(0.5);
		opt.step();
		assertEquals(0.25f, p.value().data()[0]);
		// plain SGD with L2 decay 0.5: d = g + 0.5 p = 1 + 0.5 = 1.5; p = 1 - 0.1 * 1.5
		final Parameter q = param(1f);
		q.grad().data()[0] = 1f;
		Optimizers.sgd(0.1).weightDecay(0.5).build(List.of(q)).step();
		assertEquals(0.85f, q.value().data()[0], 1e-7f);
		// Adam with epsilon 1: a constant gradient 1 has m-hat = v-hat = 1, the step is
		// lr * 1 / (1 + 1) = 0.05
		final Parameter r = param(1f);
		r.grad().data()[0] = 1f;
		Optimizers.adam(0.1).epsilon(1).build(List.of(r)).step();
		assertEquals(0.95f, r.value().data()[0], 1e-6f);
		// Adam with betas 0 and 0: m = g, v = g^2, the step is lr * g / |g| = lr whatever the gradient
		final Parameter s = param(1f, 1f);
		s.grad().data()[0] = 4f;
		s.grad().data()[1] = -0.01f;
		final Optimizer sa = Optimizers.adam(0.1).betas(0, 0).build(List.of(s));
		sa.step();
		assertEquals(0.9f, s.value().data()[0], 1e-6f);
		assertEquals(1.1f, s.value().data()[1], 1e-5f);
	}

	@Test
	void clipNormFollowsPyTorchsRule() {
		// torch.nn.utils.clip_grad_norm_: scale by max / (norm + 1e-6) only where norm > max. The
		// gradient (3, 4) has norm 5: at max 5 it is left alone (lr 1: p = -g exactly) ...
		final Parameter p = param(0f, 0f);
		p.grad().data()[0] = 3f;
		p.grad().data()[1] = 4f;
		Optimizers.sgd(1).clipNorm(5).build(List.of(p)).step();
		assertEquals(-3f, p.value().data()[0]);
		assertEquals(-4f, p.value().data()[1]);
		// ... at max 1 it is scaled by 1 / (5 + 1e-6) = 0.19999996
		final Parameter q = param(0f, 0f);
		q.grad().data()[0] = 3f;
		q.grad().data()[1] = 4f;
		Optimizers.sgd(1).clipNorm(1).build(List.of(q)).step();
		assertEquals(-0.59999988f, q.value().data()[0], 2e-8f);
		assertEquals(-0.79999984f, q.value().data()[1], 2e-8f);
	}

	@Test
	void stateHoldsOneBufferPerMomentOnlyForTrainableParameters() {
		final Parameter w = new Parameter("w", "weight", Tensor.zeros(2, 3), true);
		final Parameter m = new Parameter("mean", "running_mean", Tensor.zeros(3), false);
		assertEquals(List.of(), List.copyOf(Optimizers.sgd(0.1).build(List.of(w, m)).state()
			.keySet()));
		assertEquals(List.of("w.momentum"), List.copyOf(Optimizers.sgd(0.1).momentum(0.5).build(List
			.of(w, m)).state().keySet()));
		final Optimizer adam = Optimizers.adam(0.1).build(List.of(w, m));
		assertEquals(List.of("w.m", "w.v"), List.copyOf(adam.state().keySet()));
		assertArrayEquals(new int[] { 2, 3 }, adam.state().get("w.v").shape());
		// loading: unknown and missing keys and other shapes are refused, naming the key
		final Map<String, Tensor> good = Map.of("w.m", Tensor.zeros(2, 3), "w.v", Tensor.zeros(2, 3));
		adam.loadState(good);
		final Map<String, Tensor> unknown = new HashMap<>(good);
		unknown.put("w.momentum", Tensor.zeros(2, 3));
		final Map<String, Tensor> missing = Map.of("w.m", Tensor.zeros(2, 3));
		final Map<String, Tensor> shape = Map.of("w.m", Tensor.zeros(2, 3), "w.v", Tensor.zeros(3, 2));
		for (final Map<String, Tensor> bad : List.of(unknown, missing, shape)) {
			final IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> adam
				.loadState(bad));
			assertTrue(e.getMessage().contains("'w."), e.getMessage());
		}
	}

	@Test
	void descriptions() {
		assertEquals("sgd(lr=0.1)", Optimizers.sgd(0.1).build(List.of()).describe());
		assertEquals("sgd(lr=0.1, momentum=0.9, nesterov)", Optimizers.named("nesterov", 0.1).build(
			List.of()).describe());
		assertEquals("adam(lr=0.01, betas=0.9/0.999, eps=1.0E-8)", Optimizers.adam(0.01).build(List
			.of()).describe());
		assertEquals("adamw(lr=0.01, betas=0.5/0.6, eps=0.001, weight_decay=0.01, clip_norm=2.0, " +
			"clip_value=3.0)", Optimizers.adamW(0.01).betas(0.5, 0.6).epsilon(1e-3).clipNorm(2)
				.clipValue(3).build(List.of()).describe());
	}
}
