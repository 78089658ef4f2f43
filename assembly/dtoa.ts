// Number formatting for the JSON writer: the bytes that `JSON.stringify` / `String(x)` produce.
//
// ECMA-262 §6.1.6.1.20 Number::toString(x) picks the SHORTEST digit string s (k digits, exponent n,
// value s × 10^(n−k)) that reads back to x (round to nearest, ties to even), and among several such
// strings of length k the one closest to x, ties to the even s (the section's note recommends this,
// and V8 does it). Those digits are found here with Ryu (Ulf Adams, "Ryū: fast float-to-string
// conversion", PLDI 2018), and are laid out with the section's rules (see `layout`).
//
// Constraints of the core: no allocation (tables are `memory.data` static segments), no imports, and
// MVP WebAssembly only. MVP has no 64×64→128-bit multiply, so `umul128` builds it from four 32×32→64
// products. To keep the tables small this uses the scheme of the small-table variant of Ryu's
// reference implementation (d2s_small_table): 5^i and 2^k/5^i are stored only for every 26th i, and the entries in
// between are computed as (stored entry) × 5^offset, shifted back to 125 bits, plus a 2-bit correction
// that makes the result equal to the exactly rounded value of the full table. The tables and the
// corrections were computed with exact BigInt arithmetic; test/dtoa.test.ts recomputes every entry
// (0..325 and 0..290) with BigInt and compares.
//
// Float32 values go through the same double machinery (`shortest`) with float32's mantissa, exponent
// and rounding interval: the interval and the digit loop do not depend on the format, and Ryu's
// exactness bound for the 125-bit multipliers holds for every multiplicand below 2^55, which covers
// float32's (< 2^26) as well as double's.
//
// Most sensor values are short decimals (-9.81, 0.03, 1250): `fastF64` / `fastF32` find those with a
// few float operations and an exact check, before falling back to Ryu. The proofs are next to them.

// ---------------------------------------------------------------------------------------------------
// Tables

// Number of entries between two stored powers (Ryu's small table uses 26 because 5^25 < 2^64).
// @ts-ignore: decorator
@inline const POW5_STEP: u32 = 26;

// Multipliers have 125 significant bits (Ryu's DOUBLE_POW5_BITCOUNT / DOUBLE_POW5_INV_BITCOUNT).
// @ts-ignore: decorator
@inline const POW5_BITS: i32 = 125;

// POW5_SPLIT[b] = 5^i scaled to exactly 125 bits, floor(5^i × 2^(125 − bitlength(5^i))), for
// i = 26b, as (low 64 bits, high 64 bits), b = 0..12 (i ≤ 325 covers the smallest subnormal).
// @ts-ignore: decorator
@lazy @inline const POW5_SPLIT = memory.data<u64>([
  0x0000000000000000, 0x1000000000000000,
  0x0000000000000000, 0x14adf4b7320334b9,
  0x0e549208b31adb10, 0x1aba4714957d300d,
  0x6dc6ad264d8f0866, 0x1145b7e285bf98f5,
  0xeb1dbd923d8596ca, 0x1652efdc6018a1fc,
  0xb4c1b80b22ae923c, 0x1cda62055b2d9d83,
  0x5bb28b4e8f7e4c30, 0x12a5568b9f52f416,
  0xf08aed437682d4fb, 0x1819651531f9e78f,
  0xb4ee134ad99bf150, 0x1f25c186a6f04c28,
  0x16499ecb70c25f03, 0x1420eb449c8842e6,
  0x85a56ead360865b0, 0x1a03fde214caf085,
  0x093db1d57999890b, 0x10cfeb353a97dad8,
  0xcf38bb735e3f36ac, 0x15baaf44fa52673e
]);

// POW5_INV_SPLIT[b] = floor(2^(bitlength(5^q) − 1 + 125) / 5^q) for q = 26b, b = 0..12 (q ≤ 290
// covers the largest double). Ryu's inverse multiplier is this plus one; the +1 is in the corrections.
// @ts-ignore: decorator
@lazy @inline const POW5_INV_SPLIT = memory.data<u64>([
  0x0000000000000000, 0x2000000000000000,
  0x52a6c95fc0655033, 0x18c240c4aecb13bb,
  0x7ca8d50071dfc805, 0x1327fc58da0f6ff5,
  0x6520247d3556476d, 0x1da48ce468e7c702,
  0x6139cdd76802e6e8, 0x16ef5b40c2fc7779,
  0xf951a7ff43de8c78, 0x11bebdf578b2f391,
  0x7be8bee8d6e957e7, 0x1b758d848fac54b0,
  0x8bd3f9e999a423e9, 0x153eda614071a3b7,
  0x0848f973cb3ee3cd, 0x10701bd527b4978c,
  0x153285ebb9efbfa1, 0x196fbb9bb44db44d,
  0xadeee7f86c07b695, 0x13ae3591f5b4d936,
  0x4d686a4eaf182221, 0x1e74404f3daada91,
  0x98c0a106e09ebd9e, 0x17900ea4fda7c257
]);

// 2-bit corrections, 16 per word, entry i at bits 2(i mod 16): exact entry − computed entry.
// The computed entry truncates twice (stored entry, then the shift), so it is low by 0..2; the
// inverse one is low by 1..3 (this includes Ryu's +1). Adding them never carries out of the low word.
// @ts-ignore: decorator
@lazy @inline const POW5_CORR = memory.data<u32>([
  0x00000000, 0x00000000, 0x00000000, 0x00000000, 0x40000000, 0x59695995,
  0x55545555, 0x56555515, 0x41150504, 0x40555410, 0x44555145, 0x44504540,
  0x45555550, 0x40004000, 0x96440440, 0x55565565, 0x54454045, 0x40154151,
  0x55559155, 0x51405555, 0x00000105
]);

// @ts-ignore: decorator
@lazy @inline const POW5_INV_CORR = memory.data<u32>([
  0xa9a99aa9, 0x595aaa9a, 0x65596555, 0x55955969, 0x95565555, 0x966aaaaa,
  0x555559a9, 0x55565599, 0x95555555, 0x99555596, 0xa59a99a5, 0xaaaa55a9,
  0xa6baaaa9, 0x95559555, 0x56555556, 0x55565a55, 0xa6a6a966, 0x5aaaaaa9,
  0x00000015
]);

// 5^0 .. 5^25, the offsets between stored entries.
// @ts-ignore: decorator
@lazy @inline const POW5_SMALL = memory.data<u64>([
  1, 5, 25, 125, 625, 3125, 15625, 78125, 390625, 1953125, 9765625, 48828125, 244140625,
  1220703125, 6103515625, 30517578125, 152587890625, 762939453125, 3814697265625,
  19073486328125, 95367431640625, 476837158203125, 2384185791015625, 11920928955078125,
  59604644775390625, 298023223876953125
]);

// 10^0 .. 10^21 as doubles (all exact: 5^21 < 2^53), for the fast paths and decimalLength.
// @ts-ignore: decorator
@lazy @inline const POW10_F64 = memory.data<f64>([
  1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15, 1e16, 1e17,
  1e18, 1e19, 1e20, 1e21
]);

// "00".."99" as little-endian byte pairs, to write two digits with one store.
// @ts-ignore: decorator
@lazy @inline const DIGIT_PAIRS = memory.data<u16>([
  0x3030, 0x3130, 0x3230, 0x3330, 0x3430, 0x3530, 0x3630, 0x3730, 0x3830, 0x3930,
  0x3031, 0x3131, 0x3231, 0x3331, 0x3431, 0x3531, 0x3631, 0x3731, 0x3831, 0x3931,
  0x3032, 0x3132, 0x3232, 0x3332, 0x3432, 0x3532, 0x3632, 0x3732, 0x3832, 0x3932,
  0x3033, 0x3133, 0x3233, 0x3333, 0x3433, 0x3533, 0x3633, 0x3733, 0x3833, 0x3933,
  0x3034, 0x3134, 0x3234, 0x3334, 0x3434, 0x3534, 0x3634, 0x3734, 0x3834, 0x3934,
  0x3035, 0x3135, 0x3235, 0x3335, 0x3435, 0x3535, 0x3635, 0x3735, 0x3835, 0x3935,
  0x3036, 0x3136, 0x3236, 0x3336, 0x3436, 0x3536, 0x3636, 0x3736, 0x3836, 0x3936,
  0x3037, 0x3137, 0x3237, 0x3337, 0x3437, 0x3537, 0x3637, 0x3737, 0x3837, 0x3937,
  0x3038, 0x3138, 0x3238, 0x3338, 0x3438, 0x3538, 0x3638, 0x3738, 0x3838, 0x3938,
  0x3039, 0x3139, 0x3239, 0x3339, 0x3439, 0x3539, 0x3639, 0x3739, 0x3839, 0x3939
]);

// Second results of the helpers below (a function returns one value in MVP WebAssembly). These are
// module-internal globals; nothing is exported, so `--disable mutable-globals` is not involved.
// @ts-ignore: decorator
@lazy let mulHi: u64 = 0;
// @ts-ignore: decorator
@lazy let powLo: u64 = 0;
// @ts-ignore: decorator
@lazy let powHi: u64 = 0;
// @ts-ignore: decorator
@lazy let outE10: i32 = 0;

// ---------------------------------------------------------------------------------------------------
// Integer helpers

// Full 64×64→128-bit product from 32-bit halves; returns the low half, leaves the high half in mulHi.
// mid collects the three terms at bit 32; each is < 2^32, so it cannot overflow 64 bits.
function umul128(a: u64, b: u64): u64 {
  let aLo = a & 0xFFFFFFFF, aHi = a >> 32;
  let bLo = b & 0xFFFFFFFF, bHi = b >> 32;
  let ll = aLo * bLo, lh = aLo * bHi, hl = aHi * bLo;
  let mid = (ll >> 32) + (lh & 0xFFFFFFFF) + (hl & 0xFFFFFFFF);
  mulHi = aHi * bHi + (lh >> 32) + (hl >> 32) + (mid >> 32);
  return (mid << 32) | (ll & 0xFFFFFFFF);
}

// ⌈log2(5^e)⌉ for 1 ≤ e ≤ 3528 (and 1 for e = 0): the bit length of 5^e (1217359/2^19 ≈ log2 5).
// This and the two below are the paper's integer approximations; they were checked against exact
// BigInt values over these ranges when the tables were made.
// @ts-ignore: decorator
@inline function pow5bits(e: u32): u32 {
  return ((e * 1217359) >> 19) + 1;
}

// ⌊log10(2^e)⌋ for 0 ≤ e ≤ 1650 (78913/2^18 ≈ log10 2).
// @ts-ignore: decorator
@inline function log10Pow2(e: u32): u32 {
  return (e * 78913) >> 18;
}

// ⌊log10(5^e)⌋ for 0 ≤ e ≤ 2620 (732923/2^20 ≈ log10 5).
// @ts-ignore: decorator
@inline function log10Pow5(e: u32): u32 {
  return (e * 732923) >> 20;
}

// Puts Ryu's 125-bit multiplier into powLo/powHi: 5^i scaled to 125 bits (inv = false), or
// 2^(bitlength(5^i) − 1 + 125) / 5^i rounded up (inv = true). From the nearest stored power
// (below i for 5^i, above i for the inverse, so both use a positive offset ≤ 25):
//   5^i     = 5^(26b) × 5^off,  shifted right by bitlength(5^i) − bitlength(5^(26b));
//   1/5^i   = 1/5^(26b) × 5^off, shifted right by bitlength(5^(26b)) − bitlength(5^i).
// The 64×125-bit product has three 64-bit limbs; the shift is 2..59, so 125 bits remain.
function loadPow5(i: u32, inv: bool): void {
  let base = inv ? (i + POW5_STEP - 1) / POW5_STEP : i / POW5_STEP;
  let stored = base * POW5_STEP;
  let entry = (inv ? POW5_INV_SPLIT : POW5_SPLIT) + (<usize>base << 4);
  let corr = <u64>((load<u32>((inv ? POW5_INV_CORR : POW5_CORR) + (<usize>(i >> 4) << 2)) >> ((i & 15) << 1)) & 3);
  let lo = load<u64>(entry);
  let hi = load<u64>(entry, 8);
  if (stored == i) {
    powLo = lo + corr;
    powHi = hi;
    return;
  }
  let m = load<u64>(POW5_SMALL + (<usize>(inv ? stored - i : i - stored) << 3));
  let shift = inv ? pow5bits(stored) - pow5bits(i) : pow5bits(i) - pow5bits(stored);
  powLo = mulShift128(m, lo, hi, shift) + corr;
  powHi = mulHi;
}

// Bits [s, s + 128) of the 192-bit product m × (hi:lo), for 0 < s < 128 and s ≠ 64: returns the low
// 64 of them and leaves the high 64 in mulHi. One routine for both uses keeps the code small.
function mulShift128(m: u64, lo: u64, hi: u64, s: u32): u64 {
  let p0 = umul128(m, lo);
  let carry = mulHi;
  let p1 = umul128(m, hi);
  let p2 = mulHi;
  p1 += carry;
  p2 += u64(p1 < carry);
  if (s > 64) {
    p0 = p1;
    p1 = p2;
    p2 = 0;
    s -= 64;
  }
  let t = <u64>s;
  mulHi = (p1 >> t) | (p2 << (64 - t));
  return (p0 >> t) | (p1 << (64 - t));
}

// ⌊m × (powHi:powLo) / 2^j⌋ for m < 2^55 and 118 ≤ j ≤ 125 (the range that Ryu's choice of q gives;
// every double exponent was enumerated when the tables were made).
// @ts-ignore: decorator
@inline function mulShift(m: u64, j: i32): u64 {
  return mulShift128(m, powLo, powHi, <u32>j);
}

// True when 5^p divides v (v ≠ 0).
function multipleOfPow5(v: u64, p: u32): bool {
  let count: u32 = 0;
  while (true) {
    let q = v / 5;
    if (v - q * 5 != 0) break;
    v = q;
    count++;
  }
  return count >= p;
}

// ---------------------------------------------------------------------------------------------------
// Ryu: the shortest, correctly rounded digits of the value mv × 2^e2, mv = 4·m2 (e2 already includes
// the −2), whose rounding interval is [mm, mp] × 2^e2: mp = mv + 2 is half an ulp up, mm = mv − 2 half
// an ulp down, or mv − 1 just above a power of two, where the gap below is half as wide (mmShift = 0).
// The bounds are included when m2 is even (a decimal exactly halfway reads back as the even
// mantissa). Returns the digits as an integer without trailing zeros and leaves the decimal exponent
// in outE10.

function shortest(m2: u64, e2: i32, mmShift: u64): u64 {
  let acceptBounds = (m2 & 1) == 0;
  // The value and its interval bounds, times 4 so that the bounds are integers too.
  let mv = m2 << 2;
  let mp = mv + 2;
  let mm = mv - 1 - mmShift;
  let vr: u64, vp: u64, vm: u64;
  let e10: i32;
  let vmIsTrailingZeros: bool = false;
  let vrIsTrailingZeros: bool = false;
  if (e2 >= 0) {
    // vr = ⌊mv × 2^e2 / 10^q⌋ with q = ⌊log10 2^e2⌋ less one (for e2 > 3): at least one digit is left
    // for the loop below to remove, and the loop then supplies the digit that decides the rounding.
    let q = log10Pow2(<u32>e2) - u32(e2 > 3);
    e10 = <i32>q;
    let j = -e2 + <i32>q + POW5_BITS - 1 + <i32>pow5bits(q);
    loadPow5(q, true);
    vr = mulShift(mv, j);
    vp = mulShift(mp, j);
    vm = mulShift(mm, j);
    // The quotients are exact (all removed digits zero) only if 5^q divides the numerator; at most one
    // of mv, mp, mm can be a multiple of 5 (they are within 3 of each other). 5^22 > 2^55 > mv.
    if (q <= 21) {
      if (mv % 5 == 0) vrIsTrailingZeros = multipleOfPow5(mv, q);
      else if (acceptBounds) vmIsTrailingZeros = multipleOfPow5(mm, q);
      else vp -= u64(multipleOfPow5(mp, q)); // an exact upper bound is excluded
    }
  } else {
    // vr = ⌊mv × 2^e2 / 10^e10⌋ = ⌊mv × 5^i / 2^q⌋ with e10 = q + e2, i = −e2 − q (q less one as above).
    let q = log10Pow5(<u32>-e2) - u32(-e2 > 1);
    e10 = <i32>q + e2;
    let i = <u32>(-e2) - q;
    let j = <i32>q - (<i32>pow5bits(i) - POW5_BITS);
    loadPow5(i, false);
    vr = mulShift(mv, j);
    vp = mulShift(mp, j);
    vm = mulShift(mm, j);
    if (q <= 1) {
      // mv is a multiple of 4 and mp of 2, so both are exact; mm is exact when it is even.
      vrIsTrailingZeros = true;
      if (acceptBounds) vmIsTrailingZeros = mmShift == 1;
      else vp--;
    } else if (q < 63) {
      // Exact iff 2^q divides mv (5^i contributes no factor of 2).
      vrIsTrailingZeros = (mv & ((<u64>1 << q) - 1)) == 0;
    }
  }

  // Drop digits while the interval still contains a number with fewer digits. The digit
  // dropped last decides the rounding; when every dropped digit (and the fraction below vr) is zero
  // and it is a 5, the value is exactly halfway and rounds to even.
  let removed: i32 = 0;
  let last: u64 = 0;
  while (true) {
    let vpDiv = vp / 10;
    let vmDiv = vm / 10;
    if (vpDiv <= vmDiv) break;
    let vrDiv = vr / 10;
    vmIsTrailingZeros = vmIsTrailingZeros && vm - vmDiv * 10 == 0;
    vrIsTrailingZeros = vrIsTrailingZeros && last == 0;
    last = vr - vrDiv * 10;
    vr = vrDiv;
    vp = vpDiv;
    vm = vmDiv;
    removed++;
  }
  if (vmIsTrailingZeros) {
    // The lower bound is itself a short decimal that is allowed: keep shortening towards it.
    while (true) {
      let vmDiv = vm / 10;
      if (vm - vmDiv * 10 != 0) break;
      let vrDiv = vr / 10;
      vrIsTrailingZeros = vrIsTrailingZeros && last == 0;
      last = vr - vrDiv * 10;
      vr = vrDiv;
      vp /= 10;
      vm = vmDiv;
      removed++;
    }
  }
  if (vrIsTrailingZeros && last == 5 && (vr & 1) == 0) last = 4; // exact tie: round half to even
  outE10 = e10 + removed;
  // Round up when the dropped part is ≥ ½, or when vr is the lower bound and that bound is excluded.
  return vr + u64((vr == vm && (!acceptBounds || !vmIsTrailingZeros)) || last >= 5);
}

// ---------------------------------------------------------------------------------------------------
// Fast paths for short decimals.
//
// Claim: let d be the smallest number of fractional digits for which some integer N has N × 10^-d
// inside v's rounding interval R. If R holds at most one such N, then N × 10^-d is ECMAScript's
// answer. All candidates in R have the same leading-digit position (ECMAScript's n) unless R contains
// a power of ten, and then that power is the only candidate with so few fractional digits (any other
// would be a multiple of ten times it) and has one digit; otherwise k = n + d, so the fewest
// fractional digits are the fewest significant digits, and a single candidate is trivially the
// closest. (For d ≥ 1, N has no trailing zero, or N/10 would work with d − 1.)
//
// Uniqueness: R is at most one ulp wide, and ulp(v) ≤ v × 2^-52 for a normal double (2^-23 for a
// float), so at scale 10^d it is narrower than 1 while v × 10^d < 2^52 (2^23): a closed interval
// narrower than 1 holds at most one integer, and that integer is within half an ulp (< ½) of
// v × 10^d, so it is nearest(v × 10^d) whenever it exists. At d = 0 below 2^53, R is at most
// [v − ½, v + ½], so an integer v is the only integer in it and is the answer.
//
// Search: rather than trying d = 0, 1, 2, ... (which costs a dozen steps for every value that is not
// short), both paths first probe the largest D that keeps v × 10^D under the uniqueness bound. Any
// candidate with d ≤ D is, times 10^(D − d), the one candidate N_D at D; so if there is none at D the
// value is not short and Ryu takes over after a single probe. Otherwise the fewest digits are at the
// smallest d with nearest(v × 10^d) × 10^(D − d) = N_D, found by counting d up from 0 (short values
// need few steps). Those products are below 2^53 or compare unequal anyway, so the test is exact.
// The first D comes from ⌊log10 2^e⌋ (v ∈ [2^e, 2^(e+1))) and is lowered once if the bound is missed.

// Double, 1e-6 ≤ v < 2^53, e = the unbiased exponent. D ≤ 21, so 10^D is exact. x = fl(v × 10^D) is
// within x × 2^-53 of the exact product, and a valid N_D is within v × 10^D × 2^-53 of that, so
// |x − N_D| ≤ 2^-52 × x (1 + ε) ≤ 0.23: nearest(x) finds N_D, and the cheap filter
// |x − N_D| ≤ x × 2^-50 never rejects it. The proof that N_D × 10^-D is in R is the division: N_D and
// 10^D are exact and IEEE division is correctly rounded, so N_D / 10^D == v exactly when N_D × 10^-D
// rounds to v, which is the round-trip condition of §6.1.6.1.20 itself. Returns 0 when v is not
// such a short decimal.
function fastF64(v: f64, e: i32): u64 {
  let n = nearest(v);
  if (n == v) {
    outE10 = 0;
    return <u64>n; // integers below 2^53
  }
  // D = 14 − ⌊log10 2^e⌋ (the arithmetic shift floors for e < 0 too), so v × 10^D < 2 × 10^15.
  let big = 14 - ((e * 78913) >> 18);
  if (big <= 0) return 0; // v ≥ 2^47: even one fractional digit would pass the bound
  let p = load<f64>(POW10_F64 + (<usize>big << 3));
  let x = v * p;
  if (x >= 1e15) {
    if (--big == 0) return 0;
    p = load<f64>(POW10_F64 + (<usize>big << 3));
    x = v * p;
  }
  let top = nearest(x);
  if (abs(x - top) > x * 8.881784197001252e-16 /* 2^-50 */ || top / p != v) return 0;
  let q = 1.0;
  let d = 0;
  while (true) {
    q *= 10;
    d++;
    let m = nearest(v * q);
    if (m * load<f64>(POW10_F64 + (<usize>(big - d) << 3)) == top) {
      outE10 = -d;
      return <u64>m;
    }
  }
}

// Float, 1e-5 ≤ v < 2^23, e = the unbiased exponent: the bound is v × 10^D < 2^23, so D ≤ 12. Every
// quantity is exact here, so the interval test is done directly: lo and hi are the midpoints to the
// neighbouring floats (25 significant bits, exact in f64), and as 5^D < 2^28, v × 10^D, lo × 10^D and
// hi × 10^D are exact too. The test is strict: a decimal equal to a midpoint (which reads back to v
// only when v's mantissa is even) is never accepted. That is always safe (the value then goes to
// Ryu) and costs nothing, since a midpoint (25 significant bits) in this range is never N × 10^-d with
// N < 2^23. Returns 0 when v is not such a short decimal.
function fastF32(v: f64, bits: u32, e: i32): u64 {
  let big = 6 - ((e * 78913) >> 18); // v × 10^D < 2 × 10^7, and below 2^23 after one step down
  let p = load<f64>(POW10_F64 + (<usize>big << 3));
  let x = v * p;
  if (x >= 8388608.0) {
    big--;
    p = load<f64>(POW10_F64 + (<usize>big << 3));
    x = v * p;
  }
  let top = nearest(x);
  let lo = (v + <f64>reinterpret<f32>(bits - 1)) * 0.5;
  let hi = (v + <f64>reinterpret<f32>(bits + 1)) * 0.5;
  if (!(top > lo * p && top < hi * p)) return 0;
  let q = 1.0;
  let d = 0;
  while (true) {
    let m = nearest(v * q);
    if (m * load<f64>(POW10_F64 + (<usize>(big - d) << 3)) == top) {
      outE10 = -d;
      return <u64>m;
    }
    q *= 10;
    d++;
  }
}

// ---------------------------------------------------------------------------------------------------
// Output

// Number of decimal digits of v (1..20): bitlength × log10(2) (1233/4096) gives ⌊log10 v⌋ or one more;
// one comparison with the power of ten decides (10^t ≤ 10^19 converts to u64 exactly). v | 1 has as
// many digits as v (an odd number is never a power of ten above 1) and makes 0 count as one digit.
function decimalLength(v: u64): i32 {
  v |= 1;
  let t = ((64 - <i32>clz(v)) * 1233) >> 12;
  return t + 1 - i32(v < <u64>load<f64>(POW10_F64 + (<usize>t << 3)));
}

// Writes the decimal digits of v so that the last one is at end − 1 (two at a time, from the right).
function writeDigits(end: usize, v: u64): void {
  while (v >= 0x100000000) {
    let q = v / 100000000;
    let r = <u32>(v - q * 100000000);
    v = q;
    let a = r / 10000;
    let b = r - a * 10000;
    let a1 = a / 100;
    let b1 = b / 100;
    store<u16>(end - 2, load<u16>(DIGIT_PAIRS + ((<usize>(b - b1 * 100)) << 1)));
    store<u16>(end - 4, load<u16>(DIGIT_PAIRS + ((<usize>b1) << 1)));
    store<u16>(end - 6, load<u16>(DIGIT_PAIRS + ((<usize>(a - a1 * 100)) << 1)));
    store<u16>(end - 8, load<u16>(DIGIT_PAIRS + ((<usize>a1) << 1)));
    end -= 8;
  }
  let w = <u32>v;
  while (w >= 100) {
    let q = w / 100;
    store<u16>(end - 2, load<u16>(DIGIT_PAIRS + ((<usize>(w - q * 100)) << 1)));
    end -= 2;
    w = q;
  }
  if (w >= 10) store<u16>(end - 2, load<u16>(DIGIT_PAIRS + ((<usize>w) << 1)));
  else store<u8>(end - 1, 48 + w);
}

// Lays out digits × 10^e10 (digits without trailing zeros unless e10 = 0, as the fast path gives
// integers) by the layout steps of ECMA-262 §6.1.6.1.20, with k digits and n = e10 + k:
//   k ≤ n ≤ 21   digits, then n − k zeros            1250, 1e+21 is the first exponent form
//   0 < n ≤ 21   digits with the point after n        -9.81
//   −6 < n ≤ 0   "0.", −n zeros, digits               0.03, 0.000001
//   otherwise    d[.ddd]e±(n − 1)                     1e-7, 1.7976931348623157e+308
function layout(dst: usize, neg: bool, digits: u64, e10: i32): usize {
  let p = dst;
  if (neg) store<u8>(p++, 45); // '-'
  let k = decimalLength(digits);
  let n = e10 + k;
  if (k <= n && n <= 21) {
    writeDigits(p + k, digits);
    p += k;
    for (let z = n - k; z > 0; z--) store<u8>(p++, 48);
  } else if (0 < n && n <= 21) {
    // Write the digits one byte to the right, move the integer part back, put the point in the gap.
    writeDigits(p + k + 1, digits);
    for (let i = 0; i < n; i++) store<u8>(p + i, load<u8>(p + i + 1));
    store<u8>(p + n, 46); // '.'
    p += k + 1;
  } else if (-6 < n && n <= 0) {
    store<u16>(p, 0x2E30); // "0."
    p += 2;
    for (let z = -n; z > 0; z--) store<u8>(p++, 48);
    writeDigits(p + k, digits);
    p += k;
  } else {
    writeDigits(p + k + 1, digits);
    store<u8>(p, load<u8>(p + 1));
    if (k > 1) {
      store<u8>(p + 1, 46); // '.'
      p += k + 1;
    } else {
      p += 1;
    }
    let x = n - 1;
    store<u16>(p, x < 0 ? 0x2D65 : 0x2B65); // "e-" / "e+"
    p += 2;
    if (x < 0) x = -x;
    let len = decimalLength(<u64>x);
    writeDigits(p + len, <u64>x);
    p += len;
  }
  return p - dst;
}

// ---------------------------------------------------------------------------------------------------
// Public writers

/**
 * Writes `Number::toString(v)` (ECMA-262 §6.1.6.1.20), i.e. what `String(v)` and `JSON.stringify`
 * print for a finite double, at `dst`, and returns the number of bytes (at most 25). -0 prints "0".
 * The caller guarantees that v is finite.
 */
export function writeF64(dst: usize, v: f64): usize {
  let bits = reinterpret<u64>(v);
  let neg = (bits >> 63) != 0;
  bits &= 0x7FFFFFFFFFFFFFFF;
  if (bits == 0) {
    store<u8>(dst, 48);
    return 1;
  }
  let a = reinterpret<f64>(bits);
  let digits: u64 = 0;
  if (a >= 1e-6 && a < 9007199254740992.0) digits = fastF64(a, <i32>(bits >> 52) - 1023);
  if (digits == 0) {
    let ieeeExp = <i32>(bits >> 52);
    let ieeeMant = bits & 0xFFFFFFFFFFFFF;
    // Subnormals have exponent field 0 and no implicit bit; the −2 is the scaling by 4 in `shortest`.
    let m2 = ieeeExp == 0 ? ieeeMant : ieeeMant | 0x10000000000000;
    let e2 = (ieeeExp == 0 ? 1 : ieeeExp) - 1023 - 52 - 2;
    // At a power of two the gap below is half the gap above (except at the bottom of the range).
    digits = shortest(m2, e2, u64(ieeeMant != 0 || ieeeExp <= 1));
  }
  return layout(dst, neg, digits, outE10);
}

/**
 * Writes the shortest decimal that reads back (as float32) to the same float32 value, the closest
 * such one when there are several (ties to even), laid out by the same ECMAScript rules as
 * `writeF64`: f32(-9.81) prints "-9.81", f32(0.1) prints "0.1". Returns the bytes written (at most
 * 22, as in "-999999980000000000000").
 * -0 prints "0". The caller guarantees that v is finite.
 */
export function writeF32(dst: usize, v: f32): usize {
  let bits = reinterpret<u32>(v);
  let neg = (bits >> 31) != 0;
  bits &= 0x7FFFFFFF;
  if (bits == 0) {
    store<u8>(dst, 48);
    return 1;
  }
  let a = <f64>reinterpret<f32>(bits);
  let digits: u64 = 0;
  if (a >= 1e-5 && a < 8388608.0) digits = fastF32(a, bits, <i32>(bits >> 23) - 127);
  if (digits == 0) {
    let ieeeExp = <i32>(bits >> 23);
    let ieeeMant = bits & 0x7FFFFF;
    let m2 = <u64>(ieeeExp == 0 ? ieeeMant : ieeeMant | 0x800000);
    let e2 = (ieeeExp == 0 ? 1 : ieeeExp) - 127 - 23 - 2;
    digits = shortest(m2, e2, u64(ieeeMant != 0 || ieeeExp <= 1));
  }
  return layout(dst, neg, digits, outE10);
}

/** Writes v in decimal at `dst` and returns the number of bytes (1..20). */
export function writeU64(dst: usize, v: u64): usize {
  let k = decimalLength(v);
  writeDigits(dst + k, v);
  return k;
}

/** Writes v in decimal at `dst` and returns the number of bytes (1..10). */
export function writeU32(dst: usize, v: u32): usize {
  return writeU64(dst, <u64>v);
}

/** Writes v in decimal at `dst` (with '-' when negative) and returns the number of bytes (1..11). */
export function writeI32(dst: usize, v: i32): usize {
  if (v >= 0) return writeU64(dst, <u64>v);
  store<u8>(dst, 45);
  return 1 + writeU64(dst + 1, <u64>(<u32>(0 - v))); // i32.MIN_VALUE: 0 − v wraps to 2^31 as u32
}

/**
 * Test hook: stores Ryu's 125-bit multiplier for index i (5^i, or the inverse when inv) at dst as
 * (low u64, high u64), so the tests can compare the small-table reconstruction with exact values.
 */
export function ryuPow5(dst: usize, i: u32, inv: bool): void {
  loadPow5(i, inv);
  store<u64>(dst, powLo);
  store<u64>(dst, powHi, 8);
}
