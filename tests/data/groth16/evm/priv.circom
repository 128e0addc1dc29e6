pragma circom 2.0.0;

// No public inputs: knowledge of a, b with a * b = c (c private).
template Priv() {
    signal input a;
    signal input b;
    signal c;
    c <== a * b;
}

component main = Priv();
