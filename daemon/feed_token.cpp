#include "daemon/feed_token.hpp"

#include <openssl/evp.h>
#include <openssl/hmac.h>

#include "daemon/session_store.hpp"

namespace sif::daemon {

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

}  // namespace

std::optional<FeedTokens> FeedTokens::from_hex(std::string_view secret_hex) {
  if (secret_hex.size() != 2 * kSecretBytes) return std::nullopt;
  std::string raw;
  raw.reserve(kSecretBytes);
  for (std::size_t i = 0; i < secret_hex.size(); i += 2) {
    int hi = hex_value(secret_hex[i]);
    int lo = hex_value(secret_hex[i + 1]);
    if (hi < 0 || lo < 0) return std::nullopt;
    raw.push_back(static_cast<char>(hi * 16 + lo));
  }
  return FeedTokens(std::move(raw));
}

std::string FeedTokens::token_for(std::string_view name, Role role) const {
  const std::string message = "feed\n" + std::string(name) + "\n" + to_string(role);
  unsigned char mac[EVP_MAX_MD_SIZE];
  unsigned int mac_len = 0;
  HMAC(EVP_sha256(), secret_.data(), static_cast<int>(secret_.size()),
       reinterpret_cast<const unsigned char*>(message.data()), message.size(), mac, &mac_len);
  static const char* kHex = "0123456789abcdef";
  std::string out;
  out.reserve(2 * mac_len);
  for (unsigned int i = 0; i < mac_len; ++i) {
    out.push_back(kHex[mac[i] >> 4]);
    out.push_back(kHex[mac[i] & 0xf]);
  }
  return out;
}

std::optional<Principal> FeedTokens::verify(std::string_view feed, const Authenticator& auth) const {
  if (feed.size() != 64) return std::nullopt;
  std::string presented(feed);
  for (auto& c : presented) {
    if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
  }
  // Every principal is tried to the end, so the time taken does not say which one matched.
  std::optional<Principal> found;
  for (const auto& p : auth.principals()) {
    if (constant_time_equal(token_for(p.name, p.role), presented) && !found) found = p;
  }
  return found;
}

workflows::Result<FeedTokens> load_feed_tokens(storage::Database& db, storage::UnixSeconds now) {
  auto secret = db.secret("feed_hmac_sha256", random_hex(FeedTokens::kSecretBytes), now);
  if (!secret) return secret.error();
  auto feeds = FeedTokens::from_hex(*secret);
  if (!feeds) {
    return workflows::Error::corruption("the calendar feed key stored in table secrets is not " +
                                            std::to_string(2 * FeedTokens::kSecretBytes) + " hex digits",
                                        "secrets.feed_hmac_sha256");
  }
  return std::move(*feeds);
}

std::string feed_url(const FeedTokens& feeds, const Principal& p) {
  return "/v1/deadlines.ics?feed=" + feeds.token_for(p.name, p.role);
}

}  // namespace sif::daemon
