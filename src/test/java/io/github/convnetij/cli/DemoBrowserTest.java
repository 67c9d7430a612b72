package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's {@code index.html} in a real headless browser (Debian's {@code chromium}, installed
 * by {@code .ci/run}; skipped where it is missing): the page's script records each image's natural
 * size, read back with {@code --dump-dom}; every picture must have loaded at the size of its file.
 * A screenshot is kept in {@code target/demo-test-screenshot.png}.
 */
class DemoBrowserTest {

	private static final Pattern LINE = Pattern.compile("(loaded|broken) (\\S+) (\\d+)x(\\d+)");

	@TempDir
	Path tmp;

	static String chromium() {
		for (final String name : new String[] { "chromium", "chromium-browser" })
			for (final String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
				final Path p = Path.of(dir, name);
				if (Files.isExecutable(p)) return p.toString();
			}
		return null;
	}

	private String run(final String exe, final Path page, final String... extra) throws IOException,
		InterruptedException
	{
		final Path profile = Files.createTempDirectory(tmp, "profile");
		final List<String> cmd = new ArrayList<>(List.of(exe, "--headless", "--no-sandbox",
			"--disable-gpu", "--no-first-run", "--disable-background-networking",
			"--disable-component-update", "--disable-sync", "--hide-scrollbars", "--user-data-dir=" +
				profile));
		cmd.addAll(List.of(extra));
		cmd.add(page.toUri().toString());
		final Path stdout = tmp.resolve("stdout-" + System.nanoTime()), stderr = tmp.resolve("stderr");
		final Process p = new ProcessBuilder(cmd).redirectOutput(stdout.toFile()).redirectError(stderr
			.toFile()).start();
		if (!p.waitFor(120, TimeUnit.SECONDS)) {
			p.destroyForcibly();
			throw new AssertionError("chromium did not finish within 120 s: " + cmd);
		}
		return Files.readString(stdout, StandardCharsets.UTF_8);
	}

	/** The image lines the page's script wrote: {state, src, width, height}. */
	private static List<String[]> images(final String dom) {
		final int at = dom.indexOf("<pre id=\"image-check\">");
		assertTrue(at >= 0, "no image-check element in the dumped DOM:\n" + dom);
		final String pre = dom.substring(at, dom.indexOf("</pre>", at));
		final List<String[]> l = new ArrayList<>();
		final Matcher m = LINE.matcher(pre);
		while (m.find())
			l.add(new String[] { m.group(1), m.group(2), m.group(3), m.group(4) });
		return l;
	}

	@Test
	void indexLoadsEveryPictureInHeadlessChromium() throws Exception {
		final String exe = chromium();
		Assumptions.assumeTrue(exe != null, "chromium is not installed (.ci/run installs it)");
		final DemoRun.Result demo = DemoRun.get();
		assertEquals(0, demo.code(), demo.printed());
		final Path index = demo.dir().resolve(DemoCommand.INDEX);
		final String dom = run(exe, index, "--virtual-time-budget=10000", "--dump-dom");
		final List<String[]> imgs = images(dom);
		final List<String> pngs = new ArrayList<>();
		for (final String f : DemoTest.FILES)
			if (f.endsWith(".png")) pngs.add(f);
		assertEquals(pngs.size(), imgs.size(), dom);
		for (final String[] i : imgs) {
			assertEquals("loaded", i[0], "image " + i[1] + " is broken");
			final BufferedImage file = ImageIO.read(demo.dir().resolve(i[1]).toFile());
			assertEquals(file.getWidth() + "x" + file.getHeight(), i[2] + "x" + i[3], i[1]);
			pngs.remove(i[1]);
		}
		assertTrue(pngs.isEmpty(), "not on the page: " + pngs);

		final Path shot = demo.dir().resolveSibling("demo-test-screenshot.png");
		Files.deleteIfExists(shot);
		run(exe, index, "--window-size=1200,2400", "--screenshot=" + shot);
		final BufferedImage s = ImageIO.read(shot.toFile());
		assertEquals(1200, s.getWidth());
		assertEquals(2400, s.getHeight());
	}

	@Test
	void aMissingPictureIsReportedBroken() throws Exception {
		final String exe = chromium();
		Assumptions.assumeTrue(exe != null, "chromium is not installed (.ci/run installs it)");
		final Path page = tmp.resolve("index.html");
		final BufferedImage one = new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB);
		ImageIO.write(one, "png", tmp.resolve("there.png").toFile());
		Files.writeString(page, DemoIndex.html(List.of(new String[] { "there.png", "a picture" },
			new String[] { "missing.png", "none" }), 0.5, 10));
		final List<String[]> imgs = images(run(exe, page, "--virtual-time-budget=10000", "--dump-dom"));
		assertEquals(2, imgs.size());
		assertEquals(List.of("loaded", "there.png", "30", "20"), List.of(imgs.get(0)));
		assertEquals("broken", imgs.get(1)[0]);
		assertEquals("missing.png", imgs.get(1)[1]);
	}
}
