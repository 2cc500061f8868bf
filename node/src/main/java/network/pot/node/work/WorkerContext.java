package network.pot.node.work;

import network.pot.base.crypto.KeyPair;
import network.pot.node.ledger.LedgerApp;
import network.pot.node.ledger.TaskIndex;
import network.pot.node.net.Artifacts;
import network.pot.node.net.TxGateway;

/**
 * What the proof-of-training workers share: the node's key, its ledger and task index, where they
 * submit transactions, where artifacts come from, and the local datasets.
 */
public record WorkerContext(
    String node,
    KeyPair key,
    LedgerApp app,
    TaskIndex tasks,
    TxGateway gateway,
    Artifacts artifacts,
    Datasets datasets) {}
