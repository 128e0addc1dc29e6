pragma circom 2.1.0;

// circomlib's Poseidon hash of n private inputs (n = 1..16); the hash is the only public signal.
// poseidon.circom is copied beside this file at test time (circomlib is GPL: never committed here).
include "poseidon.circom";

template PoseidonHash(n) {
    signal input in[n];
    signal output hash;

    hash <== Poseidon(n)(in);
}
