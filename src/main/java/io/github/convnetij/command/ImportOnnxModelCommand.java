package io.github.convnetij.command;

import java.io.File;
import java.io.IOException;

import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import ij.IJ;
import io.github.convnetij.nn.predict.ModelImport;

/**
 * <i>Plugins&gt;ConvNet-IJ&gt;CNN&gt;Import ONNX Model...</i>: reads an ONNX classifier written by
 * another tool (e.g. a torchvision ResNet exported by PyTorch), validates it (an unsupported
 * operator is an error listing each unsupported op type and its nodes), reports its inputs,
 * outputs, operators and parameter count, and writes a NEW model file with the preprocessing and
 * class names that Predict with CNN applies ({@link ModelImport}). The input file is never
 * overwritten.
 * <p>
 * Macro keys: {@code model} (the ONNX file read), {@code output} (the model file written),
 * {@code labels} (optional: class names, one per line), {@code resize_size} ({@code auto}: 256 for
 * an ImageNet classifier at 224x224; N: the shorter side before the centre crop; 0: resize
 * straight to the model's size), {@code mean} and {@code std} ({@code auto}: ImageNet's for an
 * ImageNet-like classifier, else none; or one value, or one per channel).
 * <pre>{@code
 * run("Import ONNX Model...", "model=/models/resnet50.onnx output=/models/resnet50-ij.onnx");
 * run("Predict with CNN...", "model=/models/resnet50-ij.onnx top_k=5");
 * }</pre>
 */
@Plugin(type = Command.class, menuPath = "Plugins>ConvNet-IJ>CNN>Import ONNX Model...",
	headless = true, description = "Validate an ONNX classifier from another tool and write a " +
		"model file with its preprocessing and class names")
public class ImportOnnxModelCommand implements Command {

	@Parameter(label = "ONNX model", description = "The .onnx file to import (e.g. exported by " +
		"PyTorch's torch.onnx.export).", style = "extensions:onnx", persist = false)
	private File model;

	@Parameter(label = "Output model file", description = "The new model file written (never the " +
		"file read).", style = "save", persist = false)
	private File output;

	@Parameter(label = "Labels file", description = "Class names, one per line, one per output; " +
		"empty = the model's own, or ImageNet's for 1000 or 1001 outputs.", required = false,
		persist = false)
	private File labels;

	@Parameter(label = "Resize size", description = "auto (256 for ImageNet classifiers at 224x224), " +
		"the shorter side in pixels before the centre crop to the model's size, or 0 (resize " +
		"straight to the model's size).", persist = false)
	private String resize_size = "auto";

	@Parameter(label = "Mean", description = "Per-channel mean subtracted from samples scaled to " +
		"[0,1]: auto (ImageNet's for ImageNet-like classifiers, else none), none, one value, or one " +
		"per channel (commas).", persist = false)
	private String mean = "auto";

	@Parameter(label = "Std", description = "Per-channel divisor after the mean: auto, none, one " +
		"value, or one per channel (commas).", persist = false)
	private String std = "auto";

	@Parameter(label = "Import report", type = ItemIO.OUTPUT)
	private String report;

	/** The report, after {@link #run()}. */
	public String getReport() {
		return report;
	}

	@Override
	public void run() {
		try {
			report = ModelImport.run(new ModelImport.Options(model == null ? null : model.toPath(),
				output == null ? null : output.toPath(), labels == null ? null : labels.toPath(), resize_size,
				mean, std)).report();
		}
		catch (final IOException e) {
			throw new IllegalArgumentException("output: cannot write '" + output + "': " + e.getMessage(), e);
		}
		if (IJ.getInstance() != null || ij.macro.Interpreter.getInstance() != null) for (final String line
			: report.split("\n"))
			IJ.log("Import ONNX Model: " + line);
	}
}
