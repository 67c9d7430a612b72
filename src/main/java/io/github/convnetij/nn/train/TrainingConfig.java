package io.github.convnetij.nn.train;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.nn.LearningRateSchedule;
import io.github.convnetij.nn.LearningRates;
import io.github.convnetij.nn.Optimizer;
import io.github.convnetij.nn.Optimizers;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.ops.augment.Augmentation;

/**
 * Settings of a training run. Defaults: 10 epochs, batch size 64, Adam with learning rate 1e-3, no
 * weight decay, a constant learning rate, seed 0, no validation split, no early stopping, no
 * checkpoints, a progress report every 100 batches, evaluation in batches of 256.
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().epochs(20).optimizer("sgd").learningRate(0.05)
 *     .schedule("cosine(20)").validationSplit(0.1).patience(3).checkpointDir(Path.of("ckpt")).build();
 * }</pre>
 * The settings that decide the weights (batch size, optimizer, learning rate, schedule, weight
 * decay, seed, validation split) are stored in checkpoints; a resumed run must use the same ones.
 */
public final class TrainingConfig {

	private final int epochs, batchSize, patience, progressEvery, evalBatchSize;
	private final String optimizer, schedule;
	private final double learningRate, weightDecay, validationSplit;
	private final long seed;
	private final Path checkpointDir;
	private final Augmentation augmentation;

	private TrainingConfig(final Builder b) {
		augmentation = b.augmentation;
		epochs = b.epochs;
		batchSize = b.batchSize;
		patience = b.patience;
		progressEvery = b.progressEvery;
		evalBatchSize = b.evalBatchSize;
		optimizer = b.optimizer;
		schedule = b.schedule;
		learningRate = b.learningRate;
		weightDecay = b.weightDecay;
		validationSplit = b.validationSplit;
		seed = b.seed;
		checkpointDir = b.checkpointDir;
	}

	public static Builder builder() {
		return new Builder();
	}

	/** A builder holding these settings. */
	public Builder toBuilder() {
		final Builder b = new Builder();
		b.epochs = epochs;
		b.batchSize = batchSize;
		b.patience = patience;
		b.progressEvery = progressEvery;
		b.evalBatchSize = evalBatchSize;
		b.optimizer = optimizer;
		b.schedule = schedule;
		b.learningRate = learningRate;
		b.weightDecay = weightDecay;
		b.validationSplit = validationSplit;
		b.seed = seed;
		b.checkpointDir = checkpointDir;
		b.augmentation = augmentation;
		return b;
	}

	/** Total number of epochs (a resumed run continues up to this number). */
	public int epochs() {
		return epochs;
	}

	public int batchSize() {
		return batchSize;
	}

	/** The optimizer name as {@link Optimizers#named} takes it, e.g. {@code adam}. */
	public String optimizer() {
		return optimizer;
	}

	/** The base learning rate. */
	public double learningRate() {
		return learningRate;
	}

	/** The learning-rate schedule as text ({@link LearningRates#parse}). */
	public String schedule() {
		return schedule;
	}

	public double weightDecay() {
		return weightDecay;
	}

	/** Seed of the shuffling, the validation split and dropout. */
	public long seed() {
		return seed;
	}

	/** Fraction of the training images held out for validation (0: none). */
	public double validationSplit() {
		return validationSplit;
	}

	/**
	 * Epochs without a better validation (or else test) accuracy before training stops early; 0
	 * never stops early.
	 */
	public int patience() {
		return patience;
	}

	/** Folder of {@code checkpoint.onnx}, written after every epoch, or null. */
	public Path checkpointDir() {
		return checkpointDir;
	}

	/**
	 * The augmentation applied on the fly to every training image (never to validation or test
	 * images); {@link Augmentation#none()} by default. The replicate of dataset image {@code i} in
	 * epoch {@code e} is drawn from the key {@code Seeds.derive(Seeds.derive(seed, e), i)}, so runs
	 * are bitwise reproducible and resumable.
	 */
	public Augmentation augmentation() {
		return augmentation;
	}

	/** Batches between progress reports. */
	public int progressEvery() {
		return progressEvery;
	}

	public int evalBatchSize() {
		return evalBatchSize;
	}

	/** The optimizer of these settings bound to the trainable parameters. */
	public Optimizer newOptimizer(final java.util.List<Parameter> parameters) {
		return Optimizers.named(optimizer, learningRate).weightDecay(weightDecay).build(parameters);
	}

	/** The schedule of these settings. */
	public LearningRateSchedule newSchedule() {
		return LearningRates.parse(schedule);
	}

	/** The settings that decide the weights, for checkpoints. */
	Map<String, Object> decisive() {
		final Map<String, Object> m = new LinkedHashMap<>();
		m.put("batch_size", batchSize);
		m.put("optimizer", optimizer);
		m.put("learning_rate", learningRate);
		m.put("schedule", schedule);
		m.put("weight_decay", weightDecay);
		m.put("seed", seed);
		m.put("validation_split", validationSplit);
		if (!augmentation.isIdentity()) m.put(AUGMENTATION, augmentation.toMap());
		return m;
	}

	@Override
	public String toString() {
		final Map<String, Object> m = decisive();
		m.put("epochs", epochs);
		m.put("patience", patience);
		return Json.write(m);
	}

	/** The key of the augmentation among the settings stored in checkpoints. */
	static final String AUGMENTATION = "augmentation";

	/** Builds a {@link TrainingConfig}; each setter checks its value. */
	public static final class Builder {

		private int epochs = 10, batchSize = 64, patience, progressEvery = 100, evalBatchSize = 256;
		private String optimizer = "adam", schedule = "constant";
		private double learningRate = 1e-3, weightDecay, validationSplit;
		private long seed;
		private Path checkpointDir;
		private Augmentation augmentation = Augmentation.none();

		private Builder() {}

		/** The augmentation on the fly ({@link Augmentation#none()}: none). */
		public Builder augmentation(final Augmentation a) {
			augmentation = java.util.Objects.requireNonNull(a, "augmentation");
			return this;
		}

		/** @throws IllegalArgumentException if {@code n < 1} */
		public Builder epochs(final int n) {
			epochs = atLeast(n, 1, "epochs");
			return this;
		}

		/** @throws IllegalArgumentException if {@code n < 1} */
		public Builder batchSize(final int n) {
			batchSize = atLeast(n, 1, "batch size");
			return this;
		}

		/**
		 * @param name {@code sgd}, {@code momentum}, {@code nesterov}, {@code adam} or {@code adamw}
		 * @throws IllegalArgumentException for another name
		 */
		public Builder optimizer(final String name) {
			Optimizers.named(name, 1e-3); // checks the name
			optimizer = name.trim().toLowerCase(java.util.Locale.ROOT);
			return this;
		}

		/** @throws IllegalArgumentException unless {@code rate > 0} and finite */
		public Builder learningRate(final double rate) {
			if (!(rate > 0) || Double.isInfinite(rate)) throw new IllegalArgumentException(
				"learning rate " + rate + " is not allowed: expected a number > 0");
			learningRate = rate;
			return this;
		}

		/**
		 * @param text {@code constant}, {@code step(every[, gamma])} or {@code cosine(epochs[, min])}
		 * @throws IllegalArgumentException for other text
		 */
		public Builder schedule(final String text) {
			LearningRates.parse(text);
			schedule = text.trim();
			return this;
		}

		/** @throws IllegalArgumentException if negative */
		public Builder weightDecay(final double wd) {
			if (!(wd >= 0) || Double.isInfinite(wd)) throw new IllegalArgumentException(
				"weight decay " + wd + " is not allowed: expected a number >= 0");
			weightDecay = wd;
			return this;
		}

		public Builder seed(final long s) {
			seed = s;
			return this;
		}

		/** @throws IllegalArgumentException unless {@code 0 <= fraction < 1} */
		public Builder validationSplit(final double fraction) {
			if (!(fraction >= 0 && fraction < 1)) throw new IllegalArgumentException(
				"validation split " + fraction + " is not allowed: expected a fraction in [0, 1)");
			validationSplit = fraction;
			return this;
		}

		/** @throws IllegalArgumentException if negative */
		public Builder patience(final int epochsWithoutImprovement) {
			patience = atLeast(epochsWithoutImprovement, 0, "patience");
			return this;
		}

		/** Folder for {@code checkpoint.onnx}, or null for none. */
		public Builder checkpointDir(final Path dir) {
			checkpointDir = dir;
			return this;
		}

		/** @throws IllegalArgumentException if {@code n < 1} */
		public Builder progressEvery(final int n) {
			progressEvery = atLeast(n, 1, "progress interval");
			return this;
		}

		/** @throws IllegalArgumentException if {@code n < 1} */
		public Builder evalBatchSize(final int n) {
			evalBatchSize = atLeast(n, 1, "evaluation batch size");
			return this;
		}

		public TrainingConfig build() {
			return new TrainingConfig(this);
		}

		private static int atLeast(final int v, final int min, final String what) {
			if (v < min) throw new IllegalArgumentException(what + " " + v +
				" is not allowed: expected a whole number >= " + min);
			return v;
		}
	}
}
