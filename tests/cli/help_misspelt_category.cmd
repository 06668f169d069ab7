# a misspelt category gets a suggestion
# exp: help optimisers
# exit: 2
