/**
 * Trained models out of the engine: {@link network.pot.export.PortableModel} translates a model to
 * the channels-first layout other runtimes use; {@link network.pot.export.Onnx} and {@link
 * network.pot.export.Safetensors} write it as a file whose bytes depend only on the model and its
 * metadata.
 */
package network.pot.export;
