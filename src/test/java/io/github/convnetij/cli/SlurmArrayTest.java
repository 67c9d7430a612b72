package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import io.github.convnetij.nn.Architectures;
import io.github.convnetij.nn.Network;
import io.github.convnetij.nn.onnx.InputSpec;
import io.github.convnetij.nn.onnx.ModelFile;

/**
 * The README's SLURM array script for {@code predict} ({@code src/test/slurm/predict-array.sbatch})
 * submitted with {@code sbatch --wait} to a real SLURM (Debian's slurm-wlm and munge, one
 * controller and one node on this machine, started by {@code src/test/slurm/start-slurm.sh}): the
 * tasks' CSVs, merged, are the single run's table, each image exactly once; a list array that
 * cannot be mapped fails asking for {@code --shard}.
 * <p>
 * Runs when {@code -Dconvnetij.slurm=true}, or by itself where it can: as root, with
 * {@code slurmctld}, {@code slurmd}, {@code munged} and {@code sbatch} installed and SLURM's ports
 * free (CI installs the packages: {@code .ci/run}). About 25 s: starting the daemons takes under
 * a second, an array job about 10 s.
 */
class SlurmArrayTest {

	private static final Path SLURM = Path.of("src/test/slurm");

	@TempDir
	Path dir;

	private static boolean runnable() {
		if (Boolean.getBoolean("convnetij.slurm")) return true;
		if (!"root".equals(System.getProperty("user.name"))) return false;
		for (final String f : new String[] { "/usr/sbin/slurmctld", "/usr/sbin/slurmd",
			"/usr/sbin/munged", "/usr/bin/sbatch" })
			if (!Files.isExecutable(Path.of(f))) return false;
		for (final int port : new int[] { 6817, 6818 })
			try (ServerSocket s = new ServerSocket(port)) {
				s.setReuseAddress(true);
			}
			catch (final IOException e) {
				return false; // a SLURM (or something else) runs here already
			}
		return true;
	}

	/** Runs a command, waits at most {@code seconds}; returns its exit code and output. */
	private static String[] run(final Path cwd, final Map<String, String> env, final int seconds,
		final String... command) throws Exception
	{
		final ProcessBuilder pb = new ProcessBuilder(command).directory(cwd.toFile())
			.redirectErrorStream(true);
		// the tasks must not inherit an array job of the JVM that runs the tests
		pb.environment().keySet().removeIf(k -> k.startsWith("SLURM_"));
		pb.environment().putAll(env);
		final Process p = pb.start();
		final byte[] out = p.getInputStream().readAllBytes();
		if (!p.waitFor(seconds, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError(String.join(" ", command) + ": no end after " + seconds + " s");
		}
		return new String[] { Integer.toString(p.exitValue()), new String(out) };
	}

	@Test
	void predictArrayCoversTheFolderExactlyOnce() throws Exception {
		Assumptions.assumeTrue(runnable(), "SLURM test skipped: needs root, Debian's slurm-wlm and " +
			"munge, and SLURM's ports free (or -Dconvnetij.slurm=true)");
		final Network net = Architectures.parse("flatten, dense(3), softmax", new int[] { 1, 4, 5 },
			3);
		net.initialize(2);
		final Path model = dir.resolve("m.onnx");
		ModelFile.of(net, List.of("a", "b", "c"), InputSpec.uint8(1, 4, 5)).save(model);
		final Path images = Files.createDirectories(dir.resolve("images"));
		final Random r = new Random(1);
		for (int i = 0; i < 11; i++) {
			final byte[] p = new byte[20];
			r.nextBytes(p);
			assertTrue(new FileSaver(new ImagePlus("x", new ByteProcessor(5, 4, p))).saveAsPng(images
				.resolve(String.format("img%02d.png", i)).toString()));
		}
		final Path state = dir.resolve("slurm");
		final String[] start = run(dir, Map.of(), 60, "bash", SLURM.resolve("start-slurm.sh")
			.toAbsolutePath().toString(), state.toString());
		assertEquals("0", start[0], start[1]);
		try {
			final Path work = Files.createDirectories(dir.resolve("work"));
			Files.createDirectories(work.resolve("logs"));
			Files.createDirectories(work.resolve("predictions"));
			final String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
			final Map<String, String> env = Map.of("SLURM_CONF", state.resolve("slurm.conf").toString(),
				"CONVNET", java + " -Djava.awt.headless=true -cp " + System.getProperty(
					"java.class.path").replace(" ", "\\ ") + " " + Main.class.getName());
			final String script = SLURM.resolve("predict-array.sbatch").toAbsolutePath().toString();
			final String[] job = run(work, env, 300, "sbatch", "--wait", script, model.toString(), images
				.toString());
			final String jobLogs = logs(work);
			assertEquals("0", job[0], () -> job[1] + jobLogs);
			// merged as the README says: one header, then every task's rows
			final List<String> merged = new ArrayList<>();
			for (int t = 0; t < 4; t++) {
				final List<String> part = Files.readAllLines(work.resolve("predictions/part-" + t +
					".csv"));
				assertEquals("image,rank,class,probability", part.get(0));
				assertEquals(2 * (t < 3 ? 3 : 2), part.size() - 1, "task " + t + ": 11 images in 4 shards");
				merged.addAll(part.subList(1, part.size()));
			}
			assertTrue(logs(work).contains("shard 1/4 from the SLURM array job"), logs(work));
			final CliTest.Result single = CliTest.cli("predict", "--model", model.toString(), "--top-k",
				"2", images.toString());
			CliTest.assertOk(single);
			final List<String> expected = new ArrayList<>(List.of(single.out().split("\n")));
			expected.remove(0);
			Collections.sort(expected);
			Collections.sort(merged);
			assertEquals(expected, merged);
			// the filter's array script: one output folder, every image once
			final Path edges = work.resolve("smoothed");
			final String[] conv = run(work, env, 300, "sbatch", "--wait", SLURM.resolve(
				"convolve-array.sbatch").toAbsolutePath().toString(), images.toString(), edges.toString());
			final String convLogs = logs(work);
			assertEquals("0", conv[0], () -> conv[1] + convLogs);
			final List<String> outputs = new ArrayList<>();
			try (var s = Files.list(edges)) {
				s.forEach(p -> outputs.add(p.getFileName().toString()));
			}
			Collections.sort(outputs);
			final List<String> want = new ArrayList<>();
			for (int i = 0; i < 11; i++)
				want.add(String.format("img%02d.tif", i));
			assertEquals(want, outputs);
			final Path one = dir.resolve("one.tif");
			CliTest.assertOk(CliTest.cli("convolve", "--kernel", "gaussian(2)", "--boundary", "reflect",
				images.resolve("img07.png").toString(), one.toString()));
			assertTrue(Arrays.equals((float[]) ij.IJ.openImage(one.toString()).getProcessor()
				.getPixels(), (float[]) ij.IJ.openImage(edges.resolve("img07.tif").toString())
					.getProcessor().getPixels()));
			// a list array cannot be mapped to shards: every task fails asking for --shard
			final String[] list = run(work, env, 300, "sbatch", "--wait", "--array=1,2,9", script, model
				.toString(), images.toString());
			assertNotEquals("0", list[0], list[1]);
			assertTrue(logs(work).contains("give --shard I/N explicitly"), logs(work));
		}
		finally {
			run(dir, Map.of(), 30, "bash", SLURM.resolve("stop-slurm.sh").toAbsolutePath().toString(),
				state.toString());
		}
	}

	private static String logs(final Path work) throws IOException {
		final StringBuilder sb = new StringBuilder();
		final File[] files = work.resolve("logs").toFile().listFiles();
		if (files != null) for (final File f : files)
			sb.append("\n--- ").append(f.getName()).append('\n').append(Files.readString(f.toPath()));
		return sb.toString();
	}
}
