/**
 * Pictures of networks and their data, drawn with {@code java.awt} into
 * {@link java.awt.image.BufferedImage}s and written as PNG files with their text
 * ({@link io.github.convnetij.viz.Png}): architecture diagrams and tables
 * ({@link io.github.convnetij.viz.ArchitecturePicture}, from
 * {@link io.github.convnetij.viz.LayerSummary}), learned filters
 * ({@link io.github.convnetij.viz.FilterMontage}), feature maps
 * ({@link io.github.convnetij.viz.FeatureMaps}), prediction panels
 * ({@link io.github.convnetij.viz.PredictionPanels}), training curves
 * ({@link io.github.convnetij.viz.TrainingCurves}) and augmented replicates
 * ({@link io.github.convnetij.viz.AugmentationFigure}).
 * <p>
 * This package sits beside {@code nn}: it reads tensors, layers and metrics but never imports
 * ImageJ or SciJava; commands wrap its figures for ImageJ. Text is drawn antialiased in Java's
 * logical fonts ({@code SansSerif}, {@code Monospaced}), which exist on every JVM, headless
 * included.
 */
package io.github.convnetij.viz;
