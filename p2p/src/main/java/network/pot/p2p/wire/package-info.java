/** The messages carried inside encrypted frames and their binary encoding. */
package network.pot.p2p.wire;
