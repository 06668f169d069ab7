#include "stdlib/csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <set>
#include <system_error>

#include <sys/stat.h>

#include <fmt/format.h>

namespace xp::stdlib::csv {

namespace {
constexpr size_t kChunk = size_t{1} << 16;

bool is_newline(int c) { return c == '\n' || c == '\r'; }
}  // namespace

Reader::Reader(std::istream& in, char sep) : in_(&in), buf_(kChunk), sep_(sep) {}
Reader::~Reader() = default;

std::unique_ptr<Reader> Reader::open(const std::string& path, std::string& error, char sep) {
  // A FIFO, a device or a folder is refused before it is opened: opening a
  // FIFO blocks until a writer comes, and reading one consumes it, so the
  // checker's look would leave nothing for the run (and /dev/zero never ends).
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
    const char* what = S_ISDIR(st.st_mode)    ? "a folder"
                       : S_ISFIFO(st.st_mode) ? "a FIFO (named pipe)"
                       : S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode) ? "a device"
                       : S_ISSOCK(st.st_mode) ? "a socket"
                                              : "a special file";
    error = fmt::format("`{}` is {}, not a regular file", path, what);
    return nullptr;
  }
  auto file = std::make_unique<std::ifstream>(path, std::ios::binary);
  if (!*file) {
    error = fmt::format("cannot open `{}` for reading", path);
    return nullptr;
  }
  auto reader = std::make_unique<Reader>(*file, sep);
  reader->owned_ = std::move(file);
  return reader;
}

std::unique_ptr<Reader> Reader::over_text(std::string text, char sep) {
  auto stream = std::make_unique<std::istringstream>(std::move(text));
  auto reader = std::make_unique<Reader>(*stream, sep);
  reader->owned_ = std::move(stream);
  return reader;
}

// Refills the buffer; skips a UTF-8 byte-order mark at the very start.
// Inside a record its bytes so far are kept, moved to the front, so that
// every field of a record is a view into one buffer.
bool Reader::fill() {
  if (!*in_) return false;
  const size_t keep_from = in_record_ ? record_ : end_;
  const size_t kept = end_ - keep_from;
  if (kept > 0 && keep_from > 0) std::memmove(buf_.data(), buf_.data() + keep_from, kept);
  if (kept == buf_.size()) buf_.resize(buf_.size() * 2);  // a record longer than the buffer
  record_ -= std::min(record_, keep_from);
  in_->read(buf_.data() + kept, static_cast<std::streamsize>(buf_.size() - kept));
  end_ = kept + static_cast<size_t>(in_->gcount());
  pos_ = kept;
  unsigned char any = 0;  // one vectorised pass: are the new bytes plain ASCII?
  for (size_t i = kept; i < end_; ++i) any |= static_cast<unsigned char>(buf_[i]);
  if (any >= 0x80) ++non_ascii_chunks_;
  if (!started_) {
    started_ = true;
    if (end_ >= 3 && static_cast<unsigned char>(buf_[0]) == 0xEF &&
        static_cast<unsigned char>(buf_[1]) == 0xBB && static_cast<unsigned char>(buf_[2]) == 0xBF)
      pos_ = 3;
  }
  return pos_ < end_;
}

int Reader::peek() {
  if (pos_ >= end_ && !fill()) return -1;
  return static_cast<unsigned char>(buf_[pos_]);
}

int Reader::get() {
  int c = peek();
  if (c >= 0) {
    ++pos_;
    ++col_;
  }
  return c;
}

// Where the byte at `offset` of field `f` is in the file, and the message.
bool Reader::fail_utf8(const FieldView& f, size_t offset) {
  uint32_t line = f.line, col = f.col + (f.quoted ? 1 : 0);
  for (size_t i = 0; i < offset; ++i) {
    if (f.text[i] == '\n' || (f.text[i] == '\r' && (i + 1 == f.text.size() || f.text[i + 1] != '\n'))) {
      ++line;
      col = 1;
    } else if (f.text[i] != '\r') {
      ++col;
    }
  }
  return fail(fmt::format("byte 0x{:02X} is not valid UTF-8 (the file must be UTF-8 text)",
                          static_cast<unsigned char>(f.text[offset])),
              line, col);
}

bool Reader::fail(std::string message, uint32_t line, uint32_t col) {
  error_ = Error{std::move(message), line, col};
  return false;
}

// Moves past an unquoted field (starting `offset` bytes into the record) up
// to the separator or the end of the line, a buffer's run at a time (the
// byte-by-byte peek/get was 45 % of loading a numeric file); the field stays
// in the buffer. False when it passes kMaxFieldBytes.
bool Reader::scan_unquoted(size_t offset) {
  for (;;) {
    if (pos_ >= end_ && !fill()) return true;
    const char* begin = buf_.data() + pos_;
    const char* end = buf_.data() + end_;
    const char* p = begin;
    while (p < end && *p != sep_ && *p != '\n' && *p != '\r') ++p;
    const auto n = static_cast<size_t>(p - begin);
    if (pos_ + n - record_ - offset > kMaxFieldBytes) return false;
    pos_ += n;
    col_ += static_cast<uint32_t>(n);
    if (p < end) return true;  // stopped at a separator or a line end
  }
}

std::string_view Reader::text_of(size_t field) const {
  const Span& s = spans_[field];
  if (s.quoted) return scratch_[field];
  return {buf_.data() + record_ + s.offset, s.size};
}

bool Reader::next(std::vector<Field>& fields) {
  if (!next(views_)) return false;
  fields.resize(views_.size());
  for (size_t i = 0; i < views_.size(); ++i) {
    fields[i].text.assign(views_[i].text);
    fields[i].line = views_[i].line;
    fields[i].col = views_[i].col;
    fields[i].quoted = views_[i].quoted;
  }
  return true;
}

bool Reader::next(std::vector<FieldView>& fields) {
  if (error_) return false;
  // Skip blank lines between records.
  for (;;) {
    int c = peek();
    if (c < 0) return false;
    if (!is_newline(c)) break;
    get();
    if (c == '\r' && peek() == '\n') get();
    advance_line();
  }
  record_line_ = line_;
  record_ = pos_;
  in_record_ = true;
  const bool ok = read_record();
  in_record_ = false;
  if (!ok) return false;
  fields.resize(fields_);
  for (size_t i = 0; i < fields_; ++i) {
    const Span& s = spans_[i];
    fields[i] = FieldView{text_of(i), s.line, s.col, s.quoted};
  }
  return true;
}

// record  := field (sep field)* newline?        (sep: ',' unless the caller chose another)
// field   := '"' (char | '""' | newline)* '"' spaces? | unquoted-char*
bool Reader::read_record() {
  size_t count = 0;
  for (;;) {
    if (count == kMaxColumns) return fail(fmt::format("more than {} fields in one record", kMaxColumns), line_, col_);
    if (count == spans_.size()) spans_.emplace_back();
    const size_t at = count++;
    Span& f = spans_[at];
    f.line = line_;
    f.col = col_;
    f.quoted = peek() == '"';
    if (f.quoted) {
      if (scratch_.size() <= at) scratch_.resize(at + 1);
      std::string& text = scratch_[at];
      text.clear();
      get();
      for (;;) {
        int c = get();
        if (c < 0) return fail("unclosed quoted field (the opening quote is here)", f.line, f.col);
        if (c == '"') {
          if (peek() != '"') break;
          get();
        } else if (c == '\r' || c == '\n') {
          text.push_back(static_cast<char>(c));
          if (c == '\r' && peek() == '\n') text.push_back(static_cast<char>(get()));
          advance_line();
          continue;
        }
        if (text.size() >= kMaxFieldBytes)
          return fail(fmt::format("field longer than {} bytes", kMaxFieldBytes), f.line, f.col);
        text.push_back(static_cast<char>(c));
      }
      while ((peek() == ' ' || peek() == '\t') && peek() != sep_) get();
      int c = peek();
      if (c >= 0 && c != sep_ && !is_newline(c))
        return fail("unexpected text after a closing quote (a quote inside a quoted field is written \"\")",
                    line_, col_);
    } else {
      f.offset = pos_ - record_;
      if (!scan_unquoted(f.offset))
        return fail(fmt::format("field longer than {} bytes", kMaxFieldBytes), f.line, f.col);
      f.size = pos_ - record_ - f.offset;
    }
    // While every chunk read so far is ASCII, so is the field: valid UTF-8 without a look.
    if (non_ascii_chunks_ > 0) {
      const std::string_view text = text_of(at);
      if (auto bad = invalid_utf8(text)) return fail_utf8(FieldView{text, f.line, f.col, f.quoted}, *bad);
    }
    int c = get();
    if (c == sep_) continue;
    if (c == '\r' && peek() == '\n') get();
    if (c >= 0) advance_line();
    break;
  }
  fields_ = count;
  return true;
}

// ---- separators ------------------------------------------------------------------------------

std::optional<char> parse_separator(std::string_view text) {
  if (text.size() == 1 && kSeparators.find(text[0]) != std::string_view::npos) return text[0];
  return std::nullopt;
}

std::string separator_text(char sep) { return sep == '\t' ? "\\t" : std::string(1, sep); }

std::string separator_hint(const std::vector<std::string>& header, SeparatorAdvice as) {
  if (header.size() != 1) return "";
  struct Name { const char *one, *many; };
  static constexpr Name kNames[] = {{"comma", "commas"}, {"semicolon", "semicolons"}, {"tab", "tabs"}, {"pipe", "pipes"}};
  static_assert(std::size(kNames) == kSeparators.size());
  size_t best = 0, best_count = 0;
  for (size_t i = 0; i < kSeparators.size(); ++i) {
    auto n = static_cast<size_t>(std::count(header[0].begin(), header[0].end(), kSeparators[i]));
    if (n > best_count) best = i, best_count = n;
  }
  if (best_count == 0) return "";
  char sep = kSeparators[best];
  // A script's default is a comma; a prediction file's is the training file's separator.
  const bool script = as == SeparatorAdvice::Script;
  return fmt::format("the header was read as one column, but it holds {} {}: if the file is separated by {}, "
                     "{} `{}\"{}\"`{}",
                     best_count, best_count == 1 ? kNames[best].one : kNames[best].many, kNames[best].many,
                     script ? "write" : "pass", script ? "sep: " : "--sep ", separator_text(sep),
                     script && sep == ',' ? " (the default, so leave `sep:` out)" : "");
}

// ---- value helpers ---------------------------------------------------------------------------

std::optional<size_t> invalid_utf8(std::string_view s) {
  // Most cells are ASCII: one pass the compiler vectorises says so.
  unsigned char any = 0;
  for (char ch : s) any |= static_cast<unsigned char>(ch);
  if (any < 0x80) return std::nullopt;
  auto byte = [&](size_t i) { return static_cast<unsigned char>(s[i]); };
  size_t i = 0;
  while (i < s.size()) {
    unsigned char c = byte(i);
    if (c < 0x80) {
      ++i;
      continue;
    }
    size_t len = 0;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte (no overlongs, no surrogates)
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c == 0xE0) len = 3, lo = 0xA0;
    else if (c >= 0xE1 && c <= 0xEC) len = 3;
    else if (c == 0xED) len = 3, hi = 0x9F;
    else if (c >= 0xEE && c <= 0xEF) len = 3;
    else if (c == 0xF0) len = 4, lo = 0x90;
    else if (c >= 0xF1 && c <= 0xF3) len = 4;
    else if (c == 0xF4) len = 4, hi = 0x8F;
    else return i;
    if (i + 1 >= s.size() || byte(i + 1) < lo || byte(i + 1) > hi) return i;
    for (size_t k = 2; k < len; ++k)
      if (i + k >= s.size() || (byte(i + k) & 0xC0) != 0x80) return i;
    i += len;
  }
  return std::nullopt;
}

std::string_view trim_blanks(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

namespace {

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}
}  // namespace

bool is_missing(std::string_view text) {
  text = trim_blanks(text);
  if (text.size() > 4) return false;  // the longest spelling is "null": most text cells stop here
  for (std::string_view m : {"", "na", "n/a", "nan", "null", "?"})
    if (iequals(text, m)) return true;
  return false;
}

namespace {
// The common cell `-12.345` (at most 15 digits, no exponent) without
// from_chars: its digits as an integer m < 2^53 and a power of ten 10^k with
// k <= 22 are both exact doubles, so m / 10^k is the correctly rounded value —
// bit for bit what from_chars gives (Clinger's fast path). nullopt: not of
// that form, the general parser decides.
std::optional<double> simple_decimal(std::string_view text) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
                                      1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
  size_t i = 0;
  const bool negative = !text.empty() && text[0] == '-';
  if (negative) ++i;
  uint64_t m = 0;
  int digits = 0, fraction = 0;
  bool point = false, any = false;
  for (; i < text.size(); ++i) {
    char c = text[i];
    if (c >= '0' && c <= '9') {
      if (++digits > 15) return std::nullopt;
      m = m * 10 + static_cast<uint64_t>(c - '0');
      fraction += point ? 1 : 0;
      any = true;
    } else if (c == '.' && !point) {
      point = true;
    } else {
      return std::nullopt;
    }
  }
  if (!any) return std::nullopt;
  double v = static_cast<double>(m) / kPow10[fraction];
  return negative ? -v : v;
}
}  // namespace

std::optional<double> parse_number(std::string_view text) {
  text = trim_blanks(text);
  if (!text.empty() && text.front() == '+') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  if (auto v = simple_decimal(text)) return v;
  // A finite number starts with a digit or a point after its sign: text
  // cells ("Lisbon", "yes") are refused here, without from_chars.
  const char lead = text.size() > 1 && text[0] == '-' ? text[1] : text[0];
  if (!(lead >= '0' && lead <= '9') && lead != '.') return std::nullopt;
  double v = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || end != text.data() + text.size() || !std::isfinite(v)) return std::nullopt;
  return v;
}

namespace {
template <class Fields>
Error ragged_fields(const Fields& fields, size_t header_width, uint32_t line) {
  std::string message = fmt::format("this row has {} field{} but the header has {}", fields.size(),
                                    fields.size() == 1 ? "" : "s", header_width);
  if (fields.size() > header_width) return Error{message, fields[header_width].line, fields[header_width].col};
  return Error{message, line, 0};
}
}  // namespace

Error ragged_row(const std::vector<Field>& fields, size_t header_width, uint32_t line) {
  return ragged_fields(fields, header_width, line);
}
Error ragged_row(const std::vector<FieldView>& fields, size_t header_width, uint32_t line) {
  return ragged_fields(fields, header_width, line);
}

bool is_numeric_column(size_t number_cells, size_t non_missing_cells) {
  return number_cells * 2 > non_missing_cells || non_missing_cells == 0;
}

std::string canonical_number(double v) {
  if (v == std::floor(v) && std::abs(v) < 1e15) return fmt::format("{}", static_cast<long long>(v));
  return fmt::format("{}", v);
}

std::string level_text(std::string_view cell) {
  cell = trim_blanks(cell);
  if (auto v = parse_number(cell)) return canonical_number(*v);
  return std::string(cell);
}

namespace {
// A cell a spreadsheet would run as a formula (OWASP "CSV injection"): one
// starting with = + - @ tab or CR that is not simply a number (-0.5 stays a number).
bool formula_like(std::string_view text) {
  if (text.empty() || std::string_view("=+-@\t\r").find(text.front()) == std::string_view::npos) return false;
  std::string s(text);
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return !(end == s.c_str() + s.size() && end != s.c_str());
}
}  // namespace

std::string field(std::string_view text) {
  std::string cell = formula_like(text) ? "'" + std::string(text) : std::string(text);
  if (cell.find_first_of(",\"\n\r") == std::string::npos) return cell;
  std::string out = "\"";
  for (char c : cell) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace xp::stdlib::csv
