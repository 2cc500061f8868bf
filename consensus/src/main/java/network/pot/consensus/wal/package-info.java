/** The file-backed write-ahead log of a node's own signed messages (no double-sign on restart). */
package network.pot.consensus.wal;
