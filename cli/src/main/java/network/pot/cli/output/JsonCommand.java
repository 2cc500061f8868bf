package network.pot.cli.output;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.Callable;
import network.pot.base.json.Json;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * A command whose answer is one JSON object: it checks its options ({@link #validate}), runs and
 * fills in the answer ({@link #run}), and the object is printed as the last line on stdout. Bad
 * input is a {@link UserException} (or an I/O or argument error), which {@link Output#handle}
 * reports as one line and exit 2.
 */
public abstract class JsonCommand implements Callable<Integer> {
  @Spec private CommandSpec spec;

  /** Checks the options before anything runs; a bad one throws {@link UserException}. */
  protected void validate() {}

  /**
   * Does the work and puts its figures into {@code answer}; progress goes to {@code out}'s stderr.
   * Returns the exit code: {@link ExitCodes#OK}, or {@link ExitCodes#REJECTED} for a negative
   * answer.
   */
  protected abstract int run(ObjectNode answer, Output out) throws Exception;

  /** Said after the answer is printed, on stderr (for example the id of what was made). */
  protected void after(Output out) {}

  @Override
  public final Integer call() throws Exception {
    validate();
    Output out = Output.of(spec);
    ObjectNode answer = Json.object();
    int code = run(answer, out);
    out.json(answer);
    after(out);
    return code;
  }
}
