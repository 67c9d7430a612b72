package io.github.convnetij.nn.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.convnetij.compute.Tensor;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.Parameter;
import io.github.convnetij.nn.onnx.Json;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.OnnxTensor;
import io.github.convnetij.ops.augment.Augmentation;

/**
 * The state of a training run after an epoch: a model file (network, classes, input, history)
 * with the optimizer's state stored beside the weights (initializers named
 * {@code optimizer/<state name>} that no node reads) and the trainer's counters in the metadata
 * key {@code convnet.checkpoint}. A checkpoint is a valid ONNX model: it can be evaluated or used
 * for prediction like the final model.
 * <pre>{@code
 * Checkpoint cp = Checkpoint.load(Path.of("ckpt/checkpoint.onnx"));
 * TrainingResult r = new Trainer(config).resume(cp, train, test, listener, () -> false);
 * }</pre>
 */
public final class Checkpoint {

	/** The file name the trainer writes in its checkpoint folder. */
	public static final String FILE_NAME = "checkpoint.onnx";
	/** The metadata key of the trainer's state. */
	public static final String KEY = "convnet.checkpoint";
	private static final String PREFIX = "optimizer/";

	private final ModelFile model;
	private final int epoch;
	private final long networkSeed, step, optimizerSteps;
	private final Map<String, Tensor> optimizerState;
	private final Map<String, Object> settings;
	private final double best;
	private final int bestEpoch, badEpochs, trainingImages, plannedEpochs, patience;

	Checkpoint(final ModelFile model, final int epoch, final long networkSeed, final long step,
		final long optimizerSteps, final Map<String, Tensor> optimizerState,
		final Map<String, Object> settings, final double best, final int bestEpoch,
		final int badEpochs, final int trainingImages, final int plannedEpochs, final int patience)
	{
		this.model = model;
		this.epoch = epoch;
		this.networkSeed = networkSeed;
		this.step = step;
		this.optimizerSteps = optimizerSteps;
		this.optimizerState = optimizerState;
		this.settings = settings;
		this.best = best;
		this.bestEpoch = bestEpoch;
		this.badEpochs = badEpochs;
		this.trainingImages = trainingImages;
		this.plannedEpochs = plannedEpochs;
		this.patience = patience;
	}

	/** The model: network with weights, classes, input spec and history. */
	public ModelFile model() {
		return model;
	}

	/** The network, with its dropout seed and training step restored. */
	public Network network() {
		return model.network();
	}

	/** The last completed epoch (1-based). */
	public int epoch() {
		return epoch;
	}

	/** The settings that decide the weights, as the run used them. */
	public Map<String, Object> settings() {
		return settings;
	}

	/**
	 * The settings of the run: those that decide the weights, the planned number of epochs and the
	 * patience; no checkpoint folder.
	 *
	 * @throws IllegalArgumentException for invalid stored settings
	 */
	public TrainingConfig config() {
		final Map<String, Object> s = settings;
		return TrainingConfig.builder().epochs(plannedEpochs).patience(patience).batchSize((int) Json
			.integer(s.get("batch_size"), "batch_size")).optimizer(Json.string(s.get("optimizer"),
				"optimizer")).learningRate(Json.number(s.get("learning_rate"), "learning_rate")).schedule(
					Json.string(s.get("schedule"), "schedule")).weightDecay(Json.number(s.get("weight_decay"),
						"weight_decay")).seed(Json.integer(s.get("seed"), "seed")).validationSplit(Json.number(s
							.get("validation_split"), "validation_split")).augmentation(s.get(TrainingConfig.AUGMENTATION) == null
								? Augmentation.none() : Augmentation.fromMap(Json.object(s.get(TrainingConfig.AUGMENTATION),
									TrainingConfig.AUGMENTATION))).build();
	}

	/** The metrics of the completed epochs. */
	public List<EpochMetrics> history() {
		final List<EpochMetrics> h = new ArrayList<>();
		for (final Map<String, Object> m : model.history())
			h.add(EpochMetrics.fromMap(m));
		return h;
	}

	long optimizerSteps() {
		return optimizerSteps;
	}

	Map<String, Tensor> optimizerState() {
		return optimizerState;
	}

	double best() {
		return best;
	}

	int bestEpoch() {
		return bestEpoch;
	}

	int badEpochs() {
		return badEpochs;
	}

	int trainingImages() {
		return trainingImages;
	}

	long step() {
		return step;
	}

	/** Writes the checkpoint atomically (a temporary file, then a move). */
	public void save(final Path file) throws IOException {
		final List<OnnxTensor> extra = new ArrayList<>();
		for (final Map.Entry<String, Tensor> e : optimizerState.entrySet())
			extra.add(OnnxTensor.ofFloats(PREFIX + e.getKey(), e.getValue().data(), e.getValue()
				.shape()));
		final Map<String, Object> state = new LinkedHashMap<>();
		state.put("epoch", epoch);
		state.put("network_seed", networkSeed);
		state.put("step", step);
		state.put("optimizer_steps", optimizerSteps);
		state.put("best", best);
		state.put("best_epoch", bestEpoch);
		state.put("bad_epochs", badEpochs);
		state.put("training_images", trainingImages);
		state.put("planned_epochs", plannedEpochs);
		state.put("patience", patience);
		state.put("settings", settings);
		model.withMetadata(KEY, Json.write(state)).withExtraTensors(extra).save(file);
	}

	/**
	 * Reads a checkpoint written by {@link #save}.
	 *
	 * @throws IllegalArgumentException when the file is not a checkpoint (e.g. a final model
	 *           without the trainer's state), naming the file
	 * @throws IOException when it cannot be read
	 */
	public static Checkpoint load(final Path file) throws IOException {
		final ModelFile m = ModelFile.load(file);
		final String json = m.metadata().get(KEY);
		if (json == null) throw new IllegalArgumentException("'" + file + "' is a model but not a " +
			"checkpoint (it has no " + KEY + " metadata): resume from the " + FILE_NAME +
			" of a checkpoint folder");
		try {
			final Map<String, Object> s = Json.object(Json.parse(json), KEY);
			final Map<String, Tensor> opt = new LinkedHashMap<>();
			for (final OnnxTensor t : m.extraTensors())
				if (t.name().startsWith(PREFIX)) opt.put(t.name().substring(PREFIX.length()), Tensor.of(t
					.toFloats(), t.shape()));
			final Object best = s.get("best");
			final Checkpoint cp = new Checkpoint(m, (int) Json.integer(s.get("epoch"), "epoch"), Json
				.integer(s.get("network_seed"), "network_seed"), Json.integer(s.get("step"), "step"), Json
					.integer(s.get("optimizer_steps"), "optimizer_steps"), opt, Json.object(s.get("settings"),
						"settings"), best == null ? Double.NaN : Json.number(best, "best"), (int) Json.integer(s
							.get("best_epoch"), "best_epoch"), (int) Json.integer(s.get("bad_epochs"), "bad_epochs"),
				(int) Json.integer(s.get("training_images"), "training_images"), (int) Json.integer(s.get(
					"planned_epochs"), "planned_epochs"), (int) Json.integer(s.get("patience"), "patience"));
			cp.config(); // checks the settings
			cp.restoreCounters();
			return cp;
		}
		catch (final IllegalArgumentException e) {
			throw new IllegalArgumentException("'" + file + "': invalid " + KEY + " metadata: " + e
				.getMessage(), e);
		}
	}

	/** Sets the network's dropout seed and step counter, keeping its weights. */
	private void restoreCounters() {
		final Network net = model.network();
		final List<float[]> saved = new ArrayList<>();
		for (final List<Parameter> ps : List.of(net.parameters(), net.buffers()))
			for (final Parameter p : ps)
				saved.add(p.value().data().clone());
		net.initialize(networkSeed);
		int i = 0;
		for (final List<Parameter> ps : List.of(net.parameters(), net.buffers()))
			for (final Parameter p : ps) {
				final float[] v = saved.get(i++);
				System.arraycopy(v, 0, p.value().data(), 0, v.length);
				p.changed();
			}
		net.setStep(step);
	}
}
