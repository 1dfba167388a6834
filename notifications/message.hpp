// A rendered, routed notice ready for a channel: who it goes to, what it says, and the
// headers that let a receiver de-duplicate it.
//
// A Message is built by the dispatcher from one outbox row (render + route) and handed to a
// Channel, which turns it into an .eml file, an SMTP transaction or a webhook POST. Its `id`
// is the outbox idempotency key; it is the same on every delivery attempt, so at-least-once
// delivery can be de-duplicated downstream (Message-ID `<id@sif>`, header Idempotency-Key).
//
// Thread-safety: a plain value.
#pragma once

#include <algorithm>
#include <cctype>
#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "workflows/state.hpp"

namespace sif::notifications {

struct Address {
  std::string name;   // display name, may be empty or non-ASCII
  std::string email;  // addr-spec, ASCII
  std::string role;   // the canonical role this address was routed from (empty for From)
  friend bool operator==(const Address&, const Address&) = default;
};

using Header = std::pair<std::string, std::string>;

struct Message {
  std::string id;           // outbox idempotency key
  std::string template_id;  // which template rendered it
  std::string school_id;    // URN; empty for a notice addressed to one person (a digest)
  std::vector<Address> to;
  std::vector<Address> cc;
  std::string subject;
  std::string text;         // plain-text body, always present
  std::string html;         // HTML alternative; empty when the template has none
  // Extra headers every channel passes on (Message-ID, Idempotency-Key, X-Sif-*).
  std::vector<Header> headers;
  workflows::Data data;     // the flat template data, for channels that forward it (webhook)
  std::chrono::system_clock::time_point date;  // when this attempt was made (Date header)

  // "<key@sif>": the RFC 5322 Message-ID derived from the idempotency key.
  std::string message_id() const { return "<" + id + "@sif>"; }
  // First value of a header (case-insensitive name), or "" when absent.
  std::string header(std::string_view name) const {
    for (const auto& [k, v] : headers) {
      if (k.size() == name.size() &&
          std::equal(k.begin(), k.end(), name.begin(), [](char a, char b) {
            return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
          })) {
        return v;
      }
    }
    return {};
  }
};

}  // namespace sif::notifications
