pragma circom 2.0.0;

// Public output and public inputs, negative and large coefficients, a linear constraint.
// out = (x + 3y) * (s - y) - 7, with x, y public inputs and s private; t = s * s * x.
template PubIO() {
    signal input x;
    signal input y;
    signal input s;
    signal output out;
    signal output t;
    signal u;
    signal v;
    u <== x + 3 * y;
    v <== u * (s - y);
    out <== v - 7;
    signal ss;
    ss <== s * s;
    t <== ss * x - 21888242871839275222246405745257275088548364400416034343698204186575808495616 * s;
}

component main {public [x, y]} = PubIO();
