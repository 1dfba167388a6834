// RFC 5322 / MIME formatting of a Message, shared by the maildir and SMTP channels.
//
// The output is 7-bit clean, so it passes any mail server unchanged:
//   - headers From, To, Cc, Subject, Date, Message-ID (<id@sif>), Idempotency-Key,
//     MIME-Version, then the message's extra headers; non-ASCII display names and subjects are
//     RFC 2047 encoded-words (UTF-8, base64); CR/LF inside values are folded to spaces, so a
//     value cannot inject a header;
//   - text only: one text/plain; charset=utf-8 part, quoted-printable;
//   - text and HTML: multipart/alternative (text first, as RFC 2046 wants the plainest first).
//     The boundary starts with "=_", which quoted-printable can never produce.
// Lines end with `eol`: "\r\n" on the wire (SMTP), "\n" in maildir files.
//
// Thread-safety: pure functions.
#pragma once

#include <chrono>
#include <string>
#include <string_view>

#include "notifications/message.hpp"

namespace sif::notifications {

std::string format_rfc5322(const Message& m, const Address& from, std::string_view eol = "\r\n");

// Pieces, exposed for tests and for the webhook's diagnostics.
std::string encode_header_words(std::string_view value);  // RFC 2047 when non-ASCII
std::string format_address(const Address& a);             // "Name <e@x>" with quoting/encoding
std::string quoted_printable(std::string_view text, std::string_view eol);
std::string rfc5322_date(std::chrono::system_clock::time_point t);  // "Tue, 24 Nov 2026 19:23:47 +0000"
std::string base64(std::string_view bytes);

}  // namespace sif::notifications
