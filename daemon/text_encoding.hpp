// Character encodings of uploaded text (the CSV import): UTF-8 validation and the Windows-1252
// to UTF-8 conversion, so that whatever encoding a file came in, sif stores and answers UTF-8.
//
// GIAS extracts are published in Windows-1252; spreadsheets save UTF-8 with or without a BOM.
// Detection (TextEncoding::kAuto): a UTF-8 BOM or text that is valid UTF-8 is UTF-8; anything
// else is taken as Windows-1252, which can decode every byte. ISO-8859-1 is read as Windows-1252,
// as the WHATWG Encoding Standard does: the two agree except at 0x80-0x9F, where ISO-8859-1 has
// only C1 control characters and files labelled ISO-8859-1 almost always mean Windows-1252's
// punctuation (0x92 is a right single quote in "St Mary’s"). The five bytes Windows-1252 leaves
// undefined (0x81 0x8D 0x8F 0x90 0x9D) map to the C1 controls of the same value (WHATWG).
//
// Thread-safety: pure functions.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "workflows/result.hpp"

namespace sif::daemon {

enum class TextEncoding {
  kAuto,         // detect: UTF-8 when the text is valid UTF-8, else Windows-1252
  kUtf8,         // UTF-8, with or without a byte-order mark
  kWindows1252,  // Windows-1252 (and ISO-8859-1, read as Windows-1252)
};

// "auto", "utf-8", "windows-1252"
const char* to_string(TextEncoding e);

// The `encoding` parameter: auto, utf-8 (utf8), windows-1252 (cp1252), iso-8859-1 (latin1),
// case-insensitive. kInvalidInput naming the accepted values otherwise.
workflows::Result<TextEncoding> parse_text_encoding(std::string_view name);

// Offset of the first byte that does not start a well-formed UTF-8 sequence (overlong forms,
// surrogates and code points above U+10FFFF are ill-formed), or npos when all of `text` is UTF-8.
std::size_t find_invalid_utf8(std::string_view text);

// Every byte decoded as Windows-1252, written as UTF-8. Cannot fail.
std::string windows1252_to_utf8(std::string_view bytes);

struct DecodedText {
  std::string utf8;       // the text as UTF-8, without a byte-order mark
  TextEncoding encoding;  // what it was decoded from: kUtf8 or kWindows1252, never kAuto
};

// Decodes uploaded bytes as `asked` says. Fails (kInvalidInput, details "line N") when `asked`
// is kUtf8 and the text is not UTF-8 (the message names the line and byte), when a UTF-8 BOM
// contradicts an explicit Windows-1252, and for UTF-16 (a UTF-16 byte-order mark), which sif
// does not read.
workflows::Result<DecodedText> decode_text(std::string_view bytes, TextEncoding asked);

}  // namespace sif::daemon
