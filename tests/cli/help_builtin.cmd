# help on one built-in
# exp: help adam
# exit: 0
