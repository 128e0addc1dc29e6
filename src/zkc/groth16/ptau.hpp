// Powers-of-Tau ceremonies whose files snarkjs 0.7 accepts: new, contribute, beacon, prepare
// (Lagrange bases for phase 2) and verify, plus the snarkjs-compatible primitives they share with
// phase 2 (phase2.hpp): BLAKE2b-512 with its midstate in @noble/hashes' layout, ffjavascript's
// ChaCha20 generator and the point sampling built on it (hash_to_g2), and the uncompressed and
// compressed point encodings snarkjs hashes.
// Invariants: secrets (tau, alpha, beta, and the sampling scalars) come from the CSPRNG (optionally
// mixed with user entropy), are used with constant-time scalar multiplication and are wiped.
// Everything taking public data only (verification, prepare) is variable time (`_vartime`).
// Sources (facts only, no code): iden3/snarkjs src/powersoftau_{new,contribute,beacon,verify,
// preparephase2,utils}.js, src/keypair.js, src/misc.js; iden3/ffjavascript src/chacha.js,
// src/wasm_field1.js (fromRng), src/wasm_curve.js (fromRng), src/engine_fft.js; iden3/wasmcurves
// src/build_curve_jacobian_a0.js (LEMtoU, LEMtoC), src/build_f1m.js / build_f2m.js (sign);
// BLAKE2: RFC 7693; ChaCha: RFC 8439 sec. 2.3 (the block function).
#pragma once

#include <array>
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zkc/base/result.hpp"
#include "zkc/ec/bn254.hpp"
#include "zkc/ff/bn254/fq.hpp"
#include "zkc/ff/bn254/fr.hpp"
#include "zkc/groth16/formats/ptau_file.hpp"
#include "zkc/groth16/setup.hpp"

namespace zkc::groth16 {

using ec::bn254::G1Affine;
using ec::bn254::G2Affine;
using ff::bn254::Fq;
using ff::bn254::Fr;

// Progress of a long step: (done, total) in the step's own units.
using ProgressFn = std::function<void(std::size_t done, std::size_t total)>;

namespace mpc {

using Hash64 = std::array<std::uint8_t, 64>;

// BLAKE2b-512 (unkeyed), RFC 7693. Like @noble/hashes it keeps the last full block until more input
// arrives, so that its midstate can be exported in noble's layout, which snarkjs stores in a
// .ptau contribution ("partialHash", 216 bytes): the 128-byte block buffer, h[0..7] as 64 bytes
// little endian, u64 LE bytes compressed so far, u64 LE bytes pending in the buffer, 8 zero bytes.
class Blake2b {
 public:
  Blake2b();
  void update(std::span<const std::uint8_t> data);
  Hash64 digest() const;  // does not change the state
  std::array<std::uint8_t, 216> export_partial() const;
  // Error on a midstate that no BLAKE2b-512 computation produces (pending > 128, ...).
  static Result<Blake2b> import_partial(std::span<const std::uint8_t> partial);

 private:
  void compress(const std::uint8_t* block, bool last);
  std::array<std::uint64_t, 8> h_{};
  std::array<std::uint8_t, 128> buf_{};
  std::uint64_t compressed_ = 0;  // bytes compressed so far (the counter t before the buffered block)
  std::size_t pending_ = 0;       // bytes in buf_, 0..128
};

// One-shot BLAKE2b-512 (libsodium's crypto_generichash).
Hash64 blake2b(std::span<const std::uint8_t> data);

// ffjavascript's ChaCha generator: the ChaCha20 block function (RFC 8439 sec. 2.3) on the state
// constants || seed[0..7] || a 128-bit counter (words 12..15, starting at 0), 16 words per block.
class ChaChaRng {
 public:
  explicit ChaChaRng(const std::array<std::uint32_t, 8>& seed);
  // seed[i] = bytes [4i, 4i + 4) of `hash` read big endian (snarkjs's hashToG2, getRandomRng).
  static ChaChaRng from_hash(std::span<const std::uint8_t> hash);
  ~ChaChaRng();
  ChaChaRng(const ChaChaRng&) = default;
  ChaChaRng& operator=(const ChaChaRng&) = default;
  std::uint32_t next_u32();
  std::uint64_t next_u64();  // high word first
  bool next_bool() { return (next_u32() & 1) != 0; }

 private:
  void refill();
  std::array<std::uint32_t, 16> state_{}, block_{};
  std::size_t index_ = 16;
};

// ffjavascript's F.fromRng: four next_u64 (least significant limb first), masked to the modulus's
// bit length, retried while >= modulus, and the integer taken as the MONTGOMERY form of the element.
Fq fq_from_rng(ChaChaRng& rng);
Fr fr_from_rng(ChaChaRng& rng);
// ffjavascript's G.fromRng: x = F.fromRng, a sign bit, retried until x^3 + b is a square; y = the
// root whose sign (wasmcurves' isNegative: y > (q-1)/2, for Fq2 on c1 unless c1 = 0) matches the
// bit; G2 points are then multiplied by the twist's cofactor. Variable time (public outputs only).
G1Affine g1_from_rng_vartime(ChaChaRng& rng);
G2Affine g2_from_rng_vartime(ChaChaRng& rng);
// snarkjs's hashToG2: g2_from_rng(ChaCha seeded with the first 32 bytes of `hash`).
G2Affine hash_to_g2_vartime(std::span<const std::uint8_t> hash);

// The encodings snarkjs hashes. Uncompressed ("U"): x || y, 32-byte big-endian coordinates, G2
// coordinates as c1 || c0 (the EVM encoding), infinity all zeros. Compressed ("C"): x only, top
// bit 0x80 set when y is "negative" (as above), infinity = 0x40 then zeros.
std::array<std::uint8_t, 64> g1_uncompressed(const G1Affine& p);
std::array<std::uint8_t, 128> g2_uncompressed(const G2Affine& p);
std::array<std::uint8_t, 32> g1_compressed(const G1Affine& p);
std::array<std::uint8_t, 64> g2_compressed(const G2Affine& p);

// snarkjs's sameRatio: all four points nonzero and e(a1, b2) = e(b1, a2), i.e. b1 = x a1 and
// b2 = x a2 for one x.
bool same_ratio_vartime(const G1Affine& a1, const G1Affine& b1, const G2Affine& a2, const G2Affine& b2);

// snarkjs's getG2sp: hash_to_g2(BLAKE2b(personalization byte || challenge || U(g1_s) || U(g1_sx))),
// with personalization 0 = tau, 1 = alpha, 2 = beta.
G2Affine ptau_g2_sp_vartime(std::uint8_t personalization, std::span<const std::uint8_t> challenge,
                            const G1Affine& g1_s, const G1Affine& g1_sx);

// snarkjs's rngFromBeaconParams: SHA-256 iterated 2^num_iterations_exp times on the beacon hash,
// then ChaCha seeded from the result. Error for num_iterations_exp outside [0, 63].
Result<ChaChaRng> beacon_rng(std::span<const std::uint8_t> beacon_hash, unsigned num_iterations_exp);

// A secret scalar: BLAKE2b-512(64 CSPRNG bytes || entropy || counter) reduced mod r. Never zero.
Fr secret_scalar(std::string_view entropy, std::uint32_t counter);

// A contribution's name as snarkjs stores it: at most 64 characters (here: UTF-8 code points).
std::string contribution_name(const std::string& name);

// BLAKE2b-512 of the empty string and snarkjs's first challenge hash of a power-`power` ceremony
// (calculateFirstChallengeHash: the hash of the blank response hash and U() of every point of a
// new file).
Hash64 blank_hash();
Hash64 first_challenge_hash(unsigned power);

}  // namespace mpc

// --- the group FFT behind `prepare` ------------------------------------------------------------
// Cost model: a size-n inverse DFT takes (n/2) log2 n - (n - 1) multiplications by twiddles (only
// +-1 is free in the group), so sections 12..15 at power p cost about 4 p 2^p G1 and p 2^p G2
// scalar multiplications; the sizes cannot share them (size n/2 is not a sub-transform of size n),
// and for G1 each multiplication is about 128 doublings however it is split. What is optimized is
// the cost of one multiplication:
// out[i] = [k_i] P_i for public scalars, many points at once (batches of 1024): every point runs its
// own wNAF digits in lockstep with the others, so that each doubling and each addition step is done
// in affine coordinates with one shared field inversion (Montgomery's trick, four interleaved
// chains). Scalars are split first: G1 by GLV (k = k1 + k2 lambda, |k_i| < 2^128, width-5 digits),
// G2 by the four-dimensional GLS split with psi (k = sum k_i mu^i, |k_i| < 2^66, width-4 digits), so
// a G2 point takes 64 doublings instead of 254. Variable time; multithreaded.
void batch_mul_vartime(std::span<G1Affine> points, std::span<const Fr> scalars);
void batch_mul_vartime(std::span<G2Affine> points, std::span<const Fr> scalars);

// The Lagrange basis [L_i(tau)] for i < n, from the powers [tau^j] for j < n (n = powers.size(), a
// power of two <= 2^28): the inverse DFT over the group, L_i = (1/n) sum_j omega^(-ij) [tau^j],
// omega the domain generator of poly::EvaluationDomain (snarkjs's). Variable time.
std::vector<G1Affine> lagrange_from_powers_vartime(std::span<const G1Affine> powers);
std::vector<G2Affine> lagrange_from_powers_vartime(std::span<const G2Affine> powers);

// A prepared section (12..15): the Lagrange bases of the first 2^k points of `powers` for k = 0..
// max_log2, concatenated (2^(max_log2+1) - 1 points). `powers` holds 2^max_log2 points, or one
// fewer: the missing last point is taken as the point at infinity (snarkjs does so for section
// 12's top size). The sizes share one scaling by 2^-max_log2 (each smaller size doubles the inputs
// of the next larger). `progress` counts butterflies.
std::vector<G1Affine> prepared_lagrange_vartime(std::span<const G1Affine> powers, unsigned max_log2,
                                                const ProgressFn& progress = {});
std::vector<G2Affine> prepared_lagrange_vartime(std::span<const G2Affine> powers, unsigned max_log2,
                                                const ProgressFn& progress = {});

// --- ceremony operations ------------------------------------------------------------------------

// `snarkjs powersoftau new bn128 <power>`: every point is its group's generator (tau = alpha = beta
// = 1), no contributions. Error for power outside [1, 28].
Status ptau_new(unsigned power, const std::string& out_path, const ProgressFn& progress = {});

struct PtauContributeOptions {
  std::string name;     // recorded in the file (truncated to 64 characters like snarkjs)
  std::string entropy;  // mixed into the CSPRNG output; may be empty
};
struct PtauContributeResult {
  mpc::Hash64 response_hash;      // what snarkjs prints as "Contribution Response Hash"
  mpc::Hash64 next_challenge;     // "Next Challenge Hash"
  bool dropped_lagrange = false;  // the input was prepared; the output is not (prepare it again)
};
// `snarkjs powersoftau contribute`: multiplies tauG1[i], tauG2[i] by tau^i, alphaTauG1[i] by alpha
// tau^i, betaTauG1[i] by beta tau^i, betaG2 by beta, and appends the contribution with its proofs
// of knowledge bound to the previous challenge. Errors: unreadable input, a truncated (power <
// ceremonyPower) file. The output never carries Lagrange sections (run prepare again).
Result<PtauContributeResult> ptau_contribute(const std::string& in_path, const std::string& out_path,
                                             const PtauContributeOptions& options,
                                             const ProgressFn& progress = {});

// `snarkjs powersoftau beacon`: the same with the secrets drawn from beacon_rng (public,
// reproducible); the contribution records the beacon hash and iteration exponent.
Result<PtauContributeResult> ptau_beacon(const std::string& in_path, const std::string& out_path,
                                         std::span<const std::uint8_t> beacon_hash,
                                         unsigned num_iterations_exp, const std::string& name,
                                         const ProgressFn& progress = {});

// `snarkjs powersoftau prepare phase2`: copies sections 2..7 and appends sections 12..15.
// Error for power > 27 (the top size of section 12, 2^(power+1), must fit in Fr's 2-adic domains).
Status ptau_prepare(const std::string& in_path, const std::string& out_path, const ProgressFn& progress = {});

struct PtauContributionSummary {
  std::uint32_t id = 0;  // 1-based
  std::string name;
  std::uint32_t type = 0;
  mpc::Hash64 response_hash{};  // restored from the partial hash and the public key
  mpc::Hash64 next_challenge{};
  std::vector<std::uint8_t> beacon_hash;
  std::uint8_t num_iterations_exp = 0;
};
struct PtauVerifyResult {
  bool valid = false;
  std::string failure;  // why not valid (empty when valid)
  unsigned power = 0, ceremony_power = 0;
  bool has_lagrange = false;
  mpc::Hash64 next_challenge{};  // computed from the file's points (the challenge for the next contributor)
  std::vector<PtauContributionSummary> contributions;
};
// `snarkjs powersoftau verify`: the last contribution's proofs of knowledge and its link to the
// previous one, the hash of the points against its next challenge (when power = ceremonyPower),
// the consistency of the powers in every section by random linear combinations and pairings, the
// first points against the contribution record, every earlier contribution against its
// predecessor (beacons recomputed), and the Lagrange sections when present (random combinations:
// sum_j r_j [tau^j] = sum_i (NTT r)_i [L_i]). A file without contributions is not valid (as in
// snarkjs). A point off its curve or group (or a non-canonical coordinate) makes the file invalid;
// the Result is an error only when the file cannot be read or its container or sections are broken.
Result<PtauVerifyResult> ptau_verify(const std::string& path, const ProgressFn& progress = {});
Result<PtauVerifyResult> ptau_verify(const formats::PtauFile& file, const ProgressFn& progress = {});

// --- phase-2 setup input ----------------------------------------------------------------------
// The points setup needs for a domain of size 2^log2_n, read from a prepared file (decoding only
// those ranges). Errors: the file is not prepared, or log2_n > power.
Result<SetupPoints> read_setup_points(const formats::PtauFile& file, unsigned log2_n);

}  // namespace zkc::groth16
