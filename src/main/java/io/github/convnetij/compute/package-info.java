/**
 * The shared multithreaded compute core of ConvNet-IJ: dense float {@link
 * io.github.convnetij.compute.Tensor}s in the NCHW / NCDHW layout of ImgLib2 {@code ArrayImg}s
 * (wrapped, not copied), and the kernels both the image operations and the CNN layers run:
 * N-d correlation and convolution ({@link io.github.convnetij.compute.Convolutions}), padding with
 * boundary modes ({@link io.github.convnetij.compute.Padding}) and max/average pooling
 * ({@link io.github.convnetij.compute.Pooling}).
 * <p>
 * Threading comes from the caller's ImgLib2 context, never from a thread-count argument:
 * <pre>{@code
 * Tensor out = Parallelization.runWithNumThreads(4, () -> Convolutions.correlate(in, w, null, g));
 * }</pre>
 * Work is split into tasks chosen from the problem's shape alone, and each output element is
 * accumulated in a fixed order, so results are bitwise identical for any number of threads. The
 * driver that spreads tasks over threads is kept apart from the per-task kernels; it reports
 * progress to, and stops when asked by, a {@link io.github.convnetij.compute.Progress} listener set
 * on the calling thread (ImageJ's progress bar and Esc key). {@link
 * io.github.convnetij.compute.Statistics} gives whole-image minimum and maximum at memory speed.
 * <p>
 * Single-channel filtering of 1-3-d planes ({@link io.github.convnetij.compute.PlaneConvolutions},
 * the image operations' path) has three methods ({@link io.github.convnetij.compute.ConvMethod}):
 * direct, separable (rank-1 kernels) and tiled FFT (JTransforms), with {@code AUTO} choosing from
 * the sizes alone; boundaries are applied while reading, never by padding a copy. Its inner loops
 * come in two implementations with bitwise equal results: the Vector API
 * ({@code jdk.incubator.vector}, used when the JVM was started with
 * {@code --add-modules jdk.incubator.vector}, as the CLI relaunches itself, or when
 * {@link io.github.convnetij.compute.VectorModule} can load the module at run time, as in Fiji)
 * and plain Java written for C2's auto-vectorizer (everywhere else).
 * {@code -Dconvnetij.vector=false} forces the plain-Java one.
 * <p>
 * This package depends on ImgLib2 and JTransforms only; it never imports SciJava or ImageJ.
 */
package io.github.convnetij.compute;
