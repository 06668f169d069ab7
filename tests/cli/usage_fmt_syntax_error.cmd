# a script with syntax errors is not formatted: its diagnostics are printed
# exp: fmt tests/diagnostics/syntax_unclosed_paren.exp
# exit: 2
