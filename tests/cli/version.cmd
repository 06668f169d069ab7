# --version
# exp: --version
# mask: backend
# exit: 0
