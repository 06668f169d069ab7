#include "compiler/imports.h"

#include <algorithm>
#include <filesystem>
#include <regex>
#include <fstream>
#include <set>
#include <sstream>

#include "base/folder_names.h"
#include "compiler/parse_program.h"
#include "compiler/parse/syntax_errors.h"
#include "stdlib/builtins.h"

namespace xp {
namespace fs = std::filesystem;
namespace {

std::string canonical_key(const fs::path& p) {
  std::error_code ec;
  fs::path c = fs::weakly_canonical(p, ec);
  return (ec ? p : c).string();
}

std::vector<std::string> std_modules() {
  std::vector<std::string> names;
  std::error_code ec;
  for (const auto& file : folder_names(fs::path(stdlib::data_dir()) / "std", ec))
    if (fs::path(file).extension() == ".exp") names.push_back("std." + fs::path(file).stem().string());
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace

std::optional<StdModelDoc> std_model_doc(std::string_view model) {
  static const std::regex declaration(R"(^model\s+([A-Za-z_][A-Za-z0-9_]*)\s*\()");
  for (const auto& module : std_modules()) {
    std::ifstream in(fs::path(stdlib::data_dir()) / "std" / (module.substr(4) + ".exp"));
    std::string line, doc;
    std::smatch m;
    while (std::getline(in, line)) {
      if (line.rfind("#", 0) == 0) {  // a comment line: part of the next model's doc, if one follows
        const size_t text = std::min(line.find_first_not_of("# "), line.size());
        doc += (doc.empty() ? "" : " ") + line.substr(text);
        continue;
      }
      if (std::regex_search(line, m, declaration) && m[1].str() == model) {
        std::string signature = line.substr(0, line.rfind('{'));
        signature.erase(signature.find_last_not_of(' ') + 1);
        return StdModelDoc{module, signature, doc};
      }
      doc.clear();
    }
  }
  return std::nullopt;
}

std::optional<std::string> std_module_defining(std::string_view model) {
  auto found = std_model_doc(model);
  return found ? std::optional<std::string>(found->module) : std::nullopt;
}

namespace {

class Importer {
 public:
  Importer(ast::Program& program, SourceMap& sources, Diagnostics& diags)
      : program_(program), sources_(sources), diags_(diags) {}

  std::vector<ast::Stmt> load(uint32_t file) {
    chain_.push_back(canonical_key(sources_.file(file).path));
    done_.insert(chain_.back());
    size_t first = program_.stmts.size();
    parse_into(program_, sources_, file, diags_);
    std::vector<ast::Stmt> own(std::make_move_iterator(program_.stmts.begin() + first),
                               std::make_move_iterator(program_.stmts.end()));
    program_.stmts.resize(first);
    std::vector<ast::Stmt> merged;
    for (auto& stmt : own) {
      if (auto* import = std::get_if<ast::Import>(&stmt.node)) {
        auto imported = follow(*import, file);
        std::move(imported.begin(), imported.end(), std::back_inserter(merged));
      }
      merged.push_back(std::move(stmt));
    }
    chain_.pop_back();
    return merged;
  }

 private:
  std::vector<ast::Stmt> follow(const ast::Import& import, uint32_t from) {
    std::optional<fs::path> path = locate(import, from);
    if (!path) return {};
    std::string key = canonical_key(*path);
    if (std::find(chain_.begin(), chain_.end(), key) != chain_.end()) {
      std::vector<std::string> cycle(std::find(chain_.begin(), chain_.end(), key), chain_.end());
      cycle.push_back(key);
      for (auto& c : cycle) c = fs::path(c).filename().string();
      diags_.report(diag::import_cycle(import.target_span, cycle));
      return {};
    }
    if (done_.count(key)) return {};  // already imported elsewhere: its definitions are in
    std::optional<std::string> text = read_script(path->string(), kMaxScriptBytes, diags_);
    if (!text) return {};
    return load(sources_.add(path->string(), std::move(*text)));
  }

  // Where an import points; reports and returns nullopt if there is nothing there.
  std::optional<fs::path> locate(const ast::Import& import, uint32_t from) {
    std::error_code ec;
    if (!import.is_path) {
      std::string name = import.target;
      if (name.rfind("std.", 0) == 0) {
        std::string rest = name.substr(4);
        std::replace(rest.begin(), rest.end(), '.', '/');
        fs::path p = fs::path(stdlib::data_dir()) / "std" / (rest + ".exp");
        if (fs::is_regular_file(p, ec)) return p;
      }
      diags_.report(diag::unknown_std_module(import.target_span, name, std_modules()));
      return std::nullopt;
    }
    fs::path p = fs::path(sources_.file(from).path).parent_path() / import.target;
    if (fs::is_regular_file(p, ec)) return p;
    diags_.report(diag::import_not_found(import.target_span, import.target, p.string()));
    return std::nullopt;
  }

  ast::Program& program_;
  SourceMap& sources_;
  Diagnostics& diags_;
  std::vector<std::string> chain_;  // files being imported, outermost first
  std::set<std::string> done_;
};

}  // namespace

void parse_with_imports(ast::Program& program, SourceMap& sources, uint32_t file, Diagnostics& diags) {
  program.file = file;
  program.stmts = Importer(program, sources, diags).load(file);
}

std::optional<std::string> read_script(const std::string& path, size_t limit, Diagnostics& diags) {
  std::error_code ec;
  if (!fs::exists(path, ec)) {
    diags.report(diag::file_unreadable(path, "no such file"));
    return std::nullopt;
  }
  if (fs::is_directory(path, ec)) {
    diags.report(diag::file_unreadable(path, "it is a directory"));
    return std::nullopt;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    diags.report(diag::file_unreadable(path, "permission denied or unreadable"));
    return std::nullopt;
  }
  std::string text;
  char buffer[1 << 16];
  while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
    text.append(buffer, static_cast<size_t>(in.gcount()));
    if (text.size() > limit) {  // measured while reading: works for pipes and growing files too
      diags.report(diag::file_too_large(path, text.size(), limit));
      return std::nullopt;
    }
  }
  return text;
}

}  // namespace xp
