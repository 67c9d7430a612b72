package io.github.convnetij.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;

/**
 * Second round of the hostile command-line matrix (issue 12): cases found by an outside matrix of
 * about 540 bad inputs, each run as {@code java -Xmx1g -jar}, that exited 0 or broke the one-line
 * rule. Checked in-process through {@link Main#run} with the rules of {@link CliHostileMatrixTest}
 * (exit 2, one {@code error: } line naming the value and what is accepted, folder unchanged).
 */
class CliHostileMatrix2Test {

	@TempDir
	static Path dir;

	private static Path image, recursion;

	@BeforeAll
	static void fixtures() throws IOException {
		image = Files.writeString(dir.resolve("in.csv"), CliTest.IMAGE);
		recursion = Files.writeString(dir.resolve("recursion.ijm"),
			"function f(n) { return f(n + 1); }\nf(0);\n");
	}

	private record Case(String name, String[] args, String[] expected) {}

	private static Case c(final String name, final String[] args, final String... expected) {
		return new Case(name, args, expected);
	}

	private static String out(final String name) {
		return dir.resolve(name).toString();
	}

	private static List<Case> cases() {
		return List.of(
			// a size with a dangling separator was read as its first number (2x = 2)
			c("pool size 2x", new String[] { "pool", image.toString(), out("o.tif"), "--size=2x" },
				"size", "'2x'", "whole numbers"),
			c("pool size 2,", new String[] { "pool", image.toString(), out("o.tif"), "--size=2," },
				"size", "'2,'", "whole numbers"),
			c("pool stride 1x", new String[] { "pool", image.toString(), out("o.tif"), "--size=2",
				"--stride=1x" }, "stride", "'1x'", "whole numbers"),
			// a macro function calling itself without end: StackOverflowError, 1,025 lines, exit 1
			c("macro endless recursion", new String[] { "macro", recursion.toString() }, recursion
				.toString(), "nest too deeply", "at most"));
	}

	@TestFactory
	Stream<DynamicTest> everyBadInputGivesOneLineAndLeavesNothing() {
		return cases().stream().map(k -> DynamicTest.dynamicTest(k.name(), () -> {
			final TreeSet<String> before = CliBadInputTest.listing(dir);
			final CliTest.Result r = CliTest.cli(k.args());
			CliHostileMatrixTest.check(k.args(), r.rc(), r.err(), k.expected());
			assertEquals(before, CliBadInputTest.listing(dir), "folder unchanged: " + String.join(" ",
				k.args()));
		}));
	}
}
