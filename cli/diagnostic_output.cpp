#include "cli/diagnostic_output.h"

#include <cstdio>

#include <fmt/format.h>
#include <unistd.h>

#include "compiler/render.h"

namespace xp::cli {

void print_diagnostics(const Diagnostics& diags, const SourceMap* sources, size_t from, std::FILE* to) {
  const auto& all = diags.all();
  if (from >= all.size()) return;
  static const SourceMap kNoSources;
  const SourceMap& map = sources ? *sources : kNoSources;
  RenderOptions options;
  options.color = color_wanted("auto", isatty(fileno(to)) != 0);
  Diagnostics shown = diags.tail(from);  // the slice, so that the summary counts only what was printed
  std::string text = render_text(shown, map, options);
  std::fputs(text.c_str(), to);
  if (!text.empty() && text.back() != '\n') std::fputc('\n', to);
  std::fflush(to);
}

}  // namespace xp::cli
