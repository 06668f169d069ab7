#include "runtime/data/tokens.h"

#include <algorithm>
#include <cmath>
#include <unordered_map>

#include <fmt/format.h>

#include "runtime/data/data_errors.h"
#include "stdlib/csv_table.h"

namespace xp::rt {

std::vector<std::string> words_of(std::string_view text) {
  std::vector<std::string> out;
  std::string word;
  for (char ch : text) {
    auto c = static_cast<unsigned char>(ch);
    bool ascii_word = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (ascii_word || c >= 0x80) {
      word += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    } else if (!word.empty()) {
      out.push_back(std::move(word));
      word.clear();
    }
  }
  if (!word.empty()) out.push_back(std::move(word));
  return out;
}

std::vector<std::string> fit_vocabulary(const std::vector<const std::string*>& texts, int64_t vocab) {
  std::unordered_map<std::string, int64_t> counts;
  for (const std::string* t : texts)
    for (auto& w : words_of(*t)) ++counts[std::move(w)];
  std::vector<std::pair<std::string, int64_t>> ranked(counts.begin(), counts.end());
  std::sort(ranked.begin(), ranked.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second > b.second : a.first < b.first;
  });
  const auto keep = static_cast<size_t>(std::max<int64_t>(0, vocab - Tokens::kFirstWord));
  if (ranked.size() > keep) ranked.resize(keep);
  std::vector<std::string> out;
  out.reserve(ranked.size());
  for (auto& [w, n] : ranked) out.push_back(std::move(w));
  return out;
}

Matrix encode_text(const Tokens& t, const std::vector<std::string>& texts) {
  std::unordered_map<std::string_view, int64_t> id;
  for (size_t i = 0; i < t.words.size(); ++i) id.emplace(t.words[i], static_cast<int64_t>(i) + Tokens::kFirstWord);
  Matrix X = Matrix::Constant(static_cast<Eigen::Index>(texts.size()), static_cast<Eigen::Index>(t.length),
                              static_cast<float>(Tokens::kPad));
  for (size_t r = 0; r < texts.size(); ++r) {
    Eigen::Index at = 0;
    for (const auto& w : words_of(texts[r])) {
      if (at == X.cols()) break;  // truncated: the first `length` words
      auto it = id.find(w);
      X(static_cast<Eigen::Index>(r), at++) = static_cast<float>(it == id.end() ? Tokens::kUnknown : it->second);
    }
  }
  return X;
}

std::optional<std::vector<std::string>> read_text_column(const stdlib::csv::Source& source, const std::string& column, char sep,
                                                         const Part& part, Span at, Diagnostics& diags) {
  const std::string& path = source.path;
  stdlib::csv::ColumnText read = stdlib::csv::read_column_text(source, column, sep);
  if (read.error) {
    diags.report(data_diag::read_error(path, *read.error));
    return std::nullopt;
  }
  if (!read.found) {
    diags.report(data_diag::unknown_column(path, column, at, read.header));
    return std::nullopt;
  }
  std::vector<std::string> out;
  out.reserve(part.rows());
  for (size_t r = 0; r < part.rows(); ++r) {
    size_t row = part.origin.empty() ? r : part.origin[r];
    if (row >= read.cells.size()) {  // the file changed between the two reads
      diags.report(data_diag::schema_mismatch(path, "the file changed while it was read", "run again"));
      return std::nullopt;
    }
    out.push_back(std::move(read.cells[row]));
  }
  return out;
}

std::optional<int64_t> check_token_ids(const Matrix& X, const std::vector<std::string>& columns, int64_t vocab,
                                       const std::string& where, Span at, Diagnostics& diags) {
  int64_t largest = -1;
  for (Eigen::Index r = 0; r < X.rows(); ++r)
    for (Eigen::Index c = 0; c < X.cols(); ++c) {
      const float v = X(r, c);
      const bool whole = std::isfinite(v) && v >= 0 && v == std::floor(v) && v < static_cast<float>(Tokens::kMaxVocab);
      const std::string column = static_cast<size_t>(c) < columns.size() ? columns[static_cast<size_t>(c)] : "?";
      if (!whole) {
        diags.report(data_diag::bad_option(
            fmt::format("token ids are whole numbers from 0 to {}, but column `{}` of {} holds {} (row {})",
                        Tokens::kMaxVocab - 1, column, where, v, r + 1),
            at, "`tokens: true` reads every feature column as ids; leave other columns out with `drop:`"));
        return std::nullopt;
      }
      if (vocab > 0 && v >= static_cast<float>(vocab)) {
        diags.report(data_diag::bad_option(
            fmt::format("`vocab: {}` allows ids 0 to {}, but column `{}` of {} holds {} (row {})", vocab, vocab - 1,
                        column, where, v, r + 1),
            at, "raise `vocab:`, or leave it out: the vocabulary is then the largest id + 1"));
        return std::nullopt;
      }
      largest = std::max(largest, static_cast<int64_t>(v));
    }
  return vocab > 0 ? vocab : largest + 1;
}

}  // namespace xp::rt
