package network.pot.rpc.methods;

/** A JSON-RPC error: the standard code and a message for the client. */
public final class RpcError extends Exception {
  private static final long serialVersionUID = 1L;

  /** The request body is not JSON. */
  public static final int PARSE_ERROR = -32700;

  /** The JSON is not a request object. */
  public static final int INVALID_REQUEST = -32600;

  /** No method of that name. */
  public static final int METHOD_NOT_FOUND = -32601;

  /** The params are missing, of the wrong type or name nothing that exists. */
  public static final int INVALID_PARAMS = -32602;

  /** A bug: the method failed unexpectedly. */
  public static final int INTERNAL_ERROR = -32603;

  /** The request was fine but the node could not carry it out (storage, for example). */
  public static final int SERVER_ERROR = -32000;

  /**
   * The node refused the call under one of its limits (calls per second from one client, bytes of
   * task specs waiting for their tasks): the same call may succeed later. The code Ethereum clients
   * use for "limit exceeded" (EIP-1474).
   */
  public static final int LIMIT_EXCEEDED = -32005;

  private final int code;

  public RpcError(int code, String message) {
    super(message);
    this.code = code;
  }

  /** An {@link #INVALID_PARAMS} error. */
  public static RpcError invalidParams(String message) {
    return new RpcError(INVALID_PARAMS, message);
  }

  public int code() {
    return code;
  }
}
