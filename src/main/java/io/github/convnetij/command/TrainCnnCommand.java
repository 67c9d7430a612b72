package io.github.convnetij.command;

import java.awt.GraphicsEnvironment;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.FloatProcessor;
import io.github.convnetij.compute.Progress;
import io.github.convnetij.compute.TempFiles;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import ij.ImageStack;
import io.github.convnetij.nn.data.Dataset;
import io.github.convnetij.nn.data.DatasetOptions;
import io.github.convnetij.nn.data.Datasets;
import io.github.convnetij.nn.data.ImageDatasets;
import io.github.convnetij.ops.augment.Augmentation;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;
import io.github.convnetij.nn.onnx.Onnx;
import io.github.convnetij.nn.train.Checkpoint;
import io.github.convnetij.nn.train.EpochMetrics;
import io.github.convnetij.nn.train.Evaluation;
import io.github.convnetij.nn.train.Trainer;
import io.github.convnetij.nn.train.TrainingConfig;
import io.github.convnetij.nn.train.TrainingListener;
import io.github.convnetij.nn.train.TrainingResult;
import net.imglib2.parallel.Parallelization;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Train CNN...</i>: trains a network on labelled images and
 * writes it as an ONNX model file. No image needs to be open.
 * <p>
 * Macro keys: {@code training_data} (a folder of class subfolders, a CSV manifest, IDX or
 * CIFAR files: see {@code nn.data.Datasets}), {@code test_data} (optional; default: the test part
 * of the training data, if any), the dataset keys {@code data_format} (auto, folder, idx,
 * cifar10, cifar100, csv, stack: the open stack, classes from slice labels), {@code image_size},
 * {@code resize}, {@code convert}, {@code strict}, {@code class_names}, {@code label_mode}; the
 * augmentation keys of "Augment Image..." ({@code rotation_range}, {@code width_shift_range},
 * {@code height_shift_range}, {@code shear_range}, {@code zoom_range}, {@code horizontal_flip},
 * {@code vertical_flip}, {@code brightness_range}, {@code noise}, {@code fill_mode}, {@code cval},
 * {@code interpolation}; applied on the fly, stored in the model), {@code architecture} (empty: a default for the image size and classes),
 * {@code epochs} (10), {@code batch_size} (64), {@code optimizer} (adam, sgd, momentum, nesterov,
 * adamw), {@code lr} (auto: 0.001 for adam/adamw, 0.01 for the SGD variants), {@code schedule}
 * (constant, {@code step(every[,gamma])}, {@code cosine(epochs[,min])}), {@code weight_decay}
 * (auto: 0, 0.01 for adamw), {@code validation_split} (0), {@code patience} (0: never stop
 * early), {@code seed} (0), {@code threads} (0: all cores), {@code checkpoint} (a folder:
 * {@code checkpoint.onnx} written after every epoch), {@code resume} (a checkpoint file to
 * continue; keys left at their defaults take the checkpoint's values), {@code model} (the file
 * written at the end).
 * <p>
 * In ImageJ: progress and ETA in the status bar, a live plot of loss and accuracy per epoch, Esc
 * stops at the next batch (no model written, the last checkpoint kept); at the end results tables
 * of per-class accuracy and of the confusion matrix (on the test data, else the validation split,
 * else the training data), the matrix also as an image. Headless, the plot
 * ({@code <model>-training.png}) and the tables ({@code <model>-per-class.csv},
 * {@code <model>-confusion.csv}) are written beside the model.
 * <pre>{@code
 * run("Train CNN...", "training_data=/data/fashion-mnist epochs=3 model=/models/fashion.onnx");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Train CNN...", headless = true,
	description = "Train a convolutional neural network on labelled images; write an ONNX model")
public class TrainCnnCommand implements Command {

	@Parameter(label = "Image", description = "The open stack, for data_format=stack (one image " +
		"per slice, classes from slice labels); otherwise not used.", required = false,
		persist = false)
	private ImagePlus image;

	@Parameter(label = "Training data", description = "A folder with one subfolder of images per " +
		"class (or train/ and test/ subfolders of them), a CSV manifest path,class, MNIST-style IDX " +
		"files (a folder with train-* and t10k-* pairs, or one file of a pair), or CIFAR-10/100 " +
		"binary files; empty with data_format=stack.", required = false, persist = false)
	private File training_data;

	@Parameter(label = "Test data", description = "Evaluated after every epoch, in the same " +
		"layout; empty = the test part of the training data, if it has one (test/ subfolder, t10k-* " +
		"pair, CIFAR test file).", required = false, persist = false)
	private File test_data;

	@Parameter(label = "Data format", description = "auto (detected from the path, and said), " +
		"folder, idx, cifar10, cifar100, csv, or stack (the open stack).", choices = { "auto",
			"folder", "idx", "cifar10", "cifar100", "csv", "stack" }, persist = false)
	private String data_format = "auto";

	@Parameter(label = "Image size", description = "WxH, or auto: the first image's size.",
		persist = false)
	private String image_size = "auto";

	@Parameter(label = "Resize", description = "Images of another size: bilinear (resized) or " +
		"none (refused, naming the file and both sizes).", choices = { "bilinear", "none" },
		persist = false)
	private String resize = "bilinear";

	@Parameter(label = "Convert", description = "Gray images among RGB ones (or RGB among gray): " +
		"auto converts them (with a note), none refuses them.", choices = { "none", "auto" },
		persist = false)
	private String convert = "none";

	@Parameter(label = "Strict", description = "Stop at an unreadable image instead of skipping " +
		"it with a warning.", persist = false)
	private boolean strict = false;

	@Parameter(label = "Class names", description = "For IDX data: a file with one name per line, " +
		"or a comma list; empty = 0..K-1.", required = false, persist = false)
	private String class_names = "";

	@Parameter(label = "Label mode", description = "CIFAR-100: fine (100 classes) or coarse (20).",
		choices = { "fine", "coarse" }, persist = false)
	private String label_mode = "fine";

	@Parameter(label = "Architecture", description = "The network, e.g. \"conv(32,3,pad=1), relu, " +
		"maxpool(2), flatten, dense(10), softmax\"; empty = conv/pool blocks for the image size, then " +
		"dense(128), relu, dense(classes), softmax.", required = false, persist = false)
	private String architecture = "";

	@Parameter(label = "Epochs", description = "Epochs in total (a resumed run continues up to " +
		"this).", min = "1", persist = false)
	private int epochs = 10;

	@Parameter(label = "Batch size", description = "Images per mini-batch.", min = "1",
		persist = false)
	private int batch_size = 64;

	@Parameter(label = "Optimizer", description = "adam, sgd, momentum (SGD with momentum 0.9), " +
		"nesterov or adamw.", persist = false)
	private String optimizer = "adam";

	@Parameter(label = "Learning rate", description = "A number, or auto: 0.001 for adam and " +
		"adamw, 0.01 for the SGD variants.", persist = false)
	private String lr = AUTO;

	@Parameter(label = "Schedule", description = "Learning-rate schedule: constant, " +
		"step(every[,gamma]) or cosine(epochs[,min_factor]).", persist = false)
	private String schedule = "constant";

	@Parameter(label = "Weight decay", description = "A number (L2; decoupled for adamw), or auto: " +
		"0, and 0.01 for adamw.", persist = false)
	private String weight_decay = AUTO;

	@Parameter(label = "Validation split", description = "Fraction of the training images held " +
		"out and evaluated after every epoch.", min = "0", max = "1", persist = false)
	private double validation_split = 0;

	@Parameter(label = "Patience", description = "Stop when the validation (else test) accuracy " +
		"has not improved for this many epochs; 0 never stops early.", min = "0", persist = false)
	private int patience = 0;

	@Parameter(label = "Seed", description = "Seed of the initial weights, the shuffling, the " +
		"validation split and dropout.", persist = false)
	private long seed = 0;

	@Parameter(label = "Threads", description = "Threads to use; 0 = all cores.", min = "0",
		persist = false)
	private int threads = 0;

	@Parameter(label = "Checkpoint folder", description = "Write <folder>/checkpoint.onnx after " +
		"every epoch (created if missing); empty = none.", style = "directory", required = false,
		persist = false)
	private File checkpoint;

	@Parameter(label = "Resume from", description = "Continue the run of this checkpoint file, " +
		"with the same training data and settings; empty = a new run.", required = false,
		persist = false)
	private File resume;

	@Parameter(label = "Model file", description = "The ONNX model file written at the end.",
		style = "save", persist = false)
	private File model;

	@Parameter(label = "Rotation range (degrees)", description = "Augmentation on the fly: " +
		"rotations uniform in [-r, r] degrees, positive clockwise; 0 = none.", min = "0",
		persist = false)
	private double rotation_range = 0;

	@Parameter(label = "Width shift range", description = "Horizontal shifts in [-s, s]: below 1 " +
		"a fraction of the width, from 1 on pixels.", min = "0", persist = false)
	private double width_shift_range = 0;

	@Parameter(label = "Height shift range", description = "Vertical shifts, as the width shift " +
		"range.", min = "0", persist = false)
	private double height_shift_range = 0;

	@Parameter(label = "Shear range (degrees)", description = "Shear angles in [-s, s] degrees.",
		min = "0", persist = false)
	private double shear_range = 0;

	@Parameter(label = "Zoom range", description = "z for zoom factors in [1-z, 1+z], or " +
		"'min,max'; a factor below 1 enlarges (Keras).", persist = false)
	private String zoom_range = "0";

	@Parameter(label = "Horizontal flip", description = "Flip left-right with probability 1/2.",
		persist = false)
	private boolean horizontal_flip = false;

	@Parameter(label = "Vertical flip", description = "Flip top-bottom with probability 1/2.",
		persist = false)
	private boolean vertical_flip = false;

	@Parameter(label = "Brightness range", description = "Empty = off, or 'min,max': values " +
		"multiplied by a factor in it.", required = false, persist = false)
	private String brightness_range = "";

	@Parameter(label = "Noise (sigma)", description = "Gaussian noise added to the scaled input " +
		"(images in [0, 1]); 0 = none.", min = "0", persist = false)
	private double noise = 0;

	@Parameter(label = "Fill mode", description = "Values outside the image: nearest, constant " +
		"(cval), reflect, wrap, zero, mirror.", choices = { "nearest", "constant", "reflect", "wrap",
			"zero", "mirror" }, persist = false)
	private String fill_mode = "nearest";

	@Parameter(label = "Constant value (cval)", description = "The value outside the image for " +
		"fill_mode=constant.", persist = false)
	private double cval = 0;

	@Parameter(label = "Interpolation", description = "How values between pixels are read.",
		choices = { "bilinear", "nearest", "bicubic" }, persist = false)
	private String interpolation = "bilinear";

	static final String AUTO = "auto";

	/** What a front end adds to a run on this thread: its own listener, how often it is called. */
	private record Hooks(TrainingListener listener, int progressEvery, Consumer<String> log) {}

	private static final ThreadLocal<Hooks> HOOKS = new ThreadLocal<>();

	private TrainingResult result;
	private Evaluation evaluation;

	/**
	 * Runs {@code action} (which runs this command on this thread) with {@code listener} also
	 * receiving the training's progress every {@code progressEvery} batches, and {@code log}
	 * receiving the command's messages (what it trains on, the network, where the model went)
	 * instead of ImageJ's log. For the CLI, which prints them and writes its metrics file.
	 */
	public static <T> T withListener(final TrainingListener listener, final int progressEvery,
		final Consumer<String> log, final Supplier<T> action)
	{
		final Hooks saved = HOOKS.get();
		HOOKS.set(new Hooks(listener, progressEvery, log));
		try {
			return action.get();
		}
		finally {
			if (saved == null) HOOKS.remove();
			else HOOKS.set(saved);
		}
	}

	/** The training's outcome, after {@link #run()}. */
	public TrainingResult getResult() {
		return result;
	}

	/** Per-class results on the test data (else validation split, else training data). */
	public Evaluation getEvaluation() {
		return evaluation;
	}

	@Override
	public void run() {
		final Hooks hooks = HOOKS.get();
		final Consumer<String> log = hooks != null && hooks.log() != null ? hooks.log()
			: m -> IJ.log("Train CNN: " + m);
		if (model == null) throw new IllegalArgumentException("model: no model file given: " +
			"expected model=<file.onnx>");
		if (threads < 0) throw new IllegalArgumentException("threads: " + threads +
			" is not allowed: expected 0 (all cores) or a whole number >= 1");
		final Path modelPath = model.toPath();
		checkOutput("model", modelPath);
		// the files written beside the model (headless) must be writable too: checked before training
		if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) for (final String suffix
			: new String[] { "-training.png", "-per-class.csv", "-confusion.csv" })
		{
			final Path beside = sibling(modelPath, suffix);
			if (Files.isDirectory(beside)) throw new IllegalArgumentException("model: '" + beside +
				"', written beside the model, is a folder: expected another model name, or remove it");
		}
		final Path checkpointDir = empty(checkpoint) ? null : checkpoint.toPath();
		if (checkpointDir != null && Files.exists(checkpointDir) && !Files.isDirectory(checkpointDir))
			throw new IllegalArgumentException("checkpoint: '" + checkpointDir + "' is a file: " +
				"expected a folder (it is created if missing)");
		if (checkpointDir != null && !Files.exists(checkpointDir)) {
			final Path parent = checkpointDir.toAbsolutePath().normalize().getParent();
			if (parent != null && !Files.isDirectory(parent)) throw new IllegalArgumentException(
				"checkpoint: the folder '" + parent + "' does not exist (the checkpoint folder '" +
					checkpointDir.getFileName() + "' is created only inside an existing one)");
		}
		final DatasetOptions options = datasetOptions();
		final Dataset training = trainingSet(options);
		for (final String note : training.notes())
			log.accept(note);
		final Dataset test = testSet(training, options);
		final Checkpoint cp = empty(resume) ? null : io("resume", () -> Checkpoint.load(resume
			.toPath()));
		final TrainingConfig config = config(cp, checkpointDir, hooks);
		final Network net;
		final List<String> classes;
		final InputSpec input;
		if (cp != null) {
			net = cp.network();
			classes = cp.model().classes();
			input = cp.model().input();
			if (!architecture.isBlank()) {
				final String given = CommandSupport.keyed("architecture", () -> Architectures.parse(
					architecture, net.inputShape(), 0).architecture());
				if (!given.equals(net.architecture())) throw new IllegalArgumentException(
					"architecture: '" + architecture + "' differs from the checkpoint's '" + net
						.architecture() + "': leave architecture out to resume");
			}
		}
		else {
			final int k = training.classNames().size();
			final int[] shape = { training.channels(), training.height(), training.width() };
			final String arch = !architecture.isBlank() ? architecture : Architectures.defaultFor(shape,
				k);
			net = CommandSupport.keyed("architecture", () -> Architectures.parse(arch, shape, k));
			net.initialize(config.seed());
			classes = training.classNames();
			input = InputSpec.uint8(shape);
		}
		final int nThreads = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
		log.accept("training on " + training.size() + " images of " + training.channels() + " x " +
			training.height() + " x " + training.width() + " (" + training.description() + ")" + (test ==
				null ? "" : ", testing on " + test.size() + " (" + test.source() + ")") + ", " + classes
					.size() + " classes");
		log.accept("network: " + net.architecture() + " (" + net.numParameters() + " parameters)");
		log.accept("optimizer: " + config.newOptimizer(net.parameters()).describe() + ", schedule " +
			config.schedule() + ", batch size " + config.batchSize() + ", seed " + config.seed() +
			", threads " + nThreads);
		final boolean gui = !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
		final Display display = new Display(gui, cp == null ? List.of() : cp.history(), hooks == null
			? null : hooks.listener());
		// a whole batch through the network must fit in the heap (the trainer checks it too)
		final int trainSize = config.validationSplit() > 0 ? training.split(config.validationSplit(),
			config.seed()).training().size() : training.size();
		CommandSupport.keyed("batch_size", () -> {
			io.github.convnetij.nn.Budgets.batch(net, Math.max(1, Math.min(config.batchSize(),
				trainSize)), true);
			return null;
		});
		final Trainer trainer = new Trainer(config);
		result = Parallelization.runWithNumThreads(nThreads, () -> cp != null ? CommandSupport.keyed(
			"resume", () -> trainer.resume(cp, training, test, display, TrainCnnCommand::cancelled))
			: trainer.train(net, classes, input, training, test, display, TrainCnnCommand::cancelled));
		if (result.cancelled()) {
			IJ.showStatus("Train CNN: cancelled after epoch " + result.completedEpochs());
			throw new CancellationException("Train CNN cancelled after epoch " + result
				.completedEpochs() + ": no model written" + (result.checkpoint() == null ? ""
					: "; the last checkpoint is " + result.checkpoint()));
		}
		// a resumed run's model comes from the checkpoint: without its optimizer state
		final ModelFile m = result.model().withExtraTensors(result.model().extraTensors().stream()
			.filter(t -> !t.name().startsWith("optimizer/")).toList());
		final Dataset evaluated = test != null ? test : config.validationSplit() > 0 ? training
			.split(config.validationSplit(), config.seed()).validation() : training;
		evaluation = Parallelization.runWithNumThreads(nThreads, () -> Evaluation.of(result.network(),
			evaluated, config.evalBatchSize()));
		final String on = test != null ? "test data" : config.validationSplit() > 0
			? "validation split" : "training data";
		final ResultsTable perClass = perClass(evaluation, classes), confusion = confusion(evaluation,
			classes);
		// the final outputs move into place together, only when all of them were written
		final Path dir = modelPath.toAbsolutePath().getParent();
		final List<Path[]> written = new ArrayList<>();
		try {
			written.add(new Path[] { temp(dir, modelPath), modelPath });
			m.save(written.get(0)[0]);
			if (!gui) {
				final Path plotFile = sibling(modelPath, "-training.png");
				written.add(new Path[] { temp(dir, plotFile), plotFile });
				final ImagePlus plot = display.plot().getImagePlus();
				if (!new FileSaver(plot).saveAsPng(written.get(1)[0].toString())) throw new IOException(
					"cannot write '" + plotFile + "'");
				for (final String suffix : new String[] { "-per-class.csv", "-confusion.csv" }) {
					final Path csv = sibling(modelPath, suffix);
					written.add(new Path[] { temp(dir, csv), csv });
					writeCsv(suffix.equals("-per-class.csv") ? perClass : confusion, written.get(written
						.size() - 1)[0]);
				}
			}
			for (final Path[] w : written)
				TempFiles.moveIntoPlace(w[0], w[1]);
		}
		catch (final IOException e) {
			for (final Path[] w : written) {
				try {
					Files.deleteIfExists(w[0]);
				}
				catch (final IOException ignored) {
					// nothing more to do: the shutdown hook of TempFiles tries again
				}
				TempFiles.forget(w[0]);
			}
			throw new UncheckedIOException(new IOException("model: cannot write '" + modelPath + "': " + e
				.getMessage(), e));
		}
		if (result.stoppedEarly()) log.accept("stopped early after epoch " + result
			.completedEpochs() + ": no better accuracy for " + config.patience() + " epochs");
		log.accept(String.format(Locale.ROOT, "accuracy on the %s: %.4f", on, evaluation.accuracy()));
		log.accept("model written to " + modelPath);
		if (gui) {
			perClass.show("Per-class accuracy (" + on + ")");
			confusion.show("Confusion matrix (" + on + ")");
			confusionImage(evaluation, on).show();
		}
		IJ.showStatus("Train CNN: done");
	}

	/** Cancelled by the front end's progress listener (Esc in ImageJ), or interrupted. */
	private static boolean cancelled() {
		if (Thread.currentThread().isInterrupted()) return true;
		try {
			Progress.part(0, 1, () -> null);
			return false;
		}
		catch (final CancellationException e) {
			return true;
		}
	}

	private static boolean empty(final File f) {
		return f == null || f.getPath().isEmpty();
	}

	/** The dataset options of the keys. */
	private DatasetOptions datasetOptions() {
		DatasetOptions o = DatasetOptions.defaults();
		final DatasetOptions o0 = o;
		o = CommandSupport.keyed("data_format", () -> o0.dataFormat(data_format));
		final DatasetOptions o1 = o;
		o = CommandSupport.keyed("image_size", () -> o1.imageSize(image_size));
		final DatasetOptions o2 = o;
		o = CommandSupport.keyed("resize", () -> o2.resize(resize));
		final DatasetOptions o3 = o;
		o = CommandSupport.keyed("convert", () -> o3.convert(convert));
		o = o.strict(strict);
		if (class_names != null && !class_names.isBlank()) {
			final DatasetOptions o4 = o;
			o = CommandSupport.keyed("class_names", () -> o4.classNames(class_names));
		}
		final DatasetOptions o5 = o;
		return CommandSupport.keyed("label_mode", () -> o5.labelMode(label_mode));
	}

	/** The training set: the open stack, or the data at training_data. */
	private Dataset trainingSet(final DatasetOptions o) {
		if (o.dataFormat() == DatasetOptions.Format.STACK) {
			if (image == null) throw new IllegalArgumentException("image: data_format=stack trains on " +
				"the open stack, and no image is open: open a stack, or give training_data");
			final ImageStack st = image.getStack();
			final List<Object> planes = new ArrayList<>();
			final List<String> labels = new ArrayList<>();
			for (int i = 1; i <= st.getSize(); i++) {
				planes.add(st.getPixels(i));
				labels.add(st.getSliceLabel(i));
			}
			return io("image", () -> Datasets.fromPlanes(planes, image.getWidth(), image.getHeight(),
				labels, null, image.getTitle(), o));
		}
		if (empty(training_data)) throw new IllegalArgumentException("training_data: no training " +
			"data given: expected training_data=<folder or file>");
		return io("training_data", () -> Datasets.open(training_data.toPath(), o));
	}

	/** The test set: test_data, else the test part of the training data if it has one, else none. */
	private Dataset testSet(final Dataset training, final DatasetOptions o) {
		final DatasetOptions t = Datasets.like(training, o.part(DatasetOptions.Part.TEST));
		if (!empty(test_data)) return io("test_data", () -> Datasets.open(test_data.toPath(), t));
		if (o.dataFormat() == DatasetOptions.Format.STACK) return null;
		final Path path = training_data.toPath();
		final boolean hasTest = io("training_data", () -> {
			final DatasetOptions.Format f = o.dataFormat() == DatasetOptions.Format.AUTO ? Datasets
				.detect(path) : o.dataFormat();
			final boolean dir = Files.isDirectory(path);
			switch (f) {
				case FOLDER:
					return dir && Files.isDirectory(path.resolve("train")) && Files.isDirectory(path.resolve(
						"test"));
				case CIFAR10:
					return dir && Files.isRegularFile(path.resolve("test_batch.bin"));
				case CIFAR100:
					return dir && Files.isRegularFile(path.resolve("test.bin"));
				case IDX:
					if (!ImageDatasets.hasTestPair(path)) return false;
					return !Arrays.equals(ImageDatasets.resolve(path, "train"), ImageDatasets.resolve(path,
						"t10k", "test"));
				default:
					return false;
			}
		});
		return hasTest ? io("training_data", () -> Datasets.open(path, t)) : null;
	}

	/**
	 * The settings: keys given, else (when resuming) the checkpoint's for keys left at their
	 * defaults, else the defaults.
	 */
	private TrainingConfig config(final Checkpoint cp, final Path checkpointDir, final Hooks hooks) {
		final TrainingConfig.Builder b = cp == null ? TrainingConfig.builder() : CommandSupport.keyed(
			"resume", () -> cp.config().toBuilder());
		final boolean fresh = cp == null;
		if (fresh || epochs != 10) CommandSupport.keyed("epochs", () -> b.epochs(epochs));
		if (fresh || batch_size != 64) CommandSupport.keyed("batch_size", () -> b.batchSize(
			batch_size));
		final String opt = optimizer == null ? "adam" : optimizer.trim();
		if (fresh || !opt.equalsIgnoreCase("adam")) CommandSupport.keyed("optimizer", () -> b.optimizer(
			opt));
		final boolean sgd = !opt.toLowerCase(Locale.ROOT).startsWith("adam");
		final Double rate = number("lr", lr);
		if (rate != null) CommandSupport.keyed("lr", () -> b.learningRate(rate));
		else if (fresh) b.learningRate(sgd ? 0.01 : 0.001);
		final Double decay = number("weight_decay", weight_decay);
		if (decay != null) CommandSupport.keyed("weight_decay", () -> b.weightDecay(decay));
		else if (fresh) b.weightDecay(opt.equalsIgnoreCase("adamw") ? 0.01 : 0);
		if (fresh || !"constant".equals(schedule)) CommandSupport.keyed("schedule", () -> b.schedule(
			schedule));
		if (fresh || seed != 0) b.seed(seed);
		if (fresh || validation_split != 0) CommandSupport.keyed("validation_split", () -> b
			.validationSplit(validation_split));
		if (fresh || patience != 0) CommandSupport.keyed("patience", () -> b.patience(patience));
		final Augmentation a = augmentation();
		if (fresh || !a.isIdentity()) b.augmentation(a);
		if (hooks != null && hooks.progressEvery() > 0) b.progressEvery(hooks.progressEvery());
		b.checkpointDir(checkpointDir);
		return b.build();
	}

	/** The augmentation keys, each checked with its key's name. */
	private Augmentation augmentation() {
		Augmentation a = Augmentation.none();
		a = CommandSupport.keyed("rotation_range", aug(a, x -> x.rotationRange(rotation_range)));
		a = CommandSupport.keyed("width_shift_range", aug(a, x -> x.widthShiftRange(
			width_shift_range)));
		a = CommandSupport.keyed("height_shift_range", aug(a, x -> x.heightShiftRange(
			height_shift_range)));
		a = CommandSupport.keyed("shear_range", aug(a, x -> x.shearRange(shear_range)));
		a = CommandSupport.keyed("zoom_range", aug(a, x -> x.zoomRange(zoom_range)));
		a = a.horizontalFlip(horizontal_flip).verticalFlip(vertical_flip);
		a = CommandSupport.keyed("brightness_range", aug(a, x -> x.brightnessRange(brightness_range ==
			null ? "" : brightness_range)));
		a = CommandSupport.keyed("noise", aug(a, x -> x.noise(noise)));
		a = CommandSupport.keyed("fill_mode", aug(a, x -> x.fillMode(fill_mode)));
		a = a.cval(cval);
		a = CommandSupport.keyed("interpolation", aug(a, x -> x.interpolation(interpolation)));
		return a;
	}

	private static Supplier<Augmentation> aug(final Augmentation a,
		final java.util.function.UnaryOperator<Augmentation> f)
	{
		return () -> f.apply(a);
	}

	/** A number, or null for {@code auto} (or empty). */
	private static Double number(final String key, final String text) {
		final String t = text == null ? "" : text.trim();
		if (t.isEmpty() || t.equalsIgnoreCase(AUTO)) return null;
		try {
			return Double.parseDouble(t);
		}
		catch (final NumberFormatException e) {
			throw new IllegalArgumentException(key + ": '" + text + "' is not a number: expected a " +
				"number or auto", e);
		}
	}

	@FunctionalInterface
	private interface Step<T> {

		T get() throws IOException;
	}

	/** Runs {@code step}; a user error or I/O error gets {@code key: } in front. */
	private static <T> T io(final String key, final Step<T> step) {
		return CommandSupport.keyed(key, () -> {
			try {
				return step.get();
			}
			catch (final java.nio.file.NoSuchFileException e) {
				throw new IllegalArgumentException("'" + e.getFile() + "' does not exist", e);
			}
			catch (final IOException e) {
				throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(),
					e);
			}
		});
	}

	/** An output file must not be a folder; its folder must exist and be writable. */
	static void checkOutput(final String key, final Path file) {
		if (Files.isDirectory(file)) throw new IllegalArgumentException(key + ": '" + file +
			"' is a folder: expected a file name");
		final Path dir = file.toAbsolutePath().getParent();
		if (dir != null && !Files.isDirectory(dir)) throw new IllegalArgumentException(key +
			": the folder '" + dir + "' does not exist: create it first (it is not created for you)");
		if (dir != null && Files.isDirectory(dir) && !Files.isWritable(dir))
			throw new IllegalArgumentException(key + ": cannot write in '" + dir +
				"': permission denied");
	}

	/** A registered temporary file beside {@code target}, removed if the JVM stops before the move. */
	private static Path temp(final Path dir, final Path target) throws IOException {
		final Path tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
		TempFiles.register(tmp);
		return tmp;
	}

	/** {@code dir/fashion.onnx} and {@code -training.png} give {@code dir/fashion-training.png}. */
	static Path sibling(final Path model, final String suffix) {
		final String name = model.getFileName().toString();
		final int dot = name.lastIndexOf('.');
		return model.resolveSibling((dot > 0 ? name.substring(0, dot) : name) + suffix);
	}

	private static void writeCsv(final ResultsTable t, final Path file) throws IOException {
		final StringBuilder sb = new StringBuilder();
		final String[] headings = t.getHeadings();
		sb.append(String.join(",", headings)).append('\n');
		for (int r = 0; r < t.size(); r++) {
			for (int c = 0; c < headings.length; c++) {
				if (c > 0) sb.append(',');
				sb.append(t.getStringValue(headings[c], r));
			}
			sb.append('\n');
		}
		final byte[] bytes = sb.toString().getBytes(StandardCharsets.UTF_8);
		Onnx.writeAtomically(file, os -> os.write(bytes));
	}

	/** class, images, correct, accuracy. */
	static ResultsTable perClass(final Evaluation e, final List<String> classes) {
		final ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		final int[][] m = e.confusion();
		for (int i = 0; i < m.length; i++) {
			int n = 0;
			for (final int v : m[i])
				n += v;
			t.incrementCounter();
			t.addValue("class", classes.get(i));
			t.addValue("images", n);
			t.addValue("correct", m[i][i]);
			t.addValue("accuracy", n == 0 ? Double.NaN : m[i][i] / (double) n);
		}
		return t;
	}

	/** One row per actual class, one column per predicted class. */
	static ResultsTable confusion(final Evaluation e, final List<String> classes) {
		final ResultsTable t = new ResultsTable();
		t.showRowNumbers(false);
		final int[][] m = e.confusion();
		for (int i = 0; i < m.length; i++) {
			t.incrementCounter();
			t.addValue("actual \\ predicted", classes.get(i));
			for (int j = 0; j < m.length; j++)
				t.addValue(classes.get(j), m[i][j]);
		}
		t.setDecimalPlaces(0, 0);
		return t;
	}

	private static ImagePlus confusionImage(final Evaluation e, final String on) {
		final int[][] m = e.confusion();
		final int k = m.length;
		final float[] v = new float[k * k];
		for (int i = 0; i < k; i++)
			for (int j = 0; j < k; j++)
				v[i * k + j] = m[i][j];
		final ImagePlus imp = new ImagePlus("Confusion matrix (" + on + "; rows actual, columns " +
			"predicted)", new FloatProcessor(k, k, v));
		imp.getProcessor().resetMinAndMax();
		return imp;
	}

	/**
	 * The training's display: status bar and progress bar, the live plot (ImageJ) or the plot
	 * made at the end (headless), and the front end's own listener.
	 */
	private static final class Display implements TrainingListener {

		private final boolean gui;
		private final List<EpochMetrics> history;
		/** {epoch - 1 + batch / batches, loss, accuracy} of each progress report of this run. */
		private final List<double[]> batches = new ArrayList<>();
		private final TrainingListener extra;
		private PlotWindow window;

		Display(final boolean gui, final List<EpochMetrics> before, final TrainingListener extra) {
			this.gui = gui;
			this.history = new ArrayList<>(before);
			this.extra = extra;
		}

		@Override
		public void onStart(final int firstEpoch, final int epochs, final int trainingImages,
			final int validationImages, final int testImages)
		{
			if (extra != null) extra.onStart(firstEpoch, epochs, trainingImages, validationImages,
				testImages);
		}

		@Override
		public void onBatch(final TrainingListener.Progress p) {
			IJ.showStatus(String.format(Locale.ROOT,
				"Train CNN: epoch %d/%d, batch %d/%d, loss %.4f, accuracy %.4f, %.0f images/s, ETA %s", p
					.epoch(), p.epochs(), p.batch(), p.batches(), p.loss(), p.accuracy(), p.imagesPerSecond(),
				duration(p.etaSeconds())));
			IJ.showProgress(((p.epoch() - 1) * (double) p.batches() + p.batch()) / ((double) p.epochs() * p
				.batches()));
			batches.add(new double[] { p.epoch() - 1 + p.batch() / (double) p.batches(), p.loss(), p
				.accuracy() });
			if (gui) show();
			if (extra != null) extra.onBatch(p);
		}

		@Override
		public void onEpoch(final EpochMetrics m) {
			history.add(m);
			if (gui) show();
			if (extra != null) extra.onEpoch(m);
		}

		@Override
		public void onCheckpoint(final Path file) {
			if (extra != null) extra.onCheckpoint(file);
		}

		/** The live plot: a new window, or the open one redrawn. */
		private void show() {
			final Plot plot = plot();
			if (window == null || !window.isShowing()) window = plot.show();
			else window.drawPlot(plot);
		}

		/**
		 * Loss and accuracy per epoch (training, validation and test where measured), and the
		 * running training loss and accuracy of every progress report (every few hundred batches)
		 * as thin lines, at the fraction of the epoch they were reported.
		 */
		Plot plot() {
			final Plot plot = new Plot("Train CNN: loss and accuracy", "epoch", "loss / accuracy");
			if (!batches.isEmpty()) {
				final double[] bx = new double[batches.size()], loss = new double[bx.length],
					acc = new double[bx.length];
				for (int i = 0; i < bx.length; i++) {
					bx[i] = batches.get(i)[0];
					loss[i] = batches.get(i)[1];
					acc[i] = batches.get(i)[2];
				}
				plot.setColor("#6baed6");
				plot.add("line", bx, loss);
				plot.setLabel(-1, "training loss (batches)");
				plot.setColor("#fd8d3c");
				plot.add("line", bx, acc);
				plot.setLabel(-1, "training accuracy (batches)");
			}
			final int n = history.size();
			final double[] x = new double[n];
			for (int i = 0; i < n; i++)
				x[i] = history.get(i).epoch();
			add(plot, x, EpochMetrics::loss, "#1f77b4", "training loss");
			add(plot, x, EpochMetrics::accuracy, "#ff7f0e", "training accuracy");
			add(plot, x, EpochMetrics::validationLoss, "#2ca02c", "validation loss");
			add(plot, x, EpochMetrics::validationAccuracy, "#d62728", "validation accuracy");
			add(plot, x, EpochMetrics::testLoss, "#9467bd", "test loss");
			add(plot, x, EpochMetrics::testAccuracy, "#8c564b", "test accuracy");
			// from 0, so that nothing is cut off and losses and accuracies compare at a glance
			double xMax = 1, yMax = 1;
			for (final double[] b : batches) {
				xMax = Math.max(xMax, b[0]);
				yMax = Math.max(yMax, Math.max(b[1], b[2]));
			}
			for (final EpochMetrics m : history) {
				xMax = Math.max(xMax, m.epoch());
				for (final double v : new double[] { m.loss(), m.validationLoss(), m.testLoss() })
					if (Double.isFinite(v)) yMax = Math.max(yMax, v);
			}
			plot.setLimits(0, xMax, 0, yMax * 1.05);
			plot.addLegend(null);
			return plot;
		}

		private void add(final Plot plot, final double[] x,
			final java.util.function.ToDoubleFunction<EpochMetrics> f, final String color,
			final String label)
		{
			final double[] y = new double[x.length];
			boolean any = false;
			for (int i = 0; i < y.length; i++) {
				y[i] = f.applyAsDouble(history.get(i));
				any |= !Double.isNaN(y[i]);
			}
			if (!any) return;
			plot.setColor(java.awt.Color.decode(color), java.awt.Color.decode(color));
			plot.add("connected circle", x, y);
			plot.setLabel(-1, label);
		}

		private static String duration(final double seconds) {
			final long s = Math.round(seconds);
			if (s >= 3600) return String.format(Locale.ROOT, "%dh%02dm%02ds", s / 3600, s / 60 % 60, s %
				60);
			if (s >= 60) return String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
			return s + "s";
		}
	}
}
