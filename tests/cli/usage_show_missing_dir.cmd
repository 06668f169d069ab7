# show without its RUN_DIR
# exp: show
# exit: 2
