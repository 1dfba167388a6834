// Bearer-token authentication and role checks for the HTTP API.
//
// Tokens are configured as SHA-256 hashes (hex) so that config/sifd.yaml never holds a usable
// secret; a request's token is hashed and looked up. Roles are ordered viewer < officer < admin:
// a route names the least role it needs. A presented token is hashed and compared with every
// configured hash in full (constant time in the token's content). The bootstrap token (SIF_BOOTSTRAP_TOKEN) is added by
// main as a plain token; only its hash is kept here. The environment is never read here.
//
// Thread-safety: an Authenticator is immutable after construction; share it freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "workflows/result.hpp"

namespace sif::daemon {

enum class Role { kViewer = 0, kOfficer = 1, kAdmin = 2 };

workflows::Result<Role> parse_role(std::string_view text);  // "viewer", "officer", "admin"
const char* to_string(Role r);

// Lower-case hex SHA-256 of `data`.
std::string sha256_hex(std::string_view data);

struct TokenEntry {
  std::string name;         // who: becomes the default actor of events recorded with the token
  std::string sha256;       // lower-case hex SHA-256 of the token
  Role role = Role::kViewer;
  std::string email = {};   // the officer's address ("" = none): GET /v1/session, "my schools"
};

struct Principal {
  std::string name;
  Role role = Role::kViewer;
  std::string email = {};   // from the token entry; "" when it has none
};

class Authenticator {
 public:
  Authenticator() = default;
  explicit Authenticator(std::vector<TokenEntry> tokens);

  // Adds a plain token (the bootstrap token); only its hash is kept.
  void add_plain_token(std::string name, std::string_view token, Role role);

  // The principal for an Authorization header value ("Bearer <token>"), or nullopt when the
  // header is missing, malformed or names no configured token.
  std::optional<Principal> authenticate(std::string_view authorization_header) const;

  bool empty() const { return by_hash_.empty(); }

  // Every distinct principal (name, role, email) the configured tokens name, in name order;
  // several tokens may name the same one.
  std::vector<Principal> principals() const;
  // True while some configured token names a principal called `name` with role `role`.
  bool has_principal(std::string_view name, Role role) const;

 private:
  std::map<std::string, Principal, std::less<>> by_hash_;  // sha256 hex -> principal
};

// True when a and b are equal. The time taken depends on their lengths only, never on where
// they differ, so comparing a presented secret with the right one says nothing about it.
bool constant_time_equal(std::string_view a, std::string_view b);

// True when `have` is at least `need`.
inline bool role_allows(Role have, Role need) { return static_cast<int>(have) >= static_cast<int>(need); }

}  // namespace sif::daemon
