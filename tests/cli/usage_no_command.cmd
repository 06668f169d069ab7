# no command: the usage and exit code 2
# exp: 
# exit: 2
