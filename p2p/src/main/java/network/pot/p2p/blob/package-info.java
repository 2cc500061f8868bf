/**
 * Content-addressed blobs (datasets, checkpoints, models): manifests of chunk hashes, a directory
 * store, and chunked, hash-checked transfer between peers.
 */
package network.pot.p2p.blob;
