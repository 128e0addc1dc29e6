pragma circom 2.1.0;

// A lender's check with public outputs AND a public input, built from circomlib's comparators:
// the borrower's income and debt (private, range-checked to `bits` bits) are committed to with
// Poseidon(income, debt, salt), and the circuit outputs income >= threshold (threshold is a public
// input) and debt < income. Public signals, in snarkjs's order: the three outputs, then threshold.
// comparators.circom, bitify.circom and poseidon.circom are copied beside this file at test time.
include "bitify.circom";
include "comparators.circom";
include "poseidon.circom";

template CreditCheck(bits) {
    signal input income;
    signal input debt;
    signal input salt;
    signal input threshold;

    signal output commitment;
    signal output meets_threshold;
    signal output debt_below_income;

    // GreaterEqThan and LessThan assume bits-bit operands: enforce it for the private ones (the
    // threshold is public, the verifier sees it).
    component income_bits = Num2Bits(bits);
    income_bits.in <== income;
    component debt_bits = Num2Bits(bits);
    debt_bits.in <== debt;

    commitment <== Poseidon(3)([income, debt, salt]);
    meets_threshold <== GreaterEqThan(bits)([income, threshold]);
    debt_below_income <== LessThan(bits)([debt, income]);
}
