// SPDX-License-Identifier: MIT
// LendingPool: opens a loan for a borrower who proves, with one Groth16 proof (zkcredit's credit
// circuit), that the pool's registered model scores her private features at a public risk score no
// higher than the pool accepts, and that her private collateral covers her private loan at the pool's
// collateral ratio. The proof is bound to msg.sender and to a nonce, so it cannot be stolen from the
// mempool or replayed. No funds move here: the pool records the loan and emits it; the commitments
// in the event are what a settlement layer (or an auditor, given the openings) later checks.
//
// Public signals of the credit proof (zkcredit src/zkc/lending/credit_circuit.hpp), in this order:
//   0 score                = probability of default * 2^f, an integer in [0, 2^f]
//   1 modelCommitment      = Poseidon commitment of the pool's quantized model
//   2 featureCommitment    = salted Poseidon commitment of the borrower's features
//   3 positionCommitment   = Poseidon(C, L, salt): collateral C and loan L stay private
//   4 ratio                = num + den * 2^64: the proof shows C * den >= L * num
//   5 borrower             = uint160(address) + nonce * 2^160, nonce < 2^64
// Every signal the pool decodes is confined here to a range below the scalar field order r (score
// <= maxScore < 2^64, the registered commitment < r, ratio < 2^128, borrower < 2^224), so none can
// be replaced by an alias x + r; the verifier rejects any signal >= r in any case.
// Each loan's interest rate is fixed at origination by the pool's rate model (InterestRate.sol) from
// the proven score s = score / 2^f and the pool's utilization U, which a keeper (the owner) posts: the
// pool moves no funds, so it cannot measure U itself. The loan fixes its rate by reference, in its one
// storage slot: s (score and f), U, and the id of the rate model's version, which is never changed
// (setRateModel appends a new version); rateOf computes the rate from them.
pragma solidity ^0.8.24;

import {InterestRate} from "./InterestRate.sol";

/// @notice The Groth16 verifier that `zkcredit setup` writes (Groth16Verifier.sol) for the credit
/// circuit's six public signals. pB is in EIP-197 order [[x_im, x_re], [y_im, y_re]].
interface ICreditVerifier {
    /// @return true iff the proof is valid for these public signals (false, not a revert, for an
    /// invalid proof or a signal >= r).
    function verifyProof(
        uint256[2] calldata pA,
        uint256[2][2] calldata pB,
        uint256[2] calldata pC,
        uint256[6] calldata pubSignals
    ) external view returns (bool);
}

/// @title A lending pool that lends on zero-knowledge credit proofs
/// @notice The owner registers models (commitment, collateral ratio, highest accepted score, score bits),
/// sets the rate model and posts the utilization; anyone holding a valid proof for her own address and
/// an unused nonce can then open a loan, whose interest rate is fixed at origination (rateOf).
contract LendingPool {
    /// @notice Order r of BN254's scalar field (EIP-196): public signals are integers in [0, r).
    uint256 public constant SCALAR_FIELD =
        21888242871839275222246405745257275088548364400416034343698204186575808495617;

    /// @notice The verifier of the credit circuit's proofs, fixed at deployment.
    ICreditVerifier public immutable verifier;

    /// @notice Highest number of fractional bits f of a score: s = score / 2^f is exact in WAD for
    /// f <= 18 (2^18 divides 1e18).
    uint8 public constant MAX_SCORE_BITS = 18;

    /// @notice May register and retire models, set the rate model and the utilization, and hand that
    /// right on.
    address public owner;

    /// @notice One version of the rate model, all WAD; two storage slots, written once (setRateModel appends
    /// a new version, so a loan's version never changes). Values fit 64 bits: setRateModel checks
    /// InterestRate's bounds (<= 10e18).
    struct RateModel {
        uint64 base;
        uint64 slope1;
        uint64 slope2;
        uint64 optimal;
        uint64 rMax;
        uint64 kPerDay;
        uint64 lambdaPerDay;
    }

    /// @notice What new loans take; one storage slot (slot 1), the only rate state `borrow` reads.
    struct RateState {
        uint32 rateModelId; // the current version of the rate model (0: the constructor's)
        uint64 utilization; // U in WAD, posted by the owner (setUtilization)
    }

    /// @notice A registered model's terms; one storage slot. Registered iff ratioDen != 0.
    struct Model {
        uint64 ratioNum; // collateral ratio r_c = ratioNum / ratioDen, both >= 1
        uint64 ratioDen;
        uint64 maxScore; // highest accepted score (probability of default * 2^f), <= 2^f
        uint8 scoreBits; // f: the score signal is probability of default * 2^f, f <= MAX_SCORE_BITS
    }

    /// @notice An opened loan; one storage slot (256 bits). A (borrower, nonce) is used iff its loan exists.
    /// Its rate is fixed at origination by reference: r(t) = InterestRate's rate for the model version
    /// `rateModelId`, s = score / 2^scoreBits and `utilization`, at t = now - openedAt. None of these can
    /// change afterwards (versions are append-only; f is copied from the model, which may be re-registered).
    /// borrow writes the slot as one packed word (_openLoan): keep the two in step.
    struct Loan {
        uint64 score; // the proof's score
        uint40 blockNumber; // the block the loan was opened in
        uint40 openedAt; // block.timestamp at origination
        bool exists;
        uint8 scoreBits; // f of the model at origination
        uint32 rateModelId; // the rate model's version at origination
        uint64 utilization; // U at origination, WAD
    }

    /// @dev The current rate model version and U (see RateState); views: rateModelId(), rateModel(),
    /// utilization().
    RateState private _rate;

    /// @dev The rate model's versions by id, 0 to _rate.rateModelId; view: rateModelAt(id).
    mapping(uint32 rateModelId => RateModel) private _rateModels;

    /// @notice Registered models by commitment (public signal 1).
    mapping(uint256 modelCommitment => Model) public models;

    /// @notice Opened loans by borrower and nonce.
    mapping(address borrower => mapping(uint64 nonce => Loan)) public loans;

    /// @notice A model was registered or its terms changed.
    event ModelRegistered(
        uint256 indexed modelCommitment, uint64 ratioNum, uint64 ratioDen, uint64 maxScore, uint8 scoreBits
    );
    /// @notice A model was retired: proofs for it are no longer accepted.
    event ModelDeregistered(uint256 indexed modelCommitment);
    /// @notice The owner changed.
    event OwnershipTransferred(address indexed previousOwner, address indexed newOwner);
    /// @notice A loan was opened; the commitments bind the borrower's features, collateral and amount. Its
    /// rate is fixed by the rate model version `rateModelId` (RateModelSet), s = score / 2^f (f of the
    /// model when the loan opened: ModelRegistered) and the utilization U (WAD); loanTerms, rateOf.
    event LoanOpened(
        address indexed borrower,
        uint64 indexed nonce,
        uint256 score,
        uint256 modelCommitment,
        uint256 featureCommitment,
        uint256 positionCommitment,
        uint32 rateModelId,
        uint64 utilization
    );
    /// @notice The rate model of new loans changed to a new version `rateModelId` (all WAD).
    event RateModelSet(
        uint32 indexed rateModelId,
        uint256 base,
        uint256 slope1,
        uint256 slope2,
        uint256 optimal,
        uint256 rMax,
        uint256 kPerDay,
        uint256 lambdaPerDay
    );
    /// @notice The utilization U of new loans changed (WAD).
    event UtilizationSet(uint256 utilization);

    /// @notice The caller is not the owner.
    error NotOwner(address caller);
    /// @notice An address argument is zero.
    error ZeroAddress();
    /// @notice The verifier address holds no code.
    error VerifierHasNoCode(address verifier);
    /// @notice registerModel: a numerator or denominator of 0 (a ratio of 0 would make the collateral
    /// statement vacuous; a denominator of 0 is no ratio).
    error InvalidRatio(uint64 ratioNum, uint64 ratioDen);
    /// @notice registerModel: a commitment >= r, which no proof can carry.
    error CommitmentNotInField(uint256 modelCommitment);
    /// @notice borrow, deregisterModel: the proof's model commitment is not registered.
    error ModelNotRegistered(uint256 modelCommitment);
    /// @notice borrow: the proof's ratio signal is not the registered num + den * 2^64.
    error RatioMismatch(uint256 expected, uint256 actual);
    /// @notice borrow: the score is above the model's maxScore.
    error ScoreTooHigh(uint256 score, uint64 maxScore);
    /// @notice borrow: the borrower signal is >= 2^224 (a nonce of 64 bits at most above the address).
    error BorrowerSignalOutOfRange(uint256 signal);
    /// @notice borrow: the proof is for another address than the sender's.
    error WrongSender(address borrower, address sender);
    /// @notice borrow: this borrower has used this nonce.
    error NonceUsed(address borrower, uint64 nonce);
    /// @notice borrow: the verifier rejected the proof.
    error InvalidProof();
    /// @notice registerModel: more fractional bits than MAX_SCORE_BITS (s would not be exact in WAD).
    error InvalidScoreBits(uint8 scoreBits);
    /// @notice registerModel: maxScore above 2^scoreBits (a probability of default above 1).
    error MaxScoreAboveOne(uint64 maxScore, uint8 scoreBits);
    /// @notice rateOf, loanTerms: no loan for this (borrower, nonce).
    error LoanNotFound(address borrower, uint64 nonce);
    /// @notice rateModelAt: no rate model version with this id.
    error RateModelNotFound(uint32 rateModelId);

    modifier onlyOwner() {
        if (msg.sender != owner) revert NotOwner(msg.sender);
        _;
    }

    /// @param verifier_ the deployed Groth16Verifier of the credit circuit's keys
    constructor(address verifier_) {
        if (verifier_ == address(0)) revert ZeroAddress();
        if (verifier_.code.length == 0) revert VerifierHasNoCode(verifier_);
        verifier = ICreditVerifier(verifier_);
        owner = msg.sender;
        emit OwnershipTransferred(address(0), msg.sender);
        // zkcredit's default model (interest_rate.hpp, `zkcredit rate`), U = 0 until the keeper posts it.
        _setRateModel(0, InterestRate.Params(0, 0.04e18, 0.6e18, 0.9e18, 0.75e18, 0.02e18, 0.05e18));
        emit UtilizationSet(0);
    }

    /// @notice Accepts proofs for a model, or changes its terms (outstanding proofs made for another
    /// ratio are then rejected). The commitment is circuit.json's model_commitment.
    /// @param modelCommitment the model's Poseidon commitment, < r
    /// @param ratioNum numerator of the collateral ratio, >= 1
    /// @param ratioDen denominator of the collateral ratio, >= 1
    /// @param maxScore the highest score (probability of default * 2^f) the pool lends to, <= 2^f
    /// @param scoreBits f, the score's fractional bits (circuit.json's fractional_bits), <= 18
    function registerModel(
        uint256 modelCommitment,
        uint64 ratioNum,
        uint64 ratioDen,
        uint64 maxScore,
        uint8 scoreBits
    ) external onlyOwner {
        if (ratioNum == 0 || ratioDen == 0) revert InvalidRatio(ratioNum, ratioDen);
        if (modelCommitment >= SCALAR_FIELD) revert CommitmentNotInField(modelCommitment);
        if (scoreBits > MAX_SCORE_BITS) revert InvalidScoreBits(scoreBits);
        if (maxScore > uint64(1) << scoreBits) revert MaxScoreAboveOne(maxScore, scoreBits);
        models[modelCommitment] = Model(ratioNum, ratioDen, maxScore, scoreBits);
        emit ModelRegistered(modelCommitment, ratioNum, ratioDen, maxScore, scoreBits);
    }

    /// @notice Sets the rate model of loans opened from now on, as a new version (opened loans keep theirs).
    /// All WAD; reverts with InterestRate's error naming the invalid parameter.
    function setRateModel(
        uint256 base,
        uint256 slope1,
        uint256 slope2,
        uint256 optimal,
        uint256 rMax,
        uint256 kPerDay,
        uint256 lambdaPerDay
    ) external onlyOwner {
        uint32 id = _rate.rateModelId + 1; // checked: 2^32 versions would revert, never wrap
        _setRateModel(id, InterestRate.Params(base, slope1, slope2, optimal, rMax, kPerDay, lambdaPerDay));
    }

    /// @notice Posts the pool's utilization U in WAD, <= 1e18, for loans opened from now on. The pool moves
    /// no funds, so a keeper (the owner) reports U from the settlement layer.
    function setUtilization(uint256 uWad) external onlyOwner {
        InterestRate.checkUtilization(uWad);
        _rate.utilization = uint64(uWad); // <= 1e18 < 2^64
        emit UtilizationSet(uWad);
    }

    /// @notice Stops accepting proofs for a model; loans already opened stay.
    function deregisterModel(uint256 modelCommitment) external onlyOwner {
        if (models[modelCommitment].ratioDen == 0) revert ModelNotRegistered(modelCommitment);
        delete models[modelCommitment];
        emit ModelDeregistered(modelCommitment);
    }

    /// @notice Hands the owner's rights to `newOwner` (nonzero).
    function transferOwnership(address newOwner) external onlyOwner {
        if (newOwner == address(0)) revert ZeroAddress();
        emit OwnershipTransferred(owner, newOwner);
        owner = newOwner;
    }

    /// @notice The ratio signal a proof must carry for `modelCommitment` (0 if not registered).
    function ratioSignal(uint256 modelCommitment) external view returns (uint256) {
        Model memory m = models[modelCommitment];
        return m.ratioDen == 0 ? 0 : _ratioSignal(m);
    }

    /// @notice The rate model of new loans (all WAD): the version rateModelId().
    function rateModel()
        external
        view
        returns (
            uint256 base,
            uint256 slope1,
            uint256 slope2,
            uint256 optimal,
            uint256 rMax,
            uint256 kPerDay,
            uint256 lambdaPerDay
        )
    {
        return rateModelAt(_rate.rateModelId);
    }

    /// @notice The id of the rate model's current version (the versions are 0 to this id).
    function rateModelId() external view returns (uint32) {
        return _rate.rateModelId;
    }

    /// @notice The rate model's version `id` (all WAD); reverts RateModelNotFound above the current id.
    function rateModelAt(uint32 id)
        public
        view
        returns (
            uint256 base,
            uint256 slope1,
            uint256 slope2,
            uint256 optimal,
            uint256 rMax,
            uint256 kPerDay,
            uint256 lambdaPerDay
        )
    {
        if (id > _rate.rateModelId) revert RateModelNotFound(id);
        RateModel memory m = _rateModels[id];
        return (m.base, m.slope1, m.slope2, m.optimal, m.rMax, m.kPerDay, m.lambdaPerDay);
    }

    /// @notice The utilization U of new loans (WAD).
    function utilization() external view returns (uint256) {
        return _rate.utilization;
    }

    /// @notice The current annual rate of a loan in WAD: r(block.timestamp - openedAt) for the rate model
    /// version, s and U fixed at origination. Reverts LoanNotFound.
    function rateOf(address borrower, uint64 nonce) external view returns (uint256) {
        Loan memory l = _loan(borrower, nonce);
        // block.timestamp >= openedAt on chain; saturate for calls simulated at an earlier time.
        uint64 elapsed = block.timestamp > l.openedAt ? uint64(block.timestamp - l.openedAt) : 0;
        return InterestRate.rateAt(_terms(l), elapsed);
    }

    /// @notice The rate terms fixed at a loan's origination: the rate starts at `startRate` and tends to
    /// `equilibriumRate` (rounded to the nearest WAD) as 1 - e^{-a t}, a = decayX36 / 1e36 per day (rates
    /// WAD). Reverts LoanNotFound.
    function loanTerms(address borrower, uint64 nonce)
        external
        view
        returns (uint256 startRate, uint256 equilibriumRate, uint256 decayX36)
    {
        InterestRate.Terms memory t = _terms(_loan(borrower, nonce));
        startRate = t.startRate;
        equilibriumRate = startRate + (uint256(t.spreadX36) + InterestRate.WAD / 2) / InterestRate.WAD;
        decayX36 = t.decayX36;
    }

    /// @notice Whether `borrower` has used `nonce`.
    function nonceUsed(address borrower, uint64 nonce) external view returns (bool) {
        return loans[borrower][nonce].exists;
    }

    /// @notice Opens a loan on a credit proof made for msg.sender (`zkcredit prove --address`).
    /// Checks, cheapest first: the model is registered, the ratio is the model's, the score is at
    /// most the model's maxScore (these three from one storage slot), the borrower signal decodes,
    /// its address is msg.sender, its nonce is unused (one storage slot), and last the proof. Then it
    /// records the loan in that slot, its rate fixed by reference (the rate model version and U: one more
    /// slot read), and emits LoanOpened.
    /// @param proof pA (2 words), pB (4 words, EIP-197 order as the verifier takes it), pC (2 words)
    /// @param publicSignals the six public signals in circuit order (public.json)
    function borrow(uint256[8] calldata proof, uint256[6] calldata publicSignals) external {
        uint256 modelCommitment = publicSignals[1];
        Model memory m = models[modelCommitment];
        if (m.ratioDen == 0) revert ModelNotRegistered(modelCommitment);
        uint256 expectedRatio = _ratioSignal(m);
        if (publicSignals[4] != expectedRatio) revert RatioMismatch(expectedRatio, publicSignals[4]);
        uint256 score = publicSignals[0];
        if (score > m.maxScore) revert ScoreTooHigh(score, m.maxScore);

        uint256 borrowerSignal = publicSignals[5];
        if (borrowerSignal >> 224 != 0) revert BorrowerSignalOutOfRange(borrowerSignal);
        address borrower = address(uint160(borrowerSignal));
        uint64 nonce = uint64(borrowerSignal >> 160);
        if (borrower != msg.sender) revert WrongSender(borrower, msg.sender);
        if (loans[borrower][nonce].exists) revert NonceUsed(borrower, nonce);

        if (!_verify(proof, publicSignals)) revert InvalidProof();

        _openLoan(borrower, nonce, score, m.scoreBits, publicSignals);
    }

    /// @dev Writes a new loan with its rate fixed by reference (the current rate model version and U: one
    /// slot read; and f), and emits LoanOpened; in a frame of its own (borrow's locals fill the stack). The
    /// loan is one SSTORE of the packed word, in Solidity's layout of Loan (the first member in the low
    /// bits; lending_test.mjs reads every member back): assigning the struct writes it member by member,
    /// about 2,600 gas more.
    function _openLoan(address borrower, uint64 nonce, uint256 score, uint8 scoreBits, uint256[6] calldata ps)
        private
    {
        RateState memory r = _rate;
        // score <= maxScore <= 2^18 < 2^64; block numbers and timestamps fit 40 bits (timestamps until the
        // year 36,812), the casts are there for form.
        uint256 word = score | (uint256(uint40(block.number)) << 64) | (uint256(uint40(block.timestamp)) << 104)
            | (1 << 144) | (uint256(scoreBits) << 152) | (uint256(r.rateModelId) << 160)
            | (uint256(r.utilization) << 192);
        Loan storage l = loans[borrower][nonce];
        assembly ("memory-safe") {
            sstore(l.slot, word)
        }
        emit LoanOpened(borrower, nonce, score, ps[1], ps[2], ps[3], r.rateModelId, r.utilization);
    }

    /// @dev The loan of (borrower, nonce); reverts LoanNotFound.
    function _loan(address borrower, uint64 nonce) private view returns (Loan memory l) {
        l = loans[borrower][nonce];
        if (!l.exists) revert LoanNotFound(borrower, nonce);
    }

    /// @dev The rate terms of a loan: its rate model version at its s and U.
    function _terms(Loan memory l) private view returns (InterestRate.Terms memory) {
        RateModel memory m = _rateModels[l.rateModelId];
        InterestRate.Params memory p =
            InterestRate.Params(m.base, m.slope1, m.slope2, m.optimal, m.rMax, m.kPerDay, m.lambdaPerDay);
        // s = score / 2^f in WAD, exact: f <= 18 and score <= maxScore <= 2^f at origination (s <= 1e18).
        return InterestRate.terms(p, (uint256(l.score) * InterestRate.WAD) >> l.scoreBits, l.utilization);
    }

    /// @dev Validates a rate model and stores it as version `id`, the current one (values <= 10e18 fit 64
    /// bits).
    function _setRateModel(uint32 id, InterestRate.Params memory p) private {
        InterestRate.validate(p);
        _rateModels[id] = RateModel(
            uint64(p.base),
            uint64(p.slope1),
            uint64(p.slope2),
            uint64(p.optimal),
            uint64(p.rMax),
            uint64(p.kPerDay),
            uint64(p.lambdaPerDay)
        );
        _rate.rateModelId = id;
        emit RateModelSet(id, p.base, p.slope1, p.slope2, p.optimal, p.rMax, p.kPerDay, p.lambdaPerDay);
    }

    /// @dev The verifier's call, in a frame of its own (the caller's locals would not fit the stack).
    function _verify(uint256[8] calldata proof, uint256[6] calldata publicSignals) private view returns (bool) {
        return verifier.verifyProof(
            [proof[0], proof[1]], [[proof[2], proof[3]], [proof[4], proof[5]]], [proof[6], proof[7]], publicSignals
        );
    }

    function _ratioSignal(Model memory m) private pure returns (uint256) {
        return uint256(m.ratioNum) | (uint256(m.ratioDen) << 64);
    }
}
