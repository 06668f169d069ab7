# show a folder that does not exist
# exp: show runs/none
# exit: 2
