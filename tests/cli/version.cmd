# --version
# exp: --version
# exit: 0
