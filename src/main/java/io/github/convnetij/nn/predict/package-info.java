/**
 * Applying a trained classifier to images, importing classifiers of other tools
 * ({@link io.github.convnetij.nn.predict.ModelImport}: a new model file with torchvision's
 * preprocessing and class names, {@link io.github.convnetij.nn.predict.ImageNetClasses}), and
 * splitting a list of files into shards for cluster jobs. Front-end free: the SciJava commands, the
 * CLI's {@code predict} and {@code import} and the ImageJ 1.x bridge all call
 * {@link io.github.convnetij.nn.predict.Classifier}, {@link io.github.convnetij.nn.predict.ModelImport}
 * and {@link io.github.convnetij.nn.predict.Shard}.
 * <pre>{@code
 * Classifier c = Classifier.load(Path.of("fashion.onnx"));
 * List<Classifier.Ranked> top = c.classify(Tensor.of(pixels, 1, 28, 28), 8, "shoe.png", 3);
 * Shard s = Shard.resolve(null, System.getenv(), System.err::println); // SLURM array or all
 * List<Path> mine = s.select(sortedFiles);
 * }</pre>
 */
package io.github.convnetij.nn.predict;
