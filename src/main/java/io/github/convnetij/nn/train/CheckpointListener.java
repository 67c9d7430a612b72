package io.github.convnetij.nn.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.convnetij.compute.Tensor;

/**
 * Writes {@code checkpoint.onnx} into a folder after every epoch, atomically (a temporary file,
 * then a move), with everything a {@link Checkpoint} needs to resume exactly. The trainer adds
 * one when {@link TrainingConfig#checkpointDir()} is set; the folder is created if missing.
 * <pre>{@code
 * TrainingConfig c = TrainingConfig.builder().checkpointDir(Path.of("ckpt")).build(); // adds this listener
 * }</pre>
 */
public final class CheckpointListener implements TrainingListener {

	private final Path dir;

	/** @param dir the folder of {@code checkpoint.onnx} */
	public CheckpointListener(final Path dir) {
		this.dir = dir;
	}

	@Override
	public void afterEpoch(final TrainingState s) {
		final Path file = dir.resolve(Checkpoint.FILE_NAME);
		final Checkpoint cp = new Checkpoint(s.model().withHistory(Trainer.maps(s.history())), s
			.epoch(), s.network().seed(), s.network().step(), s.optimizer().steps(), copy(s.optimizer()
				.state()), s.config().decisive(), s.best(), s.bestEpoch(), s.epochsWithoutImprovement(), s
					.trainingImages(), s.config().epochs(), s.config().patience());
		try {
			Files.createDirectories(dir);
			cp.save(file);
		}
		catch (final IOException e) {
			throw new UncheckedIOException(new IOException("cannot write the checkpoint '" + file +
				"': " + e.getMessage(), e));
		}
		s.checkpointWritten(file);
	}

	private static Map<String, Tensor> copy(final Map<String, Tensor> state) {
		final Map<String, Tensor> out = new LinkedHashMap<>();
		for (final Map.Entry<String, Tensor> e : state.entrySet())
			out.put(e.getKey(), e.getValue().copy());
		return out;
	}
}
