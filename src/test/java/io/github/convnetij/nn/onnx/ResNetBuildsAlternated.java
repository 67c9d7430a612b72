package io.github.convnetij.nn.onnx;

import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ForkJoinPool;

/**
 * Manual A/B timing of two or more builds of this repository in one JVM (not a unit test): each
 * build is loaded by its own class loader, loads the model ({@link ResNetBenchmark}'s loader), and
 * the builds' inferences are alternated run by run, so that a machine whose speed drifts from
 * minute to minute (a shared VM) slows all of them alike. Prints the median and quartiles of each.
 * <pre>
 * java -Xmx3g --add-modules jdk.incubator.vector -cp target/test-classes \
 *     io.github.convnetij.nn.onnx.ResNetBuildsAlternated MODEL THREADS BATCH RUNS target/cp.txt \
 *     new target/classes target/test-classes  old /wt/old/target/classes /wt/old/target/test-classes
 * </pre>
 * {@code target/cp.txt}: the dependency class path ({@code mvn -q dependency:build-classpath
 * -Dmdep.outputFile=target/cp.txt}). Warm-up: 8 s of alternated inferences.
 */
public final class ResNetBuildsAlternated {

	private ResNetBuildsAlternated() {}

	/** One build: its class loader, network, input and a pool of threads of its own. */
	private static final class Build {

		final String name;
		final Object net, input;
		final Method predict, runWith;
		final ExecutorService pool;

		Build(final String name, final String classes, final String testClasses, final URL[] jars,
			final Path model, final int threads, final int batch) throws Exception
		{
			this.name = name;
			final List<URL> urls = new ArrayList<>();
			urls.add(Path.of(classes).toUri().toURL());
			urls.add(Path.of(testClasses).toUri().toURL());
			urls.addAll(Arrays.asList(jars));
			final ClassLoader cl = new URLClassLoader(urls.toArray(new URL[0]), ClassLoader
				.getPlatformClassLoader());
			final Method load = cl.loadClass(ResNetBenchmark.class.getName()).getDeclaredMethod("load",
				Path.class, long[].class);
			load.setAccessible(true);
			net = load.invoke(null, model, new long[3]);
			final Class<?> tensor = cl.loadClass("io.github.convnetij.compute.Tensor");
			final float[] x = new float[batch * 3 * 224 * 224];
			final Random r = new Random(0);
			for (int i = 0; i < x.length; i++)
				x[i] = r.nextFloat();
			input = tensor.getMethod("of", float[].class, int[].class).invoke(null, x, new int[] { batch, 3,
				224, 224 });
			predict = net.getClass().getMethod("predict", tensor);
			runWith = cl.loadClass("net.imglib2.parallel.Parallelization").getMethod("runWithExecutor",
				ExecutorService.class, Runnable.class);
			pool = new ForkJoinPool(threads);
		}

		long once() throws Exception {
			final long s = System.nanoTime();
			runWith.invoke(null, pool, (Runnable) () -> {
				try {
					predict.invoke(net, input);
				}
				catch (final ReflectiveOperationException e) {
					throw new IllegalStateException(e);
				}
			});
			return System.nanoTime() - s;
		}
	}

	public static void main(final String[] a) throws Exception {
		final Path model = Path.of(a[0]);
		final int threads = Integer.parseInt(a[1]), batch = Integer.parseInt(a[2]), runs = Integer
			.parseInt(a[3]);
		final String[] cp = Files.readString(Path.of(a[4])).trim().split(":");
		final URL[] jars = new URL[cp.length];
		for (int i = 0; i < cp.length; i++)
			jars[i] = Path.of(cp[i]).toUri().toURL();
		final List<Build> builds = new ArrayList<>();
		for (int i = 5; i + 2 < a.length; i += 3)
			builds.add(new Build(a[i], a[i + 1], a[i + 2], jars, model, threads, batch));
		final long warm = System.nanoTime();
		while (System.nanoTime() - warm < 8_000_000_000L)
			for (final Build b : builds)
				b.once();
		final long[][] t = new long[builds.size()][runs];
		for (int r = 0; r < runs; r++)
			for (int i = 0; i < builds.size(); i++) {
				final int j = r % 2 == 0 ? i : builds.size() - 1 - i; // each build first every other run
				t[j][r] = builds.get(j).once();
			}
		for (int i = 0; i < builds.size(); i++) {
			final long[] s = t[i].clone();
			Arrays.sort(s);
			System.out.printf(Locale.ROOT,
				"%s batch %d threads %d: median %.1f ms, quartiles %.1f-%.1f, min %.1f (%d runs, alternated)%n",
				builds.get(i).name, batch, threads, s[runs / 2] / 1e6, s[runs / 4] / 1e6, s[3 * runs / 4] / 1e6,
				s[0] / 1e6, runs);
		}
		for (final Build b : builds)
			b.pool.shutdown();
	}
}
