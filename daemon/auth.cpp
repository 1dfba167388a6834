#include "daemon/auth.hpp"

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <tuple>

namespace sif::daemon {

namespace {

// A compact FIPS 180-4 SHA-256. Kept here (rather than linking libcrypto into the daemon) so
// that auth has no dependency beyond std; tokens are short, speed is irrelevant.
constexpr std::array<uint32_t, 64> kK = {
    0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
    0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
    0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
    0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
    0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
    0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
    0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
    0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};

uint32_t rotr(uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }

void compress(std::array<uint32_t, 8>& h, const unsigned char* block) {
  uint32_t w[64];
  for (int i = 0; i < 16; ++i) {
    w[i] = (uint32_t(block[4 * i]) << 24) | (uint32_t(block[4 * i + 1]) << 16) |
           (uint32_t(block[4 * i + 2]) << 8) | uint32_t(block[4 * i + 3]);
  }
  for (int i = 16; i < 64; ++i) {
    uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
    uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
    w[i] = w[i - 16] + s0 + w[i - 7] + s1;
  }
  uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4], f = h[5], g = h[6], hh = h[7];
  for (int i = 0; i < 64; ++i) {
    uint32_t s1 = rotr(e, 6) ^ rotr(e, 11) ^ rotr(e, 25);
    uint32_t ch = (e & f) ^ (~e & g);
    uint32_t t1 = hh + s1 + ch + kK[i] + w[i];
    uint32_t s0 = rotr(a, 2) ^ rotr(a, 13) ^ rotr(a, 22);
    uint32_t maj = (a & b) ^ (a & c) ^ (b & c);
    uint32_t t2 = s0 + maj;
    hh = g; g = f; f = e; e = d + t1; d = c; c = b; b = a; a = t1 + t2;
  }
  h[0] += a; h[1] += b; h[2] += c; h[3] += d; h[4] += e; h[5] += f; h[6] += g; h[7] += hh;
}

}  // namespace

std::string sha256_hex(std::string_view data) {
  std::array<uint32_t, 8> h = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                               0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  size_t full = n / 64;
  for (size_t i = 0; i < full; ++i) compress(h, p + 64 * i);
  unsigned char tail[128] = {};
  size_t rest = n - 64 * full;
  if (rest) std::memcpy(tail, p + 64 * full, rest);
  tail[rest] = 0x80;
  size_t tail_len = rest + 1 + 8 <= 64 ? 64 : 128;
  uint64_t bits = uint64_t(n) * 8;
  for (int i = 0; i < 8; ++i) tail[tail_len - 1 - i] = static_cast<unsigned char>(bits >> (8 * i));
  compress(h, tail);
  if (tail_len == 128) compress(h, tail + 64);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(64);
  for (uint32_t v : h) {
    for (int s = 28; s >= 0; s -= 4) out.push_back(kHex[(v >> s) & 0xf]);
  }
  return out;
}

workflows::Result<Role> parse_role(std::string_view text) {
  if (text == "viewer") return Role::kViewer;
  if (text == "officer") return Role::kOfficer;
  if (text == "admin") return Role::kAdmin;
  return workflows::Error::invalid("unknown role '" + std::string(text) + "'",
                                   "one of: viewer, officer, admin");
}

const char* to_string(Role r) {
  switch (r) {
    case Role::kViewer: return "viewer";
    case Role::kOfficer: return "officer";
    case Role::kAdmin: return "admin";
  }
  return "viewer";
}

Authenticator::Authenticator(std::vector<TokenEntry> tokens) {
  for (auto& t : tokens) by_hash_[t.sha256] = Principal{std::move(t.name), t.role, std::move(t.email)};
}

std::vector<Principal> Authenticator::principals() const {
  std::vector<Principal> out;
  for (const auto& [hash, p] : by_hash_) {
    bool seen = false;
    for (const auto& o : out) seen = seen || (o.name == p.name && o.role == p.role && o.email == p.email);
    if (!seen) out.push_back(p);
  }
  std::sort(out.begin(), out.end(), [](const Principal& a, const Principal& b) {
    return std::tie(a.name, a.role, a.email) < std::tie(b.name, b.role, b.email);
  });
  return out;
}

bool Authenticator::has_principal(std::string_view name, Role role) const {
  for (const auto& [hash, p] : by_hash_) {
    if (p.name == name && p.role == role) return true;
  }
  return false;
}

bool constant_time_equal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

void Authenticator::add_plain_token(std::string name, std::string_view token, Role role) {
  by_hash_[sha256_hex(token)] = Principal{std::move(name), role};
}

std::optional<Principal> Authenticator::authenticate(std::string_view header) const {
  constexpr std::string_view kBearer = "Bearer ";
  if (header.size() <= kBearer.size()) return std::nullopt;
  // The scheme is case-insensitive (RFC 7235 2.1).
  for (size_t i = 0; i < kBearer.size(); ++i) {
    char c = header[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    char k = kBearer[i];
    if (k >= 'A' && k <= 'Z') k = static_cast<char>(k - 'A' + 'a');
    if (c != k) return std::nullopt;
  }
  std::string_view token = header.substr(kBearer.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && (token.back() == ' ' || token.back() == '\t')) token.remove_suffix(1);
  if (token.empty()) return std::nullopt;
  // Every configured hash is compared in full, without stopping at the first differing byte or
  // the first match, so the time taken says nothing about how close a guess was.
  const std::string hash = sha256_hex(token);
  const Principal* found = nullptr;
  for (const auto& [stored, principal] : by_hash_) {
    unsigned char diff = stored.size() == hash.size() ? 0 : 1;
    for (std::size_t i = 0; i < hash.size(); ++i) {
      diff |= static_cast<unsigned char>(stored[i % stored.size()] ^ hash[i]);
    }
    if (diff == 0) found = &principal;
  }
  if (!found) return std::nullopt;
  return *found;
}

}  // namespace sif::daemon
