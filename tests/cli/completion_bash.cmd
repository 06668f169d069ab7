# the bash completion script, generated from the command table
# exp: completion bash
# exit: 0
