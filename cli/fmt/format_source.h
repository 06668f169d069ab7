#pragma once
// `exp fmt`'s one canonical layout of a script. The layout works on the
// lexer's tokens (compiler/parse/tokens.h), comments included, so nothing
// the user wrote is lost, and keeps the user's line breaks:
//   * indentation: two spaces per open `{`, `(` or `[` of the lines before
//     (one level per line that opens, however many it opens), a line that
//     starts by closing one back at its opener's level, and one more level
//     for a line continuing a statement whose previous line ended in an operator;
//   * spacing: one space around binary operators, `=`, `~`, `->` and after
//     `,` and `:`; none inside `(` `)` `[` `]`, before `,` `:` `.` `(` of a
//     call or `[` of an index, after a unary minus; `{ a }` padded inside;
//   * alignment: consecutive lines of one kind at one level (`hyper …`,
//     `param …`, `name = …` settings) line up their `=`/`~`; trailing
//     comments of a paragraph (lines between blank lines) line up two spaces
//     after its longest commented line;
//   * blank lines: at most one in a row, none at the start or the end;
//     trailing whitespace removed, one newline at the end.
// The result formats to itself, and parses to the same program.
#include <string>
#include <string_view>

namespace xp::cli {

std::string format_source(std::string_view source);

}  // namespace xp::cli
