package io.github.convnetij.nn.train;

import java.nio.file.Path;
import java.util.List;

import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * How a training run ended.
 * <pre>{@code
 * TrainingResult r = trainer.train(...);
 * if (r.cancelled()) System.out.println("stopped; weights of epoch " + r.completedEpochs() + " kept");
 * }</pre>
 *
 * @param network the trained network (after a cancellation: with the weights of the last
 *          completed epoch)
 * @param history metrics of every completed epoch, including those before a resume
 * @param completedEpochs the last completed epoch (0 if none)
 * @param stoppedEarly whether early stopping ended the run
 * @param cancelled whether the run was cancelled before its last epoch
 * @param checkpoint the last checkpoint written, or null
 * @param model the final model to save (network, classes, input, history and the
 *          {@code convnet.preprocessing} and {@code convnet.augmentation} metadata), or null when
 *          the run was cancelled: a cancelled run makes no new final model (its last checkpoint
 *          stays, to resume from)
 */
public record TrainingResult(Network network, List<EpochMetrics> history, int completedEpochs,
	boolean stoppedEarly, boolean cancelled, Path checkpoint, ModelFile model)
{

	public TrainingResult {
		history = List.copyOf(history);
	}
}
