pragma circom 2.1.0;

// A chain of n multiplications, c[i] = c[i-1] * c[i-2], over the private inputs a and b: exactly n
// R1CS constraints (the simplifier cannot merge products), and the last product is the only public
// signal. With n = 2^k - 2 the constraints and the public-input rows fill the 2^k domain exactly.
template MultiplierChain(n) {
    signal input a;
    signal input b;
    signal output out;

    signal c[n + 2];
    c[0] <== a;
    c[1] <== b;
    for (var i = 2; i < n + 2; i++) {
        c[i] <== c[i - 1] * c[i - 2];
    }
    out <== c[n + 1];
}
