package io.github.convnetij.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import com.code_intelligence.jazzer.junit.FuzzTest;

import io.github.convnetij.nn.data.ImageHeaders;

/**
 * Jazzer fuzz targets of every parser that reads hostile input. In a plain {@code mvn verify} each
 * runs its seed and regression inputs only ({@code src/test/resources/io/github/convnetij/fuzz/
 * ParsersFuzzTestInputs/<method>/}: one file per failure class found so far, plus valid seeds).
 * To fuzz one target (only one per JVM), e.g. the ONNX loader for its {@code maxDuration}:
 * <pre>
 * mvn verify -Pfuzz -Dfuzz.tests=ParsersFuzzTest#onnx
 * </pre>
 * A crash is written to that inputs folder as {@code crash-<sha1>}: fix it and keep the file as
 * a regression input.
 */
class ParsersFuzzTest {

	@FuzzTest(maxDuration = "10m")
	void onnx(final byte[] data) {
		FuzzTargets.onnx(data);
	}

	@FuzzTest(maxDuration = "10m")
	void idx(final byte[] data) {
		FuzzTargets.idx(data);
	}

	@FuzzTest(maxDuration = "10m")
	void imageHeaders(final byte[] data) throws IOException {
		final Path f = Files.createTempFile("fuzz", ".img");
		try {
			Files.write(f, data);
			ImageHeaders.check(f);
		}
		catch (final IOException e) {
			FuzzTargets.checkMessage(e);
		}
		finally {
			Files.deleteIfExists(f);
		}
	}

	/** Image files of every format the readers take, decoded after their header check. */
	@FuzzTest(maxDuration = "10m")
	void imageFiles(final byte[] data) throws IOException {
		FuzzTargets.imageFiles(data);
	}

	/** The bytes as UTF-8 text, so that regression inputs are plain text files. */
	@FuzzTest(maxDuration = "10m")
	void kernel(final byte[] data) {
		FuzzTargets.kernel(new String(data, StandardCharsets.UTF_8));
	}

	@FuzzTest(maxDuration = "10m")
	void architecture(final byte[] data) {
		FuzzTargets.architecture(new String(data, StandardCharsets.UTF_8));
	}
}
