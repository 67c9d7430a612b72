package io.github.convnetij.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Optimizers, configured by a builder and bound to a parameter list: SGD (momentum, Nesterov),
 * Adam, AdamW (decoupled weight decay), with L2 weight decay and gradient clipping. Updates follow
 * PyTorch's {@code torch.optim} formulas, in float.
 * <pre>{@code
 * Optimizer adam = Optimizers.adam(1e-3).build(net.parameters());
 * Optimizer sgd = Optimizers.sgd(0.05).momentum(0.9).nesterov(true).weightDecay(5e-4)
 *     .clipNorm(5).build(net.parameters());
 * Optimizer adamw = Optimizers.named("adamw", 1e-3).weightDecay(0.01).build(net.parameters());
 * }</pre>
 * Clipping happens first (global L2 norm over all gradients, then per-value), then weight decay,
 * then the update. Clipping changes the gradient tensors in place.
 */
public final class Optimizers {

	private Optimizers() {}

	/** Plain SGD (add {@link Builder#momentum} and {@link Builder#nesterov} as needed). */
	public static Builder sgd(final double learningRate) {
		return new Builder(Kind.SGD, learningRate);
	}

	/** Adam (betas 0.9/0.999, epsilon 1e-8); weight decay is added to the gradient (L2). */
	public static Builder adam(final double learningRate) {
		return new Builder(Kind.ADAM, learningRate);
	}

	/** AdamW: Adam with decoupled weight decay ({@code p -= lr * wd * p}), default decay 0.01. */
	public static Builder adamW(final double learningRate) {
		return new Builder(Kind.ADAMW, learningRate).weightDecay(0.01);
	}

	/**
	 * A builder by name: {@code sgd}, {@code momentum} (SGD, momentum 0.9), {@code nesterov} (SGD,
	 * Nesterov momentum 0.9), {@code adam}, {@code adamw}; case-insensitive.
	 *
	 * @throws IllegalArgumentException for another name, listing the accepted ones
	 */
	public static Builder named(final String name, final double learningRate) {
		switch (name == null ? "" : name.trim().toLowerCase(Locale.ROOT)) {
			case "sgd":
				return sgd(learningRate);
			case "momentum":
				return sgd(learningRate).momentum(0.9);
			case "nesterov":
				return sgd(learningRate).momentum(0.9).nesterov(true);
			case "adam":
				return adam(learningRate);
			case "adamw":
				return adamW(learningRate);
			default:
				throw new IllegalArgumentException("unknown optimizer '" + name +
					"'; accepted: sgd, momentum, nesterov, adam, adamw");
		}
	}

	private enum Kind {
		SGD, ADAM, ADAMW
	}

	/** Settings of an optimizer; {@link #build} binds them to parameters. */
	public static final class Builder {

		private final Kind kind;
		private double lr, momentum, beta1 = 0.9, beta2 = 0.999, epsilon = 1e-8, weightDecay,
				clipNorm, clipValue;
		private boolean nesterov;

		private Builder(final Kind kind, final double lr) {
			this.kind = kind;
			this.lr = positive(lr, "learning rate");
		}

		public Builder learningRate(final double rate) {
			lr = positive(rate, "learning rate");
			return this;
		}

		/** SGD momentum in [0, 1). */
		public Builder momentum(final double m) {
			if (!(m >= 0 && m < 1)) throw new IllegalArgumentException("momentum must be in [0, 1), got " +
				m);
			momentum = m;
			return this;
		}

		/** Nesterov momentum (SGD with momentum > 0). */
		public Builder nesterov(final boolean n) {
			nesterov = n;
			return this;
		}

		/** Adam's decay rates, each in [0, 1). */
		public Builder betas(final double b1, final double b2) {
			if (!(b1 >= 0 && b1 < 1 && b2 >= 0 && b2 < 1)) throw new IllegalArgumentException(
				"betas must be in [0, 1), got " + b1 + " and " + b2);
			beta1 = b1;
			beta2 = b2;
			return this;
		}

		public Builder epsilon(final double e) {
			epsilon = positive(e, "epsilon");
			return this;
		}

		/** Weight decay >= 0: L2 added to the gradient (SGD, Adam) or decoupled (AdamW). */
		public Builder weightDecay(final double wd) {
			if (!(wd >= 0)) throw new IllegalArgumentException("weight decay must be >= 0, got " + wd);
			weightDecay = wd;
			return this;
		}

		/** Scales all gradients down so that their global L2 norm is at most {@code max} (0: off). */
		public Builder clipNorm(final double max) {
			if (!(max >= 0)) throw new IllegalArgumentException("clip norm must be >= 0, got " + max);
			clipNorm = max;
			return this;
		}

		/** Clamps every gradient value to {@code [-max, max]} (0: off). */
		public Builder clipValue(final double max) {
			if (!(max >= 0)) throw new IllegalArgumentException("clip value must be >= 0, got " + max);
			clipValue = max;
			return this;
		}

		/**
		 * An optimizer for these trainable parameters (buffers are skipped).
		 *
		 * @throws IllegalArgumentException if Nesterov is set without momentum
		 */
		public Optimizer build(final List<Parameter> parameters) {
			if (nesterov && momentum == 0) throw new IllegalArgumentException(
				"Nesterov needs a momentum > 0");
			final List<Parameter> ps = new ArrayList<>();
			for (final Parameter p : parameters)
				if (p.trainable()) ps.add(p);
			return new Impl(this, ps);
		}

		private static double positive(final double v, final String what) {
			if (!(v > 0) || Double.isInfinite(v)) throw new IllegalArgumentException(what +
				" must be a positive number, got " + v);
			return v;
		}
	}

	private static final class Impl implements Optimizer {

		private final Kind kind;
		private final double momentum, beta1, beta2, epsilon, weightDecay, clipNorm, clipValue;
		private final boolean nesterov;
		private final List<Parameter> params;
		private final Map<String, Tensor> state = new LinkedHashMap<>();
		private final float[][] first, second;
		private double lr;
		private long steps;

		Impl(final Builder b, final List<Parameter> params) {
			kind = b.kind;
			lr = b.lr;
			momentum = b.momentum;
			beta1 = b.beta1;
			beta2 = b.beta2;
			epsilon = b.epsilon;
			weightDecay = b.weightDecay;
			clipNorm = b.clipNorm;
			clipValue = b.clipValue;
			nesterov = b.nesterov;
			this.params = params;
			first = new float[params.size()][];
			second = new float[params.size()][];
			for (int i = 0; i < params.size(); i++) {
				final Parameter p = params.get(i);
				if (kind == Kind.SGD) {
					if (momentum > 0) first[i] = put(p.name() + ".momentum", p);
				}
				else {
					first[i] = put(p.name() + ".m", p);
					second[i] = put(p.name() + ".v", p);
				}
			}
		}

		private float[] put(final String name, final Parameter p) {
			final Tensor t = Tensor.zeros(p.value().shape());
			state.put(name, t);
			return t.data();
		}

		@Override
		public void step() {
			clip();
			steps++;
			final float fl = (float) lr;
			final float wd = (float) weightDecay;
			for (int i = 0; i < params.size(); i++) {
				final float[] w = params.get(i).value().data();
				final float[] g = params.get(i).grad().data();
				if (kind == Kind.SGD) sgd(w, g, first[i], fl, wd);
				else adam(w, g, first[i], second[i], fl, wd);
				params.get(i).changed();
			}
		}

		private void sgd(final float[] w, final float[] g, final float[] buf, final float lr,
			final float wd)
		{
			final float mom = (float) momentum;
			final boolean firstStep = steps == 1;
			for (int j = 0; j < w.length; j++) {
				float d = g[j];
				if (wd != 0) d += wd * w[j];
				if (buf != null) {
					final float b = firstStep ? d : mom * buf[j] + d;
					buf[j] = b;
					d = nesterov ? d + mom * b : b;
				}
				w[j] -= lr * d;
			}
		}

		private void adam(final float[] w, final float[] g, final float[] m, final float[] v,
			final float lr, final float wd)
		{
			final float b1 = (float) beta1, b2 = (float) beta2;
			// 1 - beta in double, then rounded once, as torch.optim.Adam passes them to its kernels
			final float c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
			final double bc1 = 1 - Math.pow(beta1, steps);
			final double bc2 = 1 - Math.pow(beta2, steps);
			final float stepSize = (float) (lr / bc1);
			final float bc2Sqrt = (float) Math.sqrt(bc2);
			final float eps = (float) epsilon;
			final boolean decoupled = kind == Kind.ADAMW;
			for (int j = 0; j < w.length; j++) {
				float d = g[j];
				if (decoupled) w[j] *= 1 - lr * wd;
				else if (wd != 0) d += wd * w[j];
				m[j] = b1 * m[j] + c1 * d;
				v[j] = b2 * v[j] + c2 * d * d;
				final float denom = (float) Math.sqrt(v[j]) / bc2Sqrt + eps;
				w[j] -= stepSize * m[j] / denom;
			}
		}

		private void clip() {
			if (clipNorm > 0) {
				double sum = 0;
				for (final Parameter p : params)
					for (final float x : p.grad().data())
						sum += (double) x * x;
				final double norm = Math.sqrt(sum);
				if (norm > clipNorm) {
					final float s = (float) (clipNorm / (norm + 1e-6));
					for (final Parameter p : params) {
						final float[] g = p.grad().data();
						for (int j = 0; j < g.length; j++)
							g[j] *= s;
					}
				}
			}
			if (clipValue > 0) {
				final float c = (float) clipValue;
				for (final Parameter p : params) {
					final float[] g = p.grad().data();
					for (int j = 0; j < g.length; j++)
						g[j] = Math.max(-c, Math.min(c, g[j]));
				}
			}
		}

		@Override
		public long steps() {
			return steps;
		}

		@Override
		public void setSteps(final long s) {
			if (s < 0) throw new IllegalArgumentException("step count must be >= 0, got " + s);
			steps = s;
		}

		@Override
		public double learningRate() {
			return lr;
		}

		@Override
		public void setLearningRate(final double rate) {
			if (!(rate >= 0) || Double.isInfinite(rate)) throw new IllegalArgumentException(
				"learning rate must be >= 0, got " + rate);
			lr = rate;
		}

		@Override
		public Map<String, Tensor> state() {
			return Collections.unmodifiableMap(state);
		}

		@Override
		public void loadState(final Map<String, Tensor> saved) {
			for (final String k : saved.keySet())
				if (!state.containsKey(k)) throw new IllegalArgumentException("optimizer state '" + k +
					"' is unknown to " + describe() + "; expected " + state.keySet());
			for (final Map.Entry<String, Tensor> e : state.entrySet()) {
				final Tensor s = saved.get(e.getKey());
				if (s == null) throw new IllegalArgumentException("optimizer state '" + e.getKey() +
					"' is missing");
				if (!Arrays.equals(s.shape(), e.getValue().shape())) throw new IllegalArgumentException(
					"optimizer state '" + e.getKey() + "' has shape " + Arrays.toString(s.shape()) +
						", expected " + Arrays.toString(e.getValue().shape()));
			}
			for (final Map.Entry<String, Tensor> e : state.entrySet())
				System.arraycopy(saved.get(e.getKey()).data(), 0, e.getValue().data(), 0, e.getValue()
					.numel());
		}

		@Override
		public String describe() {
			final StringBuilder sb = new StringBuilder();
			switch (kind) {
				case SGD:
					sb.append("sgd(lr=").append(lr);
					if (momentum > 0) sb.append(", momentum=").append(momentum);
					if (nesterov) sb.append(", nesterov");
					break;
				default:
					sb.append(kind == Kind.ADAM ? "adam" : "adamw").append("(lr=").append(lr).append(
						", betas=").append(beta1).append('/').append(beta2).append(", eps=").append(epsilon);
			}
			if (weightDecay > 0) sb.append(", weight_decay=").append(weightDecay);
			if (clipNorm > 0) sb.append(", clip_norm=").append(clipNorm);
			if (clipValue > 0) sb.append(", clip_value=").append(clipValue);
			return sb.append(')').toString();
		}
	}
}
