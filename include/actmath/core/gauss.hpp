// The standard normal distribution over a value type V (float, double or an xsimd batch),
// written once like core/math.hpp: what gelu needs, and what any other user of Phi needs.
//
//   half_square(t)          t^2/2 as hi + lo, exactly (core::two_prod: no FMA needed)
//   exp_parts_deep(hi, lo)  exp_parts for arguments down to 2^-(K) below exp_parts' clamp:
//                           e^(hi+lo) = p 2^n, p = 0 past the point where any product
//                           a p 2^n with |a| < 2^30 is 0 (float: hi < -126, double: -790)
//   gauss_locate(x)         t = |x| (clamped) and its piece of the fitted tables
//   normal_q(g), _pair      Q(t) = Phi(-t) e^(t^2/2) (tail pieces: t Q(t), see below)
//   normal_g(g), _pair      G(t) = Q(t) - t/sqrt(2 pi), with its root t0 = 0.7517915...
//   mul_exp_pair(a, e)      (a.hi + a.lo) e^(hi+lo), rounded once, then scaled
//   sub_scaled(c, m, e)     c - (m.hi + m.lo) 2^n as a pair, for |m 2^n| <= |c|
//   one_minus_mul_exp(a, e) 1 - (a.hi + a.lo) e^(hi+lo) as a pair
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
// c0 of every piece is a pair of T (row degree + 1 holds its low part).
// The coefficients come from tools/fit_gelu.cpp (MPFR, 256 bits, Chebyshev interpolation;
// `fit_gelu` prints this table); a lane picks its piece's coefficients with one permute
// (AVX-512) or gather (AVX2), so the number of pieces (at most 16) costs no time.
#pragma once

#include "actmath/core/exact.hpp"
#include "actmath/core/math.hpp"
#include "actmath/core/pair.hpp"
#include "actmath/core/value.hpp"

ACTMATH_SIMD_DIAGNOSTICS_BEGIN

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
    // fit error with rounded coefficients, evaluated exactly: Q/R 2^-29.6, G/H/S 2^-29.6
    static constexpr T q_table[90] = {
        0x1.a7f808p-2f, 0x1.337024p-2f, 0x1.d898dep-3f, 0x1.7b5abep-3f, 0x1.3aaddep-3f, 0x1.0bb968p-3f, 0x1.d0b31cp-4f, 0x1.99c2b6p-4f, 0x1.988454p-2f,
        -0x1.2e8652p-2f, -0x1.63e072p-3f, -0x1.c49322p-4f, -0x1.3253b6p-4f, -0x1.b405ccp-5f, -0x1.432b1ap-5f, -0x1.ef2cc8p-6f, -0x1.85dc7cp-6f, -0x1.98844ap-2f,
        0x1.5c5676p-3f, 0x1.5bf7f4p-4f, 0x1.7b79d2p-5f, 0x1.bd45f2p-6f, 0x1.15aa6cp-6f, 0x1.6c5e3ep-7f, 0x1.f2f5d2p-8f, 0x1.62200cp-8f, 0x1.325f5cp+0f,
        -0x1.594e2ep-4f, -0x1.2c838p-5f, -0x1.1f33cap-6f, -0x1.29656p-7f, -0x1.49bc2p-8f, -0x1.8386b6p-9f, -0x1.dec22p-10f, -0x1.34a83ep-10f, -0x1.7e55a8p+2f,
        0x1.312934p-5f, 0x1.d6869ep-7f, 0x1.8ff1e4p-8f, 0x1.72276ap-9f, 0x1.70c4dap-10f, 0x1.87adc8p-11f, 0x1.b7c9ep-12f, 0x1.0328ap-12f, 0x1.47d9bcp+5f,
        -0x1.ec718ap-7f, -0x1.549ceep-8f, -0x1.03b88ap-9f, -0x1.ad4df8p-11f, -0x1.853006p-12f, -0x1.8400eap-13f, -0x1.8a84f8p-14f, -0x1.90485p-15f, -0x1.48b638p+8f,
        0x1.70cafap-8f, 0x1.ce7cdcp-10f, 0x1.3d9df2p-11f, 0x1.d2875cp-13f, 0x1.8c6b04p-14f, 0x1.6f77bap-15f, 0x1.5d859p-16f, 0x1.2a861ep-17f, 0x1.36342ep+11f,
        -0x1.c0801p-10f, -0x1.ca76a4p-12f, -0x1.5a962cp-13f, -0x1.0a6f3cp-13f, -0x1.50b732p-15f, 0x1.e1ae92p-16f, 0x1.060cd4p-17f, -0x1.6f8952p-16f, -0x1.a72b5p+13f,
        0x1.269738p-12f, 0x1.a6ac6ep-17f, 0x1.40f92ep-15f, 0x1.343c8ep-14f, 0x1.9521d2p-18f, -0x1.f128ap-17f, -0x1.0ff08ap-17f, 0x1.19fafcp-17f, 0x1.1c56b8p+15f,
        0x1.69e57p-30f, -0x1.086b3cp-27f, 0x1.38de32p-32f, -0x1.a05f8ap-28f, -0x1.cc2dp-32f, 0x1.9bdb28p-28f, 0x1.04a878p-33f, 0x1.b67674p-29f, -0x1.87383p-27f,
    };
    static constexpr T g_table[90] = {
        0x1.41d6f4p-2f, -0x1.252658p-1f, -0x1.1258fap-2f, -0x1.069d1ap-1f, -0x1.7ce966p-1f, -0x1.eec798p-1f, -0x1.2ee052p+0f, -0x1.655fe2p+0f, 0x1.988454p-2f,
        -0x1.638552p-1f, 0x1.5bb314p-4f, -0x1.04d48ep-1f, -0x1.e5194p-2f, -0x1.cf050cp-2f, -0x1.c0e9b6p-2f, -0x1.b7772p-2f, -0x1.b0e21cp-2f, -0x1.988452p-2f,
        0x1.5c567p-3f, -0x1.2c4eb2p-5f, 0x1.7b79cap-5f, 0x1.bd461p-6f, 0x1.15aa7cp-6f, 0x1.6c5e48p-7f, 0x1.f2f5c2p-8f, 0x1.621fe8p-8f, 0x1.988276p-2f,
        -0x1.59500ep-4f, 0x1.d64052p-7f, -0x1.1f3234p-6f, -0x1.296e46p-7f, -0x1.49cde4p-8f, -0x1.839e38p-9f, -0x1.dea916p-10f, -0x1.34473p-10f, -0x1.321c3ep+0f,
        0x1.31321cp-5f, -0x1.5378e6p-8f, 0x1.900a2cp-8f, 0x1.71cd76p-9f, 0x1.706506p-10f, 0x1.877312p-11f, 0x1.b82906p-12f, 0x1.03ffap-12f, 0x1.7966b8p+2f,
        -0x1.ead3b2p-7f, 0x1.c7ce4ap-10f, -0x1.0517b4p-9f, -0x1.9e04fp-11f, -0x1.66b4f6p-12f, -0x1.5bae56p-13f, -0x1.b5752ap-14f, -0x1.6e8ddep-14f, -0x1.2d49c6p+5f,
        0x1.6933a6p-8f, -0x1.1f593ep-11f, 0x1.28abecp-11f, 0x1.365842p-12f, 0x1.1843fep-13f, 0x1.d2e2b6p-15f, 0x1.767158p-17f, -0x1.b4b6b4p-17f, 0x1.e70beep+7f,
        -0x1.161faap-9f, 0x1.c290fap-13f, -0x1.46ab44p-14f, -0x1.8334e6p-12f, -0x1.271dep-12f, -0x1.12748cp-13f, 0x1.851136p-14f, 0x1.423b6cp-12f, -0x1.2a9da8p+10f,
        0x1.44af76p-10f, -0x1.7027b4p-14f, 0x1.850e32p-12f, -0x1.192708p-11f, -0x1.4dd632p-12f, -0x1.d74bdap-14f, 0x1.2d8f42p-14f, 0x1.8e3aacp-13f, 0x1.734a46p+11f,
        -0x1.716504p-27f, 0x1.eddce6p-26f, 0x1.f09e76p-27f, 0x1.d9645ap-27f, -0x1.44215ep-28f, -0x1.030518p-27f, 0x1.ebb922p-28f, -0x1.3776f6p-25f, -0x1.859cb8p-27f,
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
    // fit error with rounded coefficients, evaluated exactly: Q/R 2^-59.1, G/H/S 2^-57.7
    static constexpr T q_table[240] = {
        0x1.a7f808169e57p-2, 0x1.3370237bca626p-2, 0x1.d898de09c6f19p-3, 0x1.7b5abd2fd03adp-3, 0x1.3aadddf19e98p-3, 0x1.0bb968cded93fp-3, 0x1.d0b31c082543cp-4, 0x1.99c2b6db3b3ap-4, 0x1.6e0409710781ap-4, 0x1.4a7249909b035p-4, 0x1.2d01fec27390ap-4, 0x1.1445a52cb7b7cp-4, 0x1.fe6e5e311bedcp-5, 0x1.da2cad4855d33p-5, 0x1.baa643d0bc394p-5, 0x1.9884533d43651p-2,
        -0x1.2e8651379bcf4p-2, -0x1.63e07140d7368p-3, -0x1.c49321dc9c383p-4, -0x1.3253b6cdb4c64p-4, -0x1.b405cc6b87d06p-5, -0x1.432b1910e5ccfp-5, -0x1.ef2cc76a51e03p-6, -0x1.85dc7cfbbdeadp-6, -0x1.3a009352b6b4dp-6, -0x1.01c9be18b5115p-6, -0x1.ae369bc176e78p-7, -0x1.6c06b99f699dfp-7, -0x1.37c334dcb2692p-7, -0x1.0dd421075f5aap-7, -0x1.d7697206344a4p-8, -0x1.9884533d4364cp-2,
        0x1.5c5673c8b762bp-3, 0x1.5bf7f206f35bbp-4, 0x1.7b79d1bfca9cfp-5, 0x1.bd45f4ef48356p-6, 0x1.15aa6bd488cb1p-6, 0x1.6c5e3c927cb84p-7, 0x1.f2f5d00e15ec7p-8, 0x1.62200d79c96fp-8, 0x1.031b67492b0c1p-8, 0x1.852b7d343febep-9, 0x1.2ae288b7d88aep-9, 0x1.d419f84479c65p-10, 0x1.74d5b9845297cp-10, 0x1.2d6b58be4ea4ep-10, 0x1.edd68f639abf1p-11, 0x1.32633e6df186ap+0,
        -0x1.594f58fe06a8cp-4, -0x1.2c849dfda5486p-5, -0x1.1f33fe5ba750ap-6, -0x1.2962f462b8846p-7, -0x1.49badda12546fp-8, -0x1.838c524100bb4p-9, -0x1.dec5a1fa00a21p-10, -0x1.34a257330525ap-10, -0x1.9ccf90dfb56bfp-11, -0x1.1cff2811f771ap-11, -0x1.948dae01c7d67p-12, -0x1.262b4c976bf9bp-12, -0x1.b504fe717e6e8p-13, -0x1.4acbd89113e85p-13, -0x1.fd4001a954cb6p-14, -0x1.7efc0e07fabf3p+2,
        0x1.312c88a8f8987p-5, 0x1.d68c6d8fac3b9p-7, 0x1.8ff2a58d0450ep-8, 0x1.721ebe31cdd45p-9, 0x1.70c53ca78fbf1p-10, 0x1.87b7101731bfdp-11, 0x1.b7d4f1cbd68fbp-12, 0x1.031f6ee7d05d7p-12, 0x1.3e69129296d03p-13, 0x1.95e3ecf758ad7p-14, 0x1.0b2c74356d911p-14, 0x1.69ddd15678182p-15, 0x1.f69d2bba8702ep-16, 0x1.64f5a03e4a8c2p-16, 0x1.02a46f1123b2cp-16, 0x1.4f1c8bbccc3dp+5,
        -0x1.eb760ca7624bep-7, -0x1.53aa0f1de55c3p-8, -0x1.038d10ffc43f1p-9, -0x1.b17803c2cc2bap-11, -0x1.8759580845aabp-12, -0x1.7a617d66fcb6dp-13, -0x1.8481f80c1c8a5p-14, -0x1.a48594abde96bp-15, -0x1.dccc5413e679cp-16, -0x1.19987beecd082p-16, -0x1.58e22311919c1p-17, -0x1.b43181a14b46ap-18, -0x1.1bdae82658263p-18, -0x1.7b07ab2a4bc5fp-19, -0x1.02f30256af9edp-19, -0x1.78fffe55e952ap+8,
        0x1.6df18a77f3295p-8, 0x1.c990dfd7001fp-10, 0x1.3cf8a3e5f215ap-11, 0x1.e145f6ca84e0fp-13, 0x1.8c5d485b03df9p-14, 0x1.5ee01a526a4ccp-15, 0x1.4b1e40abf82d7p-16, 0x1.4aaf068dbff39p-17, 0x1.5b42ca1de48f4p-18, 0x1.7d4f33f9c19cep-19, 0x1.b3ab3740de18ap-20, 0x1.01e140c3c5fa6p-20, 0x1.3b2604f84403dp-21, 0x1.8c4c54b68c862p-22, 0x1.ff59c06d1ac37p-23, 0x1.032dc279de8c8p+12,
        -0x1.fd6469135ba68p-10, -0x1.22234f12df534p-11, -0x1.6ed9f9a72b514p-13, -0x1.fd8336eae1a25p-15, -0x1.80e693ac935dep-16, -0x1.397eb46aab80dp-17, -0x1.11157b67626cbp-18, -0x1.f92b3af0ec503p-20, -0x1.ecf413ffbe7fdp-21, -0x1.f8a02427941acp-22, -0x1.0d9a8add471a2p-22, -0x1.2b636c3cd3d2fp-23, -0x1.58301bbe5ec74p-24, -0x1.9840c3f8bf33ep-25, -0x1.f228d9e0a33fap-26, -0x1.a4f20cc5249a4p+15,
        0x1.4e1b4c80b681ep-11, 0x1.5cc3a825d6fbbp-13, 0x1.94a90ede36ab3p-15, 0x1.025c90fd3900ap-16, 0x1.67b72f87430f3p-18, 0x1.0eb2061f4bab4p-19, 0x1.b4f343eb617a5p-21, 0x1.778abc623691dp-22, 0x1.5584b93f0f72cp-23, 0x1.46c1af9b79c5fp-24, 0x1.47423902c7b12p-25, 0x1.558f6f0cea421p-26, 0x1.72068224c5b0fp-27, 0x1.9ea23685f07ecp-28, 0x1.df180e421cd21p-29, 0x1.88b4a89a2c73bp+19,
        -0x1.9fab0e16c2b86p-13, -0x1.8f8bb6401facfp-15, -0x1.ab6066b560ed3p-17, -0x1.f7e6b232bde19p-19, -0x1.4489055231918p-20, -0x1.c4d9fced4395ep-22, -0x1.53bf7879e32fcp-23, -0x1.106ee733be3cp-24, -0x1.ce2a1633f911p-26, -0x1.9cfcffaa1a6b2p-27, -0x1.85299330cf76ap-28, -0x1.7e0902be585dap-29, -0x1.84b13cb7cac2fp-30, -0x1.a941fce0a06dp-31, -0x1.d2a99359f0095p-32, -0x1.954f85f3b17aep+23,
        0x1.ecf46ae1e95a1p-15, 0x1.b62029c3f110ep-17, 0x1.b1bfb5fbd1b82p-19, 0x1.da009b0c526ffp-21, 0x1.1b703bfdba2adp-22, 0x1.6ffd8262656c7p-24, 0x1.015c2e35cf3b7p-25, 0x1.812f12c516077p-27, 0x1.3299112d130a4p-28, 0x1.02018b290feddp-29, 0x1.c893d1e671092p-31, 0x1.a7511510b0287p-32, 0x1.99cd42edc8692p-33, 0x1.9b230b65893bp-34, 0x1.aa1bf9a0121adp-35, 0x1.ad806fc762bc4p+27,
        -0x1.1812048b9eaddp-16, -0x1.cdb2a30429245p-19, -0x1.a70b2c2cce821p-21, -0x1.afe46eb3f0a6bp-23, -0x1.e6c3201416f2dp-25, -0x1.3524cdb022ee2p-26, -0x1.95596b510335ep-28, -0x1.528797a8e000bp-30, -0x1.0e194494345ccp-30, -0x1.c9df3f74522f8p-31, -0x1.1c3a6f9a64bc6p-32, -0x1.53f3b88c2e9eap-33, -0x1.5e5413b3f843bp-33, 0x1.ba1a6ed059363p-33, 0x1.066a3ef742db7p-33, -0x1.995e3c2e149d8p+31,
        0x1.35d8d67e3a618p-18, 0x1.dae2e4289546fp-21, 0x1.95e9f1dad0186p-23, 0x1.804c3911012c2p-25, 0x1.8f1025120800dp-27, 0x1.c0a5fd680f556p-29, 0x1.13ac0aea9ec81p-30, 0x1.6dc5a6fc2eb87p-32, 0x1.e9d9b816a39f4p-34, 0x1.60822774b9587p-35, 0x1.2a876a8824e96p-36, 0x1.b83c94a9fbd76p-38, 0x1.30ad8dbc58f3ap-40, 0x1.c40a7fb5b2abbp-41, 0x1.4757446adb616p-40, 0x1.1fc0000dc7afep+35,
        -0x1.36b59cc159192p-20, -0x1.cc7f7561a6734p-23, -0x1.dade3817f6f7ap-25, -0x1.1bffaf22d545fp-27, 0x1.39eb5cf58812dp-30, 0x1.27f3f9966eb58p-28, 0x1.9f9e6fed33721p-30, -0x1.c8f49a940c1c3p-29, 0x1.4383103be8b22p-30, 0x1.5a33e81854a53p-29, 0x1.5fe290d048e0fp-31, 0x1.036907545545fp-31, 0x1.57d68d3152186p-31, -0x1.0df236b4ca14p-30, -0x1.3d94967655db4p-31, -0x1.a2aa2ec0254dcp+37,
        0x1.34aac86e0418bp-56, 0x1.5ed12147f1fc3p-59, 0x1.d6d59ffe2c1cep-57, 0x1.801f7635bdfb7p-58, -0x1.a41f74b55194fp-58, 0x1.18ad1889320a6p-63, -0x1.fa9df0799d08dp-58, -0x1.f9a3dbc2f4fb5p-59, 0x1.8b683836d1e5fp-60, 0x1.df2f0d05f5f35p-59, -0x1.015cef47cb68ep-58, -0x1.debe16a5369d4p-58, 0x1.1a8c37a2d8baap-60, 0x1.067d4c0c43d99p-59, -0x1.2872744cdfb05p-60, -0x1.cbf90100fff15p-56,
    };
    static constexpr T g_table[240] = {
        0x1.41d6f3474d7dcp-2, -0x1.25265709118d8p-1, -0x1.1258f907b0c58p-2, -0x1.069d1989a6e9bp-1, -0x1.7ce96628842bbp-1, -0x1.eec79840c145fp-1, -0x1.2ee051e1446dep+0, -0x1.655fe29bbb7b2p+0, -0x1.9b2c57da07234p+0, -0x1.d075fe3fb657cp+0, -0x1.02aec6aa209ddp+1, -0x1.1cfceeaaa2b2ep+1, -0x1.372da78f18373p+1, -0x1.5146f3868f85fp+1, -0x1.6b4d52604222bp+1, 0x1.9884533d43651p-2,
        -0x1.6385523a6f9a2p-1, 0x1.5bb314936034bp-4, -0x1.04d48dda35399p-1, -0x1.e51940f0b096ap-2, -0x1.cf050ccab45f1p-2, -0x1.c0e9b65f601eap-2, -0x1.b7771fb3e8831p-2, -0x1.b0e21b0cff43bp-2, -0x1.ac245c726ed05p-2, -0x1.a8a0ef1eceb62p-2, -0x1.a5f6081b4f1c4p-2, -0x1.a3e4890a3eb2p-2, -0x1.a2426ce428f85p-2, -0x1.a0f2f4457e5fep-2, -0x1.9fe1f9055c363p-2, -0x1.9884533d4365p-2,
        0x1.5c5673c8b762bp-3, -0x1.2c4eb33704822p-5, 0x1.7b79d1bfca9cep-5, 0x1.bd45f4ef48356p-6, 0x1.15aa6bd488cb1p-6, 0x1.6c5e3c927cb84p-7, 0x1.f2f5d00e15ec7p-8, 0x1.62200d79c96fp-8, 0x1.031b67492b0c1p-8, 0x1.852b7d343febep-9, 0x1.2ae288b7d88aep-9, 0x1.d419f84479c65p-10, 0x1.74d5b9845297cp-10, 0x1.2d6b58be4ea4ep-10, 0x1.edd68f639abf1p-11, 0x1.9884533d42f7bp-2,
        -0x1.594f58fe06d1cp-4, 0x1.d63e95b3744dbp-7, -0x1.1f33fe5ba682ap-6, -0x1.2962f462b772bp-7, -0x1.49badda126b76p-8, -0x1.838c524104cfdp-9, -0x1.dec5a1f9fb9e6p-10, -0x1.34a257330c1fp-10, -0x1.9ccf90dfc35f1p-11, -0x1.1cff2811f2348p-11, -0x1.948dae01def27p-12, -0x1.262b4c97471afp-12, -0x1.b504fe718fdd1p-13, -0x1.4acbd890fef3p-13, -0x1.fd4001a977a99p-14, -0x1.32633e6d6cf93p+0,
        0x1.312c88a8f89b4p-5, -0x1.5375a01c5a20cp-8, 0x1.8ff2a58d04c22p-8, 0x1.721ebe31cdd6bp-9, 0x1.70c53ca78fbep-10, 0x1.87b7101731beap-11, 0x1.b7d4f1cbd6905p-12, 0x1.031f6ee7d05cfp-12, 0x1.3e69129296cf8p-13, 0x1.95e3ecf758adbp-14, 0x1.0b2c74356d908p-14, 0x1.69ddd15678197p-15, 0x1.f69d2bba87026p-16, 0x1.64f5a03e4a8cbp-16, 0x1.02a46f1123b28p-16, 0x1.7efc0db1ea689p+2,
        -0x1.eb760ca6e1de8p-7, 0x1.c94e6090e0071p-10, -0x1.038d1102449d3p-9, -0x1.b17803c9a0ba9p-11, -0x1.875957ff0c6e2p-12, -0x1.7a617d4ccdd65p-13, -0x1.8481f82c51384p-14, -0x1.a485945241e55p-15, -0x1.dccc5360a4726p-16, -0x1.19987c3222fe5p-16, -0x1.58e221e88a24bp-17, -0x1.b431855527896p-18, -0x1.1bdae7464590ap-18, -0x1.7b07ad4520b18p-19, -0x1.02f3009672131p-19, -0x1.4f1c7aa595c1fp+5,
        0x1.6df18a77e9289p-8, -0x1.21fb5737b8b0ap-11, 0x1.3cf8a3e4ed9e6p-11, 0x1.e145f6ca73fa1p-13, 0x1.8c5d485b0b6b9p-14, 0x1.5ee01a5272c3cp-15, 0x1.4b1e40abf3bacp-16, 0x1.4aaf068dc70dcp-17, 0x1.5b42ca1dee64cp-18, 0x1.7d4f33f9be05ep-19, 0x1.b3ab3740ee2ddp-20, 0x1.01e140c3b3433p-20, 0x1.3b2604f84b229p-21, 0x1.8c4c54b67c998p-22, 0x1.ff59c06d29281p-23, 0x1.78fdc218fbe5ap+8,
        -0x1.fd6469cd98998p-10, 0x1.5c95d8eb5024cp-13, -0x1.6ed9f2715550dp-13, -0x1.fd8322c7c2297p-15, -0x1.80e6aeef8e4cbp-16, -0x1.397f01e22e7e8p-17, -0x1.11151c0ca960dp-18, -0x1.f92d4db6b5a29p-20, -0x1.ecf839d0d3849p-21, -0x1.f89d0649fe112p-22, -0x1.0da16a9a9c4a1p-22, -0x1.2b4d7c5f24af8p-23, -0x1.583a7aed7d0b1p-24, -0x1.9827d2b79252bp-25, -0x1.f25259ab0e8f1p-26, -0x1.031407e2395eap+12,
        0x1.4e1b4c8cfe156p-11, -0x1.8f5997182cc7bp-15, 0x1.94a910e936e12p-15, 0x1.025c9111fa1e7p-16, 0x1.67b72f74c0a37p-18, 0x1.0eb2060a7bc85p-19, 0x1.b4f344013a804p-21, 0x1.778abc3f60958p-22, 0x1.5584b90e97ea1p-23, 0x1.46c1afad37115p-24, 0x1.474238b38c083p-25, 0x1.558f6fc500199p-26, 0x1.720681decdf2bp-27, 0x1.9ea23721c5e29p-28, 0x1.df180db3a33a4p-29, 0x1.a3511ca03ac21p+15,
        -0x1.9faa84e5f9f62p-13, 0x1.b5f2f4a3c1ad7p-17, -0x1.ab6af841c491dp-17, -0x1.f804c732cfda6p-19, -0x1.4460360ccc63bp-20, -0x1.c3f1dd460ce8fp-22, -0x1.54dd5ca4e5a35p-23, -0x1.0d5310e1fcee4p-24, -0x1.c1b9bf3f095f3p-26, -0x1.a656220d31557p-27, -0x1.5bed43bc72b03p-28, -0x1.00d1702cdfb51p-28, -0x1.46788c647834bp-30, -0x1.1f728cbe28afap-30, -0x1.b3612384fb29fp-33, -0x1.7f55ae94826f9p+19,
        0x1.ecf45e48f9ed4p-15, -0x1.cd6b0fafbce6ep-19, 0x1.b1bdd937016aep-19, 0x1.da007075449a4p-21, 0x1.1b704ef6d3bd2p-22, 0x1.6ffdad20c6dd1p-24, 0x1.015c17cb0909fp-25, 0x1.812f5a2edf92dp-27, 0x1.329974e1f9ed3p-28, 0x1.02016698b0c5p-29, 0x1.c89517ce1ea24p-31, 0x1.a74e20d7ee9c9p-32, 0x1.99ce6228e7256p-33, 0x1.9b208da05797bp-34, 0x1.aa1e45a1ab706p-35, 0x1.6f3aa05189f5p+23,
        -0x1.1843e72d74a5fp-16, 0x1.d52de4b083141p-21, -0x1.9f64188f1ffbfp-21, -0x1.99c10cdf8370cp-23, -0x1.11776d29bad8ep-24, -0x1.e06340c8ce242p-26, 0x1.0adc83f739317p-32, -0x1.5010932bae4d8p-27, -0x1.479dafe111c6ep-27, 0x1.47452d180d947p-29, -0x1.f8e592e5a10f8p-28, 0x1.7f5dbdf2254c8p-27, -0x1.856f23e96282ep-29, 0x1.d598180f7ab38p-29, -0x1.5f48f24bdebp-29, -0x1.42a7f9bbe8c72p+27,
        0x1.35db25da062dfp-18, -0x1.d187d505472d8p-23, 0x1.968ba41817fd6p-23, 0x1.805bd815df5f5p-25, 0x1.8f023cc5fb0d6p-27, 0x1.c0869d7b73ceap-29, 0x1.13bc7caa87c1ep-30, 0x1.6d914ecb93f18p-32, 0x1.e94729141350ap-34, 0x1.60b7fa5cc9199p-35, 0x1.2997f1cb6c96ep-36, 0x1.bc92d3c397c78p-38, 0x1.2d62990080fa5p-40, 0x1.cb55d295523cdp-41, 0x1.45a61a84d073dp-40, 0x1.a8e6a111e6df4p+30,
        -0x1.287caf516b8adp-20, 0x1.8c81c519f0153p-25, -0x1.01d504fe93927p-23, -0x1.df1e28ba53fecp-25, 0x1.1f88c84959c09p-25, 0x1.b06cae3bd77ffp-25, -0x1.cd7e8c823e465p-26, 0x1.36c94259245p-25, 0x1.5d9725d969677p-25, -0x1.a7d52f6b2e4bcp-27, 0x1.1ee99c161c45p-25, -0x1.bd09153f827b3p-25, 0x1.be27d8df89aa4p-27, -0x1.103502a7c5457p-26, 0x1.9501740fc596ap-27, -0x1.24f0942800d79p+33,
        0x1.4f35fa63681a2p-57, 0x1.0e7bd63625a4ep-55, 0x1.50debe8c2ea0dp-59, -0x1.7b66b118c0d2dp-56, 0x1.50b4fed9ed98ep-55, -0x1.af8c2ccbc3895p-61, 0x1.15e2cc7462098p-54, 0x1.df37a6ffbc2c6p-54, 0x1.7554090438affp-57, -0x1.4f118cf64c87dp-54, 0x1.c5aba3076f861p-53, -0x1.241ac8147eb3cp-56, -0x1.f69c42ad3473p-53, -0x1.4ff6b176ba3p-54, 0x1.3e55da5cc4165p-53, -0x1.cbc34ce208913p-56,
    };
};

template <class V> ACTMATH_INLINE pair<V> half_square(V const& t) noexcept {
    using T = scalar_t<V>;
    two_result<V> sq = core::two_prod(t, t); // exact (core/exact.hpp: fma or Veltkamp)
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
    e.k = e.k - kf;
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
    V w = core::recip(t * t); // within an ulp: R(w) moves by less than w ulp <= 1/16 ulp
    gauss_arg<V> g;
    g.t = t;
    g.var = core::select(tail, w, s);
    g.piece = piece;
    g.index = core::round_int(piece).n;
    g.tail = tail;
    return g;
}

// Horner over the piece's coefficients of a coefficient-major table; c0 is the pair
// c0_hi (row 0) + c0_lo (row degree + 1), added last: the result is the pair row0 + p.
template <class V>
ACTMATH_INLINE pair<V> gauss_poly(scalar_t<V> const* table, gauss_arg<V> const& g) noexcept {
    using C = gauss_consts<scalar_t<V>>;
    auto row = [&](int k) { return core::table_lookup<V, C::pieces>(table + k * C::pieces, g.index); };
    V p = row(C::degree);
    for (int k = C::degree - 1; k >= 1; --k) p = core::fma(p, g.var, row(k));
    p = core::fma(p, g.var, row(C::degree + 1));
    return core::two_sum(row(0), p);
}

// Q(t) on the pieces below tail_t; R(w) = t Q(t) on the tail piece.  As a pair.
template <class V> ACTMATH_INLINE pair<V> normal_q_pair(gauss_arg<V> const& g) noexcept {
    return core::gauss_poly(gauss_consts<scalar_t<V>>::q_table, g);
}
template <class V> ACTMATH_INLINE V normal_q(gauss_arg<V> const& g) noexcept {
    return core::value(core::normal_q_pair(g));
}

// G(t) = Q(t) - t/sqrt(2 pi) everywhere: (t - t0) H(t) on the root piece, -t S(w) in the
// tail, P elsewhere.  As a pair.
template <class V> ACTMATH_INLINE pair<V> normal_g_pair(gauss_arg<V> const& g) noexcept {
    using T = scalar_t<V>;
    using C = gauss_consts<T>;
    pair<V> p = core::gauss_poly(C::g_table, g);
    // (t - t0) H = (t - t0_hi) H + (-t0_lo - t0_ll) H, with t - t0_hi exact on the root piece.
    auto root = g.piece == V(T(C::root_piece));
    V a = core::select(root, g.t - V(C::t0_hi), core::select(g.tail, -g.t, V(T(1))));
    V b = core::select(root, V(-(C::t0_lo + C::t0_ll)), V(T(0)));
    return core::add(core::mul(p, a), b * p.hi);
}
template <class V> ACTMATH_INLINE V normal_g(gauss_arg<V> const& g) noexcept {
    return core::value(core::normal_g_pair(g));
}

// (a.hi + a.lo) e^(hi+lo) = (a.hi + a.lo) p 2^n, rounded once before the scaling (like
// core::mul_exp, one rounding fewer); the sign is a.hi's also when p = 0.
template <class V> ACTMATH_INLINE V mul_exp_pair(pair<V> const& a, exp_split<V> const& e) noexcept {
    return core::scale_exp(core::copysign(core::value(core::mul(a, e.p)), a.hi), e);
}

// c - (m.hi + m.lo) 2^n as a pair, for |m 2^n| <= |c|: c - mh by Fast2Sum (its error is
// exact), m's low part subtracted from that error; the scaling of both parts is exact
// wherever the product matters.
template <class V> ACTMATH_INLINE pair<V> sub_scaled(V const& c, pair<V> const& m, exp_split<V> const& e) noexcept {
    V mh = core::scale_exp(m.hi, e);
    V ml = core::scale_exp(m.lo, e);
    V s = c - mh;
    return {s, ((c - s) - mh) - ml};
}

// 1 - (a.hi + a.lo) e^(hi+lo) as a pair, for |a e^(hi+lo)| <= 1/2 (the right half of Phi
// and of gelu').
template <class V> ACTMATH_INLINE pair<V> one_minus_mul_exp(pair<V> const& a, exp_split<V> const& e) noexcept {
    return core::sub_scaled(V(scalar_t<V>(1)), core::mul(a, e.p), e);
}

// Phi(x).  Left tail e^(-x^2/2) Q scaled once at the end (gradual underflow); right side
// 1 - e^(-x^2/2) Q.  Phi(-inf) = 0, Phi(+inf) = 1, Phi(NaN) = NaN.
template <class V> ACTMATH_INLINE V normal_cdf(V const& x) noexcept {
    using T = scalar_t<V>;
    gauss_arg<V> g = core::gauss_locate(x);
    pair<V> q = core::normal_q_pair(g);
    pair<V> qt = core::div(q, pair<V>{g.t, V(T(0))});
    q = {core::select(g.tail, qt.hi, q.hi), core::select(g.tail, qt.lo, q.lo)};
    pair<V> h = core::half_square(g.t);
    exp_split<V> e = core::exp_parts_deep(-h.hi, -h.lo);
    return core::select(x < V(T(0)), core::mul_exp_pair(q, e), core::value(core::one_minus_mul_exp(q, e)));
}

} // namespace core
} // namespace actmath

ACTMATH_SIMD_DIAGNOSTICS_END
