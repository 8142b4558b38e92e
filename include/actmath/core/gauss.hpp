// The standard normal distribution over a value type V (float, double or an xsimd batch),
// written once like core/math.hpp: what gelu needs, and what any other user of Phi needs.
//
//   half_square(t)          t^2/2 as hi + lo, exactly (no FMA needed)
//   exp_parts_deep(hi, lo)  exp_parts for arguments down to 2^-(K) below exp_parts' clamp:
//                           e^(hi+lo) = p 2^n, p = 0 past the point where any product
//                           a p 2^n with |a| < 2^30 is 0 (float: hi < -126, double: -790)
//   gauss_locate(x)         t = |x| (clamped) and its piece of the fitted tables
//   normal_q(g)             Q(t) = Phi(-t) e^(t^2/2) (tail pieces: t Q(t), see below)
//   normal_g(g)             G(t) = Q(t) - t/sqrt(2 pi), with its root t0 = 0.7517915...
//   normal_cdf(x)           Phi(x), accurate in both tails (Phi(-37) = 5.7e-300 in double)
//
// Method.  With c = 1/sqrt(2 pi) and t = |x|:
//   Phi(-t) = e^(-t^2/2) Q(t)          Phi(t) = 1 - e^(-t^2/2) Q(t)
//   Q(t) = erfc(t/sqrt2)/2 e^(t^2/2) is smooth and slowly varying (Q(0) = 1/2, Q ~ c/t), so
// a polynomial fit of Q has no cancellation, and x^2/2 enters only through e^(-(hi+lo)),
// computed from the exact hi + lo: the rounding of x/sqrt2 that costs erfc hundreds of ulps
// at x = -12 (the relative sensitivity of erfc(z) to z is 2 z^2) never happens.  Beyond
// tail_t (float 4, double 7.5) the fit is in w = 1/t^2: R(w) = t Q(t) = c (1 - w + 3w^2 - ...),
// and S(w) = -G(t)/t.  Below it, pieces [k h, (k+1) h), h = 1/2, in s = t - (k + 1/2) h
// (exact by Sterbenz for k >= 1).  On the piece that holds t0, G = (t - t0) H(t) with t0 a
// sum of three T, so G, and gelu' = e^(-x^2/2) G, keep full relative accuracy at the root.
// The coefficients come from tools/fit_gelu.cpp (MPFR, 256 bits, Chebyshev interpolation;
// `fit_gelu` prints this table); a lane picks its piece's coefficients with one permute
// (AVX-512) or gather (AVX2), so the number of pieces (at most 16) costs no time.
#pragma once

#include "actmath/core/math.hpp"
#include "actmath/core/value.hpp"

// GCC 12 reports a false -Wuninitialized inside its AVX-512 shift intrinsics (the
// _mm512_undefined source of the masked builtins) when core::pow2i is inlined here.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#endif

namespace actmath {
namespace core {

template <class T> struct gauss_consts;
template <> struct gauss_consts<float> {
    using T = float;
    static constexpr int degree = 8;
    static constexpr int pieces = 9;       // 8 pieces of width 1/2 on [0, 4), then the tail
    static constexpr T tail_t = 4;         // first t of the tail piece (w = 1/t^2 <= 1/16)
    static constexpr T t_max = 16;         // e^(-t^2/2) Q(t) is 0 in float well before 16
    static constexpr T t0_hi = 0x1.80ead2p-1f;
    static constexpr T t0_lo = -0x1.a03fd4p-27f;
    static constexpr T t0_ll = 0x1.eec18cp-52f;
    static constexpr int root_piece = 1;
    // fit error with rounded coefficients, evaluated exactly: Q/R 2^-24.2, G/H/S 2^-23.3
    static constexpr T q_table[81] = {
        0x1.a7f808p-2f, 0x1.337024p-2f, 0x1.d898dep-3f, 0x1.7b5abep-3f, 0x1.3aaddep-3f, 0x1.0bb968p-3f, 0x1.d0b31cp-4f, 0x1.99c2b6p-4f, 0x1.988454p-2f,
        -0x1.2e8652p-2f, -0x1.63e072p-3f, -0x1.c49322p-4f, -0x1.3253b6p-4f, -0x1.b405ccp-5f, -0x1.432b1ap-5f, -0x1.ef2cc8p-6f, -0x1.85dc7cp-6f, -0x1.98844ap-2f,
        0x1.5c5674p-3f, 0x1.5bf7f2p-4f, 0x1.7b79d2p-5f, 0x1.bd45f4p-6f, 0x1.15aa6cp-6f, 0x1.6c5e3cp-7f, 0x1.f2f5dp-8f, 0x1.62200ep-8f, 0x1.325f7p+0f,
        -0x1.594f6p-4f, -0x1.2c84ap-5f, -0x1.1f34p-6f, -0x1.2962f6p-7f, -0x1.49badep-8f, -0x1.838c52p-9f, -0x1.dec5a2p-10f, -0x1.34a258p-10f, -0x1.7e573ap+2f,
        0x1.312c8cp-5f, 0x1.d68c7p-7f, 0x1.8ff2a8p-8f, 0x1.721ecp-9f, 0x1.70c53ep-10f, 0x1.87b71p-11f, 0x1.b7d4f2p-12f, 0x1.031f6ep-12f, 0x1.47e0fep+5f,
        -0x1.eb6afap-7f, -0x1.53a4bep-8f, -0x1.038a3ap-9f, -0x1.b174acp-11f, -0x1.875732p-12f, -0x1.7a5ffep-13f, -0x1.8480d8p-14f, -0x1.a484aep-15f, -0x1.48c5b2p+8f,
        0x1.6deafap-8f, 0x1.c98b0cp-10f, 0x1.3cf5c2p-11f, 0x1.e142d2p-13f, 0x1.8c5b68p-14f, 0x1.5edee2p-15f, 0x1.4b1d66p-16f, 0x1.4aae64p-17f, 0x1.363daap+11f,
        -0x1.0260e2p-9f, -0x1.25ac68p-11f, -0x1.72a12ep-13f, -0x1.00fb5ap-14f, -0x1.83c3fcp-16f, -0x1.3b7e2ap-17f, -0x1.129502p-18f, -0x1.fb918ep-20f, -0x1.a70f9ep+13f,
        0x1.52789ep-11f, 0x1.60a3b4p-13f, 0x1.987e58p-15f, 0x1.04745ap-16f, 0x1.6a378ep-18f, 0x1.10517ep-19f, 0x1.b73824p-21f, 0x1.793d46p-22f, 0x1.1c12e8p+15f,
    };
    static constexpr T g_table[81] = {
        0x1.41d6f4p-2f, -0x1.252658p-1f, -0x1.1258fap-2f, -0x1.069d1ap-1f, -0x1.7ce966p-1f, -0x1.eec798p-1f, -0x1.2ee052p+0f, -0x1.655fe2p+0f, 0x1.988454p-2f,
        -0x1.638552p-1f, 0x1.5bb314p-4f, -0x1.04d48ep-1f, -0x1.e5194p-2f, -0x1.cf050cp-2f, -0x1.c0e9b6p-2f, -0x1.b7772p-2f, -0x1.b0e21cp-2f, -0x1.988452p-2f,
        0x1.5c5674p-3f, -0x1.2c4eb4p-5f, 0x1.7b79d2p-5f, 0x1.bd45f4p-6f, 0x1.15aa6cp-6f, 0x1.6c5e3cp-7f, 0x1.f2f5dp-8f, 0x1.62200ep-8f, 0x1.98831ep-2f,
        -0x1.594f6p-4f, 0x1.d63e98p-7f, -0x1.1f34p-6f, -0x1.2962f6p-7f, -0x1.49badep-8f, -0x1.838c52p-9f, -0x1.dec5a2p-10f, -0x1.34a258p-10f, -0x1.322f6p+0f,
        0x1.312c8cp-5f, -0x1.5375a2p-8f, 0x1.8ff2a8p-8f, 0x1.721ecp-9f, 0x1.70c53ep-10f, 0x1.87b71p-11f, 0x1.b7d4f2p-12f, 0x1.031f6ep-12f, 0x1.7a7a84p+2f,
        -0x1.eb6afap-7f, 0x1.c9488ep-10f, -0x1.038a3ap-9f, -0x1.b174acp-11f, -0x1.875732p-12f, -0x1.7a5ffep-13f, -0x1.8480d8p-14f, -0x1.a484aep-15f, -0x1.319072p+5f,
        0x1.6deafap-8f, -0x1.21f846p-11f, 0x1.3cf5c2p-11f, 0x1.e142d2p-13f, 0x1.8c5b68p-14f, 0x1.5edee2p-15f, 0x1.4b1d66p-16f, 0x1.4aae64p-17f, 0x1.fa135p+7f,
        -0x1.0260e2p-9f, 0x1.607572p-13f, -0x1.72a12ep-13f, -0x1.00fb5ap-14f, -0x1.83c3fcp-16f, -0x1.3b7e2ap-17f, -0x1.129502p-18f, -0x1.fb918ep-20f, -0x1.40df62p+10f,
        0x1.52789ep-11f, -0x1.936decp-15f, 0x1.987e58p-15f, 0x1.04745ap-16f, 0x1.6a378ep-18f, 0x1.10517ep-19f, 0x1.b73824p-21f, 0x1.793d46p-22f, 0x1.9de964p+11f,
    };
};
template <> struct gauss_consts<double> {
    using T = double;
    static constexpr int degree = 13;
    static constexpr int pieces = 16;      // 15 pieces of width 1/2 on [0, 7.5), then the tail
    static constexpr T tail_t = 7.5;
    static constexpr T t_max = 40;         // e^(-800) is 0 in double
    static constexpr T t0_hi = 0x1.80ead197f00b4p-1;
    static constexpr T t0_lo = -0x1.13e74c58cada8p-56;
    static constexpr T t0_ll = -0x1.65d4b5b9cdd03p-111;
    static constexpr int root_piece = 1;
    // fit error with rounded coefficients, evaluated exactly: Q/R 2^-53.1, G/H/S 2^-52.5
    static constexpr T q_table[224] = {
        0x1.a7f808169e57p-2, 0x1.3370237bca626p-2, 0x1.d898de09c6f19p-3, 0x1.7b5abd2fd03adp-3, 0x1.3aadddf19e98p-3, 0x1.0bb968cded93fp-3, 0x1.d0b31c082543cp-4, 0x1.99c2b6db3b3ap-4, 0x1.6e0409710781ap-4, 0x1.4a7249909b035p-4, 0x1.2d01fec27390ap-4, 0x1.1445a52cb7b7cp-4, 0x1.fe6e5e311bedcp-5, 0x1.da2cad4855d33p-5, 0x1.baa643d0bc394p-5, 0x1.9884533d43651p-2,
        -0x1.2e8651379bcf4p-2, -0x1.63e07140d7368p-3, -0x1.c49321dc9c383p-4, -0x1.3253b6cdb4c64p-4, -0x1.b405cc6b87d06p-5, -0x1.432b1910e5ccfp-5, -0x1.ef2cc76a51e03p-6, -0x1.85dc7cfbbdeadp-6, -0x1.3a009352b6b4dp-6, -0x1.01c9be18b5115p-6, -0x1.ae369bc176e78p-7, -0x1.6c06b99f699dfp-7, -0x1.37c334dcb2692p-7, -0x1.0dd421075f5aap-7, -0x1.d7697206344a4p-8, -0x1.9884533d4364cp-2,
        0x1.5c5673c8b762bp-3, 0x1.5bf7f206f35bbp-4, 0x1.7b79d1bfca9cfp-5, 0x1.bd45f4ef48356p-6, 0x1.15aa6bd488cb1p-6, 0x1.6c5e3c927cb84p-7, 0x1.f2f5d00e15ec7p-8, 0x1.62200d79c96fp-8, 0x1.031b67492b0c1p-8, 0x1.852b7d343febep-9, 0x1.2ae288b7d88aep-9, 0x1.d419f84479c65p-10, 0x1.74d5b9845297cp-10, 0x1.2d6b58be4ea4ep-10, 0x1.edd68f639abf1p-11, 0x1.32633e6df17cp+0,
        -0x1.594f58fe0683ap-4, -0x1.2c849dfda5455p-5, -0x1.1f33fe5ba772bp-6, -0x1.2962f462b87dp-7, -0x1.49badda1251fdp-8, -0x1.838c5241004c5p-9, -0x1.dec5a1fa0055ep-10, -0x1.34a2573305b92p-10, -0x1.9ccf90dfb5004p-11, -0x1.1cff2811f68ddp-11, -0x1.948dae01c7629p-12, -0x1.262b4c976ba47p-12, -0x1.b504fe717d8cdp-13, -0x1.4acbd891154abp-13, -0x1.fd4001a9566c2p-14, -0x1.7efc0e07ed0f8p+2,
        0x1.312c88a8f88c5p-5, 0x1.d68c6d8fac163p-7, 0x1.8ff2a58d04692p-8, 0x1.721ebe31cdc48p-9, 0x1.70c53ca78fbc9p-10, 0x1.87b71017321afp-11, 0x1.b7d4f1cbd6a11p-12, 0x1.031f6ee7d047ap-12, 0x1.3e69129297209p-13, 0x1.95e3ecf7591c5p-14, 0x1.0b2c74356d91fp-14, 0x1.69ddd156784fap-15, 0x1.f69d2bba881bap-16, 0x1.64f5a03e4ade1p-16, 0x1.02a46f112368fp-16, 0x1.4f1c8bb85e442p+5,
        -0x1.eb760ca7db0cep-7, -0x1.53aa0f1def69fp-8, -0x1.038d10ff56f91p-9, -0x1.b17803c2fb8abp-11, -0x1.87595809411c9p-12, -0x1.7a617d69c60eep-13, -0x1.8481f80e0651ep-14, -0x1.a48594a47633cp-15, -0x1.dccc54194f93ap-16, -0x1.19987bfa3dbd3p-16, -0x1.58e2231763af9p-17, -0x1.b43181a9dbc4dp-18, -0x1.1bdae831ae2f1p-18, -0x1.7b07ab06b4c47p-19, -0x1.02f30241c18c8p-19, -0x1.78fffd7e97ae2p+8,
        0x1.6df18a780a84p-8, 0x1.c990dfd74a8f2p-10, 0x1.3cf8a3e5c149bp-11, 0x1.e145f6cac41e8p-13, 0x1.8c5d485b0ded3p-14, 0x1.5ee01a50fd9a9p-15, 0x1.4b1e40abb2a77p-16, 0x1.4aaf068e6e246p-17, 0x1.5b42ca1b612b6p-18, 0x1.7d4f33f64ae9p-19, 0x1.b3ab3740d05fp-20, 0x1.01e140c20a1ap-20, 0x1.3b2604ef7dcd2p-21, 0x1.8c4c54b16cc98p-22, 0x1.ff59c07654235p-23, 0x1.032db5730d946p+12,
        -0x1.fd64685ede2e2p-10, -0x1.22234f03af033p-11, -0x1.6ed9faea52671p-13, -0x1.fd83365e648d6p-15, -0x1.80e690c381229p-16, -0x1.397eac28b6ee1p-17, -0x1.111575bc3c24ep-18, -0x1.f92b66d610435p-20, -0x1.ecf3f3ee63419p-21, -0x1.f89f9c92175dfp-22, -0x1.0d9a685f3f50ep-22, -0x1.2b63397b056c9p-23, -0x1.582f9560a677p-24, -0x1.984269bffb75bp-25, -0x1.f22aca027b8d4p-26, -0x1.a4f0ff84372d6p+15,
        0x1.4e1b4c6c277d9p-11, 0x1.5cc3a7e26a3c4p-13, 0x1.94a90f3753c85p-15, 0x1.025c90c3bc3fp-16, 0x1.67b72f74d08ffp-18, 0x1.0eb208b683f22p-19, 0x1.b4f344e7fecc5p-21, 0x1.778ab9e9013d7p-22, 0x1.5584c26331888p-23, 0x1.46c1bc338944bp-24, 0x1.47423934c7a3bp-25, 0x1.558f7ba8df715p-26, 0x1.7206c1f5adf4cp-27, 0x1.9ea25bcd59328p-28, 0x1.df17cb2fd440cp-29, 0x1.88ad3d0b7620ap+19,
        -0x1.9fab9670f443p-13, -0x1.8f8bcd6793e33p-15, -0x1.ab5e82c11193dp-17, -0x1.f7e7850e86927p-19, -0x1.448d62f378b3bp-20, -0x1.c4f2c3b32c169p-22, -0x1.53d079cd672b9p-23, -0x1.102d105995869p-24, -0x1.ce8a4da1a5672p-26, -0x1.9e93bdda12b2fp-27, -0x1.85f886bfdaa6fp-28, -0x1.7f399328e0d39p-29, -0x1.87d77f7717336p-30, -0x1.9f5f7455fe0b9p-31, -0x1.c708b86948f26p-32, -0x1.952ba63aaca2cp+23,
        0x1.ecf47bd032bd5p-15, 0x1.b62062a564ddbp-17, 0x1.b1bf6a4e8243ep-19, 0x1.da00fc5473a1fp-21, 0x1.1b704bb5e4485p-22, 0x1.6ff91fd36fc2p-24, 0x1.015b589676f4fp-25, 0x1.8133420bb39c1p-27, 0x1.3289983fe40fp-28, 0x1.01ec3b78d6e14p-29, 0x1.c893288820462p-31, 0x1.a726683a3833cp-32, 0x1.98f5427185fc2p-33, 0x1.9aa4d51dff54p-34, 0x1.aafef40a3667dp-35, 0x1.ad0b7e566f0c6p+27,
        -0x1.17df5e34ed796p-16, -0x1.cda14e5675783p-19, -0x1.a870127bdf5efp-21, -0x1.af48a855ead91p-23, -0x1.e0507943281bbp-25, -0x1.22d8535ea8a7p-26, -0x1.7c3c0b1f371aep-28, -0x1.0a8010a5c4479p-29, -0x1.8e13a3770d71ep-31, -0x1.3b068be88d7b7p-32, -0x1.06cf35e34838dp-33, -0x1.cc1f66343a9dbp-35, -0x1.a4e5521cb713p-36, -0x1.90d14335ed71ap-37, -0x1.8c07909c66ap-38, -0x1.986887d0aa9e1p+31,
        0x1.35d630dd8a50ap-18, 0x1.dad0bc360069cp-21, 0x1.96023c036b301p-23, 0x1.802d17fe328adp-25, 0x1.8f0607355a7b4p-27, 0x1.c374869b8597ap-29, 0x1.1434b22717198p-30, 0x1.6b18346539f46p-32, 0x1.fda86d01916a3p-34, 0x1.7bc901fe3208ep-35, 0x1.2af3d7f0b4576p-36, 0x1.eedbd92390305p-38, 0x1.acd4d93574ce9p-39, 0x1.839c672811f3dp-40, 0x1.6c2e9a1a8aa3p-41, 0x1.1e938d85006e1p+35,
        -0x1.456a8c252e1ap-20, -0x1.d18fe301844a2p-23, -0x1.73e1e8e649d9p-25, -0x1.49038374fa75bp-27, -0x1.3fe3b65de64a4p-29, -0x1.5341dc3acc1a5p-31, -0x1.85b96bd1be1c9p-33, -0x1.e1c69f2a5881fp-35, -0x1.3e843ab0e209fp-36, -0x1.bffab3269f8bcp-38, -0x1.4d62af1a4facap-39, -0x1.055728cc91f8p-40, -0x1.adc370c15973cp-42, -0x1.7138aa677eb7ap-43, -0x1.4a4a8416fd356p-44, -0x1.a0205efe209cp+37,
    };
    static constexpr T g_table[224] = {
        0x1.41d6f3474d7dcp-2, -0x1.25265709118d8p-1, -0x1.1258f907b0c58p-2, -0x1.069d1989a6e9bp-1, -0x1.7ce96628842bbp-1, -0x1.eec79840c145fp-1, -0x1.2ee051e1446dep+0, -0x1.655fe29bbb7b2p+0, -0x1.9b2c57da07234p+0, -0x1.d075fe3fb657cp+0, -0x1.02aec6aa209ddp+1, -0x1.1cfceeaaa2b2ep+1, -0x1.372da78f18373p+1, -0x1.5146f3868f85fp+1, -0x1.6b4d52604222bp+1, 0x1.9884533d43651p-2,
        -0x1.6385523a6f9a3p-1, 0x1.5bb314936034bp-4, -0x1.04d48dda35399p-1, -0x1.e51940f0b096ap-2, -0x1.cf050ccab45f1p-2, -0x1.c0e9b65f601eap-2, -0x1.b7771fb3e8831p-2, -0x1.b0e21b0cff43bp-2, -0x1.ac245c726ed05p-2, -0x1.a8a0ef1eceb62p-2, -0x1.a5f6081b4f1c4p-2, -0x1.a3e4890a3eb2p-2, -0x1.a2426ce428f85p-2, -0x1.a0f2f4457e5fep-2, -0x1.9fe1f9055c363p-2, -0x1.9884533d4365p-2,
        0x1.5c5673c8b762bp-3, -0x1.2c4eb33704822p-5, 0x1.7b79d1bfca9cfp-5, 0x1.bd45f4ef48356p-6, 0x1.15aa6bd488cb1p-6, 0x1.6c5e3c927cb84p-7, 0x1.f2f5d00e15ec7p-8, 0x1.62200d79c96fp-8, 0x1.031b67492b0c1p-8, 0x1.852b7d343febep-9, 0x1.2ae288b7d88aep-9, 0x1.d419f84479c65p-10, 0x1.74d5b9845297cp-10, 0x1.2d6b58be4ea4ep-10, 0x1.edd68f639abf1p-11, 0x1.9884533d43352p-2,
        -0x1.594f58fe0683ap-4, 0x1.d63e95b3742fdp-7, -0x1.1f33fe5ba772bp-6, -0x1.2962f462b87dp-7, -0x1.49badda1251fdp-8, -0x1.838c5241004c5p-9, -0x1.dec5a1fa0055ep-10, -0x1.34a2573305b92p-10, -0x1.9ccf90dfb5004p-11, -0x1.1cff2811f68ddp-11, -0x1.948dae01c7629p-12, -0x1.262b4c976ba47p-12, -0x1.b504fe717d8cdp-13, -0x1.4acbd891154abp-13, -0x1.fd4001a9566c2p-14, -0x1.32633e6dae8fbp+0,
        0x1.312c88a8f88c5p-5, -0x1.5375a01c59f57p-8, 0x1.8ff2a58d04692p-8, 0x1.721ebe31cdc48p-9, 0x1.70c53ca78fbc9p-10, 0x1.87b71017321afp-11, 0x1.b7d4f1cbd6a11p-12, 0x1.031f6ee7d047ap-12, 0x1.3e69129297209p-13, 0x1.95e3ecf7591c5p-14, 0x1.0b2c74356d91fp-14, 0x1.69ddd156784fap-15, 0x1.f69d2bba881bap-16, 0x1.64f5a03e4ade1p-16, 0x1.02a46f112368fp-16, 0x1.7efc0dd6d28d6p+2,
        -0x1.eb760ca7db0cep-7, 0x1.c94e60914017ap-10, -0x1.038d10ff56f91p-9, -0x1.b17803c2fb8abp-11, -0x1.87595809411c9p-12, -0x1.7a617d69c60eep-13, -0x1.8481f80e0651ep-14, -0x1.a48594a47633cp-15, -0x1.dccc54194f93ap-16, -0x1.19987bfa3dbd3p-16, -0x1.58e2231763af9p-17, -0x1.b43181a9dbc4dp-18, -0x1.1bdae831ae2f1p-18, -0x1.7b07ab06b4c47p-19, -0x1.02f30241c18c8p-19, -0x1.4f1c80ee4b2c7p+5,
        0x1.6df18a780a84p-8, -0x1.21fb57380f44dp-11, 0x1.3cf8a3e5c149bp-11, 0x1.e145f6cac41e8p-13, 0x1.8c5d485b0ded3p-14, 0x1.5ee01a50fd9a9p-15, 0x1.4b1e40abb2a77p-16, 0x1.4aaf068e6e246p-17, 0x1.5b42ca1b612b6p-18, 0x1.7d4f33f64ae9p-19, 0x1.b3ab3740d05fp-20, 0x1.01e140c20a1ap-20, 0x1.3b2604ef7dcd2p-21, 0x1.8c4c54b16cc98p-22, 0x1.ff59c07654235p-23, 0x1.78fe746358c7ep+8,
        -0x1.fd64685ede2e2p-10, 0x1.5c95d85d0ffabp-13, -0x1.6ed9faea52671p-13, -0x1.fd83365e648d6p-15, -0x1.80e690c381229p-16, -0x1.397eac28b6ee1p-17, -0x1.111575bc3c24ep-18, -0x1.f92b66d610435p-20, -0x1.ecf3f3ee63419p-21, -0x1.f89f9c92175dfp-22, -0x1.0d9a685f3f50ep-22, -0x1.2b63397b056c9p-23, -0x1.582f9560a677p-24, -0x1.984269bffb75bp-25, -0x1.f22aca027b8d4p-26, -0x1.031ab99e012a4p+12,
        0x1.4e1b4c6c277d9p-11, -0x1.8f59967ac293cp-15, 0x1.94a90f3753c85p-15, 0x1.025c90c3bc3fp-16, 0x1.67b72f74d08ffp-18, 0x1.0eb208b683f22p-19, 0x1.b4f344e7fecc5p-21, 0x1.778ab9e9013d7p-22, 0x1.5584c26331888p-23, 0x1.46c1bc338944bp-24, 0x1.47423934c7a3bp-25, 0x1.558f7ba8df715p-26, 0x1.7206c1f5adf4cp-27, 0x1.9ea25bcd59328p-28, 0x1.df17cb2fd440cp-29, 0x1.a3a9f9501f518p+15,
        -0x1.9fab9670f443p-13, 0x1.b5f3c9efc5c33p-17, -0x1.ab5e82c11193dp-17, -0x1.f7e7850e86927p-19, -0x1.448d62f378b3bp-20, -0x1.c4f2c3b32c169p-22, -0x1.53d079cd672b9p-23, -0x1.102d105995869p-24, -0x1.ce8a4da1a5672p-26, -0x1.9e93bdda12b2fp-27, -0x1.85f886bfdaa6fp-28, -0x1.7f399328e0d39p-29, -0x1.87d77f7717336p-30, -0x1.9f5f7455fe0b9p-31, -0x1.c708b86948f26p-32, -0x1.80ed73a60b0adp+19,
        0x1.ecf47bd032bd5p-15, -0x1.cd6b94e1e9b6cp-19, 0x1.b1bf6a4e8243ep-19, 0x1.da00fc5473a1fp-21, 0x1.1b704bb5e4485p-22, 0x1.6ff91fd36fc2p-24, 0x1.015b589676f4fp-25, 0x1.8133420bb39c1p-27, 0x1.3289983fe40fp-28, 0x1.01ec3b78d6e14p-29, 0x1.c893288820462p-31, 0x1.a726683a3833cp-32, 0x1.98f5427185fc2p-33, 0x1.9aa4d51dff54p-34, 0x1.aafef40a3667dp-35, 0x1.743122d202974p+23,
        -0x1.17df5e34ed796p-16, 0x1.d4906dcb552f6p-21, -0x1.a870127bdf5efp-21, -0x1.af48a855ead91p-23, -0x1.e0507943281bbp-25, -0x1.22d8535ea8a7p-26, -0x1.7c3c0b1f371aep-28, -0x1.0a8010a5c4479p-29, -0x1.8e13a3770d71ep-31, -0x1.3b068be88d7b7p-32, -0x1.06cf35e34838dp-33, -0x1.cc1f66343a9dbp-35, -0x1.a4e5521cb713p-36, -0x1.90d14335ed71ap-37, -0x1.8c07909c66ap-38, -0x1.4cadcfce27b8ep+27,
        0x1.35d630dd8a50ap-18, -0x1.d15d35b3696aap-23, 0x1.96023c036b301p-23, 0x1.802d17fe328adp-25, 0x1.8f0607355a7b4p-27, 0x1.c374869b8597ap-29, 0x1.1434b22717198p-30, 0x1.6b18346539f46p-32, 0x1.fda86d01916a3p-34, 0x1.7bc901fe3208ep-35, 0x1.2af3d7f0b4576p-36, 0x1.eedbd92390305p-38, 0x1.acd4d93574ce9p-39, 0x1.839c672811f3dp-40, 0x1.6c2e9a1a8aa3p-41, 0x1.c092074b008p+30,
        -0x1.456a8c252e1ap-20, 0x1.b9fc412d73ac9p-25, -0x1.73e1e8e649d9p-25, -0x1.49038374fa75bp-27, -0x1.3fe3b65de64a4p-29, -0x1.5341dc3acc1a5p-31, -0x1.85b96bd1be1c9p-33, -0x1.e1c69f2a5881fp-35, -0x1.3e843ab0e209fp-36, -0x1.bffab3269f8bcp-38, -0x1.4d62af1a4facap-39, -0x1.055728cc91f8p-40, -0x1.adc370c15973cp-42, -0x1.7138aa677eb7ap-43, -0x1.4a4a8416fd356p-44, -0x1.3dc06351c310fp+33,
    };
};

// a * b = hi + lo exactly (Dekker's product: an fma where the target has one, Veltkamp's
// splitting otherwise; both are exact, so every target gives the same bits).
template <class V> struct two_terms {
    V hi, lo;
};
template <class V> ACTMATH_INLINE two_terms<V> two_prod(V const& a, V const& b) noexcept {
    V p = a * b;
#if defined(__FMA__) || defined(__FMA4__)
    return {p, core::fma(a, b, -p)};
#else
    using T = scalar_t<V>;
    const V split = V(std::is_same<T, float>::value ? T(4097) : T(134217729)); // 2^12+1, 2^27+1
    V ca = split * a, cb = split * b;
    V ah = ca - (ca - a), bh = cb - (cb - b);
    V al = a - ah, bl = b - bh;
    // One product per statement: nothing here may be contracted into an fma.
    V hh = ah * bh, hl = ah * bl, lh = al * bh, ll = al * bl;
    V e = hh - p;
    e = e + hl;
    e = e + lh;
    e = e + ll;
    return {p, e};
#endif
}
// a + b = hi + lo exactly (Knuth's TwoSum, any order of magnitudes).
template <class V> ACTMATH_INLINE two_terms<V> two_sum(V const& a, V const& b) noexcept {
    V s = a + b;
    V bb = s - a;
    V e = (a - (s - bb)) + (b - bb);
    return {s, e};
}

template <class V> ACTMATH_INLINE two_terms<V> half_square(V const& t) noexcept {
    using T = scalar_t<V>;
    two_terms<V> sq = core::two_prod(t, t);
    return {V(T(0.5)) * sq.hi, V(T(0.5)) * sq.lo};
}

// e^(hi + lo) as p 2^n for hi down to exp_parts' clamp minus K ln 2, so that a p 2^n is
// right when |a| > 1 pushes a result near the underflow threshold below exp_parts' clamp
// (gelu'(-14.5) in float, quick_gelu(-62)).  For hi < -64 (float) / -512 (double) the
// argument is raised by K ln2 (hi + K ln2_hi is exact there: both are multiples of
// ulp(hi)) and n lowered by K.  Past `limit` p is 0, so a p 2^n is a zero of a's sign.
template <class T> struct exp_deep_consts;
template <> struct exp_deep_consts<float> {
    static constexpr float start = -64, limit = -126, k = 32;
};
template <> struct exp_deep_consts<double> {
    static constexpr double start = -512, limit = -790, k = 64;
};
template <class V> ACTMATH_INLINE exp_split<V> exp_parts_deep(V const& hi, V const& lo) noexcept {
    using T = scalar_t<V>;
    using D = exp_deep_consts<T>;
    using C = exp_consts<T>;
    auto deep = hi < V(D::start);
    V kf = core::select(deep, V(D::k), V(T(0)));
    V h = core::fma(kf, V(C::ln2_hi), hi); // exact: kf ln2_hi has few bits, hi + it is exact
    V l = core::fma(kf, V(C::ln2_lo), lo);
    exp_split<V> e = core::exp_parts(h, l);
    e.n = e.n - core::round_int(kf).n;
    e.p = core::select(hi < V(D::limit), V(T(0)), e.p);
    return e;
}

// row[i] per lane, for a row of N <= 16 coefficients: an index for a scalar; for a batch,
// a register permute on AVX-512 (the row is two registers at most), the gather instruction
// on AVX2, lane by lane elsewhere.  (xsimd 8.1's batch::gather never reaches its AVX-512
// kernel, which takes one template argument where two are passed: it inserts lane by lane.)
template <class V, int N> ACTMATH_INLINE V table_lookup(scalar_t<V> const* row, int_t<V> const& i) noexcept {
    static_assert(N >= 1 && N <= 16, "actmath: a coefficient row holds at most 16 entries");
    using T = scalar_t<V>;
    if constexpr (!is_batch_v<V>) {
        return row[i];
    } else {
#if defined(__AVX512F__) || defined(__AVX2__)
        using A = typename V::arch_type;
#endif
#if defined(__AVX512F__)
        if constexpr (std::is_base_of<xsimd::avx512f, A>::value) {
            if constexpr (std::is_same<T, float>::value) {
                __m512 tab = _mm512_maskz_loadu_ps(__mmask16((1u << N) - 1u), row);
                return _mm512_permutexvar_ps(i, tab);
            } else {
                constexpr unsigned m_lo = N >= 8 ? 0xffu : (1u << N) - 1u;
                constexpr unsigned m_hi = N > 8 ? (1u << (N > 8 ? N - 8 : 0)) - 1u : 0u;
                __m512d lo = _mm512_maskz_loadu_pd(__mmask8(m_lo), row);
                __m512d hi = _mm512_maskz_loadu_pd(__mmask8(m_hi), row + (N > 8 ? 8 : 0));
                return _mm512_permutex2var_pd(lo, i, hi);
            }
        } else
#endif
#if defined(__AVX2__)
        if constexpr (std::is_base_of<xsimd::avx2, A>::value) {
            if constexpr (std::is_same<T, float>::value)
                return _mm256_i32gather_ps(row, i, 4);
            else
                return _mm256_i64gather_pd(row, i, 8);
        } else
#endif
        {
            constexpr std::size_t W = V::size;
            alignas(64) scalar_t<int_t<V>> idx[W];
            alignas(64) T out[W];
            i.store_aligned(idx);
            for (std::size_t j = 0; j < W; ++j) out[j] = row[idx[j]];
            return V::load_aligned(out);
        }
    }
}

template <class V> struct gauss_arg {
    V t;           // |x|, clamped to t_max (NaN stays NaN)
    V var;         // the polynomial's variable: s = t - centre, or w = 1/t^2 in the tail
    V piece;       // the piece index as V (exact small integer)
    int_t<V> index;
    mask_t<V> tail;
};

template <class V> ACTMATH_INLINE gauss_arg<V> gauss_locate(V const& x) noexcept {
    using T = scalar_t<V>;
    using C = gauss_consts<T>;
    V t = core::abs(x);
    t = core::select(t > V(C::t_max), V(C::t_max), t);
    auto tail = !(t < V(C::tail_t)); // NaN goes to the tail piece: a valid index, NaN result
    rounded<V> k = core::round_int(core::fma(t, V(T(2)), V(T(-0.5)))); // floor(2t), ties either way
    V piece = core::select(tail, V(T(C::pieces - 1)), k.k);
    V centre = core::fma(piece, V(T(0.5)), V(T(0.25)));
    V s = t - centre;
    V w = V(T(1)) / (t * t);
    gauss_arg<V> g;
    g.t = t;
    g.var = core::select(tail, w, s);
    g.piece = piece;
    g.index = core::round_int(piece).n;
    g.tail = tail;
    return g;
}

// Horner over the piece's coefficients of a coefficient-major table.
template <class V>
ACTMATH_INLINE V gauss_poly(scalar_t<V> const* table, gauss_arg<V> const& g) noexcept {
    using C = gauss_consts<scalar_t<V>>;
    V p = core::table_lookup<V, C::pieces>(table + C::degree * C::pieces, g.index);
    for (int k = C::degree - 1; k >= 0; --k)
        p = core::fma(p, g.var, core::table_lookup<V, C::pieces>(table + k * C::pieces, g.index));
    return p;
}

// Q(t) on the pieces below tail_t; R(w) = t Q(t) on the tail piece.
template <class V> ACTMATH_INLINE V normal_q(gauss_arg<V> const& g) noexcept {
    return core::gauss_poly(gauss_consts<scalar_t<V>>::q_table, g);
}

// G(t) = Q(t) - t/sqrt(2 pi) everywhere: (t - t0) H(t) on the root piece, -t S(w) in the tail.
template <class V> ACTMATH_INLINE V normal_g(gauss_arg<V> const& g) noexcept {
    using T = scalar_t<V>;
    using C = gauss_consts<T>;
    V p = core::gauss_poly(C::g_table, g);
    V d = ((g.t - V(C::t0_hi)) - V(C::t0_lo)) - V(C::t0_ll); // t - t0_hi is exact on the piece
    V f = core::select(g.piece == V(T(C::root_piece)), d, V(T(1)));
    f = core::select(g.tail, -g.t, f);
    return f * p;
}

// Phi(x).  Left tail e^(-x^2/2) Q scaled once at the end (gradual underflow); right side
// 1 - e^(-x^2/2) Q.  Phi(-inf) = 0, Phi(+inf) = 1, Phi(NaN) = NaN.
template <class V> ACTMATH_INLINE V normal_cdf(V const& x) noexcept {
    using T = scalar_t<V>;
    gauss_arg<V> g = core::gauss_locate(x);
    V q = core::normal_q(g);
    q = core::select(g.tail, q / g.t, q);
    two_terms<V> h = core::half_square(g.t);
    V m = core::mul_exp(q, core::exp_parts_deep(-h.hi, -h.lo));
    return core::select(x < V(T(0)), m, V(T(1)) - m);
}

} // namespace core
} // namespace actmath

#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic pop
#endif
