# exp help with no name lists every built-in by category
# exp: help
# exit: 0
