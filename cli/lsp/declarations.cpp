#include "cli/lsp/declarations.h"

#include <fmt/format.h>

namespace xp::cli::lsp {
namespace {

using Kind = Declaration::Kind;

std::string expr_text(const ast::Program& p, const SourceMap& sources, ast::ExprId id) {
  return id == ast::kNoExpr ? "" : span_text(sources, p.expr(id).span);
}

std::string shape_text(const ast::Program& p, const SourceMap& sources, const std::vector<ast::ExprId>& shape) {
  std::string out;
  for (auto id : shape) out += (out.empty() ? "" : ", ") + expr_text(p, sources, id);
  return "[" + out + "]";
}

Declaration hyper_declaration(const ast::Program& p, const SourceMap& sources, const ast::Hyper& h, Span span,
                              const std::string& owner) {
  std::string text = fmt::format("hyper {} {} {}", h.name, h.searched ? "~" : "=", expr_text(p, sources, h.value));
  if (h.condition != ast::kNoExpr) text += " if " + expr_text(p, sources, h.condition);
  return {Kind::Hyper, h.name, owner, h.name_span, span, text, {}};
}

Declaration model_declaration(const ast::Program& p, const SourceMap& sources, const ast::Model& m, Span span) {
  std::string inputs;
  Declaration d{Kind::Model, m.name, "", m.name_span, span, "", {}};
  for (const auto& in : m.inputs) {
    std::string text = in.name + ": " + (in.is_int ? "int" : shape_text(p, sources, in.shape));
    inputs += (inputs.empty() ? "" : ", ") + text;
    d.children.push_back({Kind::Input, in.name, m.name, in.name_span, in.name_span, text, {}});
  }
  d.text = fmt::format("model {}({})", m.name, inputs);
  if (m.result) d.text += " -> " + shape_text(p, sources, *m.result);
  for (const auto& item : m.items) {
    if (auto* param = std::get_if<ast::Param>(&item.node)) {
      std::string text = "param " + param->name;
      if (!param->shape.empty() || param->shape_span.valid()) text += ": " + shape_text(p, sources, param->shape);
      if (param->init != ast::kNoExpr) text += " ~ " + expr_text(p, sources, param->init);
      d.children.push_back({Kind::Param, param->name, m.name, param->name_span, item.span, text, {}});
    } else if (auto* let = std::get_if<ast::Let>(&item.node)) {
      d.children.push_back({Kind::Local, let->name, m.name, let->name_span, item.span,
                            let->name + " = " + expr_text(p, sources, let->value), {}});
    } else if (auto* h = std::get_if<ast::Hyper>(&item.node)) {
      d.children.push_back(hyper_declaration(p, sources, *h, item.span, m.name));
    }
  }
  return d;
}

Declaration block_declaration(std::string header, Span name_span, Span span) {
  return {Kind::Block, header, "", name_span, span, header, {}};
}

}  // namespace

std::string span_text(const SourceMap& sources, Span span) {
  if (span.file >= sources.size()) return "";
  const std::string& text = sources.file(span.file).text;
  if (span.begin > span.end || span.end > text.size()) return "";
  std::string out;
  for (char c : std::string_view(text).substr(span.begin, span.end - span.begin)) {
    bool space = c == ' ' || c == '\t' || c == '\n' || c == '\r';
    if (space && (out.empty() || out.back() == ' ')) continue;
    out += space ? ' ' : c;
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}

std::string_view kind_name(Kind kind) {
  switch (kind) {
    case Kind::Data: return "data";
    case Kind::Hyper: return "hyper";
    case Kind::Model: return "model";
    case Kind::Input: return "input";
    case Kind::Param: return "param";
    case Kind::Local: return "local";
    case Kind::Block: return "block";
  }
  return "";
}

std::vector<Declaration> collect_declarations(const ast::Program& p, const SourceMap& sources) {
  std::vector<Declaration> out;
  for (const auto& stmt : p.stmts) {
    const Span s = stmt.span;
    if (auto* d = std::get_if<ast::Data>(&stmt.node)) {
      out.push_back({Kind::Data, d->name, "", d->name_span, s, "data " + d->name + " = " + expr_text(p, sources, d->source), {}});
    } else if (auto* h = std::get_if<ast::Hyper>(&stmt.node)) {
      out.push_back(hyper_declaration(p, sources, *h, s, ""));
    } else if (auto* m = std::get_if<ast::Model>(&stmt.node)) {
      out.push_back(model_declaration(p, sources, *m, s));
    } else if (auto* t = std::get_if<ast::Train>(&stmt.node)) {
      out.push_back(block_declaration("train " + t->model + " on " + expr_text(p, sources, t->data), t->model_span, s));
    } else if (auto* t = std::get_if<ast::Tune>(&stmt.node)) {
      out.push_back(block_declaration(t->model.empty() ? "tune" : "tune " + t->model, t->model.empty() ? s : t->model_span, s));
    } else if (auto* r = std::get_if<ast::Report>(&stmt.node)) {
      out.push_back(block_declaration("report " + r->model, r->model_span, s));
    } else if (auto* e = std::get_if<ast::Evaluate>(&stmt.node)) {
      std::string on = e->data == ast::kNoExpr ? "" : " on " + expr_text(p, sources, e->data);
      out.push_back(block_declaration("evaluate " + e->model + on, e->model_span, s));
    } else if (auto* sp = std::get_if<ast::Split>(&stmt.node)) {
      out.push_back(block_declaration("split " + sp->data, sp->data_span, s));
    } else if (auto* sv = std::get_if<ast::Save>(&stmt.node)) {
      out.push_back(block_declaration("save " + sv->model, sv->model_span, s));
    }
  }
  return out;
}

}  // namespace xp::cli::lsp
