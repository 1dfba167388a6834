// Whether this test program is built with AddressSanitizer (clang's or GCC's -fsanitize=address,
// as the sanitizer pass of scripts/test.sh builds it). A test whose running time grows with its
// size may check the same property on a smaller instance there, where everything runs tens of
// times slower; what it asserts does not change.
#pragma once

namespace sif::test {

#if defined(__SANITIZE_ADDRESS__)
inline constexpr bool kUnderSanitizers = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
inline constexpr bool kUnderSanitizers = true;
#else
inline constexpr bool kUnderSanitizers = false;
#endif
#else
inline constexpr bool kUnderSanitizers = false;
#endif

}  // namespace sif::test
