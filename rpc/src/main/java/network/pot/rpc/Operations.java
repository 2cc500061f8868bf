package network.pot.rpc;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * What an operator's tools read over HTTP beside the JSON-RPC API: Prometheus metrics at {@code
 * /metrics}, liveness at {@code /health} and readiness at {@code /health/ready} (200 when so, 503
 * when not, a JSON body saying why either way).
 */
public interface Operations {
  /** The metrics in the Prometheus text exposition format. */
  String metrics();

  /** The node's health now. */
  Health health();

  /**
   * A health report.
   *
   * @param live the node runs (its consensus has not halted)
   * @param ready it is live and keeps up with the chain (a recent finalized block)
   * @param body the figures behind both, for a person or a probe's log
   */
  record Health(boolean live, boolean ready, ObjectNode body) {}
}
