# a shell exp cannot complete for
# exp: completion powershell
# exit: 2
