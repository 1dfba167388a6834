#include "storage/hash_chain.hpp"

#include <openssl/evp.h>

#include <boost/json.hpp>

#include "storage/json_codec.hpp"

namespace sif::storage {

std::string sha256_hex(std::string_view bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned int len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(len * 2);
  for (unsigned int i = 0; i < len; ++i) {
    out.push_back(kHex[md[i] >> 4]);
    out.push_back(kHex[md[i] & 0xf]);
  }
  return out;
}

std::string canonical_history_text(const HistoryRow& row) {
  boost::json::object o;
  o["school"] = row.school;
  o["seq"] = row.seq;
  o["entry"] = to_json(row.entry);  // fixed member order; data is a std::map (sorted)
  o["recorded_at"] = row.recorded_at;
  o["prev_hash"] = row.prev_hash;
  return dump_json(o);
}

std::string history_hash(const HistoryRow& row) { return sha256_hex(canonical_history_text(row)); }

}  // namespace sif::storage
