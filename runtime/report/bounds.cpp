#include "runtime/report/bounds.h"

#include <algorithm>
#include <iterator>

namespace xp::rt::report {
namespace {

bool utf8_continuation(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

// The keys whose values name something exactly (a file, a hash): cutting
// them would break the link, and they are not user data of unbounded size.
bool exact_reference(const std::string& key) {
  static const char* const kExact[] = {"script", "fingerprints", "predictions"};
  return std::any_of(std::begin(kExact), std::end(kExact), [&key](const char* k) { return key == k; });
}

}  // namespace

std::string clip_text(std::string_view text, size_t max_chars) {
  if (max_chars == 0) return "";
  // The byte where character number max_chars − 1 starts (room for "…"),
  // and whether there is more than max_chars characters in all.
  size_t chars = 0, cut = std::string_view::npos;
  for (size_t i = 0; i < text.size(); ++i) {
    if (utf8_continuation(text[i])) continue;
    if (chars == max_chars - 1) cut = i;
    if (++chars > max_chars) return std::string(text.substr(0, cut)) + "…";
  }
  return std::string(text);
}

void bound_report_text(nlohmann::json& j) {
  if (j.is_string()) {
    const auto& s = j.get_ref<const std::string&>();
    if (s.size() > kReportTextMax) j = clip_text(s, kReportTextMax);  // bytes ≥ characters: a cheap first test
    return;
  }
  if (j.is_array()) {
    for (auto& e : j) bound_report_text(e);
    return;
  }
  if (j.is_object())
    for (auto it = j.begin(); it != j.end(); ++it)
      if (!exact_reference(it.key())) bound_report_text(it.value());
}

}  // namespace xp::rt::report
