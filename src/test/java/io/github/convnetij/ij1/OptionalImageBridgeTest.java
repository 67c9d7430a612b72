package io.github.convnetij.ij1;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;

import org.junit.jupiter.api.Test;
import org.scijava.Context;
import org.scijava.command.CommandService;

/**
 * Commands whose image input is optional ({@code required = false}) or absent run through the
 * ImageJ 1.x bridge with no image open (Train CNN and Predict with CNN read files): the bridge
 * neither refuses them with "There are no images open" nor fails on the missing image, from the
 * menu's check ({@link CommandBridge#needsAnOpenImage}) or from a macro.
 */
class OptionalImageBridgeTest {

	private static final String OPTIONAL = OptionalImageTestCommand.class.getName();
	private static final String NONE = NoImageTestCommand.class.getName();

	@Test
	void onlyARequiredImageInputNeedsAnOpenImage() {
		try (Context context = new Context(CommandService.class)) {
			assertFalse(CommandBridge.needsAnOpenImage(BridgedCommand.of(context, OPTIONAL)));
			assertFalse(CommandBridge.needsAnOpenImage(BridgedCommand.of(context, NONE)));
			assertTrue(CommandBridge.needsAnOpenImage(BridgedCommand.of(context,
				"io.github.convnetij.command.PoolImageCommand")));
			// with no image open, a macro's options give null for the optional image
			final Map<String, Object> v = BridgedCommand.of(context, OPTIONAL).fromMacroOptions("size=3",
				title -> null);
			assertNull(v.get("image"));
			assertEquals(3, v.get("size"));
		}
	}

	/** Runs the bridge on {@code className} in a macro, as a plugins.config line would. */
	private static String bridge(final String className, final String options) {
		return "call(\"ij.Macro.setOptions\", \"" + options + "\");\n" +
			"call(\"ij.IJ.runPlugIn\", \"" + CommandBridge.class.getName() + "\", \"" + className +
			"\");\n";
	}

	@Test
	void aMacroRunsThemWithNoImageOpen() {
		for (final String[] c : new String[][] { { OPTIONAL, "size=4", "made-without-image" }, { NONE,
			"name=fresh", "fresh" } })
		{
			final LegacyImageJ.Outcome o = SharedImageJ.outcome(bridge(c[0], c[1]) +
				"if (nImages != 1) exit('images open: ' + nImages);\n" +
				"if (getTitle() != '" + c[2] + "') exit('active image: ' + getTitle());\n");
			assertFalse(o.failed(), () -> c[0] + ": line " + o.line() + ": " + o.message());
		}
		// an open image is still taken when there is one
		final LegacyImageJ.Outcome o = SharedImageJ.outcome("newImage('given', '8-bit black', 3, 3, " +
			"1);\n" + bridge(OPTIONAL, "size=2") +
			"if (getTitle() != 'made-from-given') exit('active image: ' + getTitle());\n" +
			"if (getWidth() != 2) exit('width ' + getWidth());\n");
		assertFalse(o.failed(), () -> "line " + o.line() + ": " + o.message());
	}
}
